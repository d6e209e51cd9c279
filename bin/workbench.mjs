#!/usr/bin/env node
// Launcher for the `workbench` CLI. It runs on whatever Node started it (possibly an old system Node) and
// finds a Node >= 24 (this one, or the project's pinned node@24). On Node >= 24 it loads the built CLI
// (out/node/cli.js, rebuilt when the sources changed) into this same process: one Node start, not two.
// Otherwise it becomes the CLI on the pinned Node with the process flags the supervisor needs.
// become.mjs is imported first: its SIGUSR1 listener keeps the inspector closed from the first instruction
// (a Node with a SIGUSR1 listener does not open it; measured on 20.20 and 24.21).
import { become } from './become.mjs';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { node24, root } from './node24.mjs';
import { programFile } from './node-bundle.mjs';

if (!existsSync(node24)) {
  process.stderr.write(
    `workbench: needs Node.js >= 24 (this is ${process.version}) and found none at ${node24}. Run \`npm install\` in ${root} (it installs node@24), or set WORKBENCH_NODE.\n`,
  );
  process.exit(1);
}
const program = await programFile('cli');
if (node24 === process.execPath && program.endsWith('.js')) {
  await import(pathToFileURL(program).href);
} else {
  become(node24, ['--disable-sigusr1', '--disable-warning=ExperimentalWarning', program, ...process.argv.slice(2)]);
}
