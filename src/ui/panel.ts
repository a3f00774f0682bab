/**
 * The DOM side of the live view: a status line (an accessible live summary of what the canvas
 * shows), per-service counts, the event feed in the ECS console's voice, and a table of tasks.
 */
import type { Snapshot } from '../sim/snapshot';
import type { SimEvent } from '../sim/events';
import { clock } from '../sim/timeline';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** One sentence with the facts the canvas shows, for screen readers and tests. */
export function statusLine(s: Snapshot): string {
  const live = s.tasks.filter((t) => t.lastStatus !== 'STOPPED');
  const count = (st: string) => live.filter((t) => t.lastStatus === st).length;
  const placed = live.filter((t) => t.instanceSlot >= 0).length;
  const instances = s.instances.filter((i) => i.status !== 'DEREGISTERED').length;
  const starting = count('PROVISIONING') + count('PENDING') + count('ACTIVATING');
  return `At ${clock(s.t)}: ${live.length} tasks, ${count('RUNNING')} RUNNING, ${starting} starting; `
    + `${placed} placed on ${instances} container instances across ${s.availabilityZones.length} Availability Zones.`;
}

export class Panel {
  private status = document.getElementById('status')!;
  private services = document.getElementById('services')!;
  private events = document.getElementById('events')!;
  private tbody = document.querySelector('#task-table tbody')!;
  private clockEl = document.getElementById('clock')!;
  private where = document.getElementById('where')!;
  private lastEvent: SimEvent | null = null;

  update(s: Snapshot, recent: SimEvent[]): void {
    this.clockEl.textContent = clock(s.t);
    this.where.textContent = `${s.region} · ${s.clusterName}`;
    this.status.textContent = statusLine(s);
    this.renderServices(s);
    this.renderEvents(recent);
    this.renderTable(s);
  }

  private renderServices(s: Snapshot): void {
    const frag = document.createDocumentFragment();
    for (const svc of s.services) {
      const m = svc.metrics;
      const card = el('div', undefined, 'svc');
      card.dataset.service = svc.serviceName;
      card.append(el('strong', svc.serviceName), el('span', ` ${svc.launchType} · ${svc.schedulingStrategy}`, 'muted'));
      const dl = el('dl', undefined, 'counts');
      for (const [k, v] of [['desired', m.desiredCount], ['running', m.runningCount], ['pending', m.pendingCount], ['healthy', m.healthyCount]] as const) {
        const d = el('div');
        d.append(el('dt', k), el('dd', String(v)));
        dl.append(d);
      }
      card.append(dl);
      const primary = svc.deployments[0];
      if (primary) card.append(el('p', `${primary.taskDefinition} · ${primary.rolloutState.toLowerCase().replace('_', ' ')}`, 'muted small'));
      frag.append(card);
    }
    this.services.replaceChildren(frag);
  }

  private renderEvents(recent: SimEvent[]): void {
    const newest = recent[recent.length - 1] ?? null;
    if (newest === this.lastEvent) return;
    this.lastEvent = newest;
    const frag = document.createDocumentFragment();
    for (const e of recent.slice().reverse()) {
      let text: string | null = null;
      if (e.type === 'ServiceEvent') text = e.message;
      else if (e.type === 'DeploymentStateChange') text = `${e.service}: ${e.eventName.replace('SERVICE_DEPLOYMENT_', 'deployment ').toLowerCase()} (${e.taskDefinition})`;
      if (!text) continue;
      const li = el('li');
      li.append(el('time', clock(e.t)), document.createTextNode(` ${text}`));
      frag.append(li);
    }
    this.events.replaceChildren(frag);
  }

  private renderTable(s: Snapshot): void {
    const frag = document.createDocumentFragment();
    const inst = new Map(s.instances.map((i) => [i.slot, i]));
    for (const t of s.tasks) {
      if (t.lastStatus === 'STOPPED') continue;
      const tr = el('tr');
      tr.dataset.status = t.lastStatus;
      for (const v of [t.taskId.slice(0, 12), t.service ?? '(standalone)', t.taskDefinition, t.lastStatus, t.availabilityZone, t.instanceSlot >= 0 ? inst.get(t.instanceSlot)!.id.slice(0, 12) : 'Fargate']) {
        tr.append(el('td', v));
      }
      frag.append(tr);
    }
    this.tbody.replaceChildren(frag);
  }
}
