/**
 * End to end in Debian's Chromium against browser mode: the real renderer bundle, the real web host and
 * engine. Types into Monaco, runs under worker and process, watches the charts draw, stops runaways, sees
 * the env breach, compares two drivers — and fails on any console error or CSP violation. Writes the
 * README's screenshots.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
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
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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

async function setCode(code: string): Promise<void> {
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

async function choose(boundary: string, evaluator = 'plain'): Promise<void> {
  await page.getByLabel('Boundary').selectOption(boundary);
  await page.getByLabel('Evaluator').selectOption(evaluator);
}

async function setTimeoutMs(ms: number): Promise<void> {
  await page.getByLabel('Timeout (ms)').fill(String(ms));
}

/**
 * Poll a value from the page until it satisfies `ok` (the page's CSP forbids the string evaluation that
 * page.waitForFunction would need — as it should).
 */
/** Click a button that starts one run; return the new run's card once it reached a final status. */
async function runAndFinish(start: () => Promise<void>): Promise<ReturnType<Page['locator']>> {
  // The newest run is the first card (only the four newest are shown): wait for a new one to be first.
  const first = page.locator('article.run').first();
  const before = (await first.count()) > 0 ? await first.getAttribute('data-run') : null;
  await start();
  const id = await until(
    async () => ((await first.count()) > 0 ? first.getAttribute('data-run') : null),
    (v) => v !== null && v !== before,
    'a new run card',
  );
  const run = page.locator(`article.run[data-run="${id}"]`);
  await until(
    () => run.getAttribute('data-status'),
    (s) => s !== null && s !== 'running',
    'the run to finish',
  );
  return run;
}

const clickRun = async (): Promise<void> => page.getByRole('button', { name: 'Run', exact: true }).click();

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
    const tip = memory.locator('.recharts-tooltip-wrapper');
    let step = 0;
    await until(
      async () => {
        const box = await wrapper.boundingBox();
        // hover() scrolls the chart into view first (it sits below the run cards).
        if (box) await wrapper.hover({ position: { x: box.width * (0.3 + 0.05 * (step++ % 8)), y: box.height * 0.4 } });
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
    assert.deepEqual(problems, []);
  });
});
