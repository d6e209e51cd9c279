/**
 * The base of the UI's external stores (useSyncExternalStore): listeners, a version that changes with every
 * change, and notification either at once or coalesced to at most one per interval (runs send events at
 * 10 Hz per worker plus every console line; re-rendering for each would keep the page busy).
 */
type Listener = () => void;

export class ExternalStore {
  readonly #listeners = new Set<Listener>();
  readonly #intervalMs: number;
  #version = 0;
  #pending: ReturnType<typeof setTimeout> | undefined;
  #lastNotified = Number.NEGATIVE_INFINITY;

  /** `intervalMs` 0: listeners hear every change synchronously. */
  constructor(intervalMs = 0) {
    this.#intervalMs = intervalMs;
  }

  subscribe = (l: Listener): (() => void) => {
    this.#listeners.add(l);
    return () => void this.#listeners.delete(l);
  };

  getVersion = (): number => this.#version;

  /** The state changed now; listeners hear it at once or with the interval's next notification. */
  protected changed(): void {
    this.#version++;
    if (this.#intervalMs === 0) return this.#notify();
    if (this.#pending !== undefined) return;
    const wait = Math.max(0, this.#lastNotified + this.#intervalMs - Date.now());
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#lastNotified = Date.now();
      this.#notify();
    }, wait);
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }
}
