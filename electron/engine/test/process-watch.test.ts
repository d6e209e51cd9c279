/**
 * The process watch of an uncontained host (sampled: no trace, no namespace) kills at the end only what it saw
 * during the run — and only while a pid still names the process it saw, since pids wrap and are reused.
 */
import { mock, test } from 'node:test';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { ProcessWatch } from '../process-watch.ts';
import { processIdentity } from '../process-tree.ts';
import type { HostHandle } from '../host-handle.ts';
import { alive } from './harness.ts';

/** A stand-in host: a shell with one long-running child, as a guest's process would be. */
function fakeHost(): { host: ChildProcess; handle: HostHandle; child: () => Promise<number> } {
  const host = spawn('/bin/sh', ['-c', 'sleep 30 & echo $!; wait $!'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const child = new Promise<number>((resolve) => host.stdout!.once('data', (d: Buffer) => resolve(Number(String(d)))));
  const handle = {
    pid: host.pid,
    hostPid: () => host.pid,
    stdout: null,
    stderr: null,
    onExit: () => undefined,
    onError: () => undefined,
    closed: async () => undefined,
    kill: () => host.kill('SIGKILL'),
  } satisfies HostHandle;
  return { host, handle, child: () => child };
}

test('a process seen during the run and still the same at the end is killed', async () => {
  const { host, handle, child } = fakeHost();
  const pid = await child();
  const watch = new ProcessWatch(handle, 'host');
  watch.collect();
  const hostExit = once(host, 'exit');
  watch.killAll();
  // The shell waits for its child and ends when it does: the child was killed.
  const [code, signal] = await hostExit;
  assert.deepEqual([code, signal], [137, null], 'the shell saw its child killed (wait returns 128 + 9)');
  assert.equal(processIdentity(pid), undefined, `pid ${pid} survived`);
});

test('a pid that names another process by the end (reused) is left alone', async () => {
  const { host, handle, child } = fakeHost();
  const pid = await child();
  // First look: the real identity; at the end: a different one, as after the process ended and its pid was reused.
  let reused = false;
  const watch = new ProcessWatch(handle, 'host', (p) => (reused && p === pid ? `${p}@another` : processIdentity(p)));
  watch.collect();
  reused = true;
  const kill = mock.method(process, 'kill');
  try {
    watch.killAll();
  } finally {
    kill.mock.restore();
  }
  assert.deepEqual(
    kill.mock.calls.map((c) => c.arguments[0]),
    [],
    'no signal was sent to a pid that names another process',
  );
  assert.ok(alive(pid));
  process.kill(pid, 'SIGKILL');
  host.kill('SIGKILL');
});
