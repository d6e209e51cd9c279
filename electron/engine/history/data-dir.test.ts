import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { defaultDataDir, resolveDataDir } from './data-dir.ts';

test('the platform default: XDG on Linux and the BSDs, Application Support on macOS, APPDATA on Windows', () => {
  assert.equal(defaultDataDir({}, 'linux', '/home/ada'), '/home/ada/.local/share/sandbox-workbench');
  assert.equal(defaultDataDir({ XDG_DATA_HOME: '/data/ada' }, 'linux', '/home/ada'), '/data/ada/sandbox-workbench');
  // A relative XDG_DATA_HOME is invalid by the spec and ignored.
  assert.equal(
    defaultDataDir({ XDG_DATA_HOME: 'rel' }, 'linux', '/home/ada'),
    '/home/ada/.local/share/sandbox-workbench',
  );
  assert.equal(defaultDataDir({}, 'freebsd', '/home/ada'), '/home/ada/.local/share/sandbox-workbench');
  assert.equal(
    defaultDataDir({ XDG_DATA_HOME: '/ignored' }, 'darwin', '/Users/ada'),
    '/Users/ada/Library/Application Support/Sandbox Workbench',
  );
  assert.equal(
    defaultDataDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada'),
    'C:\\Users\\ada\\AppData\\Roaming\\Sandbox Workbench',
  );
  assert.equal(defaultDataDir({}, 'win32', 'C:\\Users\\ada'), 'C:\\Users\\ada\\AppData\\Roaming\\Sandbox Workbench');
});

test('WORKBENCH_DATA_DIR wins when set (relative to the current directory), an empty one does not', () => {
  assert.equal(resolveDataDir({ WORKBENCH_DATA_DIR: '/tmp/wb' }, 'darwin', '/Users/ada'), '/tmp/wb');
  assert.equal(resolveDataDir({ WORKBENCH_DATA_DIR: 'here' }, 'linux', '/home/ada'), resolve('here'));
  assert.equal(
    resolveDataDir({ WORKBENCH_DATA_DIR: '' }, 'linux', '/home/ada'),
    '/home/ada/.local/share/sandbox-workbench',
  );
});
