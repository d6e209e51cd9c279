/**
 * Run containment with real processes (Linux): every process a guest starts is seen with its command line,
 * however briefly it lived; nothing it starts outlives the run; no process above the host can be signalled.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { run, useIsolatedEngine } from './harness.ts';
import { containedCommand, containmentSupport } from '../containment.ts';
import { Supervisor } from '../supervisor.ts';
import type { RunResult } from '../../common/run/result.ts';

const { supervisor } = useIsolatedEngine();
const support = containmentSupport();
const linux = process.platform === 'linux';

const childBreach = (r: RunResult): string | undefined =>
  r.verdict.breaches.find((b) => b.canary === 'child-process')?.evidence;

/** Processes on the machine whose command line holds `marker` (they must not exist after a run). */
function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

describe('containment on this machine', { skip: !linux && 'Linux only: other platforms report it unavailable' }, () => {
  test('PID namespace and tracing are available here (the suite installs util-linux and strace)', () => {
    assert.deepEqual(support, { pidNamespace: true, trace: true });
  });

  for (const driver of ['host', 'worker', 'process', 'os-sandbox']) {
    test(`${driver}: a process that lives a moment (execSync('true')) is a child-process breach with its command line`, async () => {
      const r = await run(supervisor, {
        code: `require('child_process').execSync('true; echo wb-short-lived >/dev/null'); 1`,
        driver,
        policy: { childProcess: true },
      });
      assert.equal(r.status, 'ok', JSON.stringify(r.error));
      assert.match(childBreach(r) ?? '', /wb-short-lived/);
    });
  }

  test('a loop of 150 processes is counted whole, past the 100 kept with their command lines', async () => {
    const r = await run(supervisor, {
      code: `require('child_process').execSync('i=0; while [ $i -lt 150 ]; do /bin/true; i=$((i+1)); done'); 1`,
      driver: 'host',
      policy: { childProcess: true },
    });
    assert.equal(r.status, 'ok', JSON.stringify(r.error));
    const m = /^(\d+) processes the driver did not start: pid \d+ .* and (\d+) more$/.exec(childBreach(r) ?? '');
    assert.ok(m, childBreach(r));
    // execSync's shell and its 150 /bin/true at least; three of them named, the rest counted.
    assert.ok(Number(m[1]) >= 151, m[0]);
    assert.equal(Number(m[2]), Number(m[1]) - 3);
  });

  test('process: the driver’s own child is not a breach, and nothing the host says changes that', async () => {
    const r = await run(supervisor, { code: '1 + 1', driver: 'process' });
    assert.equal(r.status, 'ok');
    assert.equal(childBreach(r), undefined);
  });

  test('os-sandbox: bubblewrap’s own processes are not a breach', async () => {
    const r = await run(supervisor, { code: '1 + 1', driver: 'os-sandbox' });
    assert.equal(r.status, 'ok');
    assert.equal(childBreach(r), undefined);
  });

  test('a setsid double-forked daemon without the env canary is seen and does not survive the run', async () => {
    const marker = `wb-daemon-${process.pid}-${Date.now()}`;
    const r = await run(supervisor, {
      code: `require('child_process').spawn('sh', ['-c', 'setsid sh -c "exec -a ${marker} sleep 60" &'], { stdio: 'ignore', env: { PATH: process.env.PATH } }).unref(); 1`,
      driver: 'process',
      policy: { childProcess: true },
    });
    assert.equal(r.status, 'ok', JSON.stringify([r.error, r.notes, r.stderr]));
    assert.match(childBreach(r) ?? '', /setsid/);
    assert.deepEqual(processesWith(marker), []);
  });

  test('a guest sees only its own run’s processes and cannot signal anything above its host', async () => {
    // Sends SIGUSR1 to every pid it can see (the classic route to an ancestor's inspector), then looks for one.
    const r = await run(supervisor, {
      code: `(async () => {
        const pids = require('fs').readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).map(Number);
        const signalled = [];
        for (const pid of pids) if (pid !== process.pid && pid !== process.ppid && pid !== 1) {
          try { process.kill(pid, 'SIGUSR1'); signalled.push(pid); } catch {}
        }
        const above = ${process.pid};
        let reached = true;
        try { process.kill(above, 0); } catch { reached = false; }
        await new Promise((r) => setTimeout(r, 200));
        const open = await new Promise((resolve) => {
          const s = require('net').connect(9229, '127.0.0.1');
          s.on('connect', () => { s.destroy(); resolve(true); });
          s.on('error', () => resolve(false));
        });
        return JSON.stringify({ count: pids.length, reached, open });
      })()`,
      driver: 'process',
    });
    assert.equal(r.status, 'ok', JSON.stringify([r.error, r.notes, r.stderr]));
    const seen = JSON.parse(String(r.result)) as { count: number; reached: boolean; open: boolean };
    assert.equal(seen.reached, false, 'the supervisor must have no pid in the guest’s namespace');
    assert.equal(seen.open, false, 'no inspector may open');
    assert.ok(seen.count <= 4, `the guest saw ${seen.count} processes: its namespace holds only init, host and itself`);
  });

  // `workbench bench` measures what containment costs by running the same code with less of it; each level must
  // be what it says, or the bench's ratio measures nothing.
  test('less containment for the bench: namespace only, then none (the guest sees the machine’s processes)', async () => {
    const countProcesses = `require('fs').readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).length`;
    const levels = new Map<string, number>();
    for (const containment of ['traced', 'namespace', 'none'] as const) {
      const s = new Supervisor({ containment });
      try {
        const r = await run(s, { code: countProcesses, driver: 'process' });
        assert.equal(r.status, 'ok', JSON.stringify([containment, r.error, r.notes]));
        levels.set(containment, Number(r.result));
      } finally {
        await s.dispose();
      }
    }
    assert.ok(levels.get('traced')! <= 4 && levels.get('namespace')! <= 4, JSON.stringify([...levels]));
    assert.ok(levels.get('none')! > 4, `uncontained, the guest sees the machine: ${JSON.stringify([...levels])}`);
    const none = containedCommand('/usr/bin/node', ['x.js'], 'none');
    assert.deepEqual(none, { command: '/usr/bin/node', args: ['x.js'], traced: false });
    const ns = containedCommand('/usr/bin/node', ['x.js'], 'namespace');
    assert.equal(ns.command, 'unshare');
    assert.equal(ns.traced, false);
  });
});
