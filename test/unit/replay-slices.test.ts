/**
 * Long replays in slices: restoring a session to a second through Session.restoreInSlices lands on
 * the same state as restore() does at once, and stopping it leaves a consistent session at the
 * second it reached, the rest of the log its recorded future.
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/app/session';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { snapshot } from '../../src/sim/snapshot';
import { module } from '../support/sim';
import firstCluster from '../../lessons/scenarios/first-cluster.json';

function open(): Session {
  const parsed = parseScenarioObject(firstCluster);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const r = Session.open(parsed.scenario, firstCluster as Record<string, unknown>, module);
  if (!r.ok) throw new Error(r.error.message);
  return r.session;
}

const actions = [
  { at: 31, action: 'UpdateService', request: { service: 'web', desiredCount: 9 } },
  { at: 2500, action: 'UpdateService', request: { service: 'web', desiredCount: 4 } },
];

describe('Session.restoreInSlices', () => {
  it('reaches the same state as restore(), slice by slice', () => {
    const once = open();
    once.restore(actions, 3000, 2);
    const sliced = open();
    const seen: number[] = [];
    for (const t of sliced.restoreInSlices(actions, 3000, 2, 600)) seen.push(t);
    expect(seen).toEqual([600, 1200, 1800, 2400, 3000]);
    expect(sliced.t).toBe(3000);
    expect(JSON.stringify(snapshot(sliced.sim).services)).toBe(JSON.stringify(snapshot(once.sim).services));
    expect(sliced.futureActions).toBe(0);
  });

  it('stopped early, stays at the second reached with the rest of the log as its future', () => {
    const s = open();
    const it = s.restoreInSlices(actions, 3000, 2, 600);
    it.next();
    it.next();
    it.return();
    expect(s.t).toBe(1200);
    expect(s.futureActions).toBe(1);
    expect(s.maxT).toBe(2500);
    s.step();
    expect(s.t).toBe(1201);
  });
});
