/** Parsing `workbench history …` arguments. Pure, like args.ts, which dispatches here. */
import { parseDriverId } from '../../common/run/driver-id.ts';
import { CANARY_NAMES, type CanaryName } from '../../common/run/result.ts';
import { HISTORY_STATUSES, MAX_HISTORY_LIMIT, type HistoryFilter } from '../../common/api/contract.ts';
import type { HistoryStatus } from '../../common/api/types.ts';

export const HISTORY_USAGE = `  workbench history [--json] [--driver ID] [--status S] [--breached|--contained] [--canary NAME]
                    [--limit N] [--offset N]
  workbench history show <ID> [--json]
  workbench history delete <ID>`;

/** Runs `workbench history` lists when no --limit is given: a screenful. */
export const CLI_HISTORY_LIMIT = 20;

export type HistoryCommand =
  | { readonly kind: 'history'; readonly action: 'list'; readonly json: boolean; readonly filter: HistoryFilter }
  | { readonly kind: 'history'; readonly action: 'show'; readonly id: string; readonly json: boolean }
  | { readonly kind: 'history'; readonly action: 'delete'; readonly id: string };

type Parsed = { ok: true; command: HistoryCommand } | { ok: false; error: string };
const fail = (error: string): Parsed => ({ ok: false, error });

function parseOne(action: 'show' | 'delete', rest: readonly string[]): Parsed {
  let id: string | undefined;
  let json = false;
  for (const arg of rest) {
    if (arg === '--json' && action === 'show') json = true;
    else if (arg.startsWith('-')) return fail(`unknown option for history ${action}: ${arg}`);
    else if (id !== undefined) return fail(`history ${action} takes one run id (got "${id}" and "${arg}")`);
    else id = arg;
  }
  if (id === undefined) return fail(`history ${action} needs a run id (see \`workbench history\`)`);
  return action === 'show'
    ? { ok: true, command: { kind: 'history', action, id, json } }
    : { ok: true, command: { kind: 'history', action, id } };
}

function count(flag: string, text: string, min: number, max: number): number | string {
  const n = Number(text);
  return /^\d+$/.test(text) && n >= min && n <= max
    ? n
    : `${flag} needs a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`;
}

export function parseHistoryArgs(rest: readonly string[]): Parsed {
  const [first, ...more] = rest;
  if (first === 'show' || first === 'delete') return parseOne(first, more);
  const args = first === 'list' ? more : rest;
  let json = false;
  const filter: { -readonly [K in keyof HistoryFilter]: HistoryFilter[K] } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (flag === '--json' || flag === '--breached' || flag === '--contained') {
      if (inline !== undefined) return fail(`${flag} takes no value`);
      if (flag === '--json') json = true;
      else {
        const escaped = flag === '--breached';
        if (filter.escaped === !escaped) return fail('--breached and --contained exclude each other');
        filter.escaped = escaped;
      }
      continue;
    }
    if (!['--driver', '--status', '--canary', '--limit', '--offset'].includes(flag)) {
      return fail(
        arg.startsWith('-') ? `unknown option for history: ${arg}` : `unknown history command: ${arg} (show, delete)`,
      );
    }
    const v = inline ?? args[++i];
    if (v === undefined || v === '' || (inline === undefined && v.startsWith('--')))
      return fail(`${flag} needs a value`);
    switch (flag) {
      case '--driver': {
        const parsed = parseDriverId(v);
        if (!parsed.ok) return fail(parsed.reason);
        filter.driver = v;
        break;
      }
      case '--status':
        if (!(HISTORY_STATUSES as readonly string[]).includes(v))
          return fail(`--status must be one of ${HISTORY_STATUSES.join(', ')}, got "${v}"`);
        filter.status = v as HistoryStatus;
        break;
      case '--canary':
        if (!(CANARY_NAMES as readonly string[]).includes(v))
          return fail(`--canary must be one of ${CANARY_NAMES.join(', ')}, got "${v}"`);
        filter.canary = v as CanaryName;
        break;
      case '--limit':
      case '--offset': {
        const n =
          flag === '--limit' ? count(flag, v, 1, MAX_HISTORY_LIMIT) : count(flag, v, 0, Number.MAX_SAFE_INTEGER);
        if (typeof n === 'string') return fail(n);
        if (flag === '--limit') filter.limit = n;
        else filter.offset = n;
        break;
      }
    }
  }
  if (filter.canary !== undefined && filter.escaped === false)
    return fail('--canary and --contained exclude each other');
  filter.limit ??= CLI_HISTORY_LIMIT;
  return { ok: true, command: { kind: 'history', action: 'list', json, filter } };
}
