/*---
id: fs-write-outside
title: Create files in the run directory, outside the jail
category: fs
goal: Create a file and a directory next to canary.txt (the run directory), i.e. outside the jail — an fs-write breach.
technique: Writes through `../` from the jail, through the absolute run-directory path (the cwd's parent for a child, the cwd itself for host/worker guests), and mkdir there.
references: https://nodejs.org/api/fs.html#fswritefilesyncfile-data-options, https://nodejs.org/api/permissions.html#file-system-permissions
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
  // host/worker guests share the host's cwd (the run directory); a child's cwd is the jail inside it.
  const runDir = P.cwd().endsWith('/jail') ? P.cwd().slice(0, -'/jail'.length) : P.cwd();
  const attempts = {
    relative: () => fs.writeFileSync(`${runDir}/jail/../escaped-relative.txt`, 'written from the guest\n'),
    absolute: () => fs.writeFileSync(`${runDir}/escaped-absolute.txt`, 'written from the guest\n'),
    mkdir: () => fs.mkdirSync(`${runDir}/escaped-dir`),
  };
  for (const [name, go] of Object.entries(attempts)) {
    try {
      go();
      results[name] = 'written';
    } catch (e) {
      results[name] = e.code || e.message;
    }
  }
}
console.log('writes outside the jail:', P ? JSON.stringify(results) : 'no process object');
results;
