/**
 * Electron smoke test: start the built app with Playwright's Electron launcher, run 1+1 through the real
 * IPC path (preload → sender check → contract → supervisor), quit. Where the Electron binary cannot be
 * downloaded (these CI machines), the test is skipped with the reason printed; .github/workflows/ci.yml
 * runs it on Linux, macOS and Windows where it can.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pathFile = `${root}node_modules/electron/path.txt`;
const binary = existsSync(pathFile)
  ? `${root}node_modules/electron/dist/${readFileSync(pathFile, 'utf8').trim()}`
  : undefined;
const why =
  binary && existsSync(binary)
    ? undefined
    : 'the Electron binary is not installed here (its download is outside the npm registry)';

test('the desktop app runs 1+1 through the real IPC path', { skip: why ?? false }, async () => {
  const built = spawnSync(process.execPath, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  assert.equal(built.status, 0, 'electron-vite build');
  const app = await _electron.launch({ executablePath: binary!, args: [root] });
  try {
    const page = await app.firstWindow();
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await page.locator('.monaco-editor').first().click();
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+A' : 'Control+A');
    await page.keyboard.insertText('1+1');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // Locators, not string evaluation: the app's CSP forbids eval, Playwright's included.
    await page.locator('article.run[data-status="ok"]').first().waitFor({ timeout: 30_000 });
    assert.equal((await page.getByRole('region', { name: 'Result' }).first().innerText()).trim(), '2');

    // The shortcut runs once, whether the editor, the page or the Run menu's accelerator takes it.
    await page.locator('.monaco-editor').first().click();
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+Enter' : 'Control+Enter');
    await page.locator('article.run[data-status="ok"]').nth(1).waitFor({ timeout: 30_000 });

    // Hosts in Electron's utilityProcess: a worker run works there, isolated-vm says why it cannot.
    await page.getByLabel('Host runtime').selectOption('electron-utility');
    await page.getByLabel('Boundary').selectOption('worker');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('article.run[data-status="ok"]').nth(2).waitFor({ timeout: 30_000 });
  } finally {
    await app.close();
  }
});
