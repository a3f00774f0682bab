import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the same dist/ works at a domain root and under a sub-path
  // (a GitHub Pages project page, a folder on any static host).
  base: './',
  build: {
    target: 'es2022',
    // Keep the wasm core a separate asset so it streams as application/wasm.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
    // Two pages: the lab, and the canvas harness (render benchmark and fixed frames for screenshots).
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        bench: fileURLToPath(new URL('./bench.html', import.meta.url)),
      },
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
