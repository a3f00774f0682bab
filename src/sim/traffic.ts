/**
 * The traffic model of the scenario contract: requests offered to a service reach its tasks through
 * the load balancer (healthy targets only; every target when none is healthy: the ALB fails open,
 * §12) and turn into CPU, latency and errors.
 *
 * Model (documented in the README): a request costs `cpuPerRequest` CPU-unit-seconds and takes
 * `serviceTimeMs` with CPU to spare. Utilization u = r × cpuPerRequest / taskCpu. Latency grows as
 * u nears 1 (serviceTime × (1 + u⁶ / (1.02 − u))); past u = 1 the excess waits in a bounded queue
 * and then fails, so errorRate = 1 − 1/u and latency sits at the queue's limit.
 */
import type { Simulation } from './engine';
import type { Service, Task } from './model';
import { appAnswers, appUp } from './health';
import { serviceTasks } from './services';
import type { TaskDefinition } from './taskdef';

/** Queue limit, in multiples of the service time, once a task is saturated (model). */
const SATURATED_LATENCY_FACTOR = 40;

export interface TrafficStats {
  requestsPerSecond: number; p50LatencyMs: number; errorRate: number; cpuUtilization: number; memoryUtilization: number;
  /** Part of errorRate the targets themselves answered with 5XX (saturated tasks); the rest is the
   * load balancer's own 5XX (no target, or a target that does not answer). */
  targetErrorRate?: number;
}

/** Offered load for a target at time `t`: each traffic entry ramps linearly from the level before it. */
export function offeredLoad(sim: Simulation, target: string, t: number): number {
  let level = 0;
  for (const spec of sim.traffic) {
    if (spec.target !== target || spec.at > t) continue;
    const ramp = spec.rampSeconds ?? 0;
    if (ramp > 0 && t < spec.at + ramp) level = level + (spec.requestsPerSecond - level) * ((t - spec.at) / ramp);
    else level = spec.requestsPerSecond;
  }
  return level;
}

export function latencyFor(u: number, serviceTimeMs: number): number {
  if (u >= 1) return serviceTimeMs * SATURATED_LATENCY_FACTOR;
  return serviceTimeMs * (1 + u ** 6 / (1.02 - u));
}

/** Tasks that receive a service's requests, with the target group they were reached through. */
function receivers(sim: Simulation, svc: Service, tasks: Task[]): Task[] {
  if (!svc.loadBalancers.length) return tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
  const out = new Set<Task>();
  for (const lb of svc.loadBalancers) {
    const tg = sim.targetGroups.get(lb.targetGroupName);
    if (!tg) continue;
    const registered = tg.targets.filter((x) => x.state !== 'draining' && x.state !== 'unused');
    const healthy = registered.filter((x) => x.state === 'healthy');
    // Fail open: with no healthy target the ALB routes to all of them (§12).
    for (const x of healthy.length ? healthy : registered) out.add(sim.tasks[x.taskSlot]!);
  }
  return [...out];
}

/**
 * How a service's requests split across its tasks: each receiver's share (summing to 1 with
 * `unrouted`). Without listener weights the split is even across the receivers. With weights
 * (blue/green, linear, canary, CodeDeploy, §4) each target group gets its weight's share, spread
 * evenly over its healthy targets (all registered ones when none is healthy: fail open, §12); a
 * weighted target group with no registered target cannot answer, and its share is `unrouted`.
 */
export function routingShares(sim: Simulation, svc: Service, tasks: Task[]): { shares: Map<Task, number>; unrouted: number } {
  const shares = new Map<Task, number>();
  const weights = svc.trafficWeights;
  if (!weights || !svc.loadBalancers.length) {
    const to = receivers(sim, svc, tasks);
    for (const t of to) shares.set(t, 1 / to.length);
    return { shares, unrouted: to.length ? 0 : 1 };
  }
  const total = Object.values(weights).reduce((s, w) => s + Math.max(0, w), 0);
  if (total <= 0) return { shares, unrouted: 1 };
  let unrouted = 0;
  for (const [name, w] of Object.entries(weights)) {
    if (w <= 0) continue;
    const tg = sim.targetGroups.get(name);
    const registered = tg ? tg.targets.filter((x) => x.state !== 'draining' && x.state !== 'unused') : [];
    const healthy = registered.filter((x) => x.state === 'healthy');
    const members = healthy.length ? healthy : registered;
    if (!members.length) { unrouted += w / total; continue; }
    for (const x of members) {
      const task = sim.tasks[x.taskSlot]!;
      shares.set(task, (shares.get(task) ?? 0) + w / total / members.length);
    }
  }
  return { shares, unrouted };
}

export function applyTraffic(sim: Simulation, now: number): void {
  // Only tasks that carried traffic last step need resetting (a large idle cluster costs nothing here).
  for (const task of sim.trafficked) { task.requestsPerSecond = 0; task.cpuUtilization = 0; }
  sim.trafficked.length = 0;
  for (const svc of sim.services.values()) {
    const rps = offeredLoad(sim, svc.serviceName, now);
    svc.requestsPerSecond = rps;
    const tasks = serviceTasks(sim, svc);
    const { shares, unrouted } = routingShares(sim, svc, tasks);
    let errors = rps > 0 ? rps * unrouted : 0;
    let targetErrors = 0;
    let latencySum = 0;
    // Tasks with the same share and revision see the same latency: weights per distinct latency
    // keep the median cheap.
    const latencyWeights = new Map<number, number>();
    const defs = new Map<string, TaskDefinition>();
    const def = (t: Task) => {
      let td = defs.get(t.taskDefinition);
      if (!td) { td = sim.taskDef(t.taskDefinition)!; defs.set(t.taskDefinition, td); }
      return td;
    };
    const lb = svc.loadBalancers.length > 0;
    for (const [task, share] of shares) {
      const r = rps * share;
      task.requestsPerSecond = r;
      sim.trafficked.push(task);
      if (!(lb ? appAnswers(sim, task) : appUp(sim, task))) { errors += r; continue; }
      const td = def(task);
      const u = (r * td.sim.cpuPerRequest) / Math.max(128, task.cpu);
      task.cpuUtilization = Math.min(100, 100 * u);
      if (u > 1) { errors += r * (1 - 1 / u); targetErrors += r * (1 - 1 / u); }
      const ms = latencyFor(u, td.sim.serviceTimeMs);
      latencySum += ms * r;
      latencyWeights.set(ms, (latencyWeights.get(ms) ?? 0) + r);
    }
    let running = 0;
    let cpuSum = 0;
    let memSum = 0;
    for (const t of tasks) {
      if (t.lastStatus !== 'RUNNING') continue;
      running++;
      cpuSum += t.cpuUtilization;
      memSum += t.memory > 0 ? Math.min(100, (100 * def(t).sim.memoryMiBBase) / t.memory) : 0;
    }
    svc.stats = {
      requestsPerSecond: rps,
      errorRate: rps > 0 ? Math.min(1, errors / rps) : 0,
      targetErrorRate: rps > 0 ? Math.min(1, targetErrors / rps) : 0,
      p50LatencyMs: median(latencyWeights) ?? (latencySum ? latencySum / rps : 0),
      cpuUtilization: running ? cpuSum / running : 0,
      memoryUtilization: running ? memSum / running : 0,
    };
  }
}

/** The request-weighted median latency, from weights per distinct latency. */
function median(weights: Map<number, number>): number | null {
  if (!weights.size) return null;
  const sorted = [...weights.keys()].sort((a, b) => a - b);
  let total = 0;
  for (const w of weights.values()) total += w;
  let acc = 0;
  for (const ms of sorted) { acc += weights.get(ms)!; if (acc >= total / 2) return ms; }
  return sorted[sorted.length - 1]!;
}
