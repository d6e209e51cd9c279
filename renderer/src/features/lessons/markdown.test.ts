/** The lessons' Markdown subset: blocks, inline spans, safe links — and every shipped lesson parses cleanly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLesson } from '../../../../electron/common/lesson/lesson.ts';
import { isWebUrl, parseInline, parseMarkdown, type Block, type Inline } from './markdown.ts';

const text = (t: string): Inline => ({ kind: 'text', text: t });

test('paragraphs join their lines; blank lines separate them', () => {
  assert.deepEqual(parseMarkdown('one\ntwo\n\nthree'), [
    { kind: 'paragraph', children: [text('one two')] },
    { kind: 'paragraph', children: [text('three')] },
  ]);
});

test('headings keep their level', () => {
  assert.deepEqual(parseMarkdown('## Two\n#### Four ##'), [
    { kind: 'heading', level: 2, children: [text('Two')] },
    { kind: 'heading', level: 4, children: [text('Four')] },
  ]);
});

test('bulleted and numbered lists, with continuation lines', () => {
  assert.deepEqual(parseMarkdown('- a\n  more\n- b\n\n3. c\n4. d'), [
    { kind: 'list', ordered: false, start: 1, items: [[text('a more')], [text('b')]] },
    { kind: 'list', ordered: true, start: 3, items: [[text('c')], [text('d')]] },
  ]);
});

test('a paragraph ends where a list starts', () => {
  const blocks = parseMarkdown('Intro:\n- item');
  assert.deepEqual(
    blocks.map((b) => b.kind),
    ['paragraph', 'list'],
  );
});

test('fenced code is kept verbatim, Markdown inside it is not parsed', () => {
  assert.deepEqual(parseMarkdown('```sh\nnpm run **web**\n  <b>x</b>\n```\nafter'), [
    { kind: 'code', language: 'sh', text: 'npm run **web**\n  <b>x</b>' },
    { kind: 'paragraph', children: [text('after')] },
  ]);
  assert.deepEqual(parseMarkdown('~~~~\nopen'), [{ kind: 'code', language: '', text: 'open' }], 'unclosed: to the end');
});

test('tables: header, alignment, cells with code and escaped pipes', () => {
  const [table] = parseMarkdown('| a | b |\n| :-- | --: |\n| `x|y` | 1 \\| 2 |\n| only |');
  assert.deepEqual(table, {
    kind: 'table',
    align: ['left', 'right'],
    head: [[text('a')], [text('b')]],
    rows: [
      [[{ kind: 'code', text: 'x|y' }], [text('1 | 2')]],
      [[text('only')], []],
    ],
  } satisfies Block);
});

test('block quotes hold blocks', () => {
  assert.deepEqual(parseMarkdown('> **Note**\n> more'), [
    {
      kind: 'quote',
      children: [{ kind: 'paragraph', children: [{ kind: 'strong', children: [text('Note')] }, text(' more')] }],
    },
  ]);
});

test('inline code, strong, emphasis, nested', () => {
  assert.deepEqual(parseInline('a `b*c` **d *e*** _f_'), [
    text('a '),
    { kind: 'code', text: 'b*c' },
    text(' '),
    { kind: 'strong', children: [text('d '), { kind: 'em', children: [text('e')] }] },
    text(' '),
    { kind: 'em', children: [text('f')] },
  ]);
  assert.deepEqual(parseInline('``a ` b``'), [{ kind: 'code', text: 'a ` b' }]);
});

test('no emphasis where none is meant: snake_case, spaced stars, stray delimiters, escapes', () => {
  assert.deepEqual(parseInline('ERR_WORKER_OUT_OF_MEMORY'), [text('ERR_WORKER_OUT_OF_MEMORY')]);
  assert.deepEqual(parseInline('2 * 3 * 4'), [text('2 * 3 * 4')]);
  assert.deepEqual(parseInline('**open and `tick'), [text('**open and `tick')]);
  assert.deepEqual(parseInline('\\*not em\\*'), [text('*not em*')]);
});

test('links: http(s) only; other destinations keep just their text', () => {
  assert.deepEqual(parseInline('see [the **docs**](https://nodejs.org/api/vm.html) now'), [
    text('see '),
    {
      kind: 'link',
      href: 'https://nodejs.org/api/vm.html',
      children: [text('the '), { kind: 'strong', children: [text('docs')] }],
    },
    text(' now'),
  ]);
  assert.deepEqual(parseInline('[x](javascript:alert(1))'), [text('x')]);
  assert.deepEqual(parseInline('[lesson 2](02-memory-limits.md)'), [text('lesson 2')]);
  assert.deepEqual(parseInline('[wiki](https://en.wikipedia.org/wiki/Sandbox_(computer_security))'), [
    {
      kind: 'link',
      href: 'https://en.wikipedia.org/wiki/Sandbox_(computer_security)',
      children: [text('wiki')],
    },
  ]);
  assert.deepEqual(parseInline('<https://example.com/a>'), [
    { kind: 'link', href: 'https://example.com/a', children: [text('https://example.com/a')] },
  ]);
  assert.deepEqual(parseInline('[not a link] (x)'), [text('[not a link] (x)')]);
  assert.equal(isWebUrl('https://nodejs.org/api/'), true);
  assert.equal(isWebUrl('file:///etc/passwd'), false);
  assert.equal(isWebUrl('https://a b'), false);
});

test('raw HTML is text, never markup', () => {
  assert.deepEqual(parseMarkdown('<img src=x onerror=alert(1)>'), [
    { kind: 'paragraph', children: [text('<img src=x onerror=alert(1)>')] },
  ]);
});

/** Text nodes that still hold Markdown syntax mean the parser missed something the lessons use. */
function leftovers(nodes: readonly Inline[]): string[] {
  return nodes.flatMap((n) => {
    if (n.kind === 'text') return /\*\*|`|\]\(/.test(n.text) ? [n.text] : [];
    if (n.kind === 'code') return [];
    return leftovers(n.children);
  });
}
function blockLeftovers(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b) => {
    switch (b.kind) {
      case 'heading':
      case 'paragraph':
        return leftovers(b.children);
      case 'list':
        return b.items.flatMap(leftovers);
      case 'table':
        return [...b.head, ...b.rows.flat()].flatMap(leftovers);
      case 'quote':
        return blockLeftovers(b.children);
      case 'code':
        return [];
    }
  });
}

test('every shipped lesson: all its Markdown parses with no syntax left over', () => {
  const dir = fileURLToPath(new URL('../../../../resources/lessons/', import.meta.url));
  const files = readdirSync(dir).filter((f) => /^\d\d-.*\.md$/.test(f));
  assert.ok(files.length > 0);
  for (const file of files) {
    const lesson = parseLesson(readFileSync(dir + file, 'utf8'), file);
    const parts = [lesson.intro, lesson.check.prose, ...lesson.steps.flatMap((s) => [s.prose, s.watch])];
    for (const part of parts)
      assert.deepEqual(blockLeftovers(parseMarkdown(part)), [], `${file}: ${part.slice(0, 60)}`);
  }
});
