/**
 * An error says where in the user's code it happened, under every evaluator and boundary, for JavaScript and
 * for TypeScript (whose types are stripped to blanks, so its lines and columns are the user's).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { run, useIsolatedEngine } from './harness.ts';
import { guestLocation } from '../../common/run/guest-location.ts';

const { supervisor } = useIsolatedEngine();

const CASES = [
  { what: 'a runtime error', code: '1;\n\n  null.x;\n', language: 'js', at: { line: 3 } },
  { what: 'a syntax error', code: 'const a = 1;\nlet b = ;\n', language: 'js', at: { line: 2, column: 9 } },
  {
    what: 'a runtime error in TypeScript',
    code: 'const a: number = 1;\ninterface X { y: string }\n  null.x;\n',
    language: 'ts',
    at: { line: 3 },
  },
] as const;

describe('error locations', () => {
  for (const driver of ['host', 'worker', 'process', 'host+vm', 'worker+isolated-vm', 'worker+quickjs'])
    for (const c of CASES)
      test(`${c.what} under ${driver}`, async () => {
        const r = await run(supervisor, { code: c.code, language: c.language, driver });
        assert.equal(r.status, 'error', JSON.stringify(r.error));
        const at = guestLocation(r.error);
        assert.equal(at?.line, c.at.line, r.error?.stack);
        // QuickJS points at the start of the expression, V8 at the failing property: both on the line.
        if ('column' in c.at && driver !== 'worker+quickjs') assert.equal(at?.column, c.at.column, r.error?.stack);
      });
});
