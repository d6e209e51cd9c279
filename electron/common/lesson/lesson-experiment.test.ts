import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LessonFormatError, parseLesson } from './lesson.ts';
import { evaluateExperiment } from './lesson-experiment.ts';
import type { BlastResult } from '../blast/blast.ts';

const FENCE = '```';
const STEP = (n: number) =>
  [
    `## Step ${n}`,
    '',
    'Under `worker`.',
    '',
    `${FENCE}js step=${n} driver=worker`,
    '1',
    FENCE,
    '',
    `${FENCE}json expect`,
    '{ "status": "ok" }',
    FENCE,
  ].join('\n');

function lessonWith(experiment: string): string {
  return [
    '<!--lesson\nid: tiny\nsummary: One line.\n-->',
    '# Tiny',
    STEP(1),
    experiment,
    STEP(2),
    '## Check\n\nQ?\n\n```json check step=1\n{ "status": "ok" }\n```',
    '## References\n\n- [Node](https://nodejs.org/) — docs',
  ].join('\n\n');
}

const experiment = (info: string, expect: string, body = '') =>
  [
    '## With neighbours',
    '',
    'Before the fence.',
    '',
    `${FENCE}blast ${info}`,
    ...(body ? [body] : []),
    FENCE,
    '',
    `${FENCE}json expect`,
    expect,
    FENCE,
    '',
    'After it.',
  ].join('\n');

describe('lesson experiments', () => {
  test('parsed between steps, with its settings, claim and prose; not a numbered step', () => {
    const l = parseLesson(
      lessonWith(
        experiment(
          'boundary=both misbehaviour=kill neighbours=2',
          '{ "worker": { "lost": 2 }, "process": { "lost": 0 } }',
        ),
      ),
      'x.md',
    );
    assert.equal(l.steps.length, 2);
    assert.deepEqual(l.experiments, [
      {
        title: 'With neighbours',
        prose: 'Before the fence.',
        boundary: 'both',
        misbehaviour: 'kill',
        neighbours: 2,
        expect: { worker: { lost: 2 }, process: { lost: 0 } },
        watch: 'After it.',
        afterStep: 1,
        line: l.experiments[0]!.line,
      },
    ]);
  });

  const BAD: Array<[string, string, string, string?]> = [
    ['boundary=thread misbehaviour=crash', '{ "worker": { "lost": 1 } }', /boundary must be/.source],
    ['misbehaviour=explode', '{ "worker": { "lost": 1 }, "process": { "lost": 0 } }', /misbehaviour must be/.source],
    ['misbehaviour=crash neighbours=9', '{}', /whole number from 1 to 8/.source],
    ['misbehaviour=crash colour=red', '{}', /unknown blast setting "colour"/.source],
    ['boundary=worker misbehaviour=crash', '{ "process": { "lost": 0 } }', /say how many neighbours "worker"/.source],
    [
      'boundary=worker misbehaviour=crash',
      '{ "worker": { "lost": 1 }, "process": { "lost": 0 } }',
      /"process" is not run/.source,
    ],
    [
      'boundary=worker misbehaviour=crash neighbours=2',
      '{ "worker": { "lost": 3 } }',
      /lost: expected|more than/.source,
    ],
    ['boundary=worker misbehaviour=crash', '{ "worker": { "lost": 1 } }', /has no code/.source, 'process.exit()'],
    ['boundary=worker misbehaviour=crash', '{ worker }', /not JSON/.source],
  ];
  for (const [info, expect, problem, body] of BAD)
    test(`refused: blast ${info} / ${expect}${body ? ' with code' : ''}`, () => {
      assert.throws(
        () => parseLesson(lessonWith(experiment(info, expect, body)), 'x.md'),
        (e: unknown) => e instanceof LessonFormatError && new RegExp(problem).test(e.message),
      );
    });

  test('judged per boundary: lost and total must both match', () => {
    const l = parseLesson(
      lessonWith(
        experiment(
          'boundary=both misbehaviour=crash neighbours=2',
          '{ "worker": { "lost": 2 }, "process": { "lost": 0 } }',
        ),
      ),
      'x.md',
    );
    const e = l.experiments[0]!;
    const result = (boundary: 'worker' | 'process', lost: number, total = 2) =>
      ({ boundary, lost, total }) as unknown as BlastResult;
    assert.equal(evaluateExperiment(e, [result('worker', 2), result('process', 0)]).passed, true);
    const wrong = evaluateExperiment(e, [result('worker', 1), result('process', 0)]);
    assert.equal(wrong.passed, false);
    assert.match(wrong.explanation, /threads: 2 of 2 lost expected, 1 of 2 seen/);
    assert.equal(evaluateExperiment(e, [result('worker', 2)]).passed, false, 'a missing boundary fails');
    assert.equal(evaluateExperiment(e, [result('worker', 2, 3), result('process', 0, 3)]).passed, false);
  });
});
