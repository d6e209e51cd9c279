/** The one rule for how a guest's run ended (guest-outcome.ts): each row of its order, and what beats what. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideGuestOutcome, type GuestEnd } from './guest-outcome.ts';

const base: GuestEnd = {
  peakMemoryBytes: 100,
  memoryMb: 1,
  cleanExit: true,
  crash: { name: 'ChildExit', message: 'the child process exited with code 1 before its script finished' },
};
const ok = { t: 'done', ok: true, result: 42 } as const;
const failed = { t: 'done', ok: false, error: { name: 'TypeError', message: 'x' } } as const;
const limited = {
  t: 'done',
  ok: false,
  error: { name: 'Error', message: 'Script execution timed out' },
  limit: { status: 'timeout', stoppedBy: 'isolate-timeout' },
} as const;
const stopped = { reason: 'timeout', by: 'kill-child' } as const;
const oom = { message: 'FATAL ERROR: Reached heap limit', overshootBytes: 7 };
const thrown = { name: 'Error', message: 'thrown at the boundary' };

const ROWS: Array<[string, Partial<GuestEnd>, string, string | undefined]> = [
  // what it saw → status, error name
  [
    'stopped beats everything the guest said',
    { stopped, outOfMemory: oom, protocolError: 'p', done: ok },
    'timeout',
    undefined,
  ],
  [
    'a memory stop carries its overshoot',
    { stopped: { reason: 'memory-limit', by: 'rss-watchdog', overshootBytes: 5 } },
    'memory-limit',
    undefined,
  ],
  [
    'out of heap beats a broken protocol and a done',
    { outOfMemory: oom, protocolError: 'p', done: ok },
    'memory-limit',
    'OutOfMemory',
  ],
  [
    'a broken protocol beats a limit the guest claims',
    { protocolError: 'garbage', done: limited as never },
    'crashed',
    'ProtocolError',
  ],
  ['the evaluator’s own limit', { done: limited as never }, 'timeout', 'Error'],
  ['a boundary error beats the done’s', { thrown, done: failed as never }, 'error', 'Error'],
  [
    'an access-denied throw is denied',
    { thrown: { name: 'Error', message: 'no', code: 'ERR_ACCESS_DENIED' } },
    'denied',
    'Error',
  ],
  ['the guest’s own error', { done: failed as never }, 'error', 'TypeError'],
  ['done ok and a clean exit', { done: ok as never }, 'ok', undefined],
  ['done ok but an unclean exit is a crash', { done: ok as never, cleanExit: false }, 'crashed', 'ChildExit'],
  [
    'denied on stderr, no done',
    { cleanExit: false, deniedOnStderr: 'Access to this API has been restricted' },
    'denied',
    'Error',
  ],
  ['nothing said, an exit', { cleanExit: false }, 'crashed', 'ChildExit'],
];

for (const [what, facts, status, errorName] of ROWS)
  test(what, () => {
    const outcome = decideGuestOutcome({ ...base, ...facts });
    assert.equal(outcome.status, status);
    assert.equal(outcome.error?.name, errorName);
  });

test('details: the overshoot of a memory stop, the result of an ok run, the stop’s own enforcer', () => {
  const memory = decideGuestOutcome({
    ...base,
    stopped: { reason: 'memory-limit', by: 'rss-watchdog', overshootBytes: 5 },
  });
  assert.deepEqual(memory, {
    status: 'memory-limit',
    stoppedBy: 'rss-watchdog',
    peakMemoryBytes: 100,
    overshootBytes: 5,
  });
  const fine = decideGuestOutcome({ ...base, done: ok as never });
  assert.equal(fine.result, 42);
  assert.equal(decideGuestOutcome({ ...base, done: limited as never }).stoppedBy, 'isolate-timeout');
});
