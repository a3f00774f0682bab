/**
 * What is under a point of the canvas: a task, a container instance, a service (its legend chip),
 * a target group (its chip on the load balancer), a load balancer, an App Runner service or a Cloud
 * Map namespace. Answers in world coordinates from the layout; no per-object display objects.
 */
import { TaskStateCode as S, STATE_NAMES } from '../core/states';
import type { Snapshot, TaskFrame } from '../sim/snapshot';
import { TASK_FLAG } from '../sim/frame-flags';
import { cellIndexAt, cellRect, type ClusterLayout, type Rect } from './layout';

/** What can be selected or hovered on the canvas; `id` is the name the API uses. */
export interface CanvasSelection {
  kind: 'task' | 'instance' | 'service' | 'targetGroup' | 'loadBalancer' | 'appRunner' | 'namespace';
  /** taskId, container instance id, service name, target group name, load balancer, App Runner service or namespace name. */
  id: string;
}

export interface Hit extends CanvasSelection {
  /** The world rect of what was hit (for outlines). */
  rect: Rect;
  /** One line describing it (the tooltip). */
  text: string;
  /** Task slot for tasks, instance slot for instances, else -1. */
  slot: number;
}

function inside(r: Rect, x: number, y: number): boolean {
  return x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
}

/** Describes a task in one line, as a tooltip. */
export function describeTask(s: Snapshot, f: TaskFrame, slot: number): string {
  const st = f.state[slot]!;
  const g = f.groups[f.group[slot]!];
  const flags = f.flags[slot]!;
  const health = st === S.RUNNING ? (flags & TASK_FLAG.UNHEALTHY ? 'unhealthy' : flags & TASK_FLAG.HEALTHY ? 'healthy' : 'not yet healthy') : null;
  const what = g?.service ?? g?.name.replace(/^family:/, '') ?? 'task';
  const rps = f.rps[slot]! > 0 ? `${f.rps[slot]!.toFixed(f.rps[slot]! < 10 ? 1 : 0)} req/s` : null;
  const zone = s.availabilityZones[f.az[slot]!] ?? '';
  return [`task ${f.taskIds[slot]!.slice(0, 8)}`, `${what}:${f.revision[slot]}`, STATE_NAMES[st] ?? '', health,
    flags & TASK_FLAG.DRAINING ? 'draining' : null, flags & TASK_FLAG.FAILED ? 'failed' : null, rps,
    f.instance[slot]! < 0 ? `Fargate · ${zone}` : zone].filter(Boolean).join(' · ');
}

/** The topmost selectable thing at world point (x, y), or null. */
export function hitTest(layout: ClusterLayout, s: Snapshot, f: TaskFrame, x: number, y: number,
  offset: (owner: number) => { dx: number; dy: number }): Hit | null {
  for (const lb of layout.loadBalancers) {
    for (const [name, r] of lb.targetGroups) {
      if (!inside(r, x, y)) continue;
      const c = s.loadBalancers?.find((l) => l.name === lb.name)?.targetGroups.find((t) => t.targetGroupName === name);
      const counts = c ? ` · ${c.healthy} healthy, ${c.unhealthy} unhealthy, ${c.initial} initial, ${c.draining} draining` : '';
      return { kind: 'targetGroup', id: name, rect: r, slot: -1, text: `target group ${name}${counts}` };
    }
    if (inside(lb, x, y)) return { kind: 'loadBalancer', id: lb.name, rect: lb, slot: -1, text: `Application Load Balancer ${lb.name}` };
  }
  for (const card of layout.appRunners) {
    if (inside(card, x, y)) return { kind: 'appRunner', id: card.name, rect: card, slot: -1, text: `App Runner service ${card.name}` };
  }
  for (const card of layout.namespaces) {
    if (inside(card, x, y)) return { kind: 'namespace', id: card.name, rect: card, slot: -1, text: `Cloud Map namespace ${card.name}` };
  }
  for (const [name, r] of layout.legend) {
    if (!inside(r, x, y)) continue;
    const svc = s.services.find((v) => v.serviceName === name);
    const m = svc?.metrics;
    return { kind: 'service', id: name, rect: r, slot: -1,
      text: m ? `service ${name} · desired ${m.desiredCount}, running ${m.runningCount}, pending ${m.pendingCount}, healthy ${m.healthyCount}` : `service ${name}` };
  }
  for (const lane of layout.lanes) {
    if (!inside(lane, x, y)) continue;
    if (lane.pool && inside({ x: lane.pool.x, y: lane.pool.y, w: lane.pool.w, h: lane.pool.h }, x, y)) {
      const owner = -1 - lane.index;
      const i = cellIndexAt(lane.pool, layout.used(owner), x, y);
      const slot = layout.occupant(owner, i);
      if (slot >= 0 && f.state[slot]) return taskHit(layout, s, f, slot, offset);
    }
    for (const box of layout.boxes.values()) {
      if (box.lane !== lane.index) continue;
      const { dx, dy } = offset(box.slot);
      const r = { x: box.x + dx, y: box.y + dy, w: box.w, h: box.h };
      if (!inside(r, x, y)) continue;
      const i = cellIndexAt(box.area, layout.used(box.slot), x - dx, y - dy);
      const slot = layout.occupant(box.slot, i);
      if (slot >= 0 && f.state[slot]) return taskHit(layout, s, f, slot, offset);
      const inst = s.instances.find((v) => v.slot === box.slot);
      if (!inst) return null;
      const cpu = inst.cpuTotal ? Math.round(100 * (1 - inst.cpuFree / inst.cpuTotal)) : 0;
      const mem = inst.memTotal ? Math.round(100 * (1 - inst.memFree / inst.memTotal)) : 0;
      return { kind: 'instance', id: inst.id, rect: r, slot: box.slot,
        text: `container instance ${inst.id.slice(0, 8)} · ${inst.instanceType} · ${inst.status} · CPU ${cpu}% reserved, memory ${mem}% · ${inst.availabilityZone}` };
    }
  }
  return null;
}

function taskHit(layout: ClusterLayout, s: Snapshot, f: TaskFrame, slot: number, offset: (owner: number) => { dx: number; dy: number }): Hit {
  const owner = layout.ownerOf[slot]!;
  const area = layout.areaOf(owner);
  const { dx, dy } = offset(owner);
  const c = area ? cellRect(area, layout.cellOf[slot]!, layout.used(owner)) : { x: 0, y: 0, size: 0 };
  return { kind: 'task', id: f.taskIds[slot]!, slot, rect: { x: c.x + dx, y: c.y + dy, w: c.size, h: c.size }, text: describeTask(s, f, slot) };
}

/** The world rect of a selection (for its outline and for centring the view), or null. */
export function selectionRect(layout: ClusterLayout, s: Snapshot, f: TaskFrame, sel: { kind: string; id: string },
  offset: (owner: number) => { dx: number; dy: number }): Rect | null {
  if (sel.kind === 'instance') {
    const inst = s.instances.find((i) => i.id === sel.id);
    const b = inst ? layout.boxes.get(inst.slot) : undefined;
    if (!b) return null;
    const o = offset(b.slot);
    return { x: b.x + o.dx, y: b.y + o.dy, w: b.w, h: b.h };
  }
  if (sel.kind === 'task') {
    const slot = f.taskIds.indexOf(sel.id);
    return slot >= 0 && layout.cellOf[slot]! >= 0 ? taskHit(layout, s, f, slot, offset).rect : null;
  }
  if (sel.kind === 'service') return layout.legend.get(sel.id) ?? null;
  if (sel.kind === 'targetGroup') {
    for (const lb of layout.loadBalancers) { const r = lb.targetGroups.get(sel.id); if (r) return r; }
    return null;
  }
  if (sel.kind === 'loadBalancer') return layout.loadBalancers.find((c) => c.name === sel.id) ?? null;
  if (sel.kind === 'appRunner') return layout.appRunners.find((c) => c.name === sel.id) ?? null;
  if (sel.kind === 'namespace') return layout.namespaces.find((c) => c.name === sel.id) ?? null;
  return null;
}
