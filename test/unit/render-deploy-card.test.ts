import { describe, it, expect } from 'vitest';
import { snapshot } from '../../src/sim/snapshot';
import { deploymentCards } from '../../src/sim/deployments/card';
import { ClusterLayout } from '../../src/render/layout';
import { frameOf } from '../../src/render/frame';
import { listenerWeights } from '../../src/render/structure';
import { bandText, cardStatus, placementWhy, waitText } from '../../src/render/deploy-card';
import { revisionColor, rotateHue, targetGroupColor } from '../../src/render/palette';
import { buildSim } from '../support/sim';
import rolling from '../../lessons/scenarios/deploy-rolling.json';
import blueGreen from '../../lessons/scenarios/deploy-blue-green.json';
import canary from '../../lessons/scenarios/deploy-canary.json';
import cannotPlace from '../screenshots/render/scenarios/cannot-place.json';

const at = (doc: unknown, t: number) => {
  const sim = buildSim(doc);
  sim.runUntil(t);
  return sim;
};

describe('deployment cards', () => {
  it('a rolling update: the new and the old revision, the band the scheduler keeps, the breaker', () => {
    const [card] = deploymentCards(at(rolling, 330));
    expect(card!.strategy).toBe('ROLLING');
    expect(card!.revisions.map((r) => [r.taskDefinition, r.role])).toEqual([['web:2', 'new'], ['web:1', 'old']]);
    // The scenario keeps 50 % healthy and allows 200 %: ceil(4 × 50 %) = 2 healthy, floor(4 × 200 %) = 8 tasks.
    const b = card!.band;
    expect(b.minHealthy).toBe(Math.ceil(b.desired * 0.5));
    expect(b.maxTotal).toBe(b.desired * 2);
    expect(b.total).toBeLessThanOrEqual(b.maxTotal);
    expect(card!.breaker).toEqual({ failed: expect.any(Number), threshold: 3 });
    expect(cardStatus(card!)).toBe('deploying');
    expect(bandText(card!)).toMatch(/^healthy \d+ \(min 2\) · tasks \d+ \(max 8\)$/);
  });

  it('a blue/green deployment names its lifecycle stage and counts its bake down', () => {
    const sim = at(blueGreen, 300);
    let card = deploymentCards(sim)[0]!;
    for (let t = 300; t < 1200 && card.stage !== 'BAKE_TIME'; t++) { sim.step(); card = deploymentCards(sim)[0]!; }
    expect(card.stage).toBe('BAKE_TIME');
    expect(card.wait).toMatchObject({ kind: 'bake', totalSeconds: 300 });
    expect(waitText(card)).toMatch(/^bake [0-5]:\d\d left$/);
    expect(card.breaker).toBeNull();
  });

  it('a canary waits for its next traffic step', () => {
    const card = deploymentCards(at(canary, 400))[0]!;
    expect(card.strategy).toBe('CANARY');
    expect(card.wait?.kind).toBe('step');
    expect(waitText(card)).toMatch(/^next traffic step in \d+:\d\d$/);
  });

  it('tasks the scheduler cannot place are counted, with the closest instance and what it lacked', () => {
    const sim = at(cannotPlace, 30);
    const card = deploymentCards(sim)[0]!;
    expect(card.unplaced).toBe(2);
    expect(card.waiting).toBe(0);
    const id = sim.instances[0]!.id;
    expect(placementWhy(card.unplacedReason!)).toMatch(new RegExp(`^(${id.slice(0, 8)}|${sim.instances[1]!.id.slice(0, 8)}): insufficient CPU units$`));
  });
});

describe('hues', () => {
  it('each revision in flight and each target group has a hue of its own', () => {
    const orange = 0xe69f00;
    const hues = [0, 1, 2, 3].map((k) => revisionColor(orange, k));
    expect(new Set(hues).size).toBe(4);
    expect(hues[0]).toBe(orange);
    expect(rotateHue(rotateHue(orange, 180), 180)).toBeCloseTo(orange, -2);
    expect(targetGroupColor(0)).not.toBe(targetGroupColor(1));
  });

  it('the listener shows each target group its weight: all on blue, then split during a canary', () => {
    const before = snapshot(at(canary, 200));
    expect(listenerWeights(before, ['web-blue', 'web-green']).map((w) => w.percent)).toEqual([100, 0]);
    const during = snapshot(at(canary, 400));
    const weights = listenerWeights(during, ['web-blue', 'web-green']);
    expect(weights.reduce((n, w) => n + w.percent, 0)).toBe(100);
    expect(weights[1]!.percent).toBeGreaterThan(0);
    expect(weights[1]!.percent).toBeLessThan(100);
  });
});

describe('fitting the canvas', () => {
  it('lays lanes out for the canvas shape: side by side when wide, stacked when tall', () => {
    const snap = snapshot(at(canary, 30));
    const wide = new ClusterLayout();
    wide.aspect = 1.6;
    wide.update(snap, frameOf(snap), ['web']);
    const tall = new ClusterLayout();
    tall.aspect = 0.5;
    tall.update(snap, frameOf(snap), ['web']);
    expect(new Set(wide.lanes.map((l) => l.y)).size).toBe(1);
    expect(new Set(tall.lanes.map((l) => l.y)).size).toBeGreaterThan(1);
    expect(tall.bounds.w / tall.bounds.h).toBeLessThan(wide.bounds.w / wide.bounds.h);
  });
});
