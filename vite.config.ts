import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * `virtual:first-frame`: the default scenario's first frame, computed at build time by the engine
 * itself (src/cli/first-frame.ts, run with tsx on the freshly built wasm core), so the page can
 * draw the cluster before the engine has loaded (src/app/first-view/). The dev server computes it
 * once per start.
 */
function firstFrame(): Plugin {
  const id = 'virtual:first-frame';
  const root = fileURLToPath(new URL('.', import.meta.url));
  const tsx = fileURLToPath(new URL('./node_modules/tsx/dist/cli.mjs', import.meta.url));
  let text: string | null = null;
  return {
    name: 'ecs-lab:first-frame',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      text ??= execFileSync(process.execPath, [tsx, 'src/cli/first-frame.ts'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
      return text;
    },
  };
}

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
      // First-view size (npm run bench:load). Without chunk merging, Pixi's renderers stay in
      // their own chunks and the page fetches only the one it uses (WebGL and the Canvas 2D base
      // layer; never WebGPU). pixi.js/unsafe-eval (src/app/csp.ts) patches the WebGPU uniform
      // system too: that module and its helpers get a chunk of their own, so the patch does not
      // pull in the whole WebGPU renderer.
      experimental: { chunkOptimization: false },
      output: {
        // The chunk that holds the engine's entry module is named for it, whatever else shares it,
        // so tests and the load benchmark can tell when the engine is fetched.
        chunkFileNames: (chunk) => (chunk.moduleIds.some((id) => /src[\\/]sim[\\/]engine\.ts$/.test(id)) ? 'assets/engine-[hash].js' : 'assets/[name]-[hash].js'),
        codeSplitting: {
          groups: [{
            name: 'pixi-csp',
            test: /node_modules[\\/]pixi\.js[\\/]lib[\\/](unsafe-eval[\\/]|rendering[\\/]renderers[\\/]gpu[\\/](GpuUboSystem|shader[\\/]utils[\\/]createUbo)|scene[\\/]particle-container[\\/]shared[\\/](ParticleBuffer|utils[\\/]))/,
          }],
        },
      },
    },
  },
  plugins: [
    firstFrame(),
    // The dev server injects each stylesheet as a <style> element (hot reload), which the page's
    // Content Security Policy (index.html) refuses; in dev only, inline styles are allowed. The
    // built site keeps the strict policy.
    {
      name: 'ecs-lab:csp-dev-styles',
      apply: 'serve',
      transformIndexHtml: (html: string) => html.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"),
    },
    // Offline: after one visit the site runs without a network. Workbox (generated at build time)
    // precaches every built file, the wasm core included, and answers navigations (`?lessons`,
    // `?lesson=<id>`) with index.html. The service worker is registered by a separate
    // registerSW.js (no inline script under the Content Security Policy), relative to the page, so
    // it works under any sub-path. A new version waits until every tab of the site is closed: a
    // running class is never switched to other files mid-demo.
    VitePWA({
      injectRegister: 'script',
      registerType: 'prompt',
      includeAssets: ['favicon.svg', 'icon-192.png', 'icon-512.png'],
      manifest: {
        name: 'ECS Lab',
        short_name: 'ECS Lab',
        description: 'Learn Amazon ECS by running it: a live, deterministic ECS cluster in your browser.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#0f172a',
        theme_color: '#0f172a',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,svg,png,webmanifest}'],
        navigateFallback: 'index.html',
        // The canvas harness (render benchmark, fixed frames) is its own page, never the lab.
        navigateFallbackDenylist: [/bench\.html/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: false,
      },
    }),
  ],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
