/**
 * Charts with uPlot (small, fast, canvas-based, actively kept): a service's desired, running and
 * healthy counts; its CPU, requests/s, p50 latency and error rate; the cluster's cost. Every chart
 * also states its latest values in text, so what the canvas shows is in the DOM too. While
 * comparing, the second configuration's series are drawn dashed.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricsHistory, ServiceSeries, Column } from '../app/history';
import { clock } from '../sim/timeline';

interface ChartDef {
  id: string;
  title: string;
  unit: string;
  /** Series per history: [label, key, colour variable]. */
  series: { label: string; key: ServiceSeries | 'cost' | 'costRate'; color: string }[];
}

const CHARTS: ChartDef[] = [
  { id: 'counts', title: 'Tasks', unit: 'tasks', series: [
    { label: 'desired', key: 'desired', color: '--chart-1' },
    { label: 'running', key: 'running', color: '--chart-2' },
    { label: 'healthy', key: 'healthy', color: '--chart-3' },
  ] },
  { id: 'cpu', title: 'CPU utilization', unit: '%', series: [{ label: 'CPU %', key: 'cpu', color: '--chart-1' }] },
  { id: 'rps', title: 'Requests per second', unit: 'req/s', series: [{ label: 'requests/s', key: 'rps', color: '--chart-2' }] },
  { id: 'latency', title: 'Latency (p50)', unit: 'ms', series: [{ label: 'p50 ms', key: 'p50', color: '--chart-4' }] },
  { id: 'errors', title: 'Errors', unit: '%', series: [{ label: 'errors %', key: 'errors', color: '--chart-5' }] },
  { id: 'cost', title: 'Cost (cluster)', unit: 'USD', series: [
    { label: 'USD per hour', key: 'costRate', color: '--chart-1' },
    { label: 'USD so far', key: 'cost', color: '--chart-3' },
  ] },
];

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function column(h: MetricsHistory, service: string, key: ChartDef['series'][number]['key']): Column {
  if (key === 'cost') return h.cost;
  if (key === 'costRate') return h.costRate;
  return h.services.get(service)?.[key] ?? h.t.map(() => null);
}

/** Aligns B's samples to A's times (both sample the same grid; B may have fewer or more points). */
function align(a: MetricsHistory, b: MetricsHistory, col: Column): Column {
  const at = new Map(b.t.map((t, i) => [t, col[i] ?? null]));
  return a.t.map((t) => at.get(t) ?? null);
}

const fmt = (v: number | null, unit: string) => (v === null ? 'no data' : `${Math.round(v * 1000) / 1000} ${unit === 'tasks' ? '' : unit}`.trim());

export class Charts {
  private plots = new Map<string, uPlot>();
  private summaries = new Map<string, HTMLElement>();
  private select: HTMLSelectElement;
  private grid: HTMLElement;
  private layoutKey = '';
  private version = -1;
  private service = '';
  private lastA: MetricsHistory | null = null;
  private lastB: MetricsHistory | null = null;

  constructor(private host: HTMLElement) {
    const row = document.createElement('div');
    row.className = 'inline-row';
    this.select = document.createElement('select');
    this.select.id = 'chart-service';
    this.select.addEventListener('change', () => { this.service = this.select.value; this.layoutKey = ''; this.version = -1; });
    row.append(Object.assign(document.createElement('label'), { htmlFor: this.select.id, textContent: 'Service' }), this.select);
    this.grid = document.createElement('div');
    this.grid.className = 'chart-grid';
    host.replaceChildren(row, this.grid);
    new ResizeObserver(() => this.resize()).observe(this.grid);
  }

  /** Redraws from the histories (B while comparing); cheap when nothing was sampled. */
  update(a: MetricsHistory, b: MetricsHistory | null, force = false): void {
    const names = [...a.services.keys()];
    if (!names.includes(this.service)) this.service = names[0] ?? '';
    const optKey = names.join(',');
    if (this.select.dataset.key !== optKey) {
      this.select.dataset.key = optKey;
      this.select.replaceChildren(...names.map((n) => Object.assign(document.createElement('option'), { value: n, textContent: n })));
    }
    this.select.value = this.service;
    const layout = `${this.service}|${b ? 'AB' : 'A'}|${document.documentElement.dataset.theme ?? ''}`;
    if (layout !== this.layoutKey) this.build(layout, !!b);
    // A rewind or a new scenario brings new history objects: always redraw those.
    const same = a === this.lastA && b === this.lastB;
    this.lastA = a;
    this.lastB = b;
    const version = a.version * 100003 + (b?.version ?? 0);
    if (!force && same && version === this.version) return;
    this.version = version;
    for (const def of CHARTS) {
      const data: (number | null)[][] = [a.t];
      for (const s of def.series) data.push(column(a, this.service, s.key));
      if (b) for (const s of def.series) data.push(align(a, b, column(b, this.service, s.key)));
      this.plots.get(def.id)?.setData(data as uPlot.AlignedData);
      const last = a.t.length - 1;
      const parts = def.series.map((s, i) => `${s.label} ${fmt(last >= 0 ? data[i + 1]![last] ?? null : null, def.unit)}`);
      if (b) parts.push(...def.series.map((s, i) => `B ${s.label} ${fmt(last >= 0 ? data[def.series.length + i + 1]![last] ?? null : null, def.unit)}`));
      const summary = this.summaries.get(def.id);
      if (summary) summary.textContent = last >= 0 ? `At ${clock(a.t[last]!)}: ${parts.join(', ')}.` : 'No samples yet.';
    }
  }

  /** Forces a rebuild (theme change). */
  invalidate(): void { this.layoutKey = ''; this.version = -1; }

  private build(layout: string, compare: boolean): void {
    this.layoutKey = layout;
    this.version = -1;
    for (const p of this.plots.values()) p.destroy();
    this.plots.clear();
    this.summaries.clear();
    const width = this.width();
    const axis = cssVar('--muted');
    const grid = cssVar('--line');
    const figures = CHARTS.map((def) => {
      const fig = document.createElement('figure');
      fig.className = 'chart';
      fig.id = `chart-${def.id}`;
      const cap = Object.assign(document.createElement('figcaption'), { textContent: `${def.title}${def.id === 'cost' ? '' : ` · ${this.service}`}`, id: `chart-${def.id}-title` });
      const summary = Object.assign(document.createElement('p'), { className: 'chart-summary', id: `chart-${def.id}-summary` });
      const plotHost = document.createElement('div');
      plotHost.setAttribute('role', 'img');
      plotHost.setAttribute('aria-labelledby', `${cap.id} ${summary.id}`);
      fig.append(cap, plotHost, summary);
      const series: uPlot.Series[] = [{ label: 'time', value: (_u, v) => (v === null ? '–' : clock(v)) }];
      for (const s of def.series) series.push({ label: compare ? `A ${s.label}` : s.label, stroke: cssVar(s.color), width: 2, spanGaps: false });
      if (compare) for (const s of def.series) series.push({ label: `B ${s.label}`, stroke: cssVar(s.color), width: 2, dash: [6, 4] });
      const plot = new uPlot({
        width, height: 150,
        // Room on the right for the half of the last time label that overhangs the plot.
        padding: [null, 30, null, null],
        series,
        scales: { x: { time: false } },
        axes: [
          { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, values: (_u, splits) => splits.map((v) => clock(v)) },
          { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 50 },
        ],
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
      }, [[]], plotHost);
      this.plots.set(def.id, plot);
      this.summaries.set(def.id, summary);
      return fig;
    });
    this.grid.replaceChildren(...figures);
  }

  private width(): number {
    return Math.max(240, Math.floor(this.grid.clientWidth || this.host.clientWidth || 320) - 8);
  }

  resize(): void {
    const width = this.width();
    for (const p of this.plots.values()) if (Math.abs(p.width - width) > 2) p.setSize({ width, height: 150 });
  }
}
