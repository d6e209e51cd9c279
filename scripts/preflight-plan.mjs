// What `npm test` needs from the system, and what to do when something is missing: install it, or stop with
// the one command the user must run. Pure (no I/O) so every platform's answer can be table-tested anywhere.
// Plain JavaScript: the preflight runs before anything is built, on whatever Node runs npm (20 or 24).

/** The default Chromium the end-to-end tests launch (electron/host/web/test/e2e-browser.ts). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Each system tool the suite needs: why, on which platforms, and its package per package manager.
 * On macOS and Windows only Chromium applies: bubblewrap, strace and unshare are Linux tools (macOS's
 * os-sandbox boundary is sandbox-exec, which ships with the OS).
 */
export const TOOLS = {
  chromium: {
    why: 'the end-to-end UI tests drive it through playwright-core',
    platforms: ['linux', 'darwin', 'win32'],
    packages: { 'apt-get': 'chromium', dnf: 'chromium' },
  },
  bwrap: {
    why: 'the os-sandbox boundary runs guests inside bubblewrap',
    platforms: ['linux'],
    packages: { 'apt-get': 'bubblewrap', dnf: 'bubblewrap' },
  },
  strace: {
    why: 'the engine observes every process a run starts with it',
    platforms: ['linux'],
    packages: { 'apt-get': 'strace', dnf: 'strace' },
  },
  unshare: {
    why: 'each host runs in its own PID namespace',
    platforms: ['linux'],
    packages: { 'apt-get': 'util-linux', dnf: 'util-linux' },
  },
};

/** Where Fedora's chromium package puts the browser (it is not /usr/bin/chromium there). */
const FEDORA_CHROMIUM = '/usr/bin/chromium-browser';
/** Where Homebrew's chromium cask puts the browser. */
const MAC_CHROMIUM = '/Applications/Chromium.app/Contents/MacOS/Chromium';

/** The tool ids the suite needs on `platform`. */
export function toolsFor(platform) {
  return Object.keys(TOOLS).filter((id) => TOOLS[id].platforms.includes(platform));
}

/** The distinct packages that provide `tools` under `manager`, in TOOLS order. */
function packagesOf(tools, manager) {
  return [...new Set(tools.map((id) => TOOLS[id].packages[manager]))];
}

/** The one shell command a person runs to install `tools` with `manager` (`sudo` when not root). */
export function installCommand(manager, tools, sudo) {
  const s = sudo ? 'sudo ' : '';
  const packages = packagesOf(tools, manager).join(' ');
  if (manager === 'apt-get') return `${s}apt-get update && ${s}apt-get install -y --no-install-recommends ${packages}`;
  const command = `${s}dnf install -y ${packages}`;
  return tools.includes('chromium') ? `${command} && export CHROMIUM_PATH=${FEDORA_CHROMIUM}` : command;
}

/** The command lines this process runs to install `tools` (non-interactive; sudo never prompts). */
function installSteps(manager, tools, sudo) {
  const pre = sudo ? ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'] : [];
  const packages = packagesOf(tools, manager);
  if (manager === 'apt-get')
    return [
      [...pre, 'apt-get', 'update'],
      [...pre, 'apt-get', 'install', '-y', '--no-install-recommends', ...packages],
    ];
  return [[...pre, 'dnf', 'install', '-y', ...packages]];
}

/** The command per OS, for a Linux whose package manager this script does not know. */
function everyLinuxCommand(tools, sudo) {
  return [
    `Debian/Ubuntu: ${installCommand('apt-get', tools, sudo)}`,
    `Fedora: ${installCommand('dnf', tools, sudo)}`,
  ].join('\n  ');
}

/**
 * What to do about `missing` tools.
 * @param {object} input
 * @param {string[]} input.missing tool ids (keys of TOOLS) that were not found
 * @param {string} input.platform process.platform
 * @param {'apt-get'|'dnf'|undefined} input.manager the package manager found on Linux
 * @param {boolean} input.canInstall root, or sudo without a password, and installing not forbidden
 * @param {boolean} input.sudo installing (or the printed command) needs sudo
 * @param {string} input.chromiumPath where the tests look for Chromium
 * @param {boolean} input.chromiumFromEnv that path came from CHROMIUM_PATH (installing cannot fix a wrong one)
 * @param {string} [input.chromiumElsewhere] a Chromium found at another known place
 * @param {string} [input.noInstallWhy] why installing is not possible (shown when stopping)
 * @returns {{ kind: 'ready' } | { kind: 'install', notes: string[], steps: string[][] } | { kind: 'stop', message: string }}
 */
export function planPreflight(input) {
  const { missing, platform, manager, sudo } = input;
  if (missing.length === 0) return { kind: 'ready' };
  const lines = missing.map((id) => `missing ${describe(id, input)} — ${TOOLS[id].why}`);
  // A wrong CHROMIUM_PATH, or a Chromium in another known place, is fixed by a path, not by installing.
  const pathFix = missing.includes('chromium') ? chromiumPathFix(input) : undefined;
  if (pathFix) lines.push(pathFix);
  // A wrong CHROMIUM_PATH keeps Chromium in the printed command (unsetting it falls back to the package).
  const toInstall = pathFix && !input.chromiumFromEnv ? missing.filter((id) => id !== 'chromium') : missing;
  if (toInstall.length === 0) return stop(lines);

  if (platform === 'darwin')
    return stop([
      ...lines,
      `Run: brew install --cask chromium && export CHROMIUM_PATH=${MAC_CHROMIUM}`,
      '(bubblewrap, strace and unshare do not apply on macOS: the os-sandbox boundary uses sandbox-exec there.)',
    ]);
  if (platform !== 'linux')
    return stop([...lines, 'Install Chromium (or Chrome) and set CHROMIUM_PATH to its executable.']);
  if (!manager) return stop([...lines, `Run the command for your OS:\n  ${everyLinuxCommand(toInstall, sudo)}`]);
  if (input.canInstall && !pathFix) {
    const notes = toInstall.map(
      (id) => `installing ${TOOLS[id].packages[manager]} (for ${describe(id, input)}): ${TOOLS[id].why}`,
    );
    return { kind: 'install', notes, steps: installSteps(manager, toInstall, sudo) };
  }
  const why = pathFix ? ' (a package cannot fix a path)' : input.noInstallWhy ? ` (${input.noInstallWhy})` : '';
  return stop([...lines, `Not installing${why}. Run:\n  ${installCommand(manager, toInstall, sudo)}`]);
}

/** The line that fixes Chromium's path, when a path (not a package) is what is wrong. */
function chromiumPathFix(input) {
  if (input.chromiumFromEnv)
    return `CHROMIUM_PATH is set to ${input.chromiumPath}, which is not there: point it at a Chromium, or unset it to use ${DEFAULT_CHROMIUM} (installed by the command below).`;
  if (input.chromiumElsewhere)
    return `A Chromium is at ${input.chromiumElsewhere}; run: export CHROMIUM_PATH=${input.chromiumElsewhere}`;
  return undefined;
}

function describe(id, input) {
  return id === 'chromium' ? `Chromium at ${input.chromiumPath}` : `\`${id}\``;
}

function stop(lines) {
  return { kind: 'stop', message: lines.join('\n') };
}
