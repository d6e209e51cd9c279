/**
 * Floor of sampling cost: what reading CPU and RSS of N processes from /proc (`stat` and `status`, the
 * files the supervisor reads) at a given rate costs this process, against the same window without it.
 *
 *   node sampling.ts <processes> <hz> <window ms> <rounds>
 *
 * Prints `{"samplesPercent":[…]}`: the extra CPU, in % of one core, per round (Linux only).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [countText, hzText, windowText, roundsText] = process.argv.slice(2);
const [count, hz, windowMs, rounds] = [countText, hzText, windowText, roundsText].map(Number) as [
  number,
  number,
  number,
  number,
];
const sleepers = Array.from({ length: count }, () => spawn('sleep', ['600'], { stdio: 'ignore' }));
const pids = sleepers.map((c) => c.pid ?? 0);

function readAll(): number {
  let sum = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    sum += Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    sum += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return sum;
}

/** CPU this process used during one window, in % of one core, with or without the sampler running. */
async function windowCpu(sampled: boolean): Promise<number> {
  const timer = sampled ? setInterval(readAll, Math.round(1000 / hz)) : undefined;
  const before = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const used = process.cpuUsage(before);
  clearInterval(timer);
  return ((used.user + used.system) / 1000 / (performance.now() - t0)) * 100;
}

const samplesPercent: number[] = [];
for (let i = 0; i < rounds; i++) {
  const on = await windowCpu(true);
  const off = await windowCpu(false);
  samplesPercent.push(Math.max(0, on - off));
}
for (const s of sleepers) s.kill('SIGKILL');
process.stdout.write(`${JSON.stringify({ samplesPercent })}\n`);
