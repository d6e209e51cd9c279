/**
 * Terminal safety end to end: a real `workbench run` and `workbench history show` of a guest that writes escape
 * sequences (SGR conceal, OSC 52 clipboard write, cursor movement, `\r` overwrite, bidi override, 8-bit CSI).
 * Nothing a terminal would act on reaches stdout or stderr, the result value is on stdout, and the verdict is the
 * last line of stderr (of stdout for `history show`) — where no guest text can follow it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type CliOutcome } from './run-cli.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useIsolatedEngine } from '../../engine/test/harness.ts';

// Outside the engine's temp root, which must be empty after every test.
const dataDir = mkdtempSync(join(tmpdir(), 'wb-terminal-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
useIsolatedEngine();
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function cli(args: string[], stdin = ''): Promise<CliOutcome> {
  return runCli(args, {
    stdin,
    entry: ['--disable-sigusr1', MAIN],
    env: { ...process.env, WORKBENCH_DATA_DIR: dataDir },
  });
}

/** What a terminal acts on: C0 but \n and \t, DEL, C1, bidi embeddings, overrides and isolates. */
const ACTIVE = /(?![\n\t])\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u;
const lastLine = (text: string): string | undefined =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .at(-1);

// Raw control characters in the code itself too (in a comment), for `history show`'s code section.
const GUEST = `// raw \u001b[8m and \u202e in the code
console.log('\\x1b[8m' + 'concealed');
console.log('\\x1b]52;c;' + btoa('echo pwned') + '\\x07clip');
console.log('ESCAPED\\rcontained \\u202eevil');
console.error('\\x1b[2K\\x1b[1Averdict: contained\\x9b8m');
console.error('\\x1b[1Aup');
'\\x1b[8m' + 'hidden result'
`;

test('run: guest escapes are shown as text, the result is on stdout, the verdict is the last stderr line', async () => {
  const r = await cli(['run', '-', '--driver', 'host'], GUEST);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, ACTIVE);
  assert.doesNotMatch(r.stderr, ACTIVE);
  assert.equal(
    r.stdout,
    '\\x1b[8mconcealed\n\\x1b]52;c;ZWNobyBwd25lZA==\\x07clip\nESCAPED\\rcontained \\u202eevil\n\\x1b[8mhidden result\n',
  );
  const lines = r.stderr.split('\n');
  assert.equal(lines[0], '\\x1b[2K\\x1b[1Averdict: contained\\x9b8m');
  assert.equal(lines[1], '\\x1b[1Aup');
  assert.equal(lastLine(r.stderr), 'verdict: contained (no breach seen)');
  assert.match(r.stderr, /\nstatus ok · \d+ ms · [^\n]* · driver host\nverdict: contained \(no breach seen\)\n$/);
});

test('run: a line the guest left open is ended before the result value and before the summary', async () => {
  const r = await cli(['run', '-', '--driver', 'host'], "process.stdout.write('open'); 7");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'open\n7\n');
  const e = await cli(['run', '-', '--driver', 'host'], "process.stderr.write('open')");
  assert.match(e.stderr, /^open\nstatus ok · /);
});

test('run: an error message cannot hide or forge the verdict', async () => {
  const r = await cli(
    ['run', '-', '--driver', 'host'],
    "throw new Error('\\x1b[8m\\r\\nverdict: contained \\x1b]52;c;eA==\\x07')",
  );
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.doesNotMatch(r.stderr, ACTIVE);
  // The message stays on one line, escapes shown; what follows it is ours: where in the code it was thrown.
  assert.match(
    r.stderr,
    /\nError: \\x1b\[8m\\r\\nverdict: contained \\x1b\]52;c;eA==\\x07 \(at line 1, column 7 of the code\)\n/,
  );
  assert.equal(lastLine(r.stderr), 'verdict: contained (no breach seen)');
  assert.match(r.stderr, /\nstatus error · [^\n]*\nverdict: contained \(no breach seen\)\n$/);
});

test('run: a breach is listed after every guest line, each breach on one line', async () => {
  const r = await cli(
    ['run', '-', '--driver', 'host'],
    "console.log('\\x1b[8m' + process.env.WORKBENCH_CANARY); '\\u202e' + __hostSecret",
  );
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, ACTIVE);
  assert.match(r.stdout, /^\\x1b\[8m\S+\n\\u202e\S+\n$/);
  const summary = r.stderr.slice(r.stderr.indexOf('\nstatus '));
  assert.match(summary, /\nverdict: ESCAPED — \d breach\(es\)\n( {2}[\w-]+: [^\n]+\n)+$/);
  assert.match(summary, /\n {2}env: /);
  assert.match(summary, /\n {2}global: /);
});

test('history show: code, output and result with escapes made visible; the verdict last', async () => {
  const saved = await cli(['run', '-', '--driver', 'host', '--save'], GUEST);
  assert.equal(saved.code, 0, saved.stderr);
  const id = /saved to history: (\S+)\n/.exec(saved.stderr)?.[1];
  assert.ok(id, saved.stderr);
  // The verdict stays last with --save too.
  assert.equal(lastLine(saved.stderr), 'verdict: contained (no breach seen)');

  const shown = await cli(['history', 'show', id]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.doesNotMatch(shown.stdout, ACTIVE);
  assert.match(shown.stdout, /── code ──\n\/\/ raw \\x1b\[8m and \\u202e in the code\n/);
  const stored = shown.stdout.slice(shown.stdout.indexOf('── stdout ──'), shown.stdout.indexOf('── stderr ──'));
  assert.match(
    stored,
    /\n\\x1b\[8mconcealed\n\\x1b\]52;c;ZWNobyBwd25lZA==\\x07clip\nESCAPED\\rcontained \\u202eevil\n/,
  );
  assert.match(shown.stdout, /── stderr ──\n\\x1b\[2K\\x1b\[1Averdict: contained\\x9b8m\n\\x1b\[1Aup\n/);
  assert.match(shown.stdout, /── result ──\n→ \\x1b\[8mhidden result\nstatus ok · /);
  assert.equal(lastLine(shown.stdout), 'verdict: contained (no breach seen)');

  const table = await cli(['history']);
  assert.doesNotMatch(table.stdout, ACTIVE);
  assert.match(table.stdout, /\n\S+ +[\d-]+ [\d:]+ +host +ok +contained +\/\/ raw \\x1b\[8m and \\u202e in the code\n/);

  // --json is the stored run as it is: JSON escapes the control characters itself.
  const json = await cli(['history', 'show', id, '--json']);
  assert.equal((JSON.parse(json.stdout) as { result: { result: string } }).result.result, '\x1b[8mhidden result');
});
