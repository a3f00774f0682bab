/**
 * 10,000 random sessions, with fuzzed calls the API accepts and calls it rejects, give the same
 * events three ways: live in a Session (as the page runs it), replayed headless from the session's
 * document (as `npm run sim` runs an export), and opened from the session's share link. A rejected
 * call is not recorded, so this holds only if it changed nothing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCore } from '../../src/core/core';
import { capacityFor } from '../../src/sim/core-capacity';
import { Simulation } from '../../src/sim/engine';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import type { SimEvent } from '../../src/sim/events';
import { Session } from '../../src/app/session';
import { decodeLink, encodeLink } from '../../src/app/share/link';
import { module } from '../support/sim';
import { engineState } from '../support/engine-state';
import { callArb, fillRefs, scenarios } from '../support/api-calls';
import { runs } from '../support/runs';

/** Small clusters: a session of 10,000 must stay quick. */
const BASES = ['first-cluster.json', 'deploy-rolling.json', 'spot-fargate-interruption.json']
  .map((n) => scenarios.find((s) => s.name === n)!.doc);

function open(doc: Record<string, unknown>): Session {
  const parsed = parseScenarioObject(doc);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const r = Session.open(parsed.scenario, doc, module);
  if (!r.ok) throw new Error(r.error.message);
  return r.session;
}

function collect(sim: Simulation): SimEvent[] {
  const events: SimEvent[] = [];
  const next = sim.onEvent;
  sim.onEvent = (e) => { events.push(e); next?.(e); };
  return events;
}

/** The first event where two runs part, with the session's calls, or null when they agree. */
function parting(a: SimEvent[], b: SimEvent[], live: Session): string | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = JSON.stringify(a[i]);
    const y = JSON.stringify(b[i]);
    if (x !== y) return `event ${i} of ${a.length} / ${b.length}:\n live:  ${y}\n other: ${x}\n calls: ${JSON.stringify(live.actions)}`;
  }
  return null;
}

const sessionArb = fc.record({
  base: fc.nat(BASES.length - 1),
  calls: fc.array(fc.tuple(fc.nat(12), callArb), { minLength: 1, maxLength: 6 }),
});

describe('random sessions', () => {
  it(`${runs(10_000, 500).toLocaleString('en-US')} sessions with rejected calls: the same events live, on replay and from the share link`, () => {
    let rejected = 0;
    let acceptedCalls = 0;
    let sessions = 0;
    fc.assert(fc.property(sessionArb, ({ base, calls }) => {
      const doc = structuredClone(BASES[base]!);
      const live = open(doc);
      const liveEvents = collect(live.sim);
      for (const [dt, { action, request, pick }] of calls) {
        const to = live.t + dt;
        while (live.t < to) live.step();
        if (live.act(action, fillRefs(live.sim, request, pick)).ok) acceptedCalls++; else rejected++;
      }
      const end = live.t + 5;
      while (live.t < end) live.step();

      // Replay: the session's document, run headless.
      const parsed = parseScenarioObject(live.document());
      if (!parsed.ok) throw new Error(parsed.error.message);
      const built = Simulation.fromScenario(parsed.scenario, createCore(module, capacityFor(parsed.scenario)), { metricsInterval: 0 });
      if (!built.ok) throw new Error(built.error.message);
      const replayEvents = collect(built.sim);
      built.sim.runUntil(end);
      expect(parting(replayEvents, liveEvents, live), 'replay').toBeNull();

      // The share link: opened at t = 0 with the whole log ahead, played to the end.
      const link = decodeLink(encodeLink(live.source, 0, { actions: live.actions, applied: 0 }));
      if (!link.ok) throw new Error(link.problem.message);
      const shared = open(link.source);
      shared.restore(link.log?.actions ?? [], 0, 0);
      const sharedEvents = collect(shared.sim);
      while (shared.t < end) shared.step();
      expect(parting(sharedEvents, liveEvents, live), 'share link').toBeNull();
      if (++sessions % 20 === 0) expect(engineState(shared.sim, ['scenario'])).toBe(engineState(live.sim, ['scenario']));
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? runs(10_000, 500)) });
    // Both kinds of call occur often (about half and half).
    expect(rejected).toBeGreaterThan(acceptedCalls / 4);
    expect(acceptedCalls).toBeGreaterThan(rejected / 20);
  }, 3_600_000);
});
