/**
 * The scene's model: what the frame shows, as data. Which marks, in which lane and on which
 * instance, in which state shape and hue; each service's deployment card; each load balancer's
 * listener weights and target-group hues; the labels on screen and the layers in their order.
 * Tests check the picture through it (behaviour, not pixels); the page returns it through
 * `ClusterScene.model()`.
 */
import { TaskStateCode as S, STATE_NAMES } from '../core/states';
import { TASK_FLAG } from '../sim/frame-flags';
import type { DeploymentCardSnap } from '../sim/deployments/card';
import type { DrawContext, Lod } from './context';
import type { Rect } from './layout';
import { forEachVisibleTask } from './tasks';
import { bandText, cardStatus, revisionHue, waitText } from './deploy-card';
import { listenerWeights, shortInstanceId, targetGroupIndex } from './structure';
import { targetGroupColor } from './palette';

/** A task mark's shape: what tells its lifecycle state apart without colour (tasks.ts). */
export type MarkShape = 'outline' | 'filling' | 'translucent' | 'solid' | 'not-yet-healthy' | 'unhealthy-ring'
  | 'draining' | 'shrinking' | 'fading' | 'cross';

export interface TaskMark {
  id: string;
  service: string | null;
  revision: number;
  state: string;
  shape: MarkShape;
  /** Older revisions carry a slash. */
  slashed: boolean;
  hue: string;
  lane: string;
  /** The short container instance ID it runs on, or 'fargate'. */
  host: string;
}

export interface SceneModel {
  t: number;
  lod: Lod;
  zoom: number;
  canvas: { width: number; height: number };
  /** Where the whole cluster is drawn, in screen pixels. */
  drawn: Rect;
  /** Bottom to top. */
  layers: string[];
  lanes: { az: string; impaired: boolean }[];
  instances: { id: string; shortId: string; lane: string; type: string; status: string; labels: string[] }[];
  tasks: TaskMark[];
  services: {
    name: string; hue: string; status: string; strategy: string;
    revisions: { revision: number; taskDefinition: string; role: 'new' | 'old'; hue: string; slashed: boolean; tasks: number; healthy: number }[];
    band: DeploymentCardSnap['band']; bandText: string;
    breaker: DeploymentCardSnap['breaker']; wait: string | null;
    ghosts: { waiting: number; unplaced: number; reason: string | null };
    labels: string[];
  }[];
  loadBalancers: {
    name: string; listeners: string[];
    weights: { targetGroup: string; percent: number; hue: string }[];
    targetGroups: { name: string; hue: string }[];
    labels: string[];
  }[];
  labels: { key: string; text: string; x: number; y: number; w: number; h: number }[];
}

export const hex = (c: number) => `#${c.toString(16).padStart(6, '0')}`;

export function markShape(st: number, flags: number): MarkShape {
  switch (st) {
    case S.PROVISIONING: return 'outline';
    case S.PENDING: return 'filling';
    case S.ACTIVATING: return 'translucent';
    case S.RUNNING: return flags & TASK_FLAG.UNHEALTHY ? 'unhealthy-ring' : flags & TASK_FLAG.HEALTHY ? 'solid' : 'not-yet-healthy';
    case S.DEACTIVATING: return 'draining';
    case S.STOPPED: return flags & TASK_FLAG.FAILED ? 'cross' : 'fading';
    default: return 'shrinking';
  }
}

function taskMarks(ctx: DrawContext, hostOf: Map<number, string>): TaskMark[] {
  const { frame, snapshot: s } = ctx;
  const marks: TaskMark[] = [];
  forEachVisibleTask(ctx, (i, _x, _y, _size, color, old, _bright, st, flags) => {
    const g = frame.groups[frame.group[i]!]!;
    const inst = frame.instance[i]!;
    marks.push({
      id: frame.taskIds[i]!, service: g.service, revision: frame.revision[i]!, state: STATE_NAMES[st] ?? '',
      shape: markShape(st, flags), slashed: old, hue: hex(color), lane: s.availabilityZones[frame.az[i]!] ?? '',
      host: inst >= 0 ? hostOf.get(inst) ?? '' : 'fargate',
    });
  });
  return marks;
}

type ShownLabel = SceneModel['labels'][number];

const labelsWith = (labels: ShownLabel[], prefixes: string[]) =>
  labels.filter((l) => prefixes.some((p) => l.key.startsWith(p))).map((l) => l.text);

function services(ctx: DrawContext, labels: ShownLabel[]): SceneModel['services'] {
  return (ctx.snapshot.deploymentCards ?? []).map((c) => {
    const color = ctx.colors.get(c.service);
    return {
      name: c.service, hue: hex(color), status: cardStatus(c), strategy: c.strategy,
      revisions: c.revisions.map((r, i) => ({ revision: r.revision, taskDefinition: r.taskDefinition, role: r.role,
        hue: hex(revisionHue(color, c, i)), slashed: r.role === 'old', tasks: r.tasks, healthy: r.healthy })),
      band: c.band, bandText: bandText(c), breaker: c.breaker, wait: waitText(c),
      ghosts: { waiting: c.waiting, unplaced: c.unplaced, reason: c.unplacedReason },
      labels: labels.filter((l) => l.key === `legend-${c.service}` || l.key.startsWith('dc-') && l.key.includes(`-${c.service}`)).map((l) => l.text),
    };
  });
}

function loadBalancers(ctx: DrawContext, labels: ShownLabel[]): SceneModel['loadBalancers'] {
  return ctx.layout.loadBalancers.map((lb) => {
    const names = [...lb.targetGroups.keys()];
    const hue = (n: string) => hex(targetGroupColor(targetGroupIndex(ctx, n)));
    return {
      name: lb.name,
      listeners: (ctx.snapshot.loadBalancers ?? []).find((x) => x.name === lb.name)?.listeners ?? [],
      weights: listenerWeights(ctx.snapshot, names).map((w) => ({ ...w, hue: hue(w.targetGroup) })),
      targetGroups: names.map((name) => ({ name, hue: hue(name) })),
      labels: labelsWith(labels, [`lb-${lb.name}`, `lbw-${lb.name}`, ...names.map((n) => `tg-${n}`), ...names.map((n) => `tgh-${n}`)]),
    };
  });
}

export function sceneModel(ctx: DrawContext, shown: ShownLabel[], canvas: { width: number; height: number }, drawn: Rect, layers: string[]): SceneModel {
  const s = ctx.snapshot;
  const hostOf = new Map(s.instances.map((i) => [i.slot, shortInstanceId(i.id)]));
  const boxes = ctx.layout.boxes;
  return {
    t: s.t, lod: ctx.lod, zoom: ctx.zoom, canvas, drawn, layers,
    lanes: ctx.layout.lanes.map((l) => ({ az: l.az, impaired: s.failedAzs.includes(l.az) })),
    instances: s.instances.filter((i) => boxes.has(i.slot)).map((i) => ({
      id: i.id, shortId: shortInstanceId(i.id), lane: i.availabilityZone, type: i.instanceType, status: i.status,
      labels: shown.filter((l) => l.key === `it-${i.slot}` || l.key === `iid-${i.slot}`).map((l) => l.text),
    })),
    tasks: ctx.lod === 'detail' || ctx.lod === 'dots' ? taskMarks(ctx, hostOf) : [],
    services: services(ctx, shown),
    loadBalancers: loadBalancers(ctx, shown),
    labels: shown,
  };
}
