/*---
id: env-process-env
title: Read WORKBENCH_CANARY from process.env
category: env
goal: Read the environment canary the host process carries and print it.
technique: process.env holds the environment of the process the guest runs in (a worker thread gets the copy given by the Worker env option); under vm the process object is one constructor-climb away.
references: https://nodejs.org/api/process.html#processenv, https://nodejs.org/api/worker_threads.html#new-workerfilename-options
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped
---*/
// The Node process object: a global under plain, reached through node:vm's outer-realm objects under vm,
// absent in isolated-vm and QuickJS.
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
const found = P ? { canary: P.env.WORKBENCH_CANARY, names: Object.keys(P.env).sort().join(',') } : 'no process object';
console.log('process.env:', JSON.stringify(found));
found;
