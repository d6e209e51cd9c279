// The preflight of `npm test`: the plan per (missing tools, platform, rights) as a table, the real script
// installing through a stand-in apt-get, and `npm test` stopping before the suite when Chromium is missing.
// JavaScript rather than TypeScript because the module under test is plain .mjs (it must run on Node 20).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { installCommand, planPreflight, toolsFor } from './preflight-plan.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PREFLIGHT = `${ROOT}scripts/preflight.mjs`;
const APT_ALL = 'apt-get update && apt-get install -y --no-install-recommends chromium bubblewrap strace util-linux';

const linux = {
  platform: 'linux',
  manager: 'apt-get',
  canInstall: true,
  sudo: false,
  chromiumPath: '/usr/bin/chromium',
  chromiumFromEnv: false,
};

describe('planPreflight', () => {
  test('tools per platform: Chromium everywhere, bubblewrap/strace/unshare on Linux only', () => {
    assert.deepEqual(toolsFor('linux'), ['chromium', 'bwrap', 'strace', 'unshare']);
    assert.deepEqual(toolsFor('darwin'), ['chromium']);
    assert.deepEqual(toolsFor('win32'), ['chromium']);
  });

  const cases = [
    ['nothing missing', { ...linux, missing: [] }, { kind: 'ready' }],
    [
      'root with apt-get installs, update first',
      { ...linux, missing: ['chromium', 'strace'] },
      {
        kind: 'install',
        steps: [
          ['apt-get', 'update'],
          ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium', 'strace'],
        ],
      },
    ],
    [
      'sudo without a password installs through sudo -n',
      { ...linux, sudo: true, missing: ['bwrap'] },
      {
        kind: 'install',
        steps: [
          ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update'],
          [
            'sudo',
            '-n',
            'env',
            'DEBIAN_FRONTEND=noninteractive',
            'apt-get',
            'install',
            '-y',
            '--no-install-recommends',
            'bubblewrap',
          ],
        ],
      },
    ],
    [
      'dnf installs without an update step',
      { ...linux, manager: 'dnf', missing: ['unshare', 'strace'] },
      { kind: 'install', steps: [['dnf', 'install', '-y', 'util-linux', 'strace']] },
    ],
    [
      'forbidden: the apt-get command, with the reason',
      {
        ...linux,
        canInstall: false,
        noInstallWhy: 'WORKBENCH_NO_INSTALL=1',
        missing: ['chromium', 'bwrap', 'strace', 'unshare'],
      },
      { kind: 'stop', has: ['(WORKBENCH_NO_INSTALL=1)', APT_ALL] },
    ],
    [
      'no password-less sudo: the command with sudo',
      { ...linux, canInstall: false, sudo: true, missing: ['strace'] },
      { kind: 'stop', has: ['sudo apt-get update && sudo apt-get install -y --no-install-recommends strace'] },
    ],
    [
      'Fedora: dnf, and where its Chromium lives',
      { ...linux, manager: 'dnf', canInstall: false, sudo: true, missing: ['chromium'] },
      { kind: 'stop', has: ['sudo dnf install -y chromium && export CHROMIUM_PATH=/usr/bin/chromium-browser'] },
    ],
    [
      'unknown Linux package manager: the command per OS',
      { ...linux, manager: undefined, canInstall: false, missing: ['bwrap'] },
      {
        kind: 'stop',
        has: [
          'Debian/Ubuntu: apt-get update && apt-get install -y --no-install-recommends bubblewrap',
          'Fedora: dnf install -y bubblewrap',
        ],
      },
    ],
    [
      'a wrong CHROMIUM_PATH is never "fixed" by installing, and the command is still shown',
      { ...linux, chromiumPath: '/nope', chromiumFromEnv: true, missing: ['chromium'] },
      { kind: 'stop', has: ['CHROMIUM_PATH is set to /nope', 'apt-get install -y --no-install-recommends chromium'] },
    ],
    [
      'a Chromium elsewhere: export its path, install the rest',
      { ...linux, canInstall: false, chromiumElsewhere: '/usr/bin/chromium-browser', missing: ['chromium', 'strace'] },
      {
        kind: 'stop',
        has: ['export CHROMIUM_PATH=/usr/bin/chromium-browser', 'apt-get install -y --no-install-recommends strace'],
        hasNot: ['strace chromium', 'no-recommends chromium'],
      },
    ],
    [
      'macOS: brew cask and CHROMIUM_PATH; the Linux tools do not apply',
      { ...linux, platform: 'darwin', manager: undefined, canInstall: false, missing: ['chromium'] },
      {
        kind: 'stop',
        has: [
          'brew install --cask chromium && export CHROMIUM_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium',
          'do not apply on macOS',
        ],
      },
    ],
    [
      'Windows: CHROMIUM_PATH',
      { ...linux, platform: 'win32', manager: undefined, canInstall: false, missing: ['chromium'] },
      { kind: 'stop', has: ['set CHROMIUM_PATH'] },
    ],
  ];
  for (const [name, input, want] of cases)
    test(name, () => {
      const got = planPreflight(input);
      assert.equal(got.kind, want.kind, JSON.stringify(got));
      if (want.steps) assert.deepEqual(got.steps, want.steps);
      if (got.kind === 'install')
        assert.equal(got.notes.length, input.missing.length, 'one line per tool: what and why');
      for (const text of want.has ?? []) assert.ok(got.message.includes(text), `${text}\nin\n${got.message}`);
      for (const text of want.hasNot ?? []) assert.ok(!got.message.includes(text), `${text} in\n${got.message}`);
    });

  test('the printed command names each package once', () => {
    assert.equal(installCommand('apt-get', ['unshare', 'unshare'], false).match(/util-linux/g)?.length, 1);
  });
});

/**
 * A directory to use as the whole PATH: a sudo that runs its command (so the test is the same as root or not),
 * env, and the given stand-in scripts.
 */
function standIns(t, scripts) {
  const bin = mkdtempSync(join(tmpdir(), 'wb-preflight-'));
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  const all = { sudo: '[ "$1" = -n ] && shift\nexec "$@"', ...scripts };
  for (const [name, body] of Object.entries(all)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  symlinkSync('/usr/bin/env', join(bin, 'env'));
  return bin;
}

const linuxOnly = { skip: process.platform !== 'linux' && 'apt-get installs apply on Linux only' };

test('the preflight installs what is missing through apt-get (update first), then passes', linuxOnly, (t) => {
  // apt-get records its calls and "installs" the three Linux tools.
  const bin = standIns(t, {
    'apt-get': `echo "$*" >> "\${0%/*}/calls"
[ "$1" = install ] && for t in bwrap strace unshare; do printf '#!/bin/sh\\n' > "\${0%/*}/$t"; /bin/chmod +x "\${0%/*}/$t"; done
exit 0`,
    chromium: 'exit 0',
  });
  const r = spawnSync(process.execPath, [PREFLIGHT], {
    env: { PATH: bin, CHROMIUM_PATH: join(bin, 'chromium') },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n'), [
    'update',
    'install -y --no-install-recommends bubblewrap strace util-linux',
  ]);
  for (const tool of ['bwrap', 'strace', 'unshare'])
    assert.match(r.stderr, new RegExp(`installing \\S+ \\(for \`${tool}\`\\): \\w`), 'says what and why');
  assert.match(r.stderr, /: found\./);
});

test('a package that installs yet leaves the tool missing stops the preflight instead of looping', linuxOnly, (t) => {
  const bin = standIns(t, { 'apt-get': 'exit 0' });
  const r = spawnSync(process.execPath, [PREFLIGHT], {
    env: { PATH: bin, CHROMIUM_PATH: process.execPath },
    encoding: 'utf8',
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /installed, yet still not found/);
  assert.match(r.stderr, /apt-get install -y --no-install-recommends bubblewrap strace util-linux/);
});

test('npm test stops before the suite, with the install command, when Chromium is missing and installs are forbidden', async () => {
  const env = { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', WORKBENCH_NO_INSTALL: '1' };
  // The npm that runs this suite when there is one, else the one on PATH.
  const [command, args] = process.env.npm_execpath?.endsWith('.js')
    ? [process.execPath, [process.env.npm_execpath, 'test']]
    : ['npm', ['test']];
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const suiteStarted = await new Promise((resolve, reject) => {
    const read = (chunk) => {
      output += String(chunk);
      // The next script's banner: the preflight let the suite start. Stop it (it would run this test again).
      if (/> \S+ typecheck/.test(output)) {
        process.kill(-child.pid, 'SIGKILL');
        resolve(true);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', reject);
    child.on('close', (code) => {
      assert.notEqual(code, 0, output);
      resolve(false);
    });
  });
  assert.equal(suiteStarted, false, `the suite started:\n${output}`);
  assert.ok(output.includes('missing Chromium at /nonexistent/chromium'), output);
  const has = (name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  const sudo = process.getuid?.() !== 0;
  const expected =
    process.platform !== 'linux'
      ? 'brew install --cask chromium'
      : has('apt-get') || !has('dnf')
        ? `${sudo ? 'sudo ' : ''}apt-get install -y --no-install-recommends chromium`
        : `${sudo ? 'sudo ' : ''}dnf install -y chromium`;
  assert.ok(output.includes(expected), `${expected}\nin\n${output}`);
  assert.doesNotMatch(output, /\n\s+at .+:\d+:\d+/, 'no stack trace');
});
