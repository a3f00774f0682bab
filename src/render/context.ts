/**
 * What every layer writer reads for one frame: the snapshot and its task arrays, the layout, the
 * theme, the visual time, the level of detail and what the selection emphasises.
 */
import type { Snapshot, TaskFrame } from '../sim/snapshot';
import type { CanvasSelection } from './hit';
import type { ClusterLayout, Rect } from './layout';
import { BOX_W, MARK } from './layout';
import type { ServiceColors, Theme } from './palette';
import { revisionColor } from './palette';
import type { Aggregates } from './tasks';

/**
 * Level of detail, chosen from the on-screen size of a task mark and the number of tasks in view:
 * - `detail`: every task a mark whose shape shows its lifecycle;
 * - `dots`: every task a plain coloured dot (a particle);
 * - `instances`: per-instance aggregates (a bar per service and state in each box);
 * - `zones`: per-zone aggregates (a bar per zone, each instance a single tile).
 */
export type Lod = 'detail' | 'dots' | 'instances' | 'zones';

/** On-screen mark size (CSS px) at and above which tasks are drawn in full detail. */
export const DETAIL_MIN_PX = 5;
/** On-screen mark size below which tasks stop being dots. */
export const DOTS_MIN_PX = 1.5;
/** At most this many task dots in view; past it instances aggregate. */
export const DOT_BUDGET = 30_000;
/** On-screen instance box width below which the view aggregates per zone. */
export const INSTANCE_MIN_PX = 26;

export function chooseLod(zoom: number, tasksInView: number): Lod {
  if (BOX_W * zoom < INSTANCE_MIN_PX) return 'zones';
  const markPx = MARK * zoom;
  if (markPx < DOTS_MIN_PX || tasksInView > DOT_BUDGET) return 'instances';
  return markPx < DETAIL_MIN_PX ? 'dots' : 'detail';
}

/** What the selection emphasises: tasks that match stay bright, others dim. */
export interface Focus {
  taskSlot: number;
  instanceSlot: number;
  /** Group indices (into frame.groups) that stay bright, or null for all. */
  groups: Set<number> | null;
  /** Target group index whose tasks stay bright, or -1. */
  targetGroup: number;
  service: string | null;
  targetGroupName: string | null;
  loadBalancer: string | null;
  appRunner: string | null;
  namespace: string | null;
}

export const NO_FOCUS: Focus = {
  taskSlot: -1, instanceSlot: -1, groups: null, targetGroup: -1, service: null,
  targetGroupName: null, loadBalancer: null, appRunner: null, namespace: null,
};

/** What a selection emphasises, from the snapshot it applies to. */
export function focusOf(sel: CanvasSelection | null, s: Snapshot, frame: TaskFrame): Focus {
  if (!sel) return NO_FOCUS;
  const f: Focus = { ...NO_FOCUS };
  if (sel.kind === 'task') f.taskSlot = frame.taskIds.indexOf(sel.id);
  else if (sel.kind === 'instance') f.instanceSlot = s.instances.find((i) => i.id === sel.id)?.slot ?? -1;
  else if (sel.kind === 'service') {
    f.service = sel.id;
    f.groups = new Set(frame.groups.map((g, i) => (g.service === sel.id ? i : -1)).filter((i) => i >= 0));
  } else if (sel.kind === 'targetGroup') {
    f.targetGroupName = sel.id;
    f.targetGroup = s.targetGroups.findIndex((t) => t.targetGroupName === sel.id);
  } else if (sel.kind === 'loadBalancer') f.loadBalancer = sel.id;
  else if (sel.kind === 'appRunner') f.appRunner = sel.id;
  else if (sel.kind === 'namespace') f.namespace = sel.id;
  return f;
}

export interface DrawContext {
  snapshot: Snapshot;
  frame: TaskFrame;
  layout: ClusterLayout;
  theme: Theme;
  colors: ServiceColors;
  /** Visual simulated time: the snapshot's t plus the fraction of the next step already elapsed. */
  vt: number;
  lod: Lod;
  zoom: number;
  /** The visible part of the world, with a margin. */
  view: Rect;
  focus: Focus;
  reducedMotion: boolean;
  /** Colour per task group, and the colour of its older revisions. */
  groupColor: number[];
  groupOldColor: number[];
  /** Per group, revision → hue, when a deployment has more than one older revision in flight. */
  revisionColors: (Map<number, number> | null)[];
  /** Task counts per instance, pool and zone (built once per snapshot). */
  agg: Aggregates;
  /** Per-owner offset while boxes tween to new places (world units). */
  offsetX(owner: number): number;
  offsetY(owner: number): number;
}

/**
 * Colours per task group, from the stable service palette: the revision a service deploys keeps
 * the service's hue, each older revision in flight gets a hue of its own (its rank among the
 * service's deployments, newest first).
 */
export function groupColors(frame: TaskFrame, colors: ServiceColors, s?: Snapshot): { color: number[]; old: number[]; byRevision: (Map<number, number> | null)[] } {
  const color = frame.groups.map((g) => colors.get(g.service ?? g.name.replace(/^family:/, '')));
  const byRevision = frame.groups.map((g, i) => {
    const card = g.service ? s?.deploymentCards?.find((c) => c.service === g.service) : undefined;
    const old = card?.revisions.filter((r) => r.revision !== g.primaryRevision) ?? [];
    if (old.length < 2) return null;
    return new Map(old.map((r, k) => [r.revision, revisionColor(color[i]!, k + 1)]));
  });
  return { color, old: color.map((c) => revisionColor(c, 1)), byRevision };
}

/** The colour of a task of group `g` at revision `rev`. */
export function taskColor(ctx: DrawContext, g: number, rev: number, old: boolean): number {
  if (!old) return ctx.groupColor[g]!;
  return ctx.revisionColors[g]?.get(rev) ?? ctx.groupOldColor[g]!;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;
}

/** Whether a task stays bright under the current focus. */
export function emphasised(ctx: DrawContext, slot: number): boolean {
  const f = ctx.focus;
  if (f.groups && !f.groups.has(ctx.frame.group[slot]!)) return false;
  if (f.targetGroup >= 0 && ctx.frame.targetGroup[slot] !== f.targetGroup) return false;
  return true;
}
