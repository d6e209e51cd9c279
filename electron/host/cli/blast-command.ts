/** `workbench blast`: one blast-radius experiment, printed as text or JSON. */
import { readFile } from 'node:fs/promises';
import { MAX_BLAST_CODE_CHARS, type BlastResult } from '../../common/blast/blast.ts';
import { runBlast } from '../../engine/blast.ts';
import type { Supervisor } from '../../engine/supervisor.ts';
import type { BlastCommand } from './blast-args.ts';
import { visible, visibleLine } from './terminal-text.ts';

export function formatBlast(r: BlastResult): string {
  const lines = [
    `blast radius · boundary ${r.boundary} · misbehaviour ${r.misbehaviour} · ${r.total} neighbour(s)`,
    ...r.neighbours.map((n) => `  ${n.id}  ${n.state}  (${n.beats} beats)`),
    `neighbours lost: ${r.lost} of ${r.total}`,
    `culprit: ${r.culprit.state}${r.culprit.how ? ` (${r.culprit.how})` : ''}` +
      (r.boundary === 'worker' ? `; the process: ${r.processEnd ?? 'still running at the end'}` : ''),
    ...r.notes.map((n) => `note: ${visibleLine(n)}`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function blastCommand(command: BlastCommand, supervisor: Supervisor): Promise<number> {
  let code: string | undefined;
  if (command.codeFile !== undefined) {
    try {
      code =
        command.codeFile === '-'
          ? await (async () => {
              let text = '';
              for await (const chunk of process.stdin) text += String(chunk);
              return text;
            })()
          : await readFile(command.codeFile, 'utf8');
    } catch (error) {
      process.stderr.write(
        `workbench: cannot read ${visibleLine(command.codeFile)}: ${visibleLine((error as Error).message)}\n`,
      );
      return 2;
    }
    if (code.length > MAX_BLAST_CODE_CHARS) {
      process.stderr.write(`workbench: the code is longer than ${MAX_BLAST_CODE_CHARS} characters\n`);
      return 2;
    }
  }
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const result = await runBlast(
    {
      boundary: command.boundary,
      misbehaviour: command.misbehaviour ?? 'code',
      neighbours: command.neighbours,
      ...(code !== undefined ? { code } : {}),
      runtime: supervisor.runtime,
      signal: abort.signal,
    },
    command.json ? {} : { onOutput: (text) => process.stderr.write(visible(text)) },
  );
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  process.stdout.write(command.json ? `${JSON.stringify(result, null, 2)}\n` : formatBlast(result));
  return result.notes.some((n) => /could not start|ended before the misbehaviour|had not all started/.test(n)) ? 1 : 0;
}
