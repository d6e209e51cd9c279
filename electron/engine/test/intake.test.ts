/**
 * Bounded intake and verdict inputs (issue 11, items 2 and 3): a host that floods the supervisor with valid
 * frames ends its own run as a protocol violation, naming the bound, while the supervisor's heap stays
 * bounded and a run beside it is unharmed; a canary token in any field of any frame is a breach; and a guest
 * that forges the host's `end` frame cannot make a runaway report `ok`.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Supervisor } from '../supervisor.ts';
import { FORGED_END_NOTE, FORGED_RUNNING_NOTE, FORGED_STOPPED_NOTE, guestStartBoundMs } from '../run.ts';
import { MAX_WORKERS_PER_RUN } from '../run-intake.ts';
import { run, useIsolatedEngine } from './harness.ts';
import { INTAKE_FAULT_BYTES, RUN_AFTER_START_MS, SLOW_START_MS } from './fixtures/intake-faults.ts';
import type { RunResult } from '../../common/run/result.ts';

const { supervisor, tmp } = useIsolatedEngine();
const hostile = new Supervisor({ hostEntry: fileURLToPath(new URL('./fixtures/intake-host.ts', import.meta.url)) });
after(() => hostile.dispose());

/**
 * How much the supervisor's heap (this process: the supervisor runs in the test) may grow, measured after a
 * full GC, while a flood is taken in. Measured here: under 1 MiB with the bounds; 36 MiB on the samples flood with samples of made-up workers kept.
 */
const HEAP_GROWTH_BOUND_BYTES = 16 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Run `fn`, reading the heap after a full GC every 50 ms; returns its result and the largest growth seen. */
async function withHeapWatch<T>(fn: () => Promise<T>): Promise<{ value: T; growthBytes: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const watch = setInterval(() => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 50);
  try {
    const value = await fn();
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { value, growthBytes: peak - base };
  } finally {
    clearInterval(watch);
  }
}

/**
 * A hostile run while a normal run on the same Supervisor is in progress: the normal guest is running before
 * the flood starts and ends only once the hostile run has ended (it waits for a file the test writes then).
 */
async function floodBesideNormalRun(
  fault: keyof typeof INTAKE_FAULT_BYTES,
): Promise<{ flooded: RunResult; normal: RunResult; growthBytes: number }> {
  const release = join(tmp, `release-${fault}`);
  let running!: () => void;
  const guestRunning = new Promise<void>((resolve) => (running = resolve));
  const normal = hostile.startRun(
    {
      code: `console.log('running');
        new Promise((resolve) => {
          const poll = setInterval(() => {
            if (require('node:fs').existsSync(${JSON.stringify(release)})) resolve(clearInterval(poll) ?? 2);
          }, 20);
        })`,
      driver: 'host',
      limits: { timeoutMs: 120_000 },
    },
    { onOutput: () => running() },
  ).result;
  await guestRunning;
  const { value: flooded, growthBytes } = await withHeapWatch(
    () =>
      hostile.startRun({
        code: '1',
        driver: 'host',
        limits: { timeoutMs: 20_000, maxMessageBytes: INTAKE_FAULT_BYTES[fault] },
      }).result,
  );
  writeFileSync(release, '');
  try {
    return { flooded, normal: await normal, growthBytes };
  } finally {
    rmSync(release, { force: true });
  }
}

describe('bounded intake', () => {
  test('a host declaring ever more workers ends its run as a violation; the supervisor and the run beside it go on', async (t) => {
    const { flooded, normal, growthBytes } = await floodBesideNormalRun('worker-flood');
    t.diagnostic(
      `supervisor heap growth ${(growthBytes / 2 ** 20).toFixed(1)} MiB, ${flooded.ipc.messagesIn} frames taken`,
    );
    assert.equal(flooded.status, 'error', flooded.notes.join('; '));
    assert.equal(flooded.error?.name, 'ProtocolViolation');
    assert.ok(
      flooded.notes.some((n) => n.includes(`more than ${MAX_WORKERS_PER_RUN} distinct workers`)),
      flooded.notes.join('; '),
    );
    assert.ok(flooded.workers.length <= MAX_WORKERS_PER_RUN, `${flooded.workers.length} workers kept`);
    assert.ok(growthBytes < HEAP_GROWTH_BOUND_BYTES, `supervisor heap grew by ${growthBytes} bytes`);
    assert.equal(normal.status, 'ok', normal.notes.join('; '));
    assert.equal(normal.result, 2);
  });

  test('a host flooding samples for made-up workers, then a huge samples array, ends its run as a violation', async (t) => {
    const { flooded, normal, growthBytes } = await floodBesideNormalRun('samples-flood');
    t.diagnostic(
      `supervisor heap growth ${(growthBytes / 2 ** 20).toFixed(1)} MiB, ${flooded.ipc.messagesIn} frames taken`,
    );
    assert.equal(flooded.status, 'error', flooded.notes.join('; '));
    assert.equal(flooded.error?.name, 'ProtocolViolation');
    assert.ok(
      flooded.notes.some((n) => n.includes(`more than ${MAX_WORKERS_PER_RUN} items`)),
      flooded.notes.join('; '),
    );
    // Samples naming workers the run never had are not kept.
    assert.ok(
      flooded.samples.every((s) => s.worker === 'host'),
      `kept samples of ${new Set(flooded.samples.map((s) => s.worker)).size} workers`,
    );
    assert.ok(growthBytes < HEAP_GROWTH_BOUND_BYTES, `supervisor heap grew by ${growthBytes} bytes`);
    assert.equal(normal.status, 'ok', normal.notes.join('; '));
    assert.equal(normal.result, 2);
  });
});

describe('containment of one run', () => {
  test('a listener that throws in a timer callback ends its own run with an error; another run goes on', async () => {
    // onSamples is called from the metrics timer, where nothing above would catch a throw: unguarded, it
    // takes the supervisor's whole process down.
    const broken = supervisor.startRun(
      { code: 'new Promise((r) => setTimeout(() => r(1), 200))', driver: 'host' },
      {
        onSamples: () => {
          throw new Error('listener broke');
        },
      },
    ).result;
    const other = run(supervisor, { code: '1 + 1', driver: 'host' });
    const r = await broken;
    assert.equal(r.status, 'error', r.notes.join('; '));
    assert.ok(
      r.notes.some((n) => n.includes('internal error in the supervisor (listener): Error: listener broke')),
      r.notes.join('; '),
    );
    const o = await other;
    assert.equal(o.status, 'ok', o.notes.join('; '));
    assert.equal(o.result, 2);
  });
});

describe('verdict inputs from observation only', () => {
  test('the env canary in a worker id only is an env breach', async () => {
    const r = await run(hostile, {
      code: '1',
      driver: 'host',
      limits: { maxMessageBytes: INTAKE_FAULT_BYTES['token-in-worker'] },
    });
    assert.equal(r.status, 'ok', r.notes.join('; '));
    const env = r.verdict.breaches.find((b) => b.canary === 'env');
    assert.ok(env, JSON.stringify(r.verdict));
    assert.match(env.evidence, /worker frame/);
    assert.equal(r.stdout + r.stderr, '', 'the token was nowhere but in the worker frame');
  });

  for (const containment of ['traced', 'none'] as const) {
    test(`a host naming its child by pid 0, 1 or a stranger's pid is not believed (containment ${containment})`, async () => {
      const liar = new Supervisor({
        hostEntry: fileURLToPath(new URL('./fixtures/intake-host.ts', import.meta.url)),
        containment,
      });
      const declared: Array<number | undefined> = [];
      const r = await liar.startRun(
        { code: '1', driver: 'host', limits: { maxMessageBytes: INTAKE_FAULT_BYTES['child-pid-lies'] } },
        { onWorker: (w) => void (w.id === 'child-1' && declared.push(w.pid)) },
      ).result;
      await liar.dispose();
      assert.equal(r.status, 'ok', r.notes.join('; '));
      // Three declarations arrived; none carried a pid outside the run (this process is the host's parent).
      assert.equal(declared.length, 3);
      assert.deepEqual(declared, [undefined, undefined, undefined]);
      assert.equal(r.workers.find((w) => w.id === 'child-1')?.pid, undefined);
    });
  }

  test('an end frame without the run key is a violation with its own note', async () => {
    const r = await run(hostile, {
      code: '1',
      driver: 'host',
      limits: { maxMessageBytes: INTAKE_FAULT_BYTES['end-without-key'] },
    });
    assert.equal(r.status, 'error');
    assert.equal(r.error?.name, 'ProtocolViolation');
    assert.ok(r.notes.includes(FORGED_END_NOTE), r.notes.join('; '));
    assert.equal(r.result, undefined);
  });

  test('a running frame without the run key is a violation with its own note', async () => {
    const r = await run(hostile, {
      code: '1',
      driver: 'host',
      limits: { maxMessageBytes: INTAKE_FAULT_BYTES['running-without-key'] },
    });
    assert.equal(r.status, 'error');
    assert.equal(r.error?.name, 'ProtocolViolation');
    assert.ok(r.notes.includes(FORGED_RUNNING_NOTE), r.notes.join('; '));
  });

  test('a stopped frame without the run key is a violation with its own note', async () => {
    const r = await run(hostile, {
      code: '1',
      driver: 'host',
      limits: { maxMessageBytes: INTAKE_FAULT_BYTES['stopped-without-key'] },
    });
    assert.equal(r.status, 'error');
    assert.equal(r.error?.name, 'ProtocolViolation');
    assert.ok(r.notes.includes(FORGED_STOPPED_NOTE), r.notes.join('; '));
  });

  test('a stopped frame before the deadline does not make the stop look faster than it was', async () => {
    const r = await run(hostile, {
      code: '1',
      driver: 'host',
      limits: { timeoutMs: 300, maxMessageBytes: INTAKE_FAULT_BYTES['early-stopped'] },
    });
    assert.equal(r.status, 'timeout');
    // Measured to the host's death at the supervisor's hand; an early `stopped` taken at its word would read 0.
    assert.ok((r.limits.timeout.overshoot ?? 0) > 0, String(r.limits.timeout.overshoot));
  });

  test("the deadline counts from the host's running frame: a slow sandbox start is not the guest's time", async () => {
    const timeoutMs = 1000;
    assert.ok(SLOW_START_MS > timeoutMs && RUN_AFTER_START_MS < timeoutMs);
    const r = await run(hostile, {
      code: '1',
      driver: 'host',
      limits: { timeoutMs, maxMessageBytes: INTAKE_FAULT_BYTES['slow-start'] },
    });
    assert.equal(r.status, 'ok', r.notes.join('; '));
    assert.equal(r.result, 1);
    // The guest's time, from `running` to `end`; not the start before it. (The frames are timed as the supervisor
    // reads them: a `running` read a few ms late under load shortens the figure a little — 293 ms was seen in CI
    // for the host's 300 — so the lower bound only says the guest's time was counted at all.)
    assert.ok(r.durationMs >= RUN_AFTER_START_MS / 2 && r.durationMs < SLOW_START_MS, String(r.durationMs));
  });

  test('a host that never starts its guest is stopped after the start bound, with a note that says so', async () => {
    const r = await run(hostile, {
      code: '1',
      driver: 'host',
      limits: { timeoutMs: 200, maxMessageBytes: INTAKE_FAULT_BYTES['never-running'] },
    });
    assert.equal(r.status, 'timeout');
    const bound = guestStartBoundMs(200);
    assert.ok(
      r.notes.some((n) => n.includes(`had not started ${bound} ms after`)),
      r.notes.join('; '),
    );
    assert.equal(r.limits.timeout?.overshoot, undefined, 'no deadline was ever set: no overshoot is claimed');
  });

  // The guest finds the host's connection the way any code in the host's process could: every socket among
  // its own descriptors gets a well-formed `end` frame claiming success; then it spins.
  const FORGE_END = `
    const fs = require('node:fs');
    const body = Buffer.from(JSON.stringify({ t: 'end', outcome: { status: 'ok', result: 'forged' } }));
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const frame = Buffer.concat([head, body]);
    let written = 0;
    for (const name of fs.readdirSync('/proc/self/fd')) {
      let target = '';
      try { target = fs.readlinkSync('/proc/self/fd/' + name); } catch {}
      if (!target.startsWith('socket:')) continue;
      try { fs.writeSync(Number(name), frame); written++; } catch {}
    }
    if (written === 0) throw new Error('no socket found');
    while (true) {}
  `;

  for (const driver of ['host', 'worker'] as const) {
    test(`a ${driver} guest writing a forged end frame onto the host's socket, then spinning, does not end ok`, async () => {
      const r = await run(supervisor, { code: FORGE_END, driver, limits: { timeoutMs: 10_000 } });
      assert.notEqual(r.status, 'ok');
      assert.equal(r.status, 'error', r.notes.join('; '));
      assert.equal(r.error?.name, 'ProtocolViolation');
      assert.ok(r.notes.includes(FORGED_END_NOTE), r.notes.join('; '));
      assert.equal(r.result, undefined);
    });
  }
});
