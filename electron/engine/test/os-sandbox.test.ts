/** The OS sandbox against the canaries, beside the same script under a plain child process. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, useIsolatedEngine } from './harness.ts';

const { supervisor } = useIsolatedEngine();

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

  test('network can be allowed by policy', async () => {
    const code = `new Promise((resolve) => { const s = require('net').connect(CANARY_PORT, '127.0.0.1'); s.on('connect', () => { s.destroy(); resolve('connected'); }); s.on('error', (e) => resolve(e.code)); })`;
    const r = await run(supervisor, { code, driver: 'os-sandbox', policy: { network: true } });
    assert.equal(r.result, 'connected');
    assert.deepEqual(sorted(r), ['network']);
  });
});
