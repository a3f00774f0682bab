/**
 * Load budget: serves the built site (dist/) on 127.0.0.1, opens it in headless Chromium with an
 * empty cache, and measures (1) the JS and wasm the first view fetches, gzip-compressed, and
 * (2) the time from navigation to the first drawn cluster (the page sets data-ready once the first
 * snapshot is on the canvas). Prints a table and, last, one JSON line:
 * {"type":"LoadBench","firstViewKBGzip":…,"firstFrameMs":…}
 */
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const PORT = 4191;
const RUNS = 5;
const base = `http://127.0.0.1:${PORT}/`;

const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: ['ignore', 'pipe', 'pipe'] });
const stop = () => { if (!server.killed) server.kill('SIGTERM'); };
process.on('exit', stop);

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(base)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`vite preview did not start on ${base}`);
}

await waitForServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-quic', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});

const times: number[] = [];
let files: { url: string; raw: number; gzip: number }[] = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const seen: { url: string; raw: number; gzip: number }[] = [];
  page.on('response', async (res) => {
    const url = res.url();
    if (!/\.(js|mjs|wasm)(\?|$)/.test(url)) return;
    try {
      const body = await res.body();
      seen.push({ url: url.replace(base, ''), raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
    } catch { /* a response without a body */ }
  });
  await page.goto(base, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { polling: 'raf', timeout: 30_000 });
  const ms = await page.evaluate(() => performance.now());
  times.push(ms);
  await page.waitForTimeout(300);
  if (run === 0) files = seen;
  await context.close();
}
await browser.close();
stop();

files.sort((a, b) => b.gzip - a.gzip);
const totalGzip = files.reduce((s, f) => s + f.gzip, 0) / 1024;
const totalRaw = files.reduce((s, f) => s + f.raw, 0) / 1024;
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log('first view: JS and wasm fetched before the first drawn cluster');
for (const f of files) console.log(`  ${f.url.padEnd(56)} ${(f.raw / 1024).toFixed(1).padStart(8)} KB  ${(f.gzip / 1024).toFixed(1).padStart(7)} KB gzip`);
console.log(`  ${'total'.padEnd(56)} ${totalRaw.toFixed(1).padStart(8)} KB  ${totalGzip.toFixed(1).padStart(7)} KB gzip`);
console.log(`time to the first drawn cluster over ${RUNS} cold loads: median ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)})`);
console.log(JSON.stringify({ type: 'LoadBench', firstViewKBGzip: Number(totalGzip.toFixed(1)), firstFrameMs: Math.round(median) }));
