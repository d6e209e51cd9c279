#!/usr/bin/env node
/**
 * `npm run screenshots`: copy the screenshots the end-to-end tests took (out/screenshots, written by every
 * `npm test`) into docs/screenshots, which the README shows. Run it after looking at them: a test run alone
 * never changes the checkout. Copies only the names docs/screenshots has, unless `--all` is given.
 */
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const from = join(root, 'out', 'screenshots');
const to = join(root, 'docs', 'screenshots');
const all = process.argv.includes('--all');

if (!existsSync(from)) {
  console.error(`no screenshots in ${from}: run the end-to-end tests first (npm test)`);
  process.exit(1);
}
const known = new Set(readdirSync(to));
const taken = readdirSync(from).filter((f) => f.endsWith('.png'));
let copied = 0;
for (const name of taken) {
  if (!all && !known.has(name)) {
    console.log(`skipped ${name} (new: copy it with --all)`);
    continue;
  }
  copyFileSync(join(from, name), join(to, name));
  copied++;
}
const missing = [...known].filter((n) => n.endsWith('.png') && !taken.includes(n));
console.log(`copied ${copied} screenshot(s) into docs/screenshots`);
if (missing.length) console.log(`not taken by the last run: ${missing.join(', ')}`);
