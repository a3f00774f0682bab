import { describe, expect, it } from 'vitest';
import { loadCoreModule } from '../../src/core/load-node';
import { createCore } from '../../src/core/core';
import { capacityFor } from '../../src/sim/core-capacity';
import { Simulation } from '../../src/sim/engine';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { snapshot } from '../../src/sim/snapshot';
import type { SimEvent } from '../../src/sim/events';
import { Session, mergeActions } from '../../src/app/session';
import { MAX_POINTS } from '../../src/app/history';
import firstCluster from '../../lessons/scenarios/first-cluster.json';

const module = await loadCoreModule();

/** The first cluster plus scripted actions that land on the same seconds as the learner's. */
function scenarioDoc(): Record<string, unknown> {
  const doc = structuredClone(firstCluster) as Record<string, unknown>;
  doc.actions = [
    { at: 0, action: 'SetTraffic', request: { target: 'web', requestsPerSecond: 200 } },
    { at: 30, action: 'UpdateService', request: { service: 'web', desiredCount: 4 } },
    { at: 90, action: 'UpdateService', request: { service: 'web', desiredCount: 8 } },
  ];
  return doc;
}

function open(doc = scenarioDoc()): { session: Session; events: SimEvent[] } {
  const parsed = parseScenarioObject(doc);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const r = Session.open(parsed.scenario, doc, module);
  if (!r.ok) throw new Error(r.error.message);
  const events: SimEvent[] = [];
  const record = r.session.sim.onEvent!;
  r.session.sim.onEvent = (e) => { events.push(e); record(e); };
  return { session: r.session, events };
}

/** Runs a scenario document headless, as `npm run sim` does, collecting every event. */
function runHeadless(doc: Record<string, unknown>, until: number): { sim: Simulation; events: SimEvent[] } {
  const parsed = parseScenarioObject(doc);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const built = Simulation.fromScenario(parsed.scenario, createCore(module, capacityFor(parsed.scenario)), { metricsInterval: 0 });
  if (!built.ok) throw new Error(built.error.message);
  const events: SimEvent[] = [];
  built.sim.onEvent = (e) => events.push(e);
  built.sim.runUntil(until);
  return { sim: built.sim, events };
}

const runTo = (s: Session, t: number) => { while (s.t < t) s.step(); };

/** A live session with learner actions at awkward moments (t = 0, and the second before scripted ones). */
function liveSession() {
  const live = open();
  const s = live.session;
  expect(s.act('SetTraffic', { target: 'web', requestsPerSecond: 450 }).ok).toBe(true);
  runTo(s, 29);
  expect(s.act('UpdateService', { service: 'web', desiredCount: 5 }).ok).toBe(true);
  runTo(s, 60);
  const reg = s.act('RegisterTaskDefinition', {
    family: 'web', cpu: '256', memory: '512', networkMode: 'bridge', requiresCompatibilities: ['EC2'],
    containerDefinitions: [{ name: 'web', image: 'web:2', essential: true, portMappings: [{ containerPort: 8080, hostPort: 0 }] }],
  });
  expect(reg.ok).toBe(true);
  expect(s.act('UpdateService', { service: 'web', taskDefinition: 'web:2' }).ok).toBe(true);
  runTo(s, 89);
  expect(s.act('StopTask', { task: s.sim.tasks.find((t) => t.lastStatus === 'RUNNING')!.taskId }).ok).toBe(true);
  runTo(s, 240);
  return live;
}

describe('a session is a scenario', () => {
  it('replays from its document to the same events, byte for byte', () => {
    const { session, events } = liveSession();
    const doc = session.document();
    const headless = runHeadless(doc, session.t);
    expect(JSON.stringify(headless.events)).toBe(JSON.stringify(events));
    expect(JSON.stringify(snapshot(headless.sim))).toBe(JSON.stringify(snapshot(session.sim)));
  });

  it('records the learner\'s actions before scripted ones due at the same second', () => {
    const { session } = liveSession();
    const acts = (session.document().actions as { at: number; action: string; request: Record<string, unknown> }[]);
    expect(acts.map((a) => `${a.at} ${a.action}`)).toEqual([
      '0 SetTraffic', '0 SetTraffic', '30 UpdateService', '30 UpdateService', '61 RegisterTaskDefinition', '61 UpdateService', '90 StopTask', '90 UpdateService',
    ]);
    // The learner's at t = 0 went first; the scripted one at 0 after it.
    expect(acts[0]!.request.requestsPerSecond).toBe(450);
    expect(acts[2]!.request.desiredCount).toBe(5);
  });

  it('does not record a rejected call, and returns the API error naming the field', () => {
    const { session } = open();
    const r = session.act('UpdateService', { service: 'web', desiredCount: -1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('desiredCount');
    expect(session.actions).toHaveLength(0);
  });
});

describe('time travel', () => {
  it('rewinds by replay to exactly what was on screen, and plays the recorded future again', () => {
    const { session } = open();
    runTo(session, 20);
    session.act('UpdateService', { service: 'web', desiredCount: 9 });
    runTo(session, 45);
    const at45 = JSON.stringify(snapshot(session.sim));
    const feed45 = JSON.stringify(session.log.recent);
    session.act('UpdateService', { service: 'web', desiredCount: 3 });
    runTo(session, 150);
    const at150 = JSON.stringify(snapshot(session.sim));
    const history150 = JSON.stringify([session.history.t, [...session.history.services]]);

    session.seek(45);
    expect(session.t).toBe(45);
    expect(JSON.stringify(snapshot(session.sim))).toBe(at45);
    expect(JSON.stringify(session.log.recent)).toBe(feed45);
    expect(session.futureActions).toBe(1);
    expect(session.maxT).toBe(150);

    runTo(session, 150);
    expect(JSON.stringify(snapshot(session.sim))).toBe(at150);
    expect(JSON.stringify([session.history.t, [...session.history.services]])).toBe(history150);
  });

  it('forks a new future: acting in the past drops the recorded one', () => {
    const { session } = open(structuredClone(firstCluster) as Record<string, unknown>);
    runTo(session, 20);
    session.act('UpdateService', { service: 'web', desiredCount: 9 });
    runTo(session, 100);
    session.act('UpdateService', { service: 'web', desiredCount: 2 });
    runTo(session, 200);
    session.seek(50);
    expect(session.futureActions).toBe(1);
    session.act('UpdateService', { service: 'web', desiredCount: 4 });
    expect(session.futureActions).toBe(0);
    expect(session.maxT).toBe(50);
    expect(session.actions.map((a) => a.request.desiredCount)).toEqual([9, 4]);
    runTo(session, 200);
    const desired = session.sim.services.get('web')!.desiredCount;
    expect(desired).toBe(4);
  });

  it('fork right after a live action keeps that action in effect', () => {
    const { session } = open();
    runTo(session, 30);
    session.act('UpdateService', { service: 'web', desiredCount: 7 });
    expect(session.sim.services.get('web')!.desiredCount).toBe(7);
    expect(session.fork()).toBe(0);
    expect(session.sim.services.get('web')!.desiredCount).toBe(7);
    expect(session.sim.pendingActions.some((a) => a.action === 'UpdateService' && a.request.desiredCount === 7)).toBe(false);
    runTo(session, 60);
    const headless = runHeadless(session.document(), 60);
    expect(JSON.stringify(snapshot(headless.sim))).toBe(JSON.stringify(snapshot(session.sim)));
  });

  it('restores a shared log: the same state, the same recorded future, the same forks', () => {
    const { session } = open(structuredClone(firstCluster) as Record<string, unknown>);
    runTo(session, 20);
    session.act('UpdateService', { service: 'web', desiredCount: 9 });
    runTo(session, 100);
    session.act('UpdateService', { service: 'web', desiredCount: 2 });
    runTo(session, 160);
    session.seek(100);
    session.fork();
    session.act('UpdateService', { service: 'web', desiredCount: 5 });
    const applied = session.actions.length - session.futureActions;
    const there = JSON.stringify(snapshot(session.sim));
    const other = open(structuredClone(firstCluster) as Record<string, unknown>).session;
    other.restore(session.actions, session.t, applied);
    expect(other.t).toBe(100);
    expect(JSON.stringify(snapshot(other.sim))).toBe(there);
    expect(other.futureActions).toBe(0);
    expect(other.actions).toEqual(session.actions);
    runTo(session, 200);
    runTo(other, 200);
    expect(JSON.stringify(snapshot(other.sim))).toBe(JSON.stringify(snapshot(session.sim)));
  });

  it('seeks forward by stepping', () => {
    const { session } = open();
    session.seek(120);
    expect(session.t).toBe(120);
    expect(session.maxT).toBe(120);
  });
});

describe('chart history', () => {
  it('samples every 5 s, and past its limit halves to every 10 s, the same way on replay', () => {
    const { session } = open(structuredClone(firstCluster) as Record<string, unknown>);
    runTo(session, 60);
    expect(session.history.t.slice(0, 4)).toEqual([0, 5, 10, 15]);
    expect(session.history.latest('web', 'desired')).toBe(6);
    runTo(session, MAX_POINTS * 5 + 20);
    const h = session.history;
    expect(h.interval).toBe(10);
    expect(h.t.every((t) => t % 10 === 0)).toBe(true);
    expect(h.t.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(h.services.get('web')!.running.length).toBe(h.t.length);
    const live = JSON.stringify([h.t, h.cost, [...h.services]]);
    session.seek(100);
    runTo(session, MAX_POINTS * 5 + 20);
    expect(JSON.stringify([session.history.t, session.history.cost, [...session.history.services]])).toBe(live);
  });

  it('gives a service created later empty samples before it existed', () => {
    const { session } = open(structuredClone(firstCluster) as Record<string, unknown>);
    runTo(session, 20);
    session.act('CreateService', { serviceName: 'api', taskDefinition: 'web', desiredCount: 1, launchType: 'EC2' });
    runTo(session, 40);
    const api = session.history.services.get('api')!;
    expect(api.desired.length).toBe(session.history.t.length);
    expect(api.desired.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(session.history.latest('api', 'desired')).toBe(1);
  });
});

describe('mergeActions', () => {
  it('orders by at, learner first at equal at, each side in its own order', () => {
    const scripted = [{ at: 5, id: 's1' }, { at: 5, id: 's2' }, { at: 9, id: 's3' }];
    const learner = [{ at: 5, id: 'l1' }, { at: 5, id: 'l2' }, { at: 7, id: 'l3' }];
    expect(mergeActions(scripted, learner).map((x) => x.id)).toEqual(['l1', 'l2', 's1', 's2', 'l3', 's3']);
  });
});
