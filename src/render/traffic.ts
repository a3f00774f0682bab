/**
 * Traffic: requests as particles from the clients through each load balancer's listener into a
 * target group and on to a task that serves them. Density follows the request rate (square-root
 * scaled, capped); during blue/green, linear and canary deployments the listener's band splits into
 * one band per target group, each as wide as its weight; failed requests travel in a distinct
 * colour and end in a cross. App Runner gets its own stream, ending at its instances (rejected
 * requests stop at its ceiling).
 *
 * Particles are a pure function of a particle clock: particle k of an epoch (a stretch of time with
 * one spawn rate) leaves at `start + k / rate`. The same clock gives the same picture, so a fixed
 * frame is deterministic; in the live view the clock follows wall time while the simulation plays.
 */
import { TASK_FLAG } from '../sim/frame-flags';
import type { Graphics } from 'pixi.js';
import { SHAPE } from './shape';
import type { QuadLayer } from './quads';
import { box } from './draw';
import { taskCell } from './tasks';
import type { DrawContext } from './context';
import type { Rect } from './layout';

/** Seconds (particle clock) a request takes from the clients to a task. */
export const TRAVEL_SECONDS = 2.4;
/** The header part of the journey (clients → target group), as a fraction of the travel. */
const HEADER_SHARE = 0.55;
const MAX_RATE = 80;

interface Point { x: number; y: number }

/** Particles per second of the particle clock for a request rate. */
export function spawnRate(rps: number): number {
  if (rps <= 0) return 0;
  return Math.min(MAX_RATE, Math.max(1, Math.round(3 * Math.sqrt(rps))));
}

/** Band thickness (world units) for a request rate. */
export function bandWidth(rps: number): number {
  return rps <= 0 ? 0 : Math.min(14, 1.5 + 2.4 * Math.log10(1 + rps));
}

/** A 32-bit integer hash (splitmix-style), deterministic across runs. */
export function hash32(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c + 0x27d4eb2f, 0x165667b1);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

interface Target { tg: string; tgIndex: number; share: number; errorRate: number; color: number; receivers: number[]; chip: Rect }

interface Stream {
  key: number;
  /** Clients → listener → (per target) chip. */
  head: Point[];
  rps: number;
  targets: Target[];
  /** For App Runner streams: where particles end, and the rejected share. */
  appRunner?: { cells: Point[]; ceiling: Point; rejected: number; color: number };
  /** Stretches of time with one spawn rate (and the band width particles spread over). */
  epochs: { start: number; end: number; rate: number; width: number; id: number }[];
}

function pathLength(p: Point[]): number {
  let n = 0;
  for (let i = 1; i < p.length; i++) n += Math.abs(p[i]!.x - p[i - 1]!.x) + Math.abs(p[i]!.y - p[i - 1]!.y);
  return n;
}

/** Point at fraction u of an orthogonal polyline, shifted sideways by `side` world units. */
function along(p: Point[], u: number, side: number): Point {
  const total = pathLength(p);
  let d = u * total;
  for (let i = 1; i < p.length; i++) {
    const a = p[i - 1]!, b = p[i]!;
    const seg = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    if (d <= seg || i === p.length - 1) {
      const k = seg > 0 ? Math.min(1, d / seg) : 0;
      const horizontal = Math.abs(b.y - a.y) < 1e-6;
      return { x: a.x + (b.x - a.x) * k + (horizontal ? 0 : side), y: a.y + (b.y - a.y) * k + (horizontal ? side : 0) };
    }
    d -= seg;
  }
  return p[p.length - 1]!;
}

export class Traffic {
  private streams = new Map<string, Stream>();
  private nextEpoch = 1;
  /** Bands to draw: orthogonal segments with a thickness and colour. */
  private bands: { a: Point; b: Point; w: number; color: number; alpha: number }[] = [];
  /** Memoised destinations so a particle never changes target in flight. */
  private dest = new Map<number, number>();

  /** True when some request is flowing. */
  get active(): boolean { for (const s of this.streams.values()) if (s.rps > 0) return true; return false; }

  /** Rebuilds streams and bands from a snapshot and layout; `clock` is the particle clock now. */
  update(ctx: DrawContext, clock: number): void {
    const { layout, snapshot: s, frame } = ctx;
    this.bands = [];
    const seen = new Set<string>();
    const tgIndex = new Map(s.targetGroups.map((tg, i) => [tg.targetGroupName, i]));
    const receivers = new Map<number, number[]>();
    for (let i = 0; i < frame.count; i++) {
      if (frame.state[i] === 0 || !(frame.flags[i]! & TASK_FLAG.RECEIVING)) continue;
      const g = frame.targetGroup[i]!;
      let list = receivers.get(g);
      if (!list) { list = []; receivers.set(g, list); }
      list.push(i);
    }
    const c = layout.clients;
    const origin = { x: c.x + c.w, y: c.y + c.h / 2 };
    layout.loadBalancers.forEach((lb, lbi) => {
      const targets: Target[] = [];
      let rps = 0;
      for (const svc of s.services) {
        const w = svc.metrics.trafficWeights;
        // The service's target groups, and during blue/green the alternate one its weights name.
        const tgs = [...new Set([...svc.loadBalancers, ...Object.keys(w ?? {})])].filter((n) => lb.targetGroups.has(n));
        if (!tgs.length || svc.metrics.requestsPerSecond <= 0) continue;
        rps += svc.metrics.requestsPerSecond;
        for (const n of tgs) {
          const share = w ? (w[n] ?? 0) / 100 : 1 / tgs.length;
          const idx = tgIndex.get(n) ?? -1;
          const list = receivers.get(idx) ?? [];
          // A target group whose targets mostly run an older revision gets that revision's shade
          // (blue/green: the two streams match the two kinds of task marks).
          let old = 0, g = -1;
          for (const i of list) { g = frame.group[i]!; if (frame.revision[i] !== frame.groups[g]!.primaryRevision) old++; }
          const color = g >= 0 && old * 2 > list.length ? ctx.groupOldColor[g]! : ctx.colors.get(svc.serviceName);
          targets.push({ tg: n, tgIndex: idx, share: share * svc.metrics.requestsPerSecond, errorRate: svc.metrics.errorRate,
            color, receivers: list, chip: lb.targetGroups.get(n)! });
        }
      }
      const sum = targets.reduce((n, t) => n + t.share, 0) || 1;
      for (const t of targets) t.share /= sum;
      const listener = lb.listeners[0] ?? { x: lb.x + 12, y: lb.y + 34, w: 76, h: 20 };
      const lx = listener.x + listener.w / 2, ly = listener.y + listener.h / 2;
      // The first load balancer is reached straight across; later ones over the top of the header.
      const head: Point[] = lbi === 0
        ? [origin, { x: lb.x, y: origin.y }, { x: lx, y: origin.y }, { x: lx, y: ly }]
        : [origin, { x: origin.x + 16, y: origin.y }, { x: origin.x + 16, y: -14 }, { x: lx, y: -14 }, { x: lx, y: ly }];
      const width = bandWidth(rps);
      for (let i = 1; i < head.length; i++) this.bands.push({ a: head[i - 1]!, b: head[i]!, w: width, color: ctx.theme.band, alpha: 0.9 });
      for (const t of targets) {
        if (t.share <= 0) continue;
        const tx = t.chip.x + t.chip.w / 2, ty = t.chip.y;
        const mid = (ly + ty) / 2;
        const w = Math.max(1.2, width * t.share);
        this.bands.push({ a: { x: lx, y: ly }, b: { x: lx, y: mid }, w, color: t.color, alpha: 0.55 });
        this.bands.push({ a: { x: lx, y: mid }, b: { x: tx, y: mid }, w, color: t.color, alpha: 0.55 });
        this.bands.push({ a: { x: tx, y: mid }, b: { x: tx, y: ty }, w, color: t.color, alpha: 0.55 });
      }
      this.touch(`lb:${lb.name}`, head, rps, targets, undefined, clock);
      seen.add(`lb:${lb.name}`);
    });
    for (const card of layout.appRunners) {
      const a = (s.appRunnerServices ?? []).find((x) => x.serviceName === card.name);
      if (!a) continue;
      const head: Point[] = [origin, { x: origin.x + 16, y: origin.y }, { x: origin.x + 16, y: -22 }, { x: card.x + 24, y: -22 }, { x: card.x + 24, y: card.y }];
      const width = bandWidth(a.requestsPerSecond);
      for (let i = 1; i < head.length; i++) this.bands.push({ a: head[i - 1]!, b: head[i]!, w: width, color: ctx.theme.band, alpha: 0.9 });
      const cells: Point[] = [];
      for (let k = 0; k < (a.instances ?? 0); k++) cells.push({ x: card.x + 12 + k * 10 + 4, y: card.y + 55 });
      const color = ctx.colors.get(card.name);
      const rejected = a.requestsPerSecond > 0 ? Math.min(1, (a.rejectedRequestsPerSecond ?? 0) / a.requestsPerSecond) : 0;
      this.touch(`ar:${card.name}`, head, a.requestsPerSecond, [], { cells, ceiling: { x: card.x + 12 + a.maxSize * 10, y: card.y + 55 }, rejected, color }, clock);
      seen.add(`ar:${card.name}`);
    }
    for (const key of [...this.streams.keys()]) if (!seen.has(key)) this.streams.delete(key);
  }

  private touch(key: string, head: Point[], rps: number, targets: Target[], appRunner: Stream['appRunner'], clock: number): void {
    let st = this.streams.get(key);
    const rate = spawnRate(rps);
    if (!st) {
      st = { key: hash32(key.length, [...key].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261), 7), head, rps, targets, appRunner, epochs: [] };
      this.streams.set(key, st);
    }
    st.head = head; st.rps = rps; st.targets = targets; st.appRunner = appRunner;
    const last = st.epochs[st.epochs.length - 1];
    if (!last || last.rate !== rate) {
      // A new stretch of time with its own spawn rate. The first one starts at clock 0 (or a
      // travel time ago, whichever is earlier) so the picture is full and depends only on the clock.
      const start = last ? clock : Math.min(0, clock - TRAVEL_SECONDS);
      if (last) last.end = clock;
      st.epochs.push({ start, end: Infinity, rate, width: bandWidth(rps), id: last ? this.nextEpoch++ : 0 });
    }
    st.epochs = st.epochs.filter((e) => e.end > clock - TRAVEL_SECONDS);
  }

  /** Bands: always drawn (they carry the picture when motion is reduced). */
  writeBands(g: Graphics, zoom: number): void {
    for (const b of this.bands) {
      const x = Math.min(b.a.x, b.b.x) - b.w / 2, y = Math.min(b.a.y, b.b.y) - b.w / 2;
      box(g, zoom, x, y, Math.abs(b.b.x - b.a.x) + b.w, Math.abs(b.b.y - b.a.y) + b.w, b.w / 2, b.color, b.alpha);
    }
  }

  /** Writes the particles in flight at particle-clock time `clock`. Returns how many. */
  writeParticles(layer: QuadLayer, ctx: DrawContext, clock: number): number {
    let n = 0;
    // About five screen pixels at every zoom.
    const size = 5 / ctx.zoom;
    const live = new Set<number>();
    for (const st of this.streams.values()) {
      for (const e of st.epochs) {
        if (e.rate <= 0) continue;
        const k0 = Math.max(0, Math.ceil((clock - TRAVEL_SECONDS - e.start) * e.rate));
        const k1 = Math.floor((Math.min(clock, e.end) - e.start) * e.rate);
        for (let k = k0; k <= k1; k++) {
          const born = e.start + k / e.rate;
          if (born > e.end) break;
          const u = (clock - born) / TRAVEL_SECONDS;
          if (u < 0 || u > 1) continue;
          const h = hash32(st.key, e.id, k);
          const id = h;
          live.add(id);
          const p = st.appRunner ? this.appRunnerPoint(st, h, u) : this.lbPoint(ctx, st, h, id, u, e.width);
          if (!p) continue;
          const r = size * (p.failed ? 1.3 : 1);
          layer.push(p.x - r / 2, p.y - r / 2, r, r, p.failed ? ctx.theme.requestFailed : p.color, p.failed ? 1 : 0.95,
            0, 0, p.failed ? 0 : r / 2, 0, 1, p.failed ? SHAPE.CROSS : SHAPE.SOLID);
          n++;
        }
      }
    }
    if (this.dest.size > 4 * live.size + 1000) for (const k of [...this.dest.keys()]) if (!live.has(k)) this.dest.delete(k);
    return n;
  }

  private lbPoint(ctx: DrawContext, st: Stream, h: number, id: number, u: number, width: number): (Point & { color: number; failed: boolean }) | null {
    if (!st.targets.length) return null;
    // Pick the target group by its share of the stream (listener weights), from the hash.
    let pick = (h & 0xffff) / 0x10000;
    let t = st.targets[st.targets.length - 1]!;
    for (const x of st.targets) { if (pick < x.share) { t = x; break; } pick -= x.share; }
    const failed = ((h >>> 16) & 0xff) / 256 < t.errorRate;
    const side = (((h >>> 24) & 0xff) / 255 - 0.5) * Math.max(0, width - 2);
    const chip = { x: t.chip.x + t.chip.w / 2, y: t.chip.y + t.chip.h / 2 };
    if (u < HEADER_SHARE) {
      const listenerEnd = st.head[st.head.length - 1]!;
      const path = [...st.head, { x: listenerEnd.x, y: (listenerEnd.y + t.chip.y) / 2 }, { x: chip.x, y: (listenerEnd.y + t.chip.y) / 2 }, chip];
      return { ...along(path, u / HEADER_SHARE, side), color: t.color, failed };
    }
    let slot = this.dest.get(id);
    if (slot === undefined) {
      slot = t.receivers.length ? t.receivers[(h >>> 5) % t.receivers.length]! : -1;
      this.dest.set(id, slot);
    }
    const cell = slot >= 0 ? taskCell(ctx, slot) : null;
    if (!cell) {
      // No target to answer: the load balancer itself fails the request (HTTP 503).
      return u < HEADER_SHARE + 0.1 ? { ...chip, color: t.color, failed: true } : null;
    }
    const v = (u - HEADER_SHARE) / (1 - HEADER_SHARE);
    const ease = v * v * (3 - 2 * v);
    return { x: chip.x + (cell.x - chip.x) * ease, y: t.chip.y + t.chip.h + (cell.y - t.chip.y - t.chip.h) * ease, color: t.color, failed };
  }

  private appRunnerPoint(st: Stream, h: number, u: number): (Point & { color: number; failed: boolean }) | null {
    const ar = st.appRunner!;
    const rejected = ((h >>> 16) & 0xff) / 256 < ar.rejected;
    const end = rejected || !ar.cells.length ? ar.ceiling : ar.cells[(h >>> 5) % ar.cells.length]!;
    const path = [...st.head, end];
    return { ...along(path, u, 0), color: ar.color, failed: rejected || !ar.cells.length };
  }
}
