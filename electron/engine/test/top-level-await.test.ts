/**
 * Top-level `await` works in every evaluator and boundary: code that only compiles as an async function body
 * runs as one (workers/guest/runtime.ts), its result is what it returns, its errors keep their line and column,
 * and code that is wrong either way still reports a syntax error where
 * it is.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { run, useIsolatedEngine } from './harness.ts';
import { guestLocation } from '../../common/run/guest-location.ts';

const { supervisor } = useIsolatedEngine();

const DRIVERS = ['host', 'worker', 'process', 'host+vm', 'worker+isolated-vm', 'worker+quickjs'];

describe('top-level await', () => {
  for (const driver of DRIVERS) {
    test(`awaits, logs and returns under ${driver}`, async () => {
      const code =
        'const a = await new Promise((r) => Promise.resolve().then(() => r(20)));\n' +
        'for await (const b of [Promise.resolve(1)]) console.log("got", a, b);\n' +
        'return a + 1;\n';
      const r = await run(supervisor, { code, driver });
      assert.equal(r.status, 'ok', JSON.stringify(r.error));
      assert.equal(r.result, 21);
      assert.match(r.stdout, /got 20 1/);
    });

    test(`an error after an await keeps its line and column under ${driver}`, async () => {
      const r = await run(supervisor, { code: 'await 1; null.x;\n', driver });
      assert.equal(r.status, 'error');
      const at = guestLocation(r.error);
      assert.equal(at?.line, 1, r.error?.stack);
      // QuickJS takes no column offset (quickjs.ts says so); V8 points at the property read.
      if (driver !== 'worker+quickjs') assert.equal(at?.column, 15, r.error?.stack);
    });
  }

  test('code that is wrong as a script and as a body reports the error that is not about the await', async () => {
    const r = await run(supervisor, { code: 'await 1;\nlet b = ;\n', driver: 'host' });
    assert.equal(r.status, 'error');
    assert.equal(r.error?.name, 'SyntaxError');
    assert.equal(guestLocation(r.error)?.line, 2);
  });

  for (const driver of ['host', 'worker+vm'])
    test(`TypeScript with top-level await and a return under ${driver}`, async () => {
      const code = 'const a: number = await Promise.resolve(3);\ninterface X { y: string }\nreturn a * 2;\n';
      const r = await run(supervisor, { code, language: 'ts', driver });
      assert.equal(r.status, 'ok', JSON.stringify(r.error));
      assert.equal(r.result, 6);
      const bad = await run(supervisor, { code: 'await 1;\nconst b: = 2;\n', language: 'ts', driver });
      assert.equal(bad.error?.name, 'SyntaxError');
      assert.equal(guestLocation(bad.error)?.line, 2);
    });

  test('a top-level return without await stays a syntax error', async () => {
    const r = await run(supervisor, { code: 'return 1', driver: 'host' });
    assert.equal(r.status, 'error');
    assert.equal(r.error?.name, 'SyntaxError');
  });
});
