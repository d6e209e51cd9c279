import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { capabilityTableMarkdown, replaceTable, TABLE_END, TABLE_START } from './capability-table.ts';
import { listDrivers } from '../../engine/drivers.ts';

const listing = { node: 'v24.0.0', platform: 'linux', drivers: listDrivers('no Node here (test)') };

/** Rows of a markdown table as driver id → capability cells (without the machine-specific "here" column). */
function rows(markdown: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    // Cells are trimmed: Prettier pads the README's table columns.
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const id = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (id && (cells[1] === 'yes' || cells[1] === 'no')) out.set(id, cells.slice(2));
  }
  return out;
}

test('one row per driver, marks from the declared capabilities', () => {
  const md = capabilityTableMarkdown(listing, '2026-01-01');
  const r = rows(md);
  assert.equal(r.size, 28);
  assert.match(md, /on 2026-01-01, Node v24\.0\.0, linux/);
  // host: memory not enforced; every canary exposed (integrity included: the guest shares the host's realm).
  assert.deepEqual(r.get('host'), ['✓', '✗', '✓', '❌', '❌', '❌', '❌', '❌', '❌', '❌', '❌']);
  // process+isolated-vm: everything enforced and protected.
  assert.deepEqual(r.get('process+isolated-vm'), ['✓', '✓', '✓', '🛡️', '🛡️', '🛡️', '🛡️', '🛡️', '🛡️', '🛡️', '🛡️']);
  assert.match(md, /Unavailable where this was generated:\n\n- `host`: no Node here \(test\)/);
});

test('the README table matches what the engine declares (regenerate with npm run docs:drivers)', () => {
  const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
  const block = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END));
  assert.ok(block.length > 0, 'README has the generated block');
  assert.deepEqual(rows(block), rows(capabilityTableMarkdown(listing, 'today')));
});

test('replaceTable swaps only the block between the markers, and refuses a README without them', () => {
  const readme = `# T\n${TABLE_START}\nold\n${TABLE_END}\nafter\n`;
  assert.equal(replaceTable(readme, 'new'), `# T\n${TABLE_START}\nnew\n${TABLE_END}\nafter\n`);
  assert.throws(() => replaceTable('# no markers', 'x'), /no <!-- drivers:start -->/);
});
