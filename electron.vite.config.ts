// electron-vite build of the desktop app (DESIGN.md §3): `npm run build`. The fixed folders: main
// `electron/main`, preload `electron/preload`, renderer root `renderer/` (the same bundle browser mode serves).
// Hosts and guest bootstraps are not bundled into main: they are started by path in their own processes and
// threads (workers/host/main.ts, workers/guest/*-entry.ts), on a real Node ≥ 24.
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const ELECTRON_45_NODE = 'node24';
const ELECTRON_45_CHROME = 'chrome140';

export default defineConfig({
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
    base: './',
    plugins: [react()],
    worker: { format: 'es' },
    build: {
      target: ELECTRON_45_CHROME,
      outDir: 'out/renderer',
      chunkSizeWarningLimit: 8000,
      rollupOptions: { input: 'renderer/index.html' },
    },
  },
});
