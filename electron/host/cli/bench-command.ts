/**
 * `workbench bench`: run the performance suite (electron/host/bench), progress on stderr, the table (or one
 * JSON object) on stdout. Always exits 0 once it has measured: a missed target is a finding, not a failure.
 */
import { runBench } from '../bench/run-bench.ts';
import { formatBench } from '../bench/format.ts';
import type { BenchCommand } from './bench-args.ts';

export async function benchCommand(command: BenchCommand, argv: readonly string[]): Promise<number> {
  const report = await runBench({
    rounds: command.rounds,
    groups: command.groups,
    ...(command.drivers ? { drivers: command.drivers } : {}),
    command: `workbench ${argv.join(' ')}`,
    progress: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  process.stdout.write(command.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatBench(report)}\n`);
  return 0;
}
