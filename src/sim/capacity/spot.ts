/**
 * Spot interruptions, the fault `InterruptSpotCapacity { capacityProvider, fraction, unavailableSeconds? }`:
 *
 * - FARGATE_SPOT (§6.2, worked example 19): the chosen tasks get the two-minute warning as a task
 *   state change (stopCode `SpotInterruption`) and SIGTERM at once; the app exits, or is killed
 *   after its stopTimeout (default 30 s, at most 120 s). Nothing waits for load-balancer draining.
 *   The service launches replacements on FARGATE_SPOT; while capacity is withheld
 *   (`unavailableSeconds`, default 0) they fail with "Capacity is unavailable at this time".
 * - An Auto Scaling group of Spot instances (§6.3): the chosen instances get EC2's two-minute
 *   interruption notice. With ECS_ENABLE_SPOT_INSTANCE_DRAINING the agent sets the instance to
 *   DRAINING at once and the service scheduler moves its tasks; without it the tasks die when
 *   EC2 reclaims the instance. The group then launches replacements.
 *
 * Which tasks or instances are interrupted is drawn from the seeded PRNG.
 */
import type { Simulation } from '../engine';
import type { Task } from '../model';
import type { CommandResult } from '../commands';
import { invalidParameter } from '../errors';
import { nextU32 } from '../rng';
import { stopTask } from '../tasks';
import { PLAN, TaskStateCode } from '../../core/core';
import { asgProvider, capacityState } from './state';

/** EC2 and Fargate give two minutes' notice (§6.2, §6.3). */
export const SPOT_NOTICE_SECONDS = 120;

type Req = Record<string, unknown>;

/** k distinct items chosen with the seeded PRNG (a partial Fisher-Yates shuffle). */
export function pick<T>(sim: Simulation, items: T[], k: number): T[] {
  const a = items.slice();
  for (let i = 0; i < k && i < a.length; i++) {
    const j = i + (nextU32(sim.rng) % (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

/** Stops a Fargate Spot task: SIGTERM now, no draining wait (§6.2). */
export function interruptFargateTask(sim: Simulation, t: Task): void {
  stopTask(sim, t, 'SpotInterruption', 'Your Spot Task was interrupted.');
  // The warning and SIGTERM arrive together: the deregistration wait does not delay SIGTERM.
  const base = t.slot * PLAN;
  if (sim.core.taskState[t.slot] === TaskStateCode.DEACTIVATING && sim.core.taskPlan[base + 4]! > 0) {
    sim.core.taskPlan[base + 4] = 0;
    sim.core.enterState(t.slot, TaskStateCode.DEACTIVATING, sim.t);
  }
}

export function interruptSpotCapacity(sim: Simulation, req: Req): CommandResult {
  const name = req.capacityProvider;
  const fraction = req.fraction;
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction <= 1)) {
    return { ok: false, error: invalidParameter('fraction', fraction, 'a number above 0 and at most 1', 'fraction must be a number above 0 and at most 1 (the share of Spot capacity reclaimed).') };
  }
  const hold = req.unavailableSeconds ?? 0;
  if (typeof hold !== 'number' || !(hold >= 0)) {
    return { ok: false, error: invalidParameter('unavailableSeconds', hold, 'seconds, 0 or more', 'unavailableSeconds must be a number of seconds, 0 or more.') };
  }
  const cs = capacityState(sim);
  if (name === 'FARGATE_SPOT') {
    const tasks = sim.tasks.filter((t) => t.capacityProvider === 'FARGATE_SPOT' && t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED');
    const chosen = pick(sim, tasks, Math.ceil(fraction * tasks.length));
    if (hold > 0) cs.spotUnavailableUntil.set('FARGATE_SPOT', sim.t + hold);
    for (const t of chosen) interruptFargateTask(sim, t);
    return { ok: true, value: { interruptedTasks: chosen.map((t) => t.taskId) } };
  }
  const p = asgProvider(sim, typeof name === 'string' ? name : null);
  if (!p || p.lifecycle !== 'spot') {
    const spotOnes = ['FARGATE_SPOT', ...[...cs.providers.values()].filter((x) => x.lifecycle === 'spot').map((x) => x.name)];
    return { ok: false, error: invalidParameter('capacityProvider', name, `a Spot capacity provider: ${spotOnes.join(', ')}`, `Capacity provider ${String(name)} has no Spot capacity to interrupt.`) };
  }
  const inService = p.instances.filter((i) => i.state === 'InService' && i.interruptAt === null);
  const chosen = pick(sim, inService, Math.ceil(fraction * inService.length));
  if (hold > 0) cs.spotUnavailableUntil.set(p.name, sim.t + SPOT_NOTICE_SECONDS + hold);
  for (const i of chosen) {
    i.interruptAt = sim.t + SPOT_NOTICE_SECONDS;
    const ci = sim.instances[i.slot];
    if (!ci) continue;
    const drain = p.spotInstanceDraining && ci.status === 'ACTIVE';
    sim.emit({ t: sim.t, type: 'ServiceEvent', service: p.name, message: `EC2 Spot Instance Interruption Warning: instance ${i.ec2InstanceId} (container instance ${ci.id}) is reclaimed in 2 minutes.${drain ? ' The ECS agent sets it to DRAINING (ECS_ENABLE_SPOT_INSTANCE_DRAINING).' : ' Spot instance draining is off: its tasks keep running until the instance is gone.'}` });
    if (!drain) continue;
    ci.status = 'DRAINING';
    sim.core.setInstanceStatus(ci.slot, 2);
    sim.clusterVersion++;
    // Service tasks move: each stops (draining its load-balancer connections first) and the
    // scheduler starts its replacement elsewhere (§1.7).
    for (const t of sim.tasks) {
      if (t.instanceSlot !== ci.slot || !t.service || t.desiredStatus !== 'RUNNING' || t.lastStatus === 'STOPPED') continue;
      const svc = sim.services.get(t.service);
      if (svc?.schedulingStrategy === 'DAEMON') continue;
      stopTask(sim, t, 'ServiceSchedulerInitiated', `Container instance ${ci.id} is draining (Spot interruption notice).`);
    }
  }
  return { ok: true, value: { interruptedInstances: chosen.map((i) => i.ec2InstanceId) } };
}
