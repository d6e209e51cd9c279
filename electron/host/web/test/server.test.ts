/** The browser-mode host over real sockets: who gets in, what the page gets, and the contract over ws. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { Supervisor } from '../../../engine/supervisor.ts';
import { startWebHost, type WebHost } from '../server.ts';

let host: WebHost;
let supervisor: Supervisor;
const root = mkdtempSync(join(tmpdir(), 'wb-web-'));

before(async () => {
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'app.js'), 'console.log(1)');
  supervisor = new Supervisor();
  host = await startWebHost({ supervisor, rootDir: root });
});
after(async () => {
  await host.close();
  await supervisor.dispose();
  rmSync(root, { recursive: true, force: true });
});

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function open(opts: { token?: string; origin?: string; host?: string }): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${host.port}/api${opts.token !== undefined ? `?token=${opts.token}` : ''}`,
      {
        headers: { ...(opts.origin ? { origin: opts.origin } : {}), ...(opts.host ? { host: opts.host } : {}) },
      },
    );
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ status: -1 }));
  });
}

test('prints a loopback URL with the token', () => {
  assert.match(host.url, new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{20,}$`));
});

test('serves the renderer build with a strict CSP, nothing outside it, only to the loopback Host', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal((await get('/app.js')).status, 200);
  assert.equal((await get('/../../etc/passwd')).status === 200, false);
  assert.equal((await get('/%2e%2e/%2e%2e/etc/passwd')).status === 200, false);
  assert.equal((await get('/missing.js')).status, 404);
  assert.equal((await get('/', { host: 'attacker.example' })).status, 403, 'DNS rebinding refused');
});

test('the socket refuses a missing or wrong token and a foreign Origin', async () => {
  const origin = `http://127.0.0.1:${host.port}`;
  assert.equal((await open({ origin })).status, 403);
  assert.equal((await open({ origin, token: 'wrong' })).status, 403);
  assert.equal((await open({ origin: 'https://evil.example', token: host.token })).status, 403);
  assert.equal((await open({ token: host.token })).status, 403, 'no Origin');
});

test('with the token and the page Origin, the contract works and its validation holds', async () => {
  const { ws } = await open({ origin: `http://127.0.0.1:${host.port}`, token: host.token });
  assert.ok(ws);
  const replies: Array<{ id: number; ok: boolean; value?: unknown; error?: { code: string } }> = [];
  ws.on('message', (d) => replies.push(JSON.parse(String(d)) as never));
  const wait = async (n: number): Promise<void> => {
    for (let i = 0; i < 200 && replies.filter((r) => (r as { kind?: string }).kind === 'result').length < n; i++)
      await new Promise((r) => setTimeout(r, 10));
  };
  ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'info', args: {} }));
  ws.send(JSON.stringify({ kind: 'call', id: 2, method: 'constructor', args: {} }));
  ws.send(JSON.stringify({ kind: 'call', id: 3, method: 'startRun', args: { code: 1 } }));
  await wait(3);
  const byId = new Map(replies.map((r) => [r.id, r]));
  assert.equal(byId.get(1)?.ok, true);
  assert.deepEqual(byId.get(2)?.error?.code, 'unknown-method');
  assert.deepEqual(byId.get(3)?.error?.code, 'bad-argument');
  ws.close();
});

test('closing the page stops the runs it started', async () => {
  const { ws } = await open({ origin: `http://127.0.0.1:${host.port}`, token: host.token });
  assert.ok(ws);
  const started = new Promise<string>((resolve) =>
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { kind: string; id?: number; value?: { id: string } };
      if (m.kind === 'result' && m.id === 7 && m.value) resolve(m.value.id);
    }),
  );
  ws.send(
    JSON.stringify({
      kind: 'call',
      id: 7,
      method: 'startRun',
      args: { code: 'while (true) {}', driver: 'worker', limits: { timeoutMs: 60_000 } },
    }),
  );
  await started;
  assert.equal(supervisor.activeRuns, 1);
  ws.close();
  const deadline = Date.now() + 10_000;
  while (supervisor.activeRuns > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(supervisor.activeRuns, 0, 'the run was stopped when its page closed');
});
