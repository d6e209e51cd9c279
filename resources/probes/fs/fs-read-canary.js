/*---
id: fs-read-canary
title: Read canary.txt from the working directory and from the jail's parent
category: fs
goal: Read the host's canary.txt: `./canary.txt` for guests sharing the host's cwd (host, worker), `../canary.txt` for a child whose cwd is the jail.
technique: Plain relative reads with fs.readFileSync, plus the same paths anchored on __dirname; nothing clever — the baseline every boundary must answer.
references: https://nodejs.org/api/fs.html#fsreadfilesyncpath-options, https://nodejs.org/api/permissions.html#file-system-permissions
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
  const paths = ['canary.txt', '../canary.txt'];
  if (typeof __dirname === 'string') paths.push(`${__dirname}/../canary.txt`);
  for (const p of paths) {
    try {
      results[p] = fs.readFileSync(p, 'utf8').trim();
    } catch (e) {
      results[p] = e.code || e.message;
    }
  }
}
console.log('reads:', P ? JSON.stringify(results) : 'no process object');
results;
