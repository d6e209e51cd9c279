/**
 * Soak, short form (`npm run soak` is the long one): every available driver × every soak script in
 * sequence, then concurrent waves, on one Supervisor. Every run must end as expected, and the supervisor's
 * open descriptors, active handles and heap must not grow beyond the bounds of fixtures/soak-loop.ts. The
 * harness then checks that no process, socket file or temp directory is left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIsolatedEngine } from './harness.ts';
import { SOAK_SCRIPTS, boundsBroken, growthOf, soak } from './fixtures/soak-loop.ts';

const { supervisor } = useIsolatedEngine();

/** Concurrent runs after the sequential ones, in waves of CONCURRENT_WAVE. */
const CONCURRENT_RUNS = 40;
const CONCURRENT_WAVE = 10;

// Its own timeout: ~50 s alone on 2 cores, more when other test files share them.
test(
  'soak: every driver × script in sequence, then concurrent waves: no growth, every run as expected',
  { timeout: 300_000 },
  async (t) => {
    const drivers = supervisor
      .listDrivers()
      .filter((d) => d.available)
      .map((d) => d.id);
    for (const needed of ['host', 'worker', 'process', ...(process.platform === 'linux' ? ['os-sandbox'] : [])])
      assert.ok(drivers.includes(needed), `${needed} is available`);

    const report = await soak({
      supervisor,
      drivers,
      sequential: drivers.length * SOAK_SCRIPTS.length,
      concurrent: CONCURRENT_RUNS,
      parallel: CONCURRENT_WAVE,
      checkpointEvery: 32,
    });
    const g = growthOf(report);
    t.diagnostic(
      `${report.runs} runs in ${Math.round(report.wallMs)} ms; over ${g.runs} after the warm-up: ` +
        `fds ${g.fds ?? 'n/a'}, handles ${g.handles}, heap ${Math.round(g.heapUsedBytes / 1024)} KB`,
    );

    assert.equal(report.unexpectedCount, 0, JSON.stringify(report.unexpected.slice(0, 5), null, 2));
    assert.equal(
      report.runs,
      Math.max(drivers.length, SOAK_SCRIPTS.length) + drivers.length * SOAK_SCRIPTS.length + CONCURRENT_RUNS,
    );
    assert.ok((report.statuses.timeout ?? 0) > 0 && (report.statuses.error ?? 0) > 0, JSON.stringify(report.statuses));
    assert.deepEqual(boundsBroken(g), []);
    assert.equal(supervisor.activeRuns, 0);
  },
);
