/** Malformed lessons: each is refused with the file, the line and what is wrong (good input: lesson.test.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LessonFormatError, parseLesson } from './lesson.ts';
import { FENCE, lesson, lineOf } from './fixtures/tiny-lesson.ts';

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
