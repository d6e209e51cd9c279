/**
 * The lessons behind the UI contract: list them and open one. Lessons are read from disk on every call
 * (a handful of small files), so an edited lesson shows up without a restart. Checking a learner's run is
 * not a method: the renderer judges the result it received with the pure evaluateStepRun /
 * evaluateLessonCheck of electron/common/lesson/lesson-check.ts — the same code the honesty test runs.
 */
import type { Handlers } from '../common/api/server.ts';
import type { LessonListing } from '../common/api/types.ts';
import { WorkbenchError } from '../common/protocol/errors.ts';
import { loadLessons, SHIPPED_LESSONS_DIR } from './lesson-library.ts';

export type LessonMethods = Pick<Handlers, 'listLessons' | 'getLesson'>;

export interface LessonHandlerOptions {
  /** The lesson folder (the shipped one by default; tests pass a fixture folder). */
  readonly lessonsDir?: string;
}

export function createLessonHandlers(options: LessonHandlerOptions = {}): LessonMethods {
  const dir = options.lessonsDir ?? SHIPPED_LESSONS_DIR;
  return {
    listLessons: () =>
      loadLessons(dir).map((l): LessonListing => ({
        id: l.id,
        title: l.title,
        summary: l.summary,
        steps: l.steps.length,
      })),
    getLesson: ({ id }) => {
      const lesson = loadLessons(dir).find((l) => l.id === id);
      if (!lesson) throw new WorkbenchError('bad-argument', `unknown lesson "${id}"`);
      return lesson;
    },
  };
}
