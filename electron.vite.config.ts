// electron-vite build of the desktop app (DESIGN.md §3). The fixed folders: main `electron/main`, preload
// `electron/preload`, renderer root `renderer/`. The host and guest bootstraps are separate outputs: they
// are started by path in their own processes and threads, never imported by the main bundle.
//
// A plain object on purpose: electron-vite accepts it as is, and it keeps this file type-checkable before
// the desktop app's own dependencies are installed. The app itself is built by issue #5.
const ELECTRON_45_NODE = 'node24';
const ELECTRON_45_CHROME = 'chrome140';

export default {
  main: {
    build: {
      target: ELECTRON_45_NODE,
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: 'electron/main/index.ts',
          host: 'workers/host/main.ts',
          'thread-entry': 'workers/guest/thread-entry.ts',
          'child-entry': 'workers/guest/child-entry.ts',
        },
      },
    },
  },
  preload: {
    build: {
      target: ELECTRON_45_NODE,
      outDir: 'out/preload',
      rollupOptions: { input: { index: 'electron/preload/index.ts' } },
    },
  },
  renderer: {
    root: 'renderer',
    build: { target: ELECTRON_45_CHROME, outDir: 'out/renderer', rollupOptions: { input: 'renderer/index.html' } },
  },
};
