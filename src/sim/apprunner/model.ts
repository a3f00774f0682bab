/**
 * AWS App Runner, for comparison with ECS (§8). One scaling signal only: request concurrency.
 *
 * Each second: requests offered to the service (`traffic` targets its ServiceName) are served by
 * its instances. An instance holds at most MaxConcurrency requests at once; at the request rate r
 * it sees, a request takes L(r) (the traffic model's latency curve on the instance's CPU). So an
 * instance serves at most r* requests/s, the largest r with r × L(r) ≤ MaxConcurrency and CPU to
 * spare. App Runner adds instances when the concurrency demand exceeds MaxConcurrency per instance,
 * up to MaxSize (at most 25). While instances are on their way requests wait (latency grows);
 * past the ceiling they wait in a bounded queue and, once it is full, are rejected.
 *
 * Modelled figures (AWS publishes none; the UI says so), in `APP_RUNNER_MODEL`: a new instance
 * serves after about 30 s; App Runner removes instances after 60 s of lower demand; the queue
 * holds one more instance-load (instances × MaxConcurrency); a deployment takes about 4 minutes,
 * during which provisioned instances are doubled (§8). Instances that process requests are
 * active (billed for vCPU and memory); App Runner packs requests onto as few as it needs, the rest
 * are provisioned and idle (memory only).
 */
import type { Simulation } from '../engine';
import { offeredLoad, latencyFor } from '../traffic';

export const APP_RUNNER_MODEL = {
  instanceReadySeconds: 30,
  scaleInAfterSeconds: 60,
  queueInstanceLoads: 1,
  deploySeconds: 240,
} as const;

/** App Runner's ceiling on MaxSize (§8). */
export const MAX_SIZE_CEILING = 25;

export interface AppRunnerConfig {
  cpu: number;
  memory: number;
  maxConcurrency: number;
  minSize: number;
  maxSize: number;
  cpuPerRequest: number;
  serviceTimeMs: number;
}

export interface AppRunnerStats {
  requestsPerSecond: number;
  /** Requests in the service: processing plus queued. */
  concurrency: number;
  activeInstances: number;
  provisionedInstances: number;
  rejectedRequestsPerSecond: number;
  queuedRequests: number;
  p50LatencyMs: number;
  /** Instances the concurrency asks for (may exceed MaxSize). */
  wantedInstances: number;
}

export interface AppRunnerService {
  serviceName: string;
  serviceId: string;
  serviceArn: string;
  serviceUrl: string;
  status: 'RUNNING' | 'OPERATION_IN_PROGRESS';
  config: AppRunnerConfig;
  /** Instances serving traffic. */
  instances: number;
  /** Instances being added, ready at the given time. */
  starting: { readyAt: number; count: number }[];
  /** Since when demand has wanted fewer instances, or null. */
  lowSince: number | null;
  deployment: { startedAt: number; endsAt: number; next: AppRunnerConfig } | null;
  queue: number;
  stats: AppRunnerStats;
  network: { publiclyAccessible: boolean; egressType: 'DEFAULT' | 'VPC'; vpcConnectorArn: string | null };
  /** At MaxSize with more demand than it can take (the ceiling event is emitted once per episode). */
  atCeiling: boolean;
  rejectedTotal: number;
  announced: boolean;
}

export function appRunnerServices(sim: Simulation): Map<string, AppRunnerService> {
  return sim.appRunnerState;
}

/** Seconds a request takes on an instance receiving `r` requests/s. */
export function latencySeconds(c: AppRunnerConfig, r: number): number {
  const u = (r * c.cpuPerRequest) / Math.max(1, c.cpu);
  return latencyFor(u, c.serviceTimeMs) / 1000;
}

/** The most requests/s one instance serves: concurrency-bound or CPU-bound, whichever comes first. */
export function instanceThroughput(c: AppRunnerConfig): number {
  const cpuBound = c.cpuPerRequest > 0 ? (0.999 * c.cpu) / c.cpuPerRequest : 1e9;
  if (cpuBound * latencySeconds(c, cpuBound) <= c.maxConcurrency) return cpuBound;
  let lo = 0;
  let hi = cpuBound;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (mid * latencySeconds(c, mid) <= c.maxConcurrency) lo = mid; else hi = mid;
  }
  return lo;
}

function activity(sim: Simulation, s: AppRunnerService, from: number, to: number, cause: string): void {
  sim.emit({ t: sim.t, type: 'ScalingActivity', resource: `apprunner/${s.serviceName}`, from, to, cause });
}

function say(sim: Simulation, s: AppRunnerService, message: string): void {
  sim.emit({ t: sim.t, type: 'ServiceEvent', service: s.serviceName, message: `App Runner service ${s.serviceName} ${message}` });
}

/** One second of one App Runner service. */
export function stepAppRunner(sim: Simulation, s: AppRunnerService, now: number): void {
  if (!s.announced) {
    s.announced = true;
    say(sim, s, `is running at ${s.serviceUrl}. Note: AWS App Runner is closed to new customers since 30 April 2026 (existing customers can keep using it); AWS recommends Amazon ECS Express Mode for new applications.`);
  }
  if (s.deployment && now >= s.deployment.endsAt) {
    s.config = s.deployment.next;
    s.instances = Math.min(Math.max(s.instances, s.config.minSize), s.config.maxSize);
    s.deployment = null;
    s.status = 'RUNNING';
    say(sim, s, 'deployment completed: the new version serves all traffic.');
  }
  const c = s.config;
  for (const st of s.starting.filter((x) => x.readyAt <= now)) {
    const from = s.instances;
    s.instances = Math.min(c.maxSize, s.instances + st.count);
    if (s.instances !== from) activity(sim, s, from, s.instances, `concurrency above ${c.maxConcurrency} per instance: new instances ready (model: ${APP_RUNNER_MODEL.instanceReadySeconds} s)`);
  }
  s.starting = s.starting.filter((x) => x.readyAt > now);
  const rps = offeredLoad(sim, s.serviceName, now);
  const n = Math.max(1, s.instances);
  const perInstance = instanceThroughput(c);
  const mu = n * perInstance;
  const offered = rps + s.queue;
  const served = Math.min(offered, mu);
  let queue = offered - served;
  // Below the ceiling, requests wait for the instances on their way; at MaxSize the queue is
  // bounded and the rest is rejected.
  const limit = s.instances >= c.maxSize ? n * c.maxConcurrency * APP_RUNNER_MODEL.queueInstanceLoads : Infinity;
  const rejected = Math.max(0, queue - limit);
  queue = Math.min(queue, limit);
  s.queue = queue;
  s.rejectedTotal += rejected;
  const lServed = latencySeconds(c, served / n);
  const inflight = served * lServed;
  // The instances at which concurrency per instance is back at MaxConcurrency or below, queue included.
  const wanted = Math.max(c.minSize, Math.ceil((rps + queue / APP_RUNNER_MODEL.instanceReadySeconds) / perInstance - 1e-9));
  const demand = rps * latencySeconds(c, Math.min(rps / n, perInstance)) + queue;
  const active = rps > 0 ? Math.min(n, Math.max(1, Math.ceil(inflight / c.maxConcurrency - 1e-9))) : 0;
  s.stats = {
    requestsPerSecond: rps,
    concurrency: inflight + queue,
    activeInstances: active,
    provisionedInstances: s.instances + s.starting.reduce((k, x) => k + x.count, 0) + (s.deployment ? s.instances : 0),
    rejectedRequestsPerSecond: rejected,
    queuedRequests: queue,
    p50LatencyMs: rps > 0 ? 1000 * (lServed + (mu > 0 ? queue / mu : 0)) : 0,
    wantedInstances: wanted,
  };
  // Scaling on concurrency only (§8): out quickly, in after sustained lower demand.
  const coming = s.instances + s.starting.reduce((k, x) => k + x.count, 0);
  const target = Math.min(c.maxSize, wanted);
  if (target > coming) s.starting.push({ readyAt: now + APP_RUNNER_MODEL.instanceReadySeconds, count: target - coming });
  if (target < s.instances && !s.starting.length) {
    s.lowSince ??= now;
    if (now - s.lowSince >= APP_RUNNER_MODEL.scaleInAfterSeconds) {
      activity(sim, s, s.instances, target, `concurrency below ${c.maxConcurrency} per instance for ${APP_RUNNER_MODEL.scaleInAfterSeconds} s (model)`);
      s.instances = target;
      s.lowSince = null;
    }
  } else s.lowSince = null;
  const ceiling = wanted > c.maxSize && s.instances >= c.maxSize;
  if (ceiling && !s.atCeiling) {
    say(sim, s, `is at its MaxSize of ${c.maxSize} instances: the concurrency asks for ${wanted} (${Math.round(demand)} requests in flight, ${c.maxConcurrency} per instance). Requests queue and latency grows; past the queue they are rejected. App Runner cannot scale on any other signal, use Spot, or place instances.`);
  }
  s.atCeiling = ceiling || (s.atCeiling && wanted > c.maxSize - 1);
}

/** Every App Runner service, every step. */
export function runAppRunner(sim: Simulation, now: number): void {
  const all = sim.appRunnerState;
  if (!all) return;
  for (const s of all.values()) stepAppRunner(sim, s, now);
}
