/**
 * A run checks only its own driver's availability (driverListing), the list checks every driver
 * (listDrivers): the two must say the same of each driver, with a runtime and without one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { driverListing, listDrivers } from '../drivers.ts';
import { findNodeRuntime } from '../node-runtime.ts';

test('each driver listed alone reads as it does in the whole list', () => {
  for (const runtime of [findNodeRuntime(), 'no Node ≥ 24 here']) {
    for (const listed of listDrivers(runtime))
      assert.deepEqual(driverListing(runtime, listed.boundary, listed.evaluator), listed, listed.id);
  }
});

test('a run under host does not load isolated-vm or try bubblewrap to check other drivers', () => {
  const supervisor = fileURLToPath(new URL('../supervisor.ts', import.meta.url));
  // A fresh process: availability checks run once per process. The checks spawn `node -e require('isolated-vm')`
  // and bwrap with spawnSync, which is wrapped here (and the ESM bindings synced) to record every call.
  const script = `
    import cp from 'node:child_process';
    const seen = [];
    const original = cp.spawnSync;
    cp.spawnSync = (file, args, ...rest) => { seen.push([file, ...(args ?? [])].join(' ')); return original(file, args, ...rest); };
    (await import('node:module')).syncBuiltinESMExports();
    const { Supervisor } = await import(${JSON.stringify(supervisor)});
    const s = new Supervisor();
    const r = await s.startRun({ code: '1 + 1', driver: 'host' }).result;
    await s.dispose();
    console.log(JSON.stringify({ status: r.status, seen }));
  `;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  const { status, seen } = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { status: string; seen: string[] };
  assert.equal(status, 'ok', out.stderr);
  // The recorder sees the checks this run does need (the containment trials on Linux).
  if (process.platform === 'linux')
    assert.ok(
      seen.some((c) => /unshare|strace/.test(c)),
      seen.join('\n'),
    );
  assert.ok(!seen.some((c) => c.includes('isolated-vm')), seen.join('\n'));
  assert.ok(!seen.some((c) => /bwrap/.test(c)), seen.join('\n'));
});
