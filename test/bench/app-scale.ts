/**
 * The page at scale: serves the built site (dist/), opens "At scale: 100,000 tasks" (or
 * APP_SCALE_SCENARIO) from the scenario picker in headless Chromium at 4×, and records the
 * interval between animation frames: for the launch (the first 20 wall seconds, while every task
 * is placed and started) and then for a minute of steady running. Prints a table and, last, one
 * JSON line: {"type":"AppScaleBench","tasks":…,"launch":{p50,p95,max},"steady":{p50,p95,max}}
 * (milliseconds; 16.7 is one frame at 60 Hz).
 *
 * Options (environment): APP_SCALE_DIST (default dist), APP_SCALE_PORT (default 4192),
 * APP_SCALE_SCENARIO (default at-scale-100000), APP_SCALE_STEADY_SECONDS (default 60).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, servePreview } from './preview';

const DIST = resolve(process.env.APP_SCALE_DIST ?? 'dist');
const PORT = Number(process.env.APP_SCALE_PORT ?? 4192);
const SCENARIO = process.env.APP_SCALE_SCENARIO ?? 'at-scale-100000';
const STEADY = Number(process.env.APP_SCALE_STEADY_SECONDS ?? 60);

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`No build in ${DIST}: run npm run build first (or set APP_SCALE_DIST).`);
  process.exit(2);
}
const { base, stop } = await servePreview(DIST, PORT);

interface Stats { p50: number; p95: number; max: number; frames: number }
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => Number((s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? 0).toFixed(1));
  return { p50: at(0.5), p95: at(0.95), max: at(1), frames: s.length };
};

const browser = await launchChromium();
let result: { tasks: string; launch: Stats; steady: Stats };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: 60_000 });
  await page.waitForSelector(`#scenario-select option[value="${SCENARIO}"]`, { state: 'attached' });
  await page.selectOption('#scenario-select', SCENARIO);
  // A string, not a function: tsx would wrap a named inner function in a helper the page lacks.
  await page.evaluate(`(() => {
    window.frameGaps = [];
    let last = performance.now();
    const tick = (now) => { window.frameGaps.push(now - last); last = now; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const take = () => page.evaluate(() => { const w = window as unknown as { frameGaps: number[] }; const g = w.frameGaps; w.frameGaps = []; return g; });
  await page.click('#open-scenario');
  await page.waitForTimeout(20_000);
  const launch = await take();
  await page.waitForTimeout(STEADY * 1000);
  const steady = await take();
  const status = await page.locator('#status').textContent();
  result = { tasks: status ?? '', launch: stats(launch), steady: stats(steady) };
} finally {
  await browser.close();
  stop();
}
console.log(`scenario ${SCENARIO}: ${result.tasks}`);
for (const [k, s] of [['launch (first 20 s)', result.launch], [`steady (${STEADY} s)`, result.steady]] as const) {
  console.log(`  ${k.padEnd(20)} frames ${String(s.frames).padStart(5)}  p50 ${s.p50} ms  p95 ${s.p95} ms  max ${s.max} ms`);
}
const tasks = Number((/^([\d,]+) tasks/.exec(result.tasks)?.[1] ?? '0').replace(/,/g, ''));
console.log(JSON.stringify({ type: 'AppScaleBench', tasks, launch: result.launch, steady: result.steady }));
