/**
 * Shared plumbing of the Chromium end-to-end tests: where things are, the renderer build they need, Debian's
 * Chromium launched the same way for every file, the page's console errors collected, and polling (the app's
 * CSP forbids the string evaluation page.waitForFunction needs).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const RENDERER_DIR = `${ROOT}out/renderer`;
/**
 * Screenshots go to the build folder, so a test run never changes the checkout; `npm run screenshots` copies
 * them into docs/screenshots once they have been looked at.
 */
export const SHOTS = `${ROOT}out/screenshots`;
mkdirSync(SHOTS, { recursive: true });
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium with the renderer built (built here if a test file runs on its own before `npm run build`). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (CI installs it)`);
  if (!existsSync(`${RENDERER_DIR}/index.html`)) {
    const r = spawnSync(process.execPath, [`${ROOT}node_modules/electron-vite/bin/electron-vite.js`, 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    assert.equal(r.status, 0, 'renderer build');
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Every console error and page error of `page` goes into `problems` (tests end asserting it is empty). */
export function watchProblems(page: Page, problems: string[], name = ''): void {
  const prefix = name ? `${name} ` : '';
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${prefix}console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${prefix}page error: ${e.message}`));
}

/** Poll a value from the page until it satisfies `ok`. */
export async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}
