/**
 * Concurrent runs do not frame each other: what one run does to another's canaries is charged to the one that
 * did it, and the victim is told instead of blamed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIsolatedEngine } from './harness.ts';
import type { RunResult } from '../../common/run/result.ts';

const { supervisor } = useIsolatedEngine();

/** A victim that prints its CANARY_PORT and then waits, reaching nothing itself. */
function startVictim(): { port: Promise<number>; result: Promise<RunResult> } {
  let resolvePort!: (p: number) => void;
  const port = new Promise<number>((r) => (resolvePort = r));
  const run = supervisor.startRun(
    {
      code: `console.log('port=' + CANARY_PORT); new Promise((r) => setTimeout(r, 4000))`,
      driver: 'worker',
      limits: { timeoutMs: 10_000 },
    },
    {
      onOutput: (line) => {
        const m = /port=(\d+)/.exec(line.text);
        if (m) resolvePort(Number(m[1]));
      },
    },
  );
  return { port, result: run.result };
}

test('a run that reads another run’s canary.txt and prints it is charged; the victim is only told', async () => {
  const victim = startVictim();
  await victim.port;
  const thief = await supervisor.startRun({
    code: `
      const fs = require('fs'), path = require('path');
      const mine = path.dirname(process.cwd()) === path.dirname(path.resolve('..')) ? path.resolve('..') : process.cwd();
      const tmp = path.dirname(process.cwd().includes('/jail') ? path.resolve('..') : process.cwd());
      const stolen = fs.readdirSync(tmp).filter((d) => d.startsWith('wb-run-'))
        .map((d) => path.join(tmp, d)).filter((d) => d !== mine && d !== process.cwd())
        .map((d) => { try { return fs.readFileSync(path.join(d, 'canary.txt'), 'utf8').trim(); } catch { return ''; } })
        .filter(Boolean);
      console.log(stolen.join(','));
      stolen.length`,
    driver: 'process',
  }).result;
  const v = await victim.result;
  assert.equal(thief.status, 'ok', JSON.stringify(thief.error));
  assert.ok(Number(thief.result) >= 1, 'the thief found the victim’s canary.txt');
  assert.ok(
    thief.verdict.breaches.some((b) => b.canary === 'file'),
    JSON.stringify(thief.verdict),
  );
  assert.equal(v.verdict.escaped, false, JSON.stringify(v.verdict));
  assert.ok(
    v.notes.some((n) => /its file token was seen in run/.test(n)),
    JSON.stringify(v.notes),
  );
});

test('a connection to another run’s CANARY_PORT is the connecting run’s breach, not the port owner’s', async () => {
  const victim = startVictim();
  const port = await victim.port;
  const thief = await supervisor.startRun({
    code: `new Promise((resolve) => {
      const s = require('net').connect(${port}, '127.0.0.1');
      s.on('connect', () => setTimeout(() => { s.destroy(); resolve('connected'); }, 100));
      s.on('error', (e) => resolve(e.code));
    })`,
    driver: 'worker',
  }).result;
  const v = await victim.result;
  assert.equal(thief.result, 'connected');
  assert.match(thief.verdict.breaches.find((b) => b.canary === 'network')?.evidence ?? '', /CANARY_PORT/);
  assert.equal(v.verdict.escaped, false, JSON.stringify(v.verdict));
  assert.ok(
    v.notes.some((n) => /came from run [0-9a-f]{8}/.test(n)),
    JSON.stringify(v.notes),
  );
});

test('a run connecting to its own CANARY_PORT is still its own breach', async () => {
  const r = await supervisor.startRun({
    code: `new Promise((resolve) => { const s = require('net').connect(CANARY_PORT, '127.0.0.1');
      s.on('connect', () => setTimeout(() => { s.destroy(); resolve(1); }, 50)); s.on('error', () => resolve(0)); })`,
    driver: 'process',
  }).result;
  assert.match(r.verdict.breaches.find((b) => b.canary === 'network')?.evidence ?? '', /pid \d+/);
});
