import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesOf, type DriverCapabilities } from './capabilities.ts';
import { BOUNDARIES, EVALUATORS, type Boundary, type Evaluator } from '../run/driver-id.ts';
import { CANARY_NAMES } from '../run/result.ts';

const LIMITS = ['timeout', 'memory', 'output', 'permissions', 'env', 'network'] as const;
const LEVELS = ['protected', 'with-policy', 'exposed'];

const ALL: { id: string; boundary: Boundary; evaluator: Evaluator; caps: DriverCapabilities }[] = BOUNDARIES.flatMap(
  (boundary) =>
    EVALUATORS.map((evaluator) => ({
      id: evaluator === 'plain' ? boundary : `${boundary}+${evaluator}`,
      boundary,
      evaluator,
      caps: capabilitiesOf(boundary, evaluator),
    })),
);

const level = (caps: DriverCapabilities, canary: (typeof CANARY_NAMES)[number]): string => caps.canaries[canary].level;

describe('every driver', () => {
  test('the table covers every boundary × evaluator', () => {
    assert.equal(ALL.length, BOUNDARIES.length * EVALUATORS.length);
    assert.equal(ALL.length, 28);
  });

  for (const { id, caps } of ALL) {
    test(`${id}: declares every canary exactly, with a level and a reason`, () => {
      assert.deepEqual(Object.keys(caps.canaries).toSorted(), [...CANARY_NAMES].toSorted());
      assert.equal(CANARY_NAMES.length, 8);
      for (const name of CANARY_NAMES) {
        const p = caps.canaries[name];
        assert.ok(LEVELS.includes(p.level), `${id} ${name}: level ${p.level}`);
        assert.equal(typeof p.how, 'string');
        assert.ok(p.how.trim().length > 0, `${id} ${name}: empty how`);
      }
    });

    test(`${id}: declares every limit with a mechanism or a reason`, () => {
      for (const limit of LIMITS) {
        const e = caps[limit];
        assert.equal(typeof e.enforced, 'boolean', `${id} ${limit}`);
        assert.ok(e.how.trim().length > 0, `${id} ${limit}: empty how`);
      }
    });

    test(`${id}: timeout and output are always enforced`, () => {
      assert.equal(caps.timeout.enforced, true);
      assert.equal(caps.output.enforced, true);
    });
  }
});

describe('claims the product makes', () => {
  test('host: memory is not enforced, and every canary is exposed', () => {
    const caps = capabilitiesOf('host', 'plain');
    assert.equal(caps.memory.enforced, false);
    for (const name of CANARY_NAMES) assert.equal(level(caps, name), 'exposed', name);
  });

  test('host+vm: memory is not enforced and the global canary is exposed (node:vm is no boundary)', () => {
    const caps = capabilitiesOf('host', 'vm');
    assert.equal(caps.memory.enforced, false);
    assert.equal(level(caps, 'global'), 'exposed');
  });

  test('worker+vm and process+vm: memory is enforced by the boundary', () => {
    for (const boundary of ['worker', 'process'] as const) {
      assert.equal(capabilitiesOf(boundary, 'vm').memory.enforced, true, boundary);
    }
  });

  test('vm keeps the boundary’s global protection outside the host', () => {
    for (const boundary of ['process', 'os-sandbox'] as const) {
      assert.equal(level(capabilitiesOf(boundary, 'vm'), 'global'), 'protected', boundary);
    }
  });

  test('quickjs: every canary protected on every boundary', () => {
    for (const boundary of BOUNDARIES) {
      const caps = capabilitiesOf(boundary, 'quickjs');
      for (const name of CANARY_NAMES) assert.equal(level(caps, name), 'protected', `${boundary}+quickjs ${name}`);
    }
  });

  test('isolated-vm: every canary protected, except host-crash where the addon shares the host process', () => {
    for (const boundary of BOUNDARIES) {
      const caps = capabilitiesOf(boundary, 'isolated-vm');
      for (const name of CANARY_NAMES) {
        if (name === 'host-crash') continue;
        assert.equal(level(caps, name), 'protected', `${boundary}+isolated-vm ${name}`);
      }
    }
    // A fatal isolate error takes down the process the addon lives in: the host itself for host and worker.
    assert.equal(level(capabilitiesOf('host', 'isolated-vm'), 'host-crash'), 'with-policy');
    assert.equal(level(capabilitiesOf('worker', 'isolated-vm'), 'host-crash'), 'with-policy');
    assert.equal(level(capabilitiesOf('process', 'isolated-vm'), 'host-crash'), 'protected');
    assert.equal(level(capabilitiesOf('os-sandbox', 'isolated-vm'), 'host-crash'), 'protected');
  });

  test('isolated-vm and quickjs enforce memory even on the host', () => {
    for (const boundary of BOUNDARIES) {
      for (const evaluator of ['isolated-vm', 'quickjs'] as const) {
        assert.equal(capabilitiesOf(boundary, evaluator).memory.enforced, true, `${boundary}+${evaluator}`);
      }
    }
  });

  test('os-sandbox protects network, file and fs-write with every evaluator', () => {
    for (const evaluator of EVALUATORS) {
      const caps = capabilitiesOf('os-sandbox', evaluator);
      for (const name of ['network', 'file', 'fs-write'] as const) {
        assert.equal(level(caps, name), 'protected', `os-sandbox+${evaluator} ${name}`);
      }
      assert.equal(caps.network.enforced, true);
    }
  });

  test('process leaves file and fs-write to the policy and the network exposed', () => {
    for (const evaluator of ['plain', 'vm'] as const) {
      const caps = capabilitiesOf('process', evaluator);
      assert.equal(level(caps, 'file'), 'with-policy', evaluator);
      assert.equal(level(caps, 'fs-write'), 'with-policy', evaluator);
      assert.equal(level(caps, 'network'), 'exposed', evaluator);
      assert.equal(caps.network.enforced, false, evaluator);
    }
  });

  test('a worker thread does not protect global from code with Node APIs (the inspector reaches the main thread); sealed evaluators do', () => {
    for (const evaluator of ['plain', 'vm', 'vm2-3.9.17'] as const)
      assert.equal(level(capabilitiesOf('worker', evaluator), 'global'), 'exposed', `worker+${evaluator}`);
    for (const evaluator of ['isolated-vm', 'quickjs', 'ses', 'vm2'] as const)
      assert.equal(level(capabilitiesOf('worker', evaluator), 'global'), 'protected', `worker+${evaluator}`);
  });

  test('a plain or vm child can signal its host (measured: process.kill(process.ppid)); the OS sandbox and sealed evaluators cannot', () => {
    for (const evaluator of ['plain', 'vm'] as const) {
      assert.equal(level(capabilitiesOf('process', evaluator), 'host-crash'), 'exposed', `process+${evaluator}`);
      assert.equal(
        level(capabilitiesOf('os-sandbox', evaluator), 'host-crash'),
        'protected',
        `os-sandbox+${evaluator}`,
      );
    }
    for (const boundary of ['process', 'os-sandbox'] as const) {
      for (const evaluator of ['isolated-vm', 'quickjs'] as const) {
        assert.equal(level(capabilitiesOf(boundary, evaluator), 'host-crash'), 'protected', `${boundary}+${evaluator}`);
      }
    }
  });
});

test('every driver declares a minimum memory budget; worker boundaries need room for a thread runtime', () => {
  for (const { id, boundary, caps } of ALL) {
    assert.ok(Number.isInteger(caps.minMemoryMb) && caps.minMemoryMb >= 1, `${id}: ${caps.minMemoryMb}`);
    // Measured: 1–3 MB kill a worker's host, up to 12 MB stop its bootstrap.
    if (boundary === 'worker') assert.ok(caps.minMemoryMb > 12, `${id}: ${caps.minMemoryMb}`);
  }
});
