// electron-vite build of the desktop app (DESIGN.md §3). The fixed folders: main `electron/main`, preload
// `electron/preload`, renderer root `renderer/`. The host and guest bootstraps are separate outputs: they
// are started by path in their own processes and threads, never imported by the main bundle.
// A plain object (electron-vite accepts it as is), so this file type-checks with the rest of the Node code.
const ELECTRON_45_NODE = 'node24';
const ELECTRON_45_CHROME = 'chrome140';

export default {
  main: {
    build: {
      target: ELECTRON_45_NODE,
      outDir: 'out/main',
      rollupOptions: {
        input: { index: 'electron/main/index.ts' },
        // Native and WASM engines are loaded at run time from node_modules, never bundled.
        external: [
          'electron',
          'isolated-vm',
          'quickjs-emscripten-core',
          '@jitl/quickjs-ng-wasmfile-release-sync',
          'ws',
        ],
      },
    },
  },
  preload: {
    build: {
      target: ELECTRON_45_NODE,
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { index: 'electron/preload/index.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: { target: ELECTRON_45_CHROME, outDir: 'out/renderer', rollupOptions: { input: 'renderer/index.html' } },
  },
};
