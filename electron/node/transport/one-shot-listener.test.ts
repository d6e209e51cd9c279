import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { AUTH_TIMEOUT_MS, OneShotListener } from './one-shot-listener.ts';
import type { ByteStream } from '../../common/protocol/framed-peer.ts';
import { encodeFrame } from '../../common/protocol/framing.ts';
import { num, obj, str, tagged, type Infer } from '../../common/protocol/schema.ts';

const TOKEN = 'the-right-token-0123456789';
const schema = tagged({ auth: obj({ token: str() }), ping: obj({ n: num() }) });
type In = Infer<typeof schema>;
type Out = { t: 'pong' };

class FakeStream extends EventEmitter implements ByteStream {
  destroyed = false;
  destroyCalls = 0;
  write(): boolean {
    return true;
  }
  destroy(): this {
    this.destroyCalls++;
    if (!this.destroyed) {
      this.destroyed = true;
      this.emit('close');
    }
    return this;
  }
}

interface FakeTimer {
  readonly fn: () => void;
  readonly ms: number;
  cleared: boolean;
}

function setup() {
  const timers: FakeTimer[] = [];
  const events: string[] = [];
  const messages: In[] = [];
  let connect: ((stream: ByteStream) => void) | undefined;
  let serverCloses = 0;
  const listener = new OneShotListener<In, Out>({
    token: TOKEN,
    schema,
    maxMessageBytes: 4096,
    listen: (onConnection) => {
      connect = onConnection;
      return { close: () => void serverCloses++ };
    },
    onMessage: (m) => messages.push(m),
    onViolation: (r) => events.push(`violation: ${r}`),
    onClose: (r) => events.push(`close: ${String(r)}`),
    onRejected: (r) => events.push(`rejected: ${r}`),
    setTimer: (fn, ms) => {
      const t: FakeTimer = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (handle) => void ((handle as FakeTimer).cleared = true),
  });
  let settled: 'pending' | 'connected' = 'pending';
  void listener.connected.then(() => (settled = 'connected'));
  const open = (): FakeStream => {
    const stream = new FakeStream();
    assert.ok(connect, 'listen was called');
    connect(stream);
    return stream;
  };
  /** Fire a timer the way a real one would: only if it was not cleared. */
  const fire = (t: FakeTimer | undefined): void => {
    assert.ok(t);
    if (!t.cleared) t.fn();
  };
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    listener,
    timers,
    events,
    messages,
    open,
    fire,
    flush,
    serverCloses: () => serverCloses,
    state: () => settled,
  };
}

describe('OneShotListener', () => {
  test('the first connection that authenticates resolves connected and closes the server', async () => {
    const s = setup();
    const stream = s.open();
    assert.equal(s.timers.length, 1);
    assert.equal(s.timers[0]?.ms, AUTH_TIMEOUT_MS);
    assert.equal(s.serverCloses(), 0);

    stream.emit('data', encodeFrame({ t: 'auth', token: TOKEN }));
    const connection = await s.listener.connected;
    assert.equal(connection.peer.authenticated, true);
    assert.equal(connection.closed, false);
    assert.equal(stream.destroyed, false);
    assert.equal(s.serverCloses(), 1);
    assert.equal(s.timers[0]?.cleared, true);
    assert.deepEqual(s.messages, [{ t: 'auth', token: TOKEN }]);

    stream.emit('data', encodeFrame({ t: 'ping', n: 1 }));
    assert.deepEqual(s.messages, [
      { t: 'auth', token: TOKEN },
      { t: 'ping', n: 1 },
    ]);
    assert.deepEqual(s.events, []);

    // Closing again (or firing the cleared timer) changes nothing.
    s.listener.close();
    s.fire(s.timers[0]);
    assert.equal(s.serverCloses(), 1);
    assert.equal(stream.destroyed, false);
    assert.deepEqual(s.events, []);
  });

  test('a second connection after authentication is destroyed immediately', async () => {
    const s = setup();
    s.open().emit('data', encodeFrame({ t: 'auth', token: TOKEN }));
    await s.listener.connected;
    const late = s.open();
    assert.equal(late.destroyed, true);
    assert.equal(s.timers.length, 1, 'no auth timer for a connection that is refused outright');
    late.emit('data', encodeFrame({ t: 'auth', token: TOKEN }));
    assert.equal(s.messages.length, 1, 'nothing is read from the refused connection');
  });

  test('other pending connections are dropped when one authenticates', async () => {
    const s = setup();
    const slow = s.open();
    const fast = s.open();
    fast.emit('data', encodeFrame({ t: 'auth', token: TOKEN }));
    await s.listener.connected;
    assert.equal(slow.destroyed, true);
    assert.equal(fast.destroyed, false);
    assert.equal(s.timers[0]?.cleared, true, 'the dropped connection timer is cleared on close');
  });

  const wrongFirst: Array<[string, object]> = [
    ['a wrong token', { t: 'auth', token: 'a-wrong-token-0123456789xx' }],
    ['a non-auth first message', { t: 'ping', n: 1 }],
    ['a schema-invalid first message', { t: 'hello' }],
  ];
  for (const [name, first] of wrongFirst) {
    test(`a connection with ${name} is rejected and destroyed; the listener keeps listening`, async () => {
      const s = setup();
      const bad = s.open();
      bad.emit('data', encodeFrame(first));
      assert.equal(bad.destroyed, true);
      assert.equal(s.timers[0]?.cleared, true);
      assert.equal(s.events.length, 1);
      assert.match(s.events[0] ?? '', /^rejected: dropped a connection: /);
      assert.deepEqual(s.messages, []);
      assert.equal(s.serverCloses(), 0);
      await s.flush();
      assert.equal(s.state(), 'pending');

      const good = s.open();
      good.emit('data', encodeFrame({ t: 'auth', token: TOKEN }));
      await s.flush();
      assert.equal(s.state(), 'connected');
      assert.equal(await s.listener.connected.then((c) => c.closed), false);
      assert.equal(s.events.length, 1, 'no onClose/onViolation for the rejected connection');
    });
  }

  test('a connection that never authenticates is dropped when its auth timer fires', async () => {
    const s = setup();
    const idle = s.open();
    idle.emit('data', encodeFrame({ t: 'auth', token: TOKEN }).subarray(0, 5)); // partial frame only
    assert.equal(idle.destroyed, false);
    s.fire(s.timers[0]);
    assert.equal(idle.destroyed, true);
    assert.deepEqual(s.events, ['rejected: a connection did not authenticate in time']);
    assert.equal(s.serverCloses(), 0);
    await s.flush();
    assert.equal(s.state(), 'pending');
  });

  test('after authentication, a violation and the close are reported to the owner', async () => {
    const s = setup();
    const stream = s.open();
    stream.emit('data', encodeFrame({ t: 'auth', token: TOKEN }));
    await s.listener.connected;
    stream.emit('data', encodeFrame({ t: 'ping', n: 'not a number' }));
    assert.equal(stream.destroyed, true);
    assert.equal(s.events.length, 2);
    assert.match(s.events[0] ?? '', /^violation: invalid message: /);
    assert.equal(s.events[1], `close: ${s.events[0]?.slice('violation: '.length)}`);
  });

  test('close() before any connection closes the server and refuses later ones', () => {
    const s = setup();
    const pending = s.open();
    s.listener.close();
    assert.equal(s.serverCloses(), 1);
    assert.equal(pending.destroyed, true);
    const later = s.open();
    assert.equal(later.destroyed, true);
    assert.deepEqual(s.events, []);
  });
});
