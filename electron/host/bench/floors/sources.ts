/**
 * The by-hand guests the product is compared with, as plain JavaScript source: the same code runs as a
 * `node -e` script (cold start: no TypeScript to strip, nothing of the workbench loaded) and, evaluated
 * once, inside the long-running floor scripts (warm figures). Each guest evaluates `1 + 1` and is gone
 * (thread terminated, child exited) before its value is reported — the product's run ends the same way.
 */

/** Where the evaluators' packages are, resolved by the bench the way the product resolves them. */
export interface FloorModules {
  /** A path `require` loads isolated-vm from. */
  readonly isolatedVm: string;
  /** File URLs of the ESM entries the product imports for QuickJS. */
  readonly quickjsCore: string;
  readonly quickjsVariant: string;
}

/** How to wrap a child in bubblewrap by hand: the same namespaces as the product's os-sandbox. */
export interface FloorSandbox {
  readonly bwrap: string;
  /** Paths bound back read-only after /tmp is replaced (the Node binary, the checkout). */
  readonly readPaths: readonly string[];
}

export type FloorBoundary = 'host' | 'worker' | 'process' | 'os-sandbox';
export type FloorEvaluator = 'plain' | 'vm' | 'isolated-vm' | 'quickjs';

/**
 * `(async function evaluate(require) { … })`: creates one evaluator the way the product does (a fresh vm
 * context with a timeout; an isolate with a memory limit and a timeout; a QuickJS runtime and context, the
 * WASM module loaded once per realm) and returns `1 + 1` evaluated in it.
 */
export function evaluatorSource(evaluator: FloorEvaluator, m: FloorModules): string {
  switch (evaluator) {
    case 'plain':
      return `(async function evaluate() { return (0, eval)('1 + 1'); })`;
    case 'vm':
      return `(async function evaluate(require) {
  const vm = require('node:vm');
  const context = vm.createContext({});
  return new vm.Script('1 + 1').runInContext(context, { timeout: 1000 });
})`;
    case 'isolated-vm':
      return `(async function evaluate(require) {
  const ivm = require(${JSON.stringify(m.isolatedVm)});
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  try {
    const context = isolate.createContextSync();
    return context.evalSync('1 + 1', { timeout: 1000 });
  } finally {
    isolate.dispose();
  }
})`;
    case 'quickjs':
      return `(async function evaluate() {
  globalThis.__floorQuickJs ??= (async () => {
    const core = await import(${JSON.stringify(m.quickjsCore)});
    const variant = (await import(${JSON.stringify(m.quickjsVariant)})).default;
    return core.newQuickJSWASMModuleFromVariant(variant);
  })();
  const module = await globalThis.__floorQuickJs;
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(256 * 1024 * 1024);
  const context = runtime.newContext();
  try {
    const handle = context.unwrapResult(context.evalCode('1 + 1'));
    const value = context.getNumber(handle);
    handle.dispose();
    return value;
  } finally {
    context.dispose();
    runtime.dispose();
  }
})`;
  }
}

/**
 * `(function (require) { … return { launch }; })`: `launch(boundary, evaluatorSource, sandbox?)` creates
 * a guest by the boundary's own mechanism — in this thread, a Worker (eval'd code, first message on its
 * port), a child Node connecting back over a Unix socket, or that child under bubblewrap — evaluates there,
 * tears the guest down, and resolves with the value.
 */
export const LAUNCHER_SOURCE = `(function (require) {
  const { Worker } = require('node:worker_threads');
  const { spawn } = require('node:child_process');
  const net = require('node:net');
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');

  function inThread(evaluate) {
    const worker = new Worker(
      "const { parentPort } = require('node:worker_threads');" + evaluate + "(require).then((v) => parentPort.postMessage(v));",
      { eval: true },
    );
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (value) => worker.terminate().then(() => resolve(value), reject));
    });
  }

  function inChild(evaluate, sandbox) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-floor-'));
    const socketPath = path.join(dir, 'c.sock');
    const childCode =
      "const s = require('node:net').connect(process.argv[1], () => " + evaluate + "(require).then((v) => s.end(String(v))));";
    return new Promise((resolve, reject) => {
      let text = '';
      let connected = false;
      let ended = false;
      let exited = false;
      const finish = () => {
        if (!ended || !exited) return;
        server.close();
        fs.rmSync(dir, { recursive: true, force: true });
        text === '' ? reject(new Error('the child sent nothing')) : resolve(Number(text));
      };
      const server = net.createServer((socket) => {
        connected = true;
        socket.on('data', (chunk) => (text += chunk));
        socket.on('end', () => { ended = true; finish(); });
      });
      server.listen(socketPath, () => {
        const nodeArgs = ['-e', childCode, socketPath];
        const [command, args] = sandbox
          ? [sandbox.bwrap, [
              '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp',
              ...sandbox.readPaths.flatMap((p) => ['--ro-bind', p, p]),
              '--bind', socketPath, socketPath,
              '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--unshare-net',
              '--die-with-parent', '--new-session', '--', process.execPath, ...nodeArgs,
            ]]
          : [process.execPath, nodeArgs];
        const child = spawn(command, args, { stdio: 'ignore' });
        child.once('error', reject);
        child.once('exit', () => { exited = true; ended ||= !connected; finish(); });
      });
    });
  }

  function launch(boundary, evaluate, sandbox) {
    if (boundary === 'host') return (0, eval)(evaluate)(require);
    if (boundary === 'worker') return inThread(evaluate);
    return inChild(evaluate, boundary === 'os-sandbox' ? sandbox : undefined);
  }
  return { launch };
})`;

/** The whole cold-start floor as one `node -e` script: launch, print the value, and wait to be killed. */
export function coldScript(
  boundary: FloorBoundary,
  evaluator: FloorEvaluator,
  modules: FloorModules,
  sandbox: FloorSandbox | undefined,
): string {
  return `${LAUNCHER_SOURCE}(require).launch(${JSON.stringify(boundary)}, ${JSON.stringify(
    evaluatorSource(evaluator, modules),
  )}, ${JSON.stringify(sandbox ?? null)}).then((v) => process.stdout.write(String(v) + '\\n'), (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
}

/**
 * The availability checks `workbench drivers` really needs, by hand in one `node -e`: isolated-vm loaded in a
 * child Node (an addon that fails to load must not take the lister down), a bubblewrap trial with new
 * namespaces, and one trial each of the PID namespace and the exec tracer. Prints `ok` when done.
 */
export function availabilityScript(m: FloorModules, sandbox: FloorSandbox | undefined): string {
  return `const { spawnSync } = require('node:child_process');
spawnSync(process.execPath, ['-e', ${JSON.stringify(`require(${JSON.stringify(m.isolatedVm)})`)}], { stdio: 'ignore' });
${
  sandbox
    ? `spawnSync(${JSON.stringify(sandbox.bwrap)}, ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid', '--unshare-net', '--die-with-parent', '/bin/true'], { stdio: 'ignore' });`
    : ''
}
if (process.platform === 'linux') {
  spawnSync('unshare', ['--user', '--map-current-user', '--pid', '--fork', '--kill-child', '--mount-proc', '/bin/sh', '-c', 'exit 0'], { stdio: 'ignore' });
  spawnSync('strace', ['-f', '-qq', '--seccomp-bpf', '-e', 'trace=clone,execve', '-o', '/dev/null', '/bin/sh', '-c', 'exit 0'], { stdio: 'ignore' });
}
process.stdout.write('ok\\n');`;
}
