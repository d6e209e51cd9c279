/** The machine a bench ran on, for the report: CPU model, cores, RAM, kernel, Node, load. */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

export function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

export function machineNow(node: string): {
  cpu: string;
  cores: number;
  memoryBytes: number;
  kernel: string;
  platform: string;
  node: string;
  load: number[];
} {
  return {
    cpu: cpuModel(),
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    kernel: release(),
    platform: `${platform()} ${process.arch}`,
    node,
    load: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
