/**
 * Launching through a capacity provider (§6): the service scheduler and RunTask call
 * `launchWithCapacityProvider` where they would call `launchTasks`.
 *
 * - FARGATE / FARGATE_SPOT: launches draw from the Fargate token buckets and the service's
 *   per-minute launch rate (§7.2, §11); FARGATE_SPOT fails with "Capacity is unavailable" while
 *   Spot capacity is withheld after an interruption (§6.2).
 * - An Auto Scaling group provider: tasks go only to that group's instances. A task that does not
 *   fit waits in PROVISIONING instead of failing (§6.3): a real task with no instance yet, which
 *   managed scaling reads as CapacityProviderReservation above 100, placed as soon as an instance
 *   has room. No "unable to place" event is emitted for it.
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
import type { Task } from '../model';
import { bindWaitingTask, createWaitingTasks, launchTasks, placeNow } from '../tasks';
import { asgProvider, capacityState, type AsgProvider } from './state';
import { noteServiceLaunches, returnLaunchTokens, serviceLaunchAllowance, takeLaunchTokens } from './throttle';

/** The attribute the simulator puts on instances of an Auto Scaling group provider. */
export const PROVIDER_ATTRIBUTE = 'ecs.lab.capacity-provider';

export const CAPACITY_UNAVAILABLE = 'Capacity is unavailable at this time. Please try again later or in a different availability zone';

export interface ProviderLaunchResult extends LaunchResult {
  /** Tasks that wait for Auto Scaling group capacity (counted in PROVISIONING). */
  waiting: number;
  /** Those tasks (PROVISIONING, no instance yet). */
  waitingTasks?: Task[];
}

/** True while interrupted Spot capacity of this provider is withheld (InterruptSpotCapacity). */
export function spotWithheld(sim: Simulation, provider: string): boolean {
  return (capacityState(sim).spotUnavailableUntil.get(provider) ?? -1) > sim.t;
}

function mixedCluster(sim: Simulation, p: AsgProvider): boolean {
  return sim.instances.some((i) => i.status !== 'DEREGISTERED' && i.capacityProvider !== p.name);
}

/**
 * Launches `req.count` tasks through the request's capacity provider. `tokensTaken`: a RunTask
 * call already paid its Fargate tokens (see `takeRunTaskTokens`).
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
  if (!r.failure) return { ...r, waiting: 0 };
  // What does not fit waits in PROVISIONING for the group to grow (§6.3): real tasks, counted by
  // the service and by CapacityProviderReservation, placed as soon as an instance has room.
  const short = req.count - r.tasks.length;
  const waitingTasks = createWaitingTasks(sim, restricted, short);
  for (const task of waitingTasks) cs.waitingTasks.push({ task, provider: p.name, request: { ...restricted, count: 1 } });
  return { tasks: r.tasks, failure: null, waiting: short, waitingTasks };
}

/** Tasks a service has waiting for Auto Scaling group capacity right now (0 for none). */
export function waitingForCapacity(sim: Simulation, service: string): number {
  const cs = sim.capacityState;
  if (!cs) return 0;
  let n = 0;
  for (const w of cs.waitingTasks) if (w.task.service === service && w.task.waitingForCapacity) n++;
  return n;
}

/**
 * Each step, oldest first: a waiting task that was stopped leaves the queue; one that now fits is
 * placed and starts. After one task of a provider does not fit, the rest of that provider wait for
 * the next step (they would not fit either), so a long queue costs one placement try per provider.
 */
export function serveWaiting(sim: Simulation, _now: number): void {
  const cs = capacityState(sim);
  if (!cs.waitingTasks.length) return;
  const full = new Set<string>();
  cs.waitingTasks = cs.waitingTasks.filter((w) => {
    if (!w.task.waitingForCapacity || w.task.desiredStatus !== 'RUNNING') return false;
    if (full.has(w.provider)) return true;
    const placed = placeNow(sim, w.request);
    if (!placed) { full.add(w.provider); return true; }
    bindWaitingTask(sim, w.task, w.request, placed.instanceSlot, placed.decision);
    return false;
  });
}
