import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { FramedConnection, FramedPeer, timingSafeEqualStrings, type ByteStream } from './framed-peer.ts';
import { encodeFrame } from './framing.ts';
import { num, obj, str, tagged, type Infer } from './schema.ts';

const TOKEN = 'correct-token-0123456789';

const schema = tagged({
  auth: obj({ token: str() }),
  ping: obj({ n: num() }),
});
type In = Infer<typeof schema>;
type Out = { t: 'pong'; n: number };

function makePeer(opts: { expectToken?: string; onMessage?: (m: In) => void; maxMessageBytes?: number } = {}) {
  const received: In[] = [];
  const violations: string[] = [];
  const peer = new FramedPeer<In, Out>({
    schema,
    maxMessageBytes: opts.maxMessageBytes ?? 1024,
    onMessage: opts.onMessage ?? ((m) => received.push(m)),
    onViolation: (reason) => violations.push(reason),
    ...(opts.expectToken !== undefined ? { expectToken: opts.expectToken } : {}),
  });
  return { peer, received, violations };
}

describe('FramedPeer authentication', () => {
  const badFirst: Array<[string, object]> = [
    ['a non-auth message', { t: 'ping', n: 1 }],
    ['the wrong token', { t: 'auth', token: 'wrong-token-0123456789xx' }],
    ['a prefix of the token', { t: 'auth', token: TOKEN.slice(0, -1) }],
    ['the token plus a character', { t: 'auth', token: `${TOKEN}x` }],
    ['an empty token', { t: 'auth', token: '' }],
  ];
  for (const [name, first] of badFirst) {
    test(`${name} first poisons the peer once and later messages are ignored`, () => {
      const { peer, received, violations } = makePeer({ expectToken: TOKEN });
      peer.receive(encodeFrame(first));
      assert.equal(violations.length, 1);
      assert.match(violations[0] ?? '', /not a valid authentication/);
      assert.equal(peer.violation, violations[0]);
      assert.equal(peer.authenticated, false);
      peer.receive(encodeFrame({ t: 'auth', token: TOKEN }));
      peer.receive(encodeFrame({ t: 'ping', n: 2 }));
      peer.receive(new Uint8Array([0xff, 0xff, 0xff, 0xff])); // would be a framing error if read
      assert.deepEqual(received, []);
      assert.equal(violations.length, 1);
      assert.equal(peer.authenticated, false);
    });
  }

  test('a schema-invalid first message poisons before authentication is considered', () => {
    const { peer, received, violations } = makePeer({ expectToken: TOKEN });
    peer.receive(encodeFrame({ t: 'auth', token: TOKEN, extra: 1 }));
    assert.equal(violations.length, 1);
    assert.match(violations[0] ?? '', /^invalid message: .*unexpected key "extra"/);
    assert.deepEqual(received, []);
    assert.equal(peer.authenticated, false);
  });

  test('the right token authenticates and later messages are delivered in order', () => {
    const { peer, received, violations } = makePeer({ expectToken: TOKEN });
    assert.equal(peer.authenticated, false);
    peer.receive(encodeFrame({ t: 'auth', token: TOKEN }));
    assert.equal(peer.authenticated, true);
    peer.receive(new Uint8Array(Buffer.concat([encodeFrame({ t: 'ping', n: 1 }), encodeFrame({ t: 'ping', n: 2 })])));
    assert.deepEqual(received, [
      { t: 'auth', token: TOKEN },
      { t: 'ping', n: 1 },
      { t: 'ping', n: 2 },
    ]);
    assert.deepEqual(violations, []);
    assert.equal(peer.violation, undefined);
  });

  test('auth and a bad second message in the same chunk: auth delivered, then poisoned', () => {
    const { peer, received, violations } = makePeer({ expectToken: TOKEN });
    const chunk = Buffer.concat([
      encodeFrame({ t: 'auth', token: TOKEN }),
      encodeFrame({ t: 'nope' }),
      encodeFrame({ t: 'ping', n: 3 }),
    ]);
    peer.receive(new Uint8Array(chunk));
    assert.deepEqual(received, [{ t: 'auth', token: TOKEN }]);
    assert.equal(violations.length, 1);
    assert.match(violations[0] ?? '', /unknown message type "nope"/);
  });

  test('a second auth on an authenticated connection poisons it', () => {
    const { peer, received, violations } = makePeer({ expectToken: TOKEN });
    peer.receive(encodeFrame({ t: 'auth', token: TOKEN }));
    peer.receive(encodeFrame({ t: 'auth', token: TOKEN }));
    peer.receive(encodeFrame({ t: 'ping', n: 1 }));
    assert.deepEqual(received, [{ t: 'auth', token: TOKEN }]);
    assert.equal(violations.length, 1);
    assert.match(violations[0] ?? '', /authentication repeated/);
  });

  test('without expectToken the peer starts authenticated and needs no auth message', () => {
    const { peer, received } = makePeer();
    assert.equal(peer.authenticated, true);
    peer.receive(encodeFrame({ t: 'ping', n: 7 }));
    assert.deepEqual(received, [{ t: 'ping', n: 7 }]);
  });
});

describe('FramedPeer violations', () => {
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['schema-invalid message', encodeFrame({ t: 'ping', n: 'x' }), /^invalid message: n: expected a finite number/],
    ['unknown tag', encodeFrame({ t: 'shutdown' }), /^invalid message: .*unknown message type/],
    ['oversized frame header', new Uint8Array([0, 0, 0x10, 0]), /exceeds maxMessageBytes 1024/],
    ['malformed JSON', new Uint8Array([0, 0, 0, 1, 0x7b]), /malformed JSON/],
  ];
  for (const [name, bytes, pattern] of cases) {
    test(`${name} poisons exactly once`, () => {
      const { peer, received, violations } = makePeer();
      peer.receive(bytes);
      peer.receive(encodeFrame({ t: 'ping', n: 1 }));
      peer.receive(bytes);
      assert.equal(violations.length, 1);
      assert.match(violations[0] ?? '', pattern);
      assert.deepEqual(received, []);
    });
  }

  test('a throwing onMessage poisons instead of throwing out of receive()', () => {
    const seen: number[] = [];
    const { peer, violations } = makePeer({
      onMessage: (m) => {
        if (m.t === 'ping') seen.push(m.n);
        if (m.t === 'ping' && m.n === 2) throw new Error('handler broke');
      },
    });
    const chunk = Buffer.concat([1, 2, 3].map((n) => encodeFrame({ t: 'ping', n })));
    assert.doesNotThrow(() => peer.receive(new Uint8Array(chunk)));
    assert.deepEqual(seen, [1, 2]);
    assert.deepEqual(violations, ['message handler failed: handler broke']);
    peer.receive(encodeFrame({ t: 'ping', n: 4 }));
    assert.deepEqual(seen, [1, 2]);
  });
});

describe('FramedPeer counters', () => {
  test('bytes and messages in and out are counted', () => {
    const { peer } = makePeer({ expectToken: TOKEN });
    assert.deepEqual(peer.counters, { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 });
    const auth = encodeFrame({ t: 'auth', token: TOKEN });
    const ping = encodeFrame({ t: 'ping', n: 1 });
    peer.receive(auth);
    peer.receive(ping.subarray(0, 3)); // incomplete: bytes count, the message does not yet
    assert.deepEqual(
      { ...peer.counters },
      { bytesIn: auth.byteLength + 3, bytesOut: 0, messagesIn: 1, messagesOut: 0 },
    );
    peer.receive(ping.subarray(3));
    assert.equal(peer.counters.bytesIn, auth.byteLength + ping.byteLength);
    assert.equal(peer.counters.messagesIn, 2);

    const out1 = peer.encode({ t: 'pong', n: 1 });
    const out2 = peer.encode({ t: 'pong', n: 22 });
    assert.deepEqual(out1, encodeFrame({ t: 'pong', n: 1 }));
    assert.equal(peer.counters.bytesOut, out1.byteLength + out2.byteLength);
    assert.equal(peer.counters.messagesOut, 2);
  });

  test('bytes after a violation are not counted', () => {
    const { peer } = makePeer();
    const bad = encodeFrame({ t: 'bad' });
    peer.receive(bad);
    peer.receive(encodeFrame({ t: 'ping', n: 1 }));
    assert.equal(peer.counters.bytesIn, bad.byteLength);
    assert.equal(peer.counters.messagesIn, 0);
  });

  test('encode throws over maxMessageBytes and counts nothing', () => {
    const { peer } = makePeer({ maxMessageBytes: 20 });
    assert.throws(() => peer.encode({ t: 'pong', n: 123456789012345 }), RangeError);
    assert.deepEqual(peer.counters, { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 });
  });
});

describe('timingSafeEqualStrings', () => {
  const table: Array<[string, string, boolean]> = [
    ['', '', true],
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'ab', false],
    ['ab', 'abc', false],
    ['', 'a', false],
    ['a\0', 'a', false],
    ['a', 'a\0', false],
    ['é', 'e', false],
    ['Abc', 'abc', false],
    ['🔑🔑', '🔑🔑', true],
  ];
  for (const [a, b, expected] of table) {
    test(`${JSON.stringify(a)} vs ${JSON.stringify(b)} → ${expected}`, () =>
      assert.equal(timingSafeEqualStrings(a, b), expected));
  }
});

class FakeStream extends EventEmitter implements ByteStream {
  destroyed = false;
  readonly written: Uint8Array[] = [];
  destroyCalls = 0;
  write(chunk: Uint8Array): boolean {
    this.written.push(chunk);
    return true;
  }
  destroy(): this {
    this.destroyCalls++;
    if (!this.destroyed) {
      this.destroyed = true;
      queueMicrotask(() => this.emit('close'));
    }
    return this;
  }
}

describe('FramedConnection', () => {
  function connect(stream: FakeStream) {
    const received: In[] = [];
    const violations: string[] = [];
    const closes: Array<string | undefined> = [];
    const connection = new FramedConnection<In, Out>(stream, {
      schema,
      maxMessageBytes: 1024,
      expectToken: TOKEN,
      onMessage: (m) => received.push(m),
      onViolation: (r) => violations.push(r),
      onClose: (r) => closes.push(r),
    });
    return { connection, received, violations, closes };
  }

  test('data events feed the peer; send writes counted frames', () => {
    const stream = new FakeStream();
    const { connection, received } = connect(stream);
    stream.emit('data', encodeFrame({ t: 'auth', token: TOKEN }));
    assert.deepEqual(received, [{ t: 'auth', token: TOKEN }]);
    assert.equal(connection.send({ t: 'pong', n: 5 }), true);
    assert.deepEqual(stream.written, [encodeFrame({ t: 'pong', n: 5 })]);
    assert.equal(connection.peer.counters.messagesOut, 1);
    assert.equal(connection.closed, false);
  });

  test('a violation destroys the stream and onClose gets the reason', async () => {
    const stream = new FakeStream();
    const { connection, violations, closes } = connect(stream);
    stream.emit('data', encodeFrame({ t: 'ping', n: 1 }));
    assert.equal(violations.length, 1);
    assert.equal(stream.destroyCalls, 1);
    assert.equal(connection.closed, true);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(closes, [violations[0]]);
    assert.equal(connection.send({ t: 'pong', n: 1 }), false);
    assert.deepEqual(stream.written, []);
  });

  test('a transport error is the close reason; a message too big to send returns false', async () => {
    const stream = new FakeStream();
    const { connection, closes } = connect(stream);
    assert.equal(connection.send({ t: 'pong', n: 1 }), true);
    const big = { t: 'pong', n: 1, pad: 'x'.repeat(2000) } as unknown as Out;
    assert.equal(connection.send(big), false);
    assert.equal(stream.written.length, 1);
    stream.emit('error', new Error('ECONNRESET'));
    connection.close();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(closes, ['transport error: ECONNRESET']);
  });
});
