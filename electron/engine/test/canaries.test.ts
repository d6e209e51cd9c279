/** Canaries and verdicts: breaches are decided by what the supervisor observes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DRIVERS, run, useIsolatedEngine } from './harness.ts';
import type { RunResult } from '../../common/run/result.ts';

const { supervisor } = useIsolatedEngine();

const canaries = (r: RunResult): string[] => r.verdict.breaches.map((b) => b.canary).sort();

describe('env canary', () => {
  test('process with the default (inherited) env: reading WORKBENCH_CANARY is an env breach', async () => {
    const r = await run(supervisor, { code: 'process.env.WORKBENCH_CANARY', driver: 'process' });
    assert.equal(r.status, 'ok');
    assert.deepEqual(canaries(r), ['env']);
    assert.equal(r.verdict.escaped, true);
    assert.match(r.verdict.breaches[0]!.evidence, /WORKBENCH_CANARY/);
  });

  test('process with --env-allow PATH: no breach, the variable is not there', async () => {
    const r = await run(supervisor, {
      code: 'String(process.env.WORKBENCH_CANARY) + ":" + typeof process.env.PATH',
      driver: 'process',
      policy: { envAllow: ['PATH'] },
    });
    assert.equal(r.status, 'ok');
    assert.equal(r.result, 'undefined:string');
    assert.deepEqual(r.verdict, { escaped: false, breaches: [] });
  });

  test('worker with an env allow-list: no breach', async () => {
    const r = await run(supervisor, {
      code: 'String(process.env.WORKBENCH_CANARY)',
      driver: 'worker',
      policy: { envAllow: ['PATH'] },
    });
    assert.equal(r.result, 'undefined');
    assert.equal(r.verdict.escaped, false);
  });

  test('a disguised token (base64 inside other text) is still found', async () => {
    const r = await run(supervisor, {
      code: 'console.log(Buffer.from("k=" + process.env.WORKBENCH_CANARY + ";").toString("base64")); 0',
      driver: 'worker',
    });
    assert.deepEqual(canaries(r), ['env']);
    assert.match(r.verdict.breaches[0]!.evidence, /base64/);
  });

  test('a token printed in two halves is found in the whole output', async () => {
    const r = await run(supervisor, {
      code: 'const t = process.env.WORKBENCH_CANARY; console.log(t.slice(0, 10)); process.stdout.write(t.slice(10)); 0',
      driver: 'process',
    });
    assert.deepEqual(canaries(r), ['env']);
  });
});

describe('global, file, network canaries', () => {
  test('host: __hostSecret is reachable (global breach)', async () => {
    const r = await run(supervisor, { code: 'globalThis.__hostSecret', driver: 'host' });
    assert.deepEqual(canaries(r), ['global']);
  });

  test("worker: __hostSecret is not in the thread's realm", async () => {
    const r = await run(supervisor, { code: 'typeof __hostSecret', driver: 'worker' });
    assert.equal(r.result, 'undefined');
    assert.equal(r.verdict.escaped, false);
  });

  test('process: canary.txt next to the jail is readable by default (file breach)', async () => {
    const r = await run(supervisor, {
      code: 'require("fs").readFileSync("../canary.txt", "utf8").trim().length',
      driver: 'process',
    });
    assert.equal(r.result, 32);
    assert.equal(r.verdict.escaped, false, 'reading without leaking it is not observed');
    const leak = await run(supervisor, {
      code: 'require("fs").readFileSync("../canary.txt", "utf8")',
      driver: 'process',
    });
    assert.deepEqual(canaries(leak), ['file']);
  });

  for (const driver of DRIVERS) {
    test(`${driver}: connecting to CANARY_PORT is a network breach`, async () => {
      const code =
        'new Promise((resolve) => { const s = require("net").connect(CANARY_PORT, "127.0.0.1"); s.on("close", () => resolve("closed")); s.on("error", () => resolve("error")); })';
      const r = await run(supervisor, { code, driver });
      assert.deepEqual(canaries(r), ['network']);
      assert.match(r.verdict.breaches[0]!.evidence, /CANARY_PORT/);
    });
  }
});

describe('file-system writes', () => {
  test('process, default policy: writing outside the jail is an fs-write breach', async () => {
    const r = await run(supervisor, {
      code: 'require("fs").writeFileSync("../escaped.txt", "x"); "written"',
      driver: 'process',
    });
    assert.equal(r.result, 'written');
    assert.deepEqual(canaries(r), ['fs-write']);
    assert.match(r.verdict.breaches[0]!.evidence, /created escaped\.txt/);
  });

  test('process --allow-fs-read <jail>: the write is denied and nothing is breached', async () => {
    const r = await run(supervisor, {
      code: 'require("fs").writeFileSync("../escaped.txt", "x"); "written"',
      driver: 'process',
      policy: { fsRead: ['$JAIL'] },
    });
    assert.ok(r.status === 'denied' || r.status === 'error', r.status);
    assert.equal(r.error?.code, 'ERR_ACCESS_DENIED');
    assert.deepEqual(r.verdict, { escaped: false, breaches: [] });
  });

  test('writing inside the jail is allowed and not a breach', async () => {
    const r = await run(supervisor, {
      code: 'require("fs").writeFileSync("inside.txt", "x"); "ok"',
      driver: 'process',
      policy: { fsRead: ['$JAIL'], fsWrite: ['$JAIL'] },
    });
    assert.equal(r.status, 'ok');
    assert.equal(r.verdict.escaped, false);
  });

  test('modifying canary.txt from the host is a breach', async () => {
    const r = await run(supervisor, { code: 'require("fs").appendFileSync("canary.txt", "!"); 1', driver: 'host' });
    assert.deepEqual(canaries(r), ['fs-write']);
    assert.match(r.verdict.breaches[0]!.evidence, /modified canary\.txt/);
  });
});

describe('child processes', () => {
  for (const driver of DRIVERS) {
    test(`${driver}: a process the guest starts is a child-process breach, and is killed at the end`, async () => {
      const code =
        'require("child_process").spawn("sleep", ["30"], { stdio: "ignore" }).unref(); new Promise((r) => setTimeout(r, 400))';
      const r = await run(supervisor, { code, driver, limits: { timeoutMs: 5000 } });
      assert.equal(r.status, 'ok');
      assert.deepEqual(canaries(r), ['child-process']);
      assert.match(r.verdict.breaches[0]!.evidence, /sleep 30/);
    });
  }

  test("a daemonised process (detached, unref'd) still carrying the env canary is found and killed", async () => {
    const code =
      'const c = require("child_process").spawn("sleep", ["31"], { detached: true, stdio: "ignore" }); c.unref(); "spawned"';
    const r = await run(supervisor, { code, driver: 'process' });
    assert.deepEqual(canaries(r), ['child-process']);
  });

  test('process with the Permission Model and no --allow-child-process: spawning is denied', async () => {
    const r = await run(supervisor, {
      code: 'require("child_process").spawnSync("true"); 1',
      driver: 'process',
      policy: { permission: true, fsRead: ['$JAIL'] },
    });
    assert.equal(r.status, 'denied');
    assert.equal(r.verdict.escaped, false);
  });
});

describe('host crash', () => {
  test('process.exit(1) under host is host-crashed, and the next run works', async () => {
    const r = await run(supervisor, { code: 'process.exit(1)', driver: 'host' });
    assert.equal(r.status, 'host-crashed');
    assert.deepEqual(canaries(r), ['host-crash']);
    const next = await run(supervisor, { code: '1+1', driver: 'host' });
    assert.equal(next.status, 'ok');
    assert.equal(next.result, 2);
  });

  test('process.exit(1) under worker only ends the thread: crashed, not host-crashed', async () => {
    const r = await run(supervisor, { code: 'process.exit(1)', driver: 'worker' });
    assert.equal(r.status, 'crashed');
    assert.equal(r.verdict.escaped, false);
  });

  test('process.exit(3) under process: crashed with the exit code', async () => {
    const r = await run(supervisor, { code: 'process.exit(3)', driver: 'process' });
    assert.equal(r.status, 'crashed');
    assert.match(r.error?.message ?? '', /code 3/);
  });

  test('killing the host from inside (SIGKILL to its own pid) is host-crashed', async () => {
    const r = await run(supervisor, { code: 'process.kill(process.pid, "SIGKILL")', driver: 'host' });
    assert.equal(r.status, 'host-crashed');
  });
});

test('tokens are fresh for every run', async () => {
  const a = await run(supervisor, { code: 'process.env.WORKBENCH_CANARY', driver: 'worker' });
  const b = await run(supervisor, { code: 'process.env.WORKBENCH_CANARY', driver: 'worker' });
  assert.equal(typeof a.result, 'string');
  assert.notEqual(a.result, b.result);
});

describe('the endpoints are gone once connected', () => {
  for (const driver of DRIVERS) {
    test(`${driver}: no socket file is left to connect to while the guest runs`, async () => {
      const code = `
        const fs = require('fs'), path = require('path'), os = require('os');
        const dirs = fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('wb-ipc-'));
        const socks = dirs.flatMap((d) => { try { return fs.readdirSync(path.join(os.tmpdir(), d)); } catch (e) { return ['unreadable:' + e.code]; } });
        ({ dirs: dirs.length, socks })`;
      const r = await run(supervisor, { code, driver });
      assert.equal(r.status, 'ok', r.error?.message);
      const { dirs, socks } = r.result as { dirs: number; socks: string[] };
      assert.equal(dirs, 1, 'the run has its private directory');
      assert.deepEqual(socks, []);
    });
  }
});
