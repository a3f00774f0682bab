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
import { TaskStateCode as S } from '../core/core';
import { TASK_FLAG, STOPPED_VISIBLE_SECONDS } from '../sim/snapshot';
import { cellRect, CELL, type CellArea } from './layout';
import type { Graphics } from 'pixi.js';
import { SHAPE } from './shape';
import type { QuadLayer } from './quads';
import { box } from './draw';
import { emphasised, intersects, type DrawContext } from './context';
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

type Visit = (i: number, x: number, y: number, size: number, color: number, old: boolean, bright: number, st: number, flags: number) => void;

/** Calls `visit` for every task whose cell is in the view, with its place and colour. */
function forEachVisibleTask(ctx: DrawContext, visit: Visit): void {
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
    visit(i, r.x + a.dx, r.y + a.dy, r.size, old ? ctx.groupOldColor[g]! : ctx.groupColor[g]!, old, emphasised(ctx, i) ? 1 : DIM, st, frame.flags[i]!);
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

/**
 * Steady tasks in full detail on the base layer, batched into a few paths: RUNNING (solid once
 * healthy, translucent with an outline until then, a red ring when unhealthy, a slash on an older
 * revision) and STOPPED (a faint mark fading out, a cross when it failed).
 */
export function writeSteadyMarks(g: Graphics, ctx: DrawContext): void {
  const fills = new Map<number, number[]>();
  const strokes = new Map<number, number[]>();
  const slashes = new Map<number, number[]>();
  const crosses: number[] = [];
  const add = (m: Map<number, number[]>, key: number, ...v: number[]) => { let l = m.get(key); if (!l) { l = []; m.set(key, l); } l.push(...v); };
  const key = (color: number, alpha: number) => color * 128 + Math.round(alpha * 100);
  const t = ctx.snapshot.t;
  forEachVisibleTask(ctx, (i, x, y, size, color, old, bright, st, flags) => {
    if (st === S.RUNNING) {
      const healthy = (flags & TASK_FLAG.HEALTHY) !== 0;
      const unhealthy = (flags & TASK_FLAG.UNHEALTHY) !== 0;
      add(fills, key(color, (unhealthy ? 0.8 : healthy ? 1 : 0.6) * bright), x, y, size);
      if (unhealthy) add(strokes, key(ctx.theme.unhealthy, bright) * 8 + 3, x - 1.5, y - 1.5, size + 3);
      else if (!healthy) add(strokes, key(color, bright) * 8 + 1, x, y, size);
      if (old) add(slashes, key(shade(color, -0.55), bright), x + size * 0.82, y + size * 0.18, x + size * 0.18, y + size * 0.82, size);
    } else if (st === S.STOPPED) {
      const fade = ctx.reducedMotion ? 0.5 : Math.max(0, 1 - (t - ctx.frame.since[i]!) / STOPPED_VISIBLE_SECONDS);
      if (fade <= 0) return;
      if (flags & TASK_FLAG.FAILED) crosses.push(x, y, size, fade * bright);
      else add(fills, key(color, 0.3 * fade * bright), x + size * 0.2, y + size * 0.2, size * 0.6);
    }
  });
  const z = ctx.zoom;
  for (const [k, l] of fills) {
    for (let j = 0; j < l.length; j += 3) g.roundRect(l[j]!, l[j + 1]!, l[j + 2]!, l[j + 2]!, l[j + 2]! * 0.25);
    g.fill({ color: Math.floor(k / 128), alpha: (k % 128) / 100 });
  }
  for (const [k8, l] of strokes) {
    const k = Math.floor(k8 / 8), width = (k8 % 8) / 2;
    for (let j = 0; j < l.length; j += 3) g.roundRect(l[j]!, l[j + 1]!, l[j + 2]!, l[j + 2]!, l[j + 2]! * 0.3);
    g.stroke({ color: Math.floor(k / 128), alpha: (k % 128) / 100, width: Math.max(width, 1 / z) });
  }
  for (const [k, l] of slashes) {
    let w = 1;
    for (let j = 0; j < l.length; j += 5) { g.moveTo(l[j]!, l[j + 1]!).lineTo(l[j + 2]!, l[j + 3]!); w = l[j + 4]! * 0.16; }
    g.stroke({ color: Math.floor(k / 128), alpha: (k % 128) / 100, width: Math.max(w, 1 / z) });
  }
  for (let j = 0; j < crosses.length; j += 4) {
    const x = crosses[j]!, y = crosses[j + 1]!, s = crosses[j + 2]!, a = crosses[j + 3]!;
    g.moveTo(x + s * 0.2, y + s * 0.2).lineTo(x + s * 0.8, y + s * 0.8).moveTo(x + s * 0.8, y + s * 0.2).lineTo(x + s * 0.2, y + s * 0.8);
    g.stroke({ color: ctx.theme.unhealthy, alpha: a, width: Math.max(s * 0.18, 1 / z) });
  }
}

/**
 * Writes every visible task as a plain dot on the base layer: one path per colour and opacity, so
 * ten thousand dots cost a handful of fills, redrawn only when a snapshot or the camera changes.
 */
export function writeDots(g: Graphics, ctx: DrawContext): void {
  const buckets = new Map<number, number[]>();
  forEachVisibleTask(ctx, (_i, x, y, size, color, _old, bright, st, flags) => {
    const alpha = (st === S.RUNNING ? 1 : st < S.RUNNING ? 0.55 : st === S.STOPPED ? 0.15 : 0.35) * bright;
    const c = flags & TASK_FLAG.UNHEALTHY ? ctx.theme.unhealthy : color;
    const key = c * 128 + Math.round(alpha * 100);
    let list = buckets.get(key);
    if (!list) { list = []; buckets.set(key, list); }
    list.push(x, y, size);
  });
  for (const [key, list] of buckets) {
    for (let k = 0; k < list.length; k += 3) g.rect(list[k]!, list[k + 1]!, list[k + 2]!, list[k + 2]!);
    g.fill({ color: Math.floor(key / 128), alpha: (key % 128) / 100 });
  }
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
    for (let i = 0; i < frame.count; i++) {
      const st = frame.state[i]!;
      if (st === 0 || st === S.STOPPED) continue;
      const owner = layout.ownerOf[i]!;
      if (layout.cellOf[i]! < 0) continue;
      const cat = st < S.RUNNING ? STARTING : st === S.RUNNING ? RUNNING : STOPPING;
      const g = frame.group[i]!;
      const old = frame.revision[i]! !== frame.groups[g]!.primaryRevision ? 1 : 0;
      const key = (g * 3 + cat) * 2 + old;
      bump(this.byOwner, owner, key);
      bump(this.byLane, owner >= 0 ? layout.boxes.get(owner)?.lane ?? 0 : -1 - owner, key);
      if (frame.flags[i]! & TASK_FLAG.UNHEALTHY) this.unhealthy.set(owner, (this.unhealthy.get(owner) ?? 0) + 1);
    }
  }
}

function bump(m: Map<number, Map<number, number>>, k: number, key: number): void {
  let inner = m.get(k);
  if (!inner) { inner = new Map(); m.set(k, inner); }
  inner.set(key, (inner.get(key) ?? 0) + 1);
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

/** Per-instance aggregates: each box's task area becomes one stacked bar (its share of the cells). */
export function writeInstanceAggregates(g: Graphics, ctx: DrawContext, agg: Aggregates): void {
  const { layout, view, zoom } = ctx;
  for (const [owner, counts] of agg.byOwner) {
    const area = layout.areaOf(owner);
    if (!area) continue;
    const dx = ctx.offsetX(owner), dy = ctx.offsetY(owner);
    if (!intersects({ x: area.x + dx, y: area.y + dy, w: area.w, h: area.h }, view)) continue;
    const cap = Math.max(area.capacity, layout.used(owner));
    let x = area.x + dx;
    for (const seg of segments(counts)) {
      const w = (area.w * seg.count) / cap;
      const st = segmentStyle(ctx, seg);
      box(g, zoom, x, area.y + dy, w, area.h, 0, st.color, st.alpha, seg.old ? st.color : null, 1, 0.9);
      x += w;
    }
    const bad = agg.unhealthy.get(owner) ?? 0;
    if (bad) box(g, zoom, area.x + dx, area.y + dy + area.h + 2, (area.w * bad) / cap, 3, 0, ctx.theme.unhealthy, 1);
  }
}

/**
 * Per-zone aggregates: each instance a tile coloured by its main service (brighter = fuller), and
 * each zone's header a stacked bar of all its tasks.
 */
export function writeZoneAggregates(g: Graphics, ctx: DrawContext, agg: Aggregates): void {
  const { layout, theme, zoom } = ctx;
  // Tiles first (one batched path), then the service columns, one path per colour.
  const columns = new Map<number, number[]>();
  for (const b of layout.boxes.values()) {
    const dx = ctx.offsetX(b.slot), dy = ctx.offsetY(b.slot);
    g.rect(b.x + dx, b.y + dy, b.w, b.h);
    const counts = agg.byOwner.get(b.slot);
    if (!counts) continue;
    // The tile fills from the bottom as the instance fills up, one band per service.
    const perGroup = new Map<number, number>();
    for (const [key, c] of counts) perGroup.set(Math.floor(key / 6), (perGroup.get(Math.floor(key / 6)) ?? 0) + c);
    const unit = (b.h - 6) / Math.max(b.area.capacity, layout.used(b.slot), 1);
    let y = b.y + dy + b.h - 3;
    for (const [grp, n] of [...perGroup.entries()].sort((p, q) => p[0] - q[0])) {
      const h = n * unit;
      y -= h;
      const dim = ctx.focus.groups && !ctx.focus.groups.has(grp);
      const key = ctx.groupColor[grp]! * 2 + (dim ? 1 : 0);
      let list = columns.get(key);
      if (!list) { list = []; columns.set(key, list); }
      list.push(b.x + dx + 3, y, b.w - 6, h);
    }
  }
  g.fill({ color: theme.box, alpha: 1 });
  for (const [key, list] of columns) {
    for (let j = 0; j < list.length; j += 4) g.rect(list[j]!, list[j + 1]!, list[j + 2]!, list[j + 3]!);
    g.fill({ color: Math.floor(key / 2), alpha: key % 2 ? DIM : 1 });
  }
  for (const [owner, bad] of agg.unhealthy) {
    const b = layout.boxes.get(owner);
    if (b && bad > 0) box(g, zoom, b.x + ctx.offsetX(owner), b.y + ctx.offsetY(owner), b.w, b.h, 0, null, 0, theme.unhealthy, 2, 1);
  }
  for (const lane of layout.lanes) {
    if (!lane.pool) continue;
    const pc = agg.byOwner.get(-1 - lane.index);
    if (!pc) continue;
    const cap = Math.max(lane.pool.capacity, 1);
    let px = lane.pool.x;
    for (const seg of segments(pc)) {
      const w = Math.min(lane.pool.w, (lane.pool.w * seg.count) / cap);
      const st = segmentStyle(ctx, seg);
      box(g, zoom, px, lane.pool.y, w, lane.pool.h, 0, st.color, st.alpha);
      px += w;
    }
  }
}

/**
 * A zone's summary, sized in screen pixels so it stays readable however far out the view is: a
 * panel at the top of the lane with a stacked bar of the zone's tasks by service and state.
 * Returns the panel's world rect (the caller writes its text).
 */
export function writeZoneSummary(g: Graphics, ctx: DrawContext, agg: Aggregates, laneIndex: number): { x: number; y: number; w: number; h: number } {
  const { layout, theme, zoom } = ctx;
  const lane = layout.lanes[laneIndex]!;
  const w = Math.min(lane.w - 8 / zoom, 340 / zoom), h = 58 / zoom;
  const x = lane.x + 4 / zoom, y = lane.y + 4 / zoom;
  box(g, zoom, x, y, w, h, 8 / zoom, theme.card, 0.94, theme.cardBorder, 1, 1);
  const counts = new Map(agg.byLane.get(laneIndex) ?? []);
  const total = [...counts.values()].reduce((a, c) => a + c, 0);
  const bx = x + 10 / zoom, bw = w - 20 / zoom, by = y + h - 16 / zoom, bh = 8 / zoom;
  box(g, zoom, bx, by, bw, bh, 0, theme.cell, 1);
  let cx = bx;
  if (total) {
    for (const seg of segments(counts)) {
      const sw = (bw * seg.count) / total;
      const st = segmentStyle(ctx, seg);
      box(g, zoom, cx, by, sw, bh, 0, st.color, st.alpha);
      cx += sw;
    }
  }
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
