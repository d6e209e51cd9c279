#!/usr/bin/env node
// Launcher for the `workbench` CLI. It runs on whatever Node started it (possibly an old system Node),
// finds a Node >= 24 (this one, or the project's pinned node@24), and starts the TypeScript CLI on it with
// the process flags the supervisor needs: no SIGUSR1 inspector activation, no type-stripping warning.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { node24, root } from './node24.mjs';

const node = node24;
if (!existsSync(node)) {
  process.stderr.write(
    `workbench: needs Node.js >= 24 (this is ${process.version}) and found none at ${node}. Run \`npm install\` in ${root} (it installs node@24), or set WORKBENCH_NODE.\n`,
  );
  process.exit(1);
}
const child = spawn(
  node,
  [
    '--disable-sigusr1',
    '--disable-warning=ExperimentalWarning',
    `${root}electron/host/cli/main.ts`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 1 : 1)));
