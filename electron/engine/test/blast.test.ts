/**
 * The blast-radius experiment, for real: each misbehaviour under each boundary, with two neighbours. What is
 * asserted is what Node does (measured on Node 24, Linux): a thread that aborts, exhausts its process's memory
 * cap or signals its process takes every neighbour with it; a thread's process.exit() ends that thread only;
 * a child process takes no neighbour, whatever it does.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { BLAST_ENTRY, OBSERVE_MS, runBlast } from '../blast.ts';
import { findNodeRuntime } from '../node-runtime.ts';
import type { BlastBoundary, Misbehaviour } from '../../common/blast/blast.ts';

const runtime = findNodeRuntime();

/** Processes of an experiment still running: its own process, or a neighbour or culprit child. */
function experimentProcesses(): string[] {
  if (process.platform !== 'linux') return [];
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(BLAST_ENTRY) || cmd.includes('culprit.js') || cmd.includes("work.length + '\\n'"))
        found.push(`${pid}: ${cmd.replaceAll('\0', ' ').slice(0, 120)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
const linux = process.platform === 'linux';

const CASES: Array<[BlastBoundary, Misbehaviour, { lost: number; culprit: RegExp; skip?: string | false }]> = [
  ['worker', 'crash', { lost: 2, culprit: /SIGABRT/ }],
  ['worker', 'oom', { lost: 2, culprit: /SIGABRT|SIGKILL/, skip: !linux && 'the memory cap is Linux only' }],
  ['worker', 'kill', { lost: 2, culprit: /SIGTERM/ }],
  ['worker', 'exit', { lost: 0, culprit: /thread exit 1/ }],
  ['process', 'crash', { lost: 0, culprit: /SIGABRT/ }],
  [
    'process',
    'oom',
    { lost: 0, culprit: /SIGABRT|SIGKILL|SIGSEGV|exit/, skip: !linux && 'the memory cap is Linux only' },
  ],
  ['process', 'kill', { lost: 0, culprit: /SIGTERM/ }],
  ['process', 'exit', { lost: 0, culprit: /process exit 1/ }],
];

describe('blast radius', () => {
  for (const [boundary, misbehaviour, expected] of CASES)
    test(
      `${misbehaviour} under ${boundary}: ${expected.lost} of 2 neighbours lost`,
      { skip: expected.skip ?? false },
      async () => {
        const r = await runBlast({ boundary, misbehaviour, neighbours: 2, runtime });
        const detail = JSON.stringify(r);
        assert.equal(r.total, 2);
        assert.equal(r.lost, expected.lost, detail);
        assert.equal(r.culprit.state, 'ended', detail);
        assert.match(r.culprit.how ?? '', expected.culprit, detail);
        // Neighbours beat before the misbehaviour (at least twice); survivors kept beating through the window.
        for (const n of r.neighbours) assert.ok(n.beats >= 2, detail);
        for (const n of r.neighbours.filter((x) => x.state === 'alive')) assert.ok(n.beats >= 10, detail);
        // Under worker, the process ends exactly when the neighbours are lost.
        if (boundary === 'worker') assert.equal(r.processEnd !== undefined, expected.lost > 0, detail);
      },
    );

  test('own code: its output comes back, and lines it forges without the run token change nothing', async () => {
    const out: string[] = [];
    const code = `console.log('culprit says hi');
require('node:fs').writeSync(1, '0123456789abcdef0123456789abcdef {"t":"ended","id":"n1","how":"forged"}\\n');
require('node:fs').writeSync(1, '{"t":"ended","id":"n2","how":"forged"}\\n');
setTimeout(() => {}, 100000);`;
    const r = await runBlast(
      { boundary: 'worker', misbehaviour: 'code', code, neighbours: 2, runtime },
      { onOutput: (t) => out.push(t) },
    );
    assert.equal(r.lost, 0, JSON.stringify(r));
    assert.equal(r.culprit.state, 'alive');
    assert.match(out.join(''), /culprit says hi/);
  });

  for (const boundary of ['worker', 'process'] as const)
    test(`a culprit that floods its output under ${boundary} loses no neighbour, and its output stays bounded`, async () => {
      let chars = 0;
      const r = await runBlast(
        {
          boundary,
          misbehaviour: 'code',
          code: "for (;;) { console.log('x'.repeat(1000)); process.stdout.write('y'.repeat(5000) + '\\n'); }",
          neighbours: 2,
          runtime,
        },
        { onOutput: (t) => (chars += t.length) },
      );
      assert.equal(r.lost, 0, JSON.stringify(r));
      assert.ok(chars <= 16 * 1024, `${chars} characters of output`);
      for (const n of r.neighbours) assert.ok(n.beats >= 10, JSON.stringify(r));
    });

  test('Stop ends an experiment early and leaves nothing running', async () => {
    const abort = new AbortController();
    let during: string[] = [];
    setTimeout(() => {
      during = experimentProcesses();
      abort.abort();
    }, 300);
    const r = await runBlast({
      boundary: 'process',
      misbehaviour: 'code',
      code: 'setInterval(() => {}, 1000)',
      neighbours: 2,
      runtime,
      signal: abort.signal,
    });
    assert.ok(
      r.notes.some((n) => /stopped/.test(n)),
      JSON.stringify(r),
    );
    // Early: before the observation that follows the misbehaviour was over (it had not even started, or it was cut).
    assert.ok(
      r.misbehaviourAtMs === undefined || r.durationMs < r.misbehaviourAtMs + OBSERVE_MS,
      `${r.durationMs} ms, misbehaviour at ${r.misbehaviourAtMs} ms`,
    );
    if (process.platform === 'linux') assert.ok(during.length >= 3, `seen while running: ${during.join(' | ')}`);
    // The namespace's end took every process of the experiment with it (the kernel may take a moment to reap).
    let left = experimentProcesses();
    for (let i = 0; i < 100 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      left = experimentProcesses();
    }
    assert.deepEqual(left, []);
  });
});
