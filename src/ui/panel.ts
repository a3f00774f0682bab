/**
 * The DOM side of the live view: a status line (an accessible live summary of what the canvas
 * shows), per-service counts, the event feed in the ECS console's voice, and tables of tasks and
 * container instances (every fact on the canvas, in text). Rows and cards open the inspector.
 */
import type { Snapshot } from '../sim/snapshot';
import type { SimEvent } from '../sim/events';
import type { Selection } from '../state/stores';
import { clock } from '../sim/timeline';
import { feedText, type FeedEvent } from '../app/log';
import { STATE_NAMES, TaskStateCode } from '../core/states';
import { countFrame } from '../sim/frame-flags';

/** The tables show at most this many rows; past it their caption says how many there are. */
export const TABLE_ROWS = 200;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** Tasks not yet stopped: how many, by lastStatus, placed on an instance, and per instance slot. */
export interface LiveCounts { live: number; byStatus: Map<string, number>; placed: number; perInstance: Map<number, number> }

/**
 * Counts the tasks not yet stopped: from the task objects when the snapshot has all of them, else
 * from the canvas's per-task frame, which always covers every task (a large cluster's snapshot
 * carries only the first few hundred objects, `taskObjects`).
 */
export function liveCounts(s: Snapshot): LiveCounts {
  const c: LiveCounts = { live: 0, byStatus: new Map(), placed: 0, perInstance: new Map() };
  const add = (status: string, instance: number) => {
    c.live++;
    c.byStatus.set(status, (c.byStatus.get(status) ?? 0) + 1);
    if (instance >= 0) { c.placed++; c.perInstance.set(instance, (c.perInstance.get(instance) ?? 0) + 1); }
  };
  if (s.taskObjects === false && s.frame) {
    const { byState, placed } = countFrame(s.frame, c.perInstance);
    c.placed = placed;
    byState.forEach((n, st) => { if (n && st !== TaskStateCode.STOPPED) { c.byStatus.set(STATE_NAMES[st]!, n); c.live += n; } });
  } else {
    for (const t of s.tasks) if (t.lastStatus !== 'STOPPED') add(t.lastStatus, t.instanceSlot);
  }
  return c;
}

/** One sentence with the facts the canvas shows, for screen readers and tests (no clock: it is announced). */
export function statusLine(s: Snapshot, c: LiveCounts = liveCounts(s)): string {
  const count = (st: string) => c.byStatus.get(st) ?? 0;
  const placed = c.placed;
  const fargate = c.live - placed;
  const instances = s.instances.filter((i) => i.status !== 'DEREGISTERED').length;
  const draining = s.instances.filter((i) => i.status === 'DRAINING').length;
  const starting = count('PROVISIONING') + count('PENDING') + count('ACTIVATING');
  const stopping = count('DEACTIVATING') + count('STOPPING') + count('DEPROVISIONING');
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(c.live)} tasks, ${n(count('RUNNING'))} RUNNING, ${n(starting)} starting${stopping ? `, ${n(stopping)} stopping` : ''}; `
    + `${n(placed)} placed on ${n(instances)} container instances across ${s.availabilityZones.length} Availability Zones`];
  if (fargate) parts.push(`${n(fargate)} on Fargate`);
  if (draining) parts.push(`${draining} instance${draining === 1 ? '' : 's'} DRAINING`);
  if (s.failedAzs.length) parts.push(`impaired: ${s.failedAzs.join(', ')}`);
  return `${parts.join('; ')}.`;
}

/** The Events tab shows service events; deployments appear on the cards and in the inspector. */
const FEED_TYPES = new Set(['ServiceEvent', 'ScalingActivity', 'TrafficShift', 'ActionResult']);

/** Why every request fails while a service has no healthy task (a fresh cluster starting up). */
function noTargetYet(m: { healthyCount: number; errorRate: number; desiredCount: number }): string {
  return m.healthyCount === 0 && m.errorRate > 0 && m.desiredCount > 0
    ? ': no task is healthy yet, so the load balancer has no target to send requests to (ECS is starting them)' : '';
}

export class Panel {
  private status = document.getElementById('status')!;
  private services = document.getElementById('services')!;
  private events = document.getElementById('events')!;
  private tbody = document.querySelector('#task-table tbody')!;
  private ibody = document.querySelector('#instance-table tbody')!;
  private taskCaption = document.querySelector('#task-table caption')!;
  private instanceCaption = document.querySelector('#instance-table caption')!;
  private cost = document.getElementById('cost')!;
  private targetGroups = document.getElementById('target-groups')!;
  private lastTargets = '';
  private lastServices = '';
  private lastEvent: SimEvent | null = null;
  private lastStatus = '';
  private lastTasks = '';
  private lastInstances = '';

  constructor(private onSelect: (s: Selection) => void) {
    // One listener per container: rows and cards are rebuilt as the cluster changes.
    for (const host of [this.services, this.tbody, this.ibody, this.targetGroups]) {
      host.addEventListener('click', (e) => {
        const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-kind]');
        if (b) this.onSelect({ kind: b.dataset.kind as Selection['kind'], id: b.dataset.id! });
      });
    }
  }

  update(s: Snapshot, recent: SimEvent[]): void {
    const counts = liveCounts(s);
    const line = statusLine(s, counts);
    if (line !== this.lastStatus) { this.lastStatus = line; this.status.textContent = line; }
    this.cost.textContent = `Cost: $${s.costUsdPerHour.toFixed(3)} per hour, $${s.costUsd.toFixed(4)} so far (us-east-1 prices; Spot prices are modelled).`;
    this.renderServices(s);
    this.renderEvents(recent);
    this.renderTable(s, counts);
    this.renderInstances(s, counts);
    this.renderTargetGroups(s);
  }

  /** Forgets what was drawn (after a rewind the same event objects may not come back). */
  reset(): void { this.lastEvent = null; this.lastTasks = ''; this.lastInstances = ''; this.lastTargets = ''; this.lastServices = ''; }

  private selectButton(kind: Selection['kind'], id: string, text: string, label: string): HTMLButtonElement {
    const b = el('button', text, 'linkish');
    b.type = 'button';
    b.dataset.kind = kind;
    b.dataset.id = id;
    b.setAttribute('aria-label', label);
    return b;
  }

  private renderServices(s: Snapshot): void {
    // Rebuilt only when something shown changed, so a click on a card is never lost to a redraw.
    const key = JSON.stringify(s.services.map((svc) => [svc.serviceName, svc.status, svc.launchType, svc.schedulingStrategy, svc.metrics.desiredCount,
      svc.metrics.runningCount, svc.metrics.pendingCount, svc.metrics.healthyCount, svc.metrics.requestsPerSecond, svc.metrics.cpuUtilization,
      svc.metrics.p50LatencyMs, svc.metrics.errorRate, svc.metrics.trafficWeights ?? null, svc.deployments]));
    if (key === this.lastServices) return;
    this.lastServices = key;
    const frag = document.createDocumentFragment();
    for (const svc of s.services) {
      const m = svc.metrics;
      const card = el('div', undefined, 'svc');
      card.dataset.service = svc.serviceName;
      const head = el('div', undefined, 'svc-head');
      head.append(this.selectButton('service', svc.serviceName, svc.serviceName, `Inspect service ${svc.serviceName}`),
        el('span', ` ${svc.launchType} · ${svc.schedulingStrategy}${svc.status !== 'ACTIVE' ? ` · ${svc.status}` : ''}`, 'muted'));
      // Built by ECS Express Mode (§13): the console shows the same badge.
      if (s.expressServices?.some((e) => e.serviceName === svc.serviceName)) head.append(' ', el('span', 'Express', 'express-badge'));
      card.append(head);
      const dl = el('dl', undefined, 'counts');
      for (const [k, v] of [['desired', m.desiredCount], ['running', m.runningCount], ['pending', m.pendingCount], ['healthy', m.healthyCount]] as const) {
        const d = el('div');
        d.append(el('dt', k), el('dd', String(v)));
        dl.append(d);
      }
      card.append(dl);
      if (m.requestsPerSecond > 0 || m.cpuUtilization > 0) {
        card.append(el('p', `${m.requestsPerSecond} req/s · CPU ${m.cpuUtilization}% · p50 ${m.p50LatencyMs} ms · errors ${(m.errorRate * 100).toFixed(1)}%${noTargetYet(m)}`, 'muted small'));
      }
      if (m.trafficWeights) {
        card.append(el('p', `traffic: ${Object.entries(m.trafficWeights).map(([k, v]) => `${k} ${v}%`).join(', ')}`, 'muted small'));
      }
      for (const d of svc.deployments.filter((x) => x.status !== 'INACTIVE')) {
        card.append(el('p', `${d.status === 'PRIMARY' ? 'primary' : 'active'} ${d.taskDefinition} · ${d.rolloutState.toLowerCase().replace('_', ' ')}`, 'muted small'));
      }
      frag.append(card);
    }
    if (!s.services.length) frag.append(el('p', 'No services yet. Create one in the Console tab.', 'muted'));
    this.services.replaceChildren(frag);
  }

  private renderEvents(recent: SimEvent[]): void {
    const newest = recent[recent.length - 1] ?? null;
    if (newest === this.lastEvent && this.events.childElementCount) return;
    this.lastEvent = newest;
    const frag = document.createDocumentFragment();
    for (const e of recent.slice().reverse()) {
      if (!FEED_TYPES.has(e.type)) continue;
      const li = el('li');
      li.append(el('time', clock(e.t)), document.createTextNode(` ${feedText(e as FeedEvent)}`));
      frag.append(li);
    }
    this.events.replaceChildren(frag);
  }

  private renderTable(s: Snapshot, counts: LiveCounts): void {
    const inst = new Map(s.instances.map((i) => [i.slot, i]));
    const live = s.tasks.filter((t) => t.lastStatus !== 'STOPPED').slice(0, TABLE_ROWS);
    const key = `${counts.live}#${live.map((t) => `${t.taskId}${t.lastStatus}${t.desiredStatus}${t.healthy ? 1 : 0}`).join('|')}`;
    if (key === this.lastTasks) return;
    this.lastTasks = key;
    this.taskCaption.textContent = live.length < counts.live
      ? `Tasks not yet stopped: the first ${live.length} of ${counts.live.toLocaleString('en-US')} (select any task on the canvas to inspect it)`
      : 'Tasks not yet stopped';
    const frag = document.createDocumentFragment();
    for (const t of live) {
      const tr = el('tr');
      tr.dataset.status = t.lastStatus;
      tr.dataset.taskId = t.taskId;
      const first = el('td');
      first.append(this.selectButton('task', t.taskId, t.taskId.slice(0, 12), `Inspect task ${t.taskId.slice(0, 12)}`));
      tr.append(first);
      const health = t.desiredStatus === 'STOPPED' ? `stopping (${t.stopCode ?? ''})` : t.healthy ? 'healthy' : t.healthStatus.toLowerCase();
      for (const v of [t.service ?? '(standalone)', t.taskDefinition, t.lastStatus, t.availabilityZone, t.instanceSlot >= 0 ? inst.get(t.instanceSlot)!.id.slice(0, 12) : 'Fargate', health]) {
        tr.append(el('td', v));
      }
      frag.append(tr);
    }
    this.tbody.replaceChildren(frag);
  }

  /** Each target group's targets by health state (the canvas draws them as a band). */
  private renderTargetGroups(s: Snapshot): void {
    const lines = s.targetGroups.map((tg) => {
      const by = new Map<string, number>(Object.entries(tg.counts ?? {}));
      if (!tg.counts) for (const t of tg.targets) by.set(t.state, (by.get(t.state) ?? 0) + 1);
      const parts = ['healthy', 'initial', 'unhealthy', 'draining', 'unused'].filter((k) => by.get(k)).map((k) => `${by.get(k)} ${k}`);
      return { name: tg.targetGroupName, text: ` (${tg.loadBalancerName}): ${parts.join(', ') || 'no targets'}` };
    });
    const key = JSON.stringify(lines);
    if (key === this.lastTargets) return;
    this.lastTargets = key;
    if (!lines.length) { this.targetGroups.replaceChildren(); return; }
    const ul = el('ul', undefined, 'target-groups');
    ul.setAttribute('aria-label', 'Target groups');
    for (const l of lines) {
      const li = el('li');
      li.append(this.selectButton('targetGroup', l.name, l.name, `Inspect target group ${l.name}`), el('span', l.text, 'muted'));
      ul.append(li);
    }
    this.targetGroups.replaceChildren(el('h2', 'Target groups'), ul);
  }

  private renderInstances(s: Snapshot, counts: LiveCounts): void {
    const running = counts.perInstance;
    const registered = s.instances.filter((i) => i.status !== 'DEREGISTERED');
    const rows = registered.slice(0, TABLE_ROWS);
    this.instanceCaption.textContent = rows.length < registered.length
      ? `Registered container instances: the first ${rows.length} of ${registered.length.toLocaleString('en-US')}`
      : 'Registered container instances';
    const key = rows.map((i) => `${i.id}${i.status}${i.agentConnected}${i.cpuFree}${i.memFree}${running.get(i.slot) ?? 0}`).join('|');
    if (key === this.lastInstances) return;
    this.lastInstances = key;
    const frag = document.createDocumentFragment();
    for (const i of rows) {
      const tr = el('tr');
      tr.dataset.status = i.status;
      const first = el('td');
      first.append(this.selectButton('instance', i.id, i.id.slice(0, 12), `Inspect container instance ${i.id.slice(0, 12)}`));
      tr.append(first);
      for (const v of [i.instanceType, i.availabilityZone, i.agentConnected ? i.status : `${i.status} (agent disconnected)`,
        `${i.cpuFree} / ${i.cpuTotal}`, `${i.memFree} / ${i.memTotal}`, String(running.get(i.slot) ?? 0)]) tr.append(el('td', v));
      frag.append(tr);
    }
    this.ibody.replaceChildren(frag);
  }
}
