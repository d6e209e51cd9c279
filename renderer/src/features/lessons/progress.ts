/**
 * Progress through the lessons, kept in the browser's storage: per lesson, which steps' runs matched their
 * expectation (and which did not, last time), and whether the check passed. Stored as one JSON value; a
 * damaged or foreign value reads as no progress. Pure apart from the storage it is given.
 */

/** What a step's last run showed: true = matched the expectation. */
export interface LessonProgress {
  readonly steps: Readonly<Record<string, boolean>>;
  /** The check's last evaluation; absent until the checked step has been run. */
  readonly check?: boolean;
}

export type Progress = Readonly<Record<string, LessonProgress>>;

export const PROGRESS_KEY = 'workbench.lessons.progress';

/** The part of `Storage` progress needs (localStorage in the app, a Map in tests). */
export interface ProgressStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read progress; anything that is not the expected shape is dropped. */
export function loadProgress(storage: ProgressStorage): Progress {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(PROGRESS_KEY) ?? '{}');
  } catch {
    return {};
  }
  if (!isRecord(raw)) return {};
  const out: Record<string, LessonProgress> = {};
  for (const [id, value] of Object.entries(raw)) {
    if (!isRecord(value) || !isRecord(value.steps)) continue;
    const steps = Object.fromEntries(
      Object.entries(value.steps).filter(([n, v]) => /^[0-9]+$/.test(n) && typeof v === 'boolean'),
    ) as Record<string, boolean>;
    out[id] = typeof value.check === 'boolean' ? { steps, check: value.check } : { steps };
  }
  return out;
}

export function saveProgress(storage: ProgressStorage, progress: Progress): void {
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    // Storage full or disabled: progress lives for this session only.
  }
}

/** Progress after a step's run was judged (and, for the checked step, the check). */
export function recordRun(
  progress: Progress,
  lessonId: string,
  step: number,
  matched: boolean,
  check?: boolean,
): Progress {
  const before = progress[lessonId] ?? { steps: {} };
  const steps = { ...before.steps, [String(step)]: matched };
  const checked = check ?? before.check;
  return { ...progress, [lessonId]: checked === undefined ? { steps } : { steps, check: checked } };
}

/** Forget a lesson's progress (start it over). */
export function resetLesson(progress: Progress, lessonId: string): Progress {
  return Object.fromEntries(Object.entries(progress).filter(([id]) => id !== lessonId));
}

/** "3/5 steps" and whether the check passed, for the list of lessons. */
export function summarize(p: LessonProgress | undefined, totalSteps: number): { done: number; checkPassed: boolean } {
  const done = Object.entries(p?.steps ?? {}).filter(([n, ok]) => ok && Number(n) <= totalSteps).length;
  return { done, checkPassed: p?.check === true };
}
