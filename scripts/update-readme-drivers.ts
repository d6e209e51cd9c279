/**
 * `npm run docs:drivers`: regenerate the README's driver table from `workbench drivers --json`, so the
 * table is what the engine declares and what this machine can run, with the Node version and date.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { capabilityTableMarkdown, replaceTable, type DriversJson } from '../electron/host/cli/capability-table.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const json = execFileSync(process.execPath, [`${root}bin/workbench.mjs`, 'drivers', '--json'], { encoding: 'utf8' });
const listing = JSON.parse(json) as DriversJson;
const readmePath = `${root}README.md`;
const date = new Date().toISOString().slice(0, 10);
writeFileSync(readmePath, replaceTable(readFileSync(readmePath, 'utf8'), capabilityTableMarkdown(listing, date)));
process.stdout.write(`README.md driver table regenerated (${listing.drivers.length} drivers, Node ${listing.node}).\n`);
