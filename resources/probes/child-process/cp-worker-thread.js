/*---
id: cp-worker-thread
title: Start a worker thread (denied under the Permission Model without --allow-worker)
category: child-process
goal: Start new execution inside the guest's process — a Worker — and have it leak canary.txt and the env canary from its own thread.
technique: new Worker(src, { eval: true }) from node:worker_threads; the nested worker reads the run directory's canary.txt and process.env and posts them back. The Permission Model refuses Worker creation unless --allow-worker.
references: https://nodejs.org/api/permissions.html#worker-threads-permissions, https://nodejs.org/api/worker_threads.html#new-workerfilename-options
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped
---*/
const P =
  typeof process !== 'undefined'
    ? process
    : (() => {
        try {
          return this.constructor.constructor('return process')();
        } catch {
          return undefined;
        }
      })();
const src = `
  const { parentPort, workerData } = require('node:worker_threads');
  let file; try { file = require('node:fs').readFileSync(workerData + '/canary.txt', 'utf8').trim(); } catch (e) { file = e.code; }
  parentPort.postMessage({ file, env: process.env.WORKBENCH_CANARY });`;
P
  ? new Promise((resolve) => {
      const runDir = P.cwd().endsWith('/jail') ? P.cwd().slice(0, -'/jail'.length) : P.cwd();
      let w; // stdout/stderr: true keeps the worker's stdio off the parent's (lazily opened) process.stdout
      try {
        w = new (P.getBuiltinModule('node:worker_threads').Worker)(src, {
          eval: true,
          workerData: runDir,
          stdout: true,
          stderr: true,
        });
      } catch (e) {
        console.log('Worker refused:', e.code || e.message);
        return resolve(e.code || e.message);
      }
      const timer = P.getBuiltinModule('node:timers').setTimeout(() => {
        w.terminate();
        resolve('no answer in 900 ms');
      }, 900);
      w.on('message', (m) => {
        console.log('nested worker leaked:', JSON.stringify(m));
        P.getBuiltinModule('node:timers').clearTimeout(timer);
        w.terminate();
        resolve(m);
      });
      w.on('error', (e) => {
        console.log('worker error:', e.code || e.message);
        resolve(e.message);
      });
    })
  : (console.log('no process object'), 'no Worker');
