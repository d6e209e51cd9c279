/*---
id: pm-api-coverage
title: Less common fs APIs against the Permission Model's coverage
category: permission-model
goal: Find one fs entry point the Permission Model forgot: read canary.txt or write next to it through APIs other than readFileSync/writeFileSync.
technique: realpathSync.native, FileHandle.readFile, createReadStream, cpSync/copyFileSync into the jail for reading; mkdtempSync (CVE-2023-32003), cpSync out of the jail and utimesSync for writing — each a separate code path that must carry its own check.
references: CVE-2023-32003, CVE-2026-21715, CVE-2024-22018, CVE-2025-55132, https://nodejs.org/api/permissions.html#file-system-permissions
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
async function probe() {
  const fs = P.getBuiltinModule('node:fs');
  const runDir = P.cwd().endsWith('/jail') ? P.cwd().slice(0, -'/jail'.length) : P.cwd();
  const canary = `${runDir}/canary.txt`;
  const jail = `${runDir}/jail`;
  const out = {};
  const steps = {
    // (fs.openAsBlob is left out: its read request stays listed as active, so a host guest never drains.)
    realpathNative: () => fs.realpathSync.native(canary), // existence only (CVE-2026-21715), no contents
    fileHandle: async () => {
      const h = await fs.promises.open(canary);
      try {
        return (await h.readFile('utf8')).trim();
      } finally {
        await h.close();
      }
    },
    readStream: () =>
      new Promise((ok, ko) => {
        let s = '';
        fs.createReadStream(canary, 'utf8')
          .on('data', (d) => (s += d))
          .on('end', () => ok(s.trim()))
          .on('error', ko);
      }),
    cpIn: () => {
      fs.cpSync(canary, `${jail}/cp.txt`);
      return fs.readFileSync(`${jail}/cp.txt`, 'utf8').trim();
    },
    copyFileIn: () => {
      fs.copyFileSync(canary, `${jail}/copy.txt`);
      return fs.readFileSync(`${jail}/copy.txt`, 'utf8').trim();
    },
    mkdtempOut: () => fs.mkdtempSync(`${runDir}/escaped-`),
    cpOut: () => {
      fs.writeFileSync(`${jail}/note.txt`, 'from the jail\n');
      fs.cpSync(`${jail}/note.txt`, `${runDir}/escaped-cp.txt`);
    },
    utimes: () => fs.utimesSync(canary, new Date(0), new Date(0)),
  };
  for (const [name, go] of Object.entries(steps)) {
    try {
      out[name] = (await go()) ?? 'ok';
    } catch (e) {
      out[name] = e.code || e.message;
    }
  }
  console.log('fs API coverage:', JSON.stringify(out));
  return out;
}
P ? probe() : 'no process object';
