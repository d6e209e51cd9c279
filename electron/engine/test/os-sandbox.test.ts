/** The OS sandbox against the canaries, beside the same script under a plain child process. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, useIsolatedEngine } from './harness.ts';

const { supervisor, tmp } = useIsolatedEngine();
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

// One script, three escapes: read canary.txt next to the jail, write outside the jail, connect to
// CANARY_PORT. It prints what it got, so a reached secret is in the output.
const ATTACK = `
const fs = require('fs');
const got = {};
try { got.file = fs.readFileSync('../canary.txt', 'utf8').trim(); } catch (e) { got.file = e.code; }
try { fs.writeFileSync('../escaped.txt', 'x'); got.write = 'written'; } catch (e) { got.write = e.code; }
new Promise((resolve) => {
  const s = require('net').connect(CANARY_PORT, '127.0.0.1');
  s.on('connect', () => { got.net = 'connected'; s.destroy(); resolve(got); });
  s.on('error', (e) => { got.net = e.code; resolve(got); });
});`;

const sorted = (r: { verdict: { breaches: readonly { canary: string }[] } }): string[] =>
  r.verdict.breaches.map((b) => b.canary).sort();

describe('os-sandbox (Linux: bubblewrap)', { skip: process.platform !== 'linux' && 'bubblewrap is Linux only' }, () => {
  test('process, default policy: file, write and network all breached', async () => {
    const r = await run(supervisor, { code: ATTACK, driver: 'process' });
    assert.equal(r.status, 'ok', r.error?.message);
    assert.deepEqual(sorted(r), ['file', 'fs-write', 'network']);
  });

  test('os-sandbox, default policy: the same script is contained', async () => {
    const r = await run(supervisor, { code: ATTACK, driver: 'os-sandbox' });
    assert.equal(r.status, 'ok', r.error?.message);
    const got = r.result as { file: string; write: string; net: string };
    assert.equal(got.file, 'ENOENT', 'the run directory is an empty tmpfs inside');
    assert.notEqual(got.net, 'connected');
    assert.deepEqual(r.verdict, { escaped: false, breaches: [] });
  });

  test('the root file system is read-only and /tmp is private', async () => {
    const code = `
      const fs = require('fs'); const out = {};
      try { fs.writeFileSync('/etc/wb-escape', 'x'); out.etc = 'written'; } catch (e) { out.etc = e.code; }
      fs.writeFileSync('/tmp/wb-private', 'x'); out.tmp = fs.readdirSync('/tmp');
      fs.writeFileSync('inside.txt', 'x'); out.jail = 'written';
      out.cwd = process.cwd();
      out`;
    const r = await run(supervisor, { code, driver: 'os-sandbox' });
    assert.equal(r.status, 'ok', r.error?.message);
    const got = r.result as { etc: string; tmp: string[]; jail: string; cwd: string };
    assert.equal(got.etc, 'EROFS');
    assert.equal(got.jail, 'written');
    // Only what the guest wrote, and the folders leading to what is bound back in (its jail, the
    // workbench code and Node binary when they live under /tmp), exist in its /tmp.
    const boundBack = [
      got.cwd,
      fileURLToPath(new URL('../../../', import.meta.url)),
      dirname(realpathSync(process.execPath)),
    ];
    const expected = new Set([
      'wb-private',
      ...boundBack.filter((p) => p.startsWith('/tmp/')).map((p) => p.split('/')[2]!),
    ]);
    assert.deepEqual(got.tmp.sort(), [...expected].sort());
    assert.equal(r.verdict.escaped, false);
  });

  test('the guest is in its own PID namespace and its processes die with the sandbox', async () => {
    const code = `
      const { spawn } = require('child_process');
      spawn('sleep', ['60'], { stdio: 'ignore', detached: true }).unref();
      new Promise((r) => setTimeout(() => r({ pid: process.pid }), 400))`;
    const r = await run(supervisor, { code, driver: 'os-sandbox' });
    assert.equal(r.status, 'ok', r.error?.message);
    const { pid } = r.result as { pid: number };
    assert.ok(pid < 10, `pid ${pid} inside the namespace`);
    // The sleep was seen in the tree while it lived; the harness checks it died with the sandbox.
    assert.deepEqual(sorted(r), ['child-process']);
  });

  test('the sandbox processes are declared: a plain run has no child-process breach', async () => {
    const r = await run(supervisor, { code: 'new Promise((r) => setTimeout(r, 300))', driver: 'os-sandbox' });
    assert.equal(r.status, 'ok');
    assert.deepEqual(r.verdict, { escaped: false, breaches: [] });
    const child = r.workers.find((w) => w.kind === 'child');
    assert.ok(child?.helperPids && child.helperPids.length >= 1, 'bubblewrap processes are listed as helpers');
    assert.ok(
      r.samples.some((s) => s.worker === child.id && (s.rssBytes ?? 0) > 10_000_000),
      'the sandboxed Node is sampled',
    );
  });

  test('memory and Permission Model limits still apply inside', async () => {
    const bomb = await run(supervisor, {
      code: 'const keep = []; while (true) keep.push({ n: Math.random(), s: "x" + Math.random() });',
      driver: 'os-sandbox',
      limits: { memoryMb: 64, timeoutMs: 20_000 },
    });
    assert.equal(bomb.status, 'memory-limit');
    const denied = await run(supervisor, {
      code: 'require("child_process").spawnSync("true"); 1',
      driver: 'os-sandbox',
      policy: { permission: true, fsRead: ['$JAIL'] },
    });
    assert.equal(denied.status, 'denied');
  });

  test("memory outside the RSS is bounded too: /tmp holds the run's budget, /dev and the run directory nothing", async () => {
    const code = `
      const fs = require('fs'); const block = Buffer.alloc(1024 * 1024); const out = {};
      for (const [name, dir] of [['tmp', '/tmp'], ['dev', '/dev'], ['run', '..'], ['jail', '.']]) {
        let mb = 0; let stop = 'cap';
        try { const fd = fs.openSync(dir + '/fill', 'w'); while (mb < 48) { fs.writeSync(fd, block); mb++; } fs.closeSync(fd); }
        catch (e) { stop = e.code; }
        try { fs.rmSync(dir + '/fill'); } catch {}
        out[name] = mb + ' MB, ' + stop;
      }
      out`;
    const r = await run(supervisor, { code, driver: 'os-sandbox', limits: { memoryMb: 32, timeoutMs: 20_000 } });
    assert.equal(r.status, 'ok', `${r.error?.message} ${r.notes.join('; ')}`);
    assert.deepEqual(r.result, {
      tmp: '32 MB, ENOSPC',
      dev: '0 MB, EROFS',
      run: '0 MB, EROFS',
      jail: '48 MB, cap',
    });
  });

  test('network can be allowed by policy', async () => {
    const code = `new Promise((resolve) => { const s = require('net').connect(CANARY_PORT, '127.0.0.1'); s.on('connect', () => { s.destroy(); resolve('connected'); }); s.on('error', (e) => resolve(e.code)); })`;
    const r = await run(supervisor, { code, driver: 'os-sandbox', policy: { network: true } });
    assert.equal(r.result, 'connected');
    assert.deepEqual(sorted(r), ['network']);
  });
});

/**
 * Unix sockets of the user outside the sandbox (issue 11, item 9): the D-Bus session bus, docker.sock and
 * agents under /run/user stand for them. Three listeners the test owns: a socket file in the temp folder (the
 * sandbox's /tmp is private, so it is also out of sight), one in a folder the sandbox can see read-only (the
 * checkout, which is always bound in), and an abstract socket (shared with the sandbox whenever the policy
 * shares the network namespace).
 */
describe('Unix sockets outside the sandbox', { skip: process.platform !== 'linux' && 'Linux only' }, () => {
  const dirs: string[] = [];
  before(() => {
    // Beside the harness's own temp root, not in it (that one must be empty after each test).
    dirs.push(mkdtempSync(join(dirname(tmp), 'wb-sock-')), mkdtempSync(join(REPO, '.wb-sock-')));
  });
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  interface Listener {
    readonly address: string;
    readonly server: Server;
    accepted: number;
  }

  /** Listens on the three addresses for the length of one test (the harness counts handles after each). */
  async function withListeners(fn: (l: Record<string, Listener>) => Promise<void>): Promise<void> {
    const addresses = {
      tmp: join(dirs[0]!, 's.sock'),
      visible: join(dirs[1]!, 's.sock'),
      abstract: `\0wb-test-${randomBytes(8).toString('hex')}`,
    };
    const listeners: Record<string, Listener> = {};
    for (const [name, address] of Object.entries(addresses)) {
      assert.ok(address.length < 100, `socket path too long for sun_path: ${address}`);
      const l: Listener = { address, server: createServer((s) => (l.accepted++, s.destroy())), accepted: 0 };
      await new Promise<void>((resolve) => l.server.listen(address, resolve));
      listeners[name] = l;
    }
    try {
      await fn(listeners);
    } finally {
      await Promise.all(Object.values(listeners).map((l) => new Promise((resolve) => l.server.close(resolve))));
    }
  }

  /** The guest tries each address and reports what happened, by name. */
  const attack = (l: Record<string, Listener>): string => `
    const net = require('net');
    const targets = ${JSON.stringify(Object.fromEntries(Object.entries(l).map(([name, x]) => [name, x.address])))};
    Promise.all(Object.entries(targets).map(([name, address]) => new Promise((resolve) => {
      const s = net.connect(address);
      s.on('connect', () => { s.destroy(); resolve([name, 'connected']); });
      s.on('error', (e) => resolve([name, e.code]));
    }))).then(Object.fromEntries)`;

  /**
   * How many connections each listener accepted. A listener accepts in order, so once a connection made now
   * is accepted, every earlier one has been: the counts are final without waiting for a time.
   */
  async function accepted(l: Record<string, Listener>): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [name, x] of Object.entries(l)) {
      counts[name] = x.accepted;
      const seen = new Promise((resolve) => x.server.once('connection', resolve));
      const probe = connect(x.address).on('error', () => undefined);
      await seen;
      probe.destroy();
    }
    return counts;
  }

  test('process (no OS sandbox) reaches all three: the demonstration', () =>
    withListeners(async (l) => {
      const r = await run(supervisor, { code: attack(l), driver: 'process' });
      assert.equal(r.status, 'ok', r.error?.message);
      assert.deepEqual(r.result, { tmp: 'connected', visible: 'connected', abstract: 'connected' });
      assert.deepEqual(await accepted(l), { tmp: 1, visible: 1, abstract: 1 });
    }));

  for (const [label, policy] of [
    ['default policy', {}],
    ['network allowed (shared network namespace, so shared abstract sockets)', { network: true }],
    ['network allowed, under the Permission Model', { network: true, permission: true, fsRead: ['$JAIL'] }],
  ] as const) {
    test(`os-sandbox, ${label}: socket(AF_UNIX) is refused, nothing is reached`, () =>
      withListeners(async (l) => {
        const r = await run(supervisor, { code: attack(l), driver: 'os-sandbox', policy });
        assert.equal(r.status, 'ok', r.error?.message);
        assert.deepEqual(r.result, { tmp: 'EACCES', visible: 'EACCES', abstract: 'EACCES' });
        assert.deepEqual(await accepted(l), { tmp: 0, visible: 0, abstract: 0 });
        assert.deepEqual(r.verdict, { escaped: false, breaches: [] });
      }));
  }
});
