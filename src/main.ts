/**
 * Start-up: compile the wasm core, build the first scenario, then wire the loop, the canvas and
 * the panels together. Anything that goes wrong is shown on the page, never as a blank screen.
 */
import './styles.css';
import firstCluster from '../lessons/scenarios/first-cluster.json';
import { loadCoreModule } from './core/load-browser';
import { createCore } from './core/core';
import { parseScenarioObject } from './sim/scenario/parse';
import { Simulation } from './sim/engine';
import { capacityFor } from './sim/capacity';
import { createClockStore, createViewStore } from './state/stores';
import { Runner } from './app/runner';
import { ClusterScene } from './render/scene';
import { Panel } from './ui/panel';
import { bindControls } from './ui/controls';

async function main(): Promise<void> {
  const parsed = parseScenarioObject(firstCluster);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const scenario = parsed.scenario;
  const core = createCore(await loadCoreModule(), capacityFor(scenario));
  const built = Simulation.fromScenario(scenario, core, { metricsInterval: 0, maxEvents: 2000 });
  if (!built.ok) throw new Error(built.error.message);
  const clock = createClockStore();
  const view = createViewStore();
  const scene = await ClusterScene.create({ host: document.getElementById('canvas-host')! });
  document.body.dataset.renderer = scene.rendererName;
  const panel = new Panel();
  view.subscribe((state, prev) => {
    // Draw only when the simulation moved: a paused cluster costs nothing.
    if (!state.snapshot || state.snapshot === prev.snapshot) return;
    scene.draw(state.snapshot);
    panel.update(state.snapshot, state.recentEvents);
  });
  const runner = new Runner(built.sim, clock, view);
  bindControls(clock, () => runner.stepOnce());
  document.body.dataset.ready = 'true';
  runner.start();
}

main().catch((e: unknown) => {
  const status = document.getElementById('status');
  if (status) status.textContent = `ECS Lab could not start: ${e instanceof Error ? e.message : String(e)}`;
  document.body.dataset.ready = 'error';
});
