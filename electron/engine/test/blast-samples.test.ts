/**
 * The Blast radius page's live charts are measured, not drawn: every neighbour and the culprit get CPU readings
 * taken from outside their code, memory is the process's (one process under `worker`, each child under
 * `process`), and the culprit's memory bomb shows as growth before its end. Linux (/proc) only.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runBlast } from '../blast.ts';
import { findNodeRuntime } from '../node-runtime.ts';
import type { BlastBoundary, BlastSample, Misbehaviour } from '../../common/blast/blast.ts';

const runtime = findNodeRuntime();
const skip = process.platform !== 'linux' && 'the readings come from /proc';

async function sampled(boundary: BlastBoundary, misbehaviour: Misbehaviour | 'code', code?: string) {
  const samples: BlastSample[] = [];
  const result = await runBlast(
    { boundary, misbehaviour, neighbours: 2, runtime, ...(code !== undefined ? { code } : {}) },
    { onSamples: (s) => samples.push(...s) },
  );
  const of = (id: string) => samples.filter((s) => s.id === id);
  return { result, samples, of };
}

const peak = (points: readonly BlastSample[]): number => Math.max(0, ...points.map((s) => s.rssBytes ?? 0));

describe('blast radius live readings', { skip }, () => {
  test('under worker: a CPU line per thread, one memory line for the process they share', async () => {
    // The culprit spins: its thread is busy while the neighbours are nearly idle.
    const { of, samples } = await sampled('worker', 'code', 'for (;;) {}');
    for (const id of ['n1', 'n2', 'culprit', 'process'])
      assert.ok(
        of(id).some((s) => s.cpuPercent !== undefined),
        `${id} has CPU readings: ${JSON.stringify(samples.slice(-6))}`,
      );
    const busiest = Math.max(...of('culprit').map((s) => s.cpuPercent ?? 0));
    assert.ok(busiest >= 50, `the spinning culprit's thread used ${busiest} % of a core`);
    for (const id of ['n1', 'n2', 'culprit'])
      assert.equal(peak(of(id)), 0, `${id}: threads have no memory of their own`);
    assert.ok(peak(of('process')) > 10 * 2 ** 20, 'the process has its RSS');
    for (const s of samples.filter((x) => x.cpuPercent !== undefined))
      assert.ok(s.cpuPercent! <= (s.id === 'process' ? 100 * 64 : 100), `${s.id} within its cap: ${s.cpuPercent}`);
  });

  test('under process: each child has its own CPU and memory, and a growing culprit shows growing', async () => {
    // 16 MB every 50 ms, touched, kept: about 480 MB over the observation (the oom misbehaviour dies too fast
    // against its cap for a 200 ms reading to catch its peak).
    const grow =
      'const keep = []; setInterval(() => { const b = new ArrayBuffer(16 << 20); new Uint8Array(b).fill(1); keep.push(b); }, 50);';
    const { of, result } = await sampled('process', 'code', grow);
    assert.equal(result.lost, 0);
    for (const id of ['n1', 'n2', 'culprit']) assert.ok(peak(of(id)) > 10 * 2 ** 20, `${id} has its own RSS`);
    assert.ok(
      peak(of('culprit')) > peak(of('n1')) + 160 * 2 ** 20,
      `the culprit grew past its neighbour: ${peak(of('culprit'))} vs ${peak(of('n1'))}`,
    );
    assert.equal(of('process').length, 0, 'no shared-process line under process');
  });
});
