/**
 * A deterministic frame: a scenario run headless to second `t` (fixed seed), drawn once with the
 * particle clock frozen at `t`, no tweens, no wall-clock input. The same scenario and second give
 * the same pixels, which is what the screenshot tests compare.
 *
 * The lab can offer the same thing behind a query (`?scenario=<id>&t=<s>&paused=1`) with one line
 * in its start-up: `if (params.has('frame')) return renderFixedFrame({ host, scenario, t })`.
 */
import { createCore } from '../core/core';
import { loadCoreModule } from '../core/load-browser';
import { capacityFor } from '../sim/core-capacity';
import { Simulation } from '../sim/engine';
import { parseScenarioObject } from '../sim/scenario/parse';
import { snapshot, type Snapshot } from '../sim/snapshot';
import { ClusterScene, type CanvasSelection } from './scene';

export interface FixedFrameOptions {
  host: HTMLElement;
  /** A scenario document, as written (it is validated like any other). */
  scenario: unknown;
  /** Simulated second to show. */
  t: number;
  theme?: 'dark' | 'light';
  reducedMotion?: boolean;
  /** Highlight and centre on this (e.g. a service) before drawing. */
  select?: CanvasSelection;
  /** Centre on the first task that is starting (PROVISIONING to ACTIVATING), if any. */
  focusStarting?: boolean;
  /** Zoom factor applied around the centre after fitting (1: the whole cluster), in steps of 1.4. */
  zoom?: number;
  resolution?: number;
}

export type FixedFrameResult = { ok: true; scene: ClusterScene; snapshot: Snapshot } | { ok: false; error: string };

export async function renderFixedFrame(o: FixedFrameOptions): Promise<FixedFrameResult> {
  const parsed = parseScenarioObject(o.scenario);
  if (!parsed.ok) return { ok: false, error: parsed.error.message };
  const core = createCore(await loadCoreModule(), capacityFor(parsed.scenario));
  const built = Simulation.fromScenario(parsed.scenario, core, { metricsInterval: 0, maxEvents: 500 });
  if (!built.ok) return { ok: false, error: built.error.message };
  const sim = built.sim;
  sim.runUntil(Math.max(0, o.t));
  const snap = snapshot(sim);
  const scene = await ClusterScene.create({
    host: o.host, theme: o.theme ?? 'dark', reducedMotion: o.reducedMotion ?? false,
    fixedClock: o.t, resolution: o.resolution,
  });
  scene.draw(snap, 0);
  if (o.select) { scene.setSelection(o.select); scene.focus(o.select); }
  if (o.focusStarting && snap.frame) {
    const f = snap.frame;
    const slot = [...f.state.keys()].find((i) => f.state[i]! >= 1 && f.state[i]! <= 3);
    if (slot !== undefined) scene.focus({ kind: 'task', id: f.taskIds[slot]! });
  }
  if (o.zoom && o.zoom > 1) for (let z = o.zoom; z > 1.01; z /= 1.4) scene.zoomIn();
  if (o.zoom && o.zoom < 1) for (let z = o.zoom; z < 0.99; z *= 1.4) scene.zoomOut();
  scene.renderNow();
  return { ok: true, scene, snapshot: snap };
}
