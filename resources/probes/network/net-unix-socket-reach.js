/*---
id: net-unix-socket-reach
title: Reach the Unix sockets of the user's session (D-Bus, docker, ssh-agent, abstract)
category: network
goal: Connect to a local service through a Unix socket outside the guest — the D-Bus session bus, docker.sock, an ssh agent — which answers to anyone of the user, whatever the file system or network policy says.
technique: First whether socket(AF_UNIX) works at all (a listener on a fresh abstract name, connected to itself); then connect() to $XDG_RUNTIME_DIR/bus, /run/user/<uid>/bus, docker.sock, $SSH_AUTH_SOCK, every socket listed in /tmp, /run and one folder below, and the abstract names (@…) in /proc/net/unix. The Permission Model does not check connect() on a socket path (only listing /tmp and /proc is denied). No canary is a Unix socket, so the cell verdict is contained wherever nothing else is touched; the result says what was reachable — `socket(AF_UNIX): refused` under os-sandbox (seccomp), `works` and every `connected` elsewhere.
references: https://man7.org/linux/man-pages/man7/unix.7.html, https://dbus.freedesktop.org/doc/dbus-specification.html#transports-unix-domain-sockets, https://docs.docker.com/engine/security/protect-access/
limits: timeout=5000
expect: * = contained
---*/
// Connects and closes at once: nothing is sent to any service it reaches.
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
const MAX_TARGETS = 40;

function probe() {
  const fs = P.getBuiltinModule('node:fs');
  const net = P.getBuiltinModule('node:net');
  const timers = P.getBuiltinModule('node:timers');
  const env = P.env ?? {};
  const connect = (path) =>
    new Promise((resolve) => {
      let s;
      try {
        s = net.connect({ path });
      } catch (e) {
        return resolve(e.code || e.message);
      }
      const done = (what) => {
        timers.clearTimeout(give);
        s.destroy();
        resolve(what);
      };
      const give = timers.setTimeout(() => done('no answer in 500 ms'), 500);
      s.on('connect', () => done('connected'));
      s.on('error', (e) => done(e.code || e.message));
    });
  // Whether this process may make a Unix socket at all: a listener on an abstract name of its own.
  const selfTest = () =>
    new Promise((resolve) => {
      const name = `\0wb-probe-${P.pid}-${Math.random().toString(36).slice(2)}`;
      const server = net.createServer((c) => c.destroy());
      server.on('error', (e) => resolve(`refused (${e.code || e.message})`));
      try {
        server.listen(name, () =>
          connect(name).then((r) => {
            server.close();
            resolve(r === 'connected' ? 'works' : `listens, connect: ${r}`);
          }),
        );
      } catch (e) {
        resolve(`refused (${e.code || e.message})`);
      }
    });
  const list = (dir) => {
    try {
      return fs.readdirSync(dir).map((n) => `${dir}/${n}`);
    } catch {
      return [];
    }
  };
  const isSocket = (p) => {
    try {
      return fs.statSync(p).isSocket();
    } catch {
      return false;
    }
  };
  const isDir = (p) => {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  };

  const notes = [];
  const candidates = [
    env.XDG_RUNTIME_DIR && `${env.XDG_RUNTIME_DIR}/bus`,
    ...list('/run/user').map((d) => `${d}/bus`),
    '/var/run/docker.sock',
    '/run/docker.sock',
    env.SSH_AUTH_SOCK,
  ].filter(Boolean);
  for (const dir of ['/tmp', '/run', ...list('/run/user')]) {
    for (const p of list(dir)) {
      if (isSocket(p)) candidates.push(p);
      else if (isDir(p)) candidates.push(...list(p).filter(isSocket));
    }
  }
  // Abstract sockets of this network namespace: path column starting with @ (NUL on the wire).
  let unixTable = '';
  try {
    unixTable = fs.readFileSync('/proc/net/unix', 'latin1');
  } catch (e) {
    notes.push(`/proc/net/unix unreadable: ${e.code}`);
  }
  const abstract = new Set();
  for (const line of unixTable.split('\n').slice(1)) {
    const path = line.trim().split(/\s+/)[7];
    // Listening sockets only (state 01 = unconnected, flags 00010000 = __SO_ACCEPTCON).
    if (path?.startsWith('@') && line.includes(' 00010000 ')) abstract.add(path);
  }
  const targets = [...new Set(candidates)].filter((p) => p.startsWith('/')).slice(0, MAX_TARGETS);
  const abstractTargets = [...abstract].slice(0, MAX_TARGETS - targets.length);

  return selfTest().then(async (self) => {
    // All at once, so the whole look takes one 500 ms give-up at most.
    const names = [...targets, ...abstractTargets];
    const answers = await Promise.all(names.map((n) => connect(n.startsWith('@') ? `\0${n.slice(1)}` : n)));
    const reached = Object.fromEntries(names.map((n, i) => [n, answers[i]]));
    const connected = Object.keys(reached).filter((k) => reached[k] === 'connected');
    return {
      'socket(AF_UNIX)': self,
      tried: Object.keys(reached).length,
      connected,
      ...(notes.length > 0 ? { notes } : {}),
      others: Object.fromEntries(Object.entries(reached).filter(([, v]) => v !== 'connected')),
    };
  });
}

P
  ? Promise.resolve()
      .then(probe)
      .then((r) => {
        console.log(JSON.stringify(r, null, 1));
        return `socket(AF_UNIX): ${r['socket(AF_UNIX)']}; connected to ${r.connected.length} of ${r.tried}`;
      })
  : (console.log('no process object'), 'no process object');
