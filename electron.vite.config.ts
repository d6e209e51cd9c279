// electron-vite build of the desktop app (DESIGN.md §3): `npm run build`. The fixed folders: main
// `electron/main`, preload `electron/preload`, renderer root `renderer/` (the same bundle browser mode serves).
// Hosts and guest bootstraps are separate outputs of the main build (host.js, thread-entry.js, child-entry.js
// in out/main, sharing chunks there): they are started by path in their own processes and threads, on a real
// Node ≥ 24 or in Electron's utilityProcess. From the checkout, the CLI and browser mode start the sources.
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const ELECTRON_45_NODE = 'node24';
const ELECTRON_45_CHROME = 'chrome140';

/**
 * out/main is ES modules in .js files, and hosts on a system Node read them outside app.asar, where no
 * package.json says so: Node before 22.7 (no syntax detection) would take them for CommonJS. This one, inside
 * the folder a child guest may read under the Permission Model, says so for every release.
 */
const moduleTypeMarker = {
  name: 'module-type-marker',
  generateBundle(this: { emitFile(file: { type: 'asset'; fileName: string; source: string }): string }) {
    this.emitFile({ type: 'asset', fileName: 'package.json', source: '{ "type": "module" }\n' });
  },
};

export default defineConfig({
  main: {
    plugins: [moduleTypeMarker],
    build: {
      target: ELECTRON_45_NODE,
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: 'electron/main/index.ts',
          host: 'workers/host/main.ts',
          'thread-entry': 'workers/guest/thread-entry.ts',
          'child-entry': 'workers/guest/child-entry.ts',
          blast: 'workers/blast/main.ts',
        },
        // One flat folder: the bootstraps find each other as siblings, and a child under the Permission Model
        // is granted that one folder.
        output: { chunkFileNames: 'chunk-[name]-[hash].js' },
        // Native and WASM engines, and the ecosystem's sandboxes (vm2 reads its own files), are loaded at run
        // time from node_modules, never bundled.
        external: [
          'electron',
          'isolated-vm',
          'quickjs-emscripten-core',
          '@jitl/quickjs-ng-wasmfile-release-sync',
          'ws',
          'ses',
          'vm2',
          'vm2-3.9.17',
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
