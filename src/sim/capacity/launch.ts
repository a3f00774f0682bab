/**
 * Launching through a capacity provider (§6): the service scheduler and RunTask call
 * `launchWithCapacityProvider` where they would call `launchTasks`.
 *
 * - FARGATE / FARGATE_SPOT: launches draw from the Fargate token buckets and the service's
 *   per-minute launch rate (§7.2, §11); FARGATE_SPOT fails with "Capacity is unavailable" while
 *   Spot capacity is withheld after an interruption (§6.2).
 * - An Auto Scaling group provider: tasks go only to that group's instances. A task that does not
 *   fit waits in PROVISIONING instead of failing (§6.3): the service is recorded as short of tasks,
 *   which managed scaling reads as CapacityProviderReservation above 100, and the scheduler places
 *   the task as soon as an instance has room. No "unable to place" event is emitted for it.
 * - Anything else (a launch type, no provider): `launchTasks` unchanged.
 *
 * When the cluster mixes instances of several providers (or instances of none), the restriction is
 * a memberOf expression on the attribute `ecs.lab.capacity-provider`, which the simulator sets on
 * every instance of a group. ECS itself keeps this association internally; the attribute is the
 * simulator's, and shows in the placement explanation as "does not match the memberOf placement
 * constraint".
 */
import type { Simulation } from '../engine';
import type { LaunchRequest, LaunchResult } from '../tasks';
import { launchTasks, taskNeeds } from '../tasks';
import { asgProvider, capacityState, type AsgProvider } from './state';
import { distribute } from './providers';
import { noteServiceLaunches, returnLaunchTokens, serviceLaunchAllowance, takeLaunchTokens } from './throttle';

/** The attribute the simulator puts on instances of an Auto Scaling group provider. */
export const PROVIDER_ATTRIBUTE = 'ecs.lab.capacity-provider';

export const CAPACITY_UNAVAILABLE = 'Capacity is unavailable at this time. Please try again later or in a different availability zone';

export interface ProviderLaunchResult extends LaunchResult {
  /** Tasks that wait for Auto Scaling group capacity (counted in PROVISIONING). */
  waiting: number;
}

/** True while interrupted Spot capacity of this provider is withheld (InterruptSpotCapacity). */
export function spotWithheld(sim: Simulation, provider: string): boolean {
  return (capacityState(sim).spotUnavailableUntil.get(provider) ?? -1) > sim.t;
}

function mixedCluster(sim: Simulation, p: AsgProvider): boolean {
  return sim.instances.some((i) => i.status !== 'DEREGISTERED' && i.capacityProvider !== p.name);
}

function liveOn(sim: Simulation, service: string, provider: string): number {
  let n = 0;
  for (const t of sim.tasks) {
    if (t.service === service && t.capacityProvider === provider && t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED') n++;
  }
  return n;
}

/**
 * Launches `req.count` tasks through the request's capacity provider. `tokensTaken`: a RunTask
 * call already paid its Fargate tokens (see `admitRunTask`).
 */
export function launchWithCapacityProvider(sim: Simulation, req: LaunchRequest, opts: { tokensTaken?: boolean } = {}): ProviderLaunchResult {
  const cs = capacityState(sim);
  if (req.launchType === 'FARGATE') {
    const spot = req.capacityProvider === 'FARGATE_SPOT';
    if (spot && spotWithheld(sim, 'FARGATE_SPOT')) return { tasks: [], failure: CAPACITY_UNAVAILABLE, waiting: 0 };
    if (opts.tokensTaken) return { ...launchTasks(sim, req), waiting: 0 };
    let n = req.count;
    if (req.service) n = Math.min(n, serviceLaunchAllowance(sim, req.service.serviceName));
    const got = takeLaunchTokens(sim, spot, n);
    if (got < req.count) cs.throttledLaunches += req.count - got;
    if (got === 0) return { tasks: [], failure: null, waiting: 0 };
    const r = launchTasks(sim, { ...req, count: got });
    returnLaunchTokens(sim, spot, got - r.tasks.length);
    if (req.service) noteServiceLaunches(sim, req.service.serviceName, r.tasks.length);
    return { ...r, waiting: 0 };
  }
  const p = asgProvider(sim, req.capacityProvider);
  if (!p) return { ...launchTasks(sim, req), waiting: 0 };
  const restricted = mixedCluster(sim, p) ? { ...req, memberOf: [...req.memberOf, `attribute:${PROVIDER_ATTRIBUTE} == ${p.name}`] } : req;
  const r = launchTasks(sim, restricted);
  if (!r.failure) {
    if (req.service) cs.waiting.delete(`${req.service.serviceName}/${p.name}`);
    return { ...r, waiting: 0 };
  }
  const short = req.count - r.tasks.length;
  if (req.service) {
    // The provider's share of the desired count that is not placed waits (§6.1, §6.3).
    const needs = taskNeeds(req.taskDefinition);
    const svc = req.service;
    const share = svc.capacityProviderStrategy.length ? distribute(svc.capacityProviderStrategy, svc.desiredCount).get(p.name) ?? 0 : svc.desiredCount;
    const count = Math.max(short, share - liveOn(sim, svc.serviceName, p.name));
    cs.waiting.set(`${svc.serviceName}/${p.name}`, { provider: p.name, count, cpu: needs.cpu, memory: needs.memory, enis: needs.enis, hostPorts: needs.hostPorts, at: sim.t });
  }
  return { tasks: r.tasks, failure: null, waiting: short };
}

/** Tasks a service has waiting for Auto Scaling group capacity right now (0 for none). */
export function waitingForCapacity(sim: Simulation, service: string): number {
  const cs = sim.capacityState;
  if (!cs || !cs.waiting.size) return 0;
  let n = 0;
  for (const [key, w] of cs.waiting) if (key.startsWith(`${service}/`) && w.at >= sim.t - 1) n += w.count;
  return n;
}

/**
 * Each step: forget services that are no longer short, and start queued RunTask launches that
 * now fit (oldest first; a launch that still does not fit keeps its place).
 */
export function serveWaiting(sim: Simulation, now: number): void {
  const cs = capacityState(sim);
  for (const [name, w] of cs.waiting) if (w.at < now - 1) cs.waiting.delete(name);
  for (const q of cs.queuedRunTasks.slice()) {
    const td = sim.taskDef(q.taskDefinition);
    if (!td) { cs.queuedRunTasks.splice(cs.queuedRunTasks.indexOf(q), 1); continue; }
    const r = launchWithCapacityProvider(sim, { group: q.group, service: null, deploymentId: null, taskDefinition: td,
      launchType: 'EC2', capacityProvider: q.provider, count: q.count, strategy: [], memberOf: [], distinctInstance: false, targetGroupNames: [] });
    q.count -= r.tasks.length;
    if (q.count <= 0) cs.queuedRunTasks.splice(cs.queuedRunTasks.indexOf(q), 1);
    if (r.waiting > 0) break;
  }
}
