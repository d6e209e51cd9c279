/**
 * Where the workbench keeps its data (the run history) when nobody says otherwise. Pure: the environment,
 * platform and home directory come in as arguments so every platform's answer can be tested anywhere.
 */
import { homedir } from 'node:os';
import { posix, resolve, win32 } from 'node:path';

/** Overrides the data directory (tests, portable installs, several independent histories). */
export const DATA_DIR_ENV = 'WORKBENCH_DATA_DIR';

/** The directory name on platforms whose convention is lower-case (XDG). */
const XDG_NAME = 'sandbox-workbench';
/** The directory name where the convention is the product name (macOS, Windows). */
const PRODUCT_NAME = 'Sandbox Workbench';

type Env = Readonly<Record<string, string | undefined>>;

/** The platform's conventional place for this app's data. */
export function defaultDataDir(env: Env, platform: NodeJS.Platform, home: string): string {
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') {
    const appData = env.APPDATA || win32.join(home, 'AppData', 'Roaming');
    return win32.join(appData, PRODUCT_NAME);
  }
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'share');
  return posix.join(base, XDG_NAME);
}

/** `WORKBENCH_DATA_DIR` when set (relative to the current directory), else the platform default. */
export function resolveDataDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env[DATA_DIR_ENV];
  return override ? resolve(override) : defaultDataDir(env, platform, home);
}
