/**
 * The ecosystem's sandboxes as evaluators and Node's hardening flags (issue 15), on the real engine: SES
 * contains prototype tampering and keeps Node out of reach, vm2 3.9.17 falls to its published escape while
 * vm2 3.12.2 holds against it, and each hardening flag does what Node documents where the driver applies it —
 * and is refused where it cannot be.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { run, useIsolatedEngine } from './harness.ts';
import { runMatrix } from '../matrix.ts';

const { supervisor } = useIsolatedEngine();

describe('SES', () => {
  test('host+ses is unavailable, saying why, and a run under it is refused', () => {
    const listing = supervisor.listDrivers().find((d) => d.id === 'host+ses');
    assert.equal(listing?.available, false);
    assert.match(listing?.reason ?? '', /lockdown\(\) would freeze the workbench host's own realm/);
    assert.throws(() => supervisor.startRun({ code: '1', driver: 'host+ses' }), { code: 'unavailable' });
  });

  for (const driver of ['worker+ses', 'process+ses', 'os-sandbox+ses']) {
    test(`${driver}: prototype tampering throws, the constructor chain and process are out of reach`, async () => {
      const tamper = await run(supervisor, { code: 'Object.prototype.polluted = 1; "mutated"', driver });
      assert.equal(tamper.status, 'error');
      assert.equal(tamper.error?.name, 'TypeError');
      assert.match(tamper.error?.message ?? '', /not extensible/);
      const chain = await run(supervisor, {
        code: 'console.log.constructor("return process")().env.WORKBENCH_CANARY',
        driver,
      });
      assert.equal(chain.status, 'error');
      assert.match(chain.error?.message ?? '', /Function\.prototype\.constructor is not a valid constructor/);
      assert.deepEqual(chain.verdict, { escaped: false, breaches: [] });
      const globals = await run(supervisor, {
        code: '[typeof process, typeof require, typeof setTimeout, typeof CANARY_PORT, Object.isFrozen(Array.prototype)]',
        driver,
      });
      assert.deepEqual(globals.result, ['undefined', 'undefined', 'undefined', 'number', true]);
    });
  }

  test('process+ses starts under a jail-only Permission Model (the ses package is readable)', async () => {
    const r = await run(supervisor, { code: '6*7', driver: 'process+ses', policy: { fsRead: ['$JAIL'] } });
    assert.equal(r.status, 'ok', r.error?.message);
    assert.equal(r.result, 42);
  });
});

describe('vm2', () => {
  test('the published escape (CVE-2023-32314) breaks 3.9.17 under every boundary and not 3.12.2', async () => {
    const drivers = [
      'host+vm2-3.9.17',
      'host+vm2',
      'worker+vm2-3.9.17',
      'worker+vm2',
      'process+vm2-3.9.17',
      'process+vm2',
    ];
    const report = await runMatrix(supervisor, { probes: ['vm2-cve-2023-32314'], drivers, concurrency: 2 });
    const cells = Object.fromEntries(report.cells.map((c) => [c.driver, c]));
    for (const d of ['host+vm2-3.9.17', 'worker+vm2-3.9.17', 'process+vm2-3.9.17']) {
      assert.equal(cells[d]?.verdict, 'escaped', `${d}: ${cells[d]?.detail}`);
      assert.ok(cells[d]?.canaries.includes('env'), `${d}: ${cells[d]?.canaries.join(',')}`);
    }
    assert.ok(cells['host+vm2-3.9.17']?.canaries.includes('global'), 'under host it reaches the host realm');
    for (const d of ['host+vm2', 'worker+vm2', 'process+vm2']) {
      assert.equal(cells[d]?.verdict, 'contained', `${d}: ${cells[d]?.detail}`);
    }
    for (const c of report.cells) assert.equal(c.comparison, 'as-expected', `${c.driver}: ${c.verdict}`);
  });

  test('host+vm2: its timeout option ends a synchronous loop', async () => {
    const r = await run(supervisor, { code: 'while (true) {}', driver: 'host+vm2', limits: { timeoutMs: 500 } });
    assert.equal(r.status, 'timeout');
    assert.equal(r.limits.timeout.stoppedBy, 'vm-timeout');
  });

  test('process+vm2 and process+vm2-3.9.17 start under a jail-only Permission Model', async () => {
    for (const driver of ['process+vm2', 'process+vm2-3.9.17']) {
      const r = await run(supervisor, { code: '6*7', driver, policy: { fsRead: ['$JAIL'] } });
      assert.equal(r.status, 'ok', `${driver}: ${r.error?.message}`);
      assert.equal(r.result, 42);
    }
  });
});

describe("Node's hardening flags", () => {
  // Expressions, so that they combine into one array: each says what happened instead of throwing.
  const codegen = "(() => { try { eval('1'); return 'allowed' } catch (e) { return e.name } })()";
  const tamper =
    "(() => { 'use strict'; try { Object.prototype.x = 1; return 'mutated' } catch (e) { return e.name } })()";
  const proto = "('__proto__' in {} ? 'present' : 'deleted')";

  for (const driver of ['process', 'os-sandbox']) {
    test(`${driver}: each flag alone, then all together`, async () => {
      const hardened = async (code: string, hardening: string[]): Promise<unknown> => {
        const r = await run(supervisor, { code, driver, policy: { hardening } });
        assert.equal(r.status, 'ok', `${hardening.join(' ')}: ${r.error?.message}`);
        return r.result;
      };
      assert.equal(await hardened(codegen, ['disallow-code-generation-from-strings']), 'EvalError');
      assert.equal(await hardened(codegen, ['frozen-intrinsics']), 'allowed');
      assert.equal(await hardened(tamper, ['frozen-intrinsics']), 'TypeError');
      assert.equal(await hardened(tamper, ['disable-proto=delete']), 'mutated');
      assert.equal(await hardened(proto, ['disable-proto=delete']), 'deleted');
      assert.equal(await hardened(proto, ['frozen-intrinsics']), 'present');
      assert.equal(
        await hardened("(() => { try { ({}).__proto__; return 'read' } catch (e) { return e.code ?? e.name } })()", [
          'disable-proto=throw',
        ]),
        'ERR_PROTO_ACCESS',
      );
      const all = ['frozen-intrinsics', 'disallow-code-generation-from-strings', 'disable-proto=delete'];
      assert.deepEqual(await hardened(`[${codegen}, ${tamper}, ${proto}]`, all), ['EvalError', 'TypeError', 'deleted']);
    });
  }

  test('worker: --frozen-intrinsics applies (execArgv); the per-process flags are refused', async () => {
    const r = await run(supervisor, { code: tamper, driver: 'worker', policy: { hardening: ['frozen-intrinsics'] } });
    assert.equal(r.result, 'TypeError');
    assert.throws(
      () => supervisor.startRun({ code: '1', driver: 'worker', policy: { hardening: ['disable-proto=delete'] } }),
      { code: 'bad-argument', message: /worker cannot apply --disable-proto=delete/ },
    );
  });

  test('host: every flag is refused, and the two disable-proto forms exclude each other', () => {
    assert.throws(
      () => supervisor.startRun({ code: '1', driver: 'host', policy: { hardening: ['frozen-intrinsics'] } }),
      { code: 'bad-argument', message: /host cannot apply --frozen-intrinsics/ },
    );
    assert.throws(
      () =>
        supervisor.startRun({
          code: '1',
          driver: 'process',
          policy: { hardening: ['disable-proto=delete', 'disable-proto=throw'] },
        }),
      { code: 'bad-argument', message: /exclude each other/ },
    );
  });

  test('process+vm: a new vm context keeps its own eval, and --disable-proto reaches it', async () => {
    const r = await run(supervisor, {
      code: `[${codegen}, ${proto}]`,
      driver: 'process+vm',
      policy: { hardening: ['disallow-code-generation-from-strings', 'disable-proto=delete'] },
    });
    assert.deepEqual(r.result, ['allowed', 'deleted']);
  });
});
