import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { BOUNDARIES, EVALUATORS, formatDriverId, parseDriverId, type DriverId } from './driver-id.ts';

describe('parseDriverId', () => {
  const good: Array<[string, DriverId, string]> = [
    // Aliases from DESIGN.md §1.
    ['inline', { boundary: 'host', evaluator: 'plain' }, 'host'],
    ['vm', { boundary: 'host', evaluator: 'vm' }, 'host+vm'],
    ['isolated-vm', { boundary: 'host', evaluator: 'isolated-vm' }, 'host+isolated-vm'],
    ['quickjs', { boundary: 'host', evaluator: 'quickjs' }, 'host+quickjs'],
    // Canonical forms.
    ['host', { boundary: 'host', evaluator: 'plain' }, 'host'],
    ['worker', { boundary: 'worker', evaluator: 'plain' }, 'worker'],
    ['process', { boundary: 'process', evaluator: 'plain' }, 'process'],
    ['os-sandbox', { boundary: 'os-sandbox', evaluator: 'plain' }, 'os-sandbox'],
    ['worker+vm', { boundary: 'worker', evaluator: 'vm' }, 'worker+vm'],
    ['process+quickjs', { boundary: 'process', evaluator: 'quickjs' }, 'process+quickjs'],
    ['os-sandbox+isolated-vm', { boundary: 'os-sandbox', evaluator: 'isolated-vm' }, 'os-sandbox+isolated-vm'],
    // `plain` spelled out is accepted and formatted away.
    ['worker+plain', { boundary: 'worker', evaluator: 'plain' }, 'worker'],
    // Surrounding whitespace is ignored, also around aliases.
    ['  process  ', { boundary: 'process', evaluator: 'plain' }, 'process'],
    [' vm\n', { boundary: 'host', evaluator: 'vm' }, 'host+vm'],
  ];
  for (const [input, id, canonical] of good) {
    test(`${JSON.stringify(input)} → ${canonical}`, () => {
      const r = parseDriverId(input);
      assert.ok(r.ok, !r.ok ? r.reason : '');
      assert.deepEqual(r.id, id);
      assert.equal(formatDriverId(r.id), canonical);
    });
  }

  test('every boundary × evaluator combination round-trips through its canonical form', () => {
    for (const boundary of BOUNDARIES) {
      for (const evaluator of EVALUATORS) {
        const text = formatDriverId({ boundary, evaluator });
        assert.equal(text.includes('plain'), false);
        const r = parseDriverId(text);
        assert.ok(r.ok);
        assert.deepEqual(r.id, { boundary, evaluator });
      }
    }
  });

  const bad: Array<[string, RegExp]> = [
    ['', /unknown boundary ""/],
    ['docker', /unknown boundary "docker"/],
    ['Worker', /unknown boundary "Worker"/],
    ['plain', /unknown boundary "plain"/],
    ['inline+vm', /unknown boundary "inline"/], // aliases are whole ids, not boundaries
    ['worker+v8', /unknown evaluator "v8"/],
    ['worker+', /unknown evaluator ""/],
    ['+vm', /unknown boundary ""/],
    ['worker+vm+quickjs', /more than one "\+"/],
    ['host++vm', /more than one "\+"/],
    ['worker + vm', /unknown boundary "worker "/],
    ['__proto__', /unknown boundary "__proto__"/],
    ['toString', /unknown boundary "toString"/],
  ];
  for (const [input, reason] of bad) {
    test(`rejects ${JSON.stringify(input)}`, () => {
      const r = parseDriverId(input);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && reason.test(r.reason), !r.ok ? r.reason : '');
    });
  }

  test('the reason lists the known names', () => {
    const r = parseDriverId('nope');
    assert.ok(!r.ok && BOUNDARIES.every((b) => r.reason.includes(b)));
    const e = parseDriverId('host+nope');
    assert.ok(!e.ok && EVALUATORS.every((x) => e.reason.includes(x)));
  });
});
