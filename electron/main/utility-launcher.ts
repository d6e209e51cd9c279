/**
 * Hosts in Electron's utilityProcess: the "Electron's utility process" host runtime, for machines without a
 * system Node ≥ 24. The host bundle runs on Electron's own Node; its bootstrap goes as the first message on
 * its parentPort (a utility process has no usable stdin). Electron does not put it in a process group of its
 * own, so killing it means the process and, from /proc, everything below it.
 */
import { utilityProcess } from 'electron';
import { descendants } from '../engine/process-tree.ts';
import type { HostHandle, HostLauncher } from '../engine/host-process.ts';
import type { NodeRuntime } from '../engine/node-runtime.ts';

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const launchUtilityHost: HostLauncher = (launch) => {
  const child = utilityProcess.fork(launch.entry, [], {
    cwd: launch.cwd,
    env: launch.env,
    execArgv: ['--disable-sigusr1'],
    stdio: 'pipe',
    serviceName: 'Workbench host',
  });
  child.postMessage(JSON.stringify(launch.bootstrap));
  let exited = false;
  const exitWaiters: Array<() => void> = [];
  child.once('exit', () => {
    exited = true;
    for (const waiter of exitWaiters.splice(0)) waiter();
  });
  const handle: HostHandle = {
    get pid() {
      return child.pid;
    },
    hostPid: () => child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    onExit: (listener) => void child.on('exit', (code) => listener(`code ${code}`)),
    onError: (listener) => void child.on('error', (type, location) => listener(new Error(`${type} at ${location}`))),
    closed: (timeoutMs) =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const t = setTimeout(resolve, timeoutMs);
        exitWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      }),
    kill: () => {
      killTree(child.pid);
      child.kill();
    },
  };
  return handle;
};

/** Electron's own Node as a host runtime; `hostEntry` is the built host bundle (out/main/host.js). */
export function utilityRuntime(): NodeRuntime {
  return {
    kind: 'electron-utility',
    path: process.execPath,
    version: process.version,
    launcher: launchUtilityHost,
  };
}
