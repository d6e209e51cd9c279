/**
 * Reading strace's record of a run's process events (`strace -f --pidns-translation -e trace=clone,clone3,fork,
 * vfork,execve,execveat,connect`). Every task a traced process creates, however short-lived, is one `spawn`
 * event and every successful exec one `exec` event with its argv, so a process that lives for a microsecond is
 * still seen with its command line; every TCP connect attempt is a `connect` event with its port. Pids are
 * always those of the tracer's namespace (the supervisor's): a clone's return value inside the run's PID
 * namespace is translated by strace (`= 9 /* 6035 in strace's PID NS *\/`).
 * Pure and incremental: text arrives in chunks that may split lines.
 */

export type TraceEvent =
  | { readonly kind: 'spawn'; readonly parent: number; readonly child: number; readonly thread: boolean }
  | { readonly kind: 'exec'; readonly pid: number; readonly argv: readonly string[] }
  /** A TCP connect attempt to `port` (any address; success or not): who connected to a CANARY_PORT. */
  | { readonly kind: 'connect'; readonly pid: number; readonly port: number };

/** Stands for the first traced process in lines strace wrote before it had to name it. */
export const ROOT_PID = 0;

/** Longest line kept while waiting for its end; longer ones are cut (argv is capped by strace's -s anyway). */
const MAX_LINE_CHARS = 64 * 1024;
/** Calls left unfinished (`<unfinished ...>`) kept at once; one per traced task at most in practice. */
const MAX_PENDING_CALLS = 4096;

const SPAWN_CALLS = new Set(['clone', 'clone3', 'fork', 'vfork']);
const EXEC_CALLS = new Set(['execve', 'execveat']);

export class ExecTraceParser {
  #partial = '';
  /** pid → the first half of a call that strace printed as unfinished. */
  readonly #pending = new Map<number, string>();
  /**
   * The first traced process's real pid, once a line has shown it. strace starts prefixing lines as soon as it
   * traces a second task, and that can happen in the middle of the first one's call: `clone( <unfinished ...>`
   * unprefixed, the child's exec, then `[pid N] <... clone resumed>) = C`. Read naively, the clone is lost and
   * everything below the wrapper — the namespace's init, the host — is never named.
   */
  #root: number | undefined;

  /** Feed a chunk of strace output; returns the events completed by it. */
  push(chunk: string): TraceEvent[] {
    const text = this.#partial + chunk;
    const lines = text.split('\n');
    this.#partial = (lines.pop() ?? '').slice(0, MAX_LINE_CHARS);
    const events: TraceEvent[] = [];
    for (const line of lines) {
      const event = this.#line(line.slice(0, MAX_LINE_CHARS));
      if (event) events.push(event);
    }
    return events;
  }

  #line(line: string): TraceEvent | undefined {
    // Written to a stream, strace prefixes `[pid N]` once it traces more than one process; written to a file,
    // `N `. An unprefixed line is the first traced process's, before it had company: {@link ROOT_PID}.
    const m = /^(?:\[pid\s+(\d+)\]|(\d+))\s+(.*)$/.exec(line);
    let pid = m ? Number(m[1] ?? m[2]) : ROOT_PID;
    if (pid === this.#root) pid = ROOT_PID;
    let body = m ? m[3]! : line;
    if (body.endsWith('<unfinished ...>')) {
      if (this.#pending.size < MAX_PENDING_CALLS || this.#pending.has(pid)) this.#pending.set(pid, body);
      return undefined;
    }
    const resumed = /^<\.\.\. (\w+) resumed>(.*)$/.exec(body);
    if (resumed && !this.#pending.has(pid) && this.#root === undefined && m) {
      // A call resumed under a pid with nothing unfinished, while the unprefixed process has that very call
      // unfinished: the pid is the first process's (no other task can resume a call it never started).
      if (this.#pending.get(ROOT_PID)?.startsWith(`${resumed[1]}(`)) {
        this.#root = pid;
        pid = ROOT_PID;
      }
    }
    if (resumed) {
      const first = this.#pending.get(pid);
      this.#pending.delete(pid);
      if (first === undefined) return undefined;
      body = first.slice(0, -'<unfinished ...>'.length) + resumed[2]!;
    }
    return parseCall(pid, body);
  }
}

/** One complete call line (without the pid) → an event, or undefined for failures and other calls. */
export function parseCall(pid: number, body: string): TraceEvent | undefined {
  const name = /^(\w+)\(/.exec(body)?.[1];
  if (!name) return undefined;
  // A connect attempt counts whatever its result (non-blocking sockets return EINPROGRESS).
  if (name === 'connect') {
    const port = /sa_family=AF_INET6?, sin6?_port=htons\((\d+)\)/.exec(body)?.[1];
    return port === undefined ? undefined : { kind: 'connect', pid, port: Number(port) };
  }
  const result = /\)\s*=\s*(-?\d+)(?:\s*\/\* (\d+) in strace's PID NS \*\/)?\s*(?:<[^>]*>)?\s*$/.exec(body);
  if (!result) return undefined;
  const value = Number(result[1]);
  if (SPAWN_CALLS.has(name)) {
    if (value <= 0) return undefined;
    return { kind: 'spawn', parent: pid, child: Number(result[2] ?? value), thread: body.includes('CLONE_THREAD') };
  }
  if (EXEC_CALLS.has(name)) {
    if (value !== 0) return undefined;
    return { kind: 'exec', pid, argv: parseArgv(body, name) };
  }
  return undefined;
}

/** The argv array of an exec call: the first `[...]` after the path, C string escapes undone. */
export function parseArgv(body: string, name: string): string[] {
  let i = body.indexOf('[', name.length);
  if (i < 0) return [];
  const argv: string[] = [];
  i++;
  while (i < body.length) {
    const c = body[i]!;
    if (c === ']') break;
    if (c === '"') {
      const end = closingQuote(body, i + 1);
      argv.push(unescapeC(body.slice(i + 1, end)) + (body.startsWith('...', end + 1) ? '…' : ''));
      i = end + 1;
    } else i++;
  }
  return argv;
}

function closingQuote(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', '"': '"', '\\': '\\' };

function unescapeC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return SIMPLE_ESCAPES[e] ?? e;
  });
}
