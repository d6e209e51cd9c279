/**
 * Node releases in the app, end to end in Chromium against browser mode: the driver panel's Node select
 * (the default labelled as such, capabilities following the release), a run on a release other than the
 * default whose card names that release and whose code sees it, a Compare column on a release of its own,
 * and a matrix over two releases with one column group each. No download in the app: the newest 22.x and
 * 20.x are installed into the repository's cache (node_modules/.cache/workbench-node) before it starts, then
 * the registry is pointed at a closed port, so the list is the installed releases and says the registry could
 * not be reached. Writes screenshots at 1280×720 and 1440 wide.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { SHOTS, until } from './e2e-browser.ts';
import { useBrowserMode, workbenchActions } from './browser-mode.ts';
import { ensureNode, installedNode, listNodeReleases } from '../../../engine/node-versions/index.ts';

process.env.WORKBENCH_NODE_CACHE ??= fileURLToPath(
  new URL('../../../../node_modules/.cache/workbench-node', import.meta.url),
);
// The two releases the test needs, installed first with the real registry (a fresh clone downloads them once,
// ~100 MB; later runs find them in the cache), whatever order the test files run in.
for (const spec of ['22', '20']) {
  const wanted = (await listNodeReleases()).filter((v) => v.startsWith(`${spec}.`)).at(-1);
  if (wanted && !installedNode(wanted)) await ensureNode(wanted);
}
// Then offline on purpose: the app must not download, and the list must still answer with the installed releases.
process.env.npm_config_registry = 'http://127.0.0.1:9/';

/**
 * The cached releases other than the default's major: the newest of each line first (two releases of
 * different lines where the cache has them), then the rest, newest first.
 */
function cachedReleases(defaultMajor: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(process.env.WORKBENCH_NODE_CACHE!);
  } catch {
    // Reported by the assertion below.
  }
  const newestFirst = names
    .filter((v) => installedNode(v) !== undefined && v.split('.')[0] !== defaultMajor)
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  const heads = newestFirst.filter((v, i) => newestFirst.findIndex((w) => w.split('.')[0] === v.split('.')[0]) === i);
  return [...heads, ...newestFirst.filter((v) => !heads.includes(v))];
}

let page: Page;
const session = useBrowserMode((s) => ({ page } = s));
const { setCode, choose, setTimeoutMs, clickRun, runAndFinish } = workbenchActions(() => page);

describe('Node releases in the app', () => {
  let releases: string[] = [];
  let defaultVersion = '';

  test('the Node select: the default labelled as such, the cached releases, capabilities per release', async () => {
    defaultVersion = session.supervisor.runtime.version.replace(/^v/, '');
    releases = cachedReleases(defaultVersion.split('.')[0]!);
    assert.ok(
      releases.length >= 2,
      `two cached Node releases besides ${defaultVersion} are needed (run electron/engine/test/node-versions.test.ts once): found ${releases.join(', ') || 'none'}`,
    );
    const select = page.getByLabel('Node', { exact: true });
    await until(
      () => select.locator('option').count(),
      (n) => n > releases.length,
      'the Node releases to be listed',
    );
    assert.equal(await select.inputValue(), '', 'the default is chosen');
    assert.equal((await select.locator('option').first().innerText()).trim(), `Node ${defaultVersion} (default)`);
    const labels = (await select.locator('option').allInnerTexts()).map((t) => t.trim());
    for (const v of releases)
      assert.ok(labels.includes(`Node ${v}`), `${v} offered as installed: ${labels.join(' | ')}`);
    assert.match(
      (await select.getAttribute('title')) ?? '',
      /Installed releases only: the registry could not be reached/,
    );

    // On the default release isolated-vm runs in a child; on an older one it has no prebuild, and the panel says so.
    await choose('process');
    const ivm = page.getByLabel('Evaluator').locator('option[value="isolated-vm"]');
    assert.equal(await ivm.isDisabled(), false);
    await select.selectOption(releases[0]!);
    await until(
      () => ivm.isDisabled(),
      (d) => d,
      'isolated-vm to be unavailable on the release',
    );
    assert.match(
      (await ivm.getAttribute('title')) ?? '',
      new RegExp(`no prebuilt addon for Node ${releases[0]!.replace(/\./g, '\\.')}`),
    );
  });

  test('a run on a release other than the default: the card says it and the code sees it', async () => {
    await page.getByLabel('Node', { exact: true }).selectOption(releases[0]!);
    for (const boundary of ['process', 'worker']) {
      await choose(boundary);
      await setTimeoutMs(10_000);
      await setCode('process.version');
      const run = await runAndFinish(clickRun);
      assert.equal(await run.getAttribute('data-status'), 'ok');
      assert.equal((await run.getByRole('region', { name: 'Result' }).innerText()).trim(), `v${releases[0]}`);
      assert.equal(await run.locator('.node-release').innerText(), `Node ${releases[0]}`);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: `${SHOTS}/node-release-run.png` });
    // Back to the default: the card says the default release.
    await page.getByLabel('Node', { exact: true }).selectOption('');
    const run = await runAndFinish(clickRun);
    assert.equal((await run.getByRole('region', { name: 'Result' }).innerText()).trim(), `v${defaultVersion}`);
    assert.equal(await run.locator('.node-release').innerText(), `Node ${defaultVersion}`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('Compare: each column on its own release', async () => {
    await setCode('process.version');
    await page.locator('.compare summary').click();
    const picker = page.getByRole('group', { name: 'Compare drivers' });
    for (const d of ['worker', 'process']) await picker.getByLabel(d, { exact: true }).check();
    await page.getByLabel('Node for process').selectOption(releases[1]!);
    await page.screenshot({ path: `${SHOTS}/node-compare-picker.png` });
    await page.locator('.compare summary').click();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const cards = page.locator('article.run');
    await until(
      async () => {
        // One read of every card: Compare replaces the list once both runs started, so a count followed by
        // nth(i) can ask for a card that is gone by then (and wait Playwright's 30 s for it). Until then the
        // earlier tests' finished cards are listed too: only the two compared cards, both ended, are the answer.
        const states = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
        return states.length === 2 && states.every((s) => s !== 'running') ? states.length : 0;
      },
      (n) => n === 2,
      'both Compare runs to finish',
      30_000,
    );
    const shown = await Promise.all(
      (await cards.all()).map(async (c) => ({
        label: await c.locator('header strong').innerText(),
        node: await c.locator('.node-release').innerText(),
        result: (await c.getByRole('region', { name: 'Result' }).innerText()).trim(),
      })),
    );
    assert.deepEqual(
      shown.map((s) => `${s.node} → ${s.result}`).sort(),
      [`Node ${defaultVersion} → v${defaultVersion}`, `Node ${releases[1]} → v${releases[1]}`].sort(),
    );
    assert.ok(
      shown.some((s) => s.label === `process · Node ${releases[1]}`),
      JSON.stringify(shown),
    );
  });

  test('the top bar stays one line at 1280 and 1440 px with a Compare column on another release', async () => {
    // The summary counts the columns then (names with releases would not fit); all of them are in its tooltip.
    assert.equal(await page.locator('.compare summary').innerText(), '2 drivers');
    assert.match(
      (await page.locator('.compare summary').getAttribute('title')) ?? '',
      new RegExp(`process@${releases[1]!.replace(/\./g, '\\.')}`),
    );
    try {
      for (const width of [1280, 1440]) {
        await page.setViewportSize({ width, height: 800 });
        const bar = await page.locator('header.topbar').boundingBox();
        const run = await page.getByRole('button', { name: 'Run', exact: true }).boundingBox();
        assert.ok(
          bar && run && bar.height < run.height * 2.2,
          `${width} px: top bar ${bar?.height} px for buttons of ${run?.height} px`,
        );
        await page.screenshot({ path: `${SHOTS}/node-release-${width}.png` });
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  test('a matrix over two releases: one column group each, every cell on its release', async () => {
    await page.getByRole('button', { name: 'Matrix', exact: true }).click();
    const setup = page.getByRole('region', { name: 'Matrix setup' });
    for (const all of ['All probes', 'All available drivers']) {
      await setup.getByLabel(all).check();
      await setup.getByLabel(all).uncheck();
    }
    const box = setup.getByRole('checkbox', { name: 'env-process-env', exact: true });
    if (!(await box.isVisible()))
      await setup.locator('details').filter({ hasText: 'env-process-env' }).locator('.category-name').click();
    await box.check();
    await setup.getByRole('checkbox', { name: 'worker', exact: true }).check();
    const nodes = setup.getByRole('group', { name: 'Node releases' });
    for (const v of releases.slice(0, 2)) await nodes.getByLabel(`Node ${v}`, { exact: true }).check();
    assert.match(await setup.innerText(), /1 probe\(s\) × 1 driver\(s\)\s*× 2 Node release\(s\) = 2 cells/);
    await page.getByRole('button', { name: 'Run matrix' }).click();
    const results = page.getByRole('region', { name: 'Matrix results' });
    await until(
      async () => `${await results.getAttribute('data-state')} ${await results.getAttribute('data-done')}`,
      (s) => s === 'done 2',
      'the matrix to finish both cells',
      60_000,
    );
    const groups = results.locator('th.node-group');
    assert.deepEqual(
      await groups.allInnerTexts(),
      releases.slice(0, 2).map((v) => `Node ${v}`),
    );
    const cells = results.locator('button[data-probe="env-process-env"]');
    assert.deepEqual(
      (await Promise.all((await cells.all()).map((c) => c.getAttribute('data-driver')))).sort(),
      releases
        .slice(0, 2)
        .map((v) => `worker@${v}`)
        .sort(),
    );
    assert.deepEqual(await results.locator('th.driver-col').allInnerTexts(), ['worker', 'worker']);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: `${SHOTS}/node-matrix.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    // A cell opens in the workbench with its release chosen.
    await cells.first().click();
    await until(
      () => page.getByLabel('Node', { exact: true }).inputValue(),
      (v) => v === releases[0],
      'the cell release in the Node select',
    );
    assert.equal(await page.getByLabel('Boundary').inputValue(), 'worker');
  });

  test('no console errors and no CSP violations', () => {
    assert.deepEqual(session.problems, []);
  });
});
