/**
 * Tasks on the canvas. In full detail a task is a mark whose shape follows its lifecycle (§2.1):
 *
 * | lastStatus     | mark                                                              |
 * | PROVISIONING   | outline only, growing in                                          |
 * | PENDING        | outline filling from the bottom as the image pulls                |
 * | ACTIVATING     | filled, translucent (registering with its target group)          |
 * | RUNNING        | solid once healthy (§2.4), translucent until then; red ring when unhealthy |
 * | DEACTIVATING   | amber outline, the fill draining away over the deregistration delay |
 * | STOPPING, DEPROVISIONING | shrinking and fading                                    |
 * | STOPPED        | faint, fading out; a cross when the task failed                   |
 *
 * Older task-definition revisions are lighter and slashed, so a rolling update shows old and new
 * side by side. Motion is derived from the model's timestamps (`since`/`until`), never from wall time.
 *
 * Tasks in a timed state move, so they are drawn every frame on the live (WebGL) layer; steady
 * tasks (RUNNING, STOPPED) change only with a snapshot and are drawn on the base layer.
 */
import { TaskStateCode as S } from '../core/states';
import { TASK_FLAG, STOPPED_VISIBLE_SECONDS } from '../sim/frame-flags';
import { cellRect, CELL, type CellArea } from './layout';
import type { DensePainter } from './dense';
import { SHAPE } from './shape';
import type { QuadLayer } from './quads';
import { emphasised, intersects, taskColor, type DrawContext } from './context';
import { shade } from './palette';

const DIM = 0.22;

function clamp01(x: number): number { return x < 0 ? 0 : x > 1 ? 1 : x; }

/** Progress through the current state, 0..1 (0 when the state has no planned end). */
export function stateProgress(since: number, until: number, vt: number): number {
  if (!(until < Infinity) || until <= since) return 0;
  return clamp01((vt - since) / (until - since));
}

/** The world-space centre and size of a task's mark, or null when it has no cell yet. */
export function taskCell(ctx: DrawContext, slot: number): { x: number; y: number; size: number } | null {
  const layout = ctx.layout;
  const cell = layout.cellOf[slot]!;
  if (cell === undefined || cell < 0) return null;
  const owner = layout.ownerOf[slot]!;
  const area = layout.areaOf(owner);
  if (!area) return null;
  const r = cellRect(area, cell, layout.used(owner));
  return { x: r.x + r.size / 2 + ctx.offsetX(owner), y: r.y + r.size / 2 + ctx.offsetY(owner), size: r.size };
}

export type Visit = (i: number, x: number, y: number, size: number, color: number, old: boolean, bright: number, st: number, flags: number) => void;

/** Calls `visit` for every task whose cell is in the view, with its place and colour. */
export function forEachVisibleTask(ctx: DrawContext, visit: Visit): void {
  const { frame, layout } = ctx;
  const view = ctx.view;
  const areaVisible = new Map<number, { area: CellArea; used: number; dx: number; dy: number } | null>();
  for (let i = 0; i < frame.count; i++) {
    const st = frame.state[i]!;
    if (st === 0) continue;
    const cell = layout.cellOf[i]!;
    if (cell < 0) continue;
    const owner = layout.ownerOf[i]!;
    let a = areaVisible.get(owner);
    if (a === undefined) {
      const area = layout.areaOf(owner);
      const dx = ctx.offsetX(owner), dy = ctx.offsetY(owner);
      a = area && intersects({ x: area.x + dx, y: area.y + dy, w: area.w, h: area.h + CELL }, view)
        ? { area, used: layout.used(owner), dx, dy } : null;
      areaVisible.set(owner, a);
    }
    if (!a) continue;
    const r = cellRect(a.area, cell, a.used);
    const g = frame.group[i]!;
    const old = frame.revision[i]! !== frame.groups[g]!.primaryRevision;
    visit(i, r.x + a.dx, r.y + a.dy, r.size, taskColor(ctx, g, frame.revision[i]!, old), old, emphasised(ctx, i) ? 1 : DIM, st, frame.flags[i]!);
  }
}

/** Whether a task is drawn on the live layer: it is in a state with a planned end (it moves). */
export function isLive(st: number): boolean {
  return st !== S.RUNNING && st !== S.STOPPED && st !== 0;
}

/**
 * Writes every visible task in a timed state (starting, pulling, draining, stopping) as a detailed
 * mark on the live layer; steady tasks (RUNNING, STOPPED) are drawn once per snapshot in the base.
 * Returns how many it wrote.
 */
export function writeTasks(layer: QuadLayer, ctx: DrawContext): number {
  let n = 0;
  forEachVisibleTask(ctx, (i, x, y, size, color, old, bright, st, flags) => {
    if (!isLive(st)) return;
    writeMark(layer, ctx, i, st, flags, x, y, size, color, old, bright, ctx.vt);
    n++;
  });
  return n;
}

/** Writes every visible task as a plain dot on the base layer (batched by colour and opacity). */
export function writeDots(p: DensePainter, ctx: DrawContext): void {
  forEachVisibleTask(ctx, (_i, x, y, size, color, _old, bright, st, flags) => {
    const alpha = (st === S.RUNNING ? 1 : st < S.RUNNING ? 0.55 : st === S.STOPPED ? 0.15 : 0.35) * bright;
    p.rect(x, y, size, size, flags & TASK_FLAG.UNHEALTHY ? ctx.theme.unhealthy : color, Math.round(alpha * 20) / 20);
  });
}

/**
 * Steady tasks in full detail on the base layer, batched into a few paths: RUNNING (solid once
 * healthy, translucent with an outline until then, a red ring when unhealthy, a slash on an older
 * revision) and STOPPED (a faint mark fading out, a cross when it failed).
 */
export function writeSteadyMarks(p: DensePainter, ctx: DrawContext): void {
  const t = ctx.snapshot.t;
  forEachVisibleTask(ctx, (i, x, y, size, color, old, bright, st, flags) => {
    if (st === S.RUNNING) {
      const healthy = (flags & TASK_FLAG.HEALTHY) !== 0;
      const unhealthy = (flags & TASK_FLAG.UNHEALTHY) !== 0;
      p.rect(x, y, size, size, color, (unhealthy ? 0.8 : healthy ? 1 : 0.6) * bright, size * 0.25);
      if (unhealthy) p.outline(x - 1.5, y - 1.5, size + 3, size + 3, ctx.theme.unhealthy, bright, 1.5, size * 0.3);
      else if (!healthy) p.outline(x, y, size, size, color, bright, 1, size * 0.25);
      if (old) p.line(x + size * 0.8, y + size * 0.2, x + size * 0.2, y + size * 0.8, shade(color, -0.55), bright, size * 0.16);
    } else if (st === S.STOPPED) {
      const fade = ctx.reducedMotion ? 0.5 : Math.max(0, 1 - (t - ctx.frame.since[i]!) / STOPPED_VISIBLE_SECONDS);
      if (fade <= 0) return;
      const a = Math.round(fade * bright * 10) / 10;
      if (flags & TASK_FLAG.FAILED) {
        p.line(x + size * 0.2, y + size * 0.2, x + size * 0.8, y + size * 0.8, ctx.theme.unhealthy, a, size * 0.18);
        p.line(x + size * 0.8, y + size * 0.2, x + size * 0.2, y + size * 0.8, ctx.theme.unhealthy, a, size * 0.18);
      } else p.rect(x + size * 0.2, y + size * 0.2, size * 0.6, size * 0.6, color, 0.3 * a, size * 0.15);
    }
  });
}

function writeMark(layer: QuadLayer, ctx: DrawContext, i: number, st: number, flags: number,
  x: number, y: number, size: number, color: number, old: boolean, bright: number, vt: number): void {
  const { frame, theme } = ctx;
  const since = frame.since[i]!, until = frame.until[i]!;
  const p = stateProgress(since, until, vt);
  const radius = size * 0.25;
  const line = Math.max(1, size / 8);
  const slash = old ? SHAPE.SLASH : SHAPE.SOLID;
  let s = size;
  switch (st) {
    case S.PROVISIONING: {
      // Grows in over the first simulated second of its life.
      s = size * (ctx.reducedMotion ? 1 : 0.55 + 0.45 * clamp01((vt - since) / 1));
      const o = (size - s) / 2;
      layer.push(x + o, y + o, s, s, color, 0, color, 0.95 * bright, radius, line, 0, SHAPE.SOLID);
      return;
    }
    case S.PENDING:
      // Image pull and container start: the fill rises with the planned progress.
      layer.push(x, y, s, s, color, 0.9 * bright, color, bright, radius, line, Math.max(0.08, p), SHAPE.PROGRESS);
      return;
    case S.ACTIVATING:
      layer.push(x, y, s, s, color, 0.55 * bright, color, bright, radius, line, 1, slash);
      return;
    case S.DEACTIVATING:
      // Connection draining: the fill runs out over the deregistration delay.
      layer.push(x, y, s, s, color, 0.75 * bright, theme.draining, bright, radius, line * 1.2, Math.max(0.06, 1 - p), SHAPE.PROGRESS);
      return;
    case S.STOPPING:
    case S.DEPROVISIONING: {
      const k = st === S.STOPPING ? 0.85 - 0.1 * p : 0.7 - 0.15 * p;
      s = size * (ctx.reducedMotion ? 0.8 : k);
      const o = (size - s) / 2;
      layer.push(x + o, y + o, s, s, color, 0.4 * bright, color, 0.6 * bright, radius, line, 1, slash);
      return;
    }
    default:
      return;
  }
}

/** Categories an aggregate counts. */
const STARTING = 0, RUNNING = 1, STOPPING = 2;

/** Per owner (instance slot or pool), the count of tasks per group, category and revision age. */
export class Aggregates {
  /** owner → (key → count), key = (group × 3 + category) × 2 + old. */
  readonly byOwner = new Map<number, Map<number, number>>();
  /** lane → (key → count). */
  readonly byLane = new Map<number, Map<number, number>>();
  /** owner → unhealthy task count. */
  readonly unhealthy = new Map<number, number>();

  constructor(ctx: Pick<DrawContext, 'frame' | 'layout'>) {
    const { frame, layout } = ctx;
    // Counted into one small array per owner first (100,000 tasks: one map lookup each), then
    // turned into the maps the painters read, and summed per lane.
    const keys = frame.groups.length * 6;
    /** Owners in the order first seen; their arrays by owner (instances ≥ 0, pools -1 - zone at the end). */
    const tally = new Map<number, Int32Array>();
    const bySlot: (Int32Array | undefined)[] = [];
    const byPool: (Int32Array | undefined)[] = [];
    const primary = frame.groups.map((g) => g.primaryRevision);
    const ownerOf = layout.ownerOf, cellOf = layout.cellOf;
    for (let i = 0; i < frame.count; i++) {
      const st = frame.state[i]!;
      if (st === 0 || st === S.STOPPED) continue;
      if (cellOf[i]! < 0) continue;
      const owner = ownerOf[i]!;
      let counts = owner >= 0 ? bySlot[owner] : byPool[-1 - owner];
      if (!counts) {
        counts = new Int32Array(keys + 1);
        if (owner >= 0) bySlot[owner] = counts; else byPool[-1 - owner] = counts;
        tally.set(owner, counts);
      }
      const cat = st < S.RUNNING ? STARTING : st === S.RUNNING ? RUNNING : STOPPING;
      const g = frame.group[i]!;
      const old = frame.revision[i]! !== primary[g] ? 1 : 0;
      counts[(g * 3 + cat) * 2 + old]!++;
      if (frame.flags[i]! & TASK_FLAG.UNHEALTHY) counts[keys]!++;
    }
    for (const [owner, c] of tally) {
      const lane = owner >= 0 ? layout.boxes.get(owner)?.lane ?? 0 : -1 - owner;
      const mine = new Map<number, number>();
      let laneMap = this.byLane.get(lane);
      if (!laneMap) { laneMap = new Map(); this.byLane.set(lane, laneMap); }
      for (let key = 0; key < keys; key++) {
        const n = c[key]!;
        if (!n) continue;
        mine.set(key, n);
        laneMap.set(key, (laneMap.get(key) ?? 0) + n);
      }
      this.byOwner.set(owner, mine);
      if (c[keys]) this.unhealthy.set(owner, c[keys]!);
    }
  }
}

/** Segments of a stacked bar, in a stable order (group, then running, starting, stopping; new before old). */
export function segments(counts: Map<number, number>): { group: number; cat: number; old: boolean; count: number }[] {
  const out = [...counts.entries()].map(([key, count]) => ({ group: Math.floor(key / 6), cat: Math.floor(key / 2) % 3, old: key % 2 === 1, count }));
  const catOrder = [1, 0, 2];
  out.sort((a, b) => a.group - b.group || catOrder[a.cat]! - catOrder[b.cat]! || Number(a.old) - Number(b.old));
  return out;
}

function segmentStyle(ctx: DrawContext, s: { group: number; cat: number; old: boolean }): { color: number; alpha: number } {
  const color = s.old ? ctx.groupOldColor[s.group]! : ctx.groupColor[s.group]!;
  const alpha = s.cat === RUNNING ? 1 : s.cat === STARTING ? 0.5 : 0.3;
  const bright = ctx.focus.groups && !ctx.focus.groups.has(s.group) ? DIM : 1;
  return { color, alpha: alpha * bright };
}

/**
 * The largest groups' segments as they are, the rest summed into one muted segment per category
 * (group -1), so a box shared by twenty services stays a readable bar.
 */
export function topSegments(counts: Map<number, number>, groups = 4): { group: number; cat: number; old: boolean; count: number }[] {
  const all = segments(counts);
  const size = new Map<number, number>();
  for (const sg of all) size.set(sg.group, (size.get(sg.group) ?? 0) + sg.count);
  if (size.size <= groups) return all;
  const keep = new Set([...size.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, groups).map(([g]) => g));
  const out = all.filter((sg) => keep.has(sg.group));
  for (const cat of [1, 0, 2]) {
    const n = all.filter((sg) => !keep.has(sg.group) && sg.cat === cat).reduce((a, sg) => a + sg.count, 0);
    if (n) out.push({ group: -1, cat, old: false, count: n });
  }
  return out;
}

function styleOf(ctx: DrawContext, sg: { group: number; cat: number; old: boolean }): { color: number; alpha: number } {
  if (sg.group < 0) return { color: ctx.theme.muted, alpha: (sg.cat === RUNNING ? 0.8 : 0.4) * (ctx.focus.groups ? DIM : 1) };
  return segmentStyle(ctx, sg);
}

/** Per-instance aggregates: each box's task area becomes one stacked bar (its share of the cells). */
export function writeInstanceAggregates(p: DensePainter, ctx: DrawContext, agg: Aggregates): void {
  const { layout, view } = ctx;
  for (const [owner, counts] of agg.byOwner) {
    const area = layout.areaOf(owner);
    if (!area) continue;
    const dx = ctx.offsetX(owner), dy = ctx.offsetY(owner);
    if (!intersects({ x: area.x + dx, y: area.y + dy, w: area.w, h: area.h }, view)) continue;
    const cap = Math.max(area.capacity, layout.used(owner));
    let x = area.x + dx;
    for (const sg of topSegments(counts)) {
      const w = (area.w * sg.count) / cap;
      const st = styleOf(ctx, sg);
      p.rect(x, area.y + dy, w, area.h, st.color, st.alpha);
      x += w;
    }
    const bad = agg.unhealthy.get(owner) ?? 0;
    if (bad) p.rect(area.x + dx, area.y + dy + area.h + 2, (area.w * bad) / cap, 3, ctx.theme.unhealthy, 1);
  }
}

/**
 * Per-zone aggregates: each instance a tile that fills from the bottom as the instance fills up,
 * one band per service (the three largest; the rest in one muted band).
 */
export function writeZoneAggregates(p: DensePainter, ctx: DrawContext, agg: Aggregates): void {
  const { layout, theme } = ctx;
  for (const b of layout.boxes.values()) {
    const dx = ctx.offsetX(b.slot), dy = ctx.offsetY(b.slot);
    p.rect(b.x + dx, b.y + dy, b.w, b.h, theme.box, 1);
    const counts = agg.byOwner.get(b.slot);
    if (!counts) continue;
    const perGroup = new Map<number, number>();
    for (const [key, c] of counts) perGroup.set(Math.floor(key / 6), (perGroup.get(Math.floor(key / 6)) ?? 0) + c);
    const ranked = [...perGroup.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    const bands = ranked.slice(0, 3);
    const rest = ranked.slice(3).reduce((a, [, n]) => a + n, 0);
    const unit = (b.h - 6) / Math.max(b.area.capacity, layout.used(b.slot), 1);
    let y = b.y + dy + b.h - 3;
    for (const [grp, n] of bands.sort((x, y2) => x[0] - y2[0])) {
      y -= n * unit;
      p.rect(b.x + dx + 3, y, b.w - 6, n * unit, ctx.groupColor[grp]!, ctx.focus.groups && !ctx.focus.groups.has(grp) ? DIM : 1);
    }
    if (rest) { y -= rest * unit; p.rect(b.x + dx + 3, y, b.w - 6, rest * unit, theme.muted, ctx.focus.groups ? DIM : 0.8); }
    if (agg.unhealthy.get(b.slot)) p.outline(b.x + dx, b.y + dy, b.w, b.h, theme.unhealthy, 1, 2);
  }
  for (const lane of layout.lanes) {
    if (!lane.pool) continue;
    const pc = agg.byOwner.get(-1 - lane.index);
    if (!pc) continue;
    const cap = Math.max(lane.pool.capacity, 1);
    let px = lane.pool.x;
    for (const sg of topSegments(pc)) {
      const w = Math.min(lane.pool.w, (lane.pool.w * sg.count) / cap);
      const st = styleOf(ctx, sg);
      p.rect(px, lane.pool.y, w, lane.pool.h, st.color, st.alpha);
      px += w;
    }
  }
}

/**
 * A zone's summary, sized in screen pixels so it stays readable however far out the view is: a
 * panel at the top of the lane with a stacked bar of the zone's tasks by service and state.
 * Returns the panel's world rect (the caller writes its text).
 */
export function writeZoneSummary(p: DensePainter, ctx: DrawContext, agg: Aggregates, laneIndex: number): { x: number; y: number; w: number; h: number } {
  const { layout, theme, zoom } = ctx;
  const lane = layout.lanes[laneIndex]!;
  const w = Math.min(lane.w - 8 / zoom, 340 / zoom), h = 58 / zoom;
  const x = lane.x + 4 / zoom, y = lane.y + 4 / zoom;
  p.layer(1);
  p.rect(x, y, w, h, theme.card, 0.94, 8 / zoom);
  p.outline(x, y, w, h, theme.cardBorder, 1, 1, 8 / zoom);
  p.layer(2);
  const counts = new Map(agg.byLane.get(laneIndex) ?? []);
  const total = [...counts.values()].reduce((a, c) => a + c, 0);
  const bx = x + 10 / zoom, bw = w - 20 / zoom, by = y + h - 16 / zoom, bh = 8 / zoom;
  p.rect(bx, by, bw, bh, theme.cell, 1);
  let cx = bx;
  if (total) {
    for (const sg of topSegments(counts, 8)) {
      const sw = (bw * sg.count) / total;
      const st = styleOf(ctx, sg);
      p.rect(cx, by, sw, bh, st.color, st.alpha);
      cx += sw;
    }
  }
  p.layer(0);
  return { x, y, w, h };
}

/** Tasks whose cells lie in the view (what the level of detail budgets against). */
export function tasksInView(ctx: Pick<DrawContext, 'layout' | 'view'>, agg: Aggregates): number {
  let n = 0;
  for (const [owner, counts] of agg.byOwner) {
    const area = ctx.layout.areaOf(owner);
    if (!area || !intersects(area, ctx.view)) continue;
    for (const c of counts.values()) n += c;
  }
  return n;
}
