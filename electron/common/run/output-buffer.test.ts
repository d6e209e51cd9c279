import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputBuffer, outputCost, outputCutMarker } from './output-buffer.ts';

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
  // '12345\n' took 6 bytes: 4 are left for the next line.
  assert.equal(out.push('log', 'abcdefghij'), 'abcd\n[output cut at 10 bytes]\n');
  assert.equal(out.cut, true);
  assert.equal(out.push('log', 'more'), undefined);
  assert.equal(out.stdout, '12345\nabcd\n[output cut at 10 bytes]\n');
});

test('what is kept is exactly the first maxBytes bytes of the stream, then the marker', () => {
  const max = 1000;
  const out = new OutputBuffer(max);
  const expected = { stdout: '', stderr: '' };
  let room = max;
  for (let i = 0; !out.cut; i++) {
    const stream = i % 3 === 0 ? 'stderr' : 'stdout';
    out.push(stream === 'stderr' ? 'error' : 'log', `line ${i}`);
    const stored = `line ${i}\n`;
    expected[stream] += stored.length <= room ? stored : stored.slice(0, room) + outputCutMarker(max);
    room -= Math.min(room, stored.length);
  }
  assert.equal(Buffer.byteLength(out.stdout) + Buffer.byteLength(out.stderr), max + outputCutMarker(max).length);
  assert.equal(out.stdout, expected.stdout);
  assert.equal(out.stderr, expected.stderr);
});

test('a console line costs its bytes and its newline, a raw chunk its bytes, never less than one', () => {
  assert.equal(outputCost('log', 'é'), 3);
  assert.equal(outputCost('stdout', 'é'), 2);
  assert.equal(outputCost('log', ''), 1);
  assert.equal(outputCost('stderr', ''), 1);
  assert.equal(outputCost('log', '😀'), 5);
  assert.equal(outputCost('log', '\ud800'), Buffer.byteLength('\ud800') + 1);
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
  assert.equal(out.stdout, '\n'.repeat(1000) + outputCutMarker(1000));
  assert.equal(out.push('log', ''), undefined);
});
