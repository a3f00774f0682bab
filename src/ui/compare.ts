/**
 * Compare mode: a second configuration beside the first on the same traffic and the same clock
 * (rolling vs canary, EC2 vs Fargate, or any edit of the scenario), and a table of the numbers
 * that differ: counts, latency, errors, cost.
 */
import type { App } from '../app/app';
import type { Snapshot } from '../sim/snapshot';
import { VARIANTS, withTrafficOf } from '../app/variants';
import { CATALOG } from '../app/scenarios';
import { openScenarioObject } from '../app/share/document';
import { showValue } from '../sim/scenario/parse';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

export class CompareView {
  private drawer = document.getElementById('compare-setup')!;
  private toggle = document.getElementById('compare-toggle') as HTMLButtonElement;
  private table = document.getElementById('compare-table')!;
  private source: HTMLSelectElement;
  private json: HTMLTextAreaElement;
  private sameTraffic: HTMLInputElement;
  private error: HTMLElement;
  private stopButton: HTMLButtonElement;
  private lastKey = '';

  constructor(private app: App) {
    const d = this.drawer;
    const h = el('h2', 'Compare two configurations');
    h.id = 'compare-title';
    d.append(h, el('p', 'B runs beside A on one clock: play, step, rewind and share move both. Console actions go to both unless you choose otherwise.', 'muted small'));
    const row = el('div', undefined, 'field');
    this.source = el('select');
    this.source.id = 'compare-source';
    for (const v of VARIANTS) this.source.append(Object.assign(el('option', v.label), { value: `variant:${v.id}` }));
    for (const c of CATALOG) this.source.append(Object.assign(el('option', `Scenario: ${c.name}`), { value: `scenario:${c.id}` }));
    row.append(Object.assign(el('label', 'B starts from'), { htmlFor: this.source.id }), this.source);
    const jrow = el('div', undefined, 'field');
    this.json = el('textarea', undefined, 'code');
    this.json.id = 'compare-json';
    this.json.rows = 10;
    this.json.spellcheck = false;
    jrow.append(Object.assign(el('label', 'Scenario B (JSON)'), { htmlFor: this.json.id }), this.json);
    this.error = el('p', undefined, 'field-error');
    this.error.id = 'compare-error';
    this.error.hidden = true;
    jrow.append(this.error);
    const trow = el('div', undefined, 'field field-checkbox');
    this.sameTraffic = Object.assign(el('input'), { type: 'checkbox', id: 'compare-same-traffic', checked: true });
    trow.append(this.sameTraffic, Object.assign(el('label', "Offer B the same traffic as A (A's traffic and SetTraffic actions)"), { htmlFor: this.sameTraffic.id }));
    const actions = el('div', undefined, 'inline-row');
    const start = Object.assign(el('button', 'Start comparing', 'primary'), { type: 'button', id: 'compare-start' });
    this.stopButton = Object.assign(el('button', 'Stop comparing'), { type: 'button', id: 'compare-stop', disabled: true });
    actions.append(start, this.stopButton);
    d.append(row, jrow, trow, actions);
    this.source.addEventListener('change', () => this.fill());
    start.addEventListener('click', () => this.start());
    this.stopButton.addEventListener('click', () => this.stop());
    this.toggle.addEventListener('click', () => this.open(this.drawer.hidden !== false));
  }

  open(show: boolean): void {
    this.drawer.hidden = !show;
    this.toggle.setAttribute('aria-expanded', String(show));
    if (show) { if (!this.json.value.trim()) this.fill(); this.source.focus(); }
  }

  /** Fills the JSON editor from the chosen variant of A, or a catalogue scenario. */
  private fill(): void {
    const a = this.app.session;
    if (!a) return;
    const [kind, id] = this.source.value.split(':');
    let doc: unknown;
    if (kind === 'variant') {
      const v = VARIANTS.find((x) => x.id === id)!;
      doc = v.apply(a.document());
    } else doc = CATALOG.find((c) => c.id === id)?.doc;
    this.json.value = JSON.stringify(doc, null, 2);
    this.error.hidden = true;
  }

  private showError(text: string): void {
    this.error.textContent = text;
    this.error.hidden = false;
    this.json.setAttribute('aria-invalid', 'true');
    this.json.setAttribute('aria-describedby', this.error.id);
    this.json.focus();
  }

  start(): void {
    const a = this.app.session;
    if (!a) return;
    let doc: unknown;
    try {
      doc = JSON.parse(this.json.value);
    } catch (e) {
      this.showError(`Scenario B is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
      return;
    }
    if (this.sameTraffic.checked && doc && typeof doc === 'object' && !Array.isArray(doc)) doc = withTrafficOf(doc as Record<string, unknown>, a.document());
    const opened = openScenarioObject(doc, 'Scenario B cannot be opened');
    if (!opened.ok) {
      const p = opened.problem;
      this.showError(`${p.message}${p.field ? ` Field ${p.field}, value ${p.value}; accepted: ${p.accepted}.` : ''}`);
      return;
    }
    const name = opened.scenario.name ?? 'B';
    const err = this.app.startCompare(opened.scenario, opened.source, name);
    if (err) { this.showError(`${err.message} Field ${err.field}, value ${showValue(err.value)}; accepted: ${err.accepted}.`); return; }
    this.error.hidden = true;
    this.json.removeAttribute('aria-invalid');
    this.stopButton.disabled = false;
    this.open(false);
    this.app.stores.ui.getState().say(`Comparing with ${name}: B runs beside A on the same clock.`);
  }

  stop(): void {
    this.app.stopCompare();
    this.stopButton.disabled = true;
    this.app.stores.ui.getState().say('Stopped comparing.');
  }

  /** Lays the stage out for one or two configurations. */
  layout(comparing: boolean): void {
    document.getElementById('pane-b')!.hidden = !comparing;
    document.getElementById('pane-a-title')!.hidden = !comparing;
    this.table.hidden = !comparing;
    document.body.classList.toggle('comparing', comparing);
    this.stopButton.disabled = !comparing;
    this.toggle.textContent = comparing ? 'Compare: on' : 'Compare';
    document.getElementById('pane-a-title')!.textContent = `A · ${this.app.names.A}`;
    document.getElementById('pane-b-title')!.textContent = `B · ${this.app.names.B}`;
    this.lastKey = '';
  }

  /** The side-by-side numbers. */
  update(a: Snapshot, b: Snapshot | null): void {
    if (!b) return;
    const services = [...new Set([...a.services, ...b.services].map((s) => s.serviceName))];
    const rows: [string, string, string][] = [];
    const m = (s: Snapshot, name: string) => s.services.find((x) => x.serviceName === name)?.metrics;
    for (const name of services) {
      const ma = m(a, name);
      const mb = m(b, name);
      const v = (x: typeof ma, f: (x: NonNullable<typeof ma>) => string) => (x ? f(x) : '–');
      rows.push([`${name}: desired / running / healthy`, v(ma, (x) => `${x.desiredCount} / ${x.runningCount} / ${x.healthyCount}`), v(mb, (x) => `${x.desiredCount} / ${x.runningCount} / ${x.healthyCount}`)]);
      rows.push([`${name}: p50 latency`, v(ma, (x) => `${x.p50LatencyMs} ms`), v(mb, (x) => `${x.p50LatencyMs} ms`)]);
      rows.push([`${name}: errors`, v(ma, (x) => `${(x.errorRate * 100).toFixed(1)} %`), v(mb, (x) => `${(x.errorRate * 100).toFixed(1)} %`)]);
      const weights = (x: typeof ma) => (x?.trafficWeights ? Object.entries(x.trafficWeights).map(([k, n]) => `${k} ${n}%`).join(', ') : 'all to the service\'s target group');
      if (ma?.trafficWeights || mb?.trafficWeights) rows.push([`${name}: traffic`, weights(ma), weights(mb)]);
      rows.push([`${name}: revisions`, v(ma, (x) => Object.entries(x.tasksByRevision).map(([k, n]) => `${k} ×${n}`).join(', ') || '–'), v(mb, (x) => Object.entries(x.tasksByRevision).map(([k, n]) => `${k} ×${n}`).join(', ') || '–')]);
    }
    rows.push(['Cost per hour', `$${a.costUsdPerHour.toFixed(3)}`, `$${b.costUsdPerHour.toFixed(3)}`]);
    rows.push(['Cost so far', `$${a.costUsd.toFixed(4)}`, `$${b.costUsd.toFixed(4)}`]);
    const key = JSON.stringify(rows);
    if (key === this.lastKey) return;
    this.lastKey = key;
    const table = el('table', undefined, 'table');
    table.id = 'compare-numbers';
    table.append(el('caption', 'A and B at the same second'));
    const head = el('tr');
    for (const h of ['Measure', `A · ${this.app.names.A}`, `B · ${this.app.names.B}`]) { const th = el('th', h); th.scope = 'col'; head.append(th); }
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    for (const [k, va, vb] of rows) {
      const tr = el('tr');
      const th = el('th', k);
      th.scope = 'row';
      tr.append(th, el('td', va), el('td', vb));
      tbody.append(tr);
    }
    table.append(thead, tbody);
    this.table.replaceChildren(table);
  }
}
