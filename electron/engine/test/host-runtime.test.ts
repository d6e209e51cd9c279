/**
 * The "Host runtime" setting: which runtimes exist, what each can run, choosing one, and a runtime that
 * brings its own launcher (the shape Electron's utilityProcess takes: no process group, bootstrap as the
 * first parentPort message).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run, useIsolatedEngine } from './harness.ts';
import { Supervisor, type RuntimeChoice } from '../supervisor.ts';
import { listDrivers } from '../drivers.ts';
import { findNodeRuntime, type NodeRuntime } from '../node-runtime.ts';
import { descendants } from '../process-tree.ts';
import type { HostLauncher } from '../host-process.ts';
import { WorkbenchError } from '../../common/protocol/errors.ts';

useIsolatedEngine();
const shim = fileURLToPath(new URL('./fixtures/parent-port-host.ts', import.meta.url));

/** Like utilityProcess: an ordinary child (no own group), bootstrap as a message, killed as a tree. */
const parentPortLauncher: HostLauncher = (launch) => {
  const node = findNodeRuntime();
  const child = spawn(node.path, ['--disable-sigusr1', shim], {
    cwd: launch.cwd,
    env: launch.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(JSON.stringify(launch.bootstrap));
  return {
    pid: child.pid,
    hostPid: () => child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    onExit: (l) => void child.on('exit', (code, signal) => l(signal ?? `code ${code}`)),
    onError: (l) => void child.on('error', l),
    closed: (ms) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const t = setTimeout(resolve, ms);
        child.once('close', () => (clearTimeout(t), resolve()));
      }),
    kill: () => {
      for (const pid of [...descendants(child.pid ?? -1), child.pid ?? -1]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    },
  };
};

const utility = (): NodeRuntime => ({
  kind: 'electron-utility',
  path: findNodeRuntime().path,
  version: 'v24.21.0',
  launcher: parentPortLauncher,
});
const choices: RuntimeChoice[] = [
  { kind: 'electron-utility', label: 'utility', resolve: utility },
  { kind: 'node', label: 'node', resolve: findNodeRuntime },
];

describe('host runtimes', () => {
  test("Electron's own Node cannot run isolated-vm or child guests, and says why", () => {
    const drivers = listDrivers(utility());
    const byId = new Map(drivers.map((d) => [d.id, d]));
    for (const id of ['host+isolated-vm', 'worker+isolated-vm']) {
      assert.equal(byId.get(id)?.available, false, id);
      assert.match(byId.get(id)?.reason ?? '', /isolated-vm cannot load inside Electron's own Node/);
    }
    for (const id of ['process', 'os-sandbox+quickjs']) {
      assert.equal(byId.get(id)?.available, false, id);
      assert.match(byId.get(id)?.reason ?? '', /child guest needs a Node binary/);
    }
    for (const id of ['host', 'worker', 'host+vm', 'worker+quickjs']) assert.equal(byId.get(id)?.available, true, id);
  });

  test('outside the desktop app only the system Node is offered', () => {
    const listed = new Supervisor().runtimeChoices();
    assert.deepEqual(
      listed.map((c) => [c.kind, c.available, c.selected]),
      [
        ['node', true, true],
        ['electron-utility', false, false],
      ],
    );
    assert.match(listed[1]!.reason ?? '', /only in the desktop app/);
    assert.throws(() => new Supervisor().selectRuntime('electron-utility'), /only in the desktop app/);
    assert.throws(
      () => new Supervisor().selectRuntime('java'),
      (e: unknown) => e instanceof WorkbenchError && e.code === 'bad-argument',
    );
  });

  test('choosing a runtime changes how the next runs are hosted and what is available', async () => {
    const supervisor = new Supervisor({ runtimes: choices });
    assert.equal(supervisor.runtime.kind, 'electron-utility');
    assert.throws(
      () => supervisor.startRun({ code: '1', driver: 'process' }),
      (e: unknown) => e instanceof WorkbenchError && e.code === 'unavailable',
    );
    for (const driver of ['host', 'worker', 'worker+quickjs']) {
      const r = await run(supervisor, { code: 'console.log("via parentPort"); 1 + 1', driver });
      assert.equal(r.status, 'ok', `${driver}: ${r.error?.message} ${r.notes.join('; ')}`);
      assert.equal(r.result, 2);
      assert.match(r.stdout, /via parentPort/);
      assert.ok(
        r.workers.some((w) => w.kind === 'host' && (w.pid ?? 0) > 0),
        'the host was observed under the pid its launcher reported',
      );
    }
    const stopped = await run(supervisor, { code: 'while (true) {}', driver: 'worker', limits: { timeoutMs: 300 } });
    assert.equal(stopped.status, 'timeout');
    assert.equal(supervisor.selectRuntime('node').kind, 'node');
    assert.equal(supervisor.runtimeChoices().find((c) => c.selected)?.kind, 'node');
    const r = await run(supervisor, { code: '1 + 1', driver: 'process' });
    assert.equal(r.status, 'ok');
    await supervisor.dispose();
  });
});

/**
 * The same launcher, but its host's pid is known only `revealAfterMs` after the launch (never, when undefined):
 * what a traced host looks like when strace's output lags behind the host's connection on a loaded machine.
 */
function latePidLauncher(revealAfterMs: number | undefined): HostLauncher {
  return (launch) => {
    const handle = parentPortLauncher(launch);
    let known = false;
    const revealed = new Promise<void>((resolve) => {
      if (revealAfterMs !== undefined) setTimeout(() => ((known = true), resolve()), revealAfterMs);
    });
    return {
      ...handle,
      hostPid: () => (known ? handle.hostPid() : undefined),
      whenHostPid: (timeoutMs, signal) =>
        new Promise((resolve) => {
          const giveUp = setTimeout(() => resolve(undefined), timeoutMs);
          signal?.addEventListener('abort', () => (clearTimeout(giveUp), resolve(undefined)), { once: true });
          void revealed.then(() => (clearTimeout(giveUp), resolve(handle.hostPid())));
        }),
    };
  };
}

describe('a host whose pid is known only after it connected (the process trace lagging)', () => {
  /** One `1 + 1` run on such a host: its result, and the pid of each announcement of the host. */
  async function runAnnouncing(revealAfterMs: number | undefined) {
    const supervisor = new Supervisor({
      runtimes: [
        {
          kind: 'electron-utility',
          label: 'utility',
          resolve: () => ({ ...utility(), launcher: latePidLauncher(revealAfterMs) }),
        },
      ],
    });
    const announced: Array<number | undefined> = [];
    const r = await supervisor.startRun(
      { code: '1 + 1', driver: 'worker' },
      { onWorker: (w) => void (w.id === 'host' && announced.push(w.pid)) },
    ).result;
    await supervisor.dispose();
    assert.equal(r.status, 'ok', `${r.error?.message} ${r.notes.join('; ')}`);
    return { r, announced };
  }

  test('the run waits for it: the host is announced with its real pid, never a made-up one', async () => {
    const { r, announced } = await runAnnouncing(300);
    assert.ok(announced.length > 0, 'the host was announced');
    // Before, the host was announced with pid 0 — and a caller that signals it signals its own process group.
    for (const pid of announced) assert.ok(pid !== undefined && pid > 0, `announced with pid ${pid}`);
    assert.ok(
      r.workers.some((w) => w.kind === 'host' && (w.pid ?? 0) > 0),
      'the result names the host by its pid',
    );
    assert.ok(!r.notes.some((n) => /was not known/.test(n)), r.notes.join('; '));
  });

  test('a pid that never becomes known: the run still ends, the host has no pid, and a note says why', async () => {
    const { r, announced } = await runAnnouncing(undefined);
    assert.deepEqual(announced, [undefined]);
    assert.ok(
      r.notes.some((n) => /the host's process was not known 3000 ms after it connected/.test(n)),
      r.notes.join('; '),
    );
  });
});
