/**
 * Render benchmark (not a test): `npm run bench:render`. Serves the built site with vite preview on
 * port 4191, opens the canvas harness (bench.html?tasks=N) in headless Chromium with software GL
 * (the same launch arguments as playwright.config.ts), and for 1,000, 10,000 and 100,000 tasks
 * prints a readable table, then one JSON line:
 *   {"type":"RenderBench","fps":{"1000":…,"10000":…,"100000":…},"msPerFrame":{…},…}
 *
 * Each size is a synthetic cluster built through the real engine and scheduler core
 * (src/app/at-scale.ts), run until every task is RUNNING and healthy, drawn fitted to a
 * 1280×800 viewport, then rendered continuously (particles moving, the live task layer rebuilt
 * every frame) for 120 frames in three windows; the best window is reported, since other processes
 * share these cores. `redrawMs` is the cost of taking in one new snapshot (one simulated second).
 * Frame rates under software GL say little about real GPUs: they are reported, never asserted.
 *
 * Environment: RENDER_BENCH_DIST (default dist), RENDER_BENCH_PORT (default 4191),
 * RENDER_BENCH_SIZES (default 1000,10000,100000), CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { loadavg } from 'node:os';
import { launchChromium, servePreview } from './preview';

const dist = process.env.RENDER_BENCH_DIST ?? 'dist';
// Not 4190: browsers and fetch refuse it (it is ManageSieve's port, on the Fetch standard's list of bad ports).
const port = Number(process.env.RENDER_BENCH_PORT ?? 4191);
const sizes = (process.env.RENDER_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);

interface Result {
  tasks: number; fps: number; msPerFrame: number; jsMsPerFrame: number; lod: string; quads: number; particles: number;
  setupMs: number; engineStepMs: number; snapshotMs: number; taskFrameMs: number; redrawMs: number;
}

async function main(): Promise<void> {
  const { base, stop } = await servePreview(dist, port, 'bench.html');
  const results: Result[] = [];
  try {
    const browser = await launchChromium();
    try {
      for (const tasks of sizes) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${base}bench.html?tasks=${tasks}`);
        await page.waitForFunction(() => document.body.dataset.bench, null, { timeout: 600_000 });
        const r = await page.evaluate(() => window.renderBench);
        if (!r) throw new Error(`the benchmark page failed at ${tasks} tasks: ${errors.join('; ') || await page.locator('#result').textContent()}`);
        results.push(r);
        process.stderr.write(`  ${tasks} tasks measured\n`);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  } finally {
    stop();
  }

  const n = (x: number, d = 1) => x.toFixed(d).padStart(8);
  console.log(`Render benchmark: Chromium, software GL (SwiftShader), 1280×800, load average ${loadavg()[0]!.toFixed(1)}`);
  console.log('   tasks │      fps │ ms/frame │ JS ms/frame │ level of detail │ redraw ms │ engine step ms │ snapshot ms');
  console.log('─────────┼──────────┼──────────┼─────────────┼─────────────────┼───────────┼────────────────┼────────────');
  for (const r of results) {
    console.log(`${String(r.tasks).padStart(8)} │ ${n(r.fps)} │ ${n(r.msPerFrame)} │ ${n(r.jsMsPerFrame, 2).padStart(11)} │ ${r.lod.padEnd(15)} │ ${n(r.redrawMs).padStart(9)} │ ${n(r.engineStepMs).padStart(14)} │ ${n(r.snapshotMs).padStart(10)}`);
  }
  console.log('Targets: ≥ 50 fps at 1,000 tasks; ≥ 30 fps at 100,000 tasks (through level of detail).');
  const by = <K extends keyof Result>(k: K, d = 1) => Object.fromEntries(results.map((r) => [String(r.tasks), Number((r[k] as number).toFixed(d))]));
  console.log(JSON.stringify({
    type: 'RenderBench', fps: by('fps'), msPerFrame: by('msPerFrame', 2),
    jsMsPerFrame: by('jsMsPerFrame', 2), lod: Object.fromEntries(results.map((r) => [String(r.tasks), r.lod])),
    redrawMs: by('redrawMs'), engineStepMs: by('engineStepMs'), snapshotMs: by('snapshotMs'), taskFrameMs: by('taskFrameMs'),
    viewport: '1280x800', loadAverage: Number(loadavg()[0]!.toFixed(2)),
  }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
