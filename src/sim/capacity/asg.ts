/**
 * EC2 Auto Scaling groups behind capacity providers (§6.3): launching instances (they take minutes
 * to register), replacing lost ones, terminating on scale-in (only empty instances when managed
 * termination protection is on), and ECS managed scaling on CapacityProviderReservation.
 *
 * Modelled figures (AWS publishes none; the UI says so):
 * - launch to container-instance registration: about 2 minutes (±25 %), `ASG_MODEL.registerSeconds`;
 * - the ASG puts new instances in the zone with the fewest (AZ balance) and, on scale-in, removes
 *   from the zone with the most, oldest first (its default termination policy, simplified);
 * - scale-in size: the instances that target capacity does not need, at most maximumScalingStepSize.
 */
import type { Simulation } from '../engine';
import type { ApiError } from '../errors';
import { hex, jitter } from '../rng';
import { registerInstance } from '../cluster';
import { terminate } from '../faults';
import { capacityState, type AsgInstance, type AsgProvider } from './state';
import { instancesNeeded, waitingOn } from './needs';
import { PROVIDER_ATTRIBUTE, spotWithheld } from './launch';

export const ASG_MODEL = {
  /** From the ASG's launch to the ECS agent registering the container instance (model). */
  registerSeconds: 120,
  registerJitter: 0.25,
  /** CapacityProviderReservation alarms (§6.3, [2nd]): 1 of 1 datapoints out, 15 of 15 in. */
  scaleOutDatapoints: 1,
  scaleInDatapoints: 15,
} as const;

function live(p: AsgProvider): AsgInstance[] {
  return p.instances.filter((i) => i.state !== 'Terminated');
}

function activity(sim: Simulation, p: AsgProvider, from: number, to: number, cause: string): void {
  sim.emit({ t: sim.t, type: 'ScalingActivity', resource: `autoScalingGroup/${p.autoScalingGroupName}`, from, to, cause });
}

/** Launches one instance into the zone with the fewest; `alreadyRunning` registers it now (setup). */
export function launchAsgInstance(sim: Simulation, p: AsgProvider, alreadyRunning: boolean): ApiError | null {
  const counts = p.availabilityZones.map((z) => live(p).filter((i) => i.availabilityZone === z).length);
  const usable = p.availabilityZones.filter((z) => !sim.failedAzs.has(z));
  const zones = usable.length ? usable : p.availabilityZones;
  let az = zones[0]!;
  for (const z of zones) if (counts[p.availabilityZones.indexOf(z)]! < counts[p.availabilityZones.indexOf(az)]!) az = z;
  const inst: AsgInstance = {
    ec2InstanceId: `i-0${hex(sim.rng, 16)}`, availabilityZone: az, lifecycle: p.lifecycle,
    launchedAt: sim.t, registersAt: alreadyRunning ? sim.t : sim.t + jitter(sim.rng, ASG_MODEL.registerSeconds, ASG_MODEL.registerJitter),
    warmUntil: alreadyRunning ? sim.t : sim.t + p.managedScaling.instanceWarmupPeriod,
    slot: -1, state: 'Pending', terminatedAt: null, interruptAt: null,
  };
  p.instances.push(inst);
  if (alreadyRunning) return register(sim, p, inst);
  return null;
}

function register(sim: Simulation, p: AsgProvider, inst: AsgInstance): ApiError | null {
  const e = registerInstance(sim, { instanceType: p.instanceType, availabilityZone: inst.availabilityZone, capacityProvider: p.name,
    ec2InstanceId: inst.ec2InstanceId, lifecycle: inst.lifecycle, attributes: { [PROVIDER_ATTRIBUTE]: p.name } }, 1);
  if (e) {
    inst.state = 'Terminated';
    inst.terminatedAt = sim.t;
    return { code: 'InvalidParameterException', ...e };
  }
  inst.slot = sim.instances.length - 1;
  inst.state = 'InService';
  return null;
}

/** True when managed termination protection keeps the instance (it runs non-daemon tasks, §6.3). */
export function isProtected(sim: Simulation, p: AsgProvider, inst: AsgInstance): boolean {
  if (p.managedTerminationProtection !== 'ENABLED' || inst.slot < 0) return false;
  return sim.core.instTasks[inst.slot]! > 0;
}

/** Instances the ASG would remove first: Pending ones, then from the fullest zone, oldest first. */
function victims(sim: Simulation, p: AsgProvider, n: number): AsgInstance[] {
  const out: AsgInstance[] = [];
  const pool = live(p).filter((i) => !isProtected(sim, p, i));
  while (out.length < n && pool.length) {
    const pending = pool.find((i) => i.state === 'Pending');
    let pick = pending;
    if (!pick) {
      const byZone = new Map<string, number>();
      for (const i of live(p)) if (!out.includes(i)) byZone.set(i.availabilityZone, (byZone.get(i.availabilityZone) ?? 0) + 1);
      const fullest = Math.max(...pool.map((i) => byZone.get(i.availabilityZone) ?? 0));
      pick = pool.find((i) => (byZone.get(i.availabilityZone) ?? 0) === fullest)!;
    }
    out.push(pick);
    pool.splice(pool.indexOf(pick), 1);
  }
  return out;
}

function end(sim: Simulation, inst: AsgInstance, reason: string): void {
  inst.state = 'Terminated';
  inst.terminatedAt = sim.t;
  const ci = inst.slot >= 0 ? sim.instances[inst.slot] : undefined;
  if (ci && ci.status !== 'DEREGISTERED') terminate(sim, ci, reason);
}

/**
 * One step of an Auto Scaling group: registrations that are due, Spot reclaims, replacement of
 * lost instances, and keeping the group at its desired capacity.
 */
export function reconcileAsg(sim: Simulation, p: AsgProvider, now: number): void {
  for (const inst of p.instances) {
    if (inst.state === 'Pending' && inst.registersAt <= now) register(sim, p, inst);
    if (inst.state === 'InService' && inst.interruptAt !== null && inst.interruptAt <= now) {
      end(sim, inst, `Spot instance ${inst.ec2InstanceId} was reclaimed by EC2 (interruption notice at ${inst.interruptAt - 120} s).`);
    }
    // An instance terminated from outside (TerminateInstance, an AZ failure) leaves the group;
    // the ASG's health check replaces it.
    if (inst.state === 'InService' && sim.instances[inst.slot]?.status === 'DEREGISTERED') end(sim, inst, 'terminated');
  }
  const running = live(p);
  // EC2 has no Spot capacity for the group while it is withheld after an interruption (model).
  if (running.length < p.desiredCapacity && !(p.lifecycle === 'spot' && spotWithheld(sim, p.name))) {
    for (let k = running.length; k < p.desiredCapacity; k++) launchAsgInstance(sim, p, false);
  } else if (running.length > p.desiredCapacity) {
    const out = victims(sim, p, running.length - p.desiredCapacity);
    for (const v of out) end(sim, v, `Host EC2 (instance ${v.ec2InstanceId}) terminated by Auto Scaling group ${p.autoScalingGroupName} (scale-in).`);
    // Protected instances stay: the group's desired capacity settles at what it could remove.
    if (out.length < running.length - p.desiredCapacity) p.desiredCapacity = live(p).length;
  }
  // Keep history short: terminated instances older than an hour are forgotten.
  if (p.instances.length > 64) p.instances = p.instances.filter((i) => i.state !== 'Terminated' || now - (i.terminatedAt ?? now) < 3600);
}

/** Sets the group's desired capacity within its bounds, with a ScalingActivity. */
export function setDesiredCapacity(sim: Simulation, p: AsgProvider, to: number, cause: string): void {
  const v = Math.max(p.minSize, Math.min(p.maxSize, to));
  if (v === p.desiredCapacity) return;
  activity(sim, p, p.desiredCapacity, v, cause);
  p.desiredCapacity = v;
}

/**
 * ECS managed scaling, once a minute (§6.3): CapacityProviderReservation = M / N × 100, with N the
 * running instances and M the instances needed (a binpack of the tasks waiting in PROVISIONING
 * onto new instances of the group's type). Without waiting tasks and a target of 100, the
 * documented scale-in rule applies: 100 − empty instances. N = 0 with tasks waiting reads 200.
 * The core counts running and empty instances per provider (`cpRunning`, `cpEmpty`) in one pass.
 */
export function evaluateManagedScaling(sim: Simulation, p: AsgProvider, now: number): void {
  const core = sim.core;
  const waiting = waitingOn(sim, p.name);
  const need = instancesNeeded(sim, p, waiting);
  core.cpNeed[p.index] = need.instances;
  core.serviceMetrics(0);
  const n = core.cpRunning[p.index]!;
  const empty = core.cpEmpty[p.index]!;
  const target = p.managedScaling.targetCapacity;
  let cpr = core.cpReservation[p.index]!;
  if (need.instances === 0 && target < 100) cpr = n === 0 ? 100 : (100 * (n - empty)) / n;
  cpr = Math.round(cpr * 100) / 100;
  p.reservation.push(cpr);
  if (p.reservation.length > ASG_MODEL.scaleInDatapoints) p.reservation.shift();
  p.last = { t: now, reservation: cpr, needed: need.instances, running: n, empty, waitingTasks: need.tasks };
  if (p.managedScaling.status !== 'ENABLED') return;
  const pending = p.instances.filter((i) => i.state === 'Pending').length;
  const warming = p.instances.some((i) => i.state !== 'Terminated' && now < i.warmUntil);
  const m = need.instances > 0 ? n + need.instances : n - empty;
  if (cpr > target) {
    if (warming || p.desiredCapacity >= p.maxSize) return;
    const wanted = Math.ceil((m * 100) / target) - n - pending;
    if (wanted <= 0) return;
    const step = wanted < p.managedScaling.minimumScalingStepSize ? p.managedScaling.minimumScalingStepSize
      : Math.min(p.managedScaling.maximumScalingStepSize, wanted);
    setDesiredCapacity(sim, p, p.desiredCapacity + step,
      `CapacityProviderReservation ${cpr} > targetCapacity ${target} (N = ${n} running, M = ${m} needed${need.tasks ? `, ${need.tasks} tasks in PROVISIONING` : ''}): ECS managed scaling adds ${step}`);
    return;
  }
  const low = p.reservation.length >= ASG_MODEL.scaleInDatapoints && p.reservation.every((x) => x < target);
  if (!low || need.tasks > 0 || pending > 0) return;
  let remove = Math.min(p.managedScaling.maximumScalingStepSize, n - Math.ceil((m * 100) / target));
  if (p.managedTerminationProtection === 'ENABLED') remove = Math.min(remove, empty);
  remove = Math.min(remove, p.desiredCapacity - p.minSize);
  if (remove <= 0) return;
  p.reservation.length = 0;
  setDesiredCapacity(sim, p, p.desiredCapacity - remove,
    `CapacityProviderReservation below targetCapacity ${target} for ${ASG_MODEL.scaleInDatapoints} minutes (${empty} empty of ${n}): ECS managed scaling removes ${remove}`);
}

/** Every group, every step; managed scaling on the minute. */
export function runAutoScalingGroups(sim: Simulation, now: number): void {
  const cs = capacityState(sim);
  if (!cs.providers.size) return;
  // Managed scaling first, so the group launches in the minute it decided to.
  if (now % 60 === 0) for (const p of cs.providers.values()) evaluateManagedScaling(sim, p, now);
  for (const p of cs.providers.values()) reconcileAsg(sim, p, now);
}
