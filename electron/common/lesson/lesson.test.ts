import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LessonFormatError, parseLesson } from './lesson.ts';
import { tokenizeInfo } from './lesson-settings.ts';

const FENCE = '```';

/** A small valid lesson; `parts` replace its pieces to build malformed ones. */
function lesson(parts: Partial<Record<'front' | 'title' | 'intro' | 'steps' | 'check' | 'refs', string>> = {}): string {
  return [
    parts.front ?? '<!--lesson\nid: tiny-lesson\nsummary: One line.\n-->',
    '',
    parts.title ?? '# A tiny lesson',
    '',
    parts.intro ?? 'Intro text.',
    '',
    parts.steps ??
      [
        '## First step',
        '',
        'Run it under `worker`.',
        '',
        `${FENCE}js step=1 driver=worker timeout=2000`,
        'process.env.WORKBENCH_CANARY;',
        FENCE,
        '',
        'The app shows:',
        '',
        `${FENCE}json expect`,
        '{ "breaches": ["env"] }',
        FENCE,
        '',
        'Watch the verdict.',
      ].join('\n'),
    '',
    parts.check ??
      ['## Check', '', 'Did it leak?', '', `${FENCE}json check step=1`, '{ "escaped": true }', FENCE].join('\n'),
    '',
    parts.refs ??
      '## References\n\n- [Node.js: process.env](https://nodejs.org/api/process.html#processenv) — the environment',
    '',
  ].join('\n');
}

/** The error a malformed lesson raises: its file:line prefix and message. */
function errorOf(source: string): { line: number; message: string } {
  try {
    parseLesson(source, 'bad.md');
  } catch (error) {
    assert.ok(error instanceof LessonFormatError, `not a LessonFormatError: ${String(error)}`);
    assert.equal(error.file, 'bad.md');
    assert.ok(error.message.startsWith(`bad.md:${error.line}: `), error.message);
    assert.equal(error.code, 'bad-argument');
    return { line: error.line, message: error.message };
  }
  assert.fail('parsed without error');
}

const lineOf = (source: string, text: string): number => source.split('\n').findIndex((l) => l.includes(text)) + 1;

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

describe('parseLesson: malformed input names the file and the line', () => {
  const stepWith = (info: string, expect = '{ "status": "ok" }'): string =>
    ['## S', '', `${FENCE}${info}`, '1', FENCE, '', `${FENCE}json expect`, expect, FENCE].join('\n');

  const cases: Array<[string, string, string, RegExp]> = [
    ['no front matter', lesson({ front: '' }), '# A tiny lesson', /starts with a front-matter comment "<!--lesson"/],
    [
      'an unknown front-matter key',
      lesson({ front: '<!--lesson\nid: a\nsummary: b\nlevel: 2\n-->' }),
      'level: 2',
      /unknown front-matter line "level: 2"/,
    ],
    ['a missing summary', lesson({ front: '<!--lesson\nid: a\n-->' }), '-->', /needs "summary: …"/],
    [
      'an id that is not kebab-case',
      lesson({ front: '<!--lesson\nid: Tiny_Lesson\nsummary: b\n-->' }),
      '-->',
      /must be kebab-case/,
    ],
    ['no title', lesson({ title: '## Not a title' }), '## Not a title', /first heading must be the lesson title/],
    [
      'an unknown setting',
      lesson({ steps: stepWith('js step=1 driver=worker memroy=64') }),
      'memroy',
      /unknown setting "memroy" \(known: step, driver/,
    ],
    [
      'a flag with a value',
      lesson({ steps: stepWith('js step=1 driver=worker permission=yes') }),
      'permission=yes',
      /"permission" is a flag and takes no value/,
    ],
    [
      'a setting given twice',
      lesson({ steps: stepWith('js step=1 driver=worker timeout=1 timeout=2') }),
      'timeout=2',
      /"timeout" is given twice/,
    ],
    [
      'a number that is not one',
      lesson({ steps: stepWith('js step=1 driver=worker memory=lots') }),
      'memory=lots',
      /"memory" must be a whole number/,
    ],
    ['no driver', lesson({ steps: stepWith('js step=1 timeout=1000') }), 'step=1 timeout', /step 1 needs driver=ID/],
    [
      'an unknown driver',
      lesson({ steps: stepWith('js step=1 driver=thread') }),
      'driver=thread',
      /unknown boundary "thread"/,
    ],
    [
      'a limit the engine refuses',
      lesson({ steps: stepWith('js step=1 driver=worker timeout=0') }),
      'timeout=0',
      /limits\.timeoutMs: below 1/,
    ],
    [
      'steps out of order',
      lesson({ steps: stepWith('js step=2 driver=worker') }),
      'step=2',
      /expected step=1, got step=2/,
    ],
    [
      'a first word that is not a language',
      lesson({ steps: stepWith('step=1 driver=worker') }),
      '```step=1',
      /first word is its language/,
    ],
    [
      'no expectation',
      lesson({ steps: ['## S', '', `${FENCE}js step=1 driver=worker`, '1', FENCE].join('\n') }),
      'step=1',
      /step 1 needs a "json expect" fence/,
    ],
    [
      'an expectation that is not JSON',
      lesson({ steps: stepWith('js step=1 driver=worker', '{ status: ok }') }),
      '```json expect',
      /step 1's expectation is not JSON/,
    ],
    [
      'an unknown expectation field',
      lesson({ steps: stepWith('js step=1 driver=worker', '{ "sttus": "ok" }') }),
      '```json expect',
      /step 1's expectation: message: unexpected key "sttus"/,
    ],
    [
      'an unknown status',
      lesson({ steps: stepWith('js step=1 driver=worker', '{ "status": "fine" }') }),
      '```json expect',
      /status: expected one of ok, error/,
    ],
    [
      'an unknown canary',
      lesson({ steps: stepWith('js step=1 driver=worker', '{ "breaches": ["secret"] }') }),
      '```json expect',
      /breaches\[0\]: expected one of env/,
    ],
    [
      'a bad regular expression',
      lesson({ steps: stepWith('js step=1 driver=worker', '{ "resultMatches": "(" }') }),
      '```json expect',
      /resultMatches: not a valid regular expression/,
    ],
    [
      'an empty expectation',
      lesson({ steps: stepWith('js step=1 driver=worker', '{}') }),
      '```json expect',
      /an expectation must say something/,
    ],
    [
      'a misspelt expect fence',
      lesson({ steps: `${stepWith('js step=1 driver=worker')}\n\n${FENCE}json expct\n{}\n${FENCE}` }),
      'expct',
      /must be "json expect" or "json check step=N", not "json expct"/,
    ],
    ['an unclosed fence', lesson({ refs: `## References\n\n${FENCE}sh\necho open` }), '```sh', /never closed/],
    [
      'an expectation in the check section',
      lesson({
        // A tilde fence: the same to Markdown, and a line of its own to find here.
        check: `## Check\n\n~~~json expect\n{ "escaped": true }\n~~~\n\n${FENCE}json check step=1\n{ "escaped": true }\n${FENCE}`,
      }),
      '~~~json expect',
      /belongs in a step section/,
    ],
    [
      'a step in the intro',
      lesson({ intro: `${FENCE}js step=1 driver=worker\n1\n${FENCE}` }),
      'step=1',
      /live in "##" sections/,
    ],
    [
      'two steps in one section',
      lesson({ steps: `${stepWith('js step=1 driver=worker')}\n\n${FENCE}js step=2 driver=worker\n2\n${FENCE}` }),
      'step=2',
      /one step per "##" section/,
    ],
    [
      'a section with nothing to run',
      lesson({ intro: 'x\n\n## Background\n\nJust prose.' }),
      '## Background',
      /section "Background" has no step, check or references/,
    ],
    [
      'a check naming a missing step',
      lesson({ check: `## Check\n\n${FENCE}json check step=3\n{ "escaped": true }\n${FENCE}` }),
      'check step=3',
      /refers to step 3, which does not exist/,
    ],
    [
      'a check fence without a step',
      lesson({ check: `## Check\n\n${FENCE}json check\n{ "escaped": true }\n${FENCE}` }),
      'json check',
      /exactly "json check step=N"/,
    ],
    [
      'a step after the check',
      lesson({
        check: `## Check\n\n${FENCE}json check step=1\n{ "escaped": true }\n${FENCE}\n\n${stepWith('js step=2 driver=worker').replace('## S', '## Late')}`,
      }),
      '## Late',
      /steps come before the check/,
    ],
    [
      'a reference that is not a link',
      lesson({ refs: '## References\n\n- nodejs.org/api/vm.html' }),
      '- nodejs.org',
      /references are list items/,
    ],
    [
      'a section after the references',
      lesson({ refs: '## References\n\n- [a](https://a.example)\n\n## More\n\nx' }),
      '## More',
      /must be the last section/,
    ],
  ];
  for (const [what, source, atText, message] of cases) {
    test(what, () => {
      const error = errorOf(source);
      assert.match(error.message, message);
      assert.equal(error.line, lineOf(source, atText), `${error.message} (expected line ${lineOf(source, atText)})`);
    });
  }

  test('a lesson without a check, or without references, is refused at its end', () => {
    const noCheck = lesson({ check: '' });
    assert.match(errorOf(noCheck).message, /ends with a check/);
    const noRefs = lesson({ refs: '' });
    assert.match(errorOf(noRefs).message, /needs a "## References" section/);
    assert.equal(errorOf(noRefs).line, noRefs.split('\n').length);
  });
});
