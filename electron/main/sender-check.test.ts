import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustedSender } from './sender-check.ts';

const APP = 'file:///opt/workbench/out/renderer/index.html';

test('only the main window top frame showing the app page is trusted', () => {
  const ok = { senderId: 1, frameUrl: APP, isMainFrame: true };
  assert.equal(isTrustedSender(ok, 1, APP), true);
  assert.equal(isTrustedSender({ ...ok, frameUrl: `${APP}?x=1` }, 1, APP), true);
  assert.equal(isTrustedSender({ ...ok, frameUrl: `${APP}#run` }, 1, APP), true);
  assert.equal(isTrustedSender({ ...ok, senderId: 2 }, 1, APP), false, 'another webContents');
  assert.equal(isTrustedSender(ok, undefined, APP), false, 'no main window');
  assert.equal(isTrustedSender({ ...ok, isMainFrame: false }, 1, APP), false, 'an iframe');
  assert.equal(isTrustedSender({ ...ok, frameUrl: undefined }, 1, APP), false, 'a destroyed frame');
  assert.equal(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' }, 1, APP), false, 'navigated away');
  assert.equal(isTrustedSender({ ...ok, frameUrl: `${APP}.evil.html` }, 1, APP), false, 'a look-alike path');
  assert.equal(isTrustedSender({ ...ok, frameUrl: 'file:///opt/workbench/out/renderer/other.html' }, 1, APP), false);
});
