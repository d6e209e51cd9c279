import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_FOREIGN_KEPT, ProcessLedger } from './process-ledger.ts';
import { ExecTraceParser, ROOT_PID, type TraceEvent } from './exec-trace.ts';

const spawn = (parent: number, child: number, thread = false): TraceEvent => ({ kind: 'spawn', parent, child, thread });
const exec = (pid: number, ...argv: string[]): TraceEvent => ({ kind: 'exec', pid, argv });

/** wrapper (ROOT) → init 10 → host 11 (with two threads). */
function containedHost(): ProcessLedger {
  const l = new ProcessLedger();
  for (const e of [
    exec(ROOT_PID, 'unshare'),
    spawn(ROOT_PID, 10),
    exec(10, '/bin/sh', '-c', '…'),
    spawn(10, 11),
    exec(11, 'node', 'host.js'),
    spawn(11, 12, true),
    spawn(11, 13, true),
  ])
    l.apply(e);
  return l;
}

test('the fixed shape: wrapper, init, host', () => {
  const l = containedHost();
  assert.equal(l.initPid, 10);
  assert.equal(l.hostPid, 11);
  assert.equal(l.roleOf(12), 'host', 'a thread belongs to its process');
  assert.deepEqual(l.foreign(), []);
});

test('the host is named when the wrapper’s clone is printed in two halves with different prefixes', () => {
  // The line order strace printed for a run on a loaded machine: before the parser joined these halves, init
  // was never known, so neither was the host (its spawn waited for a parent the ledger never met).
  const l = new ProcessLedger();
  const p = new ExecTraceParser();
  const lines = [
    'execve("/usr/bin/unshare", ["unshare", "--user", "--pid", "--fork"], 0x7ffc /* 35 vars */) = 0',
    'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f48 <unfinished ...>',
    '[pid 13046] execve("/bin/sh", ["/bin/sh", "-c", "\\"$0\\" \\"$@\\"; exit $?", "/usr/bin/node", "host.js"], 0x7ffd /* 35 vars */) = 0',
    '[pid 13045] <... clone resumed>)        = 13046',
    '[pid 13046] vfork( <unfinished ...>',
    '[pid 13047] execve("/usr/bin/node", ["/usr/bin/node", "host.js"], 0x55cd /* 35 vars */ <unfinished ...>',
    "[pid 13046] <... vfork resumed>)        = 2 /* 13047 in strace's PID NS */",
    '[pid 13047] <... execve resumed>)       = 0',
    '',
  ];
  for (const e of p.push(lines.join('\n'))) l.apply(e);
  assert.equal(l.initPid, 13046);
  assert.equal(l.hostPid, 13047);
  assert.deepEqual(l.foreign(), []);
});

for (const boundary of ['host', 'worker'] as const) {
  test(`${boundary}: any process the host starts is foreign, even from one of its threads`, () => {
    const l = containedHost();
    l.beginRun(boundary);
    assert.deepEqual(l.apply(spawn(13, 20)), { pid: 20, parent: 11 });
    l.apply(exec(20, '/bin/sh', '-c', 'true'));
    assert.deepEqual(l.foreign(), [{ pid: 20, parent: 11, argv: ['/bin/sh', '-c', 'true'] }]);
  });
}

test('process: the host’s first process after start is the driver’s; what it starts is foreign', () => {
  const l = containedHost();
  l.beginRun('process');
  assert.equal(l.apply(spawn(11, 20)), undefined);
  l.apply(exec(20, 'node', 'child-entry.js'));
  assert.equal(l.guestChildPid, 20);
  assert.ok(l.apply(spawn(20, 21)));
  assert.ok(l.apply(spawn(11, 22)), 'a second process of the host is not the driver’s');
  assert.deepEqual(
    l.foreign().map((p) => p.pid),
    [21, 22],
  );
});

test('os-sandbox: bubblewrap’s forks are the sandbox’s until its one exec; after that everything is foreign', () => {
  const l = containedHost();
  l.beginRun('os-sandbox');
  l.apply(spawn(11, 30));
  l.apply(exec(30, 'bwrap', '--unshare-pid'));
  l.apply(spawn(30, 31));
  l.apply(spawn(31, 32));
  assert.equal(l.apply(exec(32, 'node', 'child-entry.js')), undefined);
  assert.equal(l.guestChildPid, 32);
  assert.deepEqual(l.roleOf(31), 'sandbox');
  assert.ok(l.apply(spawn(32, 33)));
  assert.ok(l.apply(spawn(31, 34)), 'bubblewrap starting another process after the guest is not expected');
  assert.deepEqual(l.apply(exec(30, 'sh')), { pid: 30, parent: 11, argv: ['sh'] });
});

test('daemons stay attributed: reparenting does not change who created a process', () => {
  const l = containedHost();
  l.beginRun('host');
  l.apply(spawn(11, 40));
  l.apply(spawn(40, 41)); // setsid child of a short-lived shell
  assert.deepEqual(
    l.foreign().map((p) => p.pid),
    [40, 41],
  );
});

test('the wrapper and init starting anything else is foreign (nothing of the run is trusted by position twice)', () => {
  const l = containedHost();
  l.beginRun('process');
  assert.ok(l.apply(spawn(10, 50)));
  assert.ok(l.apply(spawn(ROOT_PID, 51)));
});

test('a reused host starts a fresh run: the next process is the new driver child, old foreign ones are not carried', () => {
  const l = containedHost();
  l.beginRun('host');
  l.apply(spawn(11, 60));
  l.beginRun('process');
  assert.deepEqual(l.foreign(), []);
  assert.equal(l.apply(spawn(11, 61)), undefined);
  assert.equal(l.guestChildPid, 61);
});

test('a fork bomb is bounded: commands kept up to the cap, the rest counted', () => {
  const l = containedHost();
  l.beginRun('host');
  for (let pid = 100; pid < 100 + MAX_FOREIGN_KEPT + 50; pid++) l.apply(spawn(11, pid));
  assert.equal(l.foreign().length, MAX_FOREIGN_KEPT);
  assert.equal(l.foreignCount, MAX_FOREIGN_KEPT + 50);
});

test('a child’s exec printed before its parent’s clone returns is applied when the clone arrives', () => {
  const l = containedHost();
  l.beginRun('os-sandbox');
  l.apply(spawn(11, 30));
  l.apply(exec(30, 'bwrap'));
  l.apply(spawn(30, 31));
  l.apply(exec(32, 'node', 'child-entry.js')); // before 31's clone of 32 is in the record
  assert.equal(l.apply(spawn(31, 32)), undefined);
  assert.equal(l.guestChildPid, 32);
  assert.deepEqual(l.foreign(), []);
});

test('connect attempts are remembered by port, per run', () => {
  const l = containedHost();
  l.beginRun('host');
  l.apply({ kind: 'connect', pid: 11, port: 4321 });
  assert.equal(l.connectedTo(4321), true);
  l.beginRun('host');
  assert.equal(l.connectedTo(4321), false);
});

test('connect attempts are timed as they are read: first and last, asked for within a window', () => {
  let now = 0;
  const l = new ProcessLedger(() => now);
  l.beginRun('host');
  now = 100;
  l.apply({ kind: 'connect', pid: 11, port: 4321 });
  now = 300;
  l.apply({ kind: 'connect', pid: 11, port: 4321 });
  assert.equal(l.connectedTo(4321), true);
  assert.equal(l.connectedTo(4321, 0, 99), false, 'before the first attempt');
  assert.equal(l.connectedTo(4321, 301), false, 'after the last attempt');
  assert.equal(l.connectedTo(4321, 150, 250), true, 'between the first and the last (conservative)');
  assert.equal(l.connectedTo(4321, 300, 400), true);
  assert.equal(l.connectedTo(4322), false);
});

test('a spawn by a thread whose own creation is printed later is attributed once the thread is known', () => {
  const l = containedHost();
  l.beginRun('process');
  assert.equal(l.apply(spawn(14, 20)), undefined, 'thread 14 is not known yet: wait');
  l.apply(spawn(11, 14, true));
  l.apply(exec(20, 'node', 'child-entry.js'));
  assert.equal(l.guestChildPid, 20, 'the driver’s child, not a foreign process');
  assert.deepEqual(l.foreign(), []);
});
