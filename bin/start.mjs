#!/usr/bin/env node
// `npm start`: starts the desktop app when it can. The Electron binary cannot always be downloaded (it is
// fetched by Electron's install script, outside the npm registry), so when it is missing this says so in one
// paragraph and offers what works instead, rather than failing with a stack trace.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return { path: require('electron') };
  } catch (error) {
    return { why: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

const electron = electronBinary();
if (electron.path) {
  const r = spawnSync(electron.path, [root], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

process.stdout.write(
  [
    'Sandbox Workbench: the desktop app cannot start here, because the Electron binary is not installed',
    `(${electron.why}). Electron downloads its binary in its own install step, from outside the npm registry;`,
    'on a machine with internet access, `npm install` followed by `npm start` gets it. The desktop UI and the',
    'browser mode (`npm run web`, the same UI in your browser) are being built in issue #5. Everything the app',
    'runs is available now from the command line, with the same engine:',
    '',
    '  npx workbench drivers                       # what each isolation driver enforces on this machine',
    '  echo "1+1" | npx workbench run - --driver process',
    '',
    'The drivers on this machine:',
    '',
  ].join('\n'),
);
const r = spawnSync(process.execPath, [`${root}bin/workbench.mjs`, 'drivers'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
