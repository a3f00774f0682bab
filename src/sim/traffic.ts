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
import type { Service, Target, Task } from './model';
import { appAnswers, appUp } from './health';
import type { TaskDefinition } from './taskdef';
import { dict } from './dict';

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

/** A target that takes requests: registered and not leaving. */
const serving = (x: Target) => x.state !== 'draining' && x.state !== 'unused';

/**
 * Calls `visit(task, share)` for each task that receives a share of the service's requests and
 * returns the share nobody can answer. Without listener weights the split is even across the
 * receivers (healthy targets; all registered ones when none is healthy: the ALB fails open, §12;
 * RUNNING tasks for a service without a load balancer). With weights (blue/green, linear, canary,
 * CodeDeploy, §4) each target group gets its weight's share, spread evenly over its receivers; a
 * weighted target group with no registered target cannot answer.
 */
export function forEachReceiver(sim: Simulation, svc: Service, tasks: Iterable<Task>, visit: (task: Task, share: number) => void, rps = svc.requestsPerSecond): number {
  if (!svc.loadBalancers.length) {
    const to: Task[] = [];
    for (const t of tasks) if (t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING') to.push(t);
    for (const t of to) visit(t, 1 / to.length);
    return to.length ? 0 : 1;
  }
  const weights = svc.trafficWeights;
  if (!weights) {
    // Even split over the receivers of every target group (a task in two groups counts once).
    const members: Task[] = [];
    const seen = svc.loadBalancers.length > 1 ? new Set<number>() : null;
    for (const lb of svc.loadBalancers) {
      const tg = sim.targetGroups.get(lb.targetGroupName);
      if (!tg) continue;
      const healthy = tg.targets.some((x) => x.state === 'healthy');
      for (const x of tg.targets) {
        if (!(healthy ? x.state === 'healthy' : serving(x))) continue;
        if (seen) { if (seen.has(x.taskSlot)) continue; seen.add(x.taskSlot); }
        members.push(sim.tasks[x.taskSlot]!);
      }
    }
    const algorithm = sim.targetGroups.get(svc.loadBalancers[0]!.targetGroupName)?.algorithm;
    const shares = splitShares(members, 1, algorithm, rps);
    members.forEach((t, i) => visit(t, shares[i]!));
    return members.length ? 0 : 1;
  }
  let total = 0;
  for (const w of Object.values(weights)) total += Math.max(0, w);
  if (total <= 0) return 1;
  let unrouted = 0;
  for (const [name, w] of Object.entries(weights)) {
    if (w <= 0) continue;
    const tg = sim.targetGroups.get(name);
    if (!tg) { unrouted += w / total; continue; }
    const healthy = tg.targets.some((x) => x.state === 'healthy');
    const members: Task[] = [];
    for (const x of tg.targets) if (healthy ? x.state === 'healthy' : serving(x)) members.push(sim.tasks[x.taskSlot]!);
    if (!members.length) { unrouted += w / total; continue; }
    const shares = splitShares(members, w / total, tg.algorithm, rps * (w / total));
    members.forEach((t, i) => visit(t, shares[i]!));
  }
  return unrouted;
}

/**
 * How one target group divides its part of the requests (`total` of the service's) among its
 * receivers (§12). round_robin and weighted_random: evenly. least_outstanding_requests: each new
 * request goes to the target with the fewest in flight, so slower targets (a saturated task, a
 * slower revision) get fewer; modelled as the split where every target has the same number of
 * requests in flight (rate × latency), found by a few damped iterations. Identical targets split
 * evenly either way.
 */
export function splitShares(members: readonly Task[], total: number, algorithm: string | undefined, rps: number): number[] {
  const n = members.length;
  const even = new Array<number>(n).fill(total / n);
  if (algorithm !== 'least_outstanding_requests' || n < 2 || rps <= 0) return even;
  const first = members[0]!;
  if (members.every((t) => t.definition === first.definition && t.cpu === first.cpu)) return even;
  let shares = even.slice();
  for (let iter = 0; iter < 8; iter++) {
    const inverse = members.map((t, i) => {
      const u = (rps * (shares[i]! / total) * t.definition.sim.cpuPerRequest) / Math.max(128, t.cpu);
      return 1 / latencyFor(u, Math.max(1, t.definition.sim.serviceTimeMs));
    });
    const sum = inverse.reduce((a, b) => a + b, 0);
    shares = shares.map((old, i) => 0.5 * old + 0.5 * ((total * inverse[i]!) / sum));
  }
  return shares;
}

/** Each receiving task's share of the service's requests, and the share nobody answers. */
export function routingShares(sim: Simulation, svc: Service, tasks: Task[]): { shares: Map<Task, number>; unrouted: number } {
  const shares = new Map<Task, number>();
  const unrouted = forEachReceiver(sim, svc, tasks, (t, share) => shares.set(t, (shares.get(t) ?? 0) + share), svc.requestsPerSecond);
  return { shares, unrouted };
}

/** What the service's traffic depends on; the same key as last step means nothing to recompute. */
function trafficKey(sim: Simulation, svc: Service, rps: number): string {
  let key = `${rps}|${svc.taskVersion ?? 0}|${sim.network.rulesVersion}`;
  for (const lb of svc.loadBalancers) key += `|${sim.targetGroups.get(lb.targetGroupName)?.version ?? 0}`;
  if (svc.trafficWeights) {
    for (const [name, w] of Object.entries(svc.trafficWeights)) key += `|${name}:${w}:${sim.targetGroups.get(name)?.version ?? 0}`;
  }
  return key;
}

export function applyTraffic(sim: Simulation, now: number): void {
  for (const svc of sim.services.values()) {
    const rps = offeredLoad(sim, svc.serviceName, now);
    svc.requestsPerSecond = rps;
    // Nothing moved (same load, same tasks, same targets, same rules, every receiver answering):
    // last step's figures still hold, and a large steady cluster costs nothing here.
    const key = trafficKey(sim, svc, rps);
    if (key === svc.trafficKey) continue;
    for (const task of svc.trafficTasks ?? []) { task.requestsPerSecond = 0; task.cpuUtilization = 0; }
    const given: Task[] = [];
    const tasks = sim.liveByService.get(svc.serviceName) ?? EMPTY;
    let errors = 0;
    let targetErrors = 0;
    let settling = false;
    // Tasks of one revision with the same share see the same latency: weights per distinct
    // latency keep the median cheap, and the last latency is reused while u repeats.
    const latencyWeights = new Map<number, number>();
    const byRevision = dict<number>();
    let lastU = -1;
    let lastTd: TaskDefinition | null = null;
    let lastMs = 0;
    const lb = svc.loadBalancers.length > 0;
    const unrouted = forEachReceiver(sim, svc, tasks, (task, share) => {
      const r = rps * share;
      byRevision[task.taskDefinition] = (byRevision[task.taskDefinition] ?? 0) + share;
      if (task.requestsPerSecond === 0) given.push(task);
      task.requestsPerSecond += r;
      if (!(lb ? appAnswers(sim, task) : appUp(sim, task))) { errors += r; settling = true; return; }
      const td = task.definition;
      const u = (task.requestsPerSecond * td.sim.cpuPerRequest) / Math.max(128, task.cpu);
      task.cpuUtilization = Math.min(100, 100 * u);
      if (u > 1) { errors += r * (1 - 1 / u); targetErrors += r * (1 - 1 / u); }
      const failing = td.sim.errorPercent ? ((u > 1 ? r / u : r) * td.sim.errorPercent) / 100 : 0;
      errors += failing;
      targetErrors += failing;
      if (u !== lastU || td !== lastTd) { lastMs = latencyFor(u, td.sim.serviceTimeMs); lastU = u; lastTd = td; }
      latencyWeights.set(lastMs, (latencyWeights.get(lastMs) ?? 0) + r);
    }, rps);
    if (rps > 0) errors += rps * unrouted;
    let running = 0;
    let cpuSum = 0;
    let memSum = 0;
    for (const t of tasks) {
      if (t.lastStatus !== 'RUNNING') continue;
      running++;
      cpuSum += t.cpuUtilization;
      memSum += t.memory > 0 ? Math.min(100, (100 * t.definition.sim.memoryMiBBase) / t.memory) : 0;
    }
    svc.trafficTasks = given;
    // A receiver that does not answer yet may answer next step (its app is starting): recompute then.
    svc.trafficKey = settling ? undefined : key;
    svc.routedByRevision = byRevision;
    svc.stats = {
      requestsPerSecond: rps,
      errorRate: rps > 0 ? Math.min(1, errors / rps) : 0,
      targetErrorRate: rps > 0 ? Math.min(1, targetErrors / rps) : 0,
      p50LatencyMs: median(latencyWeights) ?? 0,
      cpuUtilization: running ? cpuSum / running : 0,
      memoryUtilization: running ? memSum / running : 0,
    };
  }
}

const EMPTY: ReadonlySet<Task> = new Set();

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
