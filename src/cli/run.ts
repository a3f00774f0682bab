/**
 * Running a scenario headless: what `npm run sim` prints, as a function (the CLI, the lesson checks
 * and the tests share it). Returns the lines instead of printing them.
 */
import { Simulation } from '../sim/engine';
import { capacityFor } from '../sim/core-capacity';
import { summary } from '../sim/metrics';
import { summaryText, timelineLine } from '../sim/timeline';
import type { Scenario } from '../sim/scenario/schema';
import type { SetupError } from '../sim/systems';
import { createCore } from '../core/core';

export interface RunOptions { json: boolean; metricsInterval?: number; until?: number }

export function runScenario(module: WebAssembly.Module, scenario: Scenario, opts: RunOptions,
  emit: (line: string) => void): { ok: true; sim: Simulation } | { ok: false; error: SetupError } {
  const core = createCore(module, capacityFor(scenario));
  const built = Simulation.fromScenario(scenario, core, { metricsInterval: opts.metricsInterval ?? 60, maxEvents: 1000 });
  if (!built.ok) return built;
  const sim = built.sim;
  sim.onEvent = (e) => {
    if (opts.json) emit(JSON.stringify(e));
    else { const line = timelineLine(e); if (line) emit(line); }
  };
  if (!opts.json) emit(`${scenario.name ?? 'scenario'} (seed ${scenario.seed}, ${opts.until ?? scenario.durationSeconds} s)`);
  // What the scenario's setup emitted at t = 0 (each service's first SERVICE_DEPLOYMENT_IN_PROGRESS,
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html)
  // happened before the stream was attached.
  for (const e of sim.events) sim.onEvent(e);
  sim.start();
  sim.runUntil(opts.until ?? scenario.durationSeconds);
  const s = summary(sim);
  emit(opts.json ? JSON.stringify(s) : summaryText(s));
  return { ok: true, sim };
}
