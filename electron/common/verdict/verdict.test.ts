import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decideStatus, decideVerdict, type Observations, type StatusDecision, type StatusInputs } from './verdict.ts';
import type { GuestOutcome } from '../protocol/worker-protocol.ts';

const okOutcome: GuestOutcome = { status: 'ok', result: 42 };
const errorOutcome: GuestOutcome = { status: 'error', error: { name: 'TypeError', message: 'x is not a function' } };
const memoryOutcome: GuestOutcome = { status: 'memory-limit', stoppedBy: 'resource-limits' };

describe('decideStatus', () => {
  const table: Array<[string, StatusInputs, StatusDecision]> = [
    // The supervisor's own stop wins over whatever else happened.
    ['timeout, no outcome', { stop: 'timeout' }, { status: 'timeout', stoppedBy: 'kill-host' }],
    [
      'timeout beats an ok outcome',
      { stop: 'timeout', outcome: okOutcome },
      { status: 'timeout', stoppedBy: 'kill-host' },
    ],
    [
      'timeout keeps the enforcer the host named',
      { stop: 'timeout', outcome: { status: 'timeout', stoppedBy: 'terminate-worker' } },
      { status: 'timeout', stoppedBy: 'terminate-worker' },
    ],
    [
      'killed beats a violation',
      { stop: 'killed', violation: 'bad frame' },
      { status: 'killed', stoppedBy: 'kill-host' },
    ],
    [
      'memory-limit beats a handshake failure',
      { stop: 'memory-limit', handshake: 'no auth' },
      { status: 'memory-limit', stoppedBy: 'kill-host' },
    ],
    [
      'output-limit is the supervisor output cap',
      { stop: 'output-limit' },
      { status: 'output-limit', stoppedBy: 'supervisor-output-cap' },
    ],
    [
      'output-limit ignores the host enforcer',
      { stop: 'output-limit', outcome: memoryOutcome },
      { status: 'output-limit', stoppedBy: 'supervisor-output-cap' },
    ],
    // Then the host's report, as it is.
    ['ok outcome passes through', { outcome: okOutcome }, { status: 'ok' }],
    ['error outcome keeps its error', { outcome: errorOutcome }, { status: 'error', error: errorOutcome.error! }],
    [
      'outcome stoppedBy passes through',
      { outcome: memoryOutcome },
      { status: 'memory-limit', stoppedBy: 'resource-limits' },
    ],
    ['outcome beats a later violation', { outcome: okOutcome, violation: 'late garbage' }, { status: 'ok' }],
    [
      'outcome beats a handshake note',
      { outcome: errorOutcome, handshake: 'slow' },
      { status: 'error', error: errorOutcome.error! },
    ],
    // Then a protocol violation.
    [
      'violation without outcome',
      { violation: 'frame too big' },
      {
        status: 'error',
        error: { name: 'ProtocolViolation', message: 'the host connection was closed: frame too big' },
      },
    ],
    [
      'violation beats handshake',
      { violation: 'v', handshake: 'h' },
      { status: 'error', error: { name: 'ProtocolViolation', message: 'the host connection was closed: v' } },
    ],
    // Then a failed handshake, then nothing at all.
    [
      'handshake failure',
      { handshake: 'the host did not connect' },
      { status: 'host-crashed', error: { name: 'HostStartFailed', message: 'the host did not connect' } },
    ],
    [
      'nothing observed',
      {},
      {
        status: 'host-crashed',
        error: { name: 'HostCrashed', message: 'the host process ended before reporting a result' },
      },
    ],
  ];
  for (const [name, inputs, expected] of table) {
    test(name, () => assert.deepEqual(decideStatus(inputs), expected));
  }
});

describe('decideVerdict', () => {
  const none: Observations = {
    tokenHits: [],
    canaryConnections: [],
    fsChanges: [],
    foreignProcesses: [],
    hostDied: false,
  };

  test('nothing observed: not escaped, no breaches', () => {
    assert.deepEqual(decideVerdict(none), { escaped: false, breaches: [] });
  });

  const single: Array<[string, Partial<Observations>, string, RegExp]> = [
    [
      'env token',
      { tokenHits: [{ canary: 'env', encoding: 'plain', where: 'stdout' }] },
      'env',
      /^the WORKBENCH_CANARY environment variable appeared in the stdout$/,
    ],
    [
      'global token, encoded',
      { tokenHits: [{ canary: 'global', encoding: 'base64', where: 'result' }] },
      'global',
      /__hostSecret appeared in the result \(base64\)$/,
    ],
    [
      'file token',
      { tokenHits: [{ canary: 'file', encoding: 'reversed', where: 'stderr' }] },
      'file',
      /canary\.txt appeared in the stderr \(reversed\)$/,
    ],
    [
      'canary connection',
      {
        canaryConnections: [
          { remote: '127.0.0.1:5000', atMs: 12.6 },
          { remote: '127.0.0.1:5001', atMs: 20 },
        ],
      },
      'network',
      /^2 connection\(s\) .* first from 127\.0\.0\.1:5000 at 13 ms$/,
    ],
    [
      'fs change',
      { fsChanges: [{ path: '/tmp/x', change: 'created' }] },
      'fs-write',
      /^outside the jail: created \/tmp\/x$/,
    ],
    [
      'foreign process',
      {
        foreignProcesses: [
          { pid: 99, command: 'sh' },
          { pid: 100, command: '' },
        ],
      },
      'child-process',
      /^2 processes the driver did not start: pid 99 \(sh\), pid 100 \(\?\)$/,
    ],
    ['host died', { hostDied: true }, 'host-crash', /^the host process died during the run$/],
    [
      "host's built-ins changed",
      { integrity: { changes: ['Object.prototype.x added', 'Array.prototype.includes replaced'], total: 2 } },
      'integrity',
      /^host built-ins changed: Object\.prototype\.x added, Array\.prototype\.includes replaced$/,
    ],
    [
      "host's built-ins changed, more than named",
      { integrity: { changes: ['Math.random replaced'], total: 31 } },
      'integrity',
      /^host built-ins changed: Math\.random replaced and 30 more$/,
    ],
  ];
  for (const [name, partial, canary, evidence] of single) {
    test(`${name} → one ${canary} breach`, () => {
      const v = decideVerdict({ ...none, ...partial });
      assert.equal(v.escaped, true);
      assert.equal(v.breaches.length, 1);
      assert.equal(v.breaches[0]?.canary, canary);
      assert.match(v.breaches[0]?.evidence ?? '', evidence);
    });
  }

  test('an integrity report naming nothing changed is no breach', () => {
    assert.deepEqual(decideVerdict({ ...none, integrity: { changes: [], total: 0 } }), {
      escaped: false,
      breaches: [],
    });
  });

  test('one breach per kind of observation, however many observations of that kind', () => {
    const v = decideVerdict({
      tokenHits: [{ canary: 'env', encoding: 'plain', where: 'stdout' }],
      canaryConnections: [1, 2, 3].map((i) => ({ remote: `r${i}`, atMs: i })),
      fsChanges: Array.from({ length: 8 }, (_, i) => ({ path: `/p${i}`, change: 'modified' })),
      foreignProcesses: Array.from({ length: 5 }, (_, i) => ({ pid: i + 1, command: `c${i}` })),
      hostDied: true,
    });
    assert.equal(v.escaped, true);
    assert.deepEqual(
      v.breaches.map((b) => b.canary),
      ['env', 'network', 'fs-write', 'child-process', 'host-crash'],
    );
  });

  test('long lists are cut: 5 file changes and 3 processes named', () => {
    const v = decideVerdict({
      ...none,
      fsChanges: Array.from({ length: 8 }, (_, i) => ({ path: `/p${i}`, change: 'deleted' })),
      foreignProcesses: Array.from({ length: 5 }, (_, i) => ({ pid: i + 1, command: `c${i}` })),
    });
    const fs = v.breaches.find((b) => b.canary === 'fs-write')?.evidence ?? '';
    assert.match(fs, /deleted \/p4 and 3 more$/);
    assert.doesNotMatch(fs, /\/p5/);
    const procs = v.breaches.find((b) => b.canary === 'child-process')?.evidence ?? '';
    assert.match(procs, /^5 processes .* pid 3 \(c2\) and 2 more$/);
    assert.doesNotMatch(procs, /pid 4/);
  });

  test('processes counted but not kept are in the count: 300 started, 100 kept, 3 named', () => {
    const v = decideVerdict({
      ...none,
      foreignProcesses: Array.from({ length: 100 }, (_, i) => ({ pid: 1000 + i, command: 'sleep 30' })),
      foreignProcessTotal: 300,
    });
    assert.equal(
      v.breaches[0]?.evidence,
      '300 processes the driver did not start: pid 1000 (sleep 30), pid 1001 (sleep 30), pid 1002 (sleep 30) and 297 more',
    );
    const one = decideVerdict({ ...none, foreignProcesses: [{ pid: 7, command: 'id' }], foreignProcessTotal: 0 });
    assert.equal(one.breaches[0]?.evidence, '1 process the driver did not start: pid 7 (id)', 'never fewer than named');
  });

  test('each token hit is its own breach', () => {
    const v = decideVerdict({
      ...none,
      tokenHits: [
        { canary: 'env', encoding: 'hex', where: 'stdout' },
        { canary: 'file', encoding: 'plain', where: 'result' },
      ],
    });
    assert.deepEqual(
      v.breaches.map((b) => b.canary),
      ['env', 'file'],
    );
  });
});
