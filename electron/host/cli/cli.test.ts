/** The `workbench` command as a user runs it: through bin/workbench.mjs, in a separate process. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type CliOutcome } from './run-cli.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useIsolatedEngine } from '../../engine/test/harness.ts';

// Script files live outside the engine's temp root, which must be empty after every test.
const inputs = mkdtempSync(join(tmpdir(), 'wb-cli-inputs-'));
after(() => rmSync(inputs, { recursive: true, force: true }));
useIsolatedEngine();

function cli(args: string[], stdin = ''): Promise<CliOutcome> {
  return runCli(args, { stdin });
}

test('run a file: console output streams to stdout/stderr, the result value follows on stdout, the summary on stderr, exit 0', async () => {
  const file = join(inputs, 'hello.js');
  writeFileSync(file, 'console.log("hello"); console.error("oops"); 6 * 7');
  const r = await cli(['run', file, '--driver', 'process']);
  assert.equal(r.code, 0, r.stderr);
  // The result is on stdout, so `workbench run f.js | …` gets it.
  assert.equal(r.stdout, 'hello\n42\n');
  assert.match(r.stderr, /^oops\n/);
  assert.doesNotMatch(r.stderr, /42\n/);
  assert.match(r.stderr, /status ok · \d+ ms/);
  assert.match(r.stderr, /verdict: contained/);
});

test('run - --json: one result object from stdin code; exit 1 when the status is not ok', async () => {
  const r = await cli(['run', '-', '--json', '--driver', 'worker', '--timeout', '300'], 'while (true) {}');
  assert.equal(r.code, 1);
  const result = JSON.parse(r.stdout) as {
    status: string;
    driver: string;
    limits: { timeout: { timeoutMs: number } };
    verdict: unknown;
  };
  assert.equal(result.status, 'timeout');
  assert.equal(result.driver, 'worker');
  assert.equal(result.limits.timeout.timeoutMs, 300);
  assert.deepEqual(result.verdict, { escaped: false, breaches: [] });
});

test('a breach shows in the summary', async () => {
  const r = await cli(['run', '-', '--driver', 'process'], 'process.env.WORKBENCH_CANARY');
  assert.equal(r.code, 0);
  assert.match(r.stderr, /verdict: ESCAPED/);
  assert.match(r.stderr, /env: the WORKBENCH_CANARY environment variable/);
});

test("--allow-fs-read '*' is Node's wildcard (everything), not a file named * in the current directory", async () => {
  const code = 'require("node:fs").readFileSync("../canary.txt", "utf8")';
  const all = await cli(['run', '-', '--json', '--driver', 'process', '--allow-fs-read', '*'], code);
  const result = JSON.parse(all.stdout) as { status: string; verdict: { breaches: Array<{ canary: string }> } };
  assert.equal(result.status, 'ok', all.stdout);
  assert.ok(result.verdict.breaches.some((b) => b.canary === 'file'));
  const jail = await cli(['run', '-', '--json', '--driver', 'process', '--allow-fs-read', '$JAIL'], code);
  assert.equal((JSON.parse(jail.stdout) as { status: string }).status, 'denied');
});

test('a .ts file is transpiled', async () => {
  const file = join(inputs, 'typed.ts');
  writeFileSync(file, 'const n: number = 21;\nn * 2');
  const r = await cli(['run', file, '--json', '--driver', 'host']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { result: number }).result, 42);
});

for (const [args, message] of [
  [['run'], /run needs a file/],
  [['run', 'x.js', '--timeout', 'soon'], /--timeout needs a positive whole number/],
  [['run', 'x.js', '--frobnicate'], /unknown option: --frobnicate/],
  [['launch'], /unknown command: launch/],
  [['run', '-', '--driver', 'nowhere'], /unknown boundary "nowhere"/],
] as const) {
  test(`bad arguments (${args.join(' ')}): one-line error, usage, exit 2`, async () => {
    const r = await cli([...args], '1');
    assert.equal(r.code, 2);
    const [first, second] = r.stderr.split('\n');
    assert.match(first ?? '', message);
    assert.equal(second, 'usage:');
  });
}

for (const command of ['drivers', 'matrix', 'run', 'history', 'bench', 'blast'])
  for (const flag of ['--help', '-h'])
    test(`workbench ${command} ${flag}: its own usage on stdout, exit 0`, async () => {
      const r = await cli([command, flag]);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.equal(lines[0], 'usage:');
      assert.match(lines[1] ?? '', new RegExp(`^ {2}workbench ${command}\\b`));
      for (const other of ['drivers', 'matrix', 'run', 'history', 'bench', 'blast'].filter((c) => c !== command))
        assert.ok(!r.stdout.includes(`  workbench ${other} `), `${other} in the help of ${command}`);
    });

test('an argument error prints the one command’s usage and where to find more, not every command', async () => {
  const r = await cli(['run', 'x.js', '--frobnicate']);
  assert.equal(r.code, 2);
  const lines = r.stderr.trim().split('\n');
  assert.ok(lines.length <= 6, r.stderr);
  assert.equal(lines.at(-1), 'More: workbench run --help');
  assert.doesNotMatch(r.stderr, /workbench matrix/);
});

test('matrix refuses before running anything: a report folder that does not exist, a probe folder with no probe', async () => {
  const started = performance.now();
  const out = await cli(['matrix', '--drivers', 'worker', '--out', join(inputs, 'no-such-folder', 'm.md')]);
  assert.equal(out.code, 2);
  assert.match(out.stderr, /--out .*no-such-folder.*does not exist/);
  assert.doesNotMatch(out.stderr, /cells/);
  const empty = mkdtempSync(join(inputs, 'no-probes-'));
  const probes = await cli(['matrix', '--drivers', 'worker', '--probes', empty]);
  assert.equal(probes.code, 2);
  assert.match(probes.stderr, /holds no probe/);
  assert.ok(performance.now() - started < 60_000);
});

test('an error says where in the code it happened, JavaScript and TypeScript', async () => {
  const js = join(inputs, 'fails.js');
  writeFileSync(js, '1;\n\n  null.x;\n');
  const r = await cli(['run', js, '--driver', 'worker']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /TypeError: Cannot read properties of null \(reading 'x'\) \(at line 3, column 8 of the code\)/,
  );
  const ts = join(inputs, 'fails.ts');
  writeFileSync(ts, 'const a: number = 1;\nlet b: string = ;\n');
  const t = await cli(['run', ts, '--ts', '--driver', 'process']);
  assert.match(t.stderr, /SyntaxError: .*\(at line 2, column 17 of the code\)/);
});

test('a file that cannot be read exits 2 with the reason', async () => {
  const r = await cli(['run', join(inputs, 'missing.js')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read .*missing\.js: ENOENT/);
});

test('drivers --json lists every boundary+evaluator with availability and enforcement', async () => {
  const r = await cli(['drivers', '--json']);
  assert.equal(r.code, 0);
  const listing = JSON.parse(r.stdout) as {
    node: string;
    drivers: Array<{
      id: string;
      available: boolean;
      reason?: string;
      capabilities?: Record<string, { enforced: boolean; how: string }>;
    }>;
  };
  assert.match(listing.node, /^v2[4-9]\./);
  assert.equal(listing.drivers.length, 28);
  const byId = new Map(listing.drivers.map((d) => [d.id, d]));
  for (const id of ['host', 'worker', 'process']) {
    const d = byId.get(id);
    assert.equal(d?.available, true, id);
    assert.equal(d?.capabilities?.timeout?.enforced, true);
  }
  assert.equal(byId.get('host')?.capabilities?.memory?.enforced, false);
  assert.equal(byId.get('worker')?.capabilities?.memory?.enforced, true);
  for (const d of listing.drivers.filter((x) => !x.available))
    assert.ok(d.reason, `${d.id} says why it is unavailable`);
});
