import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputBuffer } from './output-buffer.ts';

test('console lines get a newline, raw chunks are kept as written, levels are sorted', () => {
  const out = new OutputBuffer(1000);
  out.push('log', 'a');
  out.push('stdout', 'raw');
  out.push('warn', 'w');
  out.push('stderr', 'e\n');
  out.push('info', 'b\n');
  assert.equal(out.stdout, 'a\nrawb\n');
  assert.equal(out.stderr, 'w\ne\n');
  assert.equal(out.cut, false);
});

test('the piece that crosses the cap is cut with a marker; later pieces are dropped', () => {
  const out = new OutputBuffer(10);
  assert.equal(out.push('log', '12345'), '12345');
  assert.equal(out.push('log', 'abcdefghij'), 'abcde\n[output cut at 10 bytes]\n');
  assert.equal(out.cut, true);
  assert.equal(out.push('log', 'more'), undefined);
  assert.equal(out.stdout, '12345\nabcde\n[output cut at 10 bytes]\n');
});

test('a cut never splits a multi-byte character', () => {
  const out = new OutputBuffer(4);
  const kept = out.push('stdout', 'aé€x');
  assert.equal(kept, 'aé\n[output cut at 4 bytes]\n');
});

test('exactly at the cap is not a cut', () => {
  const out = new OutputBuffer(3);
  out.push('stdout', 'abc');
  assert.equal(out.cut, false);
  out.push('stdout', 'd');
  assert.equal(out.cut, true);
});

test('a flood of empty console lines reaches the cap as well', () => {
  const out = new OutputBuffer(1000);
  let pushes = 0;
  while (!out.cut && pushes < 1_000_000) {
    out.push('log', '');
    pushes++;
  }
  assert.equal(out.cut, true);
  assert.ok(out.stdout.length < 2 * 1000 + 64, `${out.stdout.length} characters kept`);
  assert.equal(out.push('log', ''), undefined);
});
