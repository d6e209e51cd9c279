/**
 * Output under floods (issue 12): a guest printing two million lines gets exactly the first `maxOutputBytes`
 * bytes of its output into the result, in order, with the marker, ends as `output-limit`, and neither the
 * host, the child nor the supervisor holds memory in proportion to the flood.
 *
 * Bounds, stated: the host's RSS grows by less than 96 MB over its first sample (a thread's runtime is
 * about 48 MB of it; before the fix it reached 500 MB), a child's RSS peaks under 160 MB (a child Node holds
 * 73–80 MB; it reached 860 MB), and the supervisor's heap grows by less than 32 MB while output arrives
 * (1 MiB is kept, twice over as stdout and the live lines). Output that ends before a spin still arrives whole.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useIsolatedEngine, assertConsistent } from './harness.ts';
import { outputCutMarker } from '../../common/run/output-buffer.ts';
import type { RunResult } from '../../common/run/result.ts';

const { supervisor } = useIsolatedEngine();

const MB = 1024 * 1024;
const CAP = MB;
const FLOOD = 'for (let i = 0; i < 2e6; i++) console.log("line " + i + " " + "x".repeat(50))';
const DRIVERS = ['host', 'worker', 'process', 'os-sandbox'] as const;

/** The line numbers of `line N xxx…` lines, in the order they were kept. */
function lineNumbers(text: string): number[] {
  return [...text.matchAll(/^line (\d+) /gm)].map((m) => Number(m[1]));
}

function peakRss(r: RunResult, worker: string): { first: number; peak: number } {
  const rss = r.samples.filter((s) => s.worker === worker && s.rssBytes !== undefined).map((s) => s.rssBytes!);
  return { first: rss[0] ?? 0, peak: Math.max(0, ...rss) };
}

describe('a console flood', () => {
  for (const driver of DRIVERS) {
    test(`${driver}: exactly the first maxOutputBytes arrive, in order; output-limit; memory bounded`, async () => {
      const heapBefore = process.memoryUsage().heapUsed;
      let heapPeak = heapBefore;
      const r = await supervisor.startRun(
        { code: FLOOD, driver, limits: { maxOutputBytes: CAP, timeoutMs: 60_000 }, sampleHz: 20 },
        { onOutput: () => void (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)) },
      ).result;
      assert.equal(r.status, 'output-limit', r.error?.message);
      assert.equal(r.limits.output.stoppedBy, 'supervisor-output-cap');
      assert.equal(r.stderr, '');
      assert.equal(Buffer.byteLength(r.stdout), CAP + outputCutMarker(CAP).length);
      assert.ok(r.stdout.endsWith(outputCutMarker(CAP)));
      // Every line from 0 on, none missing, none repeated, none out of order; the last one is the cut one.
      const numbers = lineNumbers(r.stdout);
      assert.ok(numbers.length > 17_000, `${numbers.length} lines`);
      numbers.forEach((n, i) => assert.equal(n, i));
      const whole = `line ${numbers.length - 2} ${'x'.repeat(50)}\n`;
      assert.ok(r.stdout.includes(whole));
      assertConsistent(r);

      assert.ok(
        heapPeak - heapBefore < 32 * MB,
        `supervisor heap grew ${((heapPeak - heapBefore) / MB).toFixed(1)} MB`,
      );
      const host = peakRss(r, 'host');
      assert.ok(host.first > 0, 'the host was sampled');
      assert.ok(host.peak - host.first < 96 * MB, `host RSS grew ${((host.peak - host.first) / MB).toFixed(0)} MB`);
      if (driver === 'process' || driver === 'os-sandbox') {
        const child = peakRss(r, 'child-1');
        assert.ok(child.peak > 0, 'the child was sampled');
        assert.ok(child.peak < 160 * MB, `child RSS peaked at ${(child.peak / MB).toFixed(0)} MB`);
      }
    });
  }

  for (const driver of DRIVERS) {
    test(`${driver}: output under the cap before a spin arrives whole (frames written at once, with backpressure)`, async () => {
      const lines = 20_000;
      const r = await supervisor.startRun({
        code: `for (let i = 0; i < ${lines}; i++) console.log("line " + i + " " + "y".repeat(40)); while (true) {}`,
        driver,
        limits: { maxOutputBytes: 4 * MB, timeoutMs: 8000 },
      }).result;
      assert.equal(r.status, 'timeout', r.error?.message);
      const numbers = [...r.stdout.matchAll(/^line (\d+) y+$/gm)].map((m) => Number(m[1]));
      assert.equal(numbers.length, lines);
      numbers.forEach((n, i) => assert.equal(n, i));
    });
  }

  test('worker: a guest posting on its own port past the cap is stopped by the host', async () => {
    const r = await supervisor.startRun({
      code: `const { parentPort } = require('node:worker_threads');
        for (let i = 0; i < 2e6; i++) parentPort.postMessage({ t: 'console', level: 'log', text: 'line ' + i + ' ' + 'z'.repeat(50) });`,
      driver: 'worker',
      limits: { maxOutputBytes: CAP, timeoutMs: 60_000 },
    }).result;
    assert.equal(r.status, 'output-limit', r.error?.message);
    assert.equal(Buffer.byteLength(r.stdout), CAP + outputCutMarker(CAP).length);
    lineNumbers(r.stdout).forEach((n, i) => assert.equal(n, i));
  });
});
