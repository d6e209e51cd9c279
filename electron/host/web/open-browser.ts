/**
 * `npm run web -- --open` without the token on a command line. Any local user can read every process's argv
 * (`/proc/<pid>/cmdline`, `ps`), so the tokened URL must never be an argument of the opener (xdg-open, open,
 * cmd) or of the browser it starts. Instead the URL goes into a small HTML page that redirects to it, in a
 * fresh private directory (0700) as a file only the user can read (0600); the opener gets that file's path.
 * The page is removed after {@link PAGE_LIFETIME_MS} (time enough for a browser to start cold) or when the
 * server stops, whichever is first.
 *
 * Limit: a browser confined by a sandbox with its own /tmp (e.g. a snap) cannot read the page; the URL is on the
 * server's stdout for that case.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How long the redirect page exists when the server keeps running. */
export const PAGE_LIFETIME_MS = 60_000;

/** A program that opens a file in the user's browser, and its arguments for a path. */
export interface Opener {
  readonly command: string;
  readonly args: (path: string) => readonly string[];
}

/** The platform's own opener: `open` on macOS, `start` through cmd on Windows, `xdg-open` elsewhere. */
export function systemOpener(platform: NodeJS.Platform = process.platform): Opener {
  if (platform === 'darwin') return { command: 'open', args: (path) => [path] };
  // The empty "" is start's window title; without it a quoted path would be taken for one.
  if (platform === 'win32') return { command: 'cmd', args: (path) => ['/c', 'start', '', path] };
  return { command: 'xdg-open', args: (path) => [path] };
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The page that sends the browser on to `url`: a meta refresh, and a script for browsers that ignore it. No
 * referrer leaves it; the URL is escaped for the attribute and for the script (no `</script>` can close it).
 */
export function redirectPage(url: string): string {
  const attr = url.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
  const js = JSON.stringify(url).replace(/</g, '\\u003c');
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${attr}">
<title>Sandbox Workbench</title>
</head>
<body>
<script>location.replace(${js});</script>
<p>Opening <a href="${attr}">Sandbox Workbench</a>…</p>
</body>
</html>
`;
}

/** The redirect page handed to the opener; {@link OpenedPage.close} removes it (again is fine). */
export interface OpenedPage {
  /** The file the opener was given. */
  readonly path: string;
  close(): void;
}

/** What {@link openInBrowser} may be told; tests give their own opener. */
export interface OpenOptions {
  readonly opener?: Opener;
  /** Where the private directory is made (default: the OS temp directory). */
  readonly tmpRoot?: string;
  readonly lifetimeMs?: number;
}

/**
 * Open `url` (which carries the browser-mode token) in the user's browser through a private redirect page, so
 * the token is on no command line. A missing opener is not an error: the URL is printed anyway.
 */
export function openInBrowser(url: string, options: OpenOptions = {}): OpenedPage {
  const opener = options.opener ?? systemOpener();
  const dir = mkdtempSync(join(options.tmpRoot ?? tmpdir(), 'workbench-open-'));
  // mkdtemp makes it 0700 already; said again in case of an unusual platform default.
  chmodSync(dir, 0o700);
  const path = join(dir, 'open.html');
  // 'wx': never through a file or link someone put there; chmod because the umask could narrow the mode further
  // (never widen it), and the owner must be able to read it.
  writeFileSync(path, redirectPage(url), { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  let timer: NodeJS.Timeout | undefined;
  const close = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
  timer = setTimeout(close, options.lifetimeMs ?? PAGE_LIFETIME_MS);
  // The server's life decides when it goes, not this timer.
  timer.unref();
  spawn(opener.command, [...opener.args(path)], { stdio: 'ignore', detached: true })
    .on('error', () => undefined)
    .unref();
  return { path, close };
}
