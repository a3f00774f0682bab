/**
 * The first view: the default scenario's first frame is computed at build time and drawn before
 * the engine loads, so it must be exactly what the App publishes when it opens that scenario, and
 * survive being written as text without losing a bit (typed arrays, Infinity, NaN, -0).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeFirstFrame, encodeFirstFrame, type FirstFrame } from '../../src/app/first-view/codec';
import { prerenderFirstFrame } from '../../src/app/first-view/prerender';
import { opensDefault } from '../../src/app/first-view/opens-default';
import { App } from '../../src/app/app';
import { DEFAULT_SCENARIO_DOC } from '../../src/app/catalog';
import { openScenarioObject } from '../../src/app/share/document';
import { createClockStore, createTimelineStore, createUiStore, createViewStore } from '../../src/state/stores';
import { snapshot } from '../../src/sim/snapshot';
import { buildSim, module } from '../support/sim';

/** Deep equality that tells -0 from 0, NaN from null, and a Float32Array from an Int32Array. */
function same(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) ? null : `${path}: ${a} vs ${b}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b ? null : `${path}: ${String(a)} vs ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: ${a.constructor.name} vs ${b.constructor.name}`;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return `${path}: keys ${ka.join(',')} vs ${kb.join(',')}`;
  for (const k of ka) {
    const d = same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

describe('first frame codec', () => {
  it('round-trips the snapshot of every bundled scenario at 0, 45 and 300 s exactly', () => {
    const dir = new URL('../../lessons/scenarios/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(20);
    let infinities = 0;
    for (const f of files) {
      const sim = buildSim(JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
      for (const t of [0, 45, 300]) {
        while (sim.t < t) sim.step();
        const frame: FirstFrame = { catalogId: f, seed: 1, scenarioName: f, region: sim.region, clusterName: sim.clusterName, snapshot: snapshot(sim), recentEvents: [] };
        infinities += frame.snapshot.frame!.until.filter((x) => x === Infinity).length;
        const back = decodeFirstFrame(encodeFirstFrame(frame));
        expect(same(back, frame), `${f} at ${t} s`).toBeNull();
      }
    }
    // The frames above did carry values JSON alone would lose.
    expect(infinities).toBeGreaterThan(0);
  });

  it('keeps NaN, ±Infinity and -0, and the type of every typed array', () => {
    const odd = { values: [NaN, Infinity, -Infinity, -0, 0, 1.5], f32: Float32Array.of(0.1, -0, NaN), i16: Int16Array.of(-1, 300), u8: Uint8Array.of(255) };
    const frame = { catalogId: 'x', seed: 1, scenarioName: 'x', region: 'r', clusterName: 'c', snapshot: odd, recentEvents: [] } as unknown as FirstFrame;
    expect(same(decodeFirstFrame(encodeFirstFrame(frame)), frame)).toBeNull();
  });

  it('leaves an ordinary object that merely looks like an encoded value alone unless it is one', () => {
    const frame = { catalogId: 'x', seed: 1, scenarioName: 'x', region: 'r', clusterName: 'c', snapshot: { a: { $typed: 'Nope', values: [1] }, b: { $num: 'Seven' } }, recentEvents: [] } as unknown as FirstFrame;
    expect(same(decodeFirstFrame(encodeFirstFrame(frame)), frame)).toBeNull();
  });
});

describe('the prerendered first frame', () => {
  it('is what the App publishes when it opens the default scenario', () => {
    const stores = { clock: createClockStore(), view: createViewStore(), timeline: createTimelineStore(), ui: createUiStore('dark') };
    const app = new App(module, stores);
    const opened = openScenarioObject(DEFAULT_SCENARIO_DOC);
    if (!opened.ok) throw new Error(opened.problem.message);
    expect(app.open(opened.scenario, opened.source)).toBeNull();
    const view = stores.view.getState();
    const first = decodeFirstFrame(encodeFirstFrame(prerenderFirstFrame(module)));
    expect(same(first.snapshot, view.snapshot)).toBeNull();
    expect(same(first.recentEvents, view.recentEvents)).toBeNull();
    expect(first.region).toBe(opened.scenario.region);
    expect(first.clusterName).toBe(opened.scenario.cluster.clusterName);
    expect(first.catalogId).toBe('first-cluster');
    expect(first.seed).toBe(opened.scenario.seed);
  });

  it('is what the build serves as virtual:first-frame (src/cli/first-frame.ts)', () => {
    const tsx = new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
    const out = execFileSync(process.execPath, [tsx, 'src/cli/first-frame.ts'], { encoding: 'utf8' });
    const m = /^export default (".*");\n$/s.exec(out);
    expect(m, 'an ES module exporting one string').not.toBeNull();
    const served = decodeFirstFrame(JSON.parse(m![1]!) as string);
    expect(same(served, prerenderFirstFrame(module))).toBeNull();
    expect(served.snapshot.instances.length).toBe(6);
  });
});

describe('which pages open on the prerendered frame', () => {
  it.each([
    ['', true],
    ['#', true],
    ['#lessons', true],
    ['#s=N4Ig', false],
    ['s=N4Ig', false],
  ])('hash %j: %s', (hash, expected) => {
    expect(opensDefault(hash)).toBe(expected);
  });
});
