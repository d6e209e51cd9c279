/** `workbench drivers` names the matrix cells behind each protected and with-policy claim, in text and JSON. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDrivers } from './format.ts';
import { listDrivers } from '../../engine/drivers.ts';

const drivers = listDrivers({ path: process.execPath, version: process.version }).map((d) => ({
  ...d,
  available: true,
}));

test('text: a protected claim is followed by the cells that show it', () => {
  const text = formatDrivers(drivers, process.version);
  const block = text.slice(text.indexOf('✓ os-sandbox\n'), text.indexOf('✓ os-sandbox+vm'));
  assert.match(
    block,
    /canary file +protected — [^\n]+\n +shown by the matrix cells fs-read-canary@default, fs-proc-cwd@default\n/,
  );
  assert.match(block, /canary env +with policy — [^\n]+\n +shown by the matrix cells env-process-env@hardened, /);
  const host = text.slice(text.indexOf('✓ host\n'), text.indexOf('✓ host+vm'));
  assert.doesNotMatch(host, /shown by/, 'exposed claims name no cells');
});

test('json: backedBy is part of each claim', () => {
  const all = JSON.parse(JSON.stringify(drivers)) as Array<{
    id: string;
    capabilities: { canaries: Record<string, { level: string; backedBy?: string[] }> };
  }>;
  const process = all.find((d) => d.id === 'process')!;
  assert.deepEqual(process.capabilities.canaries.global!.backedBy, [
    'scope-globalthis-walk@default',
    'proto-this-constructor@default',
    'scope-inspector-main-thread@default',
  ]);
  // A worker's global is exposed (the inspector reaches the main thread): an exposed claim names no cells.
  const worker = all.find((d) => d.id === 'worker')!;
  assert.equal(worker.capabilities.canaries.global!.level, 'exposed');
  assert.equal(worker.capabilities.canaries.global!.backedBy, undefined);
  assert.equal(worker.capabilities.canaries['host-crash']!.level, 'exposed');
});
