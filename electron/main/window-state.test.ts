import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWindowState } from './window-state.ts';

test('remembered bounds: four whole numbers of a usable size, nothing else', () => {
  assert.deepEqual(parseWindowState('{"x":10,"y":-20,"width":1280,"height":800}'), {
    x: 10,
    y: -20,
    width: 1280,
    height: 800,
  });
  for (const bad of [
    'not json',
    'null',
    '[1,2,3,4]',
    '{"x":0,"y":0,"width":1280}',
    '{"x":0,"y":0,"width":10,"height":10}',
    '{"x":0,"y":0,"width":1e9,"height":800}',
    '{"x":0.5,"y":0,"width":1280,"height":800}',
    '{"x":"0","y":0,"width":1280,"height":800}',
    '{"x":1e12,"y":0,"width":1280,"height":800}',
  ])
    assert.equal(parseWindowState(bad), undefined, bad);
});
