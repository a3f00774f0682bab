/**
 * A call is atomic: the API either applies it whole or rejects it and changes nothing. For every
 * action, fuzzed requests (test/support/api-calls.ts) are sent to running clusters; after every
 * rejected call the engine's whole state (test/support/engine-state.ts: every field, the
 * random-number state and the core's arrays) must be what it was before the call, character for
 * character.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Simulation } from '../../src/sim/engine';
import { buildSim } from '../support/sim';
import { engineState } from '../support/engine-state';
import { ACTION_NAMES, BASES, callArb, fillRefs, scenarios, type Req } from '../support/api-calls';
import { runs } from '../support/runs';

/** Where two states first differ, with some context either side. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}:\n before: …${a.slice(Math.max(0, i - 300), i + 200)}…\n after:  …${b.slice(Math.max(0, i - 300), i + 200)}…`;
}

const rejected = new Map<string, number>(ACTION_NAMES.map((a) => [a, 0]));
const accepted = new Map<string, number>(ACTION_NAMES.map((a) => [a, 0]));

function sendAll(sim: Simulation, calls: { action: string; request: Req; pick: number }[]): void {
  let before = engineState(sim);
  for (const call of calls) {
    const { action } = call;
    const request = fillRefs(sim, call.request, call.pick);
    const rng = sim.rng.state;
    const r = sim.act(action, structuredClone(request));
    if (r.ok) {
      accepted.set(action, accepted.get(action)! + 1);
      before = engineState(sim);
      continue;
    }
    rejected.set(action, rejected.get(action)! + 1);
    expect(sim.rng.state, `${action} ${JSON.stringify(request)} was rejected (${r.error.message}) but drew random numbers`).toBe(rng);
    const after = engineState(sim);
    if (after !== before) {
      expect.fail(`${action} ${JSON.stringify(request)} was rejected (${r.error.field}: ${r.error.message}) but changed the engine ${firstDifference(before, after)}`);
    }
  }
}

/** One running cluster per base scenario, carried from case to case (building one costs more than a case). */
const clusters = new Map<number, Simulation>();
function cluster(b: number): Simulation {
  let sim = clusters.get(b);
  if (!sim) {
    sim = buildSim(structuredClone(BASES[b]!.doc), { maxEvents: 400 });
    clusters.set(b, sim);
  }
  return sim;
}

describe('atomic calls', () => {
  it('issue 14: a rejected UpdateService leaves the rolling percents alone, so the next revision keeps tasks up', () => {
    const doc = structuredClone(scenarios.find((s) => s.name === 'first-cluster.json')!.doc);
    const sim = buildSim(doc);
    sim.runUntil(120);
    expect(sim.act('UpdateService', { service: 'web', desiredCount: 4 }).ok).toBe(true);
    sim.runUntil(240);
    const before = engineState(sim);
    const r = sim.act('UpdateService', { service: 'web', deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 }, placementStrategy: [{ type: 'roundrobin' }] });
    expect(r.ok).toBe(false);
    expect(engineState(sim)).toBe(before);
    const svc = sim.services.get('web')!;
    expect([svc.minimumHealthyPercent, svc.maximumPercent]).toEqual([100, 200]);
  });

  it(`every action, ${runs(1500).toLocaleString('en-US')} rounds of up to 8 fuzzed calls on running clusters: a rejected call changes nothing`, () => {
    fc.assert(fc.property(fc.nat(BASES.length - 1), fc.nat(40), fc.array(callArb, { minLength: 1, maxLength: 8 }), (b, dt, calls) => {
      const sim = cluster(b);
      sim.runUntil(sim.t + dt);
      try {
        sendAll(sim, calls);
      } catch (e) {
        clusters.delete(b);
        throw e;
      }
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? runs(1500)) });
    for (const a of ACTION_NAMES) expect(rejected.get(a), `${a} was never rejected`).toBeGreaterThan(0);
    const never = ACTION_NAMES.filter((a) => accepted.get(a) === 0);
    expect(never.length, `never accepted: ${never.join(', ')}`).toBeLessThan(ACTION_NAMES.length / 3);
  }, 1_800_000);
});
