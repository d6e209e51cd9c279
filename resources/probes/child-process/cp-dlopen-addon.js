/*---
id: cp-dlopen-addon
title: Load a native addon with process.dlopen (denied under the Permission Model without --allow-addons)
category: child-process
goal: Load native code into the guest's process — past that point no JavaScript-level boundary holds; the addon loaded here is the one already installed (isolated-vm) and does nothing harmful.
technique: process.dlopen(module, path to isolated-vm's prebuilt .node found from the host's own argv); the Permission Model answers ERR_DLOPEN_DISABLED / ERR_ACCESS_DENIED unless --allow-addons (which the workbench grants only to the isolated-vm evaluator's child). No canary is touched: the stdout says whether native code got in, the verdict stays contained.
references: https://nodejs.org/api/process.html#processdlopenmodule-filename-flags, https://nodejs.org/api/permissions.html#permission-model, https://nodejs.org/api/cli.html#--allow-addons
expect: * = contained
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
let result = 'no process object';
if (P) {
  const path = P.getBuiltinModule('node:path');
  const script = P.argv.find((a) => /\/workers\/(host|guest)\//.test(a)) || '';
  const root = script.slice(0, script.indexOf('/workers/'));
  const addon = path.join(
    root,
    'node_modules/isolated-vm/prebuilds',
    `${P.platform}-${P.arch}`,
    `isolated-vm.abi${P.versions.modules}.glibc.node`,
  );
  try {
    const mod = { exports: {} };
    P.dlopen(mod, addon);
    result = `native addon loaded (${Object.keys(mod.exports).length} exports) from ${addon}`;
  } catch (e) {
    result = `${e.code || e.name}: ${e.message}`.slice(0, 200);
  }
}
console.log('dlopen:', result);
result;
