#!/usr/bin/env node
// `npm start`: starts the desktop app when it can. The Electron binary is fetched by Electron's own
// install step, from outside the npm registry, so it can be missing; then this says so in one paragraph
// and starts browser mode instead (the same UI, served on 127.0.0.1), rather than failing with a stack trace.
// Either way this launcher becomes that program (become.mjs, imported first for its SIGUSR1 listener).
import { become } from './become.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { node24, root } from './node24.mjs';
import { programFile } from './node-bundle.mjs';

const require = createRequire(import.meta.url);
const node = node24;

function electronBinary() {
  // Electron's index downloads the binary on first require when it is missing; look before asking it.
  if (!existsSync(`${root}node_modules/electron/path.txt`))
    return { why: 'node_modules/electron has no binary (path.txt is missing)' };
  try {
    return { path: require('electron') };
  } catch (error) {
    return { why: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

const electron = electronBinary();
if (electron.path && existsSync(electron.path)) {
  if (!existsSync(`${root}out/main/index.js`)) {
    const built = spawnSync(node, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  become(electron.path, [root]);
} else {
  process.stdout.write(
    [
      'Sandbox Workbench: the desktop app cannot start because the Electron binary is not installed',
      `(${electron.why ?? 'not found'}). Electron downloads it in its own install step from outside the npm`,
      'registry; on a machine with internet access, `npm install` followed by `npm start` gets it (or run',
      '`npx install-electron`). Starting browser mode instead: the same workbench, served on 127.0.0.1 —',
      'open the address below. Ctrl+C stops it.',
      '',
    ].join('\n'),
  );
  // Built (out/node/web.js, rebuilt when the sources changed) and, on Node >= 24, in this same process.
  const program = await programFile('web');
  if (node === process.execPath && program.endsWith('.js')) await import(pathToFileURL(program).href);
  else become(node, ['--disable-sigusr1', '--disable-warning=ExperimentalWarning', program, ...process.argv.slice(2)]);
}
