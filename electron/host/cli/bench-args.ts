/** Parsing `workbench bench …` arguments. Pure, like args.ts, which dispatches here. */
import { BENCH_GROUPS, DEFAULT_GROUPS, type BenchGroup } from '../bench/report.ts';

export const DEFAULT_BENCH_ROUNDS = 7;
export const MAX_BENCH_ROUNDS = 100;

export const BENCH_USAGE = `  workbench bench [--json] [--rounds N] [--only GROUP,GROUP...] [--drivers ID,ID...] [--matrix]`;

/** The longer explanation, printed with the usage. */
export const BENCH_HELP = `  \`bench\` measures each product figure beside its floor done by hand on this machine, in the same run
  (medians of N rounds, default ${DEFAULT_BENCH_ROUNDS}, with min/max): groups ${DEFAULT_GROUPS.join(', ')}; the full
  probe matrix only with --matrix (it takes minutes). A table on stdout (--json: one object), progress on
  stderr; exits 0 even when targets miss. See docs/performance.md.`;

export interface BenchCommand {
  readonly kind: 'bench';
  readonly json: boolean;
  readonly rounds: number;
  /** In the order they run. */
  readonly groups: readonly BenchGroup[];
  readonly drivers?: readonly string[];
}

type Result = { ok: true; command: BenchCommand } | { ok: false; error: string };

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseBenchArgs(rest: readonly string[]): Result {
  let json = false;
  let matrix = false;
  let rounds = DEFAULT_BENCH_ROUNDS;
  let only: BenchGroup[] | undefined;
  let drivers: string[] | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (flag === '--json' || flag === '--matrix') {
      if (inline !== undefined) return { ok: false, error: `${flag} takes no value` };
      if (flag === '--json') json = true;
      else matrix = true;
      continue;
    }
    if (flag !== '--rounds' && flag !== '--only' && flag !== '--drivers')
      return { ok: false, error: `unknown option for bench: ${arg}` };
    const v = inline ?? rest[++i];
    if (v === undefined || v === '' || (inline === undefined && v.startsWith('--')))
      return { ok: false, error: `${flag} needs a value` };
    if (flag === '--rounds') {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 1 || n > MAX_BENCH_ROUNDS)
        return { ok: false, error: `--rounds needs a whole number from 1 to ${MAX_BENCH_ROUNDS}, got "${v}"` };
      rounds = n;
    } else if (flag === '--only') {
      const names = list(v);
      const unknown = names.filter((n) => !(BENCH_GROUPS as readonly string[]).includes(n));
      if (unknown.length > 0)
        return { ok: false, error: `unknown bench group "${unknown[0]}" (groups: ${BENCH_GROUPS.join(', ')})` };
      if (names.length === 0) return { ok: false, error: '--only needs at least one group' };
      only = names as BenchGroup[];
    } else {
      drivers = list(v);
      if (drivers.length === 0) return { ok: false, error: '--drivers needs at least one driver id' };
    }
  }
  const chosen = new Set<BenchGroup>(only ?? DEFAULT_GROUPS);
  if (matrix) chosen.add('matrix');
  const groups = BENCH_GROUPS.filter((g) => chosen.has(g));
  return { ok: true, command: { kind: 'bench', json, rounds, groups, ...(drivers ? { drivers } : {}) } };
}
