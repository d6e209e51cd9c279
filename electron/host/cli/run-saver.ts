/**
 * `workbench run --save`: the history is opened before the run starts (a history that cannot be used
 * stops the command before any code runs), the run is recorded as it starts and ends, and its id goes to
 * stderr once it is stored — stdout stays the run's own output or its JSON. If starting the run fails the
 * command ends, and the connection with it; nothing was written by then.
 */
import { normalizeRunRequest } from '../../common/run/run-request.ts';
import { resolveDataDir } from '../../engine/history/data-dir.ts';
import { recordRun, type RecordableRun } from '../../engine/history/record.ts';
import { openHistory, type HistoryStore } from '../../engine/history/store.ts';

export class RunSaver {
  readonly #store: HistoryStore;
  #recorded: Promise<{ saved: boolean }> | undefined;
  #id: string | undefined;

  static open(): RunSaver {
    return new RunSaver(openHistory(resolveDataDir()));
  }

  private constructor(store: HistoryStore) {
    this.#store = store;
  }

  /** Record the run, which has just started. */
  record(run: RecordableRun, input: unknown): void {
    this.#id = run.id;
    this.#recorded = recordRun(this.#store, run, normalizeRunRequest(input), (error) =>
      process.stderr.write(`workbench: the run was not saved: ${error.message}\n`),
    );
  }

  /** Wait until the run is stored, say its id on stderr, and close the history. */
  async finish(): Promise<void> {
    try {
      const recorded = await this.#recorded;
      if (recorded?.saved) process.stderr.write(`saved to history: ${this.#id}\n`);
    } finally {
      this.#store.close();
    }
  }
}
