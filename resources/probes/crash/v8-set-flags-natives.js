/*---
id: v8-set-flags-natives
title: v8.setFlagsFromString turns on native syntax and aborts the process
category: crash
goal: Change V8's flags for the whole process from guest code — here --allow-natives-syntax, which makes V8's internal %Runtime functions callable — and use one to abort the process that runs the guest (the host, when the guest is a thread of it).
technique: v8.setFlagsFromString('--allow-natives-syntax') after start-up (Node documents the behaviour as undefined, V8 applies it process-wide, to every isolate and thread); new Function('%IsBeingInterpreted()') proves the flag is live, then %AbortJS() ends the process with SIGABRT. No Permission Model scope covers setFlagsFromString.
references: https://nodejs.org/api/v8.html#v8setflagsfromstringflags, https://github.com/nodejs/node/pull/53731, https://github.com/nodejs/help/issues/154
limits: timeout=5000
expect: * = contained; host = host-crashed; host+vm = host-crashed; worker = host-crashed; worker+vm = host-crashed
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
let outcome = 'no process object';
if (P) {
  const v8 = P.getBuiltinModule('node:v8');
  // A Function from the realm that owns `v8` (under vm, the guest's own Function would compile in the context).
  const F = v8.setFlagsFromString.constructor;
  try {
    F('return %IsBeingInterpreted()')();
    outcome = 'native syntax was already on';
  } catch (e) {
    outcome = `before: ${e.name}`;
  }
  v8.setFlagsFromString('--allow-natives-syntax');
  try {
    outcome += `; after: %IsBeingInterpreted() = ${F('return %IsBeingInterpreted()')()}`;
    console.log('native syntax is on:', outcome);
    F('%AbortJS("the guest aborted this process through a V8 native")')();
    outcome += '; %AbortJS returned';
  } catch (e) {
    outcome += `; after: ${e.name}: ${e.message}`.slice(0, 160);
  }
}
console.log(outcome);
outcome;
