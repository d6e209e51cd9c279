/**
 * End to end in Debian's Chromium against browser mode: what a first user hit (issue 14), each kept fixed —
 * the answer on the first screen after Run, limit fields that keep what is typed, no keystroke lost at full
 * speed under load, a token problem that says which address to open, errors with their line and column, a
 * top bar that stays one line. Fails on any console error or CSP violation.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { until } from './e2e-browser.ts';
import { useBrowserMode, workbenchActions } from './browser-mode.ts';
import type { Supervisor } from '../../../engine/supervisor.ts';
import type { WebHost } from '../server.ts';

let supervisor: Supervisor;
let host: WebHost;
let browser: Browser;
let page: Page;
const session = useBrowserMode((s) => ({ supervisor, host, browser, page } = s));
const { setCode, choose, setTimeoutMs, clickRun, runAndFinish } = workbenchActions(() => page);

describe('first use', () => {
  test('after Run, the status, result and verdict are on screen at 1280×720 without scrolling', async () => {
    const small = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await small.goto(host.url);
      await small.getByRole('button', { name: 'Run', exact: true }).click();
      const card = small.locator('article.run').first();
      await until(
        () => card.getAttribute('data-status'),
        (s) => s !== 'running',
        'the run to end',
        30_000,
      );
      assert.equal(await small.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY), 0);
      for (const part of [
        card.locator('header').first(),
        card.getByRole('region', { name: 'Result' }),
        card.getByRole('region', { name: 'Verdict' }),
      ]) {
        const box = await part.boundingBox();
        assert.ok(
          box && box.y >= 0 && box.y + box.height <= 720,
          `${JSON.stringify(box)} is not within the first screen`,
        );
      }
    } finally {
      await small.close();
    }
  });

  test('the driver panel shows every field at 1280×720 under every boundary, without a scroll of its own', async () => {
    const small = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await small.goto(host.url);
      const boundary = small.getByRole('combobox', { name: 'Boundary' });
      await boundary.waitFor();
      const values = await boundary
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      assert.ok(values.length >= 4, `boundaries: ${values.join(', ')}`);
      for (const value of values) {
        await boundary.selectOption(value);
        const panel = small.locator('.driver-column > .panel');
        const { scrollHeight, clientHeight, bottom } = await panel.evaluate((el) => ({
          scrollHeight: el.scrollHeight,
          clientHeight: el.clientHeight,
          bottom: el.getBoundingClientRect().bottom,
        }));
        assert.ok(scrollHeight <= clientHeight + 1, `${value}: the panel scrolls (${scrollHeight} > ${clientHeight})`);
        assert.ok(bottom <= 720, `${value}: the panel ends below the window (${bottom})`);
        // Its last field is on the first screen.
        const last = await panel.locator('input:visible, select:visible, summary:visible').last().boundingBox();
        assert.ok(last && last.y + last.height <= 720, `${value}: last field at ${JSON.stringify(last)}`);
      }
    } finally {
      await small.close();
    }
  });

  test('limit fields keep what is typed; what is not a whole number in range is said beside them and Run refuses', async () => {
    await choose('worker');
    const timeout = page.getByLabel('Timeout (ms)');
    const run = page.getByRole('button', { name: 'Run', exact: true });
    await timeout.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('5000');
    for (const left of ['500', '50', '5', '']) {
      await page.keyboard.press('Backspace');
      assert.equal(await timeout.inputValue(), left);
    }
    assert.match(
      await page.locator('#timeout-problem').innerText(),
      /Timeout must be a whole number of ms from 1 to 600000/,
    );
    assert.ok(await run.isDisabled());
    await page.keyboard.type('3000');
    assert.equal(await timeout.inputValue(), '3000');
    assert.equal(await page.locator('#timeout-problem').count(), 0);
    assert.ok(await run.isEnabled());
    for (const [text, why] of [
      ['2.5', /"2.5" is not one/],
      ['0', /0 is out of range/],
      ['700000', /700000 is out of range/],
    ] as const) {
      await timeout.fill(text);
      assert.match(await page.locator('#timeout-problem').innerText(), why);
      assert.ok(await run.isDisabled(), text);
      // The shortcut refuses too, with the same words, and starts nothing.
      await page.locator('.monaco-editor').first().click();
      await page.keyboard.press('Control+Enter');
      assert.match(await page.getByRole('alert').first().innerText(), /Timeout must be a whole number/);
      assert.equal(await page.locator('article.run[data-status="running"]').count(), 0);
      assert.equal(supervisor.activeRuns, 0);
    }
    const memory = page.getByLabel('Memory (MB)');
    await memory.fill('12.5');
    assert.match(await page.locator('#memory-problem').innerText(), /Memory must be a whole number of MB/);
    await memory.fill('');
    assert.equal(await page.locator('#memory-problem').count(), 0);
    await timeout.fill('5000');
    assert.ok(await run.isEnabled());
  });

  test('typing at full keyboard speed while runs are live loses and reorders nothing', async () => {
    // Load first: four live runs feeding samples and output into the page while the keys go in.
    await setCode('setTimeout(() => {}, 6000); console.log("busy")');
    await setTimeoutMs(10_000);
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Run', exact: true }).click();
    // Several runs of one driver are told apart: on their cards, their charts and their CSV buttons.
    await until(
      () => page.locator('article.run').count(),
      (n) => n >= 4,
      'four run cards',
    );
    const cards = await page.locator('article.run').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.equal(new Set(cards).size, cards.length, cards.join(', '));
    assert.ok(cards.includes('Run worker #2'), cards.join(', '));
    const csv = await page
      .getByRole('region', { name: 'Charts' })
      .getByRole('button', { name: /^CSV / })
      .allInnerTexts();
    assert.equal(new Set(csv).size, csv.length, csv.join(', '));
    await page.locator('.monaco-editor').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    const typed = 'console.log(process.env.WORKBENCH_CANARY) // typed with no pause between keys 0123456789';
    await page.keyboard.type(typed, { delay: 0 });
    const stored = (): Promise<string | null> => page.evaluate(() => localStorage.getItem('workbench.code'));
    await until(stored, (v) => v === typed, 'the app to hold exactly what was typed', 5000);
    assert.equal((await page.locator('.monaco-editor .view-lines').innerText()).replaceAll('\u00a0', ' '), typed);
    // The four runs end by themselves (6 s).
  });

  test('a wrong or missing token says which address to open', async () => {
    // Its own page: the refused socket is a console error there, by design.
    const other = await browser.newPage();
    try {
      const url = new URL(host.url);
      url.searchParams.set('token', 'not-the-token');
      await other.goto(url.href);
      assert.match(
        await other.getByRole('alert').innerText(),
        /refused this page’s token.*`npm start` or `npm run web` printed last/,
      );
      url.searchParams.delete('token');
      await other.goto(url.href);
      assert.match(await other.getByRole('alert').innerText(), /No token in the address.*`npm start` or `npm run web`/);
    } finally {
      await other.close();
    }
  });

  test('an error says where in the code it happened', async () => {
    await choose('worker');
    await setTimeoutMs(5000);
    await setCode('1;\n\n  null.x;');
    const run = await runAndFinish(clickRun);
    assert.equal(await run.getAttribute('data-status'), 'error');
    assert.match(await run.getByRole('region', { name: 'Result' }).innerText(), /\(at line 3, column 8 of the code\)/);
  });

  test('the top bar stays one line at 1440 px with four Compare drivers chosen', async () => {
    const wide = await browser.newPage({ viewport: { width: 1440, height: 800 } });
    try {
      await wide.goto(host.url);
      await wide.getByRole('button', { name: 'Run', exact: true }).waitFor();
      await wide.locator('.compare summary').click();
      const picker = wide.getByRole('group', { name: 'Compare drivers' });
      for (const d of ['host', 'os-sandbox']) await picker.getByLabel(d, { exact: true }).check();
      await wide.locator('.compare summary').click();
      assert.equal(await wide.locator('.compare summary').innerText(), '4 drivers');
      const bar = await wide.locator('header.topbar').boundingBox();
      const run = await wide.getByRole('button', { name: 'Run', exact: true }).boundingBox();
      assert.ok(
        bar && run && bar.height < run.height * 2.2,
        `top bar ${bar?.height} px for buttons of ${run?.height} px`,
      );
    } finally {
      await wide.close();
    }
  });

  test('no console errors and no CSP violations', () => {
    assert.deepEqual(session.problems, []);
  });
});
