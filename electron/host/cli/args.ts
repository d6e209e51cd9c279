/**
 * Command-line parsing for `workbench`. Pure: returns a command or a one-line error; printing usage and
 * exit codes is main.ts's job.
 */

import { MATRIX_USAGE, parseMatrixArgs, type MatrixCommand } from './matrix-args.ts';
import type { HardeningFlag, Language } from '../../common/run/run-spec.ts';
import { parseHardening } from './hardening-args.ts';
import { HISTORY_USAGE, parseHistoryArgs, type HistoryCommand } from './history-args.ts';
import { BENCH_HELP, BENCH_USAGE, parseBenchArgs, type BenchCommand } from './bench-args.ts';
import { parseNodeSpec } from '../../common/node-release/node-version.ts';
import { BLAST_HELP, BLAST_USAGE, parseBlastArgs, type BlastCommand } from './blast-args.ts';
import { BISECT_HELP, BISECT_USAGE, parseBisectArgs, type BisectCommand } from './bisect-args.ts';

const RUN_USAGE = `  workbench run <file|-> [--driver ID] [--node VERSION] [--timeout MS] [--memory MB] [--allow-fs-read P]... [--allow-fs-write P]...
                         [--allow-child-process] [--allow-worker] [--allow-addons] [--allow-wasi] [--permission] [--allow-network]
                         [--env-allow NAME]... [--harden FLAG,...] [--max-output BYTES] [--sample-hz N] [--ts] [--json] [--save]`;

/** Each command's usage lines, for its own --help and its argument errors. */
export const COMMAND_USAGE = {
  drivers: '  workbench drivers [--node VERSION] [--json]',
  matrix: MATRIX_USAGE,
  run: RUN_USAGE,
  history: HISTORY_USAGE,
  bench: BENCH_USAGE,
  blast: BLAST_USAGE,
  bisect: BISECT_USAGE,
} as const;
export type CommandName = keyof typeof COMMAND_USAGE;
export const COMMANDS = Object.keys(COMMAND_USAGE) as CommandName[];

/** What each command's --help says after its usage. */
const COMMAND_NOTES: Readonly<Record<CommandName, string>> = {
  drivers: `  Every driver (boundary+evaluator) with whether it is available here, why not, and what it enforces.`,
  matrix: `  \`matrix --harden FLAG,...\` adds Node's hardening flags (as for run) to every cell's policy.
  \`matrix --repeat N\` runs each cell N times (1-5) and marks a cell whose runs differ unstable; \`--strict\` exits 1
  when a driver did worse than a probe expects, a cell is unstable, or a result contradicts itself (a workbench error).`,
  run: `  Drivers: host (inline), worker, process, … — see \`workbench drivers\`. Default: worker.
  In --allow-fs-read/--allow-fs-write, relative paths are relative to the current directory, and $JAIL stands
  for the run's jail directory (the guest's cwd under \`process\`). Any allow flag turns the Permission Model on.
  --allow-network gives an os-sandbox guest the network. --ts: the code is TypeScript (its types are stripped).
  --harden puts Node's hardening flags on the guest's Node: frozen-intrinsics, disallow-code-generation-from-strings,
  disable-proto=delete|throw, or all; a driver that cannot apply one refuses the run (\`workbench drivers\`: hardening).
  \`run\` exits 0 only when the run's status is ok; the result value goes to stdout, the summary to stderr.
  \`run --save\` stores the run in the history (WORKBENCH_DATA_DIR, else the platform's data directory) and
  prints its id on stderr.`,
  history: `  \`history show\` and \`delete\` take a run id or a unique start of it (4+ characters).`,
  bench: BENCH_HELP,
  blast: BLAST_HELP,
  bisect: BISECT_HELP,
};

export const USAGE = `usage:
${COMMANDS.map((c) => COMMAND_USAGE[c]).join('\n')}

${COMMANDS.map((c) => COMMAND_NOTES[c]).join('\n')}
  Every command answers --help (or -h).`;

/** One command's usage and notes (its --help). */
export function commandHelp(command: CommandName): string {
  return `usage:\n${COMMAND_USAGE[command]}\n\n${COMMAND_NOTES[command]}`;
}

/** What follows an argument error: the usage of the command it was about, and where the rest is. */
export function usageAfterError(command: CommandName | undefined): string {
  return command
    ? `usage:\n${COMMAND_USAGE[command]}\nMore: workbench ${command} --help`
    : `usage:\n  workbench ${COMMANDS.join('|')} …\nMore: workbench --help`;
}

export type Command =
  | { readonly kind: 'help'; readonly topic?: CommandName }
  | { readonly kind: 'drivers'; readonly json: boolean; readonly node?: string }
  | MatrixCommand
  | HistoryCommand
  | BenchCommand
  | BlastCommand
  | BisectCommand
  | {
      readonly kind: 'run';
      readonly file: string;
      readonly json: boolean;
      /** Store the run in the history (only present when asked for). */
      readonly save?: true;
      readonly request: {
        driver?: string;
        /** The Node release to run on (`22`, `22.12.0`): installed on demand. */
        node?: string;
        language?: Language;
        limits: { timeoutMs?: number; memoryMb?: number; maxOutputBytes?: number };
        policy: {
          fsRead: string[];
          fsWrite: string[];
          childProcess?: boolean;
          worker?: boolean;
          addons?: boolean;
          wasi?: boolean;
          permission?: boolean;
          envAllow?: string[];
          network?: boolean;
          hardening?: HardeningFlag[];
        };
        sampleHz?: number;
      };
    };

/** Why `--node` got no Node version spec (`22`, `22.12`, `22.12.0`), or undefined when it did. */
export function nodeSpecProblem(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value.startsWith('--'))
    return '--node needs a version (22, 22.12 or 22.12.0)';
  const parsed = parseNodeSpec(value);
  return typeof parsed === 'string' ? `--node: ${parsed}` : undefined;
}

export type ParseResult =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly error: string; readonly topic?: CommandName };

const fail = (error: string, topic?: CommandName): ParseResult => ({ ok: false, error, ...(topic ? { topic } : {}) });

/** A sub-parser's failure, with the command it was about. */
function about(topic: CommandName, r: { ok: true; command: Command } | { ok: false; error: string }): ParseResult {
  return r.ok ? r : fail(r.error, topic);
}

const SWITCHES: ReadonlySet<string> = new Set([
  '--json',
  '--ts',
  '--allow-child-process',
  '--allow-worker',
  '--allow-addons',
  '--allow-wasi',
  '--permission',
  '--allow-network',
  '--save',
]);

function positiveInt(flag: string, text: string | undefined): number | string {
  if (text === undefined || !/^\d+$/.test(text))
    return `${flag} needs a positive whole number, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`;
  const n = Number(text);
  return n > 0 && Number.isSafeInteger(n) ? n : `${flag} needs a positive whole number, got ${JSON.stringify(text)}`;
}

export function parseArgs(argv: readonly string[]): ParseResult {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help')
    return { ok: true, command: { kind: 'help' } };
  if (!COMMANDS.includes(command as CommandName)) return fail(`unknown command: ${command}`);
  const topic = command as CommandName;
  if (rest.includes('--help') || rest.includes('-h')) return { ok: true, command: { kind: 'help', topic } };
  if (command === 'drivers') {
    let json = false;
    let node: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i]!;
      if (arg === '--json') json = true;
      else if (arg === '--node' || arg.startsWith('--node=')) {
        const v = arg === '--node' ? rest[++i] : arg.slice('--node='.length);
        const problem = nodeSpecProblem(v);
        if (problem) return fail(problem, topic);
        node = v;
      } else return fail(`unknown option for drivers: ${arg}`, topic);
    }
    return { ok: true, command: { kind: 'drivers', json, ...(node ? { node } : {}) } };
  }
  if (command === 'matrix') return about(topic, parseMatrixArgs(rest));
  if (command === 'history') return about(topic, parseHistoryArgs(rest));
  if (command === 'bench') return about(topic, parseBenchArgs(rest));
  if (command === 'blast') return about(topic, parseBlastArgs(rest));
  if (command === 'bisect') return about(topic, parseBisectArgs(rest));

  let file: string | undefined;
  let json = false;
  let save = false;
  const request: Extract<Command, { kind: 'run' }>['request'] = { limits: {}, policy: { fsRead: [], fsWrite: [] } };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? rest[++i];
    const needValue = (): string | ParseResult => {
      const v = value();
      return v === undefined || (inline === undefined && v.startsWith('--')) ? fail(`${flag} needs a value`) : v;
    };
    if (inline !== undefined && SWITCHES.has(flag)) return fail(`${flag} takes no value (got ${JSON.stringify(arg)})`);
    switch (flag) {
      case '--json':
        json = true;
        break;
      case '--save':
        save = true;
        break;
      case '--ts':
        request.language = 'ts';
        break;
      case '--driver': {
        const v = needValue();
        if (typeof v !== 'string') return v;
        request.driver = v;
        break;
      }
      case '--node': {
        const v = needValue();
        if (typeof v !== 'string') return v;
        const problem = nodeSpecProblem(v);
        if (problem) return fail(problem);
        request.node = v;
        break;
      }
      case '--timeout':
      case '--memory':
      case '--max-output':
      case '--sample-hz': {
        const n = positiveInt(flag, value());
        if (typeof n === 'string') return fail(n);
        if (flag === '--timeout') request.limits.timeoutMs = n;
        else if (flag === '--memory') request.limits.memoryMb = n;
        else if (flag === '--max-output') request.limits.maxOutputBytes = n;
        else request.sampleHz = n;
        break;
      }
      case '--allow-fs-read':
      case '--allow-fs-write': {
        const v = needValue();
        if (typeof v !== 'string') return v;
        (flag === '--allow-fs-read' ? request.policy.fsRead : request.policy.fsWrite).push(v);
        break;
      }
      case '--env-allow': {
        const v = needValue();
        if (typeof v !== 'string') return v;
        (request.policy.envAllow ??= []).push(...v.split(',').filter(Boolean));
        break;
      }
      case '--allow-child-process':
        request.policy.childProcess = true;
        break;
      case '--allow-worker':
        request.policy.worker = true;
        break;
      case '--allow-addons':
        request.policy.addons = true;
        break;
      case '--allow-wasi':
        request.policy.wasi = true;
        break;
      case '--permission':
        request.policy.permission = true;
        break;
      case '--allow-network':
        request.policy.network = true;
        break;
      case '--harden': {
        const v = needValue();
        if (typeof v !== 'string') return v;
        const flags = parseHardening(v);
        if (typeof flags === 'string') return fail(flags);
        (request.policy.hardening ??= []).push(...flags);
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') return fail(`unknown option: ${arg}`);
        if (file !== undefined)
          return fail(`only one file may be given (got ${JSON.stringify(file)} and ${JSON.stringify(arg)})`);
        file = arg;
    }
  }
  if (file === undefined) return fail('run needs a file, or - to read the code from stdin');
  if (request.language === undefined && /\.(c|m)?ts$/.test(file)) request.language = 'ts';
  return { ok: true, command: { kind: 'run', file, json, request, ...(save ? { save: true as const } : {}) } };
}
