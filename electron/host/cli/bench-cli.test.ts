/** `workbench bench` as a user runs it: a small real measurement, and its bad-argument path. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useIsolatedEngine } from '../../engine/test/harness.ts';
import type { BenchReport } from '../bench/report.ts';

useIsolatedEngine();
const BIN = fileURLToPath(new URL('../../../bin/workbench.mjs', import.meta.url));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('bench --only cold --rounds 1 --json: one report, each figure a positive number beside its floor', async () => {
  const r = await cli(['bench', '--only', 'cold', '--rounds', '1', '--json', '--drivers', 'host,worker']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^bench: cold: host$/m);
  assert.match(r.stderr, /^bench: cold: worker$/m);
  const report = JSON.parse(r.stdout) as BenchReport;
  assert.equal(report.rounds, 1);
  assert.deepEqual(report.groups, ['cold']);
  assert.deepEqual(report.drivers, ['host', 'worker']);
  assert.match(report.machine.node, /^v2[4-9]\./);
  assert.ok(report.machine.cores > 0 && report.machine.memoryBytes > 0 && report.machine.cpu.length > 0);
  assert.equal(report.machine.loadBefore.length, 3);
  assert.deepEqual(
    report.rows.map((row) => [row.group, row.subject]),
    [
      ['cold', 'host'],
      ['cold', 'worker'],
    ],
  );
  for (const row of report.rows) {
    assert.equal(row.unit, 'ms');
    assert.deepEqual(row.target, { on: 'ratio', max: 1.3 });
    for (const s of [row.product, row.floor, row.ratio]) {
      assert.ok(s, `${row.subject}: product, floor and ratio are there`);
      assert.equal(s.n, 1);
      assert.ok(Number.isFinite(s.median) && s.median > 0, `${row.subject}: ${JSON.stringify(s)}`);
    }
    assert.match(row.floorIs ?? '', /^node -e: eval /);
    assert.ok(['pass', 'miss'].includes(row.result));
  }
});

test('bench with a bad argument: one-line error, usage, exit 2', async () => {
  const r = await cli(['bench', '--rounds', 'many']);
  assert.equal(r.code, 2);
  const [first, second] = r.stderr.split('\n');
  assert.match(first ?? '', /--rounds needs a whole number/);
  assert.equal(second, 'usage:');
});

test('bench with an unknown driver: exit 2', async () => {
  const r = await cli(['bench', '--only', 'cold', '--drivers', 'nowhere']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown driver "nowhere"/);
});
