/**
 * Load budget: serves the built site (dist/) on 127.0.0.1, opens it in headless Chromium with an
 * empty cache, and measures
 *
 * 1. the first view: every JS and wasm file the page requested before the first cluster was drawn
 *    (Resource Timing entries that started before the page's `ecs-lab:drawn` mark), gzip-compressed
 *    (level 9) from the files in the build;
 * 2. the time from navigation to that mark (the first Pixi frame with the cluster on it), the
 *    median of five cold loads. A fresh page draws the default scenario's first frame, computed at
 *    build time, before the engine loads (src/app/first-view/); the time until the live page is
 *    ready (engine, wasm core and controls loaded, the clock running) is printed beside it.
 *
 * What loads after the first frame (the scenario catalogue, then the console, inspector, charts,
 * compare and lessons on first use) is listed apart. Service workers are blocked so that each load
 * is a first visit. Prints a table and, last, one JSON line:
 * {"type":"LoadBench","firstViewKBGzip":…,"firstFrameMs":…}
 *
 * Options (environment): LOAD_DIST (default dist), LOAD_PORT (default 4191), LOAD_RUNS (default 5).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, servePreview } from './preview';

const DIST = resolve(process.env.LOAD_DIST ?? 'dist');
const PORT = Number(process.env.LOAD_PORT ?? 4191);
const RUNS = Number(process.env.LOAD_RUNS ?? 5);
const BUDGET_KB = 200;

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`No build in ${DIST}: run npm run build first (or set LOAD_DIST).`);
  process.exit(2);
}

interface FileSize { file: string; raw: number; gzip: number }
const sizes = new Map<string, FileSize>();
function sizeOf(url: string): FileSize | null {
  const path = decodeURIComponent(new URL(url).pathname).replace(/^\//, '');
  if (!/\.(m?js|wasm)$/.test(path)) return null;
  let s = sizes.get(path);
  if (!s) {
    const body = readFileSync(join(DIST, path));
    s = { file: path, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
    sizes.set(path, s);
  }
  return s;
}

const { base, stop } = await servePreview(DIST, PORT);
const browser = await launchChromium();

const times: number[] = [];
const liveTimes: number[] = [];
let first: FileSize[] = [];
let later: FileSize[] = [];
let renderer = '';
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base, { waitUntil: 'commit' });
    const readyAt = await (await page.waitForFunction(() => {
      const ready = document.body?.dataset.ready;
      return ready === 'true' || ready === 'error' ? performance.now() : 0;
    }, undefined, { timeout: 60_000, polling: 'raf' })).jsonValue();
    const r = await page.evaluate(() => {
      const mark = performance.getEntriesByName('ecs-lab:drawn')[0];
      const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({ url: e.name, start: e.startTime }));
      return { drawnAt: mark ? mark.startTime : null, entries, ready: document.body.dataset.ready, renderer: document.body.dataset.renderer ?? '' };
    });
    if (r.ready !== 'true') throw new Error(`the page did not draw the cluster (${r.ready}): ${errors.join('; ')}`);
    // A build from before the page set its mark: the moment it said it was ready.
    if (r.drawnAt === null) r.drawnAt = readyAt;
    times.push(r.drawnAt);
    liveTimes.push(readyAt);
    renderer = r.renderer;
    if (run === 0) {
      const seen = new Set<string>();
      for (const e of r.entries) {
        const s = sizeOf(e.url);
        if (!s || seen.has(s.file)) continue;
        seen.add(s.file);
        (e.start <= r.drawnAt ? first : later).push(s);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  stop();
}

const kb = (n: number) => n / 1024;
const sum = (l: FileSize[], k: 'raw' | 'gzip') => l.reduce((s, f) => s + f[k], 0);
const table = (title: string, l: FileSize[]) => {
  console.log(title);
  for (const f of [...l].sort((a, b) => b.gzip - a.gzip)) console.log(`  ${f.file.padEnd(56)} ${kb(f.raw).toFixed(1).padStart(8)} KB  ${kb(f.gzip).toFixed(1).padStart(7)} KB gzip`);
  console.log(`  ${'total'.padEnd(56)} ${kb(sum(l, 'raw')).toFixed(1).padStart(8)} KB  ${kb(sum(l, 'gzip')).toFixed(1).padStart(7)} KB gzip`);
};
table('first view: JS and wasm requested before the first drawn cluster', first);
table('after the first frame, before the page was ready (not in the first view)', later);
times.sort((a, b) => a - b);
liveTimes.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const liveMedian = liveTimes[Math.floor(liveTimes.length / 2)]!;
const firstKB = Number(kb(sum(first, 'gzip')).toFixed(1));
console.log(`renderer: ${renderer}; time to the first drawn cluster over ${RUNS} cold loads: median ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)})`);
console.log(`time to the live page (engine and controls loaded, clock running): median ${liveMedian.toFixed(0)} ms (min ${liveTimes[0]!.toFixed(0)}, max ${liveTimes.at(-1)!.toFixed(0)})`);
console.log(`budget: ${BUDGET_KB} KB gzip for the first view: ${firstKB <= BUDGET_KB ? 'met' : `over by ${(firstKB - BUDGET_KB).toFixed(1)} KB`}`);
console.log(JSON.stringify({ type: 'LoadBench', firstViewKBGzip: firstKB, firstFrameMs: Math.round(median) }));
