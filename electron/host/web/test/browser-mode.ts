/**
 * One browser-mode session for an end-to-end test file — engine, web host, Chromium and a page on the first
 * screen, with its console problems collected — and what tests do on the Workbench page (type code, choose a
 * driver, run and wait for the result).
 */
import { after, before } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { RENDERER_DIR, launchChromium, watchProblems, until } from './e2e-browser.ts';
import { Supervisor } from '../../../engine/supervisor.ts';
import { startWebHost, type WebHost } from '../server.ts';

export interface BrowserMode {
  supervisor: Supervisor;
  host: WebHost;
  browser: Browser;
  page: Page;
  readonly problems: string[];
}

/**
 * Registers the file's before/after hooks; the fields are set once `before` has run, and `ready` is called then
 * (a second root `before` of the file may run before this one has finished).
 */
export function useBrowserMode(ready: (session: BrowserMode) => void = () => undefined): BrowserMode {
  const session = { problems: [] as string[] } as unknown as BrowserMode;
  before(async () => {
    session.supervisor = new Supervisor();
    session.host = await startWebHost({ supervisor: session.supervisor, rootDir: RENDERER_DIR });
    session.browser = await launchChromium();
    session.page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    watchProblems(session.page, session.problems);
    await session.page.goto(session.host.url);
    await session.page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await session.page.locator('.monaco-editor').first().waitFor();
    ready(session);
  });
  after(async () => {
    await session.browser?.close();
    await session.supervisor?.dispose();
    await session.host?.close();
  });
  return session;
}

/** The Workbench page's controls, as a user works them. */
export function workbenchActions(page: () => Page) {
  const setCode = async (code: string): Promise<void> => {
    await page().locator('.monaco-editor').first().click();
    await page().keyboard.press('Control+A');
    await page().keyboard.press('Delete');
    await page().keyboard.insertText(code);
  };
  const choose = async (boundary: string, evaluator = 'plain'): Promise<void> => {
    await page().getByLabel('Boundary').selectOption(boundary);
    await page().getByLabel('Evaluator').selectOption(evaluator);
  };
  const setTimeoutMs = async (ms: number): Promise<void> => {
    await page().getByLabel('Timeout (ms)').fill(String(ms));
  };
  const clickRun = async (): Promise<void> => page().getByRole('button', { name: 'Run', exact: true }).click();
  /** Start one run; return the new run's card once it reached a final status. */
  const runAndFinish = async (start: () => Promise<void>): Promise<Locator> => {
    // The newest run is the first card: wait for a new one to be first.
    const first = page().locator('article.run').first();
    const before = (await first.count()) > 0 ? await first.getAttribute('data-run') : null;
    await start();
    const id = await until(
      async () => ((await first.count()) > 0 ? first.getAttribute('data-run') : null),
      (v) => v !== null && v !== before,
      'a new run card',
    );
    const run = page().locator(`article.run[data-run="${id}"]`);
    await until(
      () => run.getAttribute('data-status'),
      (s) => s !== null && s !== 'running',
      'the run to finish',
    );
    return run;
  };
  return { setCode, choose, setTimeoutMs, clickRun, runAndFinish };
}
