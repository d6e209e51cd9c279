/**
 * The run's sandbox policy turned into an SBPL profile (Apple's Scheme-like Sandbox Profile Language) for
 * `sandbox-exec -p` on macOS: the same intent as the Linux bubblewrap sandbox, written as rules over
 * `(allow default)`. The profile is generated from the policy, never edited by hand.
 *
 * It cannot be tested on the Linux machines this project is developed on: the tests here check the text,
 * and run it only where `/usr/bin/sandbox-exec` exists. So it is kept small, one rule per line with the
 * reason above each group, to be reviewable by reading. `sandbox-exec` is deprecated by Apple but still
 * shipped with macOS.
 *
 * Seatbelt matches the paths the kernel resolves, so every path given here must be real (`realpath`):
 * `/tmp`, `/var` and `/etc` are symlinks into `/private` on macOS and are refused, because a deny on a path
 * that never matches fails open.
 */

/** The paths a guest's profile is written about. All absolute, real (symlink-free) and normalized. */
export interface SandboxPaths {
  /** The guest's jail directory: the only writable place. */
  readonly jailDir: string;
  /** The run directory (holds canary.txt); must not be readable. */
  readonly runDir: string;
  /**
   * A Unix socket the guest may connect to when the network is off. The workbench's guests use none (their
   * channel is an inherited, already connected descriptor): leave it out.
   */
  readonly socketPath?: string;
  /**
   * The program `sandbox-exec` starts (the Node binary): the only one the profile lets be exec'd.
   * `sandbox-exec` applies the profile before it execs the command, so without this the guest never starts.
   */
  readonly execPath: string;
  /** Extra read-only paths the guest needs (the Node binary, the bootstrap modules, evaluator packages). */
  readonly readPaths: readonly string[];
}

/** Where macOS ships `sandbox-exec`. */
export const SANDBOX_EXEC = '/usr/bin/sandbox-exec';

/** Top-level macOS paths that are symlinks into `/private`; Seatbelt never sees a path through them. */
const MACOS_SYMLINKED_ROOTS = ['/tmp', '/var', '/etc'];

/**
 * The SBPL profile for one guest: no writes outside the jail, nothing readable in the run directory but
 * the jail, no network but the host's Unix socket (when `network` is false), no program but `execPath`,
 * no child process, no signal to another process.
 *
 * Deterministic: the same options give the same text. Throws a RangeError for a path that is not absolute,
 * not normalized, holds a NUL or a line break, or goes through a macOS symlinked root, and for paths whose
 * rules would undo each other (a run directory inside the jail, a read path hidden in the run directory).
 */
export function sandboxExecProfile(options: { network: boolean; paths: SandboxPaths }): string {
  const { paths } = options;
  const jailDir = checkPath('jailDir', paths.jailDir);
  const runDir = checkPath('runDir', paths.runDir);
  const socketPath = paths.socketPath === undefined ? undefined : checkPath('socketPath', paths.socketPath);
  const execPath = checkPath('execPath', paths.execPath);
  const readPaths = [...new Set(paths.readPaths.map((p, i) => checkPath(`readPaths[${i}]`, p)))];

  if (jailDir === '/') throw new RangeError('sandbox path jailDir: "/" would make every file writable');
  if (runDir === '/') throw new RangeError('sandbox path runDir: "/" would make every file unreadable');
  if (isWithin(runDir, jailDir)) {
    throw new RangeError(`sandbox path runDir ${JSON.stringify(runDir)} is inside the jail, which is readable`);
  }
  for (const [name, p] of [['execPath', execPath] as const, ...readPaths.map((p) => ['readPaths', p] as const)]) {
    if (isWithin(p, runDir) && !isWithin(p, jailDir)) {
      throw new RangeError(
        `sandbox path ${name} ${JSON.stringify(p)} is inside the run directory, which is unreadable`,
      );
    }
  }

  const lines = [
    '(version 1)',
    '; Node does not start under (deny default): everything stays allowed except what is denied below.',
    '(allow default)',
  ];
  if (options.network) {
    lines.push('; Network allowed by the policy: no network rule.');
  } else {
    lines.push('; No network (the channel to the host is inherited, already connected).', '(deny network*)');
    if (socketPath !== undefined) {
      lines.push(
        '; Except a connection to this Unix socket.',
        `(allow network-outbound (remote unix-socket (path-literal ${sbplString(socketPath)})))`,
      );
    }
  }
  lines.push(
    '; Writes only in the jail, and to the devices Node writes to.',
    '(deny file-write*)',
    `(allow file-write* (subpath ${sbplString(jailDir)}))`,
    '(allow file-write* (literal "/dev/null"))',
    '(allow file-write* (regex #"^/dev/fd/"))',
  );
  if (readPaths.length > 0) {
    lines.push(
      '; What the guest needs to read; already readable, listed before the run-directory deny so none can undo it.',
      ...readPaths.map((p) => `(allow file-read* (subpath ${sbplString(p)}))`),
    );
  }
  lines.push(
    '; Nothing in the run directory (canary.txt) is readable.',
    `(deny file-read* (subpath ${sbplString(runDir)}))`,
  );
  const between = directoriesBetween(runDir, jailDir);
  if (between.length > 0) {
    lines.push(
      '; Except that the directories down to the jail can be stat-ed, so Node can resolve paths in the jail.',
      ...between.map((d) => `(allow file-read-metadata (literal ${sbplString(d)}))`),
    );
  }
  lines.push(
    '; The jail is readable again: later rules win, so this must come after the run-directory deny.',
    `(allow file-read* (subpath ${sbplString(jailDir)}))`,
    '; No other program: sandbox-exec execs the guest under this profile, so the guest itself is allowed.',
    '(deny process-exec*)',
    `(allow process-exec* (literal ${sbplString(execPath)}))`,
    '; No child process.',
    '(deny process-fork)',
    '; No signal to the host or any other process of the user.',
    '(deny signal)',
    '(allow signal (target self))',
  );
  return `${lines.join('\n')}\n`;
}

/** The command line that runs `command args…` under `profile`: `sandbox-exec -p <profile> <command> <args…>`. */
export function sandboxExecArgv(profile: string, command: string, args: readonly string[]): string[] {
  // sandbox-exec looks a relative command up on PATH, and a profile's exec rule names one absolute path.
  if (!command.startsWith('/')) throw new RangeError(`sandbox-exec command ${JSON.stringify(command)} is not absolute`);
  return [SANDBOX_EXEC, '-p', profile, command, ...args];
}

/** `path` checked for SBPL, with trailing slashes removed; throws a RangeError naming `name` otherwise. */
function checkPath(name: string, path: string): string {
  const fail = (why: string): never => {
    throw new RangeError(`sandbox path ${name} ${JSON.stringify(path)} ${why}`);
  };
  if (/[\0\n\r]/.test(path)) fail('contains a NUL or a line break');
  if (!path.startsWith('/')) fail('is not absolute');
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
  if (
    trimmed !== '/' &&
    trimmed
      .slice(1)
      .split('/')
      .some((s) => s === '' || s === '.' || s === '..')
  ) {
    fail('is not normalized (empty, "." or ".." segment)');
  }
  if (MACOS_SYMLINKED_ROOTS.some((root) => isWithin(trimmed, root))) {
    fail('goes through a macOS symlink into /private, which Seatbelt never matches: pass the real path');
  }
  return trimmed;
}

/** Whether `path` is `root` or below it (both normalized). */
function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : `${root}/`);
}

/** `root` and the directories below it on the way to `path`, `path` excluded; none if `path` is not below `root`. */
function directoriesBetween(root: string, path: string): string[] {
  if (path === root || !isWithin(path, root)) return [];
  const segments = path.slice(root.length + 1).split('/');
  return segments.slice(0, -1).reduce((dirs, s) => [...dirs, `${dirs[dirs.length - 1]}/${s}`], [root]);
}

/** A double-quoted SBPL string literal: backslash and double quote escaped. */
function sbplString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
