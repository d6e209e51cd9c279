/** Claims against cells: every protected claim is backed, and a cell that refutes a claim is a disagreement. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesOf, type DriverCapabilities, type Protection } from '../capabilities/capabilities.ts';
import { BOUNDARIES, EVALUATORS, formatDriverId } from '../run/driver-id.ts';
import { CANARY_NAMES, type CanaryName } from '../run/result.ts';
import type { MatrixCell, MatrixReport, PolicyPreset } from './report.ts';
import { canariesReached, capabilitiesOfId, checkClaims, parseCellRef } from './claims.ts';
import { combineRepetitions } from './repetitions.ts';

const ALL_DRIVERS = BOUNDARIES.flatMap((boundary) =>
  EVALUATORS.map((evaluator) => formatDriverId({ boundary, evaluator })),
);

function cell(probe: string, driver: string, change: Partial<MatrixCell> = {}): MatrixCell {
  return {
    probe,
    driver,
    verdict: 'contained',
    detail: 'nothing reached',
    canaries: [],
    comparison: 'no-expectation',
    ...change,
  };
}

function report(policy: PolicyPreset, drivers: string[], cells: MatrixCell[]): MatrixReport {
  const probes = [...new Set(cells.map((c) => c.probe))];
  return {
    generatedAt: '2026-01-01T00:00:00.000Z',
    node: 'v24',
    platform: 'linux x64',
    policy,
    probes: probes.map((id) => ({
      id,
      title: id,
      category: 'env',
      goal: '',
      technique: '',
      references: [],
      attacks: 'none' as const,
      limits: {},
      expect: [],
      expectHardened: [],
      warnings: [],
      file: `/p/${id}.js`,
    })),
    drivers,
    cells,
    durationMs: 1,
    cancelled: false,
  };
}

/** Contained cells for every backing cell of `drivers` under `policy`, as a matrix would show for true claims. */
function backingReport(policy: PolicyPreset, drivers: string[], change: (c: MatrixCell) => MatrixCell = (c) => c) {
  const cells = drivers.flatMap((driver) => {
    const refs = Object.values(capabilitiesOfId(driver)!.canaries).flatMap((p) => p.backedBy ?? []);
    const probes = [...new Set(refs.map((r) => parseCellRef(r)!).filter((r) => r.policy === policy))].map(
      (r) => r.probe,
    );
    return [...new Set(probes)].map((probe) => change(cell(probe, driver)));
  });
  return report(policy, drivers, cells);
}

describe('the capability table', () => {
  test('every protected claim of every driver names backing cells under the default policy', () => {
    for (const driver of ALL_DRIVERS) {
      const caps = capabilitiesOfId(driver)!;
      for (const name of CANARY_NAMES) {
        const p = caps.canaries[name];
        if (p.level === 'exposed') {
          assert.equal(p.backedBy, undefined, `${driver} ${name}`);
          continue;
        }
        assert.ok((p.backedBy?.length ?? 0) > 0, `${driver} ${name} has no backing cell`);
        for (const ref of p.backedBy ?? []) {
          assert.deepEqual(parseCellRef(ref)?.policy, p.level === 'protected' ? 'default' : 'hardened', ref);
        }
      }
    }
  });

  test('worker and worker+vm do not claim to protect the host from crashes (kill-own-host crashes it)', () => {
    for (const evaluator of ['plain', 'vm'] as const) {
      assert.equal(capabilitiesOf('worker', evaluator).canaries['host-crash'].level, 'exposed', evaluator);
    }
  });
});

describe('checkClaims', () => {
  const drivers = ['os-sandbox', 'worker', 'process+quickjs', 'worker+isolated-vm'];

  test('reports whose backing cells reached nothing agree with the claims', () => {
    assert.deepEqual(checkClaims([backingReport('default', drivers), backingReport('hardened', drivers)]), []);
  });

  test('a backing cell that reached its canary refutes a protected claim', () => {
    const leaky = backingReport('default', ['os-sandbox'], (c) =>
      c.probe === 'fs-read-canary' ? { ...c, verdict: 'escaped', canaries: ['file'], detail: 'file: token' } : c,
    );
    assert.deepEqual(checkClaims([leaky]), [
      'os-sandbox claims file protected, but fs-read-canary@default reached it: file: token',
    ]);
  });

  test('any cell reaching a protected canary refutes it, backing or not; other canaries do not', () => {
    const r = report(
      'default',
      ['process'],
      [cell('some-probe', 'process', { verdict: 'escaped', canaries: ['env', 'global'], detail: 'env, global' })],
    );
    assert.deepEqual(
      checkClaims([r]).filter((p) => !p.includes('not in the matrix')),
      ['process claims global protected, but some-probe@default reached it: env, global'],
    );
  });

  test('the issue: a with-policy host-crash claim is refuted by the hardened matrix crashing the host', () => {
    const old = (driver: string): DriverCapabilities | undefined => {
      const caps = capabilitiesOfId(driver)!;
      const claim: Protection = {
        level: 'with-policy',
        how: 'process.exit ends only the thread',
        backedBy: ['kill-own-host@hardened'],
      };
      return driver === 'worker' ? { ...caps, canaries: { ...caps.canaries, 'host-crash': claim } } : caps;
    };
    const hardened = report(
      'hardened',
      ['worker'],
      [cell('kill-own-host', 'worker', { verdict: 'host-crashed', detail: 'the host process ended' })],
    );
    assert.deepEqual(checkClaims([hardened], old), [
      'worker claims host-crash with-policy, but kill-own-host@hardened reached it: the host process ended',
    ]);
    assert.deepEqual(checkClaims([hardened]), [], 'the claim as it is now: exposed');
    // Under the default policy a with-policy claim promises nothing.
    assert.deepEqual(
      checkClaims([{ ...hardened, policy: 'default' }], old).filter((p) => p.includes('reached')),
      [],
    );
  });

  test('a protected claim without backing cells is a disagreement', () => {
    const unbacked = (driver: string): DriverCapabilities | undefined => {
      const caps = capabilitiesOfId(driver)!;
      const { backedBy: _none, ...claim } = caps.canaries.network;
      return { ...caps, canaries: { ...caps.canaries, network: claim } };
    };
    assert.deepEqual(checkClaims([backingReport('default', ['os-sandbox'])], unbacked), [
      'os-sandbox claims network protected with no backing cell',
    ]);
  });

  test('a backing cell missing from the matrix, or one that could not be judged, backs nothing', () => {
    const r = backingReport('default', ['os-sandbox']);
    const without = { ...r, cells: r.cells.filter((c) => c.probe !== 'net-fetch') };
    assert.deepEqual(checkClaims([without]), [
      'os-sandbox network: backing cell net-fetch@default is not in the matrix',
    ]);
    const errored = backingReport('default', ['os-sandbox'], (c) =>
      c.probe === 'kill-own-host' ? { ...c, verdict: 'error', detail: 'the cell did not finish' } : c,
    );
    assert.deepEqual(checkClaims([errored]), [
      'os-sandbox host-crash: backing cell kill-own-host@default could not be judged: the cell did not finish',
    ]);
  });

  test('an unstable cell refutes a claim if any of its runs reached the canary', () => {
    const flaky = combineRepetitions([
      cell('process-exit', 'os-sandbox'),
      cell('process-exit', 'os-sandbox', { verdict: 'host-crashed', detail: 'the host died' }),
    ]);
    assert.deepEqual([...canariesReached(flaky)], ['host-crash']);
    const r = backingReport('default', ['os-sandbox'], (c) => (c.probe === 'process-exit' ? flaky : c));
    assert.deepEqual(checkClaims([r]), [
      'os-sandbox claims host-crash protected, but process-exit@default reached it: the host died',
    ]);
  });

  test('cell references parse strictly', () => {
    assert.deepEqual(parseCellRef('env-process-env@hardened'), { probe: 'env-process-env', policy: 'hardened' });
    for (const bad of ['env-process-env', '@default', 'x@lax', 'x@']) assert.equal(parseCellRef(bad), undefined, bad);
    const names: readonly CanaryName[] = CANARY_NAMES;
    assert.ok(names.length >= 8);
  });
});
