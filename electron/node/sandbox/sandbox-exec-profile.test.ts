import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_EXEC, sandboxExecArgv, sandboxExecProfile, type SandboxPaths } from './sandbox-exec-profile.ts';

const RUN = '/private/var/folders/xy/T/wb-run-1';
const PATHS: SandboxPaths = {
  jailDir: `${RUN}/jail`,
  runDir: RUN,
  socketPath: `${RUN}/host.sock`,
  execPath: '/opt/node/bin/node',
  readPaths: ['/opt/node/bin/node', '/Applications/Workbench.app/Contents/Resources/bootstrap'],
};

const profile = (network: boolean, overrides: Partial<SandboxPaths> = {}): string =>
  sandboxExecProfile({ network, paths: { ...PATHS, ...overrides } });

/** The profile's rules, comments and blank lines left out. */
const rules = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith(';'));

/** Index of `rule` among `list`, failing if it is not there exactly once. */
function indexOfRule(list: readonly string[], rule: string): number {
  const at = list.indexOf(rule);
  assert.notEqual(at, -1, `missing rule ${rule}`);
  assert.equal(list.lastIndexOf(rule), at, `rule ${rule} appears twice`);
  return at;
}

describe('sandboxExecProfile', () => {
  test('starts with the version and (allow default)', () => {
    assert.deepEqual(rules(profile(false)).slice(0, 2), ['(version 1)', '(allow default)']);
  });

  test('denies the network only when network is false, keeping the host socket connectable', () => {
    const socketRule = `(allow network-outbound (remote unix-socket (path-literal "${RUN}/host.sock")))`;
    const off = rules(profile(false));
    assert.ok(indexOfRule(off, '(deny network*)') < indexOfRule(off, socketRule), 'socket allow must follow the deny');
    const on = profile(true);
    assert.doesNotMatch(on, /\(deny network/);
  });

  test('allows writes only in the jail and to /dev/null and /dev/fd, after denying them all', () => {
    const r = rules(profile(false));
    const deny = indexOfRule(r, '(deny file-write*)');
    for (const allow of [
      `(allow file-write* (subpath "${RUN}/jail"))`,
      '(allow file-write* (literal "/dev/null"))',
      '(allow file-write* (regex #"^/dev/fd/"))',
    ]) {
      assert.ok(indexOfRule(r, allow) > deny, `${allow} must follow the deny`);
    }
    assert.equal(r.filter((l) => l.startsWith('(allow file-write*')).length, 3);
  });

  test('denies reading the run directory, then re-allows the jail after it', () => {
    const r = rules(profile(false));
    const deny = indexOfRule(r, `(deny file-read* (subpath "${RUN}"))`);
    assert.ok(indexOfRule(r, `(allow file-read* (subpath "${RUN}/jail"))`) > deny);
    assert.ok(indexOfRule(r, `(allow file-read-metadata (literal "${RUN}"))`) > deny);
  });

  test('lets every directory between the run directory and a nested jail be stat-ed, and nothing more', () => {
    const r = rules(profile(false, { jailDir: `${RUN}/a/b/jail` }));
    const metadata = r.filter((l) => l.startsWith('(allow file-read-metadata'));
    assert.deepEqual(metadata, [
      `(allow file-read-metadata (literal "${RUN}"))`,
      `(allow file-read-metadata (literal "${RUN}/a"))`,
      `(allow file-read-metadata (literal "${RUN}/a/b"))`,
    ]);
  });

  test('a jail outside the run directory opens nothing in the run directory', () => {
    const r = rules(profile(false, { jailDir: '/Users/dev/jail' }));
    assert.equal(
      r.some((l) => l.includes(`"${RUN}`) && l.startsWith('(allow file')),
      false,
    );
  });

  test('lists the read paths before the run-directory deny, so none can re-open it', () => {
    const r = rules(profile(false));
    const deny = indexOfRule(r, `(deny file-read* (subpath "${RUN}"))`);
    for (const p of PATHS.readPaths) assert.ok(indexOfRule(r, `(allow file-read* (subpath "${p}"))`) < deny);
  });

  test('a read path that contains the run directory cannot re-open it', () => {
    const r = rules(profile(false, { readPaths: ['/private/var/folders'] }));
    assert.ok(
      indexOfRule(r, '(allow file-read* (subpath "/private/var/folders"))') <
        indexOfRule(r, `(deny file-read* (subpath "${RUN}"))`),
    );
  });

  test('allows exec of the guest only, and denies fork and signals to others', () => {
    const r = rules(profile(true));
    const deny = indexOfRule(r, '(deny process-exec*)');
    assert.ok(indexOfRule(r, '(allow process-exec* (literal "/opt/node/bin/node"))') > deny);
    assert.equal(r.filter((l) => l.startsWith('(allow process-exec')).length, 1);
    indexOfRule(r, '(deny process-fork)');
    assert.equal(
      r.some((l) => l.startsWith('(allow process-fork')),
      false,
    );
    assert.ok(indexOfRule(r, '(allow signal (target self))') > indexOfRule(r, '(deny signal)'));
  });

  test('escapes backslash and double quote in paths', () => {
    const jail = `${RUN}/ja"il\\x`;
    const text = profile(false, { jailDir: jail, socketPath: '/Users/a"b/s\\"ock' });
    assert.ok(text.includes(`(allow file-write* (subpath "${RUN}/ja\\"il\\\\x"))`));
    assert.ok(text.includes('(path-literal "/Users/a\\"b/s\\\\\\"ock")'));
    // Every double quote left unescaped opens or closes a string: an even number per line.
    for (const line of text.split('\n')) {
      const unescaped = line.replace(/\\./g, '').split('"').length - 1;
      assert.equal(unescaped % 2, 0, line);
    }
  });

  test('one rule or comment per line, ending in a newline', () => {
    const text = profile(false);
    assert.ok(text.endsWith(')\n'));
    for (const line of text.trimEnd().split('\n')) assert.match(line, /^(; .+|\(.+\))$/);
  });

  test('removes trailing slashes', () => {
    assert.equal(profile(false, { runDir: `${RUN}/`, jailDir: `${RUN}/jail//` }), profile(false));
  });

  describe('rejects', () => {
    const bad: Array<[string, Partial<SandboxPaths>, RegExp]> = [
      ['a relative jail', { jailDir: 'jail' }, /jailDir "jail" is not absolute/],
      ['a relative run directory', { runDir: './run' }, /runDir .* is not absolute/],
      ['an empty socket path', { socketPath: '' }, /socketPath "" is not absolute/],
      ['a relative exec path', { execPath: 'node' }, /execPath "node" is not absolute/],
      ['a relative read path', { readPaths: ['/ok', 'lib'] }, /readPaths\[1\] "lib" is not absolute/],
      ['a NUL', { socketPath: `${RUN}/s\0ock` }, /socketPath .* NUL/],
      ['a newline', { jailDir: `${RUN}/jail\n(allow default)` }, /jailDir .* line break/],
      ['a carriage return', { readPaths: ['/a\rb'] }, /readPaths\[0\] .* line break/],
      ['a ".." segment', { jailDir: `${RUN}/jail/../..` }, /jailDir .* not normalized/],
      ['a "." segment', { runDir: '/Users/./x' }, /runDir .* not normalized/],
      ['an empty segment', { execPath: '/opt//node' }, /execPath .* not normalized/],
      ['/tmp, a symlink on macOS', { runDir: '/tmp/run' }, /runDir .* real path/],
      ['/var, a symlink on macOS', { socketPath: '/var/folders/s.sock' }, /socketPath .* real path/],
      ['/etc, a symlink on macOS', { readPaths: ['/etc'] }, /readPaths\[0\] .* real path/],
      ['the root as jail', { jailDir: '/' }, /jailDir: "\/" would make every file writable/],
      ['the root as run directory', { runDir: '/' }, /runDir: "\/" would make every file unreadable/],
      ['a run directory inside the jail', { jailDir: RUN, runDir: `${RUN}/jail` }, /runDir .* inside the jail/],
      ['a run directory equal to the jail', { jailDir: RUN }, /runDir .* inside the jail/],
      ['a read path in the run directory', { readPaths: [`${RUN}/boot`] }, /readPaths .* inside the run directory/],
      ['an exec path in the run directory', { execPath: `${RUN}/node` }, /execPath .* inside the run directory/],
    ];
    for (const [what, overrides, message] of bad) {
      test(what, () => {
        assert.throws(
          () => profile(false, overrides),
          (e: unknown) => e instanceof RangeError && message.test(e.message),
        );
      });
    }
  });

  test('accepts a read path inside the jail', () => {
    assert.match(
      profile(false, { readPaths: [`${RUN}/jail/lib`] }),
      /\(allow file-read\* \(subpath ".*\/jail\/lib"\)\)/,
    );
  });

  test('is deterministic', () => {
    const copy: SandboxPaths = { ...PATHS, readPaths: [...PATHS.readPaths] };
    assert.equal(sandboxExecProfile({ network: false, paths: copy }), profile(false));
    assert.equal(profile(true), profile(true));
    assert.notEqual(profile(true), profile(false));
  });

  test('lists a repeated read path once', () => {
    const r = rules(profile(false, { readPaths: ['/opt/lib', '/opt/lib/'] }));
    indexOfRule(r, '(allow file-read* (subpath "/opt/lib"))');
  });
});

describe('sandboxExecArgv', () => {
  test('is sandbox-exec -p <profile> <command> <args…>', () => {
    const text = profile(false);
    assert.deepEqual(sandboxExecArgv(text, '/opt/node/bin/node', ['--permission', 'guest.js']), [
      '/usr/bin/sandbox-exec',
      '-p',
      text,
      '/opt/node/bin/node',
      '--permission',
      'guest.js',
    ]);
    assert.equal(SANDBOX_EXEC, '/usr/bin/sandbox-exec');
  });

  test('does not let the arguments array be changed through the result', () => {
    const args = ['a'];
    sandboxExecArgv('p', '/bin/x', args).push('b');
    assert.deepEqual(args, ['a']);
  });

  test('rejects a relative command', () => {
    assert.throws(() => sandboxExecArgv('p', 'node', []), RangeError);
  });
});

/** Runs an argv (command first), collecting its output as text. */
function run(argv: readonly string[], env?: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const [command = '', ...args] = argv;
  return spawnSync(command, args, { encoding: 'utf8', env });
}

test(
  'sandbox-exec runs under the profile: true exits 0, Node writes only in the jail and cannot read the canary',
  { skip: !existsSync('/usr/bin/sandbox-exec') && 'sandbox-exec exists only on macOS' },
  () => {
    // Seatbelt matches real paths: tmpdir() is under /var, a symlink into /private.
    const runDir = realpathSync(mkdtempSync(join(tmpdir(), 'wb-sbpl-')));
    try {
      const jailDir = join(runDir, 'jail');
      mkdirSync(jailDir);
      writeFileSync(join(runDir, 'canary.txt'), 'secret');
      const paths = { jailDir, runDir, socketPath: join(runDir, 'host.sock'), readPaths: [] };

      const trueProfile = sandboxExecProfile({ network: false, paths: { ...paths, execPath: '/usr/bin/true' } });
      const t = run(sandboxExecArgv(trueProfile, '/usr/bin/true', []));
      assert.equal(t.status, 0, t.stderr);

      const node = realpathSync(process.execPath);
      const script = `
        const fs = require('node:fs');
        const attempt = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
        const s = require('node:child_process').spawnSync('/bin/echo', ['x']);
        process.stdout.write(JSON.stringify({
          jailWrite: attempt(() => fs.writeFileSync(process.argv[1] + '/out.txt', 'ok')),
          canaryRead: attempt(() => fs.readFileSync(process.argv[2] + '/canary.txt')),
          outsideWrite: attempt(() => fs.writeFileSync(process.argv[2] + '/outside.txt', 'x')),
          spawn: s.error ? s.error.code : 'exit ' + s.status,
        }));`;
      const nodeProfile = sandboxExecProfile({ network: false, paths: { ...paths, execPath: node } });
      // No inherited environment: NODE_OPTIONS or the test runner's variables would change how Node starts.
      const n = run(sandboxExecArgv(nodeProfile, node, ['-e', script, jailDir, runDir]), {});
      assert.equal(n.status, 0, n.stderr);
      const seen = JSON.parse(n.stdout) as Record<string, string>;
      assert.equal(seen.jailWrite, 'ok');
      assert.equal(seen.canaryRead, 'EPERM');
      assert.equal(seen.outsideWrite, 'EPERM');
      assert.notEqual(seen.spawn, 'exit 0');
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  },
);
