/** Every unstable cell gets a cause; a combination no timing explains says so instead of guessing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainInstability } from './instability.ts';

test('held one run, not the next: the budget is sampled, not guaranteed', () => {
  assert.match(explainInstability(['limit-enforced', 'limit-bypassed']), /edge of the budget’s tolerance/);
  assert.match(explainInstability(['limit-bypassed', 'limit-enforced']), /not guaranteed/);
});

test('stopped at its limit one run, a fatal out-of-memory crash the next', () => {
  assert.match(explainInstability(['host-crashed', 'limit-enforced']), /fatal out-of-memory handler/);
  assert.match(explainInstability(['limit-bypassed', 'host-crashed']), /fatal out-of-memory handler/);
});

test('an escape in any run is a race, and the cell counts as escaped', () => {
  assert.match(explainInstability(['contained', 'escaped']), /race[\s\S]*escapes in any run is escaped/);
  assert.match(explainInstability(['escaped', 'limit-enforced']), /race/);
});

test('finishing close to a limit, and a run that errored', () => {
  assert.match(explainInstability(['contained', 'limit-enforced']), /close to a limit/);
  assert.match(explainInstability(['error', 'contained']), /ended in an error/);
});

test('a combination no timing explains is said to be unexplained', () => {
  assert.match(explainInstability(['contained', 'host-crashed']), /^not explained/);
});
