/**
 * Clusters at scale on the page: past FULL_SNAPSHOT_TASKS tasks a published snapshot carries only
 * the first few hundred task objects, and the panel counts from the per-task frame instead. The
 * two ways of counting must say the same thing, second by second.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../src/sim/snapshot';
import { liveCounts, statusLine } from '../../src/ui/panel';
import { FULL_SNAPSHOT_TASKS, pageSnapshot } from '../../src/app/app';
import { CATALOG } from '../../src/app/scenarios';
import { atScaleScenario } from '../../src/app/at-scale';
import { buildSim } from '../support/sim';
import { elideTaskList } from '../../src/app/log';

const dir = new URL('../../lessons/scenarios/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('counting from the frame', () => {
  it('gives the same status line and per-instance counts as the task objects, in every bundled scenario', () => {
    let compared = 0;
    for (const f of files) {
      const sim = buildSim(JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
      for (const t of [0, 3, 20, 75, 240]) {
        while (sim.t < t) sim.step();
        const full = snapshot(sim);
        const lean = snapshot(sim, { taskObjects: false });
        expect(statusLine(lean), `${f} at ${t} s`).toBe(statusLine(full));
        const a = liveCounts(full), b = liveCounts(lean);
        expect([...b.perInstance].sort(), `${f} at ${t} s`).toEqual([...a.perInstance].sort());
        expect(b.live).toBe(a.live);
        compared++;
      }
    }
    expect(compared).toBe(files.length * 5);
  });

  it('a snapshot with taskObjects: N carries the first N tasks, the count of all of them, and target counts', () => {
    const sim = buildSim(atScaleScenario(600, { loadBalancer: true, minServices: 2 }));
    while (sim.t < 40) sim.step();
    const full = snapshot(sim);
    const some = snapshot(sim, { taskObjects: 50 });
    expect(full.taskCount).toBe(600);
    expect(some.taskCount).toBe(600);
    expect(some.tasks).toEqual(full.tasks.slice(0, 50));
    expect(some.taskObjects).toBe(false);
    expect(some.targetGroups.every((tg) => tg.targets.length === 0)).toBe(true);
    expect(some.targetGroups.map((tg) => tg.counts)).toEqual(full.targetGroups.map((tg) => tg.counts));
    const healthy = full.targetGroups.reduce((n, tg) => n + tg.targets.filter((x) => x.state === 'healthy').length, 0);
    expect(some.targetGroups.reduce((n, tg) => n + (tg.counts!.healthy ?? 0), 0)).toBe(healthy);
    expect(healthy).toBeGreaterThan(0);
    expect(statusLine(some)).toBe(statusLine(full));
  });
});

describe('the page snapshot', () => {
  it('keeps every task object up to FULL_SNAPSHOT_TASKS tasks and a sample past it', () => {
    const small = buildSim(atScaleScenario(FULL_SNAPSHOT_TASKS));
    while (small.t < 30) small.step();
    expect(pageSnapshot(small).taskObjects).toBe(true);
    expect(pageSnapshot(small).tasks).toHaveLength(FULL_SNAPSHOT_TASKS);
    const large = buildSim(atScaleScenario(FULL_SNAPSHOT_TASKS + 1));
    while (large.t < 30) large.step();
    const s = pageSnapshot(large);
    expect(s.taskObjects).toBe(false);
    expect(s.tasks.length).toBeLessThanOrEqual(200);
    expect(s.taskCount).toBe(FULL_SNAPSHOT_TASKS + 1);
    expect(statusLine(s)).toBe(statusLine(snapshot(large)));
    expect(statusLine(s)).toMatch(/^2,001 tasks, 2,001 RUNNING/);
  });
});

describe('the clusters at scale in the picker', () => {
  it('are valid scenarios within the service and cluster quotas (§11)', () => {
    const entries = CATALOG.filter((c) => c.id.startsWith('at-scale-'));
    expect(entries.map((c) => c.id)).toEqual(['at-scale-10000', 'at-scale-100000']);
    for (const c of entries) {
      const doc = c.doc as ReturnType<typeof atScaleScenario>;
      const tasks = doc.services!.reduce((n, s) => n + (s.desiredCount ?? 0), 0);
      expect(tasks).toBe(Number(c.id.slice('at-scale-'.length)));
      for (const s of doc.services!) expect(s.desiredCount).toBeLessThanOrEqual(5000);
      const instances = doc.cluster.containerInstances!.reduce((n, g) => n + (g.count ?? 1), 0);
      expect(instances).toBeLessThanOrEqual(5000);
      expect(c.description).toContain(instances.toLocaleString('en-US'));
    }
  });

  it('10,000 tasks: every task placed and RUNNING, spread evenly over the three zones', () => {
    const doc = CATALOG.find((c) => c.id === 'at-scale-10000')!.doc;
    const sim = buildSim(doc);
    while (sim.t < 180 && !statusLine(pageSnapshot(sim)).startsWith('10,000 tasks, 10,000 RUNNING')) sim.step();
    const s = pageSnapshot(sim);
    expect(statusLine(s)).toMatch(/^10,000 tasks, 10,000 RUNNING, 0 starting; 10,000 placed on 175 container instances across 3 Availability Zones\.$/);
    const perZone = [0, 0, 0];
    for (let i = 0; i < s.frame!.count; i++) if (s.frame!.state[i] === 4) perZone[s.frame!.az[i]!]!++;
    // Each service spreads its 5,000 tasks over the zones: 1,667 / 1,667 / 1,666 or so.
    for (const n of perZone) expect(Math.abs(n - 10_000 / 3)).toBeLessThanOrEqual(2);
  });
});

describe('the event feed at scale', () => {
  it('names the first ten tasks a service started, then how many more', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `task ${i.toString(16).padStart(32, '0')}`);
    expect(elideTaskList(`service app0 has started 5000 tasks: ${ids.join(' ')}.`))
      .toBe(`service app0 has started 5000 tasks: ${ids.slice(0, 10).join(' ')} and 4,990 more.`);
    expect(elideTaskList(`service web has started 2 tasks: ${ids.slice(0, 2).join(' ')}.`)).toBe(`service web has started 2 tasks: ${ids.slice(0, 2).join(' ')}.`);
    expect(elideTaskList('service web has reached a steady state.')).toBe('service web has reached a steady state.');
  });
});
