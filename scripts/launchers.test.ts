/**
 * No openable debugger above the supervisor (issue 11, item 1). Each launcher the README uses is started the
 * way npm or npx starts it (npm itself stays resident above it and is out of our hands), and every Node
 * process from that command down to the program it starts must run with --disable-sigusr1 or have a SIGUSR1
 * listener. Checked for real: each gets SIGUSR1 and none opens a listening socket (9229 or any other), while a
 * control Node given the same signal afterwards does open its inspector — so the detector is shown to work.
 * On Node >= 24 a launcher loads the built program into its own process (one Node process, protected by its
 * listener); on an older Node it replaces itself with the program on Node 24 (process.execve), or, without
 * execve, stays with the listener above the program.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { linuxChildrenOf } from '../electron/node/proc/process-walk.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> })
  .scripts;
/** Preloaded before a launcher: makes this Node look like one older than 23.11, which has no process.execve. */
const NO_EXECVE = ['--import', 'data:text/javascript,delete process.execve'];
const SIGUSR1_BIT = 1n << 9n; // signal 10 on Linux, bit 9 of the /proc/<pid>/status masks
const io = { listDir: (p: string) => readdirSync(p), readText: (p: string) => readFileSync(p, 'utf8') };

interface Case {
  name: string;
  argv: string[];
  /** `web`: waits for the ready line, then stops the server; `cli`: `run -` waits on stdin for the code. */
  kind: 'web' | 'cli';
  /** Node processes expected between the command and the program, the program included. */
  nodes: number;
}

const CLI_ARGS = ['run', '-', '--driver', 'worker', '--json'];
const node = process.execPath;
const cases: Case[] = [
  {
    name: 'npm start (Electron binary missing: browser mode)',
    argv: ['sh', '-c', scripts.start!],
    kind: 'web',
    nodes: 1,
  },
  {
    name: 'npm start on a Node without process.execve',
    argv: [node, ...NO_EXECVE, 'bin/start.mjs'],
    kind: 'web',
    nodes: 1,
  },
  { name: 'npm run web', argv: ['sh', '-c', scripts.web!], kind: 'web', nodes: 1 },
  { name: 'npx workbench run -', argv: [node, 'bin/workbench.mjs', ...CLI_ARGS], kind: 'cli', nodes: 1 },
  {
    name: 'npx workbench run - on a Node without process.execve',
    argv: [node, ...NO_EXECVE, 'bin/workbench.mjs', ...CLI_ARGS],
    kind: 'cli',
    nodes: 1,
  },
  {
    name: 'npm run workbench -- run -',
    argv: ['sh', '-c', `${scripts.workbench!} ${CLI_ARGS.join(' ')}`],
    kind: 'cli',
    nodes: 1,
  },
];
// The machine's own Node, when it is another one (Node 20 here): the launcher's real fallback path.
const systemNode = spawnSync('sh', ['-c', 'command -v node'], {
  env: {
    PATH: (process.env.PATH ?? '')
      .split(':')
      .filter((d) => !d.includes('node_modules'))
      .join(':'),
  },
  encoding: 'utf8',
}).stdout.trim();
if (systemNode && realExe(systemNode) !== realExe(node)) {
  const [version, execve] = spawnSync(systemNode, ['-p', 'process.versions.node + " " + typeof process.execve'], {
    encoding: 'utf8',
  })
    .stdout.trim()
    .split(' ');
  const nodes = execve === 'function' ? 1 : 2;
  cases.push({
    name: `npx workbench run - on the system Node ${version} (${nodes === 1 ? 'with' : 'without'} process.execve)`,
    argv: [systemNode, 'bin/workbench.mjs', ...CLI_ARGS],
    kind: 'cli',
    nodes,
  });
}

function realExe(path: string): string {
  return spawnSync('readlink', ['-f', path], { encoding: 'utf8' }).stdout.trim();
}

const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
const isNode = (pid: number) => /^node(js)?$/.test(basename(readlinkSync(`/proc/${pid}/exe`)));
/** The CLI or browser-mode program: its sources, its build, or a launcher that loads the build in-process. */
const PROGRAM = /(electron\/host\/(web|cli)\/main\.ts|out\/node\/(web|cli)\.js)$/;
const LAUNCHER = /bin\/(workbench|start)\.mjs$/;
/** Whether `pid` is a Node running the program or a launcher (false once it is gone). */
function isProgram(pid: number): boolean {
  try {
    return isNode(pid) && cmdline(pid).some((a) => PROGRAM.test(a) || LAUNCHER.test(a));
  } catch {
    return false;
  }
}

/** A field of /proc/<pid>/status as a bit mask. */
function mask(pid: number, field: string): bigint {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm'));
  return BigInt(`0x${line![1]}`);
}

/** The path of pids from `root` down to the deepest process running a launcher or the program, or undefined. */
function chainTo(root: number): number[] | undefined {
  for (const kid of linuxChildrenOf(root, io)) {
    const rest = chainTo(kid);
    if (rest) return [root, ...rest];
  }
  return isProgram(root) ? [root] : undefined;
}

/** Whether one of `pid`'s epoll descriptors watches its standard input. */
function watchesStdin(pid: number): boolean {
  for (const fd of readdirSync(`/proc/${pid}/fdinfo`)) {
    try {
      if (/^tfd:\s+0\s/m.test(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))) return true;
    } catch {
      // closed between the two reads
    }
  }
  return false;
}

/** Inodes of listening TCP sockets (IPv4 and IPv6), with their ports. */
function listeningInodes(): Map<string, number> {
  const out = new Map<string, number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6'])
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A') out.set(f[9]!, parseInt(f[1]!.split(':')[1]!, 16));
    }
  return out;
}

/** The ports `pid` listens on (its own socket descriptors matched against the listening sockets). */
function listeningPorts(pid: number): number[] {
  const listening = listeningInodes();
  const ports: number[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed between the two reads
    }
    const inode = target.match(/^socket:\[(\d+)\]$/)?.[1];
    const port = inode && listening.get(inode);
    if (port) ports.push(port);
  }
  return ports.sort((a, b) => a - b);
}

/** Resolves with the first match of `pattern` in what `stream` has produced so far or will produce. */
function waitFor(child: ChildProcessWithoutNullStreams, stream: 'stdout' | 'stderr', pattern: RegExp) {
  return new Promise<RegExpMatchArray>((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += String(chunk);
      const m = text.match(pattern);
      if (m) {
        child[stream].off('data', onData);
        resolve(m);
      }
    };
    child[stream].on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ${pattern}:\n${text}`)));
  });
}

/**
 * Polls /proc until the workbench program runs below `root` and has set up its SIGUSR1 disposition (blocked by
 * --disable-sigusr1, or Node's own handler without it): an exec and Node's start-up are events /proc shows and
 * nothing signals. Before that point SIGUSR1 would simply end the process.
 */
async function programChain(root: ChildProcessWithoutNullStreams, nodes: number): Promise<number[]> {
  // A launcher is a program of its own until it starts the next Node: wait for as many Nodes as expected, and
  // after a while take the chain as it is (the count is then asserted, and fails with the command lines).
  const patience = performance.now() + 15_000;
  for (;;) {
    if (root.exitCode !== null || root.signalCode !== null) throw new Error('the command ended before its program ran');
    const chain = chainTo(root.pid!);
    const settled = chain !== undefined && (chain.filter(isNode).length >= nodes || performance.now() > patience);
    if (chain && settled && ((mask(chain.at(-1)!, 'SigBlk') | mask(chain.at(-1)!, 'SigCgt')) & SIGUSR1_BIT) !== 0n)
      return chain;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A Node with neither the flag nor a listener: SIGUSR1 opens its inspector (on a free port, not 9229). */
async function controlOpensInspector(t: TestContext): Promise<void> {
  const control = spawn(node, ['--inspect-port=0', '-e', 'process.stdout.write("up\\n"); setInterval(() => {}, 1000)']);
  t.after(() => control.kill('SIGKILL'));
  await waitFor(control, 'stdout', /up/);
  control.kill('SIGUSR1');
  await waitFor(control, 'stderr', /Debugger listening on ws:\/\/127\.0\.0\.1:\d+/);
  assert.notDeepEqual(listeningPorts(control.pid!), [], 'the detector sees the control inspector listening');
}

describe(
  'launchers leave no Node with an openable debugger',
  { skip: process.platform !== 'linux' && 'reads /proc (Linux)' },
  () => {
    for (const c of cases)
      test(c.name, async (t) => {
        const data = mkdtempSync(join(tmpdir(), 'wb-launchers-'));
        t.after(() => rmSync(data, { recursive: true, force: true }));
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          PATH: `${ROOT}node_modules/.bin:${process.env.PATH}`,
          WORKBENCH_DATA_DIR: data,
          // Where the Electron binary is installed, npm start would open a window: point Electron at nothing.
          ELECTRON_OVERRIDE_DIST_PATH: join(data, 'no-electron'),
        };
        delete env.NODE_TEST_CONTEXT;
        delete env.NODE_OPTIONS;
        // A process group of its own, so a failed test can end everything it started.
        const child = spawn(c.argv[0]!, c.argv.slice(1), { cwd: ROOT, env, detached: true });
        t.after(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone: the test ended it
          }
        });
        let output = '';
        let stdout = '';
        child.stdout.on('data', (d) => ((output += String(d)), (stdout += String(d))));
        child.stderr.on('data', (d) => (output += String(d)));
        const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
        const ready =
          c.kind === 'web' ? waitFor(child, 'stdout', /Workbench ready at http:\/\/127\.0\.0\.1:(\d+)\//) : undefined;
        const port = ready ? Number((await ready)[1]) : undefined;
        const chain = await programChain(child, c.nodes);
        // A launcher that loads the build in-process is protected by its listener only once its first module
        // ran (as before an exec, Node's own handler answers earlier): for `run -`, wait until the CLI reads
        // the code it is to be given (its event loop watches fd 0) before signalling.
        if (c.kind === 'cli' && cmdline(chain.at(-1)!).some((a) => LAUNCHER.test(a)))
          while (!watchesStdin(chain.at(-1)!)) await new Promise((r) => setTimeout(r, 10));
        const nodes = chain.filter(isNode);

        assert.equal(nodes.length, c.nodes, `Node processes: ${nodes.map((p) => cmdline(p).join(' ')).join(' | ')}`);
        const before = nodes.map(listeningPorts);
        const program = chain.at(-1)!;
        // /proc cannot tell a JS SIGUSR1 listener from Node's own handler (both are one caught signal), so a
        // launcher — resident, or the program's own process when it loaded the build — is judged by the signal
        // alone (below); a program started as such must carry the flag.
        if (!cmdline(program).some((a) => LAUNCHER.test(a)))
          assert.ok(cmdline(program).includes('--disable-sigusr1'), cmdline(program).join(' '));
        for (const pid of nodes) {
          process.kill(pid, 'SIGUSR1');
          // With the flag the signal stays blocked: pending, proof that it arrived.
          if (cmdline(pid).includes('--disable-sigusr1'))
            assert.ok(
              ((mask(pid, 'ShdPnd') | mask(pid, 'SigPnd')) & SIGUSR1_BIT) !== 0n,
              `${pid}: SIGUSR1 not pending`,
            );
        }
        // Signalled after ours: once its inspector listens, ours would have had the time to as well.
        await controlOpensInspector(t);
        assert.deepEqual(
          nodes.map(listeningPorts),
          before,
          `a launcher or the program opened a listening socket: ${JSON.stringify(before)} → ${JSON.stringify(nodes.map(listeningPorts))}\n${output}`,
        );
        assert.ok(!before.flat().includes(9229));
        assert.doesNotMatch(output, /Debugger listening/);

        // Still working after the signals, and stopping cleanly through the launcher.
        if (c.kind === 'web') {
          const res = await fetch(`http://127.0.0.1:${port}/`);
          assert.equal(typeof res.status, 'number');
          process.kill(program, 'SIGTERM');
          assert.equal(await closed, 0, output);
        } else {
          // The run's own outcome belongs to the engine's tests; here: a result came back through the launcher,
          // and its exit status with it (0 only for ok).
          child.stdin.end('1 + 1');
          const code = await closed;
          const { status } = JSON.parse(stdout) as { status: string };
          assert.equal(code, status === 'ok' ? 0 : 1, output);
        }
        for (const pid of chain) assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `${pid} still runs`);
        if (c.argv.join(' ').includes('bin/start.mjs')) assert.match(output, /Electron binary is not installed/);
      });
  },
);
