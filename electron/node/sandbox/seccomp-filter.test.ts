import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  AF_UNIX,
  AUDIT_ARCH,
  EACCES,
  ENOSYS,
  SECCOMP_DATA,
  SECCOMP_RET,
  SOCK_DGRAM,
  SOCK_SEQPACKET,
  SOCK_STREAM,
  SYSCALLS,
  X32_SYSCALL_BIT,
  assemble,
  unixSocketFilter,
} from './seccomp-filter.ts';

const AF_INET = 2;
const AF_NETLINK = 16;
const SOCK_NONBLOCK_CLOEXEC = 0o4000 | 0o2000000;

/**
 * A classic BPF interpreter for the instructions seccomp accepts, written from linux/filter.h, so the
 * program is checked by running it rather than by reading its bytes back.
 */
function runFilter(program: Uint8Array, data: { nr: number; arch: number; args?: readonly number[] }): number {
  const view = new DataView(program.buffer, program.byteOffset, program.byteLength);
  const mem = new DataView(new ArrayBuffer(64));
  mem.setUint32(SECCOMP_DATA.nr, data.nr, true);
  mem.setUint32(SECCOMP_DATA.arch, data.arch, true);
  (data.args ?? []).forEach((a, i) => mem.setBigUint64(SECCOMP_DATA.args + 8 * i, BigInt(a), true));
  let acc = 0;
  for (let pc = 0; pc < program.byteLength / 8; pc++) {
    const code = view.getUint16(pc * 8, true);
    const jt = view.getUint8(pc * 8 + 2);
    const jf = view.getUint8(pc * 8 + 3);
    const k = view.getUint32(pc * 8 + 4, true);
    switch (code) {
      case 0x20: // ld [k]
        assert.ok(k % 4 === 0 && k + 4 <= 64, `load at ${k}`);
        acc = mem.getUint32(k, true);
        break;
      case 0x54: // and #k
        acc = (acc & k) >>> 0;
        break;
      case 0x15: // jeq #k
        pc += acc === k ? jt : jf;
        break;
      case 0x45: // jset #k
        pc += (acc & k) !== 0 ? jt : jf;
        break;
      case 0x06: // ret #k
        return k;
      default:
        assert.fail(`unexpected opcode 0x${code.toString(16)} at ${pc}`);
    }
  }
  return assert.fail('fell off the end of the program');
}

const program = unixSocketFilter();
const ALLOW = SECCOMP_RET.allow;
const DENY_EACCES = SECCOMP_RET.errno | EACCES;

describe('unixSocketFilter', () => {
  test('is whole 8-byte instructions, within the kernel limit', () => {
    assert.equal(program.byteLength % 8, 0);
    assert.ok(program.byteLength / 8 <= 4096);
  });

  for (const [arch, nr] of Object.entries(SYSCALLS)) {
    const a = AUDIT_ARCH[arch as keyof typeof AUDIT_ARCH];
    describe(arch, () => {
      test('socket(AF_UNIX) fails with EACCES, whatever the type flags and the high bits of the family', () => {
        for (const type of [SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM | SOCK_NONBLOCK_CLOEXEC]) {
          assert.equal(runFilter(program, { nr: nr.socket, arch: a, args: [AF_UNIX, type, 0] }), DENY_EACCES);
        }
        // The kernel reads `int family`: 0x1_0000_0001 is AF_UNIX to it, so it must be refused too.
        assert.equal(runFilter(program, { nr: nr.socket, arch: a, args: [2 ** 32 + AF_UNIX, 1, 0] }), DENY_EACCES);
      });

      test('other socket families are left to the network policy', () => {
        for (const family of [AF_INET, AF_NETLINK]) {
          assert.equal(runFilter(program, { nr: nr.socket, arch: a, args: [family, SOCK_STREAM, 0] }), ALLOW);
        }
      });

      test('socketpair: stream and seqpacket allowed (libuv), datagram refused (sendto reaches any address)', () => {
        const pair = (type: number): number =>
          runFilter(program, { nr: nr.socketpair, arch: a, args: [AF_UNIX, type, 0, 0] });
        assert.equal(pair(SOCK_STREAM), ALLOW);
        assert.equal(pair(SOCK_STREAM | SOCK_NONBLOCK_CLOEXEC), ALLOW);
        assert.equal(pair(SOCK_SEQPACKET), ALLOW);
        assert.equal(pair(SOCK_DGRAM), DENY_EACCES);
        assert.equal(pair(SOCK_DGRAM | SOCK_NONBLOCK_CLOEXEC), DENY_EACCES);
      });

      test('io_uring_setup fails with ENOSYS (it could make sockets without socket())', () => {
        assert.equal(runFilter(program, { nr: nr.io_uring_setup, arch: a }), SECCOMP_RET.errno | ENOSYS);
      });

      test('everything else is allowed', () => {
        for (const other of [0, 1, 2, 3, 56, 57, 59, 60, 62, 231, 435]) {
          if (Object.values(nr).includes(other as never)) continue;
          assert.equal(runFilter(program, { nr: other, arch: a, args: [AF_UNIX] }), ALLOW, `syscall ${other}`);
        }
      });
    });
  }

  test('x32 system calls kill the process', () => {
    const r = runFilter(program, {
      nr: (X32_SYSCALL_BIT | SYSCALLS.x86_64.socket) >>> 0,
      arch: AUDIT_ARCH.x86_64,
      args: [AF_UNIX],
    });
    assert.equal(r, SECCOMP_RET.killProcess);
  });

  test('an unknown architecture (i386, whose socketcall would go around the rules) kills the process', () => {
    for (const arch of [0x40000003 /* i386 */, 0x40000028 /* arm */, 0]) {
      assert.equal(runFilter(program, { nr: 102, arch, args: [1] }), SECCOMP_RET.killProcess);
    }
  });

  test('the assembler refuses a backward jump', () => {
    assert.throws(
      () => assemble([{ label: 'back' }, { code: 0x15, k: 0, jt: 'back' }, { code: 0x06, k: 0 }]),
      /bad BPF jump/,
    );
  });
});

const bwrap = ['/usr/bin/bwrap', '/bin/bwrap'].find((p) => existsSync(p));

describe(
  'unixSocketFilter in the kernel',
  { skip: (process.platform !== 'linux' || !bwrap) && 'needs bubblewrap' },
  () => {
    const inSandbox = (command: string[]): ReturnType<typeof spawnSync> =>
      spawnSync(
        bwrap!,
        ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--seccomp', '0', '--', ...command],
        {
          encoding: 'utf8',
          input: unixSocketFilter(),
          timeout: 20_000,
        },
      );

    test('Node starts, spawns a child over stdio pipes (socketpair), and cannot make a Unix socket', () => {
      const code = `
      const out = require('child_process').execFileSync(process.execPath, ['-e', 'process.stdout.write("child")']);
      const s = require('net').connect('\\0wb-seccomp-test-' + process.pid);
      s.on('error', (e) => { console.log(String(out), e.code); });`;
      const r = inSandbox([process.execPath, '-e', code]);
      assert.equal(r.status, 0, String(r.stderr));
      assert.equal(String(r.stdout).trim(), 'child EACCES');
    });

    test(
      'a datagram socketpair is refused, a stream one is not',
      { skip: !existsSync('/usr/bin/perl') && 'perl' },
      () => {
        const perl = `use Socket;
      print socketpair(my $a, my $b, AF_UNIX, SOCK_STREAM, 0) ? "stream=ok\\n" : "stream=$!\\n";
      print socketpair(my $c, my $d, AF_UNIX, SOCK_DGRAM, 0) ? "dgram=ok\\n" : "dgram=" . ($!+0) . "\\n";`;
        const r = inSandbox(['/usr/bin/perl', '-e', perl]);
        assert.equal(r.status, 0, String(r.stderr));
        assert.equal(String(r.stdout), `stream=ok\ndgram=${EACCES}\n`);
      },
    );
  },
);
