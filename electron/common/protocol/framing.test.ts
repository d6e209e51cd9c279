import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_MESSAGE_BYTES, FRAME_HEADER_BYTES, FrameDecoder, encodeFrame } from './framing.ts';

/** A frame built by hand: header with `length`, then `body` as given (may lie about its length). */
function rawFrame(length: number, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + body.byteLength);
  new DataView(out.buffer).setUint32(0, length, false);
  out.set(body, FRAME_HEADER_BYTES);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

describe('encodeFrame', () => {
  test('writes a big-endian byte length then the UTF-8 JSON body', () => {
    const message = { t: 'x', s: 'é' }; // 'é' is two bytes in UTF-8
    const frame = encodeFrame(message);
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    assert.equal(frame.byteLength, FRAME_HEADER_BYTES + body.byteLength);
    assert.equal(Buffer.from(frame).readUInt32BE(0), body.byteLength);
    assert.deepEqual(Buffer.from(frame.subarray(FRAME_HEADER_BYTES)), body);
  });

  test('throws RangeError when the body is over the limit, not at it', () => {
    const message = { s: 'a'.repeat(100) };
    const size = Buffer.byteLength(JSON.stringify(message));
    assert.doesNotThrow(() => encodeFrame(message, size));
    assert.throws(() => encodeFrame(message, size - 1), RangeError);
  });

  test('default limit is 1 MiB', () => {
    assert.equal(DEFAULT_MAX_MESSAGE_BYTES, 1024 * 1024);
    assert.throws(() => encodeFrame({ s: 'a'.repeat(DEFAULT_MAX_MESSAGE_BYTES) }), RangeError);
  });
});

describe('FrameDecoder', () => {
  const messages = [{ t: 'a', n: 1 }, [1, 2, 3], 'text with ünïcødé ✓', null, { nested: { deep: [true, false] } }];

  test('round trip of one frame per push', () => {
    const d = new FrameDecoder();
    for (const m of messages) {
      const frame = encodeFrame(m);
      const r = d.push(frame);
      assert.equal(r.error, undefined);
      assert.deepEqual(r.messages, [m]);
      assert.deepEqual(r.frameBytes, [frame.byteLength]);
      assert.equal(d.pendingBytes, 0);
    }
  });

  test('a frame split byte by byte across many pushes', () => {
    const d = new FrameDecoder();
    const m = { t: 'split', text: 'ü✓'.repeat(10) };
    const frame = encodeFrame(m);
    for (let i = 0; i < frame.byteLength - 1; i++) {
      const r = d.push(frame.subarray(i, i + 1));
      assert.deepEqual(r.messages, [], `byte ${i} should not complete the frame`);
      assert.equal(r.error, undefined);
      assert.equal(d.pendingBytes, i + 1);
    }
    const last = d.push(frame.subarray(frame.byteLength - 1));
    assert.deepEqual(last.messages, [m]);
    assert.deepEqual(last.frameBytes, [frame.byteLength]);
    assert.equal(d.pendingBytes, 0);
  });

  test('several frames in one chunk, plus the start of another', () => {
    const d = new FrameDecoder();
    const frames = messages.map((m) => encodeFrame(m));
    const next = encodeFrame({ t: 'next' });
    const r = d.push(concat(...frames, next.subarray(0, 6)));
    assert.equal(r.error, undefined);
    assert.deepEqual(r.messages, messages);
    assert.deepEqual(
      r.frameBytes,
      frames.map((f) => f.byteLength),
    );
    assert.equal(d.pendingBytes, 6);
    const rest = d.push(next.subarray(6));
    assert.deepEqual(rest.messages, [{ t: 'next' }]);
    assert.equal(d.pendingBytes, 0);
  });

  test('a zero-length frame is malformed JSON, not a message', () => {
    const r = new FrameDecoder().push(rawFrame(0));
    assert.deepEqual(r.messages, []);
    assert.match(r.error ?? '', /malformed/);
  });

  test('a header announcing more than maxBytes is rejected before the body arrives', () => {
    const d = new FrameDecoder(100);
    const r = d.push(rawFrame(101)); // header only: no body bytes at all
    assert.match(r.error ?? '', /101 bytes exceeds maxMessageBytes 100/);
    assert.equal(d.pendingBytes, 0);
  });

  test('a header announcing exactly maxBytes waits for the body', () => {
    const d = new FrameDecoder(100);
    const r = d.push(rawFrame(100));
    assert.equal(r.error, undefined);
    assert.equal(d.pendingBytes, FRAME_HEADER_BYTES);
  });

  test('an oversized header after a good frame keeps the good message', () => {
    const d = new FrameDecoder(100);
    const r = d.push(concat(encodeFrame({ ok: 1 }), rawFrame(0xffffffff)));
    assert.deepEqual(r.messages, [{ ok: 1 }]);
    assert.match(r.error ?? '', /exceeds/);
  });

  const badUtf8: Array<[string, number[]]> = [
    ['lone continuation byte', [0x22, 0x80, 0x22]],
    ['truncated two-byte sequence', [0x22, 0xc3, 0x22]],
    ['overlong encoding of "/"', [0x22, 0xc0, 0xaf, 0x22]],
    ['UTF-16 surrogate encoded in UTF-8', [0x22, 0xed, 0xa0, 0x80, 0x22]],
    ['0xff byte', [0x22, 0xff, 0x22]],
  ];
  for (const [name, bytes] of badUtf8) {
    test(`invalid UTF-8 is rejected: ${name}`, () => {
      const body = new Uint8Array(bytes);
      const r = new FrameDecoder().push(rawFrame(body.byteLength, body));
      assert.deepEqual(r.messages, []);
      assert.equal(r.error, 'frame is not valid UTF-8');
    });
  }

  test('unsafe JSON in a frame is rejected', () => {
    const body = new TextEncoder().encode('{"__proto__": {"x": 1}}');
    const r = new FrameDecoder().push(rawFrame(body.byteLength, body));
    assert.match(r.error ?? '', /forbidden key/);
  });

  test('after an error the decoder stays failed, even for valid frames', () => {
    const d = new FrameDecoder(50);
    const first = d.push(rawFrame(51));
    assert.ok(first.error);
    for (let i = 0; i < 3; i++) {
      const r = d.push(encodeFrame({ fine: true }));
      assert.deepEqual(r.messages, []);
      assert.deepEqual(r.frameBytes, []);
      assert.equal(r.error, first.error);
      assert.equal(d.pendingBytes, 0);
    }
  });

  test('pendingBytes counts a partial header and a partial body', () => {
    const d = new FrameDecoder();
    const frame = encodeFrame({ abc: 'def' });
    d.push(frame.subarray(0, 2));
    assert.equal(d.pendingBytes, 2);
    d.push(frame.subarray(2, FRAME_HEADER_BYTES + 3));
    assert.equal(d.pendingBytes, FRAME_HEADER_BYTES + 3);
    d.push(frame.subarray(FRAME_HEADER_BYTES + 3));
    assert.equal(d.pendingBytes, 0);
  });

  test('decodes frames whose chunk is a view into a larger buffer', () => {
    const frame = encodeFrame({ v: 1 });
    const backing = new Uint8Array(frame.byteLength + 10);
    backing.set(frame, 5);
    const r = new FrameDecoder().push(backing.subarray(5, 5 + frame.byteLength));
    assert.deepEqual(r.messages, [{ v: 1 }]);
  });

  test('a 1 MiB frame arriving 64 bytes at a time, then two frames in one chunk, decode whole and in order', () => {
    const d = new FrameDecoder(2 * 1024 * 1024);
    const big = { text: 'x'.repeat(1024 * 1024 - 32), n: 1 };
    const frame = encodeFrame(big, 2 * 1024 * 1024);
    const seen: unknown[] = [];
    for (let i = 0; i < frame.byteLength; i += 64) {
      seen.push(...d.push(frame.subarray(i, i + 64)).messages);
      if (seen.length === 0) assert.equal(d.pendingBytes, Math.min(i + 64, frame.byteLength));
    }
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0], big);
    const two = new Uint8Array([...encodeFrame({ a: 1 }), ...encodeFrame({ b: 2 })]);
    // The second frame's header split across the chunk boundary.
    const cut = encodeFrame({ a: 1 }).byteLength + 2;
    assert.deepEqual(d.push(two.subarray(0, cut)).messages, [{ a: 1 }]);
    assert.equal(d.pendingBytes, 2);
    assert.deepEqual(d.push(two.subarray(cut)).messages, [{ b: 2 }]);
    assert.equal(d.pendingBytes, 0);
  });

  test('a body decoded in place is not changed by later chunks reusing the sender buffer', () => {
    const d = new FrameDecoder();
    const reused = new Uint8Array(64);
    const first = encodeFrame({ v: 'first' });
    reused.set(first);
    const r1 = d.push(reused.subarray(0, first.byteLength));
    reused.fill(0);
    const second = encodeFrame({ v: 'second' });
    reused.set(second);
    const r2 = d.push(reused.subarray(0, second.byteLength));
    assert.deepEqual([...r1.messages, ...r2.messages], [{ v: 'first' }, { v: 'second' }]);
  });
});
