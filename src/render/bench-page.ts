/**
 * The canvas harness page (bench.html):
 * - `?tasks=10000` (or `?bench=10000`): the render benchmark. Builds a synthetic cluster of that many
 *   tasks through the real engine and core, draws it, renders continuously (particles moving, the
 *   task layer rebuilt every frame) and measures frames per second over fixed frame counts. The
 *   result is on `window.renderBench` and in `#result`; `body[data-bench]` turns `done`.
 * - `?scenario=<id>&t=<seconds>[&theme=light][&reduced=1][&select=service:web][&focus=starting][&zoom=2]`: a
 *   deterministic frame of a scenario from lessons/scenarios/ or test/scenarios/;
 *   `body[data-frame]` turns `ready` (or `error`).
 * - `?scenario=<id>&t=<seconds>&live=1[&speed=4]`: the scenario running from second t at `speed`
 *   simulated seconds per wall second, with `window.harness.pause()` / `play()` (interaction tests).
 * The scene is on `window.renderScene`; clicks on the canvas land in `window.canvasSelections`.
 */
import { createCore } from '../core/core';
import { loadCoreModule } from '../core/load-browser';
import { capacityFor } from '../sim/core-capacity';
import { Simulation } from '../sim/engine';
import { parseScenarioObject } from '../sim/scenario/parse';
import { snapshot, taskFrame } from '../sim/snapshot';
import { ClusterScene, type CanvasSelection } from './scene';
import { renderFixedFrame } from './fixed-frame';
import { syntheticScenario } from '../app/at-scale';

const lessons = import.meta.glob('../../lessons/scenarios/*.json', { eager: true, import: 'default' });
const extra = import.meta.glob('../../test/scenarios/*.json', { eager: true, import: 'default' });

/** Scenario documents by id (file name without .json). */
export const FRAME_SCENARIOS: Record<string, unknown> = Object.fromEntries(
  Object.entries({ ...lessons, ...extra }).map(([path, doc]) => [path.replace(/^.*\//, '').replace(/\.json$/, ''), doc]),
);

export interface RenderBenchResult {
  tasks: number; fps: number; msPerFrame: number; jsMsPerFrame: number; frames: number;
  lod: string; quads: number; particles: number;
  setupMs: number; engineStepMs: number; snapshotMs: number; taskFrameMs: number;
  /** Wall ms to take in a new snapshot and redraw both layers (what each simulated step costs the canvas). */
  redrawMs: number;
}

declare global {
  interface Window {
    renderBench?: RenderBenchResult;
    renderFrame?: { ok: boolean; error?: string; describe?: string; stats?: unknown };
    renderScene?: ClusterScene;
    canvasSelections?: (CanvasSelection | null)[];
    harness?: { pause(): void; play(): void; t(): number };
    benchRedraw?: () => number;
  }
}

const host = document.getElementById('canvas-host')!;
const out = document.getElementById('result')!;
const q = new URLSearchParams(location.search);

function nextFrame(): Promise<number> { return new Promise((r) => requestAnimationFrame(r)); }

async function bench(tasks: number): Promise<RenderBenchResult> {
  const frames = Number(q.get('frames') ?? 120);
  const t0 = performance.now();
  const parsed = parseScenarioObject(syntheticScenario(tasks));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const core = createCore(await loadCoreModule(), capacityFor(parsed.scenario));
  const built = Simulation.fromScenario(parsed.scenario, core, { metricsInterval: 0, maxEvents: 200 });
  if (!built.ok) throw new Error(built.error.message);
  const sim = built.sim;
  const steps: number[] = [];
  // Until every task is RUNNING and healthy behind the load balancer.
  while (sim.t < 30) { const a = performance.now(); sim.step(); steps.push(performance.now() - a); }
  const setupMs = performance.now() - t0;
  const a = performance.now();
  const snap = snapshot(sim, { taskObjects: false });
  const snapshotMs = performance.now() - a;
  const b = performance.now();
  taskFrame(sim);
  const taskFrameMs = performance.now() - b;
  const scene = await ClusterScene.create({ host, theme: 'dark', reducedMotion: false });
  window.renderScene = scene;
  scene.draw(snap, 0);
  scene.setContinuous(true);
  for (let i = 0; i < 20; i++) await nextFrame();
  // Three windows; the best one is reported (other processes share these two cores).
  let best = Infinity;
  let js = 0;
  let counted = 0;
  const windows = 3;
  for (let w = 0; w < windows; w++) {
    const start = scene.framesRendered;
    const s0 = await nextFrame();
    let s1 = s0;
    while (scene.framesRendered - start < frames / windows) {
      s1 = await nextFrame();
      js += scene.lastFrameMs;
      counted++;
    }
    best = Math.min(best, (s1 - s0) / (scene.framesRendered - start));
  }
  scene.setContinuous(false);
  window.benchRedraw = () => redrawOnce(sim, scene);
  const stats = scene.stats;
  // A new snapshot (one more simulated second), taken in and drawn: the per-step cost.
  const redraws: number[] = [];
  for (let k = 0; k < 3; k++) {
    sim.step();
    const next = snapshot(sim, { taskObjects: false });
    const r0 = performance.now();
    scene.draw(next, 0);
    scene.renderNow();
    redraws.push(performance.now() - r0);
    await nextFrame();
  }
  const sorted = steps.slice(-5).sort((x, y) => x - y);
  return {
    tasks, fps: 1000 / best, msPerFrame: best, jsMsPerFrame: js / counted, frames: counted,
    lod: stats.lod, quads: stats.quads, particles: stats.particles,
    setupMs, engineStepMs: sorted[Math.floor(sorted.length / 2)] ?? 0, snapshotMs, taskFrameMs,
    redrawMs: redraws.sort((x, y) => x - y)[1]!,
  };
}

/** One more simulated second, taken in and drawn (for profiling the per-step cost). */
function redrawOnce(sim: Simulation, scene: ClusterScene): number {
  sim.step();
  const next = snapshot(sim, { taskObjects: false });
  const r0 = performance.now();
  scene.draw(next, 0);
  scene.renderNow();
  return performance.now() - r0;
}

function parseSelect(v: string | null): CanvasSelection | undefined {
  if (!v) return undefined;
  const i = v.indexOf(':');
  return i > 0 ? { kind: v.slice(0, i) as CanvasSelection['kind'], id: v.slice(i + 1) } : undefined;
}

/** The scenario running live from second `t0` (a small stand-in for the lab's runner). */
async function live(doc: unknown, t0: number): Promise<void> {
  const parsed = parseScenarioObject(doc);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const built = Simulation.fromScenario(parsed.scenario, createCore(await loadCoreModule(), capacityFor(parsed.scenario)), { metricsInterval: 0, maxEvents: 200 });
  if (!built.ok) throw new Error(built.error.message);
  const sim = built.sim;
  sim.runUntil(t0);
  const scene = await ClusterScene.create({ host, theme: q.get('theme') === 'light' ? 'light' : q.get('theme') === 'dark' ? 'dark' : 'system', reducedMotion: q.get('reduced') === '1' ? true : 'system' });
  expose(scene);
  const speed = Number(q.get('speed') ?? 4);
  let playing = true, acc = 0, last = 0;
  scene.draw(snapshot(sim), 0);
  const loop = (now: number) => {
    requestAnimationFrame(loop);
    const dt = last ? Math.min(0.25, (now - last) / 1000) : 0;
    last = now;
    if (!playing) return;
    acc += dt * speed;
    let moved = false;
    while (acc >= 1) { sim.step(); acc -= 1; moved = true; }
    if (moved) scene.draw(snapshot(sim), acc); else scene.setAlpha(acc);
  };
  requestAnimationFrame(loop);
  window.harness = { pause: () => { playing = false; }, play: () => { playing = true; }, t: () => sim.t };
  await nextFrame();
  document.body.dataset.frame = 'ready';
}

function expose(scene: ClusterScene): void {
  window.renderScene = scene;
  window.canvasSelections = [];
  scene.onSelect = (sel) => { window.canvasSelections!.push(sel); scene.setSelection(sel); };
}

async function fixed(id: string): Promise<void> {
  const doc = FRAME_SCENARIOS[id];
  if (!doc) throw new Error(`No scenario named ${id}: one of ${Object.keys(FRAME_SCENARIOS).sort().join(', ')}`);
  if (q.get('live') === '1') { await live(doc, Number(q.get('t') ?? 0)); return; }
  const r = await renderFixedFrame({
    host, scenario: doc, t: Number(q.get('t') ?? 60),
    theme: q.get('theme') === 'light' ? 'light' : 'dark', reducedMotion: q.get('reduced') === '1',
    select: parseSelect(q.get('select')), zoom: Number(q.get('zoom') ?? 1), focusStarting: q.get('focus') === 'starting',
  });
  if (!r.ok) throw new Error(r.error);
  expose(r.scene);
  window.renderFrame = { ok: true, describe: r.scene.describe(), stats: r.scene.stats };
  document.body.style.background = q.get('theme') === 'light' ? '#f8fafc' : '#0b1220';
  // Two animation frames: the canvas has been composited before the page says it is ready.
  await nextFrame();
  await nextFrame();
  document.body.dataset.frame = 'ready';
}

async function main(): Promise<void> {
  const scenario = q.get('scenario');
  if (scenario) { await fixed(scenario); return; }
  const tasks = Number(q.get('tasks') ?? q.get('bench') ?? 1000);
  const r = await bench(tasks);
  window.renderBench = r;
  out.textContent = `${r.tasks} tasks: ${r.fps.toFixed(1)} fps, ${r.msPerFrame.toFixed(1)} ms per frame (${r.jsMsPerFrame.toFixed(1)} ms JS), level of detail ${r.lod}`;
  document.body.dataset.bench = 'done';
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  out.textContent = `The canvas harness could not run: ${message}`;
  window.renderFrame = { ok: false, error: message };
  document.body.dataset.frame = 'error';
  document.body.dataset.bench = 'error';
});
