/**
 * `workbench history`: list, show and delete stored runs — a table for people, JSON with --json. The
 * history is the one in WORKBENCH_DATA_DIR or the platform's data directory (engine/history/data-dir.ts).
 */
import { resolveDataDir } from '../../engine/history/data-dir.ts';
import { MIN_ID_PREFIX, openHistory, type HistoryStore } from '../../engine/history/store.ts';
import type { HistoryCommand } from './history-args.ts';
import { formatHistoryRun, formatHistoryTable } from './history-format.ts';
import { visibleLine } from './terminal-text.ts';

/** The id a user meant: the exact id, else the one run whose id starts with what they typed. */
function findRun(store: HistoryStore, typed: string): string | { error: string } {
  if (store.get(typed)) return typed;
  const ids = store.findIds(typed, 3);
  if (ids.length === 1) return ids[0]!;
  if (ids.length > 1)
    return { error: `"${typed}" is the start of several runs (${ids.join(', ')}…); give more of the id` };
  const hint = typed.length < MIN_ID_PREFIX ? ` (give at least ${MIN_ID_PREFIX} characters of it)` : '';
  return { error: `no run "${typed}" in the history at ${store.path}${hint}` };
}

export function historyCommand(command: HistoryCommand): number {
  const store = openHistory(resolveDataDir());
  try {
    if (command.action === 'list') {
      const page = store.list(command.filter);
      process.stdout.write(
        command.json
          ? `${JSON.stringify(page, null, 2)}\n`
          : `${formatHistoryTable(page, command.filter.offset ?? 0, store.path)}\n`,
      );
      return 0;
    }
    const id = findRun(store, command.id);
    if (typeof id !== 'string') {
      // Ids come from the history file, which anything running as the user can write.
      process.stderr.write(`workbench: ${visibleLine(id.error)}\n`);
      return 1;
    }
    if (command.action === 'delete') {
      store.delete(id);
      process.stderr.write(`deleted run ${visibleLine(id)}\n`);
      return 0;
    }
    const run = store.get(id)!;
    process.stdout.write(command.json ? `${JSON.stringify(run, null, 2)}\n` : `${formatHistoryRun(run)}\n`);
    return 0;
  } finally {
    store.close();
  }
}
