/** A step's settings and expectation in words, and the lead-in sentence of its expectation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectationText, settingsText, splitLeadIn, stepDriver } from './step-text.ts';

test('settings in the order a reader needs them; aliases spelled as the engine does', () => {
  assert.equal(stepDriver({ driver: 'inline' }), 'host');
  assert.equal(stepDriver({}), 'worker');
  assert.equal(
    settingsText({
      code: '1',
      driver: 'process',
      limits: { timeoutMs: 2000, memoryMb: 64 },
      policy: { fsRead: ['$JAIL'], envAllow: ['PATH'], childProcess: true },
    }),
    'process · timeout 2000 ms · memory 64 MB · read $JAIL · child processes allowed · env PATH',
  );
  assert.equal(settingsText({ code: '1', driver: 'host+vm', policy: { envAllow: [] } }), 'host+vm · env (none)');
});

test('expectations in words', () => {
  assert.equal(
    expectationText({ status: 'memory-limit', stoppedBy: ['resource-limits', 'rss-watchdog'], escaped: false }),
    'status memory-limit · contained · stopped by resource-limits or rss-watchdog',
  );
  assert.equal(
    expectationText({
      result: [null, null],
      breaches: [],
      error: { name: 'RangeError', messageMatches: 'allocation' },
      peakRssMb: { host: { max: 200 }, 'child-1': { min: 250 } },
      memoryOvershootMb: { min: 300 },
    }),
    'no breach · result [null,null] · error RangeError matching /allocation/ · memory overshoot ≥ 300 MB · peak RSS of host ≤ 200 MB · peak RSS of child-1 ≥ 250 MB',
  );
});

test('the sentence that introduced the expectation fence is split off the watch text', () => {
  assert.deepEqual(splitLeadIn('The app shows:\n\nThe host RSS climbs.'), {
    leadIn: 'The app shows:',
    rest: 'The host RSS climbs.',
  });
  assert.deepEqual(splitLeadIn('The app shows:'), { leadIn: 'The app shows:', rest: '' });
  assert.deepEqual(splitLeadIn('The host RSS climbs.\n\nMore:'), { rest: 'The host RSS climbs.\n\nMore:' });
  assert.deepEqual(splitLeadIn('- a list:'), { rest: '- a list:' });
  assert.deepEqual(splitLeadIn(''), { rest: '' });
});
