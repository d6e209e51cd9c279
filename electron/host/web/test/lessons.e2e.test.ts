/**
 * End to end in Debian's Chromium against browser mode: the Lessons page. Opens the shortest lesson
 * (node:vm is not a security boundary: four steps of a few hundred ms each), checks its Markdown is
 * rendered (code, emphasis, links that open outside the app), loads a step into the workbench, runs every
 * step from the lesson until each matched its expectation and the check passed, and finds the progress
 * again after a reload. Fails on any console error or CSP violation; writes the README's lesson screenshot.
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

const LESSON = 'vm-is-not-a-boundary';
const STEPS = 4;

let dataDir: string;
let history: HistoryStore;
let supervisor: Supervisor;
let host: WebHost;
let browser: Browser;
let page: Page;
const problems: string[] = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'workbench-lessons-e2e-'));
  history = openHistory(dataDir);
  supervisor = new Supervisor();
  host = await startWebHost({ supervisor, rootDir: RENDERER_DIR, history });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchProblems(page, problems);
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
});

after(async () => {
  await browser?.close();
  await supervisor?.dispose();
  await host?.close();
  history?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const list = (): Locator => page.getByRole('region', { name: 'Lesson list' });
const lesson = (): Locator => page.locator(`article.lesson[data-lesson="${LESSON}"]`);
const step = (n: number): Locator => lesson().locator(`section.lesson-step[data-step="${n}"]`);
const listItem = (): Locator => list().getByRole('button', { name: /node:vm is not a security boundary/ });

async function openLesson(): Promise<void> {
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await listItem().click();
  await lesson().waitFor();
}

describe('lessons in browser mode', () => {
  test('the list of lessons, and a lesson rendered from its Markdown', async () => {
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await until(
      () => list().getByRole('button').count(),
      (n) => n >= 6,
      'the shipped lessons',
    );
    assert.match(await listItem().innerText(), /0\/4 steps/);
    await openLesson();
    assert.equal(await listItem().getAttribute('aria-current'), 'true');
    assert.equal(
      await lesson().getByRole('heading', { level: 2 }).first().innerText(),
      'node:vm is not a security boundary',
    );
    // Inline code and emphasis from the Markdown, as elements (never as HTML strings).
    assert.ok((await lesson().locator('.lesson-intro code').count()) >= 2, 'inline code');
    assert.equal(await lesson().locator('.lesson-intro strong').first().innerText(), 'result');
    assert.equal(await lesson().locator('section.lesson-step').count(), STEPS);
    assert.match(await step(1).innerText(), /host\+vm · timeout 2000 ms/);
    assert.match(await step(1).locator('pre').innerText(), /typeof require/);
    // References open outside the app, without an opener.
    const links = lesson().getByRole('region', { name: 'References' }).getByRole('link');
    assert.ok((await links.count()) >= 3);
    for (const link of await links.all()) {
      assert.match((await link.getAttribute('href')) ?? '', /^https:\/\//);
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    }
    assert.match(await lesson().getByRole('region', { name: 'Check' }).innerText(), /Not checked yet: run step 4/);
  });

  test('Load step puts the code, driver and limits into the workbench', async () => {
    await step(1).getByRole('button', { name: 'Load step', exact: true }).click();
    assert.equal(
      await page.getByRole('button', { name: 'Workbench', exact: true }).getAttribute('aria-current'),
      'page',
    );
    assert.equal(await page.getByLabel('Boundary').inputValue(), 'host');
    assert.equal(await page.getByLabel('Evaluator').inputValue(), 'vm');
    assert.equal(await page.getByLabel('Timeout (ms)').inputValue(), '2000');
    await until(
      async () => (await page.locator('.monaco-editor .view-lines').innerText()).replaceAll('\u00a0', ' '),
      (t) => t.includes('[typeof require, typeof process, typeof __hostSecret];'),
      'the step code in the editor',
    );
  });

  test('every step run from the lesson matches its expectation, and the check passes', async () => {
    await openLesson();
    for (let n = 1; n <= STEPS; n++) {
      await step(n).getByRole('button', { name: 'Run step', exact: true }).click();
      const state = await until(
        () => step(n).getAttribute('data-state'),
        (s) => s === 'passed' || s === 'failed',
        `step ${n} to be judged`,
        20_000,
      );
      const outcome = await step(n)
        .getByRole('status', { name: `Outcome of step ${n}` })
        .innerText();
      assert.equal(state, 'passed', `step ${n}: ${outcome}`);
      assert.match(outcome, /✓ Matched/);
      // The run itself is shown with the step, its charts drawn.
      const card = step(n).locator('article.run');
      assert.equal(await card.getAttribute('data-status'), 'ok');
      assert.ok(Number(await step(n).locator('figure[aria-label^="Memory"]').getAttribute('data-points')) > 0);
    }
    assert.match(await step(2).getByRole('region', { name: 'Verdict' }).innerText(), /Escaped[\s\S]*env[\s\S]*global/);
    const check = lesson().getByRole('region', { name: 'Check' });
    assert.equal(await check.getAttribute('data-state'), 'passed');
    assert.match(
      await check.getByRole('status', { name: 'Check result' }).innerText(),
      /^Check passed: status ok; verdict contained/,
    );
    assert.match(await listItem().innerText(), /4\/4 steps · ✓ check passed/);
    assert.equal(history.count(), STEPS, 'lesson runs are saved like any other');

    // Step 2 at the top of the window: the escape, its outcome and the run that showed it.
    await page.mouse.move(700, 400);
    const box = await step(2).boundingBox();
    await page.mouse.wheel(0, (box?.y ?? 0) - 8);
    await until(
      async () => (await step(2).boundingBox())?.y ?? 0,
      (y) => Math.abs(y - 8) < 40,
      'step 2 scrolled to the top',
      5000,
    );
    await page.mouse.move(0, 799);
    await page.screenshot({ path: `${SHOTS}/lesson.png` });
  });

  test('progress survives a reload', async () => {
    await page.reload();
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await openLesson();
    assert.match(await listItem().innerText(), /4\/4 steps · ✓ check passed/);
    for (let n = 1; n <= STEPS; n++) assert.equal(await step(n).getAttribute('data-state'), 'passed-earlier');
    assert.match(await step(1).innerText(), /Matched when you ran it before/);
    assert.match(
      await lesson().getByRole('region', { name: 'Check' }).innerText(),
      /Check passed when you ran it before/,
    );
    await lesson().getByRole('button', { name: 'Start over' }).click();
    assert.match(await listItem().innerText(), /0\/4 steps/);
    assert.equal(await step(1).getAttribute('data-state'), 'not-run');
  });

  test('no console errors and no CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
