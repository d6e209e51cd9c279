/**
 * End to end in Debian's Chromium against browser mode: the Blast radius page, reached from the first screen in
 * one click. Runs threads and processes side by side (a kill: every neighbour of the thread's process is lost,
 * none of the process's), one boundary alone (a thread's exit: none lost), refuses a bad neighbour count, and
 * keeps an experiment that ended while another page was shown. Fails on any console error or CSP violation;
 * writes the page's screenshot.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { SHOTS, until } from './e2e-browser.ts';
import { BLAST_ENTRY } from '../../../engine/blast.ts';
import { useBrowserMode } from './browser-mode.ts';

let page: Page;
const session = useBrowserMode((s) => ({ page } = s));
const problems = session.problems;

const experiment = (label: 'thread' | 'process'): Locator => page.getByRole('region', { name: `Experiment: ${label}` });

/** Each neighbour's state as the page says it, once the experiment in `region` is done. */
/** Whether an experiment process is running on this machine (Linux: its entry is in its command line). */
function experimentRunning(): boolean {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .some((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(BLAST_ENTRY);
      } catch {
        return false; // gone meanwhile
      }
    });
}

async function finalStates(region: Locator): Promise<{ states: string[]; summary: string }> {
  await until(
    () => region.locator('.status').getAttribute('data-state'),
    (s) => s === 'done',
    'the experiment to end',
    30_000,
  );
  const states = await region.locator('.neighbours li').allInnerTexts();
  return {
    states: states.map((s) => s.replace(/\s*\(\d+ beats\)$/, '').trim()),
    summary: await region.getByRole('status').innerText(),
  };
}

describe('the Blast radius page', () => {
  test('reached from the first screen in one click; threads and processes side by side', async () => {
    await page.getByRole('button', { name: 'see which neighbours survive' }).click();
    await page.getByRole('region', { name: 'Blast radius' }).waitFor();
    assert.equal(
      await page.getByRole('button', { name: 'Blast radius', exact: true }).getAttribute('aria-current'),
      'page',
    );
    await page.getByRole('combobox', { name: 'Boundary' }).selectOption('both');
    await page.getByRole('combobox', { name: 'Misbehaviour' }).selectOption('kill');
    await page.getByRole('spinbutton', { name: 'Neighbours' }).fill('3');
    await page.getByRole('button', { name: 'Run experiment' }).click();
    const thread = await finalStates(experiment('thread'));
    const proc = await finalStates(experiment('process'));
    assert.deepEqual(thread.states, ['n1: lost', 'n2: lost', 'n3: lost']);
    assert.equal(thread.summary, 'neighbours lost: 3 of 3');
    assert.deepEqual(proc.states, ['n1: alive', 'n2: alive', 'n3: alive']);
    assert.equal(proc.summary, 'neighbours lost: 0 of 3');
    assert.ok(await page.getByRole('region', { name: 'Neighbours (thread)' }).isVisible());
    // The live charts drew what the experiment read: a CPU line per member, memory of the process(es).
    for (const [label, memory] of [
      ['thread', 'Memory (the shared process)'],
      ['process', 'Memory per process'],
    ] as const)
      for (const title of ['CPU', memory]) {
        const chart = page.getByRole('figure', { name: `${title} of the ${label} experiment` });
        const points = Number(await chart.getAttribute('data-points'));
        assert.ok(points >= 3, `${title} (${label}) drew ${points} points`);
        const legend = await chart.locator('.recharts-legend-wrapper').innerText();
        const expected = title === 'CPU' ? ['n1', 'culprit'] : label === 'thread' ? ['process'] : ['n1', 'culprit'];
        for (const member of expected) assert.ok(legend.includes(member), `${title} (${label}) legend: ${legend}`);
      }
    await page.screenshot({ path: `${SHOTS}/blast.png` });
  });

  test('one boundary alone: a thread’s process.exit() ends only that thread, and the page says why', async () => {
    await page.getByRole('combobox', { name: 'Boundary' }).selectOption('worker');
    await page.getByRole('combobox', { name: 'Misbehaviour' }).selectOption('exit');
    await page.getByRole('spinbutton', { name: 'Neighbours' }).fill('2');
    await page.getByRole('button', { name: 'Run experiment' }).click();
    const region = experiment('thread');
    const { states, summary } = await finalStates(region);
    assert.deepEqual(states, ['n1: alive', 'n2: alive']);
    assert.equal(summary, 'neighbours lost: 0 of 2');
    assert.ok(await page.getByRole('region', { name: 'Neighbours', exact: true }).isVisible());
    assert.match(await region.innerText(), /ends that thread only/);
    assert.equal(await experiment('process').count(), 0);
  });

  test('a neighbour count outside 1-8 or not whole is refused, naming the range', async () => {
    const run = page.getByRole('button', { name: 'Run experiment' });
    for (const bad of ['0', '9', '2.5', '']) {
      await page.getByRole('spinbutton', { name: 'Neighbours' }).fill(bad);
      assert.ok(await run.isDisabled(), `Run with ${JSON.stringify(bad)}`);
      assert.match(await page.locator('#neighbours-problem').innerText(), /whole number from 1 to 8/);
    }
    await page.getByRole('spinbutton', { name: 'Neighbours' }).fill('1');
    assert.ok(await run.isEnabled());
  });

  test('an experiment that ends while another page is shown is shown ended on return', async () => {
    await page.getByRole('combobox', { name: 'Boundary' }).selectOption('process');
    await page.getByRole('combobox', { name: 'Misbehaviour' }).selectOption('crash');
    await page.getByRole('button', { name: 'Run experiment' }).click();
    await page.getByRole('button', { name: 'Workbench', exact: true }).click();
    // Away from the page until the experiment's process has come and gone.
    await until(
      async () => experimentRunning(),
      (running) => running,
      'the experiment to start',
      10_000,
    );
    await until(
      async () => experimentRunning(),
      (running) => !running,
      'the experiment to end',
      20_000,
    );
    await page.getByRole('button', { name: 'Blast radius', exact: true }).click();
    const { states, summary } = await finalStates(experiment('process'));
    assert.deepEqual(states, ['n1: alive']);
    assert.equal(summary, 'neighbours lost: 0 of 1');
    assert.match(await experiment('process').innerText(), /SIGABRT/);
  });

  test('the blast-radius lesson runs the experiment itself, judges it, and the Blast radius page shows it', async () => {
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page
      .getByRole('region', { name: 'Lesson list' })
      .getByRole('button', { name: /blast radius of a thread/i })
      .click();
    const section = page.getByRole('region', { name: /^Experiment: All of it at once/ });
    await section.getByRole('button', { name: 'Run experiment' }).click();
    const outcome = section.getByRole('status', { name: /^Outcome of experiment/ });
    await until(
      () => outcome.innerText(),
      (t) => /Matched|Did not match/.test(t),
      'the experiment judged',
      30_000,
    );
    assert.match(await outcome.innerText(), /✓ Matched[\s\S]*threads: 3 of 3 lost expected, 3 of 3 seen/);
    assert.match(await section.getByRole('region', { name: 'Neighbours (thread)' }).innerText(), /n3: lost/);
    assert.match(await section.getByRole('region', { name: 'Neighbours (process)' }).innerText(), /n3: alive/);
    await section.screenshot({ path: `${SHOTS}/lesson-experiment.png` });
    await page.getByRole('button', { name: 'Blast radius', exact: true }).click();
    assert.equal(await page.getByRole('combobox', { name: 'Misbehaviour' }).inputValue(), 'crash');
    const thread = await finalStates(experiment('thread'));
    assert.equal(thread.summary, 'neighbours lost: 3 of 3');
  });

  test('no console errors and no CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
