import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHost, checkSocket, expectedOrigin, pageCsp } from './access.ts';

const PORT = 4321;
const TOKEN = 'tok-abc_123';
const good = { host: `127.0.0.1:${PORT}`, origin: expectedOrigin(PORT), url: `/api?token=${TOKEN}` };

test('the page origin and host are the loopback address and port', () => {
  assert.equal(expectedOrigin(PORT), 'http://127.0.0.1:4321');
  assert.deepEqual(checkHost(good, PORT), { ok: true });
  for (const host of ['localhost:4321', 'evil.example:4321', '127.0.0.1:1', undefined]) {
    const d = checkHost({ ...good, host }, PORT);
    assert.equal(d.ok, false, String(host));
  }
});

test('a socket needs the right Host, the page Origin and the launch token', () => {
  assert.deepEqual(checkSocket(good, PORT, TOKEN), { ok: true });
  const refused = (req: Partial<typeof good>, why: RegExp): void => {
    const d = checkSocket({ ...good, ...req }, PORT, TOKEN);
    assert.equal(d.ok, false);
    assert.match(d.ok ? '' : d.reason, why);
  };
  refused({ origin: 'https://evil.example' }, /unexpected Origin/);
  refused({ origin: 'http://localhost:4321' }, /unexpected Origin/);
  refused({ origin: undefined }, /unexpected Origin/);
  refused({ url: '/api' }, /missing or wrong token/);
  refused({ url: '/api?token=' }, /missing or wrong token/);
  refused({ url: `/api?token=${TOKEN}x` }, /missing or wrong token/);
  refused({ url: `/api?token=${TOKEN.slice(0, -1)}` }, /missing or wrong token/);
  refused({ host: 'rebound.example:4321' }, /unexpected Host/);
});

test('the CSP allows only this origin, no eval, no inline scripts, no frames', () => {
  const csp = pageCsp(PORT);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:4321/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /object-src 'none'/);
});
