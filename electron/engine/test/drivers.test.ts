/** Script semantics under every driver of this issue: completion value, errors, console capture. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DRIVERS, run, useIsolatedEngine } from './harness.ts';

const { supervisor } = useIsolatedEngine();

for (const driver of DRIVERS) {
  describe(`driver ${driver}`, () => {
    test('returns the completion value of 1+1', async () => {
      const r = await run(supervisor, { code: '1+1', driver });
      assert.equal(r.status, 'ok');
      assert.equal(r.result, 2);
      assert.equal(r.driver, driver);
      assert.deepEqual(r.verdict, { escaped: false, breaches: [] });
    });

    test('awaits a promise completion value', async () => {
      const r = await run(supervisor, {
        code: 'new Promise((resolve) => setTimeout(() => resolve({ answer: 42 }), 20))',
        driver,
      });
      assert.equal(r.status, 'ok');
      assert.deepEqual(r.result, { answer: 42 });
    });

    test('a thrown error ends the run as error with its name and message', async () => {
      const r = await run(supervisor, { code: 'throw new RangeError("out of range: " + (6 * 7))', driver });
      assert.equal(r.status, 'error');
      assert.equal(r.error?.name, 'RangeError');
      assert.equal(r.error?.message, 'out of range: 42');
      assert.equal(r.result, undefined);
    });

    test('captures console lines in order with their levels', async () => {
      const lines: { level: string; text: string }[] = [];
      const runHandle = supervisor.startRun(
        {
          code: 'console.log("one", 1); console.info("two"); console.warn("three"); console.error("four"); console.debug("five"); "done"',
          driver,
        },
        { onOutput: (line) => lines.push({ level: line.level, text: line.text }) },
      );
      const r = await runHandle.result;
      assert.equal(r.status, 'ok');
      assert.deepEqual(lines, [
        { level: 'log', text: 'one 1' },
        { level: 'info', text: 'two' },
        { level: 'warn', text: 'three' },
        { level: 'error', text: 'four' },
        { level: 'debug', text: 'five' },
      ]);
      assert.equal(r.stdout, 'one 1\ntwo\nfive\n');
      assert.equal(r.stderr, 'three\nfour\n');
    });

    test('runs TypeScript after transpiling it', async () => {
      const r = await run(supervisor, {
        code: 'enum Color { Red = 2 }\nconst n: number = Color.Red * 21;\nn',
        driver,
        language: 'ts',
      });
      assert.equal(r.status, 'ok');
      assert.equal(r.result, 42);
    });

    test("waits for the script's own pending timers before ending", async () => {
      const r = await run(supervisor, { code: 'setTimeout(() => console.log("late"), 150); "early"', driver });
      assert.equal(r.status, 'ok');
      assert.equal(r.result, 'early');
      assert.equal(r.stdout, 'late\n');
    });

    test('reports the host as a worker, and samples it', async () => {
      const r = await run(supervisor, { code: 'new Promise((r) => setTimeout(r, 400))', driver, sampleHz: 20 });
      assert.equal(r.status, 'ok');
      const host = r.workers.find((w) => w.kind === 'host');
      assert.ok(host?.pid && host.pid > 0);
      const hostSamples = r.samples.filter((s) => s.worker === 'host');
      assert.ok(hostSamples.length >= 3, `expected several host samples, got ${hostSamples.length}`);
      assert.ok(
        hostSamples.some((s) => (s.rssBytes ?? 0) > 1_000_000),
        'host RSS read from outside',
      );
      const guestKind = driver === 'worker' ? 'thread' : driver === 'process' ? 'child' : undefined;
      if (guestKind) {
        const guest = r.workers.find((w) => w.kind === guestKind);
        assert.ok(guest, `a ${guestKind} worker is reported`);
        assert.equal(guest.state, 'exited');
        assert.ok(
          r.samples.some((s) => s.worker === guest.id && (s.heapUsedBytes ?? 0) > 0),
          'guest heap sampled',
        );
      }
    });
  });
}

test('an unknown driver is refused with a clear error', () => {
  assert.throws(() => supervisor.startRun({ code: '1', driver: 'submarine' }), /unknown boundary "submarine"/);
});

test('an unavailable driver is refused with its reason', async () => {
  const { Supervisor } = await import('../supervisor.ts');
  // A host runtime isolated-vm has no prebuilt addon for (node-features.ts) makes it unavailable, saying so.
  const old = new Supervisor({ runtime: { path: '/bin/false', version: 'v20.0.0' } });
  assert.throws(
    () => old.startRun({ code: '1', driver: 'host+isolated-vm' }),
    (e: Error & { code?: string }) =>
      e.code === 'unavailable' && /isolated-vm 7\.0\.1 has no prebuilt addon for Node 20\.0\.0/.test(e.message),
  );
});
