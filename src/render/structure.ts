/**
 * The cluster's frame: the region, Availability Zone lanes, Fargate pools, container instances as
 * capacity boxes (CPU and memory fill, instance type, ACTIVE/DRAINING), and the header cards: the
 * clients, each load balancer with its listeners and target groups, App Runner services with their
 * instance ceiling, and Cloud Map namespaces with their registered endpoints.
 */
import type { AppRunnerSnap, InstanceSnap, NamespaceSnap } from '../sim/snapshot';
import type { Graphics } from 'pixi.js';
import { BOX_PAD, SERVICE_CONNECT_ROW, type Card, type InstanceBox, type LoadBalancerCard } from './layout';
import type { Labels } from './labels';
import { intersects, type DrawContext } from './context';
import { writeZoneSummary } from './tasks';
import { box } from './draw';
import type { DensePainter } from './dense';
import { shade, targetGroupColor } from './palette';
import { writeDeploymentCard } from './deploy-card';

function fmtRate(r: number): string {
  if (r >= 10_000) return `${Math.round(r / 1000)}k req/s`;
  if (r >= 1000) return `${(r / 1000).toFixed(1)}k req/s`;
  return `${Math.round(r)} req/s`;
}

function plural(n: number, word: string): string { return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`; }

/** Writes the frame quads and their labels. */
export function writeStructure(q: Graphics, labels: Labels, ctx: DrawContext): void {
  const { layout, theme, snapshot: s, view } = ctx;
  const r = layout.region;
  box(q, ctx.zoom, r.x, r.y, r.w, r.h, 12, theme.region, 1, theme.laneBorder, 1, 1);
  labels.add('region', `${s.region} · cluster ${s.clusterName}`, r.x + 16, r.y + 12, { roomH: 34, size: 14, color: theme.text, bold: true, room: 280 });
  for (const [name, rect] of layout.legend) writeDeploymentCard(q, labels, ctx, name, rect);
  const failed = new Set(s.failedAzs);
  for (const lane of layout.lanes) {
    const bad = failed.has(lane.az);
    box(q, ctx.zoom, lane.x, lane.y, lane.w, lane.h, 10, bad ? theme.failed : theme.lane, 1, theme.laneBorder, 1, 1);
    labels.add(`az-${lane.az}`, bad ? `${lane.az} · impaired` : lane.az, lane.x + 12, lane.y + 9, { roomH: 28, size: 13, color: theme.text, bold: true, room: lane.w - 20 });
    if (lane.pool) {
      const p = lane.pool;
      box(q, ctx.zoom, p.x - 6, p.y - 22, p.w + 12, p.h + 28, 8, theme.lane, 0, theme.boxBorder, 1, 0.9);
      const n = countPool(ctx, lane.index);
      labels.add(`pool-${lane.az}`, `Fargate · ${plural(n, 'task')}`, p.x, p.y - 18, { roomH: 22, size: 11, color: theme.muted, room: p.w });
    }
  }
  const insts = new Map(s.instances.map((i) => [i.slot, i]));
  if (ctx.lod !== 'zones') {
    for (const b of layout.boxes.values()) {
      const inst = insts.get(b.slot);
      if (!inst) continue;
      const dx = ctx.offsetX(b.slot), dy = ctx.offsetY(b.slot);
      if (!intersects({ x: b.x + dx, y: b.y + dy, w: b.w, h: b.h }, view)) continue;
      writeBox(q, labels, ctx, b, inst, dx, dy);
    }
  } else {
    // Zone summaries are written after the aggregates (they sit on top): see writeZoneLabels.
  }
  writeCards(q, labels, ctx);
}

/** Zone panels (per-zone level of detail): the zone, its instances and tasks, and a bar by service. */
export function writeZoneLabels(g: DensePainter, labels: Labels, ctx: DrawContext): void {
  const { layout, theme, zoom } = ctx;
  for (const lane of layout.lanes) {
    const p = writeZoneSummary(g, ctx, ctx.agg, lane.index);
    const n = [...layout.boxes.values()].filter((b) => b.lane === lane.index).length;
    let tasks = 0, running = 0;
    for (const [key, c] of ctx.agg.byLane.get(lane.index) ?? []) { tasks += c; if (Math.floor(key / 2) % 3 === 1) running += c; }
    const failedAz = ctx.snapshot.failedAzs.includes(lane.az);
    labels.add(`zone-${lane.az}`, failedAz ? `${lane.az} · impaired` : lane.az, p.x + 10 / zoom, p.y + 8 / zoom, { size: 13, color: failedAz ? theme.unhealthy : theme.text, bold: true });
    labels.add(`zone-n-${lane.az}`, `${plural(n, 'instance')} · ${plural(tasks, 'task')} (${running.toLocaleString('en-US')} running)`,
      p.x + 10 / zoom, p.y + 25 / zoom, { size: 11, color: theme.muted, room: p.w - 20 / zoom });
  }
}

function countPool(ctx: DrawContext, zone: number): number {
  let n = 0;
  for (const c of ctx.agg.byOwner.get(-1 - zone)?.values() ?? []) n += c;
  return n;
}

function writeBox(q: Graphics, labels: Labels, ctx: DrawContext, b: InstanceBox, inst: InstanceSnap, dx: number, dy: number): void {
  const { theme } = ctx;
  const x = b.x + dx, y = b.y + dy;
  const draining = inst.status === 'DRAINING';
  const gone = inst.status === 'DEREGISTERED';
  const alpha = gone ? 0.35 : inst.agentConnected ? 1 : 0.5;
  const selected = ctx.focus.instanceSlot === b.slot;
  const border = selected ? theme.selection : draining ? theme.draining : theme.boxBorder;
  box(q, ctx.zoom, x, y, b.w, b.h, 7, theme.box, alpha, border, selected || draining ? 2 : 1, 1);
  const barW = b.w - 2 * BOX_PAD;
  const cpuUsed = inst.cpuTotal > 0 ? 1 - inst.cpuFree / inst.cpuTotal : 0;
  const memUsed = inst.memTotal > 0 ? 1 - inst.memFree / inst.memTotal : 0;
  box(q, ctx.zoom, x + BOX_PAD, y + 22, barW, 4, 2, theme.laneBorder, alpha, 0, 0, 0);
  if (cpuUsed > 0) box(q, ctx.zoom, x + BOX_PAD, y + 22, barW * cpuUsed, 4, 2, theme.cpu, alpha, 0, 0, 0);
  box(q, ctx.zoom, x + BOX_PAD, y + 28, barW, 4, 2, theme.laneBorder, alpha, 0, 0, 0);
  if (memUsed > 0) box(q, ctx.zoom, x + BOX_PAD, y + 28, barW * memUsed, 4, 2, theme.mem, alpha, 0, 0, 0);
  const a = b.area;
  box(q, ctx.zoom, a.x + dx - 2, a.y + dy - 2, a.w + 4, a.h + 4, 4, theme.cell, 0.55 * alpha, 0, 0, 0);
  const title = `${inst.instanceType}${draining ? ' · DRAINING' : gone ? ' · gone' : !inst.agentConnected ? ' · agent off' : ''}`;
  // The container instance's short ID (as the placement explanation and the console name it) on
  // the right, the type or the state on the left; the CPU and memory figures are in the tooltip.
  const id = shortInstanceId(inst.id);
  const idShown = labels.add(`iid-${b.slot}`, id, x + b.w - BOX_PAD, y + 5, { roomH: 20, size: 10, color: theme.muted, align: 1, mono: true, room: b.w / 2 });
  const room = idShown ? b.w - 2 * BOX_PAD - 58 : b.w - 2 * BOX_PAD;
  labels.add(`it-${b.slot}`, [title, draining ? 'DRAINING' : inst.instanceType, draining ? 'DRAIN' : inst.instanceType.split('.')[0]!], x + BOX_PAD, y + 5, { roomH: 20, size: 11, color: draining ? theme.draining : theme.text, bold: true, room });
}

/** The first 8 characters of a container instance ID: what the console's lists and the canvas show. */
export function shortInstanceId(id: string): string {
  return id.slice(0, 8);
}

function serviceRate(ctx: DrawContext, tgName: string): { rps: number; service: string | null } {
  for (const svc of ctx.snapshot.services) {
    const w = svc.metrics.trafficWeights;
    if (!svc.loadBalancers.includes(tgName) && !(w && tgName in w)) continue;
    const share = w ? (w[tgName] ?? 0) / 100 : 1 / Math.max(1, svc.loadBalancers.length);
    return { rps: svc.metrics.requestsPerSecond * share, service: svc.serviceName };
  }
  return { rps: 0, service: null };
}

function writeCards(q: Graphics, labels: Labels, ctx: DrawContext): void {
  const { layout } = ctx;
  const c = layout.clients;
  if (c.w > 0) writeClients(q, labels, ctx);
  for (const lb of layout.loadBalancers) writeLoadBalancer(q, labels, ctx, lb);
  for (const card of layout.appRunners) {
    const a = (ctx.snapshot.appRunnerServices ?? []).find((x) => x.serviceName === card.name);
    if (a) writeAppRunner(q, labels, ctx, card, a);
  }
  for (const card of layout.namespaces) {
    const ns = (ctx.snapshot.namespaces ?? []).find((x) => x.name === card.name);
    if (ns) writeNamespace(q, labels, ctx, card, ns);
  }
}

function writeClients(q: Graphics, labels: Labels, ctx: DrawContext): void {
  const { layout, theme } = ctx;
  const c = layout.clients;
  box(q, ctx.zoom, c.x, c.y, c.w, c.h, 10, theme.card, 1, theme.cardBorder, 1, 1);
  for (let k = 0; k < 3; k++) box(q, ctx.zoom, c.x + 16 + k * 14, c.y + 14, 10, 10, 5, theme.muted, 1, 0, 0, 0);
  labels.add('clients', 'Clients', c.x + 14, c.y + 32, { roomH: 20, size: 12, color: theme.text, bold: true, room: c.w });
  const total = ctx.snapshot.services.reduce((n, x) => n + x.metrics.requestsPerSecond, 0)
    + (ctx.snapshot.appRunnerServices ?? []).reduce((n, a) => n + a.requestsPerSecond, 0);
  labels.add('clients-rps', fmtRate(total), c.x + 14, c.y + 50, { roomH: 18, size: 11, color: theme.muted, room: c.w });
}

function writeLoadBalancer(q: Graphics, labels: Labels, ctx: DrawContext, lb: LoadBalancerCard): void {
  const { theme } = ctx;
  const selected = ctx.focus.loadBalancer === lb.name;
  box(q, ctx.zoom, lb.x, lb.y, lb.w, lb.h, 10, theme.card, 1, selected ? theme.selection : theme.cardBorder, selected ? 2 : 1, 1);
  labels.add(`lb-${lb.name}`, [`Application Load Balancer · ${lb.name}`, `ALB · ${lb.name}`, lb.name], lb.x + 12, lb.y + 10, { roomH: 24, size: 12, color: theme.text, bold: true, room: lb.w - 20 });
  const snap = (ctx.snapshot.loadBalancers ?? []).find((x) => x.name === lb.name);
  const listeners = snap?.listeners ?? ['HTTP:80'];
  lb.listeners.forEach((r, i) => {
    box(q, ctx.zoom, r.x, r.y, r.w, r.h, 4, theme.box, 1, theme.boxBorder, 1, 1);
    labels.add(`lst-${lb.name}-${i}`, listeners[i] ?? '', r.x + r.w / 2, r.y + r.h / 2, { roomH: 20, size: 10, color: theme.text, align: 0.5, valign: 0.5, mono: true, room: r.w });
  });
  writeListenerWeights(q, labels, ctx, lb);
  for (const [name, r] of lb.targetGroups) {
    const { rps } = serviceRate(ctx, name);
    const color = targetGroupColor(targetGroupIndex(ctx, name));
    const sel = ctx.focus.targetGroupName === name;
    box(q, ctx.zoom, r.x, r.y, r.w, r.h, 5, theme.box, 1, sel ? theme.selection : color, sel ? 2.5 : 2, 1);
    box(q, ctx.zoom, r.x + 6, r.y + 5, 9, 9, 2, color, 1, 0, 0, 0);
    const counts = snap?.targetGroups.find((t) => t.targetGroupName === name);
    labels.add(`tg-${name}`, name, r.x + 19, r.y + 3, { roomH: 14, size: 11, color: theme.text, bold: true, room: r.w - 22 });
    const health = counts ? `${counts.healthy} healthy${counts.unhealthy ? ` · ${counts.unhealthy} unhealthy` : ''}${counts.draining ? ` · ${counts.draining} draining` : ''}` : '';
    labels.add(`tgh-${name}`, [`${health}${rps > 0 ? `  ${fmtRate(rps)}` : ''}`, health, counts ? `${counts.healthy} healthy` : ''], r.x + 8, r.y + 17, { roomH: 12, size: 10, color: theme.muted, room: r.w - 10 });
  }
}

/** A target group's place in the snapshot: its hue. */
export function targetGroupIndex(ctx: DrawContext, name: string): number {
  return ctx.snapshot.targetGroups.findIndex((t) => t.targetGroupName === name);
}

/**
 * Each target group's share of the listener's production traffic, in percent: the weights of the
 * service's listener rule (blue/green, linear, canary), or an even split over its target groups,
 * each service counted by its share of the requests.
 */
export function listenerWeights(s: DrawContext['snapshot'], targetGroups: readonly string[]): { targetGroup: string; percent: number }[] {
  const share = new Map(targetGroups.map((n) => [n, 0]));
  const services = s.services.filter((svc) => svc.loadBalancers.some((n) => share.has(n)) || Object.keys(svc.metrics.trafficWeights ?? {}).some((n) => share.has(n)));
  const total = services.reduce((n, svc) => n + svc.metrics.requestsPerSecond, 0);
  for (const svc of services) {
    const part = total > 0 ? svc.metrics.requestsPerSecond / total : 1 / services.length;
    const w = svc.metrics.trafficWeights;
    const mine = svc.loadBalancers.filter((n) => share.has(n));
    for (const n of share.keys()) {
      const weight = w && Object.keys(w).some((k) => share.has(k)) ? (w[n] ?? 0) / 100 : mine.includes(n) ? 1 / mine.length : 0;
      share.set(n, share.get(n)! + part * weight);
    }
  }
  return [...share].map(([targetGroup, f]) => ({ targetGroup, percent: Math.round(f * 100) }));
}

/** "web-blue 80 % | web-green 20 %", and the same as a bar in the target groups' hues. */
function writeListenerWeights(q: Graphics, labels: Labels, ctx: DrawContext, lb: LoadBalancerCard): void {
  const { theme, zoom } = ctx;
  const weights = listenerWeights(ctx.snapshot, [...lb.targetGroups.keys()]);
  const r = lb.weights;
  box(q, zoom, r.x, r.y, r.w, r.h, 3, theme.laneBorder, 0.6, 0, 0, 0);
  let x = r.x;
  for (const w of weights) {
    const width = (r.w * w.percent) / 100;
    box(q, zoom, x, r.y, width, r.h, 2, targetGroupColor(targetGroupIndex(ctx, w.targetGroup)), 1, 0, 0, 0);
    x += width;
  }
  const text = weights.map((w) => `${w.targetGroup} ${w.percent} %`).join(' | ');
  labels.add(`lbw-${lb.name}`, [`weights: ${text}`, text, weights.map((w) => `${w.percent} %`).join(' | ')], r.x, r.y - 18,
    { roomH: 18, size: 11, color: theme.text, room: r.w });
}

function writeAppRunner(q: Graphics, labels: Labels, ctx: DrawContext, card: Card, a: AppRunnerSnap): void {
  const { theme } = ctx;
  const selected = ctx.focus.appRunner === card.name;
  box(q, ctx.zoom, card.x, card.y, card.w, card.h, 10, theme.card, 1, selected ? theme.selection : theme.cardBorder, selected ? 2 : 1, 1);
  labels.add(`ar-${card.name}`, [`App Runner · ${card.name}`, card.name], card.x + 12, card.y + 10, { roomH: 24, size: 12, color: theme.text, bold: true, room: card.w - 20 });
  const color = ctx.colors.get(card.name);
  const cellW = 8, gap = 2, y = card.y + 44, x0 = card.x + 12;
  const instances = a.instances ?? 0;
  for (let k = 0; k < a.maxSize; k++) {
    const on = k < instances;
    box(q, ctx.zoom, x0 + k * (cellW + gap), y, cellW, 22, 2, on ? color : theme.box, on ? 1 : 1, on ? color : theme.boxBorder, 1, 1);
  }
  // The instance ceiling (MaxSize): a bar after the last cell that App Runner cannot scale past (§8).
  const cx = x0 + a.maxSize * (cellW + gap);
  box(q, ctx.zoom, cx, y - 6, 3, 34, 1, instances >= a.maxSize ? theme.unhealthy : theme.draining, 1, 0, 0, 0);
  labels.add(`arc-${card.name}`, `max ${a.maxSize}`, cx - 2, y - 18, { roomH: 14, size: 9, color: theme.muted, align: 1 });
  const live = a.instances === null ? 'live figures not modelled yet'
    : `${plural(a.instances, 'instance')} · ${fmtRate(a.requestsPerSecond)}${a.rejectedRequestsPerSecond ? ` · ${fmtRate(a.rejectedRequestsPerSecond)} rejected` : ''}`;
  labels.add(`ars-${card.name}`, live, card.x + 12, card.y + 74, { roomH: 14, size: 10, color: a.rejectedRequestsPerSecond ? theme.unhealthy : theme.muted, room: card.w - 20 });
  labels.add(`arm-${card.name}`, `MaxConcurrency ${a.maxConcurrency} per instance`, card.x + 12, card.y + 88, { roomH: 12, size: 9, color: theme.muted, room: card.w - 20 });
}

function writeNamespace(q: Graphics, labels: Labels, ctx: DrawContext, card: Card, ns: NamespaceSnap): void {
  const { theme } = ctx;
  const selected = ctx.focus.namespace === card.name;
  box(q, ctx.zoom, card.x, card.y, card.w, card.h, 10, theme.card, 1, selected ? theme.selection : theme.cardBorder, selected ? 2 : 1, 1);
  labels.add(`ns-${card.name}`, [`Cloud Map · ${card.name}`, card.name], card.x + 12, card.y + 10, { roomH: 22, size: 12, color: theme.text, bold: true, room: card.w - 20 });
  labels.add(`nst-${card.name}`, ns.type === 'HTTP' ? 'HTTP namespace (API discovery)' : 'private DNS namespace', card.x + 12, card.y + 26, { roomH: 14, size: 9, color: theme.muted, room: card.w - 20 });
  ns.services.forEach((svc, k) => {
    const y = card.y + 42 + k * 34;
    const color = ctx.colors.get(svc.name);
    const healthy = svc.endpoints.filter((e) => e.healthy).length;
    labels.add(`nss-${card.name}-${svc.name}`, `${svc.name} · ${healthy}/${svc.endpoints.length} healthy`, card.x + 12, y, { roomH: 14, size: 10, color: theme.text, room: card.w - 20 });
    const room = card.w - 24;
    const n = svc.endpoints.length;
    const pitch = n ? Math.max(2, Math.min(10, Math.floor(room / n))) : 10;
    const perRow = Math.floor(room / pitch);
    svc.endpoints.slice(0, perRow * 2).forEach((e, i) => {
      const ex = card.x + 12 + (i % perRow) * pitch, ey = y + 14 + Math.floor(i / perRow) * pitch;
      const size = Math.max(1.5, pitch - 2);
      box(q, ctx.zoom, ex, ey, size, size, size / 2, e.healthy ? color : shade(color, 0.6), e.healthy ? 1 : 0, color, e.healthy ? 0 : 1, 1);
    });
  });
  // Service Connect endpoints: the service behind each, and how many client proxies know it (§9.2).
  (ns.serviceConnect ?? []).forEach((sc, k) => {
    const y = card.y + 42 + ns.services.length * 34 + k * SERVICE_CONNECT_ROW;
    const color = ctx.colors.get(sc.service);
    box(q, ctx.zoom, card.x + 12, y + 3, 8, 8, 2, color, 1, 0, 0, 1);
    labels.add(`nsc-${card.name}-${sc.endpoint}`, `Service Connect ${sc.endpoint} → ${sc.service} · ${sc.healthy} healthy`,
      card.x + 24, y, { roomH: 14, size: 10, color: theme.text, room: card.w - 34 });
    const stale = sc.knownBy < sc.proxies;
    const known = sc.proxies === 0 ? 'no client proxies yet'
      : `known to ${sc.knownBy} of ${sc.proxies} client prox${sc.proxies === 1 ? 'y' : 'ies'}${stale ? ': redeploy the clients' : ''}`;
    labels.add(`nsk-${card.name}-${sc.endpoint}`, known, card.x + 24, y + 14, { roomH: 12, size: 9, color: stale ? theme.unhealthy : theme.muted, room: card.w - 34 });
  });
}
