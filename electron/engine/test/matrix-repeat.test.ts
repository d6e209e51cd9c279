/**
 * Repeatable verdicts and the consistency check in the matrix (issue 12): a fake supervisor whose outcomes
 * alternate makes an unstable cell, one whose result contradicts itself makes a workbench error; a real
 * deterministic probe repeated twice is stable.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runMatrix, type MatrixSupervisor } from '../matrix.ts';
import { listDrivers } from '../drivers.ts';
import { useIsolatedEngine } from './harness.ts';
import type { RunResult } from '../../common/run/result.ts';

const { supervisor } = useIsolatedEngine();
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}/`, import.meta.url));
const MB = 1024 * 1024;

/** A consistent result of a run that reached nothing, or the env canary. */
function result(escaped: boolean, change: Partial<RunResult> = {}): RunResult {
  return {
    id: 'r',
    driver: 'worker',
    status: 'ok',
    stdout: '',
    stderr: '',
    durationMs: 20,
    cpuMs: 5,
    peakMemoryBytes: 40 * MB,
    ipc: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
    limits: {
      timeout: { enforced: true, mechanism: 'terminate', timeoutMs: 2000 },
      memory: { enforced: true, mechanism: 'resourceLimits', memoryMb: 128 },
      output: { enforced: true, mechanism: 'count', maxOutputBytes: 1 << 20 },
    },
    verdict: escaped
      ? { escaped: true, breaches: [{ canary: 'env', evidence: 'token in stdout' }] }
      : { escaped: false, breaches: [] },
    workers: [],
    samples: [],
    notes: [],
    ...change,
  };
}

/** A supervisor whose nth run (over all cells) gets `outcomes[n % length]`. */
function fake(outcomes: readonly RunResult[]): MatrixSupervisor & { readonly started: () => number } {
  let n = 0;
  return {
    started: () => n,
    runtime: { path: process.execPath, version: process.version },
    listDrivers: () => listDrivers({ path: process.execPath, version: process.version }),
    startRun: () => {
      const r = outcomes[n++ % outcomes.length]!;
      return { id: `r${n}`, driver: 'worker', result: Promise.resolve(r), stop: () => undefined } as never;
    },
  };
}

describe('--repeat with a fake supervisor', () => {
  test('alternating outcomes: every cell runs N times, is unstable, shows the escape and keeps each class', async () => {
    const sup = fake([result(false), result(true)]);
    const report = await runMatrix(sup, {
      probesDir: fixture('probes-plain'),
      probes: ['sum'],
      drivers: ['worker'],
      repeat: 4,
    });
    assert.equal(sup.started(), 4, 'one cell, four runs');
    assert.equal(report.repeat, 4);
    const [cell] = report.cells;
    assert.equal(cell?.unstable, true);
    assert.equal(cell?.verdict, 'escaped');
    assert.deepEqual(
      cell?.runs?.map((r) => r.verdict),
      ['contained', 'escaped', 'contained', 'escaped'],
    );
  });

  test('the same outcome every time: stable, one class', async () => {
    const sup = fake([result(true)]);
    const report = await runMatrix(sup, {
      probesDir: fixture('probes-plain'),
      probes: ['sum', 'env-leak'],
      drivers: ['worker', 'process'],
      repeat: 3,
      concurrency: 2,
    });
    assert.equal(sup.started(), 12);
    assert.equal(report.cells.length, 4);
    for (const c of report.cells) {
      assert.equal(c.unstable, false);
      assert.deepEqual(
        c.runs?.map((r) => r.verdict),
        ['escaped', 'escaped', 'escaped'],
      );
    }
  });

  test('repeat outside 1–5 is refused before anything runs', async () => {
    const sup = fake([result(false)]);
    for (const repeat of [0, 6, 1.5]) {
      await assert.rejects(
        runMatrix(sup, { probesDir: fixture('probes-plain'), drivers: ['worker'], repeat }),
        /repeat must be a whole number from 1 to 5/,
      );
    }
    assert.equal(sup.started(), 0);
  });
});

describe('the consistency check in the matrix', () => {
  test('a result whose peak is below its own samples is a workbench error on its cell', async () => {
    const broken = result(false, {
      peakMemoryBytes: 10 * MB,
      workers: [{ id: 'thread-1', kind: 'thread', state: 'exited' }],
      samples: [{ worker: 'thread-1', atMs: 1, heapUsedBytes: 200 * MB }],
    });
    const report = await runMatrix(fake([broken]), {
      probesDir: fixture('probes-plain'),
      probes: ['sum'],
      drivers: ['worker'],
    });
    const [cell] = report.cells;
    assert.equal(cell?.verdict, 'contained', 'the verdict is kept, marked as untrustworthy');
    assert.ok((cell?.inconsistent?.length ?? 0) > 0, JSON.stringify(cell));
    assert.match(cell!.inconsistent!.join('\n'), /below the .* the run's own samples show/);
  });

  test('contradictions the engine already found (result.consistency) are kept; a clean result has none', async () => {
    const flagged = result(false, { consistency: ['the verdict says contained, but it lists 1 breach(es)'] });
    const report = await runMatrix(fake([flagged, result(false)]), {
      probesDir: fixture('probes-plain'),
      probes: ['sum', 'env-leak'],
      drivers: ['worker'],
      concurrency: 1,
    });
    assert.deepEqual(
      report.cells.map((c) => c.inconsistent),
      [['the verdict says contained, but it lists 1 breach(es)'], undefined],
    );
  });
});

describe('--repeat on the real engine', () => {
  test('a deterministic probe repeated twice is stable, under two drivers', async () => {
    const report = await runMatrix(supervisor, {
      probesDir: fixture('probes-plain'),
      probes: ['env-leak', 'sum'],
      drivers: ['worker', 'process'],
      repeat: 2,
      concurrency: 2,
    });
    assert.equal(report.cells.length, 4);
    const seen = Object.fromEntries(
      report.cells.map((c) => [
        `${c.probe} @ ${c.driver}`,
        [c.unstable, c.runs?.map((r) => r.verdict), c.inconsistent],
      ]),
    );
    assert.deepEqual(seen, {
      'env-leak @ worker': [false, ['escaped', 'escaped'], undefined],
      'env-leak @ process': [false, ['escaped', 'escaped'], undefined],
      'sum @ worker': [false, ['contained', 'contained'], undefined],
      'sum @ process': [false, ['contained', 'contained'], undefined],
    });
  });
});

describe('workbench matrix --repeat', () => {
  test('--repeat 2 --strict: each cell ran twice, the json keeps both classes, stable cells pass', async () => {
    const bin = fileURLToPath(new URL('../../../bin/workbench.mjs', import.meta.url));
    const args = [
      'matrix',
      '--probes',
      fixture('probes-strict'),
      '--drivers',
      'process,worker',
      '--policy',
      'hardened',
    ];
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, ...args, '--repeat', '2', '--format', 'json', '--strict'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /0 unstable/);
    const report = JSON.parse(r.stdout) as {
      repeat: number;
      cells: { driver: string; unstable: boolean; runs: { verdict: string }[] }[];
    };
    assert.equal(report.repeat, 2);
    assert.deepEqual(
      report.cells.map((c) => [c.driver, c.unstable, c.runs.map((x) => x.verdict)]),
      [
        ['process', false, ['contained', 'contained']],
        ['worker', false, ['escaped', 'escaped']],
      ],
    );
  });
});
