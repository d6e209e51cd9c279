// How a launcher hands over to the program it starts without staying resident with an openable debugger.
// A guest runs as the same user, so it can signal every process above the supervisor; SIGUSR1 makes a Node
// process open its inspector on 127.0.0.1:9229, unless the process runs with --disable-sigusr1 or has a
// SIGUSR1 listener (measured on Node 20.20 and 24.21). A launcher runs on whatever Node started it, where
// that flag may not exist, so importing this module (first) installs the listener.
import { spawn } from 'node:child_process';
import { accessSync, constants as fs } from 'node:fs';
import { constants } from 'node:os';

process.on('SIGUSR1', () => {});

/** Whether this Node can replace its own process image (process.execve: Node >= 23.11, POSIX only). */
export const canReplace = typeof process.execve === 'function' && process.platform !== 'win32';

/**
 * Runs `file` with `args` in place of this launcher: the same pid becomes that program (one process, nothing
 * of ours left above it). Where this Node cannot do that, runs it as a child, forwards the signals that stop
 * it, and exits as it exits; this process then stays, protected only by the listener above.
 * @param {string} file the executable
 * @param {string[]} args its arguments, without argv[0]
 */
export function become(file, args) {
  // A failed execve aborts Node with a native stack trace: look first, and say it in one line.
  try {
    accessSync(file, fs.X_OK);
  } catch (error) {
    process.stderr.write(`cannot start ${file}: ${error.code ?? error.message}\n`);
    process.exit(1);
  }
  if (canReplace) process.execve(file, [file, ...args], process.env);
  const child = spawn(file, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`cannot start ${file}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
}
