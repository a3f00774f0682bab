/**
 * The inspector: the selected task, service or container instance as the real API describes it
 * (DescribeTasks, DescribeServices, DescribeContainerInstances), its state history, and for a
 * task the placement explanation, candidate by candidate; a target group, load balancer, App
 * Runner service or Cloud Map namespace (clicked on the canvas) as ELBv2, App Runner and Cloud
 * Map describe them.
 */
import type { Session } from '../app/session';
import type { Selection } from '../state/stores';
import { clock } from '../sim/timeline';
import { describeAppRunnerService, describeContainerInstance, describeLoadBalancer, describeNamespace, describeService, describeTargetHealth, describeTask, explainPlacement, type ApiView } from '../app/describe';
import { describeExpressLoadBalancer, describeExpressViews } from '../app/describe-express';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** What the canvas's cards open: each kind's name in messages, and its API views. */
const CARD_VIEWS = {
  loadBalancer: { noun: 'load balancer', describe: (sim: Parameters<typeof describeLoadBalancer>[0], name: string) => describeExpressLoadBalancer(sim, name) ?? describeLoadBalancer(sim, name) },
  appRunner: { noun: 'App Runner service', describe: describeAppRunnerService },
  namespace: { noun: 'Cloud Map namespace', describe: describeNamespace },
} as const;

export class Inspector {
  private lastKey = '';
  private selKey = '';
  private body: HTMLElement = document.createElement('div');
  private parts = new Map<string, { key: string; element: HTMLElement }>();

  constructor(private host: HTMLElement, private onClear: () => void) {}

  /** Redraws for the selection at the session's current second. */
  update(sel: Selection | null, session: Session | null): void {
    if (!sel || !session) {
      const key = 'empty';
      if (key === this.lastKey) return;
      this.lastKey = key;
      this.selKey = '';
      this.host.replaceChildren(el('p', 'Select a task, service, container instance or target group (in the tables, on the service cards, or on the canvas), or a load balancer, App Runner service or Cloud Map namespace on the canvas, to see it as the AWS API describes it.', 'muted'));
      return;
    }
    const key = `${sel.kind}:${sel.id}:${sel.side ?? 'A'}:${session.t}:${session.generation}:${session.log.version}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    // The heading and its button stay put while the object changes (a click is never lost to a
    // redraw); each part below is replaced only when its content changed (a scrolled JSON view
    // keeps its place).
    const selKey = `${sel.kind}:${sel.id}:${sel.side ?? 'A'}`;
    if (selKey !== this.selKey) {
      this.selKey = selKey;
      this.parts.clear();
      const head = el('div', undefined, 'inspect-head');
      const kind = { task: 'Task', service: 'Service', instance: 'Container instance', targetGroup: 'Target group', loadBalancer: 'Load balancer', appRunner: 'App Runner service', namespace: 'Cloud Map namespace' }[sel.kind];
      const short = sel.kind === 'task' || sel.kind === 'instance' ? sel.id.slice(0, 12) : sel.id;
      head.append(el('h2', `${kind} ${short}${sel.side === 'B' ? ' (B)' : ''}`, 'inspect-title'));
      const clear = el('button', 'Clear selection');
      clear.type = 'button';
      clear.addEventListener('click', this.onClear);
      head.append(clear);
      this.body = el('div');
      this.host.replaceChildren(head, this.body, el('p', 'Times are simulated seconds since the scenario started; the real API returns timestamps.', 'muted small'));
    }
    const parts: [string, unknown, () => HTMLElement][] = [];
    const sim = session.sim;
    const missing = (text: string) => parts.push(['missing', text, () => el('p', text, 'muted')]);
    if (sel.kind === 'task') {
      const t = sim.tasks.find((x) => x.taskId === sel.id);
      if (!t) missing(`No such task at ${clock(sim.t)}: it does not exist yet at this second, or it stopped over an hour ago and expired.`);
      else {
        const body = { tasks: [describeTask(sim, t, session.log)], failures: [] };
        const history = session.log.taskHistory.get(t.taskId) ?? [];
        const placement = explainPlacement(sim, t, session.log.placements.get(t.taskId));
        parts.push(['describe', body, () => this.section('DescribeTasks', body)]);
        parts.push(['history', history, () => this.history(history)]);
        parts.push(['placement', placement, () => this.placement(placement)]);
      }
    } else if (sel.kind === 'service') {
      const svc = sim.services.get(sel.id);
      if (!svc || svc.status === 'INACTIVE') missing(`No active service named ${sel.id} at ${clock(sim.t)}.`);
      else {
        // An Express service first as Express describes it, then as the ordinary service it is (§13).
        const express = describeExpressViews(sim, svc.serviceName) ?? [];
        express.forEach((v, i) => parts.push([`describe-express-${i}`, v.body, () => this.section(v.api, v.body, v.model)]));
        const body = { services: [describeService(sim, svc, session.log)], failures: [] };
        parts.push(['describe', body, () => this.section('DescribeServices', body)]);
      }
    } else if (sel.kind === 'targetGroup') {
      const health = describeTargetHealth(sim, sel.id);
      if (!health) missing(`No target group named ${sel.id}.`);
      else parts.push(['describe', health, () => this.section('DescribeTargetHealth', health)]);
    } else if (sel.kind === 'loadBalancer' || sel.kind === 'appRunner' || sel.kind === 'namespace') {
      const card = CARD_VIEWS[sel.kind];
      const views: ApiView[] | null = card.describe(sim, sel.id);
      if (!views) missing(`No ${card.noun} named ${sel.id}.`);
      else views.forEach((v, i) => parts.push([i === 0 ? 'describe' : `describe-${i}`, v.body, () => this.section(v.api, v.body, v.model)]));
    } else {
      const inst = sim.instances.find((i) => i.id === sel.id);
      if (!inst) missing(`No such container instance at ${clock(sim.t)}.`);
      else {
        const body = { containerInstances: [describeContainerInstance(sim, inst)], failures: [] };
        parts.push(['describe', body, () => this.section('DescribeContainerInstances', body)]);
      }
    }
    const names = parts.map((p) => p[0]).join(',');
    if (names !== [...this.parts.keys()].join(',')) {
      this.parts.clear();
      this.body.replaceChildren();
    }
    for (const [name, content, build] of parts) {
      const k = JSON.stringify(content);
      const had = this.parts.get(name);
      if (had?.key === k) continue;
      const pre = had?.element.querySelector('pre');
      if (had && pre && name.startsWith('describe')) {
        // Same object, new figures: update the text in place, keeping the scroll position.
        pre.textContent = JSON.stringify(content, null, 2);
        this.parts.set(name, { key: k, element: had.element });
        continue;
      }
      const element = build();
      if (had) had.element.replaceWith(element); else this.body.append(element);
      this.parts.set(name, { key: k, element });
    }
  }

  private section(api: string, body: unknown, model = false): HTMLElement {
    const title = model ? api : `${api} response`;
    const s = el('section', undefined, 'inspect-section');
    s.setAttribute('aria-label', title);
    s.append(el('h3', title));
    const pre = el('pre', JSON.stringify(body, null, 2), 'json');
    pre.tabIndex = 0;
    pre.setAttribute('aria-label', `${title} JSON`);
    s.append(pre);
    return s;
  }

  private history(steps: { t: number; lastStatus: string; desiredStatus: string; stoppedReason: string | null }[]): HTMLElement {
    const s = el('section', undefined, 'inspect-section');
    s.append(el('h3', 'State history'));
    const ol = el('ol', undefined, 'history');
    ol.id = 'task-history';
    for (const h of steps) {
      const li = el('li');
      li.dataset.status = h.lastStatus;
      li.append(el('time', clock(h.t)), ` ${h.lastStatus}`, el('span', ` (desired ${h.desiredStatus})`, 'muted'));
      if (h.lastStatus === 'STOPPED' && h.stoppedReason) li.append(el('span', ` ${h.stoppedReason}`, 'muted'));
      ol.append(li);
    }
    if (!steps.length) ol.append(el('li', 'No state changes recorded yet.', 'muted'));
    s.append(ol);
    return s;
  }

  private placement(p: ReturnType<typeof explainPlacement>): HTMLElement {
    const s = el('section', undefined, 'inspect-section');
    s.id = 'placement-explanation';
    s.append(el('h3', 'Placement'));
    s.append(el('p', p.summary));
    if (p.candidates.length) {
      const table = el('table', undefined, 'table');
      table.append(el('caption', `Candidates, strategy: ${p.strategy.join(' → ')}`));
      const head = el('thead');
      const tr = el('tr');
      for (const h of ['Instance', 'Zone', 'Outcome', 'Why']) { const th = el('th', h); th.scope = 'col'; tr.append(th); }
      head.append(tr);
      const body = el('tbody');
      for (const c of p.candidates) {
        const row = el('tr');
        row.dataset.outcome = c.outcome;
        for (const v of [c.instance, c.availabilityZone, c.outcome, c.reason]) row.append(el('td', v));
        body.append(row);
      }
      table.append(head, body);
      s.append(table);
    }
    if (p.omitted) s.append(el('p', `${p.omitted} more instances were considered; large clusters keep a summary only: ${Object.entries(p.filtered).map(([k, v]) => `${v} ${k}`).join(', ')}.`, 'muted small'));
    return s;
  }
}
