#!/usr/bin/env node
// Launcher for the `workbench` CLI. It runs on whatever Node started it (possibly an old system Node),
// finds a Node >= 24 (this one, or the project's pinned node@24), and becomes the TypeScript CLI on it with
// the process flags the supervisor needs: no SIGUSR1 inspector activation, no type-stripping warning.
// become.mjs is imported first: its SIGUSR1 listener is in place before anything else runs.
import { become } from './become.mjs';
import { existsSync } from 'node:fs';
import { node24, root } from './node24.mjs';

if (!existsSync(node24)) {
  process.stderr.write(
    `workbench: needs Node.js >= 24 (this is ${process.version}) and found none at ${node24}. Run \`npm install\` in ${root} (it installs node@24), or set WORKBENCH_NODE.\n`,
  );
  process.exit(1);
}
become(node24, [
  '--disable-sigusr1',
  '--disable-warning=ExperimentalWarning',
  `${root}electron/host/cli/main.ts`,
  ...process.argv.slice(2),
]);
