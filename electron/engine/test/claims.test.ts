/**
 * Claims backed by cells (issue 12), on the real engine: every backing cell names a shipped probe, and the
 * backing cells of a few drivers, run under the policy each names, agree with the claims — a `protected`
 * canary no cell reaches, a `with-policy` one no hardened cell reaches, every backing cell judged. The
 * drivers: `worker` and `worker+vm` (whose host-crash claim the hardened matrix refuted), `os-sandbox`
 * (the most protected claims), and the third-party evaluators `worker+ses`, `process+vm2`, `process+vm2-3.9.17`. The pure rules are tested in electron/common/matrix/claims.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runMatrix } from '../matrix.ts';
import { loadProbes, SHIPPED_PROBES_DIR } from '../probe-library.ts';
import { useIsolatedEngine } from './harness.ts';
import { capabilitiesOfId, checkClaims, parseCellRef } from '../../common/matrix/claims.ts';
import { BOUNDARIES, EVALUATORS, formatDriverId } from '../../common/run/driver-id.ts';
import type { MatrixReport, PolicyPreset } from '../../common/matrix/report.ts';

const { supervisor } = useIsolatedEngine();
// The ecosystem's sandboxes too (issue 15): SES's and vm2 3.12.2's protected claims, vm2 3.9.17's boundary-only ones.
const DRIVERS = ['worker', 'worker+vm', 'os-sandbox', 'worker+ses', 'process+vm2', 'process+vm2-3.9.17'];

/** The probes backing the claims of `drivers` under `policy`, plus `extra`. */
function backingProbes(drivers: readonly string[], policy: PolicyPreset, extra: readonly string[] = []): string[] {
  const refs = drivers.flatMap((d) => Object.values(capabilitiesOfId(d)!.canaries).flatMap((p) => p.backedBy ?? []));
  return [
    ...new Set([
      ...refs
        .map((r) => parseCellRef(r)!)
        .filter((r) => r.policy === policy)
        .map((r) => r.probe),
      ...extra,
    ]),
  ];
}

describe('backing cells', () => {
  test('every backing cell of every driver names a shipped probe and a policy preset', () => {
    const shipped = new Set(loadProbes(SHIPPED_PROBES_DIR).map((p) => p.meta.id));
    for (const boundary of BOUNDARIES) {
      for (const evaluator of EVALUATORS) {
        const driver = formatDriverId({ boundary, evaluator });
        for (const [canary, claim] of Object.entries(capabilitiesOfId(driver)!.canaries)) {
          for (const text of claim.backedBy ?? []) {
            const ref = parseCellRef(text);
            assert.ok(ref, `${driver} ${canary}: ${text}`);
            assert.ok(shipped.has(ref.probe), `${driver} ${canary}: no shipped probe "${ref.probe}"`);
          }
        }
      }
    }
  });
});

describe('claims against a real matrix of their backing cells', () => {
  const reports: MatrixReport[] = [];
  const available = new Set(
    supervisor
      .listDrivers()
      .filter((d) => d.available)
      .map((d) => d.id),
  );

  test('the drivers under test are available here (bubblewrap is installed by .ci/run)', () => {
    for (const d of DRIVERS) assert.ok(available.has(d), `${d} unavailable`);
  });

  test('default policy: the backing cells of protected claims', async () => {
    const report = await runMatrix(supervisor, {
      probes: backingProbes(DRIVERS, 'default'),
      drivers: DRIVERS,
      policy: 'default',
      concurrency: 2,
    });
    assert.equal(report.cancelled, false);
    reports.push(report);
  });

  test('hardened policy: the backing cells of with-policy claims, and kill-own-host under the threads', async () => {
    const report = await runMatrix(supervisor, {
      probes: backingProbes(DRIVERS, 'hardened', ['kill-own-host']),
      drivers: DRIVERS,
      policy: 'hardened',
      concurrency: 2,
    });
    assert.equal(report.cancelled, false);
    reports.push(report);
    // The contradiction: the thread shares the host's pid, and no policy reaches a thread.
    for (const d of ['worker', 'worker+vm']) {
      const c = report.cells.find((x) => x.probe === 'kill-own-host' && x.driver === d);
      assert.equal(c?.verdict, 'host-crashed', `${d}: ${c?.detail}`);
    }
  });

  test('the claims and the cells agree', () => {
    assert.equal(reports.length, 2, 'both matrices ran');
    assert.deepEqual(checkClaims(reports), []);
  });
});
