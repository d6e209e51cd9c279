/**
 * Bounds on what a host can make the supervisor keep for one run (DESIGN.md §8: "every collection a host can
 * grow is bounded"). The schemas bound each frame (string lengths, array lengths, frame bytes); this module
 * bounds what accumulates over a run: distinct workers, worker updates, notes. Output is bounded by the run's
 * `maxOutputBytes` (OutputBuffer) and samples by the metrics ring (metrics.ts). A host that goes past a
 * bound is refused: the run ends as a protocol violation naming the bound. Nothing here throws.
 */
import { MAX_WORKERS_PER_RUN } from '../common/protocol/worker-protocol.ts';
import type { RunListener } from './run.ts';

export { MAX_WORKERS_PER_RUN };
/**
 * `worker` frames one run may send. A real host sends two or three per worker (running, running with its
 * pid, exited); a host re-announcing the same worker in a loop is refused rather than relayed to the UI.
 */
export const MAX_WORKER_FRAMES_PER_RUN = 256;
/** Notes kept per run; later ones are counted in the last note. */
export const MAX_NOTES_PER_RUN = 128;
/** Characters kept of one note (a refused key's name can be as long as a frame). */
export const MAX_NOTE_CHARS = 2048;

/** Per-run counters for the bounds above. */
export class RunIntake {
  #workerFrames = 0;

  /**
   * Check one `worker` frame against what the run already knows. Returns why it must be refused, or
   * undefined if it may be kept.
   */
  worker(known: ReadonlyMap<string, unknown>, id: string): string | undefined {
    this.#workerFrames++;
    if (this.#workerFrames > MAX_WORKER_FRAMES_PER_RUN)
      return `more than ${MAX_WORKER_FRAMES_PER_RUN} worker frames in one run (MAX_WORKER_FRAMES_PER_RUN)`;
    if (!known.has(id) && known.size >= MAX_WORKERS_PER_RUN)
      return `more than ${MAX_WORKERS_PER_RUN} distinct workers in one run (MAX_WORKERS_PER_RUN)`;
    return undefined;
  }
}

/**
 * An array for a run's notes that keeps at most {@link MAX_NOTES_PER_RUN}, each cut to
 * {@link MAX_NOTE_CHARS}; past the cap the last note counts what was dropped. `onNote` sees every note whole
 * before it is cut (the run scans notes for canary tokens: a refused frame's text can carry one). It stays a
 * plain array (the result's `notes`); only `push` is replaced, as a non-enumerable own property, so JSON,
 * structured clone and deep equality see an ordinary array.
 */
export function boundedNotes(onNote?: (note: string) => void): string[] {
  const notes: string[] = [];
  let dropped = 0;
  const keep = (note: string): void => {
    Array.prototype.push.call(notes, note);
  };
  Object.defineProperty(notes, 'push', {
    enumerable: false,
    value: (...items: string[]): number => {
      for (const item of items) {
        const note = String(item);
        try {
          onNote?.(note);
        } catch {
          // Scanning is best effort here; the frame itself was scanned where it arrived.
        }
        if (notes.length < MAX_NOTES_PER_RUN - 1) keep(clip(note));
        else {
          dropped++;
          notes[MAX_NOTES_PER_RUN - 1] = `${dropped} more note(s) not kept (MAX_NOTES_PER_RUN)`;
        }
      }
      return notes.length;
    },
  });
  return notes;
}

function clip(note: string): string {
  return note.length <= MAX_NOTE_CHARS ? note : `${note.slice(0, MAX_NOTE_CHARS)}… (${note.length} characters)`;
}

/**
 * The run's listener (the UI, the CLI) with every callback guarded: a listener that throws must not throw
 * into a socket or timer callback of the supervisor, where nothing would catch it. The error goes to
 * `onError`, which ends that run.
 */
export function guardListener(listener: RunListener | undefined, onError: (error: unknown) => void): RunListener {
  if (!listener) return {};
  const guarded: RunListener = {};
  for (const name of ['onOutput', 'onSamples', 'onWorker', 'onBreach'] as const) {
    const fn = listener[name] as ((value: unknown) => void) | undefined;
    if (!fn) continue;
    (guarded as Record<string, (value: unknown) => void>)[name] = (value) => {
      try {
        fn.call(listener, value);
      } catch (error) {
        onError(error);
      }
    };
  }
  return guarded;
}

/** A thrown value as one line of text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
