/**
 * The warm host pool: pre-started hosts take runs, a host serves again only after a run whose guest could
 * not touch it (fresh isolate / QuickJS runtime, nothing reached, nothing left), every run still gets its
 * canaries, and the pool leaves no process, socket or directory behind.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alive, run, useIsolatedEngine } from './harness.ts';
import { Supervisor } from '../supervisor.ts';
import type { RunResult } from '../../common/run/result.ts';
import { descendants, describeProcess } from '../process-tree.ts';
import { readdirSync } from 'node:fs';
import { MAX_RUNS_PER_HOST } from '../host-pool.ts';

useIsolatedEngine();

const hostPid = (r: RunResult): number => r.workers.find((w) => w.kind === 'host')?.pid ?? -1;

async function warmSupervisor(size: number): Promise<Supervisor> {
  const supervisor = new Supervisor({ poolSize: size });
  await supervisor.warmUp();
  assert.deepEqual(supervisor.pool, { size, idle: size });
  return supervisor;
}

describe('warm host pool', () => {
  test('isolate and QuickJS runs reuse one host; each run still gets a fresh result', async () => {
    const supervisor = await warmSupervisor(1);
    try {
      const pids: number[] = [];
      for (const [driver, code, expected] of [
        ['host+isolated-vm', '6 * 7', 42],
        ['host+quickjs', '"a" + "b"', 'ab'],
        ['worker+quickjs', 'globalThis.leftover = 1; 2', 2],
        ['host+isolated-vm', 'typeof globalThis.leftover', 'undefined'],
      ] as const) {
        const r = await run(supervisor, { code, driver });
        assert.equal(r.status, 'ok', `${driver}: ${r.error?.message}`);
        assert.equal(r.result, expected);
        assert.ok(
          r.notes.some((n) => n.startsWith('warm host')),
          r.notes.join('; '),
        );
        pids.push(hostPid(r));
      }
      assert.equal(new Set(pids).size, 1, `one host served every run (${pids.join(', ')})`);
      assert.ok(alive(pids[0]!), 'it is idle in the pool, alive');
    } finally {
      await supervisor.dispose();
    }
  });

  test('a host that ran guest code with Node or in its own realm is never reused', async () => {
    const supervisor = await warmSupervisor(1);
    try {
      for (const driver of ['host', 'host+vm', 'worker', 'process']) {
        const r = await run(supervisor, { code: '1 + 1', driver });
        assert.equal(r.status, 'ok', driver);
        assert.ok(r.notes.includes('warm host: pre-started by the pool'), `${driver}: ${r.notes.join('; ')}`);
        const pid = hostPid(r);
        for (let i = 0; i < 100 && alive(pid); i++) await new Promise((res) => setTimeout(res, 10));
        assert.equal(alive(pid), false, `${driver}: its host was killed after the run`);
        await supervisor.warmUp();
      }
    } finally {
      await supervisor.dispose();
    }
  });

  test('a run the supervisor had to stop does not give its host back', async () => {
    const supervisor = await warmSupervisor(1);
    try {
      const started = supervisor.startRun({ code: 'while (true) {}', driver: 'host+isolated-vm' });
      setTimeout(() => started.stop(), 300);
      const r = await started.result;
      assert.equal(r.status, 'killed');
      const pid = hostPid(r);
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((res) => setTimeout(res, 10));
      assert.equal(alive(pid), false);
      const next = await run(supervisor, { code: '1', driver: 'host+isolated-vm' });
      assert.equal(next.status, 'ok');
      assert.notEqual(hostPid(next), pid);
    } finally {
      await supervisor.dispose();
    }
  });

  test('pooled hosts hold every canary: env, file (cwd is the run dir) and global are observed', async () => {
    const supervisor = await warmSupervisor(2);
    try {
      const env = await run(supervisor, { code: 'process.env.WORKBENCH_CANARY', driver: 'process' });
      assert.ok(env.notes.some((n) => n.startsWith('warm host')));
      assert.deepEqual(
        env.verdict.breaches.map((b) => b.canary),
        ['env'],
      );
      await supervisor.warmUp();
      const file = await run(supervisor, {
        code: "require('fs').readFileSync('canary.txt', 'utf8').trim()",
        driver: 'host',
      });
      assert.ok(file.notes.some((n) => n.startsWith('warm host')));
      assert.ok(
        file.verdict.breaches.some((b) => b.canary === 'file'),
        JSON.stringify(file.verdict),
      );
      await supervisor.warmUp();
      const global = await run(supervisor, { code: 'globalThis.__hostSecret', driver: 'host' });
      assert.ok(global.notes.some((n) => n.startsWith('warm host')));
      assert.ok(
        global.verdict.breaches.some((b) => b.canary === 'global'),
        JSON.stringify(global.verdict),
      );
    } finally {
      await supervisor.dispose();
    }
  });

  test('a host out with a run that may give it back is not replaced meanwhile; a discarded one is', async () => {
    const supervisor = await warmSupervisor(1);
    try {
      let inGuest: () => void = () => undefined;
      const spinning = new Promise<void>((resolve) => (inGuest = resolve));
      const started = supervisor.startRun(
        { code: 'console.log("in"); const t = Date.now(); while (Date.now() - t < 1500) {} 1', driver: 'host+quickjs' },
        { onOutput: () => inGuest() },
      );
      await spinning;
      // A contained host is a few processes (tracer, namespace wrapper and init, Node): count the host Nodes.
      const hostNodes = descendants(process.pid).filter((pid) => /node$/.test(describeProcess(pid).split(' ')[0]!));
      assert.equal(hostNodes.length, 1, 'only the host the run holds');
      const r = await started.result;
      assert.equal(r.status, 'ok');
      assert.deepEqual(supervisor.pool, { size: 1, idle: 1 });
      const stopped = supervisor.startRun({ code: 'while (true) {}', driver: 'host+quickjs' });
      setTimeout(() => stopped.stop(), 200);
      assert.equal((await stopped.result).status, 'killed');
      await supervisor.warmUp();
      assert.deepEqual(supervisor.pool, { size: 1, idle: 1 });
    } finally {
      await supervisor.dispose();
    }
  });

  test('a run with other message limits starts its own host; resizing to 0 stops the idle ones', async () => {
    const supervisor = await warmSupervisor(2);
    try {
      const r = await run(supervisor, { code: '1', driver: 'host+quickjs', limits: { maxMessageBytes: 128 * 1024 } });
      assert.equal(r.status, 'ok');
      assert.ok(!r.notes.some((n) => n.startsWith('warm host')), r.notes.join('; '));
      supervisor.setPoolSize(0);
      assert.deepEqual(supervisor.pool, { size: 0, idle: 0 });
    } finally {
      await supervisor.dispose();
    }
  });
  test('a reused host only ever serves guests that cannot read its memory', async () => {
    const supervisor = await warmSupervisor(1);
    try {
      const first = await run(supervisor, { code: '"run-one-secret"', driver: 'host+quickjs' });
      const plain = await run(supervisor, { code: 'process.pid', driver: 'host' });
      assert.notEqual(hostPid(plain), hostPid(first), 'a plain guest could read the first run from /proc/self/mem');
      assert.ok(!plain.notes.some((n) => n.includes('reused')), plain.notes.join('; '));
    } finally {
      await supervisor.dispose();
    }
  });

  test('100 reuses: no listener or descriptor growth in the host, and the host is replaced at its run cap', async () => {
    const supervisor = await warmSupervisor(1);
    const fdsOf = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;
    try {
      const pids: number[] = [];
      let firstFds = -1;
      for (let i = 0; i < MAX_RUNS_PER_HOST + 1; i++) {
        const r = await run(supervisor, { code: `"r${i}"`, driver: 'host+quickjs' });
        assert.equal(r.status, 'ok', r.error?.message);
        assert.doesNotMatch(r.stderr, /MaxListenersExceeded|memory leak/, `run ${i}`);
        const pid = hostPid(r);
        pids.push(pid);
        if (process.platform === 'linux' && i === 1) firstFds = fdsOf(pid);
        // Read after the 99th run: after the 100th the host has reached its cap and is being killed (reading its
        // descriptors then races with its end: ENOENT).
        if (process.platform === 'linux' && i === MAX_RUNS_PER_HOST - 2) assert.ok(fdsOf(pid) <= firstFds + 2);
      }
      assert.equal(new Set(pids.slice(0, MAX_RUNS_PER_HOST)).size, 1, 'one host served the first hundred runs');
      assert.notEqual(pids[MAX_RUNS_PER_HOST], pids[0], 'then it was replaced');
    } finally {
      await supervisor.dispose();
    }
  });
});
