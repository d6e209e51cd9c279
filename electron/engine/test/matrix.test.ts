/** The matrix runner end to end: real runs over small probe folders, and a fake supervisor for deadlines. */
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
const verdicts = (cells: readonly { probe: string; driver: string; verdict: string }[]): Record<string, string> =>
  Object.fromEntries(cells.map((c) => [`${c.probe} @ ${c.driver}`, c.verdict]));

describe('a folder of probes without headers', () => {
  test('every file is a probe; verdicts by observation; hanging and host-killing probes do not stall it', async () => {
    const progress: number[] = [];
    const report = await runMatrix(supervisor, {
      probesDir: fixture('probes-plain'),
      drivers: ['host', 'process'],
      concurrency: 2,
      onProgress: (p) => progress.push(p.done),
    });
    assert.deepEqual(
      report.probes.map((p) => [p.id, p.category]),
      [
        ['env-leak', 'uncategorised'],
        ['kill-own-process', 'uncategorised'],
        ['never-settles', 'uncategorised'],
        ['spin', 'uncategorised'],
        ['sum', 'uncategorised'],
      ],
    );
    assert.deepEqual(
      verdicts(report.cells),
      {
        'env-leak @ host': 'escaped',
        'env-leak @ process': 'escaped',
        'kill-own-process @ host': 'host-crashed',
        'kill-own-process @ process': 'contained',
        'never-settles @ host': 'limit-enforced',
        'never-settles @ process': 'limit-enforced',
        'spin @ host': 'limit-enforced',
        'spin @ process': 'limit-enforced',
        'sum @ host': 'contained',
        'sum @ process': 'contained',
      },
      JSON.stringify(report.cells.map((c) => [c.probe, c.driver, c.verdict, c.detail])),
    );
    assert.deepEqual(progress, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const c of report.cells) {
      assert.equal(c.comparison, 'no-expectation');
      assert.ok(c.status, 'each cell keeps its run status');
      assert.ok(c.durationMs !== undefined && c.peakMemoryBytes !== undefined);
    }
    const leak = report.cells.find((c) => c.probe === 'env-leak' && c.driver === 'process')!;
    assert.deepEqual(leak.canaries, ['env']);
    assert.match(leak.stdout ?? '', /^$/);
    assert.match(leak.detail, /WORKBENCH_CANARY/);
  });

  test('the same matrix twice agrees on every cell verdict class', async () => {
    const options = { probesDir: fixture('probes-plain'), drivers: ['worker', 'host+quickjs'], concurrency: 2 };
    const a = await runMatrix(supervisor, options);
    const b = await runMatrix(supervisor, options);
    assert.deepEqual(verdicts(a.cells), verdicts(b.cells));
  });
});

describe('expectations and --strict', () => {
  const BIN = fileURLToPath(new URL('../../../bin/workbench.mjs', import.meta.url));
  const cli = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  test('hardened policy: the process cell holds as expected; --strict passes', async () => {
    const r = await cli([
      'matrix',
      '--probes',
      fixture('probes-strict'),
      '--drivers',
      'process,worker',
      '--policy',
      'hardened',
      '--format',
      'json',
      '--strict',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { cells: { driver: string; verdict: string; comparison: string }[] };
    assert.deepEqual(
      report.cells.map((c) => [c.driver, c.verdict, c.comparison]),
      [
        ['process', 'contained', 'as-expected'],
        ['worker', 'escaped', 'as-expected'],
      ],
    );
  });

  test('a deliberately weakened policy: --strict exits 1 and the report marks the cell worse', async () => {
    // The probe expects process to hold (as it does under hardened); the default policy has no Permission Model.
    const args = [
      'matrix',
      '--probes',
      fixture('probes-weakened'),
      '--drivers',
      'process',
      '--format',
      'json',
      '--strict',
    ];
    const weak = await cli([...args, '--policy', 'default']);
    assert.equal(weak.code, 1, weak.stderr);
    const cell = (JSON.parse(weak.stdout) as { cells: { verdict: string; comparison: string; expected: string }[] })
      .cells[0]!;
    assert.deepEqual([cell.verdict, cell.expected, cell.comparison], ['escaped', 'contained', 'worse']);
    assert.match(weak.stderr, /1 worse than expected/);
    const held = await cli([...args, '--policy', 'hardened']);
    assert.equal(held.code, 0, held.stderr);
    const noStrict = await cli(['matrix', '--probes', fixture('probes-weakened'), '--drivers', 'process']);
    assert.equal(noStrict.code, 0, 'without --strict a worse cell is reported, not failed');
    assert.match(noStrict.stdout, /ESC!/);
  });
});

describe('per-cell deadline (fake supervisor)', () => {
  test('a cell whose run never ends becomes an error; the matrix finishes', async () => {
    let stopped = 0;
    const never: MatrixSupervisor = {
      runtime: { path: process.execPath, version: process.version },
      listDrivers: () => listDrivers({ path: process.execPath, version: process.version }),
      startRun: () =>
        ({
          id: 'x',
          driver: 'host',
          result: new Promise<RunResult>(() => undefined),
          stop: () => void stopped++,
        }) as never,
    };
    const report = await runMatrix(never, {
      probesDir: fixture('probes-plain'),
      drivers: ['host'],
      concurrency: 5,
      cellDeadlineSlackMs: 50,
    });
    assert.equal(report.cells.length, 5);
    for (const c of report.cells) {
      assert.equal(c.verdict, 'error');
      assert.match(c.detail, /did not finish within 2050 ms/);
    }
    assert.equal(stopped, 5, 'every stuck run was told to stop');
  });

  test('an unknown driver is refused before anything runs', async () => {
    await assert.rejects(
      runMatrix(supervisor, { probesDir: fixture('probes-plain'), drivers: ['submarine'] }),
      /unknown driver "submarine"/,
    );
  });

  test('cancelling stops the matrix early and says so', async () => {
    const controller = new AbortController();
    const report = await runMatrix(supervisor, {
      probesDir: fixture('probes-plain'),
      drivers: ['worker'],
      concurrency: 1,
      signal: controller.signal,
      onCell: () => controller.abort(),
    });
    assert.equal(report.cancelled, true);
    assert.ok(report.cells.length < 5);
  });
});
