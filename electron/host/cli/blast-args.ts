/** Parsing `workbench blast …` arguments. Pure, like args.ts, which dispatches here. */
import {
  BLAST_BOUNDARIES,
  DEFAULT_NEIGHBOURS,
  MAX_NEIGHBOURS,
  MIN_NEIGHBOURS,
  MISBEHAVIOURS,
  type BlastBoundary,
  type Misbehaviour,
} from '../../common/blast/blast.ts';

export const BLAST_USAGE = `  workbench blast --boundary worker|process (--misbehaviour crash|oom|exit|kill | --code FILE) [--neighbours N] [--json]`;

export const BLAST_HELP = `  \`blast\` runs the code that misbehaves next to N neighbours (${MIN_NEIGHBOURS}-${MAX_NEIGHBOURS}, default ${DEFAULT_NEIGHBOURS}) beating every 50 ms, as
  worker threads of one process or as one child process each, and says which neighbours survived. --code runs
  your own file as the culprit instead. Exits 0 when the experiment ran, whatever it showed.`;

export interface BlastCommand {
  readonly kind: 'blast';
  readonly boundary: BlastBoundary;
  readonly misbehaviour?: Misbehaviour;
  readonly codeFile?: string;
  readonly neighbours: number;
  readonly json: boolean;
}

type Result = { ok: true; command: BlastCommand } | { ok: false; error: string };

export function parseBlastArgs(rest: readonly string[]): Result {
  let boundary: BlastBoundary | undefined;
  let misbehaviour: Misbehaviour | undefined;
  let codeFile: string | undefined;
  let neighbours = DEFAULT_NEIGHBOURS;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? rest[++i];
    if (flag === '--json') json = true;
    else if (flag === '--boundary') {
      const v = value();
      if (!BLAST_BOUNDARIES.includes(v as BlastBoundary))
        return {
          ok: false,
          error: `--boundary must be one of ${BLAST_BOUNDARIES.join(', ')}, got ${JSON.stringify(v ?? '')}`,
        };
      boundary = v as BlastBoundary;
    } else if (flag === '--misbehaviour' || flag === '--misbehavior') {
      const v = value();
      if (!MISBEHAVIOURS.includes(v as Misbehaviour))
        return {
          ok: false,
          error: `--misbehaviour must be one of ${MISBEHAVIOURS.join(', ')}, got ${JSON.stringify(v ?? '')}`,
        };
      misbehaviour = v as Misbehaviour;
    } else if (flag === '--code') {
      const v = value();
      if (!v) return { ok: false, error: '--code needs a file (or - for standard input)' };
      codeFile = v;
    } else if (flag === '--neighbours' || flag === '--neighbors') {
      const v = value() ?? '';
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < MIN_NEIGHBOURS || n > MAX_NEIGHBOURS)
        return {
          ok: false,
          error: `--neighbours must be a whole number from ${MIN_NEIGHBOURS} to ${MAX_NEIGHBOURS}, got ${JSON.stringify(v)}`,
        };
      neighbours = n;
    } else return { ok: false, error: `unknown option for blast: ${arg}` };
  }
  if (!boundary) return { ok: false, error: 'blast needs --boundary worker|process' };
  if (!misbehaviour === !codeFile) return { ok: false, error: 'blast needs one of --misbehaviour or --code' };
  return {
    ok: true,
    command: {
      kind: 'blast',
      boundary,
      ...(misbehaviour ? { misbehaviour } : {}),
      ...(codeFile ? { codeFile } : {}),
      neighbours,
      json,
    },
  };
}
