/**
 * Files the guest bootstraps consist of, computed here (never imported across the process boundary) and
 * handed to the host that spawns them.
 */
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Evaluator } from '../../electron/common/run/driver-id.ts';

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
const requireHere = createRequire(import.meta.url);

/**
 * From the checkout the bootstraps run as TypeScript sources; in the app they are bundles that
 * electron.vite.config.ts builds into one folder (out/main: host.js, thread-entry.js, child-entry.js and
 * their shared chunks), and this module is itself inside one of them.
 */
const BUILT = !import.meta.url.endsWith('.ts');

export const THREAD_ENTRY = BUILT ? here('./thread-entry.js') : here('./thread-entry.ts');
export const CHILD_ENTRY = BUILT ? here('./child-entry.js') : here('./child-entry.ts');

/**
 * Modules the child bootstrap imports at run time. Under the Permission Model the child gets read access
 * to exactly these (the entry file itself is always readable). A test runs the child with a jail-only
 * policy under every evaluator, so a new import that is not listed here fails it. Built, they are the
 * bundle folder: the app's own published code, nothing secret.
 */
export const CHILD_BOOTSTRAP_MODULES: readonly string[] = BUILT
  ? [here('./').replace(/[\\/]$/, '')]
  : [
      here('./runtime.ts'),
      here('./run-guest.ts'),
      here('./evaluators/index.ts'),
      here('../../electron/common/protocol/framing.ts'),
      here('../../electron/common/protocol/safe-json.ts'),
    ];

/** The evaluator's own module and the npm packages it loads. */
const EVALUATOR_FILES: Readonly<Record<Exclude<Evaluator, 'plain'>, { module: string; packages: readonly string[] }>> =
  {
    vm: { module: './evaluators/vm.ts', packages: [] },
    'isolated-vm': { module: './evaluators/isolated-vm.ts', packages: ['isolated-vm', 'node-gyp-build'] },
    quickjs: {
      module: './evaluators/quickjs.ts',
      packages: ['quickjs-emscripten-core', '@jitl/quickjs-ffi-types', '@jitl/quickjs-ng-wasmfile-release-sync'],
    },
    // The CommonJS build of ses is one file with no dependencies.
    ses: { module: './evaluators/ses.ts', packages: ['ses'] },
    vm2: { module: './evaluators/vm2.ts', packages: ['vm2', 'acorn', 'acorn-walk'] },
    'vm2-3.9.17': { module: './evaluators/vm2.ts', packages: ['vm2-3.9.17', 'acorn', 'acorn-walk'] },
  };

/** A package's folder, found from its entry point (not every package exports its package.json). */
function packageDir(name: string): string | undefined {
  let entry: string;
  try {
    entry = requireHere.resolve(name);
  } catch {
    return undefined;
  }
  const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}`;
  const at = entry.lastIndexOf(marker);
  return at < 0 ? undefined : entry.slice(0, at + marker.length);
}

export interface ChildBootstrap {
  readonly entry: string;
  /** Files and folders the child must read to start this evaluator (granted read-only). */
  readonly modules: readonly string[];
  /** The evaluator loads a native addon: the Permission Model must allow addons. */
  readonly needsAddons: boolean;
}

/**
 * Paths Node's package resolution reads on its way from an evaluator module to its packages: every
 * `node_modules` folder from the module's folder up to the project root (most do not exist; a denied read
 * would stop the search), and the project's package.json (checked for a self-reference).
 */
function resolutionPaths(module: string): string[] {
  const root = here('../../');
  const out = [join(root, 'package.json')];
  for (let dir = dirname(module); dir.startsWith(root) && dir.length >= root.length - 1; dir = dirname(dir)) {
    out.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) break;
  }
  return out;
}

/**
 * Files node-gyp-build looks at before loading a prebuilt addon (it asks whether this is Alpine Linux).
 * Reading them tells the guest nothing it could not learn otherwise.
 */
const ADDON_LOADER_PROBES: readonly string[] = process.platform === 'linux' ? ['/etc/alpine-release'] : [];

export function childBootstrap(evaluator: Evaluator): ChildBootstrap {
  if (evaluator === 'plain') return { entry: CHILD_ENTRY, modules: CHILD_BOOTSTRAP_MODULES, needsAddons: false };
  const files = EVALUATOR_FILES[evaluator];
  const module = BUILT ? CHILD_ENTRY : here(files.module);
  const packages = files.packages.map(packageDir).filter((p): p is string => p !== undefined);
  const needsAddons = evaluator === 'isolated-vm';
  return {
    entry: CHILD_ENTRY,
    modules: [
      ...CHILD_BOOTSTRAP_MODULES,
      module,
      ...packages,
      ...(packages.length > 0 ? resolutionPaths(module) : []),
      ...(needsAddons ? ADDON_LOADER_PROBES : []),
    ],
    needsAddons,
  };
}
