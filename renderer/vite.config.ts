// Browser-mode build of the renderer (the same bundle Electron loads): `npm run build:web`.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome140',
    chunkSizeWarningLimit: 8000,
  },
  worker: { format: 'es' },
});
