/**
 * IPC throughput per transport: a guest prints 8 MiB in 64 KiB lines; the figure is the time from the first
 * to the last byte reaching the supervisor (through the product's path: the guest's console, its port or
 * socket to the host, the host's framed socket to the supervisor, schema checks and canary scanning on
 * the way). Floor: the same bytes along the same hops by hand, raw (floors/ipc.ts), timed the same way at a
 * sink socket in this process. No target: the ratio is the price of framing and checks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supervisor } from '../../engine/supervisor.ts';
import { floorScript } from './floor-runner.ts';
import { spawn } from 'node:child_process';
import { countNotes, timeRun, type BenchContext } from './context.ts';
import { makeRow, type BenchRow } from './report.ts';
import { summarize } from './stats.ts';

/** Throughput at least half the raw floor's: the same bytes take at most twice its time. */
export const IPC_TARGET = { on: 'ratio', max: 2 } as const;
export const IPC_LINE_BYTES = 64 * 1024;
export const IPC_LINES = 128;
const TOTAL = IPC_LINE_BYTES * IPC_LINES;

/** The driver whose guest output takes each path, and that path by hand. */
export const IPC_PATHS = [
  { driver: 'host', path: 'socket', label: 'host (host → socket)' },
  { driver: 'worker', path: 'port+socket', label: 'worker (port → host → socket)' },
  { driver: 'process', path: 'socket+socket', label: 'process (socket → host → socket)' },
] as const;

/** Start the by-hand path and time first → last byte at a sink socket here. */
async function floorOnce(node: string, path: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'wb-floor-'));
  const sink = join(dir, 'sink.sock');
  try {
    let first = 0;
    let received = 0;
    const done = new Promise<number>((resolve) => {
      const server = createServer((socket) => {
        socket.on('data', (chunk: Buffer) => {
          if (received === 0) first = performance.now();
          received += chunk.length;
          if (received >= TOTAL) {
            server.close();
            resolve(performance.now() - first);
          }
        });
      });
      server.listen(sink);
    });
    const child = spawn(
      node,
      [
        '--disable-warning=ExperimentalWarning',
        floorScript('ipc.ts'),
        path,
        sink,
        String(TOTAL),
        String(IPC_LINE_BYTES),
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.once('close', resolve));
    const ms = await done;
    await exited;
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchIpc(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const supervisor = new Supervisor({ runtime: ctx.runtime });
  const code = `const line = 'x'.repeat(${IPC_LINE_BYTES}); for (let i = 0; i < ${IPC_LINES}; i++) console.log(line);`;
  try {
    for (const p of IPC_PATHS) {
      const d = ctx.drivers.find((x) => x.id === p.driver);
      if (!d) continue;
      if (!d.available) {
        rows.push(
          makeRow({ group: 'ipc', subject: p.label, unit: 'ms', product: [], notes: [`unavailable: ${d.reason}`] }),
        );
        continue;
      }
      ctx.progress(`ipc: ${p.label}`);
      const product: number[] = [];
      const floor: number[] = [];
      const odd: string[] = [];
      for (let i = 0; i <= ctx.rounds; i++) {
        let first = 0;
        let last = 0;
        let bytes = 0;
        const { result } = await timeRun(
          supervisor,
          { code, driver: p.driver, limits: { maxOutputBytes: 4 * TOTAL } },
          {
            onOutput: (line) => {
              const now = performance.now();
              if (bytes === 0) first = now;
              last = now;
              bytes += line.text.length;
            },
          },
        );
        const f = await floorOnce(ctx.runtime.path, p.path);
        if (i === 0) continue;
        const ok = result.status === 'ok' && bytes >= TOTAL;
        if (!ok) odd.push(`status ${result.status}, ${bytes} of ${TOTAL} bytes`);
        product.push(ok ? last - first : Number.NaN);
        floor.push(f);
      }
      const mbps = (ms: number | undefined): string =>
        ms === undefined ? '?' : `${(TOTAL / 1024 / 1024 / (ms / 1000)).toFixed(0)} MB/s`;
      rows.push(
        makeRow({
          group: 'ipc',
          subject: p.label,
          unit: 'ms',
          product,
          floor,
          floorIs: `the same ${TOTAL / 1024 / 1024} MiB raw along ${p.path}`,
          target: IPC_TARGET,
          notes: [
            `${TOTAL / 1024 / 1024} MiB: product ${mbps(summarize(product)?.median)}, floor ${mbps(summarize(floor)?.median)}`,
            ...countNotes(odd, ctx.rounds),
          ],
          failed: odd.length > 0,
        }),
      );
    }
  } finally {
    await supervisor.dispose();
  }
  return rows;
}
