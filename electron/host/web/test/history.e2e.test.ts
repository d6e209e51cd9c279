/**
 * End to end in Debian's Chromium against browser mode with a run history in a temp dir: runs from the
 * workbench are listed on the History page after a reload (newest first, filterable), a past run opens with
 * its charts redrawn from the stored samples, two runs compare side by side, a run goes back into the editor,
 * the list follows a run that ends while it is shown, and Delete (after its confirm step) removes a run from
 * the store. A host without a history says why. Fails on any console error or CSP violation; writes the
 * README's history screenshot.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { RENDERER_DIR, SHOTS, launchChromium, watchProblems, until } from './e2e-browser.ts';
import { Supervisor } from '../../../engine/supervisor.ts';
import { openHistory, type HistoryStore } from '../../../engine/history/store.ts';
import { startWebHost, type WebHost } from '../server.ts';

let dataDir: string;
let history: HistoryStore;
let supervisor: Supervisor;
let host: WebHost;
/** The same engine without a history store. */
let bareHost: WebHost;
let browser: Browser;
let page: Page;
const problems: string[] = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'workbench-history-e2e-'));
  history = openHistory(dataDir);
  supervisor = new Supervisor();
  host = await startWebHost({ supervisor, rootDir: RENDERER_DIR, history });
  bareHost = await startWebHost({ supervisor, rootDir: RENDERER_DIR });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchProblems(page, problems, 'page');
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
  await page.locator('.monaco-editor').first().waitFor();
});

after(async () => {
  await browser?.close();
  await supervisor?.dispose();
  await host?.close();
  await bareHost?.close();
  history?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function setCode(code: string): Promise<void> {
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

/** Run the editor's code under `boundary` from the Workbench page; its id once it finished. */
async function runOnWorkbench(boundary: string, code: string, wait = true): Promise<string> {
  await page.getByRole('button', { name: 'Workbench', exact: true }).click();
  await page.getByLabel('Boundary').selectOption(boundary);
  await page.getByLabel('Evaluator').selectOption('plain');
  await page.getByLabel('Timeout (ms)').fill('5000');
  await setCode(code);
  const first = page.locator('article.run').first();
  const before = (await first.count()) > 0 ? await first.getAttribute('data-run') : null;
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const id = await until(
    async () => ((await first.count()) > 0 ? first.getAttribute('data-run') : null),
    (v) => v !== null && v !== before,
    'a new run card',
  );
  if (wait) {
    await until(
      () => page.locator(`article.run[data-run="${id}"]`).getAttribute('data-status'),
      (s) => s !== null && s !== 'running',
      'the run to finish',
    );
  }
  return id!;
}

const historyRegion = (): Locator => page.getByRole('region', { name: 'History' });
const rows = (): Locator => historyRegion().getByRole('table', { name: 'Stored runs' }).locator('tbody tr');
const row = (id: string): Locator => historyRegion().locator(`tr[data-run="${id}"]`);

async function openHistoryPage(): Promise<void> {
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await historyRegion().waitFor();
}

/** A chart drew something: rows counted and a line path with points. */
async function assertDrawn(chart: Locator, what: string): Promise<void> {
  const points = Number(await chart.getAttribute('data-points'));
  assert.ok(points > 0, `${what}: ${points} points`);
  const d = await chart.locator('path.recharts-curve').first().getAttribute('d');
  assert.match(d ?? '', /^M[\d.]+,[\d.]+/, `${what}: a drawn path`);
}

let workerRun = '';
let processRun = '';

describe('run history in browser mode', () => {
  test('runs are saved; after a reload the History page lists them newest first, with filters', async () => {
    workerRun = await runOnWorkbench(
      'worker',
      'console.log("hello history");\nnew Promise((r) => setTimeout(() => r("slept"), 700))',
    );
    processRun = await runOnWorkbench('process', 'process.env.WORKBENCH_CANARY');
    assert.equal(history.count(), 2, 'both runs are in the store');

    await page.reload();
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await openHistoryPage();
    await until(
      () => rows().count(),
      (n) => n === 2,
      'two stored runs',
    );
    assert.deepEqual(
      [await rows().nth(0).getAttribute('data-run'), await rows().nth(1).getAttribute('data-run')],
      [processRun, workerRun],
      'newest first',
    );
    const processCells = await row(processRun).locator('td').allInnerTexts();
    assert.equal(processCells[2], 'process');
    assert.equal(processCells[3], 'ok');
    assert.equal(processCells[4], 'escaped: env');
    assert.match(processCells[5] ?? '', /^\d+(\.\d+)? (ms|s)$/, 'a duration');
    assert.equal((await row(workerRun).locator('td').allInnerTexts())[4], 'contained');
    assert.match(await historyRegion().getByRole('status').first().innerText(), /^2 runs$/);

    await historyRegion().getByLabel('Verdict filter').selectOption('escaped');
    await until(
      () => rows().count(),
      (n) => n === 1,
      'only the escaped run',
    );
    assert.equal(await rows().first().getAttribute('data-run'), processRun);
    await historyRegion().getByLabel('Verdict filter').selectOption('contained');
    await historyRegion().getByLabel('Driver filter').selectOption('worker');
    await until(
      async () => (await rows().count()) === 1 && (await rows().first().getAttribute('data-run')) === workerRun,
      (ok) => ok,
      'only the worker run',
    );
    await historyRegion().getByLabel('Driver filter').selectOption('process');
    await until(
      () => historyRegion().getByText('No stored run matches these filters.').count(),
      (n) => n === 1,
      'an empty result said so',
    );
    await historyRegion().getByRole('button', { name: 'Clear filters' }).click();
    await until(
      () => rows().count(),
      (n) => n === 2,
      'both runs again',
    );
  });

  test('a past run opens as it ran: status, console, result, verdict, workers, and its charts redrawn', async () => {
    await row(workerRun)
      .getByRole('button', { name: /^Open run/ })
      .click();
    const view = historyRegion().getByRole('region', { name: 'Stored run' });
    const card = view.locator(`article.run[data-run="${workerRun}"]`);
    await card.waitFor();
    assert.equal(await card.getAttribute('data-status'), 'ok');
    assert.equal((await card.getByRole('region', { name: 'Result' }).innerText()).trim(), 'slept');
    assert.match(await card.getByRole('region', { name: 'Console' }).innerText(), /stdout hello history/);
    assert.match(await card.getByRole('region', { name: 'Verdict' }).innerText(), /Contained/);
    assert.match(await card.getByRole('region', { name: 'Workers' }).innerText(), /host host pid \d+[\s\S]*thread-1/);
    const charts = view.getByRole('region', { name: 'Charts' });
    for (const name of ['Memory', 'CPU', 'IPC']) {
      await assertDrawn(charts.locator(`figure[aria-label^="${name} of run"]`).first(), name);
    }
    // The samples are the stored ones: as many rows as the run's samples make.
    const stored = history.get(workerRun)!.result!.samples;
    const points = Number(await charts.locator('figure[aria-label^="Memory"]').getAttribute('data-points'));
    assert.ok(points >= 3 && points <= stored.length, `${points} rows from ${stored.length} samples`);
  });

  test('two stored runs compared side by side, each with its charts', async () => {
    const compare = historyRegion().getByRole('button', { name: 'Compare selected' });
    assert.equal(await compare.isDisabled(), true, 'needs two runs');
    await row(workerRun).getByRole('checkbox').check();
    assert.equal(await compare.isDisabled(), true);
    await row(processRun).getByRole('checkbox').check();
    await compare.click();
    const view = historyRegion().getByRole('region', { name: 'Compared runs' });
    await until(
      () => view.locator('article.run').count(),
      (n) => n === 2,
      'two run cards',
    );
    const columns = view.getByRole('region', { name: 'Charts' }).locator('.chart-col');
    assert.deepEqual((await columns.locator('h3').allInnerTexts()).sort(), ['process', 'worker']);
    for (const i of [0, 1]) await assertDrawn(columns.nth(i).locator('figure').first(), `column ${i}`);
    assert.match(
      await view.locator(`article.run[data-run="${processRun}"]`).getByRole('region', { name: 'Verdict' }).innerText(),
      /Escaped[\s\S]*env/,
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${SHOTS}/history.png` });
  });

  test('Open in editor puts the code, language and driver back into the workbench', async () => {
    const view = historyRegion().getByRole('region', { name: 'Compared runs' });
    await view.locator(`header[data-run="${processRun}"]`).getByRole('button', { name: 'Open in editor' }).click();
    assert.equal(
      await page.getByRole('button', { name: 'Workbench', exact: true }).getAttribute('aria-current'),
      'page',
    );
    assert.equal(await page.getByLabel('Boundary').inputValue(), 'process');
    assert.equal(await page.getByLabel('Evaluator').inputValue(), 'plain');
    assert.equal(await page.getByLabel('Timeout (ms)').inputValue(), '5000');
    assert.equal(await page.getByLabel('Language').inputValue(), 'js');
    await until(
      async () => (await page.locator('.monaco-editor .view-lines').innerText()).replaceAll('\u00a0', ' '),
      (t) => t.includes('process.env.WORKBENCH_CANARY'),
      'the stored code in the editor',
    );
  });

  test('the list follows a run that ends while it is shown', async () => {
    const id = await runOnWorkbench('worker', 'new Promise((r) => setTimeout(() => r(1), 1500))', false);
    await openHistoryPage();
    await until(
      async () => ((await row(id).count()) > 0 ? row(id).getAttribute('data-status') : null),
      (s) => s === 'running',
      'the new run listed as running',
    );
    await until(
      () => row(id).getAttribute('data-status'),
      (s) => s === 'ok',
      'the list refreshed when the run ended',
    );
    assert.equal(await rows().count(), 3);
  });

  test('Delete asks first, then removes the run from the list and the store', async () => {
    await row(workerRun)
      .getByRole('button', { name: /^Open run/ })
      .click();
    const view = historyRegion().getByRole('region', { name: 'Stored run' });
    await view.locator(`article.run[data-run="${workerRun}"]`).waitFor();
    await view.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = view.getByRole('group', { name: 'Confirm delete' });
    assert.match(await confirm.innerText(), /cannot be undone/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    assert.ok(history.get(workerRun), 'Cancel keeps it');
    await view.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm.getByRole('button', { name: 'Delete permanently' }).click();
    await until(
      () => row(workerRun).count(),
      (n) => n === 0,
      'the deleted run gone from the list',
    );
    assert.equal(history.get(workerRun), null, 'gone from the store');
    assert.equal(history.count(), 2);
    assert.equal(await historyRegion().getByRole('region', { name: 'Stored run' }).count(), 0, 'its view closed');
    assert.equal(await row(processRun).count(), 1, 'the other run stays');
  });

  test('a host without a history says that history is unavailable, and why', async () => {
    const bare = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    watchProblems(bare, problems, 'bare page');
    await bare.goto(bareHost.url);
    await bare.getByRole('button', { name: 'History', exact: true }).click();
    const region = bare.getByRole('region', { name: 'History' });
    await region.getByRole('heading', { name: 'History is unavailable' }).waitFor();
    assert.match(await region.innerText(), /the run history is not open here/);
    await bare.close();
  });

  test('no console errors and no CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
