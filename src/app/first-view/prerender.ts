/**
 * Computes the first frame of the default scenario exactly as the page's App does when it opens
 * it (Session.open, then a snapshot and the feed at t = 0). The build runs this with the same
 * engine the page loads (src/cli/first-frame.ts), so the picture drawn before the engine arrives
 * is the one the engine then publishes, byte for byte (test/unit/first-view.test.ts).
 */
import { DEFAULT_SCENARIO, DEFAULT_SCENARIO_DOC } from '../catalog';
import { openScenarioObject } from '../share/document';
import { Session } from '../session';
import { pageSnapshot } from '../app';
import type { FirstFrame } from './codec';

export function prerenderFirstFrame(module: WebAssembly.Module): FirstFrame {
  const opened = openScenarioObject(DEFAULT_SCENARIO_DOC);
  if (!opened.ok) throw new Error(`the default scenario does not open: ${opened.problem.message}`);
  const r = Session.open(opened.scenario, opened.source, module);
  if (!r.ok) throw new Error(`the default scenario cannot start: ${r.error.message}`);
  const s = r.session;
  return {
    catalogId: DEFAULT_SCENARIO,
    seed: opened.scenario.seed,
    scenarioName: opened.scenario.name ?? 'the scenario',
    region: opened.scenario.region,
    clusterName: opened.scenario.cluster.clusterName,
    snapshot: pageSnapshot(s.sim),
    recentEvents: s.log.recent.slice(),
  };
}
