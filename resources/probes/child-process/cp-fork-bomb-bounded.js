/*---
id: cp-fork-bomb-bounded
title: A fork bomb, bounded by the probe itself
category: child-process
goal: Show whether anything bounds the number of processes a guest may run at once: start far more than any sandbox should allow, and count how many are alive together.
technique: A shell function that forks two copies of itself per level (the classic :(){ :|:& };: with a depth), 5 levels deep — 63 shells and 32 sleeps — each leaf sleeping 2 s so they are all alive at once, then count the processes of the run. The probe stops at its own cap so it is safe on a 2-core CI machine; a sandbox with a process limit (RLIMIT_NPROC, a pids cgroup) would make forks fail first.
references: https://en.wikipedia.org/wiki/Fork_bomb, https://man7.org/linux/man-pages/man2/setrlimit.2.html, https://docs.kernel.org/admin-guide/cgroup-v2.html#pid, https://github.com/containers/bubblewrap/blob/main/bwrap.xml
limits: timeout=10000
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped
---*/
// The cap: depth 5 = 2^6 - 1 = 63 shells + 32 sleeps, about 1 MB each, gone after 2 s (and with the run, whatever happens).
// There is no process-count limit in the workbench to bypass, so the cell is a child-process breach
// (escaped); the count of processes alive at once, and any fork that failed, are in the output.
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
const DEPTH = 5;
function probe() {
  const cp = P.getBuiltinModule('node:child_process');
  const script = `
    bomb() { if [ "$1" -gt 0 ]; then bomb $(($1 - 1)) & bomb $(($1 - 1)) & wait; else sleep 2; fi; }
    bomb ${DEPTH} 2>/tmp/fork-errors.$$ &
    sleep 1
    alive=$(ps -e -o comm= 2>/dev/null | grep -c -E '^(sh|dash|bash|sleep)$')
    echo "alive at once: $alive (of $(( (1 << (${DEPTH} + 1)) - 1 )) shells + $(( 1 << ${DEPTH} )) sleeps); process limit: $(grep -i 'max processes' /proc/self/limits | tr -s ' ' | cut -d' ' -f3-4)"
    wait
    failed=$(grep -c . /tmp/fork-errors.$$ 2>/dev/null); rm -f /tmp/fork-errors.$$
    echo "failed forks: \${failed:-0}"`;
  try {
    const out = cp.execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8', timeout: 8000 }).trim();
    console.log(out);
    return out;
  } catch (e) {
    const out = `${e.code || e.name}: ${String(e.stdout || '')}${String(e.stderr || e.message)}`.slice(0, 300);
    console.log(out);
    return out;
  }
}
P ? probe() : 'no process object';
