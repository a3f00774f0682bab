import { describe, it, expect } from 'vitest';
import { Simulation } from '../../src/sim/engine';
import { snapshot } from '../../src/sim/snapshot';
import { ClusterLayout } from '../../src/render/layout';
import { frameOf } from '../../src/render/frame';
import { Traffic, bandWidth, hash32, spawnRate } from '../../src/render/traffic';
import { Aggregates, stateProgress, segments } from '../../src/render/tasks';
import { chooseLod, groupColors, NO_FOCUS, type DrawContext } from '../../src/render/context';
import { DARK, ServiceColors, SERVICE_COLORS } from '../../src/render/palette';
import { rgba, SHAPE } from '../../src/render/shape';
import type { QuadLayer } from '../../src/render/quads';
import firstCluster from '../../lessons/scenarios/first-cluster.json';
import blueGreen from '../../lessons/scenarios/deploy-linear.json';
import { buildSim } from '../support/sim';


const build = (doc: unknown): Simulation => buildSim(doc, { maxEvents: 100 });

/** A stand-in for the WebGL layer that records what would be drawn. */
function recorder(): QuadLayer & { quads: number[][] } {
  const quads: number[][] = [];
  return { quads, push: (...q: number[]) => { quads.push(q); } } as unknown as QuadLayer & { quads: number[][] };
}

function context(sim: Simulation): DrawContext {
  const snap = snapshot(sim);
  const frame = frameOf(snap);
  const layout = new ClusterLayout();
  layout.update(snap, frame, snap.services.map((s) => s.serviceName));
  const colors = new ServiceColors();
  const { color, old, byRevision } = groupColors(frame, colors, snap);
  return {
    snapshot: snap, frame, layout, theme: DARK, colors, vt: snap.t, lod: 'detail', zoom: 1,
    view: { x: -1e6, y: -1e6, w: 2e6, h: 2e6 }, focus: NO_FOCUS, reducedMotion: false,
    groupColor: color, groupOldColor: old, revisionColors: byRevision, agg: new Aggregates({ frame, layout }),
    offsetX: () => 0, offsetY: () => 0,
  };
}

describe('level of detail', () => {
  it('goes from marks to dots to per-instance and per-zone aggregates as marks shrink', () => {
    expect(chooseLod(1, 1000)).toBe('detail');
    expect(chooseLod(0.3, 1000)).toBe('dots');
    expect(chooseLod(0.3, 50_000)).toBe('instances');
    expect(chooseLod(0.12, 1000)).toBe('zones');
  });
});

describe('traffic particles', () => {
  it('density follows the request rate, capped', () => {
    expect(spawnRate(0)).toBe(0);
    expect(spawnRate(10)).toBeLessThan(spawnRate(300));
    expect(spawnRate(300)).toBeLessThan(spawnRate(3000));
    expect(spawnRate(1e7)).toBe(80);
    expect(bandWidth(100)).toBeLessThan(bandWidth(10_000));
  });

  it('are a pure function of the particle clock: the same clock draws the same particles', () => {
    const sim = build(firstCluster);
    sim.runUntil(90);
    const draw = (clock: number, updatedAt = clock) => {
      const ctx = context(sim);
      const t = new Traffic();
      t.update(ctx, updatedAt);
      const r = recorder();
      t.writeParticles(r, ctx, clock);
      return r.quads;
    };
    const a = draw(500.25);
    expect(a.length).toBeGreaterThan(50);
    expect(draw(500.25)).toEqual(a);
    // Independent of when the traffic was last updated, dependent on the clock.
    expect(draw(500.25, 480)).toEqual(a);
    expect(draw(500.5)).not.toEqual(a);
  });

  it('keeps a particle on its course when the rate changes mid-flight', () => {
    const sim = build(firstCluster);
    sim.runUntil(90);
    const ctx = context(sim);
    const t = new Traffic();
    t.update(ctx, 100);
    const before = recorder();
    t.writeParticles(before, ctx, 101);
    // Twice the load: a new epoch starts at 101; particles already in flight keep their paths.
    const busier = { ...ctx, snapshot: { ...ctx.snapshot, services: ctx.snapshot.services.map((s) => ({ ...s, metrics: { ...s.metrics, requestsPerSecond: 1200 } })) } };
    t.update(busier, 101);
    const after = recorder();
    t.writeParticles(after, busier, 101);
    const key = (q: number[]) => q.slice(0, 2).map((v) => v.toFixed(3)).join();
    const kept = new Set(after.quads.map(key));
    expect(before.quads.filter((q) => kept.has(key(q))).length).toBe(before.quads.length);
  });

  it('splits blue/green traffic between target groups by the listener weights', () => {
    const sim = build(blueGreen);
    // Find a second during the linear shift where both target groups take traffic.
    let weights: Record<string, number> | undefined;
    for (let t = 300; t < 3600 && !weights; t += 10) {
      sim.runUntil(t);
      const w = snapshot(sim).services[0]!.metrics.trafficWeights;
      if (w && Object.values(w).filter((x) => x > 0 && x < 100).length === 2) weights = w;
    }
    expect(weights).toBeDefined();
    const ctx = context(sim);
    const traffic = new Traffic();
    traffic.update(ctx, 1000);
    const bands: { w: number; color: number }[] = (traffic as unknown as { bands: { w: number; color: number }[] }).bands;
    const widths = [...new Set(bands.filter((b) => b.color !== DARK.band).map((b) => b.w))].sort((x, y) => x - y);
    expect(widths).toHaveLength(2);
    const [lo, hi] = Object.values(weights!).sort((x, y) => x - y);
    expect(widths[0]! / widths[1]!).toBeCloseTo(Math.max(1.2 / widths[1]!, lo! / hi!), 1);
  });

  it('hash32 is deterministic and spreads', () => {
    expect(hash32(1, 2, 3)).toBe(hash32(1, 2, 3));
    const seen = new Set(Array.from({ length: 1000 }, (_, k) => hash32(7, 1, k) % 97));
    expect(seen.size).toBeGreaterThan(90);
  });
});

describe('task marks', () => {
  it('progress runs from 0 to 1 across a state with a planned end', () => {
    expect(stateProgress(10, 20, 10)).toBe(0);
    expect(stateProgress(10, 20, 15)).toBe(0.5);
    expect(stateProgress(10, 20, 30)).toBe(1);
    expect(stateProgress(10, Infinity, 30)).toBe(0);
  });

  it('aggregates count tasks per instance and zone by service, state and revision age', () => {
    const sim = build(firstCluster);
    sim.runUntil(90);
    const ctx = context(sim);
    let total = 0;
    for (const counts of ctx.agg.byOwner.values()) for (const c of counts.values()) total += c;
    expect(total).toBe(6);
    const lanes = [...ctx.agg.byLane.values()].map((m) => [...m.values()].reduce((a, b) => a + b, 0));
    expect(lanes).toEqual([2, 2, 2]);
    const segs = segments(new Map([[(0 * 3 + 1) * 2 + 1, 2], [(0 * 3 + 1) * 2, 3], [(0 * 3 + 0) * 2, 1]]));
    expect(segs.map((s) => [s.cat, s.old, s.count])).toEqual([[1, false, 3], [1, true, 2], [0, false, 1]]);
  });

  it('service colours are stable and colour-blind-safe (Okabe–Ito)', () => {
    const c = new ServiceColors();
    expect(c.get('web')).toBe(SERVICE_COLORS[0]);
    expect(c.get('api')).toBe(SERVICE_COLORS[1]);
    expect(c.get('web')).toBe(SERVICE_COLORS[0]);
    expect(rgba(0x112233, 1)).toBe(0xff332211);
    expect(SHAPE.SLASH).not.toBe(SHAPE.SOLID);
  });
});

