import { describe, it, expect } from 'vitest';
import { STATE_NAMES, TaskStateCode as S } from '../../src/core/core';
import { Simulation } from '../../src/sim/engine';
import { snapshot, STOPPED_VISIBLE_SECONDS, TASK_FLAG, type Snapshot } from '../../src/sim/snapshot';
import { ClusterLayout, cellIndexAt, cellRect, cellsFor } from '../../src/render/layout';
import { frameOf } from '../../src/render/frame';
import { hitTest } from '../../src/render/hit';
import { describeScene } from '../../src/render/describe';
import firstCluster from '../../lessons/scenarios/first-cluster.json';
import fargate from '../../lessons/scenarios/deploy-rolling.json';
import { buildSim } from '../support/sim';
import { atScaleScenario } from '../../src/app/at-scale';


const build = (doc: unknown): Simulation => buildSim(doc, { maxEvents: 100 });

function layoutAt(sim: Simulation, layout = new ClusterLayout()): { layout: ClusterLayout; snap: Snapshot } {
  const snap = snapshot(sim);
  layout.update(snap, frameOf(snap), snap.services.map((s) => s.serviceName));
  return { layout, snap };
}

const where = (l: ClusterLayout) => new Map([...l.boxes].map(([k, b]) => [k, `${b.x},${b.y}`]));

describe('the task frame (per-task arrays for the canvas)', () => {
  it('agrees with the task objects of the same snapshot', () => {
    const sim = build(firstCluster);
    sim.runUntil(75);
    const snap = snapshot(sim);
    const f = snap.frame!;
    expect(f.count).toBe(sim.tasks.length);
    for (const t of snap.tasks) {
      expect(STATE_NAMES[f.state[t.slot]!]).toBe(t.lastStatus);
      expect(f.instance[t.slot]).toBe(t.instanceSlot);
      expect(snap.availabilityZones[f.az[t.slot]!]).toBe(t.availabilityZone);
      expect(f.taskIds[t.slot]).toBe(t.taskId);
      expect(f.revision[t.slot]).toBe(t.revision);
      expect(Boolean(f.flags[t.slot]! & TASK_FLAG.HEALTHY)).toBe(t.healthy);
      expect(f.groups[f.group[t.slot]!]!.service).toBe(t.service);
    }
    expect(f.groups.map((g) => g.primaryRevision)).toEqual([1]);
  });

  it('gives exact state start times from the core plan while a task starts', () => {
    const sim = build(firstCluster);
    sim.runUntil(3);
    const f = snapshot(sim).frame!;
    const starting = [...f.state].map((st, i) => i).filter((i) => f.state[i]! > S.NONE && f.state[i]! < S.RUNNING);
    expect(starting.length).toBeGreaterThan(0);
    for (const i of starting) {
      expect(f.until[i]).toBeGreaterThan(f.since[i]!);
      expect(f.since[i]).toBeLessThanOrEqual(sim.t);
    }
  });

  it('the fallback built from task objects matches the engine-built frame', () => {
    const sim = build(firstCluster);
    sim.runUntil(60);
    const snap = snapshot(sim);
    const fallback = frameOf({ ...snap, frame: undefined });
    for (const t of snap.tasks) {
      expect(fallback.state[t.slot]).toBe(snap.frame!.state[t.slot]);
      expect(fallback.instance[t.slot]).toBe(snap.frame!.instance[t.slot]);
      expect(fallback.az[t.slot]).toBe(snap.frame!.az[t.slot]);
    }
  });

  it('snapshots without task objects still carry everything the canvas reads', () => {
    const sim = build(firstCluster);
    sim.runUntil(60);
    const lean = snapshot(sim, { taskObjects: false });
    expect(lean.tasks).toEqual([]);
    expect(lean.taskObjects).toBe(false);
    expect(lean.frame!.count).toBe(6);
    expect(lean.loadBalancers![0]!.targetGroups[0]).toMatchObject({ targetGroupName: 'web-tg', healthy: 6 });
  });
});

describe('the layout follows the instances', () => {
  it('moves a slot to the lane of its instance\'s zone when the slot is reused by another zone', () => {
    // First cluster: slots 0–5 are two instances per zone (1a, 1a, 1b, 1b, 1c, 1c).
    const { layout } = layoutAt(build(firstCluster));
    // Another cluster in the same zones numbers its instances zone by zone: slots 2 and 3 are now in 1a.
    const other = build(atScaleScenario(400));
    const { snap } = layoutAt(other, layout);
    const zones = snap.availabilityZones;
    expect(snap.instances.length).toBeGreaterThan(6);
    for (const inst of snap.instances) expect(layout.boxes.get(inst.slot)!.lane, inst.id).toBe(zones.indexOf(inst.availabilityZone));
  });
});

describe('the layout is stable', () => {
  it('keeps every instance and task in place when the service scales out and back in', () => {
    const sim = build(firstCluster);
    sim.runUntil(60);
    const { layout } = layoutAt(sim);
    const boxes = where(layout);
    const cells = new Map(sim.tasks.map((t) => [t.slot, `${layout.ownerOf[t.slot]}:${layout.cellOf[t.slot]}`]));
    expect(cells.size).toBe(6);
    sim.act('UpdateService', { service: 'web', desiredCount: 12 });
    sim.runUntil(120);
    layoutAt(sim, layout);
    expect(where(layout)).toEqual(boxes);
    for (const [slot, c] of cells) expect(`${layout.ownerOf[slot]}:${layout.cellOf[slot]}`).toBe(c);
    expect(sim.tasks.filter((t) => t.lastStatus === 'RUNNING')).toHaveLength(12);
    sim.act('UpdateService', { service: 'web', desiredCount: 6 });
    sim.runUntil(240);
    layoutAt(sim, layout);
    const survivors = sim.tasks.filter((t) => t.lastStatus === 'RUNNING' && cells.has(t.slot));
    for (const t of survivors) expect(`${layout.ownerOf[t.slot]}:${layout.cellOf[t.slot]}`).toBe(cells.get(t.slot));
  });

  it('frees a stopped task\'s cell once it has faded, and only then', () => {
    const sim = build(firstCluster);
    sim.runUntil(60);
    const { layout } = layoutAt(sim);
    const victim = sim.tasks[0]!;
    sim.act('StopTask', { task: victim.taskId, reason: 'test' });
    sim.runUntil(100);
    layoutAt(sim, layout);
    expect(victim.lastStatus).toBe('STOPPED');
    expect(layout.cellOf[victim.slot]).toBeGreaterThanOrEqual(0);
    sim.runUntil(victim.stoppedAt! + STOPPED_VISIBLE_SECONDS + 1);
    layoutAt(sim, layout);
    expect(layout.cellOf[victim.slot]).toBe(-1);
  });

  it('lays out one lane per zone, boxes sized by CPU, and a Fargate pool only when Fargate is used', () => {
    const sim = build(firstCluster);
    sim.runUntil(30);
    const { layout } = layoutAt(sim);
    expect(layout.lanes.map((l) => l.az)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(layout.lanes.every((l) => l.pool === null)).toBe(true);
    expect(layout.boxes.size).toBe(6);
    for (const b of layout.boxes.values()) expect(b.area.capacity).toBe(8);
    expect(cellsFor(2048)).toBe(8);
    expect(cellsFor(16384)).toBe(64);
    const fg = build(fargate);
    fg.runUntil(60);
    const f = layoutAt(fg).layout;
    expect(f.boxes.size).toBe(0);
    expect(f.lanes.every((l) => l.pool !== null)).toBe(true);
    const placed = fg.tasks.filter((t) => t.lastStatus !== 'STOPPED');
    for (const t of placed) expect(f.ownerOf[t.slot]).toBe(-1 - fg.availabilityZones.indexOf(t.availabilityZone));
  });

  it('cell geometry round-trips and shrinks the pitch when more tasks than cells share an area', () => {
    const area = { x: 100, y: 50, w: 128, h: 16, cols: 8, capacity: 8 };
    for (let i = 0; i < 8; i++) {
      const r = cellRect(area, i, 8);
      expect(cellIndexAt(area, 8, r.x + r.size / 2, r.y + r.size / 2)).toBe(i);
    }
    const small = cellRect(area, 15, 16);
    expect(small.size).toBeLessThan(cellRect(area, 0, 8).size);
    expect(cellIndexAt(area, 16, small.x + small.size / 2, small.y + small.size / 2)).toBe(15);
  });
});

describe('hit testing and the description', () => {
  it('finds tasks, instances and target groups under a point', () => {
    const sim = build(firstCluster);
    sim.runUntil(60);
    const { layout, snap } = layoutAt(sim);
    const f = frameOf(snap);
    const none = () => ({ dx: 0, dy: 0 });
    const t = sim.tasks[2]!;
    const area = layout.areaOf(layout.ownerOf[t.slot]!)!;
    const c = cellRect(area, layout.cellOf[t.slot]!, layout.used(layout.ownerOf[t.slot]!));
    expect(hitTest(layout, snap, f, c.x + c.size / 2, c.y + c.size / 2, none)).toMatchObject({ kind: 'task', id: t.taskId });
    const b = layout.boxes.get(t.instanceSlot)!;
    const inst = hitTest(layout, snap, f, b.x + 4, b.y + 4, none);
    expect(inst).toMatchObject({ kind: 'instance', id: sim.instances[t.instanceSlot]!.id });
    const chip = layout.loadBalancers[0]!.targetGroups.get('web-tg')!;
    expect(hitTest(layout, snap, f, chip.x + 5, chip.y + 5, none)).toMatchObject({ kind: 'targetGroup', id: 'web-tg' });
    const legend = layout.legend.get('web')!;
    expect(hitTest(layout, snap, f, legend.x + 5, legend.y + 5, none)).toMatchObject({ kind: 'service', id: 'web' });
    expect(hitTest(layout, snap, f, -500, -500, none)).toBeNull();
  });

  it('describes the picture in one sentence', () => {
    const sim = build(firstCluster);
    sim.runUntil(60);
    const snap = snapshot(sim);
    expect(describeScene(snap, frameOf(snap), 'detail')).toBe(
      'Cluster lab in us-east-1: 3 Availability Zones, 6 container instances; 6 tasks (6 running, 0 starting, 0 stopping); 1 load balancer; each task drawn with its lifecycle state.');
  });
});
