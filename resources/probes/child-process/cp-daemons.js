/*---
id: cp-daemons
title: Daemons that hide: a renamed process, a short-lived one, a setsid double fork
category: child-process
goal: Start processes the supervisor does not see or cannot end — one that leaves the session and outlives the guest, one that lies about its name, one that is gone before any sampling — each a persistence or evasion implant.
technique: spawn('sleep', ['30'], { argv0: 'kworker/0:1-events', detached: true }) (a false name in /proc/N/cmdline, like `exec -a`); execFileSync('true') (lives a few milliseconds); sh -c '(setsid sleep 30 &)' (a grandchild in a new session, its parent already gone). Any of them is a child-process breach, named with its command line; none may outlive the run.
references: https://man7.org/linux/man-pages/man1/setsid.1.html, https://nodejs.org/api/child_process.html#child_processspawncommand-args-options, https://man7.org/linux/man-pages/man7/pid_namespaces.7.html
limits: timeout=5000
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped
---*/
// The daemons sleep 30 s: harmless if one survives (an uncontained run, macOS), long enough to outlive any run.
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
  const cp = P.getBuiltinModule('node:child_process');
  const opts = { encoding: 'utf8', timeout: 900, stdio: ['ignore', 'pipe', 'pipe'] };
  const why = (e) => `${e.code || e.name}: ${String(e.stderr || e.message).trim()}`.slice(0, 160);
  // The renamed and short-lived ones first: a verdict's evidence lists the first processes it saw.
  try {
    const child = cp.spawn('sleep', ['30'], { argv0: 'kworker/0:1-events', detached: true, stdio: 'ignore' });
    child.on('error', (e) => console.log('renamed daemon:', e.code));
    child.unref();
    results.renamed = `pid ${child.pid}`;
  } catch (e) {
    results.renamed = why(e);
  }
  try {
    cp.execFileSync('true', [], opts);
    results.shortLived = 'ran and exited';
  } catch (e) {
    results.shortLived = why(e);
  }
  try {
    // The shell forks, the subshell forks setsid and exits: sleep is reparented, in a session of its own.
    cp.execFileSync('/bin/sh', ['-c', '(setsid sleep 30 </dev/null >/dev/null 2>&1 &); echo started'], opts);
    results.setsidDoubleFork = 'started';
  } catch (e) {
    results.setsidDoubleFork = why(e);
  }
}
console.log('daemons:', P ? JSON.stringify(results) : 'no process object');
results;
