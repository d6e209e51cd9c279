import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visible, visibleLine } from './terminal-text.ts';

/** [what, input, multiline output, one-line output] */
const TABLE: readonly (readonly [string, string, string, string])[] = [
  ['plain text passes', 'héllo wörld 42 → ✓ 日本', 'héllo wörld 42 → ✓ 日本', 'héllo wörld 42 → ✓ 日本'],
  ['newline and tab keep their layout in lines', 'a\tb\nc', 'a\tb\nc', 'a\tb\\nc'],
  ['SGR conceal', 'x\x1b[8mverdict: contained', 'x\\x1b[8mverdict: contained', 'x\\x1b[8mverdict: contained'],
  ['SGR reset we did not emit', '\x1b[0m', '\\x1b[0m', '\\x1b[0m'],
  [
    'OSC 52 clipboard write (BEL-terminated)',
    '\x1b]52;c;ZWNobyBoaQ==\x07',
    '\\x1b]52;c;ZWNobyBoaQ==\\x07',
    '\\x1b]52;c;ZWNobyBoaQ==\\x07',
  ],
  [
    'OSC 8 hyperlink (ST-terminated)',
    '\x1b]8;;http://x\x1b\\y',
    '\\x1b]8;;http://x\\x1b\\y',
    '\\x1b]8;;http://x\\x1b\\y',
  ],
  ['cursor up and erase line', '\x1b[1A\x1b[2K', '\\x1b[1A\\x1b[2K', '\\x1b[1A\\x1b[2K'],
  ['carriage return overwrite', 'ESCAPED\rcontained', 'ESCAPED\\rcontained', 'ESCAPED\\rcontained'],
  ['CR LF line ending is harmless in lines', 'a\r\nb', 'a\r\nb', 'a\\r\\nb'],
  [
    'backspace, bell, NUL, vertical tab, form feed',
    '\b\x07\0\v\f',
    '\\x08\\x07\\x00\\x0b\\x0c',
    '\\x08\\x07\\x00\\x0b\\x0c',
  ],
  ['DEL', 'a\x7fb', 'a\\x7fb', 'a\\x7fb'],
  ['C1: 8-bit CSI and OSC, NEL', '\x9b8m\x9d52;c;x\x85', '\\x9b8m\\x9d52;c;x\\x85', '\\x9b8m\\x9d52;c;x\\x85'],
  [
    'bidi override (Trojan Source)',
    'ok\u202e\u2066evil\u2069',
    'ok\\u202e\\u2066evil\\u2069',
    'ok\\u202e\\u2066evil\\u2069',
  ],
  [
    'every bidi embedding and isolate',
    '\u202a\u202b\u202c\u202d\u2067\u2068',
    '\\u202a\\u202b\\u202c\\u202d\\u2067\\u2068',
    '\\u202a\\u202b\\u202c\\u202d\\u2067\\u2068',
  ],
  ['directional marks', '\u200e\u200f\u061c', '\\u200e\\u200f\\u061c', '\\u200e\\u200f\\u061c'],
  [
    'zero-width space, word joiner, BOM, soft hyphen',
    'a\u200bb\u2060c\ufeffd\u00ade',
    'a\\u200bb\\u2060c\\ufeffd\\xade',
    'a\\u200bb\\u2060c\\ufeffd\\xade',
  ],
  ['tag characters that spell hidden ASCII', 'x\u{e0041}\u{e007f}', 'x\\u{e0041}\\u{e007f}', 'x\\u{e0041}\\u{e007f}'],
  ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c', 'a\\u2028b\\u2029c'],
  ['a lone surrogate', 'a\ud800b', 'a\\ud800b', 'a\\ud800b'],
  ['joiners that emoji and scripts need stay', '👩\u200d💻 \u200c', '👩\u200d💻 \u200c', '👩\u200d💻 \u200c'],
  ['a literal backslash escape is already harmless text', '\\x1b[8m', '\\x1b[8m', '\\x1b[8m'],
];

for (const [what, input, lines, line] of TABLE) {
  test(`visible: ${what}`, () => {
    assert.equal(visible(input), lines);
    assert.equal(visible(input, { multiline: true }), lines);
    assert.equal(visibleLine(input), line);
  });
}

test('no output of visible carries a character a terminal acts on, for every code point below U+3000', () => {
  let all = '';
  for (let cp = 0; cp < 0x3000; cp++) all += String.fromCodePoint(cp);
  assert.doesNotMatch(visible(all), /(?![\n\t])\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u);
  assert.doesNotMatch(visibleLine(all), /(?!\t)\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u);
});

test('a sequence split across two chunks is made visible in each', () => {
  assert.equal(visible('abc\x1b') + visible('[8mdef'), 'abc\\x1b[8mdef');
});
