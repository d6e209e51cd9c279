import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLesson } from './lesson.ts';
import { tokenizeInfo } from './lesson-settings.ts';
import { FENCE, lesson, lineOf } from './fixtures/tiny-lesson.ts';

describe('parseLesson: good input', () => {
  test('a small lesson parses into every field', () => {
    const source = lesson();
    const parsed = parseLesson(source, '01-tiny.md');
    assert.deepEqual(parsed, {
      id: 'tiny-lesson',
      title: 'A tiny lesson',
      summary: 'One line.',
      intro: 'Intro text.',
      file: '01-tiny.md',
      references: [
        { title: 'Node.js: process.env — the environment', url: 'https://nodejs.org/api/process.html#processenv' },
      ],
      steps: [
        {
          n: 1,
          title: 'First step',
          prose: 'Run it under `worker`.',
          code: 'process.env.WORKBENCH_CANARY;',
          language: 'js',
          request: {
            code: 'process.env.WORKBENCH_CANARY;',
            language: 'js',
            driver: 'worker',
            limits: { timeoutMs: 2000 },
          },
          expect: { breaches: ['env'] },
          // The expectation fence is left out, with one of the blank lines around it.
          watch: 'The app shows:\n\nWatch the verdict.',
          line: lineOf(source, 'js step=1'),
        },
      ],
      experiments: [],
      check: {
        step: 1,
        title: 'Check',
        prose: 'Did it leak?',
        expect: { escaped: true },
        line: lineOf(source, 'json check'),
      },
    });
  });

  test('every setting maps onto the run request; lists repeat, flags stand alone, values may be quoted', () => {
    const steps = [
      '## Everything',
      '',
      `${FENCE}ts step=1 driver=process+isolated-vm timeout=1500 memory=64 max-output=2048 sample-hz=20 allow-fs-read=$JAIL allow-fs-read="/tmp/a b" allow-fs-write=$JAIL env-allow=PATH env-allow=HOME allow-child-process allow-worker allow-addons allow-wasi permission allow-network`,
      'const x: number = 1; x',
      FENCE,
      '',
      `${FENCE}json expect`,
      '{ "status": ["ok", "error"] }',
      FENCE,
    ].join('\n');
    const [step] = parseLesson(lesson({ steps }), 'x.md').steps;
    assert.equal(step!.language, 'ts');
    assert.deepEqual(step!.request, {
      code: 'const x: number = 1; x',
      language: 'ts',
      driver: 'process+isolated-vm',
      limits: { timeoutMs: 1500, memoryMb: 64, maxOutputBytes: 2048 },
      policy: {
        permission: true,
        fsRead: ['$JAIL', '/tmp/a b'],
        fsWrite: ['$JAIL'],
        childProcess: true,
        worker: true,
        addons: true,
        wasi: true,
        envAllow: ['PATH', 'HOME'],
        network: true,
      },
      sampleHz: 20,
    });
  });

  test('ordinary fences and subheadings stay in the prose; CRLF files parse the same', () => {
    const steps = [
      '## With extras',
      '',
      '### Before',
      '',
      `${FENCE}sh`,
      'workbench run - --driver host',
      FENCE,
      '',
      `${FENCE}js`,
      '// an example, not a step',
      FENCE,
      '',
      `${FENCE}js step=1 driver=host`,
      '1 + 1',
      FENCE,
      '',
      `${FENCE}json expect`,
      '{ "result": 2 }',
      FENCE,
    ].join('\n');
    const source = lesson({ steps });
    const [step] = parseLesson(source, 'x.md').steps;
    assert.equal(
      step!.prose,
      `### Before\n\n${FENCE}sh\nworkbench run - --driver host\n${FENCE}\n\n${FENCE}js\n// an example, not a step\n${FENCE}`,
    );
    assert.equal(step!.code, '1 + 1');
    assert.deepEqual(parseLesson(source.replaceAll('\n', '\r\n'), 'x.md'), parseLesson(source, 'x.md'));
  });

  test('several steps are numbered in order and the check may name any of them', () => {
    const step = (n: number): string =>
      [
        `## Step ${n}`,
        '',
        `${FENCE}js step=${n} driver=worker`,
        `${n}`,
        FENCE,
        '',
        `${FENCE}json expect`,
        `{ "result": ${n} }`,
        FENCE,
      ].join('\n');
    const parsed = parseLesson(
      lesson({
        steps: [step(1), step(2), step(3)].join('\n\n'),
        check: `## Check\n\n${FENCE}json check step=2\n{ "result": 2 }\n${FENCE}`,
      }),
      'x.md',
    );
    assert.deepEqual(
      parsed.steps.map((s) => [s.n, s.title, s.code]),
      [
        [1, 'Step 1', '1'],
        [2, 'Step 2', '2'],
        [3, 'Step 3', '3'],
      ],
    );
    assert.equal(parsed.check.step, 2);
  });

  test('fence info strings: language first, then names, name=value and quoted values', () => {
    assert.deepEqual(tokenizeInfo('js step=1 driver=worker allow-fs-read="/a b" permission'), {
      language: 'js',
      tokens: [
        { name: 'step', value: '1' },
        { name: 'driver', value: 'worker' },
        { name: 'allow-fs-read', value: '/a b' },
        { name: 'permission' },
      ],
    });
    assert.deepEqual(tokenizeInfo(''), { language: '', tokens: [] });
    assert.throws(() => tokenizeInfo('js allow-fs-read="/a'), /cannot read the fence settings/);
  });
});
