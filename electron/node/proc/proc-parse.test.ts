import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseChildren, parseProcStat, parseStatusRssBytes } from './proc-parse.ts';

/**
 * A /proc/<pid>/stat line where field n (n >= 4) holds 1000 + n, so reading the wrong field shows. Field 1 is
 * the pid, 2 the command in parentheses, 3 the state; 52 fields in all, as on current kernels.
 */
function statLine(pid: number, comm: string, state = 'S'): string {
  const rest = Array.from({ length: 52 - 3 }, (_, i) => String(1000 + i + 4));
  return `${pid} (${comm}) ${state} ${rest.join(' ')}\n`;
}

describe('parseProcStat', () => {
  const expected = {
    ppid: 1004,
    pgrp: 1005,
    cpuTicks: 1014 + 1015,
    childCpuTicks: 1016 + 1017,
    startTicks: 1022,
    rssPages: 1024,
  };
  const names = ['node', 'my prog', 'a) b', ') (', 'x)', '(paren)', 'tab\there', ') S 1 2 3', ''];
  for (const comm of names) {
    test(`command name ${JSON.stringify(comm)}`, () => {
      assert.deepEqual(parseProcStat(statLine(4321, comm, 'R')), { pid: 4321, state: 'R', ...expected });
    });
  }

  test('state letters other than R are kept', () => {
    assert.equal(parseProcStat(statLine(1, 'init', 'Z'))?.state, 'Z');
  });

  const bad: Array<[string, string]> = [
    ['empty', ''],
    ['no parentheses', '123 node S 1 2 3'],
    ['close before open', '123 )node( S 1 2 3'],
    ['too few fields', '123 (node) S 1 2 3'],
    ['non-numeric pid', 'abc (node) S ' + Array.from({ length: 49 }, () => '1').join(' ')],
    ['non-numeric field', statLine(5, 'node').replace(' 1014 ', ' x ')],
  ];
  for (const [name, text] of bad) {
    test(`${name} → undefined`, () => assert.equal(parseProcStat(text), undefined));
  }

  test('reads this process on Linux', { skip: process.platform !== 'linux' }, () => {
    const stat = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
    assert.ok(stat);
    assert.equal(stat.pid, process.pid);
    assert.equal(stat.ppid, process.ppid);
    assert.equal(stat.state, 'R');
    assert.ok(stat.rssPages > 0);
    assert.ok(stat.startTicks > 0);
  });
});

describe('parseStatusRssBytes', () => {
  const status = (rssLine: string): string =>
    `Name:\tnode\nVmPeak:\t  900000 kB\nVmHWM:\t   70000 kB\n${rssLine}\nRssAnon:\t   40000 kB\nThreads:\t7\n`;
  const table: Array<[string, string, number | undefined]> = [
    ['tab and spaces', status('VmRSS:\t   51234 kB'), 51234 * 1024],
    ['single space', status('VmRSS: 1 kB'), 1024],
    ['zero', status('VmRSS:\t0 kB'), 0],
    ['missing (kernel thread)', 'Name:\tkthreadd\nState:\tS (sleeping)\n', undefined],
    ['not at line start', 'XVmRSS:\t5 kB\n', undefined],
    ['no unit', status('VmRSS:\t5'), undefined],
    ['empty', '', undefined],
  ];
  for (const [name, text, bytes] of table) {
    test(name, () => assert.equal(parseStatusRssBytes(text), bytes));
  }

  test('reads this process on Linux', { skip: process.platform !== 'linux' }, () => {
    const rss = parseStatusRssBytes(readFileSync('/proc/self/status', 'utf8'));
    assert.ok(rss !== undefined && rss > 1024 * 1024 && rss % 1024 === 0);
  });
});

describe('parseChildren', () => {
  const table: Array<[string, number[]]> = [
    ['', []],
    ['\n', []],
    ['123', [123]],
    ['123 456 789 ', [123, 456, 789]],
    ['  7\n8\t9  ', [7, 8, 9]],
    ['0 -1 x 42', [42]],
  ];
  for (const [text, pids] of table) {
    test(JSON.stringify(text), () => assert.deepEqual(parseChildren(text), pids));
  }
});
