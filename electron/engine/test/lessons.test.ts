/**
 * The honesty test of the lessons: every step of every shipped lesson runs through a real supervisor and
 * must show what the lesson says it shows, and each lesson's check must pass on its step's run. A lesson
 * can never claim what the engine does not do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METHODS } from '../../common/api/contract.ts';
import { check } from '../../common/protocol/schema.ts';
import { evaluateLessonCheck, evaluateStepRun } from '../../common/lesson/lesson-check.ts';
import type { LessonStep } from '../../common/lesson/lesson.ts';
import type { RunResult } from '../../common/run/result.ts';
import { DEFAULT_TIMEOUT_MS } from '../../common/run/run-spec.ts';
import { createLessonHandlers } from '../lesson-handlers.ts';
import { evaluateExperiment, experimentBoundaries } from '../../common/lesson/lesson-experiment.ts';
import { runBlast } from '../blast.ts';
import { loadLessons, SHIPPED_LESSONS_DIR } from '../lesson-library.ts';
import { useIsolatedEngine } from './harness.ts';

const { supervisor, tmp } = useIsolatedEngine();
const runtime = supervisor.runtime;
const lessons = loadLessons();

/** Steps of one lesson run at once: enough to keep the file fast, few enough for a shared 2-core machine. */
const CONCURRENCY = 2;
/** Lessons are interactive: a step that needs longer than this makes a learner wait too long. */
const MAX_STEP_TIMEOUT_MS = 3000;

async function runSteps(steps: readonly LessonStep[]): Promise<RunResult[]> {
  const results: RunResult[] = new Array<RunResult>(steps.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < steps.length) {
      const i = next++;
      results[i] = await supervisor.startRun(steps[i]!.request).result;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, steps.length) }, lane));
  return results;
}

test('the shipped lessons: at least six, fast steps, each driver named in its step prose', () => {
  assert.ok(lessons.length >= 6, `only ${lessons.length} lessons`);
  assert.ok(
    lessons.some((l) => l.experiments.length > 0),
    'a lesson runs the blast-radius experiment itself',
  );
  for (const lesson of lessons) {
    assert.ok(
      lesson.references.every((r) => /^https:\/\//.test(r.url)),
      `${lesson.file}: references are https URLs`,
    );
    for (const step of lesson.steps) {
      const where = `${lesson.file}:${step.line} (step ${step.n})`;
      const timeoutMs = step.request.limits?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      assert.ok(timeoutMs <= MAX_STEP_TIMEOUT_MS, `${where}: timeout ${timeoutMs} ms is over ${MAX_STEP_TIMEOUT_MS}`);
      // A Markdown viewer does not show a fence's settings: the prose must say which driver the step uses.
      assert.ok(
        step.prose.includes(`\`${step.request.driver}\``),
        `${where}: the prose never names \`${step.request.driver}\``,
      );
    }
  }
});

test('listLessons and getLesson serve the shipped lessons; unknown or malformed ids are refused', () => {
  const handlers = createLessonHandlers();
  const listed = handlers.listLessons({});
  assert.deepEqual(
    listed,
    lessons.map((l) => ({ id: l.id, title: l.title, summary: l.summary, steps: l.steps.length })),
  );
  assert.deepEqual(handlers.getLesson({ id: lessons[0]!.id }), lessons[0]);
  assert.throws(() => handlers.getLesson({ id: 'no-such-lesson' }), {
    code: 'bad-argument',
    message: /unknown lesson/,
  });
  for (const id of ['../01-threads-share-a-process', 'Threads', '', 'a'.repeat(101)]) {
    assert.equal(check(METHODS.getLesson.args, { id }).ok, false, id);
  }
});

test('the loader reads NN-slug.md files in order, skips other Markdown, and names the file of a broken lesson', () => {
  const dir = mkdtempSync(join(tmp, 'lessons-'));
  try {
    const [first, second] = lessons.map((l) => l.file);
    copyFileSync(join(SHIPPED_LESSONS_DIR, second!), join(dir, '20-b.md'));
    copyFileSync(join(SHIPPED_LESSONS_DIR, first!), join(dir, '10-a.md'));
    writeFileSync(join(dir, 'README.md'), '# not a lesson');
    writeFileSync(join(dir, 'notes.md'), 'not a lesson either');
    assert.deepEqual(
      loadLessons(dir).map((l) => [l.file, l.id]),
      [
        ['10-a.md', lessons[0]!.id],
        ['20-b.md', lessons[1]!.id],
      ],
    );
    copyFileSync(join(SHIPPED_LESSONS_DIR, first!), join(dir, '30-twin.md'));
    assert.throws(() => loadLessons(dir), {
      code: 'bad-argument',
      message: /30-twin\.md: id ".*" is already used by 10-a\.md/,
    });
    rmSync(join(dir, '30-twin.md'));
    writeFileSync(join(dir, '40-broken.md'), '<!--lesson\nid: broken\n-->\n');
    assert.throws(() => loadLessons(dir), {
      code: 'bad-argument',
      message: /^40-broken\.md:3: the front matter needs "summary/,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => loadLessons(join(tmp, 'absent')), { code: 'bad-argument', message: /lesson folder not found/ });
});

for (const lesson of lessons) {
  test(`${lesson.file}: every step shows what it claims, and the check passes`, async () => {
    const results = await runSteps(lesson.steps);
    const failures: string[] = [];
    lesson.steps.forEach((step, i) => {
      const outcome = evaluateStepRun(step.request.driver ?? 'worker', step.expect, results[i]!);
      if (!outcome.passed)
        failures.push(`${lesson.file}:${step.line} step ${step.n} "${step.title}": ${outcome.explanation}`);
    });
    const checked = evaluateLessonCheck(lesson, results[lesson.check.step - 1]!);
    if (!checked.passed) failures.push(`${lesson.file}:${lesson.check.line} check: ${checked.explanation}`);
    // Its blast-radius experiments, as the app runs them: each boundary for real, next to live neighbours.
    for (const experiment of lesson.experiments) {
      const blasts = await Promise.all(
        experimentBoundaries(experiment.boundary).map((boundary) =>
          runBlast({ boundary, misbehaviour: experiment.misbehaviour, neighbours: experiment.neighbours, runtime }),
        ),
      );
      const outcome = evaluateExperiment(experiment, blasts);
      if (!outcome.passed)
        failures.push(`${lesson.file}:${experiment.line} experiment "${experiment.title}": ${outcome.explanation}`);
    }
    assert.deepEqual(failures, []);
  });
}
