/**
 * Metrics over time for the charts: per service desired, running and healthy counts, CPU,
 * requests/s, p50 latency and error rate; for the cluster the cost rate and the cost so far.
 *
 * Samples are taken on simulated time only (every `interval` seconds, from t = 0), so a replay
 * rebuilds the same series and a rewind shows the charts as they were. When the series grow past
 * `MAX_POINTS`, every other sample is dropped and the interval doubles (the kept samples are the
 * multiples of the new interval, so this too is the same on every replay).
 */
import type { Simulation } from '../sim/engine';
import { serviceMetrics } from '../sim/metrics';
import { clusterCostPerHour } from '../sim/cost';

export const MAX_POINTS = 2400;
export const DEFAULT_INTERVAL = 5;

export const SERVICE_SERIES = ['desired', 'running', 'healthy', 'cpu', 'rps', 'p50', 'errors'] as const;
export type ServiceSeries = typeof SERVICE_SERIES[number];

export type Column = (number | null)[];

export class MetricsHistory {
  t: number[] = [];
  costRate: Column = [];
  cost: Column = [];
  readonly services = new Map<string, Record<ServiceSeries, Column>>();
  /** Bumped on every sample. */
  version = 0;

  constructor(public interval = DEFAULT_INTERVAL) {}

  /** Takes a sample if simulated time sits on the sampling grid. */
  maybeSample(sim: Simulation): void {
    if (sim.t % this.interval !== 0) return;
    if (this.t.length && this.t[this.t.length - 1]! >= sim.t) return;
    this.sample(sim);
  }

  sample(sim: Simulation): void {
    const n = this.t.length;
    this.t.push(sim.t);
    this.costRate.push(round(clusterCostPerHour(sim), 4));
    this.cost.push(round(sim.costUsd, 4));
    const seen = new Set<string>();
    for (const svc of sim.services.values()) {
      if (svc.status === 'INACTIVE') continue;
      seen.add(svc.serviceName);
      let cols = this.services.get(svc.serviceName);
      if (!cols) {
        cols = Object.fromEntries(SERVICE_SERIES.map((k) => [k, new Array<number | null>(n).fill(null)])) as Record<ServiceSeries, Column>;
        this.services.set(svc.serviceName, cols);
      }
      const m = serviceMetrics(sim, svc.serviceName);
      cols.desired.push(m.desiredCount);
      cols.running.push(m.runningCount);
      cols.healthy.push(m.healthyCount);
      cols.cpu.push(m.cpuUtilization);
      cols.rps.push(m.requestsPerSecond);
      cols.p50.push(m.p50LatencyMs);
      cols.errors.push(round(m.errorRate * 100, 2));
    }
    for (const [name, cols] of this.services) {
      if (seen.has(name)) continue;
      for (const k of SERVICE_SERIES) cols[k].push(null);
    }
    if (this.t.length > MAX_POINTS) this.halve();
    this.version++;
  }

  private halve(): void {
    this.interval *= 2;
    const idx = this.t.map((_, i) => i).filter((i) => this.t[i]! % this.interval === 0);
    const pick = <T>(col: T[]) => idx.map((i) => col[i]!);
    this.costRate = pick(this.costRate);
    this.cost = pick(this.cost);
    for (const cols of this.services.values()) for (const k of SERVICE_SERIES) cols[k] = pick(cols[k]);
    this.t = pick(this.t);
  }

  /** The latest value of a series, or null. */
  latest(service: string, key: ServiceSeries): number | null {
    const col = this.services.get(service)?.[key];
    return col && col.length ? col[col.length - 1]! : null;
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
