/*---
id: fs-disk-fill-bounded
title: Fill the disk from the jail, bounded by the probe itself
category: fs
goal: Show whether anything bounds how much a guest may write: 128 MB into its writable jail (the host's disk, also under os-sandbox, where the jail is bound in from outside) and, inside the sandbox, 128 MB into its private /tmp (a tmpfs: memory that no process's RSS shows; the workbench sizes it to the run's memory budget, 64 MB without one, so there the write stops at ENOSPC).
technique: fs.writeSync of 1 MB blocks until the probe's own cap or the first ENOSPC / EDQUOT / EFBIG; each file is deleted again before the probe ends. A sandbox with a disk quota, a size-limited tmpfs (bwrap --size) or RLIMIT_FSIZE would stop it first.
references: https://man7.org/linux/man-pages/man2/setrlimit.2.html, https://man7.org/linux/man-pages/man5/tmpfs.5.html, https://github.com/containers/bubblewrap/blob/main/bwrap.xml, https://nodejs.org/api/permissions.html#file-system-permissions
limits: timeout=20000
expect: * = contained
---*/
// Writing into the jail is allowed by every policy, so no canary is reached and the cell is contained: the
// workbench has no disk or tmpfs budget to hold or bypass. How much each write reached, and what stopped
// it, is in the output and the result.
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
const MB = 1024 * 1024;
function fill(fs, path, capMb) {
  const block = new Uint8Array(MB).fill(0x5a);
  let written = 0;
  let stop = `the probe's cap (${capMb} MB)`;
  let fd;
  try {
    fd = fs.openSync(path, 'w');
    while (written < capMb) {
      fs.writeSync(fd, block);
      written++;
    }
  } catch (e) {
    stop = e.code || e.message;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    try {
      fs.rmSync(path, { force: true });
    } catch {}
  }
  return `${written} MB, stopped by ${stop}`;
}
function probe() {
  const fs = P.getBuiltinModule('node:fs');
  const jail = P.cwd().endsWith('/jail') ? P.cwd() : `${P.cwd()}/jail`;
  const out = { jail: fill(fs, `${jail}/fill.bin`, 128) };
  // Only inside bubblewrap (PID 1 of the namespace is bwrap) is /tmp the sandbox's own tmpfs; elsewhere it is
  // the machine's, which this probe leaves alone.
  let init = '';
  try {
    init = fs.readFileSync('/proc/1/comm', 'utf8').trim();
  } catch {}
  out.tmpfs =
    init === 'bwrap'
      ? fill(fs, `/tmp/fill-${P.pid}.bin`, 128)
      : `not tried (/tmp is the machine's; PID 1 is ${init || '?'})`;
  console.log('disk fill:', JSON.stringify(out));
  return out;
}
P ? probe() : 'no process object';
