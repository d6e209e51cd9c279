/**
 * `--open` keeps the token off every command line: a real opener process (a stand-in for xdg-open) records the
 * argv it was given, its own /proc cmdline, and the mode and content of the file it was asked to open.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openInBrowser, redirectPage, systemOpener, type Opener } from './open-browser.ts';

const root = mkdtempSync(join(tmpdir(), 'wb-open-'));
after(() => rmSync(root, { recursive: true, force: true }));

const TOKEN = 'tOk3n_SECRET-abcdefghijklmnopqrstuvwx';
const URL_WITH_TOKEN = `http://127.0.0.1:40123/?token=${TOKEN}`;

/** What the fake opener saw, as it wrote it to `report`. */
interface Seen {
  argv: string[];
  cmdline: string;
  mode: number;
  dirMode: number;
  html: string;
}

/** A fake opener: node running a script that reports what it was handed. */
function fakeOpener(report: string): Opener {
  const script = join(root, `opener-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    script,
    `import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
const file = process.argv.at(-1);
let cmdline = '';
try { cmdline = readFileSync('/proc/self/cmdline', 'utf8'); } catch {}
writeFileSync(${JSON.stringify(report)}, JSON.stringify({
  argv: process.argv,
  cmdline,
  mode: statSync(file).mode & 0o777,
  dirMode: statSync(dirname(file)).mode & 0o777,
  html: readFileSync(file, 'utf8'),
}));
`,
  );
  return { command: process.execPath, args: (path) => [script, path] };
}

async function waitForFile(path: string): Promise<string> {
  for (;;) {
    try {
      const text = readFileSync(path, 'utf8');
      if (text) return text;
    } catch {
      // Not written yet.
    }
    await sleep(20);
  }
}

test('the opener gets a private 0600 page that leads to the tokened URL, and no token in its argv', async () => {
  const report = join(root, 'seen.json');
  const tmpRoot = mkdtempSync(join(root, 'tmp-'));
  const page = openInBrowser(URL_WITH_TOKEN, { opener: fakeOpener(report), tmpRoot });
  const seen = JSON.parse(await waitForFile(report)) as Seen;
  assert.equal(seen.argv.at(-1), page.path);
  for (const arg of seen.argv) assert.ok(!arg.includes(TOKEN), `argv carries the token: ${arg}`);
  if (process.platform === 'linux') {
    assert.ok(seen.cmdline.includes(page.path), 'the cmdline read is the opener’s own');
    assert.ok(!seen.cmdline.includes(TOKEN), '/proc/<pid>/cmdline carries the token');
  }
  assert.ok(!page.path.includes(TOKEN));
  assert.equal(seen.mode, 0o600);
  assert.equal(seen.dirMode, 0o700);
  assert.equal(dirname(dirname(page.path)), tmpRoot);
  assert.match(seen.html, new RegExp(`<meta http-equiv="refresh" content="0;url=${escapeRe(URL_WITH_TOKEN)}">`));
  assert.ok(seen.html.includes(`location.replace(${JSON.stringify(URL_WITH_TOKEN)})`));
  page.close();
  assert.equal(existsSync(dirname(page.path)), false, 'close removes the page and its directory');
  assert.deepEqual(readdirSync(tmpRoot), []);
  page.close();
});

test('the page removes itself after its lifetime when the server keeps running', async () => {
  const tmpRoot = mkdtempSync(join(root, 'tmp-'));
  // An opener that opens nothing: only the page's own timer is under test.
  const page = openInBrowser(URL_WITH_TOKEN, {
    opener: { command: process.execPath, args: () => ['-e', '0'] },
    tmpRoot,
    lifetimeMs: 200,
  });
  assert.equal(statSync(page.path).mode & 0o777, 0o600);
  while (existsSync(page.path)) await sleep(20);
  assert.deepEqual(readdirSync(tmpRoot), []);
});

test('a missing opener is not an error; the page still goes at close', async () => {
  const tmpRoot = mkdtempSync(join(root, 'tmp-'));
  const page = openInBrowser(URL_WITH_TOKEN, {
    opener: { command: join(root, 'no-such-opener'), args: (p) => [p] },
    tmpRoot,
  });
  assert.equal(statSync(page.path).mode & 0o777, 0o600);
  await sleep(0);
  page.close();
  assert.deepEqual(readdirSync(tmpRoot), []);
});

test('the redirect page escapes the URL for the attribute and the script', () => {
  const html = redirectPage('http://x/?a="b"&c=</script><script>alert(1)</script>');
  assert.ok(!html.includes('</script><script>alert(1)'));
  assert.match(html, /content="0;url=http:\/\/x\/\?a=&quot;b&quot;&amp;c=&lt;\/script&gt;/);
  assert.match(
    html,
    /location\.replace\("http:\/\/x\/\?a=\\"b\\"&c=\\u003c\/script>\\u003cscript>alert\(1\)\\u003c\/script>"\)/,
  );
});

test('system openers take the page path and nothing else', () => {
  assert.deepEqual(systemOpener('linux').args('/t/p.html'), ['/t/p.html']);
  assert.equal(systemOpener('linux').command, 'xdg-open');
  assert.deepEqual(systemOpener('darwin').args('/t/p.html'), ['/t/p.html']);
  assert.deepEqual(systemOpener('win32').args('C:\\t\\p.html'), ['/c', 'start', '', 'C:\\t\\p.html']);
});

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
