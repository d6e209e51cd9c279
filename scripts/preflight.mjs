// First step of `npm test`: checks that the system has what the suite needs (TOOLS in preflight-plan.mjs),
// installs what is missing where it may (root, or sudo without a password; WORKBENCH_NO_INSTALL=1 forbids it),
// and otherwise stops before anything runs with the one command to run — never a stack trace from a test.
// Plain JavaScript, no dependencies: it runs on the machine's Node (20) as well as on the project's Node 24.

import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { DEFAULT_CHROMIUM, planPreflight, toolsFor } from './preflight-plan.mjs';

// A SIGUSR1 listener keeps Node from opening its inspector on that signal (this process may sit for minutes
// above apt-get; nothing below it may get a debugger into it). Node 20 has no --disable-sigusr1.
process.on('SIGUSR1', () => {});

const say = (text) => process.stderr.write(`preflight: ${text}\n`);

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => executable(join(dir, name)));
}

const chromiumFromEnv = Boolean(process.env.CHROMIUM_PATH);
const chromiumPath = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;

function missingTools() {
  return toolsFor(process.platform).filter((id) => (id === 'chromium' ? !executable(chromiumPath) : !onPath(id)));
}

/** A Chromium at another well-known place (Fedora's name, Homebrew's cask), to suggest as CHROMIUM_PATH. */
function chromiumElsewhere() {
  const places = ['/usr/bin/chromium-browser', '/Applications/Chromium.app/Contents/MacOS/Chromium'];
  return places.find((p) => p !== chromiumPath && executable(p));
}

/** Whether this process may install, and with sudo or not; why not, when not. */
function installRights() {
  const manager = process.platform === 'linux' ? ['apt-get', 'dnf'].find(onPath) : undefined;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const base = { manager, sudo: !root };
  if (process.env.WORKBENCH_NO_INSTALL === '1')
    return { ...base, canInstall: false, noInstallWhy: 'WORKBENCH_NO_INSTALL=1' };
  if (!manager) return { ...base, canInstall: false };
  if (root) return { ...base, canInstall: true };
  const sudo = onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  return sudo
    ? { ...base, canInstall: true }
    : { ...base, canInstall: false, noInstallWhy: 'not root, and sudo asks for a password' };
}

function plan(rights) {
  return planPreflight({
    missing: missingTools(),
    platform: process.platform,
    chromiumPath,
    chromiumFromEnv,
    chromiumElsewhere: chromiumElsewhere(),
    ...rights,
  });
}

function found() {
  return toolsFor(process.platform)
    .map((id) => (id === 'chromium' ? `Chromium (${chromiumPath})` : id))
    .join(', ');
}

const rights = installRights();
let next = plan(rights);
if (next.kind === 'install') {
  for (const note of next.notes) say(note);
  for (const step of next.steps) {
    const r = spawnSync(step[0], step.slice(1), {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) {
      say(`\`${step.join(' ')}\` failed (${r.error ? r.error.message : `exit status ${r.status}`}).`);
      process.exit(1);
    }
  }
  // Still missing after a successful install (e.g. the package puts the binary elsewhere): stop, not loop.
  next = plan({ ...rights, canInstall: false, noInstallWhy: 'installed, yet still not found' });
}
if (next.kind === 'stop') {
  say(`the test suite cannot run on this machine yet.\n${next.message}`);
  process.exit(1);
}
say(`${found()}: found.`);
