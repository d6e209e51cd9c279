// The built Node side of the workbench (out/node, scripts/build-node.mjs): where it is, whether it is the
// build of the sources as they are now, and how to make it. Plain JavaScript: the launchers run it on
// whatever Node started them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE_DIR = join(root, 'out', 'node');
const STAMP = 'build.json';

/** Entry name → source. The folder is flat: host.js finds thread-entry.js and child-entry.js as siblings. */
const ENTRIES = {
  cli: 'electron/host/cli/main.ts',
  web: 'electron/host/web/main.ts',
  host: 'workers/host/main.ts',
  'thread-entry': 'workers/guest/thread-entry.ts',
  'child-entry': 'workers/guest/child-entry.ts',
  blast: 'workers/blast/main.ts',
};
/**
 * Loaded at run time from node_modules, never bundled: native and WASM engines, and their loaders; the
 * ecosystem's sandboxes (ses, vm2 — which reads its own files at run time — and its aliases) are required by
 * name from evaluators/ses.ts and vm2.ts, so the package the capability table names is the one that runs.
 */
const EXTERNAL = [/^isolated-vm/, /^quickjs-emscripten-core/, /^@jitl\//, /^ws$/, /^electron$/, /^ses$/, /^vm2(-|$)/];
const SOURCE_DIRS = ['electron', 'workers'];

/**
 * What the bundle was built from: every TypeScript source's path, size and modification time (tests
 * excluded), hashed. Cheap (one stat per file, ~300 files), and any edit, added or removed file changes it.
 */
export function sourceFingerprint() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const s = statSync(path);
        hash.update(`${relative(root, path)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex');
}

/** The bundle folder when it was built from the sources as they are now; else undefined. */
export function freshBundle() {
  try {
    const stamp = JSON.parse(readFileSync(join(BUNDLE_DIR, STAMP), 'utf8'));
    return stamp.fingerprint === sourceFingerprint() && existsSync(join(BUNDLE_DIR, 'cli.js')) ? BUNDLE_DIR : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds the bundle into a private folder and moves it into place, so a process reading out/node never sees
 * half a build. Two builders at once: the second move fails and its build is dropped (both are the same).
 * Needs rolldown (a devDependency); throws when it is missing.
 */
export async function buildNodeBundle() {
  const fingerprint = sourceFingerprint();
  const { rolldown } = await import('rolldown');
  const staging = `${BUNDLE_DIR}.${process.pid}.${Date.now()}`;
  const input = Object.fromEntries(Object.entries(ENTRIES).map(([name, source]) => [name, join(root, source)]));
  const bundle = await rolldown({ input, platform: 'node', external: EXTERNAL, logLevel: 'warn' });
  try {
    await bundle.write({
      dir: staging,
      format: 'esm',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunk-[name]-[hash].js',
    });
  } finally {
    await bundle.close();
  }
  writeFileSync(join(staging, STAMP), `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`);
  // The bundle is ES modules in .js files. Node before 22.7 has no syntax detection and, under the Permission
  // Model, a guest could not read the checkout's package.json: this one, inside the folder a child guest may
  // read, says so for every Node release (measured: 20.11.0's child bootstrap failed without it).
  writeFileSync(join(staging, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(root, 'out'), { recursive: true });
  const old = `${BUNDLE_DIR}.old.${process.pid}`;
  try {
    if (existsSync(BUNDLE_DIR)) renameSync(BUNDLE_DIR, old);
    renameSync(staging, BUNDLE_DIR);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  return BUNDLE_DIR;
}

/**
 * The file to run for one of the bundle's programs (`cli`, `web`): the built one, rebuilt first when the
 * sources changed since (a second or less); the TypeScript source when it cannot be built here (no rolldown:
 * an install without devDependencies), saying so once on stderr.
 * @param {'cli' | 'web'} name
 */
export async function programFile(name) {
  if (freshBundle() === undefined) {
    const why = existsSync(join(BUNDLE_DIR, STAMP)) ? 'the sources changed since it was built' : 'it is not built yet';
    process.stderr.write(`workbench: building the Node bundle (${why})…\n`);
    try {
      await buildNodeBundle();
    } catch (error) {
      process.stderr.write(
        `workbench: cannot build it (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); running the TypeScript sources instead\n`,
      );
      return join(root, ENTRIES[name]);
    }
  }
  return join(BUNDLE_DIR, `${name}.js`);
}
