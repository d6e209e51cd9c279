/**
 * The command a person types, end to end: `workbench run` of `1 + 1` per plain driver, and `workbench
 * drivers`, each timed from spawn to exit of the launcher people start (bin/workbench.mjs on the hosts'
 * Node). Floors: the cold-start `node -e` doing the same mechanism by hand (cold.ts), and a `node -e` that
 * does only the availability checks listing the drivers needs (floors/sources.ts availabilityScript).
 */
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availabilityScript, coldScript, type FloorBoundary } from './floors/sources.ts';
import { timeNodeScript } from './floor-runner.ts';
import { countNotes, type BenchContext } from './context.ts';
import { makeRow, type BenchRow } from './report.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { coldFloorIs } from './cold.ts';

export const CLI_TARGET = { on: 'ratio', max: 2 } as const;
const LAUNCHER = join(PROJECT_ROOT, 'bin', 'workbench.mjs');
const CLI_TIMEOUT_MS = 60_000;

/** Spawn → exit of `node bin/workbench.mjs args…`, with what it printed. */
function timeCli(node: string, args: readonly string[]): Promise<{ ms: number; code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, [LAUNCHER, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, code, stdout });
    });
  });
}

export async function benchCli(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-cli-'));
  const file = join(dir, 'one.js');
  writeFileSync(file, '1 + 1\n');
  try {
    // One unmeasured call first: it builds the Node bundle if the sources changed, and warms the disk cache.
    await timeCli(ctx.runtime.path, ['drivers']);
    for (const d of ctx.drivers) {
      if (d.evaluator !== 'plain' || !d.available) continue;
      ctx.progress(`cli: run ${d.id}`);
      const script = coldScript(d.boundary as FloorBoundary, 'plain', ctx.modules, ctx.sandbox);
      const product: number[] = [];
      const floor: number[] = [];
      const odd: string[] = [];
      for (let i = 0; i < ctx.rounds; i++) {
        const p = await timeCli(ctx.runtime.path, ['run', file, '--driver', d.id]);
        const f = await timeNodeScript(ctx.runtime.path, script);
        const ok = p.code === 0 && p.stdout.trim().split('\n').includes('2');
        if (!ok) odd.push(`exit ${p.code}, stdout ${JSON.stringify(p.stdout.slice(0, 80))}`);
        product.push(ok ? p.ms : Number.NaN);
        floor.push(f.line === '2' ? f.ms : Number.NaN);
      }
      rows.push(
        makeRow({
          group: 'cli',
          subject: `run · ${d.id}`,
          unit: 'ms',
          product,
          floor,
          floorIs: coldFloorIs(d.boundary, 'plain'),
          target: CLI_TARGET,
          notes: countNotes(odd, ctx.rounds),
          failed: odd.length > 0,
        }),
      );
    }
    ctx.progress('cli: drivers');
    const checks = availabilityScript(ctx.modules, ctx.sandbox);
    const product: number[] = [];
    const floor: number[] = [];
    const odd: string[] = [];
    for (let i = 0; i < ctx.rounds; i++) {
      const p = await timeCli(ctx.runtime.path, ['drivers']);
      const f = await timeNodeScript(ctx.runtime.path, checks);
      if (p.code !== 0) odd.push(`exit ${p.code}`);
      product.push(p.code === 0 ? p.ms : Number.NaN);
      floor.push(f.line === 'ok' ? f.ms : Number.NaN);
    }
    rows.push(
      makeRow({
        group: 'cli',
        subject: 'drivers',
        unit: 'ms',
        product,
        floor,
        floorIs:
          'node -e: the availability checks only (isolated-vm loaded in a child, bwrap, unshare and strace trials)',
        target: CLI_TARGET,
        notes: countNotes(odd, ctx.rounds),
        failed: odd.length > 0,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
