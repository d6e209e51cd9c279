/** Every boundary × evaluator combination: semantics, the vm escape, and the evaluators' own limits. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { run, useIsolatedEngine } from './harness.ts';
import { BOUNDARIES, EVALUATORS, formatDriverId } from '../../common/run/driver-id.ts';

const { supervisor } = useIsolatedEngine();
const available = supervisor.listDrivers().filter((d) => d.available);
const ALL = BOUNDARIES.flatMap((b) => EVALUATORS.map((e) => formatDriverId({ boundary: b, evaluator: e })));

test('on this machine every combination is available but host+ses (CI installs bubblewrap; isolated-vm has its prebuild)', () => {
  const missing = supervisor.listDrivers().filter((d) => !d.available);
  // SES under host would lock down the workbench host's own realm: unavailable by design (availability.ts).
  assert.deepEqual(
    missing.map((d) => d.id),
    ['host+ses'],
    missing.map((d) => `${d.id}: ${d.reason}`).join('\n'),
  );
  assert.equal(available.length, ALL.length - 1);
});

for (const { id: driver } of available) {
  describe(driver, () => {
    test('1+1, console, a thrown error and a promise result', async () => {
      const one = await run(supervisor, { code: 'console.log("a", 1); console.warn("b"); 1+1', driver });
      assert.equal(one.status, 'ok', one.error?.message);
      assert.equal(one.result, 2);
      assert.equal(one.stdout, 'a 1\n');
      assert.match(one.stderr, /^b\n/);
      const thrown = await run(supervisor, { code: 'throw new TypeError("bad " + 6 * 7)', driver });
      assert.equal(thrown.status, 'error');
      assert.equal(thrown.error?.name, 'TypeError');
      assert.equal(thrown.error?.message, 'bad 42');
      const promised = await run(supervisor, { code: '(async () => { await null; return { n: [1, 2] }; })()', driver });
      assert.equal(promised.status, 'ok', promised.error?.message);
      assert.deepEqual(promised.result, { n: [1, 2] });
    });
  });
}

const ESCAPE = 'this.constructor.constructor("return globalThis.__hostSecret")()';

describe('the constructor-chain escape', () => {
  test('host+vm: reaches __hostSecret in the host realm (breach global)', async () => {
    const r = await run(supervisor, { code: ESCAPE, driver: 'host+vm' });
    assert.equal(r.status, 'ok');
    assert.equal(typeof r.result, 'string');
    assert.deepEqual(
      r.verdict.breaches.map((b) => b.canary),
      ['global'],
    );
  });

  test('host+vm: the same through the bridged console', async () => {
    const r = await run(supervisor, {
      code: 'console.log.constructor("return process")().env.WORKBENCH_CANARY',
      driver: 'host+vm',
    });
    assert.deepEqual(
      r.verdict.breaches.map((b) => b.canary),
      ['env'],
    );
  });

  for (const driver of ['host+isolated-vm', 'host+quickjs']) {
    test(`${driver}: contained`, async () => {
      const r = await run(supervisor, { code: ESCAPE, driver });
      assert.notEqual(r.status, 'host-crashed');
      assert.equal(r.result, undefined);
      assert.deepEqual(r.verdict, { escaped: false, breaches: [] });
      const viaConsole = await run(supervisor, { code: 'console.log.constructor("return typeof process")()', driver });
      assert.equal(viaConsole.result, 'undefined', 'the console crosses as a function of the guest realm');
      assert.equal(viaConsole.verdict.escaped, false);
    });
  }
});

describe('timeouts enforced by the evaluator', () => {
  const EXPECTED: Record<string, string[]> = {
    'host+vm': ['vm-timeout'],
    'host+isolated-vm': ['isolate-timeout'],
    'host+quickjs': ['quickjs-interrupt'],
    // From outside a worker: terminate(), or its host when the thread is not gone 6 ms later.
    'worker+vm': ['vm-timeout', 'terminate-worker', 'kill-host'],
    'process+isolated-vm': ['isolate-timeout', 'kill-child'],
    'os-sandbox': ['kill-child'],
  };
  for (const [driver, stoppers] of Object.entries(EXPECTED)) {
    test(`${driver}: while (true) {} with --timeout 500 ends timeout, stopped by the evaluator or from outside`, async () => {
      const r = await run(supervisor, { code: 'while (true) {}', driver, limits: { timeoutMs: 500 } });
      assert.equal(r.status, 'timeout');
      assert.ok(stoppers.includes(r.limits.timeout.stoppedBy ?? ''), `stopped by ${r.limits.timeout.stoppedBy}`);
    });
  }
});

describe('memory limits enforced by the evaluator, the host surviving', () => {
  const BOMBS = {
    'small objects': 'const keep = []; while (true) keep.push({ n: Math.random() });',
    strings: 'const keep = []; while (true) keep.push("x".repeat(1000) + Math.random());',
    'large arrays': 'const keep = []; while (true) keep.push(new Array(1000).fill(1));',
  };
  for (const driver of ['host+isolated-vm', 'host+quickjs']) {
    for (const [what, code] of Object.entries(BOMBS)) {
      test(`${driver}: a bomb of ${what} under --memory 32 ends memory-limit`, async () => {
        const r = await run(supervisor, { code, driver, limits: { memoryMb: 32, timeoutMs: 20_000 } });
        assert.equal(r.status, 'memory-limit', `${r.status}: ${r.error?.message}`);
        assert.equal(r.limits.memory.enforced, true);
        assert.match(r.limits.memory.stoppedBy ?? '', /^(isolate-memory-limit|quickjs-)/);
        assert.ok(r.limits.memory.overshoot !== undefined, 'the overshoot is reported');
        assert.equal(r.verdict.escaped, false, 'the host survived: no host-crash');
        const next = await run(supervisor, { code: '1+1', driver });
        assert.equal(next.result, 2);
      });
    }
  }
});

test('isolated-vm reports CPU and wall time measured by the isolate', async () => {
  const r = await run(supervisor, {
    code: 'let x = 0; for (let i = 0; i < 2e7; i++) x += i; x',
    driver: 'host+isolated-vm',
  });
  assert.equal(r.status, 'ok');
  assert.ok(r.evaluator, 'evaluator stats present');
  assert.ok((r.evaluator?.cpuMs ?? 0) > 1, `cpu ${r.evaluator?.cpuMs}`);
  assert.ok((r.evaluator?.wallMs ?? 0) >= (r.evaluator?.cpuMs ?? 0) * 0.5);
});

test('quickjs reports its memory use', async () => {
  const r = await run(supervisor, {
    code: 'const a = []; for (let i = 0; i < 1e5; i++) a.push({ i }); a.length',
    driver: 'host+quickjs',
  });
  assert.equal(r.result, 100000);
  assert.ok((r.evaluator?.heapUsedBytes ?? 0) > 1_000_000, `heap ${r.evaluator?.heapUsedBytes}`);
});

test('process+isolated-vm and process+quickjs start under a jail-only Permission Model', async () => {
  for (const driver of ['process+isolated-vm', 'process+quickjs', 'process+vm', 'process']) {
    const r = await run(supervisor, { code: '6*7', driver, policy: { fsRead: ['$JAIL'] } });
    assert.equal(r.status, 'ok', `${driver}: ${r.error?.message}`);
    assert.equal(r.result, 42);
  }
});
