/*---
id: pm-filehandle-metadata
title: FileHandle chmod, chown and utimes on a file opened for reading
category: permission-model
goal: Change the metadata (mode, owner, times) of a file the policy lets the guest read but not write — canary.txt when it is readable, else one of the guest's own bootstrap files — through a descriptor opened read-only.
technique: fs.promises.open(path, 'r') needs only read permission; FileHandle#chmod/#chown/#utimes then act on the descriptor (fchmod/fchown/futimes), a different code path from chmod(path). fs.fchmod/fchown were fixed first (CVE-2024-36137) and the FileHandle methods later (CVE-2026-21716); the probe shows whether this Node covers them. On a bootstrap file it sets the mode and times the file already has, so nothing changes whatever the answer.
references: https://nodejs.org/api/permissions.html#file-system-permissions, https://nodejs.org/api/fs.html#filehandlechmodmode, https://nodejs.org/api/fs.html#filehandleutimesatime-mtime, CVE-2024-36137, CVE-2026-21716
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained; os-sandbox* = contained
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
async function tryOn(fs, path, change) {
  const out = { path };
  let h;
  try {
    h = await fs.promises.open(path, 'r');
  } catch (e) {
    out.open = e.code || e.message;
    return out;
  }
  try {
    const st = await h.stat();
    const mode = change ? 0o640 : st.mode & 0o7777;
    const time = change ? new Date(0) : st.mtime;
    for (const [name, go] of [
      ['chmod', () => h.chmod(mode)],
      ['chown', () => h.chown(st.uid, st.gid)],
      ['utimes', () => h.utimes(change ? time : st.atime, time)],
    ]) {
      try {
        await go();
        out[name] = 'done';
      } catch (e) {
        out[name] = e.code || e.message;
      }
    }
  } finally {
    await h.close();
  }
  return out;
}
async function probe() {
  const fs = P.getBuiltinModule('node:fs');
  const runDir = P.cwd().endsWith('/jail') ? P.cwd().slice(0, -'/jail'.length) : P.cwd();
  const results = [await tryOn(fs, `${runDir}/canary.txt`, true)];
  // Readable but never writable under the Permission Model: the guest's own entry files (argv), same mode and times.
  const own = (P.argv || []).find((a) => /\.(m?js|cjs)$/.test(a) && a !== P.argv[0]);
  if (results[0].open && own) results.push(await tryOn(fs, own, false));
  console.log('FileHandle metadata:', JSON.stringify(results));
  return results;
}
P ? probe() : 'no process object';
