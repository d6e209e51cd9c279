/*---
id: kill-own-host
title: Send SIGKILL to the guest's own host process
category: crash
goal: Kill the host (the embedding application) from the guest: an unprivileged signal to a process of the same user.
technique: In a child guest the host is process.ppid; in the host or a worker thread it is process.pid itself. Under node:vm `process` comes from the realm outside.
references: https://nodejs.org/api/process.html#processkillpid-signal, https://man7.org/linux/man-pages/man7/pid_namespaces.7.html
expect: * = contained; host = host-crashed; host+vm = host-crashed; worker = host-crashed; worker+vm = host-crashed; process = host-crashed; process+vm = host-crashed
---*/
// A thread shares the host's pid, so `worker` cannot protect. A child boundary promises the child dies
// alone; but a same-user child may signal its parent and the Permission Model does not cover signals (the
// capability table says so for `process`, and the matrix shows the host killed, under both policies). In
// bubblewrap's PID namespace the parent is the namespace's init, which ignores it. Only these two pids are
// ever signalled: the child-entry check keeps a host from signalling ITS parent (the supervisor).
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
const inChild = /child-entry/.test(P?.argv?.[1] ?? '');
const target = inChild ? P.ppid : P?.pid;
if (P) P.kill(target, 'SIGKILL');
P ? `sent SIGKILL to ${target} (${inChild ? 'parent' : 'own process'})` : 'no process object in this realm';
