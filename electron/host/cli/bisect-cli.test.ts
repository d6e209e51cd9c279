/**
 * `workbench bisect` end to end, on real Node releases from the registry (installed once into the node-versions
 * cache, reused afterwards): three CVE probes whose fix is in the 24.x line and one in 20.x, each searched over a small range
 * around its fix, must find the record's first patched release. The ranges are kept short (2-3 releases) so
 * the test installs and runs few versions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './run-cli.ts';
import type { BisectReport } from './bisect-command.ts';

const CASES: {
  probe: string;
  driver: string;
  policy: string;
  from: string;
  to: string;
  patched: string;
  line?: number;
}[] = [
  // `jail/..` read under the Permission Model until 20.3.1, on a release line whose --allow-fs flags take one
  // comma-separated list (node-features.ts fsFlagPerPath)
  {
    probe: 'cve-2023-30584-path-traversal',
    driver: 'process',
    policy: 'hardened',
    from: '20.3.0',
    to: '20.3.1',
    patched: '20.3.1',
    line: 20,
  },
  // futimes through a read-only descriptor: a write breach (canary.txt's times) until 24.13.0
  {
    probe: 'cve-2025-55132-futimes-read-only',
    driver: 'process',
    policy: 'read-only',
    from: '24.12.0',
    to: '24.13.0',
    patched: '24.13.0',
  },
  // .. after an in-jail symlink: canary.txt read until 24.13.0
  {
    probe: 'cve-2025-55130-symlink-chain',
    driver: 'process',
    policy: 'hardened',
    from: '24.12.0',
    to: '24.13.1',
    patched: '24.13.0',
  },
  // url.format's native assertion aborts the host until 24.14.1
  {
    probe: 'cve-2026-21712-url-format-assert',
    driver: 'host',
    policy: 'hardened',
    from: '24.14.0',
    to: '24.14.1',
    patched: '24.14.1',
  },
];

for (const c of CASES) {
  test(`bisect ${c.probe} finds ${c.patched}, the security-wg record's first patched ${c.line ?? 24}.x release`, async () => {
    const out = await runCli([
      'bisect',
      c.probe,
      '--driver',
      c.driver,
      '--policy',
      c.policy,
      '--from',
      c.from,
      '--to',
      c.to,
      '--json',
    ]);
    assert.equal(out.code, 0, out.stderr + out.stdout);
    const report = JSON.parse(out.stdout) as BisectReport;
    assert.equal(report.result.status, 'found');
    assert.equal(report.result.changedAt, c.patched);
    assert.equal(report.record?.firstPatched, c.patched);
    assert.equal(report.matchesRecord, true);
    assert.equal(report.matchesFixedIn, true);
    assert.equal(report.line, c.line ?? 24);
    assert.notEqual(report.result.before, 'contained', 'the vulnerable release is not contained');
    assert.equal(report.result.after, 'contained');
    // every release in the range tested at most once, and each got a verdict
    const versions = report.result.steps.map((s) => s.version);
    assert.equal(new Set(versions).size, versions.length);
    assert.ok(report.result.steps.every((s) => s.outcome.kind === 'verdict'));
  });
}

test('bisect: short errors, and the text report names each release tested', async () => {
  const missing = await runCli(['bisect', 'no-such-probe', '--driver', 'process']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no probe file or shipped probe id "no-such-probe"/);
  const lines = await runCli([
    'bisect',
    'cve-2025-55132-futimes-read-only',
    '--driver',
    'process',
    '--from',
    '22.22.0',
    '--to',
    '24.13.0',
  ]);
  assert.equal(lines.code, 2);
  assert.match(lines.stderr, /different release lines/);
  const help = await runCli(['bisect', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /workbench bisect <probe file\|probe id> --driver ID/);
  const text = await runCli([
    'bisect',
    'cve-2026-21716-filehandle-chmod',
    '--driver',
    'process',
    '--policy',
    'read-only',
    '--from',
    '24.14.0',
    '--to',
    '24.14.1',
  ]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /24\.14\.0 +escaped/);
  assert.match(text.stdout, /24\.14\.1 +contained/);
  assert.match(text.stdout, /first patched 24\.x: 24\.14\.1 — matches/);
});
