/**
 * The run's `cpu` figure covers the same window as its duration: from the guest's start (the host's
 * `running`) to the run's end. The boundary's set-up before it — a thread or a child Node starting — is not
 * the guest's CPU (a worker run of 10 ms read "cpu 100 ms"), and what a guest in a child starts counts while it
 * runs, not only once its parent reaped it (a 250 ms shell under os-sandbox read 60–90 ms; a shell spinning
 * for the whole of a 5 s `host` run, never reaped, read 150 ms).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { run, useIsolatedEngine } from './harness.ts';

const { supervisor } = useIsolatedEngine();
const cores = availableParallelism();
/** /proc counts CPU in 10 ms ticks: a reading at each end of the window can each be one tick off, per process. */
const TICKS_MS = 40;

/** The shell's own CPU from the first line of its `times` (`0m0.240000s 0m0.010000s`: user, system), in ms. */
function shellCpuMs(text: string): number {
  const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s/.exec(text);
  assert.ok(m, `the shell's times: ${JSON.stringify(text)}`);
  return (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
}

for (const driver of ['host', 'worker', 'process', 'os-sandbox']) {
  test(`${driver}: a guest that does nothing uses no more CPU than its duration allows`, async () => {
    const r = await run(supervisor, { code: '1', driver });
    assert.equal(r.status, 'ok', JSON.stringify(r.error));
    assert.ok(
      r.cpuMs <= r.durationMs * cores + TICKS_MS,
      `cpu ${r.cpuMs} ms in ${r.durationMs} ms on ${cores} cores: the set-up before the guest was counted`,
    );
  });
}

test('os-sandbox: a shell the guest runs counts while it runs, not only once reaped', async () => {
  // The shell reports its own CPU (`times`, a builtin: no other process); the run must show at least that much,
  // less one sample interval (50 Hz: what ran after the last reading, when the host reaps the child after it).
  const r = await run(supervisor, {
    code: `require('child_process').execSync('i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done; times', { encoding: 'utf8', shell: '/bin/sh' }).split('\\n')[0]`,
    driver: 'os-sandbox',
    policy: { childProcess: true },
    sampleHz: 50,
  });
  assert.equal(r.status, 'ok', JSON.stringify([r.error, r.stderr]));
  const shellMs = shellCpuMs(String(r.result));
  assert.ok(shellMs >= 50, `the shell ran ${shellMs} ms: too little to tell`);
  assert.ok(r.cpuMs >= shellMs - 20 - TICKS_MS, `cpu ${r.cpuMs} ms for a shell that used ${shellMs} ms`);
  assert.ok(r.cpuMs <= r.durationMs * cores + TICKS_MS, `cpu ${r.cpuMs} ms in ${r.durationMs} ms`);
});

for (const driver of ['host', 'worker']) {
  test(`${driver}: a process the guest leaves running counts, though nobody reaps it`, async () => {
    // The shell spins, reports its own CPU, then waits in `sleep`; the guest lets go of it and the run ends
    // with the shell still there (the run's namespace takes it down, unreaped). It used to count nothing.
    const r = await run(supervisor, {
      code: `const c = require('child_process').spawn('/bin/sh', ['-c', 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done; times; sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
c.stdout.on('data', (d) => { console.log(String(d).split('\\n')[0]); c.stdout.destroy(); c.unref(); });`,
      driver,
      policy: { childProcess: true },
      limits: { timeoutMs: 30_000 },
      sampleHz: 50,
    });
    assert.equal(r.status, 'ok', JSON.stringify([r.error, r.stderr]));
    const shellMs = shellCpuMs(r.stdout);
    assert.ok(shellMs >= 200, `the shell ran ${shellMs} ms: too little to tell`);
    assert.ok(r.cpuMs >= shellMs - TICKS_MS, `cpu ${r.cpuMs} ms for a shell that used ${shellMs} ms`);
    assert.ok(r.cpuMs <= r.durationMs * cores + TICKS_MS, `cpu ${r.cpuMs} ms in ${r.durationMs} ms`);
  });
}

test('host: a process that daemonised out of the host’s tree still counts (it is the run’s namespace’s)', async () => {
  // setsid and a background job: the shell is reparented to the namespace's init, out of the host's tree. It
  // writes its own CPU to a file the guest waits for, then sleeps on, unreaped, until the namespace goes.
  const r = await run(supervisor, {
    code: `const fs = require('fs'), f = require('path').join(require('os').tmpdir(), 'wb-times-' + process.pid + '-' + Date.now());
require('child_process').execSync("setsid sh -c 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done; times > " + f + ".part; mv " + f + ".part " + f + "; sleep 30' </dev/null >/dev/null 2>&1 &");
new Promise((done) => { const t = setInterval(() => { if (fs.existsSync(f)) { clearInterval(t); const s = fs.readFileSync(f, 'utf8'); fs.rmSync(f); done(s.split('\\n')[0]); } }, 20); })`,
    driver: 'host',
    policy: { childProcess: true },
    limits: { timeoutMs: 30_000 },
    sampleHz: 50,
  });
  assert.equal(r.status, 'ok', JSON.stringify([r.error, r.stderr]));
  const shellMs = shellCpuMs(String(r.result));
  assert.ok(shellMs >= 200, `the shell ran ${shellMs} ms: too little to tell`);
  assert.ok(r.cpuMs >= shellMs - TICKS_MS, `cpu ${r.cpuMs} ms for a shell that used ${shellMs} ms`);
});
