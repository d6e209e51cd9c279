/**
 * The host-integrity canary (issue 12): where guest code shares or reaches the host's realm, a change to
 * the host's built-ins is an `integrity` breach naming it; where the guest has a realm of its own, changing
 * that realm is not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIsolatedEngine, run, assertConsistent } from './harness.ts';

const { supervisor } = useIsolatedEngine();

const integrity = (r: { verdict: { breaches: readonly { canary: string; evidence: string }[] } }): string[] =>
  r.verdict.breaches.filter((b) => b.canary === 'integrity').map((b) => b.evidence);

test('host: Object.prototype.x = 1 is an integrity breach naming it', async () => {
  const r = await run(supervisor, { code: 'Object.prototype.x = 1', driver: 'host' });
  assert.equal(r.status, 'ok', r.error?.message);
  assert.deepEqual(integrity(r), ['host built-ins changed: Object.prototype.x added']);
  assert.equal(r.verdict.escaped, true);
  assertConsistent(r);
});

test('host: replacing Array.prototype.includes is an integrity breach', async () => {
  const r = await run(supervisor, { code: 'Array.prototype.includes = () => true; [].includes(1)', driver: 'host' });
  assert.equal(r.status, 'ok', r.error?.message);
  assert.deepEqual(integrity(r), ['host built-ins changed: Array.prototype.includes replaced']);
});

test("host+vm: the escape that changes the host's Array.prototype is an integrity breach", async () => {
  const r = await run(supervisor, {
    code: "const HostArray = this.constructor.constructor('return Array')(); HostArray.prototype.flat = null; 1",
    driver: 'host+vm',
  });
  assert.equal(r.status, 'ok', r.error?.message);
  assert.deepEqual(integrity(r), ['host built-ins changed: Array.prototype.flat replaced']);
});

test('host+vm: changing the context’s own Array.prototype is not', async () => {
  const r = await run(supervisor, {
    code: 'Array.prototype.flat = null; Object.prototype.y = 2; 1',
    driver: 'host+vm',
  });
  assert.equal(r.status, 'ok', r.error?.message);
  assert.deepEqual(integrity(r), []);
});

test('host: 1+1, console, timers, require and a global var change nothing', async () => {
  const r = await run(supervisor, {
    code: 'var mine = 1; console.log("hi"); require("node:fs"); new Promise((r) => setTimeout(r, 20)).then(() => 1 + 1)',
    driver: 'host',
  });
  assert.equal(r.status, 'ok', r.error?.message);
  assert.equal(r.result, 2);
  assert.deepEqual(r.verdict.breaches, []);
  assertConsistent(r);
});

test('worker: a guest changing its own Object.prototype is no integrity breach (its realm is its own)', async () => {
  const r = await run(supervisor, {
    code: 'Object.prototype.x = 1; Array.prototype.includes = () => true; 1',
    driver: 'worker',
  });
  assert.equal(r.status, 'ok', r.error?.message);
  assert.deepEqual(integrity(r), []);
  assert.deepEqual(r.verdict.breaches, []);
});
