/**
 * End to end in Debian's Chromium against browser mode: the probe library and the matrix. Opens a probe
 * from the sidebar (search, click) and runs it; runs a small matrix from the Matrix page and watches the
 * heat-map fill; opens a cell back into the editor with its driver preselected; exports the report; cancels
 * a running matrix and checks that no run is left. Fails on any console error or CSP violation. Writes the
 * README's matrix screenshot.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { RENDERER_DIR, SHOTS, launchChromium, watchProblems, until } from './e2e-browser.ts';
import { Supervisor } from '../../../engine/supervisor.ts';
import { startWebHost, type WebHost } from '../server.ts';

let supervisor: Supervisor;
let host: WebHost;
let browser: Browser;
let page: Page;
const problems: string[] = [];

before(async () => {
  supervisor = new Supervisor();
  host = await startWebHost({ supervisor, rootDir: RENDERER_DIR });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  watchProblems(page, problems);
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
  await page.locator('.monaco-editor').first().waitFor();
});

after(async () => {
  await browser?.close();
  await supervisor?.dispose();
  await host?.close();
});

const probesRegion = (): Locator => page.getByRole('region', { name: 'Probes' });
const setup = (): Locator => page.getByRole('region', { name: 'Matrix setup' });
const results = (): Locator => page.getByRole('region', { name: 'Matrix results' });
/** The editor's visible text (Monaco renders spaces as no-break spaces). */
const editorText = async (): Promise<string> =>
  (await page.locator('.monaco-editor .view-lines').innerText()).replaceAll('\u00a0', ' ');

/** Choose exactly these probes (by id) and drivers on the Matrix page. */
async function chooseMatrix(probes: { categories?: string[]; ids?: string[] }, drivers: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Matrix', exact: true }).click();
  // Check first: a partly chosen set shows as indeterminate (unchecked), so unchecking alone would keep it.
  for (const all of ['All probes', 'All available drivers']) {
    await setup().getByLabel(all).check();
    await setup().getByLabel(all).uncheck();
  }
  for (const c of probes.categories ?? []) await setup().getByLabel(`Category ${c}`).check();
  for (const id of probes.ids ?? []) {
    // Single probes sit in their category's collapsed list: open it by its name.
    const details = setup()
      .locator('details')
      .filter({ has: page.locator(`input[type="checkbox"]`) })
      .filter({ hasText: id });
    const box = setup().getByRole('checkbox', { name: id, exact: true });
    if (!(await box.isVisible())) await details.locator('.category-name').click();
    await box.check();
  }
  for (const d of drivers) await setup().getByRole('checkbox', { name: d, exact: true }).check();
}

async function waitForMatrixEnd(timeoutMs: number): Promise<{ state: string; done: number; total: number }> {
  const read = async (): Promise<{ state: string; done: number; total: number }> => ({
    state: (await results().getAttribute('data-state')) ?? '',
    done: Number(await results().getAttribute('data-done')),
    total: Number(await results().getAttribute('data-total')),
  });
  // Right after Run, the page may still show the previous matrix as done while the new total is already in:
  // a matrix has ended when it says so and, if done, has all its cells.
  return until(
    read,
    (m) => m.state === 'cancelled' || m.state === 'failed' || (m.state === 'done' && m.done === m.total),
    'the matrix to end',
    timeoutMs,
  );
}

describe('probe library and matrix in browser mode', () => {
  test('open a probe from the sidebar: code in the editor, a driver preselected, its explanation; run it', async () => {
    await probesRegion().getByLabel('Search probes').fill('WORKBENCH_CANARY process.env');
    const item = probesRegion().getByRole('button', { name: 'Read WORKBENCH_CANARY from process.env' });
    const shown = await probesRegion().getByRole('button').count();
    assert.ok(shown >= 1 && shown <= 3, `the search narrows the list to ${shown}`);
    await item.click();
    const info = page.getByRole('region', { name: 'Probe explanation' });
    await info.waitFor();
    assert.equal(await info.getAttribute('data-probe'), 'env-process-env');
    assert.match(await info.innerText(), /Goal[\s\S]*Read the environment canary[\s\S]*Technique[\s\S]*process\.env/);
    assert.equal(await item.getAttribute('aria-current'), 'true');
    await until(editorText, (t) => t.includes('id: env-process-env'), 'the probe code in the editor');
    // A sensible driver: the first where the probe expects to show its escape.
    assert.equal(await page.getByLabel('Boundary').inputValue(), 'worker');
    assert.equal(await page.getByLabel('Evaluator').inputValue(), 'plain');
    assert.equal(await page.getByLabel('Timeout (ms)').inputValue(), '2000', "the matrix cell's limits");
    assert.match(await info.innerText(), /under worker: escaped/);
    assert.match(await info.innerText(), /worker is preselected/);
    // Another driver chosen: the explanation follows it and no longer claims worker is preselected.
    await page.getByLabel('Boundary').selectOption('process');
    await until(
      () => info.innerText(),
      (t) => /under process:/.test(t),
      'the explanation to follow the driver',
    );
    assert.doesNotMatch(await info.innerText(), /worker is preselected/);
    await page.getByLabel('Boundary').selectOption('worker');
    assert.match(await info.innerText(), /worker is preselected/);
    // References open outside the app, without an opener.
    const links = info.getByRole('link');
    assert.ok((await links.count()) >= 1);
    for (const link of await links.all()) {
      assert.match((await link.getAttribute('href')) ?? '', /^https:\/\//);
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    }

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const run = page.locator('article.run').first();
    await run.waitFor();
    await until(
      () => run.getAttribute('data-status'),
      (s) => s !== null && s !== 'running',
      'the run to finish',
    );
    assert.equal(await run.getAttribute('data-status'), 'ok');
    assert.match(await run.getByRole('region', { name: 'Verdict' }).innerText(), /Escaped[\s\S]*env/);
    await probesRegion().getByLabel('Search probes').fill('');
  });

  test('a 2 × 2 matrix from the UI: progress to the end, the heat-map, a cell opened in the editor, exports', async () => {
    await chooseMatrix({ ids: ['env-process-env', 'scope-indirect-eval'] }, ['worker', 'process']);
    assert.match(await setup().innerText(), /2 probe\(s\) × 2 driver\(s\) = 4 cells/);
    await page.getByRole('button', { name: 'Run matrix' }).click();
    const progress = page.getByRole('progressbar', { name: 'Matrix progress' });
    await progress.waitFor();
    const seen = new Set<number>();
    await until(
      async () => {
        const done = Number(await results().getAttribute('data-done'));
        seen.add(done);
        return results().getAttribute('data-state');
      },
      (s) => s === 'done',
      'the matrix to finish',
      60_000,
    );
    assert.equal(await results().getAttribute('data-total'), '4');
    assert.equal(await results().getAttribute('data-done'), '4');
    assert.equal(await progress.getAttribute('value'), '4');
    assert.match(await results().getByRole('status').innerText(), /^4\/4 cells · done/);
    assert.ok([...seen].every((n) => n >= 0 && n <= 4));

    const grid = page.getByRole('table', { name: 'Heat-map' });
    const cells = grid.locator('button[data-verdict]');
    assert.equal(await cells.count(), 4);
    const cell = grid.locator('button[data-probe="env-process-env"][data-driver="process"]');
    assert.equal(await cell.getAttribute('data-verdict'), 'escaped');
    assert.equal((await cell.innerText()).replace('!', ''), 'ESC', 'text, not colour only');
    assert.match((await cell.getAttribute('aria-label')) ?? '', /env-process-env under process: escaped/);
    assert.match(
      await page.getByRole('list', { name: 'Legend' }).innerText(),
      /contained[\s\S]*limit held[\s\S]*escaped[\s\S]*limit bypassed[\s\S]*host crashed/,
    );

    for (const [label, name, check] of [
      ['Export JSON', /\.json$/, (t: string) => (JSON.parse(t) as { cells: unknown[] }).cells.length === 4],
      ['Export Markdown', /\.md$/, (t: string) => t.startsWith('# Isolation matrix')],
      ['Export HTML', /\.html$/, (t: string) => t.startsWith('<!doctype html>')],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: label }).click(),
      ]);
      assert.match(download.suggestedFilename(), name);
      assert.ok(check(readFileSync(await download.path(), 'utf8')), label);
    }

    // A cell opens its probe in the workbench, under its driver.
    await grid.locator('button[data-probe="scope-indirect-eval"][data-driver="process"]').click();
    const info = page.getByRole('region', { name: 'Probe explanation' });
    await until(
      () => info.getAttribute('data-probe'),
      (p) => p === 'scope-indirect-eval',
      'the cell probe to open',
    );
    assert.equal(
      await page.getByRole('button', { name: 'Workbench', exact: true }).getAttribute('aria-current'),
      'page',
    );
    assert.equal(await page.getByLabel('Boundary').inputValue(), 'process');
    assert.equal(await page.getByLabel('Evaluator').inputValue(), 'plain');
    await until(editorText, (t) => t.includes('id: scope-indirect-eval'), 'the cell probe in the editor');
    assert.match(await info.innerText(), /Opened from a matrix cell \(default policy\)/);
  });

  test('a larger matrix fills the heat-map (the README screenshot)', async () => {
    // One or two probes per kind of finding: escapes, a limit held, a limit bypassed, a host killed.
    const ids = [
      'env-process-env',
      'fs-read-canary',
      'fs-write-outside',
      'net-tcp-connect',
      'heap-object-bomb',
      'infinite-loop',
      'kill-own-host',
      'process-exit',
    ];
    await chooseMatrix({ ids }, ['host', 'worker', 'worker+quickjs', 'process']);
    await page.getByRole('button', { name: 'Run matrix' }).click();
    const end = await waitForMatrixEnd(180_000);
    assert.deepEqual(end, { state: 'done', done: 32, total: 32 });
    const grid = page.getByRole('table', { name: 'Heat-map' });
    assert.equal(await grid.locator('button[data-verdict]').count(), 32);
    for (const verdict of ['escaped', 'contained', 'limit-enforced']) {
      assert.ok((await grid.locator(`button[data-verdict="${verdict}"]`).count()) > 0, verdict);
    }
    await page.screenshot({ path: `${SHOTS}/matrix.png` });
  });

  test('Cancel stops a running matrix: its running cells end, no more start, nothing is left running', async () => {
    await chooseMatrix({ categories: ['cpu'] }, ['worker', 'process']);
    await page.getByRole('button', { name: 'Run matrix' }).click();
    await until(
      () => results().getAttribute('data-state'),
      (s) => s === 'running',
      'the matrix to start',
    );
    await until(
      async () => supervisor.activeRuns,
      (n) => n > 0,
      'cells to be running',
    );
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    const end = await waitForMatrixEnd(30_000);
    assert.equal(end.state, 'cancelled');
    assert.ok(end.done < end.total, `${end.done} of ${end.total} cells`);
    assert.match(await results().getByRole('status').innerText(), /cancelled/);
    assert.equal(supervisor.activeRuns, 0, 'no run left behind');
    assert.equal(await page.getByRole('button', { name: 'Run matrix' }).isEnabled(), true);
  });

  test('a page that closes stops its matrix', async () => {
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    other.on('console', (m) => {
      if (m.type() === 'error') problems.push(`second page console: ${m.text()}`);
    });
    await other.goto(host.url);
    await other.getByRole('button', { name: 'Matrix', exact: true }).click();
    const otherSetup = other.getByRole('region', { name: 'Matrix setup' });
    await otherSetup.getByLabel('All probes').uncheck();
    await otherSetup.getByLabel('Category cpu').check();
    await other.getByRole('button', { name: 'Run matrix' }).click();
    await until(
      async () => supervisor.activeRuns,
      (n) => n > 0,
      'cells of the second page to run',
    );
    await other.close();
    await until(
      async () => supervisor.activeRuns,
      (n) => n === 0,
      'the closed page to leave nothing running',
      10_000,
    );
    // And no further cell starts.
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(supervisor.activeRuns, 0);
  });

  test('no console errors and no CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
