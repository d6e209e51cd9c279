/**
 * The seccomp program of the Linux `os-sandbox` boundary, as the bytes bubblewrap's `--seccomp FD` reads: a
 * classic BPF `struct sock_filter[]` (8 bytes per instruction: u16 code, u8 jt, u8 jf, u32 k, little-endian,
 * as on every architecture accepted here).
 *
 * Why: a read-only bind does not stop `connect()`, and with the network shared the abstract socket namespace
 * is shared too, so a guest could reach the user's D-Bus session bus, docker.sock or agents under /run/user.
 * The program makes every way to a Unix socket the guest does not already hold fail:
 * - `socket(AF_UNIX, …)` fails with EACCES (other families are the network policy's business);
 * - `socketpair()` is allowed for stream and seqpacket pairs only (libuv uses them; they are connected to each
 *   other and cannot be re-pointed), not datagram pairs, whose `sendto()`/`connect()` reach any datagram
 *   socket by address (journald, /dev/log);
 * - `io_uring_setup()` fails with ENOSYS (io_uring creates and connects sockets without these syscalls; libuv
 *   falls back to threads);
 * - any architecture but x86_64 and aarch64, and x86_64's x32 ABI, kills the process: their syscall numbers
 *   differ (i386's `socketcall`), and an unchecked table would be a way around the rules.
 *
 * The guest's channel to its host is an inherited, already connected descriptor, so it needs none of these.
 * Pure: no Node APIs, so the exact program is testable (the test runs it through a BPF interpreter).
 */

/** `AUDIT_ARCH_*` values seen in `seccomp_data.arch`. */
export const AUDIT_ARCH = { x86_64: 0xc000003e, aarch64: 0xc00000b7 } as const;
/** Bit set in x86_64 syscall numbers of the x32 ABI. */
export const X32_SYSCALL_BIT = 0x40000000;

/** The syscall numbers the program looks at, per architecture (asm/unistd.h). */
export const SYSCALLS = {
  x86_64: { socket: 41, socketpair: 53, io_uring_setup: 425 },
  aarch64: { socket: 198, socketpair: 199, io_uring_setup: 425 },
} as const;

export const AF_UNIX = 1;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_SEQPACKET = 5;
/** The type bits of socket()'s `type` argument; the rest are SOCK_NONBLOCK / SOCK_CLOEXEC. */
const SOCK_TYPE_MASK = 0xf;
export const EACCES = 13;
export const ENOSYS = 38;

/** Filter return values (linux/seccomp.h). */
export const SECCOMP_RET = {
  killProcess: 0x80000000,
  errno: 0x00050000,
  allow: 0x7fff0000,
} as const;

/** Offsets in `struct seccomp_data`: nr (u32), arch (u32), instruction_pointer (u64), args (u64[6]). */
export const SECCOMP_DATA = { nr: 0, arch: 4, args: 16 } as const;

// Classic BPF opcodes (linux/bpf_common.h) used here.
const LD_W_ABS = 0x00 | 0x00 | 0x20;
const ALU_AND_K = 0x04 | 0x50 | 0x00;
const JMP_JEQ_K = 0x05 | 0x10 | 0x00;
const JMP_JSET_K = 0x05 | 0x40 | 0x00;
const RET_K = 0x06 | 0x00;

/** An instruction whose jump targets are labels, resolved to forward offsets when assembled. */
type Step =
  | { readonly label: string }
  | { readonly code: number; readonly k: number; readonly jt?: string; readonly jf?: string };

const ld = (offset: number): Step => ({ code: LD_W_ABS, k: offset });
const and = (mask: number): Step => ({ code: ALU_AND_K, k: mask });
/** Jump to `label` when A == k, else fall through. */
const jeq = (k: number, label: string): Step => ({ code: JMP_JEQ_K, k, jt: label });
/** Jump to `label` when A & k, else fall through. */
const jset = (k: number, label: string): Step => ({ code: JMP_JSET_K, k, jt: label });
const ret = (k: number): Step => ({ code: RET_K, k });
const label = (name: string): Step => ({ label: name });

/** Low 32 bits of syscall argument `i`: the kernel reads `int` arguments (family, type) from those alone. */
const argLow = (i: number): number => SECCOMP_DATA.args + 8 * i;

function archBlock(nr: { socket: number; socketpair: number; io_uring_setup: number }): Step[] {
  return [
    ld(SECCOMP_DATA.nr),
    jeq(nr.socket, 'socket'),
    jeq(nr.socketpair, 'socketpair'),
    jeq(nr.io_uring_setup, 'enosys'),
    ret(SECCOMP_RET.allow),
  ];
}

const PROGRAM: readonly Step[] = [
  ld(SECCOMP_DATA.arch),
  jeq(AUDIT_ARCH.x86_64, 'x86_64'),
  jeq(AUDIT_ARCH.aarch64, 'aarch64'),
  ret(SECCOMP_RET.killProcess),
  label('x86_64'),
  ld(SECCOMP_DATA.nr),
  jset(X32_SYSCALL_BIT, 'kill'),
  ...archBlock(SYSCALLS.x86_64).slice(1),
  label('aarch64'),
  ...archBlock(SYSCALLS.aarch64),
  label('socket'),
  ld(argLow(0)),
  jeq(AF_UNIX, 'eacces'),
  ret(SECCOMP_RET.allow),
  label('socketpair'),
  ld(argLow(1)),
  and(SOCK_TYPE_MASK),
  jeq(SOCK_STREAM, 'allow'),
  jeq(SOCK_SEQPACKET, 'allow'),
  label('eacces'),
  ret(SECCOMP_RET.errno | EACCES),
  label('allow'),
  ret(SECCOMP_RET.allow),
  label('enosys'),
  ret(SECCOMP_RET.errno | ENOSYS),
  label('kill'),
  ret(SECCOMP_RET.killProcess),
];

/**
 * Resolve labels into jump offsets and encode. Classic BPF only jumps forward, by at most 255: a label
 * before its jump, or too far, throws (a bug in the program above, caught by its test).
 */
export function assemble(steps: readonly Step[]): Uint8Array {
  const at = new Map<string, number>();
  const code: Exclude<Step, { label: string }>[] = [];
  for (const s of steps) {
    if ('label' in s) at.set(s.label, code.length);
    else code.push(s);
  }
  const bytes = new Uint8Array(code.length * 8);
  const view = new DataView(bytes.buffer);
  code.forEach((s, i) => {
    const offset = (target: string | undefined): number => {
      if (target === undefined) return 0;
      const to = at.get(target);
      if (to === undefined || to <= i || to - i - 1 > 255) throw new RangeError(`bad BPF jump to ${target}`);
      return to - i - 1;
    };
    view.setUint16(i * 8, s.code, true);
    view.setUint8(i * 8 + 2, offset(s.jt));
    view.setUint8(i * 8 + 3, offset(s.jf));
    view.setUint32(i * 8 + 4, s.k >>> 0, true);
  });
  return bytes;
}

/** The compiled program for bubblewrap's `--seccomp FD`. A fresh copy each call. */
export function unixSocketFilter(): Uint8Array {
  return assemble(PROGRAM);
}
