/**
 * End to end in Debian's Chromium against browser mode: the real renderer bundle, the real web host and
 * engine. Types into Monaco, runs under worker and process, watches the charts draw, stops runaways, sees
 * the env breach, compares two drivers — and fails on any console error or CSP violation. Writes the
 * README's screenshots. (What a first user hit is in first-use.e2e.test.ts.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { SHOTS, until } from './e2e-browser.ts';
import { useBrowserMode, workbenchActions } from './browser-mode.ts';

let page: Page;
const session = useBrowserMode((s) => ({ page } = s));
const problems = session.problems;
const { setCode, choose, setTimeoutMs, clickRun, runAndFinish } = workbenchActions(() => page);

describe('browser mode', () => {
  test('the main screen, with the driver panel teaching what each driver enforces', async () => {
    await assert.doesNotReject(page.getByLabel('Boundary').waitFor());
    // The starter's hint names the file canary where the default driver (worker) finds it: in its working folder.
    const starter = (await page.locator('.monaco-editor .view-lines').innerText()).replaceAll('\u00a0', ' ');
    assert.match(starter, /__hostSecret, canary\.txt \(\.\.\/canary\.txt from a process guest's jail\)/);
    assert.equal(await page.getByLabel('Boundary').inputValue(), 'worker');
    const boundaries = await page.getByLabel('Boundary').locator('option').allTextContents();
    assert.deepEqual(boundaries, ['host', 'worker', 'process', 'os-sandbox']);
    await choose('host');
    assert.equal(await page.getByLabel('Memory (MB)').isDisabled(), true, 'memory cannot be limited in the host');
    await choose('worker');
    assert.equal(await page.getByLabel('Memory (MB)').isDisabled(), false);
    // The policy hint gives its reason once, in one sentence.
    const hint = await page.getByRole('region', { name: 'Driver' }).innerText();
    assert.match(
      hint,
      /Not applied under worker: the Permission Model is per process and the thread shares the host process\./,
    );
    assert.doesNotMatch(hint, /not applied: /);
    // The host runtime setting: the system Node is chosen; Electron's utility process is offered but
    // disabled outside the desktop app, with the reason.
    const runtime = page.getByLabel('Host runtime');
    assert.equal(await runtime.inputValue(), 'node');
    assert.match(await runtime.locator('option[value="node"]').innerText(), /^Node v2\d\.\d+\.\d+$/);
    const utility = runtime.locator('option[value="electron-utility"]');
    assert.equal(await utility.isDisabled(), true);
    assert.match((await utility.getAttribute('title')) ?? '', /utility process: only in the desktop app/);
    await page.screenshot({ path: `${SHOTS}/main.png` });
  });

  for (const boundary of ['worker', 'process']) {
    test(`type code in Monaco and run it under ${boundary}: console line and result`, async () => {
      await choose(boundary);
      await setTimeoutMs(5000);
      await setCode(`console.log("hello from ${boundary}");\n6 * 7`);
      const run = await runAndFinish(clickRun);
      assert.equal(await run.getAttribute('data-status'), 'ok');
      assert.match(
        await run.getByRole('region', { name: 'Console' }).innerText(),
        new RegExp(`log hello from ${boundary}`),
      );
      assert.equal((await run.getByRole('region', { name: 'Result' }).innerText()).trim(), '42');
    });
  }

  test('charts receive new points while a run is alive', async () => {
    await choose('worker');
    await setCode('new Promise((r) => setTimeout(r, 8000))');
    const done = runAndFinish(clickRun);
    const memory = page.getByRole('region', { name: 'Charts' }).locator('figure[aria-label^="Memory"]').first();
    await memory.waitFor();
    await until(
      () => memory.getAttribute('data-points'),
      (n) => Number(n) >= 3,
      'three chart points',
      5000,
    );
    const early = Number(await memory.getAttribute('data-points'));
    const pathEarly = await memory.locator('path.recharts-curve').first().getAttribute('d');
    // Growth, not a fixed wait: on a loaded machine a tick can come late, but it comes while the run lives.
    await until(
      () => memory.getAttribute('data-points'),
      (n) => Number(n) > early,
      'more chart points',
      7000,
    );
    const later = Number(await memory.getAttribute('data-points'));
    const pathLater = await memory.locator('path.recharts-curve').first().getAttribute('d');
    assert.ok(later > early, `points grew: ${early} → ${later}`);
    assert.notEqual(pathLater, pathEarly, 'the drawn line changed');
    // A tooltip gives values with their unit and a few digits, never a raw float.
    // The chart redraws as points arrive, which can drop a tooltip: move over it until one shows.
    const wrapper = memory.locator('.recharts-wrapper');
    const grid = memory.locator('.recharts-cartesian-grid');
    const tip = memory.locator('.recharts-tooltip-wrapper');
    let step = 0;
    await until(
      async () => {
        // hover() scrolls the chart into view first (it sits below the run cards). The point is inside the plot
        // itself: with several runs side by side the legend wraps and takes the lower part of the chart.
        const chart = await wrapper.boundingBox();
        const plot = await grid.boundingBox();
        if (chart && plot)
          await wrapper.hover({
            position: {
              x: plot.x - chart.x + plot.width * (0.3 + 0.05 * (step++ % 8)),
              y: plot.y - chart.y + plot.height * 0.5,
            },
          });
        return tip.innerText();
      },
      (t) => /MB/.test(t),
      'the tooltip',
      10_000,
    );
    const text = await tip.innerText();
    assert.match(text, /\d+(\.\d{1,2})? MB/);
    assert.doesNotMatch(text, /\d\.\d{3,}/, text);
    await done;
  });

  test('a while (true) run is stopped by Stop', async () => {
    await choose('worker');
    await setTimeoutMs(30_000);
    await setCode('while (true) {}');
    const run = await runAndFinish(async () => {
      await clickRun();
      await page.locator('article.run[data-status="running"]').first().waitFor();
      await page.waitForTimeout(300);
      await page.getByRole('button', { name: 'Stop', exact: true }).first().click();
    });
    assert.equal(await run.getAttribute('data-status'), 'killed');
    // A stopped run has no completion value and its console is finished, not waiting.
    assert.equal(await run.getByRole('region', { name: 'Result' }).innerText(), 'no result (killed)');
    assert.match(await run.innerText(), /No output\./);
    assert.doesNotMatch(await run.innerText(), /No output yet|undefined/);
  });

  test('a while (true) run is stopped by its timeout', async () => {
    await choose('process');
    await setTimeoutMs(500);
    await setCode('while (true) {}');
    const run = await runAndFinish(clickRun);
    assert.equal(await run.getAttribute('data-status'), 'timeout');
    assert.match(await run.getByRole('region', { name: 'Verdict' }).innerText(), /stopped by kill-child/);
  });

  test('process with the default env shows an env breach; with an env allow-list, none', async () => {
    await choose('process');
    await setTimeoutMs(5000);
    await setCode('process.env.WORKBENCH_CANARY');
    let run = await runAndFinish(clickRun);
    assert.match(await run.getByRole('region', { name: 'Verdict' }).innerText(), /Escaped[\s\S]*env/);
    await run.getByRole('region', { name: 'Verdict' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/run-verdict.png` });
    await page.evaluate('window.scrollTo(0, 0)').catch(() => page.mouse.wheel(0, -5000));
    await page.getByLabel('Env allow-list').fill('PATH');
    run = await runAndFinish(clickRun);
    assert.match(await run.getByRole('region', { name: 'Verdict' }).innerText(), /Contained/);
    await page.getByLabel('Env allow-list').fill('');
  });

  test('a memory budget below the driver’s minimum is refused by the form, naming the minimum', async () => {
    await choose('worker');
    const runs = await page.locator('[data-status]').count();
    await page.getByLabel('Memory (MB)').fill('1');
    const alert = page.locator('#memory-problem');
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.match(await alert.innerText(), /^Memory: 1 MB is below the minimum for worker, \d+ MB/);
    const runButton = page.getByRole('button', { name: 'Run', exact: true });
    assert.equal(await runButton.isDisabled(), true);
    // The keyboard shortcut is refused too, with the same words, and nothing is started.
    await page.locator('.monaco-editor').first().click();
    await page.keyboard.press('Control+Enter');
    await until(
      () => page.locator('.error').allInnerTexts(),
      (texts) => texts.some((t) => /^worker: Memory: 1 MB is below the minimum/.test(t)),
      'the refusal on Ctrl+Enter',
    );
    assert.equal(await page.locator('[data-status]').count(), runs);
    await page.getByLabel('Memory (MB)').fill('');
    assert.equal(await alert.count(), 0);
    assert.equal(await runButton.isDisabled(), false);
  });

  test('Compare shows two runs and their charts at once', async () => {
    await setTimeoutMs(5000);
    await setCode('new Promise((r) => setTimeout(() => r("done"), 1500))');
    // worker and process are the default choice; open the picker to check it says so.
    await page.locator('.compare summary').click();
    const picker = page.getByRole('group', { name: 'Compare drivers' });
    assert.equal(await picker.getByLabel('worker', { exact: true }).isChecked(), true);
    assert.equal(await picker.getByLabel('process', { exact: true }).isChecked(), true);
    await page.locator('.compare summary').click();
    await page.getByRole('button', { name: 'Compare' }).click();
    const columns = page.getByRole('region', { name: 'Charts' }).locator('.chart-col');
    await until(
      () => columns.count(),
      (n) => n >= 2,
      'two chart columns',
    );
    await until(
      () => columns.count(),
      (n) => n === 2,
      'only the two compared runs',
    );
    const drivers = await columns.locator('h3').allTextContents();
    assert.deepEqual(drivers.sort(), ['process', 'worker']);
    for (const col of [columns.nth(0), columns.nth(1)]) {
      await until(
        () => col.locator('figure').first().getAttribute('data-points'),
        (n) => Number(n) >= 2,
        'points in both columns',
        5000,
      );
    }
    await page.screenshot({ path: `${SHOTS}/compare.png` });
  });

  test('Node hardening flags from the driver panel: applied under process, only what a worker can take', async () => {
    const flags = page.getByRole('group', { name: 'Node hardening flags' });
    const noStrings = flags.getByRole('checkbox', { name: 'disallow-code-generation-from-strings' });
    await choose('process');
    // Folded in the panel; the summary says which are on.
    const summary = page.locator('details.hardening > summary');
    assert.match(await summary.innerText(), /Node hardening flags: none/);
    await summary.click();
    await noStrings.check();
    assert.match(await summary.innerText(), /Node hardening flags: disallow-code-generation-from-strings/);
    await setTimeoutMs(5000);
    await setCode('eval("1 + 1")');
    const run = await runAndFinish(clickRun);
    assert.equal(await run.getAttribute('data-status'), 'error');
    assert.match(
      await run.getByRole('region', { name: 'Result' }).innerText(),
      /Code generation from strings disallowed/,
    );
    // A worker's execArgv takes only --frozen-intrinsics: the others show unchecked and disabled, with why.
    await choose('worker');
    assert.equal(await noStrings.isDisabled(), true);
    assert.equal(await noStrings.isChecked(), false);
    assert.equal(await flags.getByRole('checkbox', { name: 'frozen-intrinsics' }).isDisabled(), false);
    assert.match(await flags.innerText(), /Under worker only frozen-intrinsics/);
    // Back under process the choice is still there; unchecked again for the tests after this one.
    await choose('process');
    assert.equal(await noStrings.isChecked(), true);
    await noStrings.uncheck();
    await summary.click();
  });

  test('no console errors and no CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
