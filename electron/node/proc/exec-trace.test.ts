import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecTraceParser, ROOT_PID, parseArgv, parseCall } from './exec-trace.ts';

test('file format (`N call`) and stream format (`[pid N] call`) give the same events', () => {
  const file = new ExecTraceParser().push('100  clone(child_stack=NULL, flags=SIGCHLD) = 101\n');
  const stream = new ExecTraceParser().push('[pid   100] clone(child_stack=NULL, flags=SIGCHLD) = 101\n');
  assert.deepEqual(file, [{ kind: 'spawn', parent: 100, child: 101, thread: false }]);
  assert.deepEqual(stream, file);
});

test('an unprefixed line is the first traced process', () => {
  const events = new ExecTraceParser().push(
    'execve("/usr/bin/unshare", ["unshare", "--pid"], 0x7ff /* 3 vars */) = 0\n',
  );
  assert.deepEqual(events, [{ kind: 'exec', pid: ROOT_PID, argv: ['unshare', '--pid'] }]);
});

test('a pid inside the run namespace is translated to the tracer’s', () => {
  const [e] = new ExecTraceParser().push(
    "[pid 16199] clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 9 /* 16248 in strace's PID NS */\n",
  );
  assert.deepEqual(e, { kind: 'spawn', parent: 16199, child: 16248, thread: false });
});

test('threads are marked, from clone3 flags', () => {
  const [e] = new ExecTraceParser().push(
    "[pid 5] clone3({flags=CLONE_VM|CLONE_THREAD|CLONE_SETTLS, stack=0x7}, 88) = 3 /* 77 in strace's PID NS */\n",
  );
  assert.deepEqual(e, { kind: 'spawn', parent: 5, child: 77, thread: true });
});

test('unfinished and resumed halves are joined, even across chunks and interleaved with other pids', () => {
  const p = new ExecTraceParser();
  const events = [
    ...p.push('[pid 1] vfork( <unfinished ...>\n[pid 2] execve("/bin/node", ["node", "a.js"], 0x5 /* 1 var */ <unfin'),
    ...p.push("ished ...>\n[pid 1] <... vfork resumed>) = 2 /* 2 in strace's PID NS */\n"),
    ...p.push('[pid 2] <... execve resumed>) = 0\n'),
  ];
  assert.deepEqual(events, [
    { kind: 'spawn', parent: 1, child: 2, thread: false },
    { kind: 'exec', pid: 2, argv: ['node', 'a.js'] },
  ]);
});

test('the first process’s call, begun unprefixed and resumed under its real pid, is joined and stays the first’s', () => {
  // strace starts prefixing once it traces a second task; if the child's exec is printed before the wrapper's
  // clone returns, the clone's two halves carry different pids (strace 6.1, a loaded machine).
  const p = new ExecTraceParser();
  const events = p.push(
    [
      'execve("/usr/bin/unshare", ["unshare", "--pid"], 0x7ff /* 3 vars */) = 0',
      'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f <unfinished ...>',
      '[pid  5101] execve("/bin/sh", ["/bin/sh", "-c", "…"], 0x7ffd /* 35 vars */) = 0',
      '[pid  5100] <... clone resumed>)        = 5101',
      '[pid  5100] execve("/bin/x", ["x"], 0x1 /* 1 var */) = 0',
      '',
    ].join('\n'),
  );
  assert.deepEqual(events, [
    { kind: 'exec', pid: ROOT_PID, argv: ['unshare', '--pid'] },
    { kind: 'exec', pid: 5101, argv: ['/bin/sh', '-c', '…'] },
    { kind: 'spawn', parent: ROOT_PID, child: 5101, thread: false },
    { kind: 'exec', pid: ROOT_PID, argv: ['x'] },
  ]);
});

test('a resumed call is taken as the first process’s only when that process has the same call unfinished', () => {
  const p = new ExecTraceParser();
  const events = p.push(
    [
      'clone(child_stack=NULL, flags=SIGCHLD <unfinished ...>',
      // Another pid resuming a different call it never began is dropped, and does not become the first process.
      '[pid  7] <... execve resumed>) = 0',
      '[pid  6] <... clone resumed>) = 7',
      '',
    ].join('\n'),
  );
  assert.deepEqual(events, [{ kind: 'spawn', parent: ROOT_PID, child: 7, thread: false }]);
});

test('failed calls are not events', () => {
  assert.equal(
    parseCall(3, 'execve("/root/bin/sh", ["sh"], 0x1 /* 2 vars */) = -1 ENOENT (No such file or directory)'),
    undefined,
  );
  assert.equal(
    parseCall(3, 'clone(child_stack=NULL, flags=SIGCHLD) = -1 EAGAIN (Resource temporarily unavailable)'),
    undefined,
  );
  assert.equal(parseCall(3, 'strace: Process 3 attached'), undefined);
});

test('argv escapes are undone and truncation is marked', () => {
  assert.deepEqual(parseArgv('execve("/bin/sh", ["sh", "-c", "echo \\"a\\tb\\" \\x1b[8m"], 0x1) = 0', 'execve'), [
    'sh',
    '-c',
    'echo "a\tb" \x1b[8m',
  ]);
  assert.deepEqual(parseArgv('execve("/x", ["x", "long"..., ...], 0x1) = 0', 'execve'), ['x', 'long…']);
});

test('a runaway line is cut, not buffered without bound', () => {
  const p = new ExecTraceParser();
  p.push('x'.repeat(200_000));
  const [e] = p.push('\n[pid 1] clone(flags=SIGCHLD) = 2\n');
  assert.deepEqual(e, { kind: 'spawn', parent: 1, child: 2, thread: false });
});

test('connect attempts give the port, IPv4 and IPv6, in progress or refused', () => {
  assert.deepEqual(
    parseCall(
      7,
      'connect(21, {sa_family=AF_INET, sin_port=htons(40123), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)',
    ),
    { kind: 'connect', pid: 7, port: 40123 },
  );
  assert.deepEqual(
    parseCall(
      7,
      'connect(3, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
    ),
    { kind: 'connect', pid: 7, port: 80 },
  );
  assert.equal(parseCall(7, 'connect(3, {sa_family=AF_UNIX, sun_path="/x"}, 110) = 0'), undefined);
});
