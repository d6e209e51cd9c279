import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGuestLocation, guestLocation } from './guest-location.ts';

test('a runtime error: the first guest.js frame', () => {
  const stack = `TypeError: Cannot read properties of null (reading 'x')
    at guest.js:3:6
    at guest.js:5:1
    at evaluateScript (file:///w/workers/guest/runtime.ts:90:3)`;
  assert.deepEqual(guestLocation({ stack }), { line: 3, column: 6 });
  assert.equal(formatGuestLocation({ line: 3, column: 6 }), 'line 3, column 6');
});

test('a syntax error: the header line and the caret', () => {
  const stack =
    "guest.js:2\nlet a = ;\n        ^\n\nSyntaxError: Unexpected token ';'\n    at new Script (node:vm:117:7)";
  assert.deepEqual(guestLocation({ stack }), { line: 2, column: 9 });
});

test('no guest frame, no stack, or a frame of another file: no location', () => {
  assert.equal(guestLocation({ stack: 'Error: x\n    at main (file:///w/host.js:3:4)' }), undefined);
  assert.equal(guestLocation({}), undefined);
  assert.equal(guestLocation(undefined), undefined);
  assert.equal(guestLocation({ stack: 'at notguest.js:1:2' }), undefined);
});
