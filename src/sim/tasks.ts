/**
 * Tasks: launching (placement on EC2 through the core, AZ balancing on Fargate), stopping with the
 * ECS stop sequence, and turning the core's lifecycle moves into TaskStateChange events (§2.1).
 */
import type { Simulation } from './engine';
import type { AwsvpcConfiguration, LastStatus, LaunchType, Service, Task } from './model';
import type { TaskDefinition } from './taskdef';
import type { NormalizedStrategy } from './placement/validate';
import { MAX_AZ, PLAN, STATE_NAMES, TaskStateCode } from '../core/core';
import { hex, nextU32 } from './rng';
import { imagePull, launchPlan, stopPlan } from './lifecycle';
import { placeOnInstances } from './placement/place';
import { onTaskActivating, onTaskRunning, onTaskStopped, startDraining } from './health';
import { onTaskLaunchFailed } from './services';
import { flushRegistrations } from './targets-events';
import { endpointsAtLaunch } from './discovery/serviceconnect';
import { allocateAddress, freeAddresses, releaseAddress, routeToEcr, subnetById, type Subnet } from './network/vpc';

/** What a task definition asks of its host. */
export interface TaskNeeds {
  cpu: number;
  memory: number;
  enis: number;
  hostPorts: number[];
  awsvpc: boolean;
  image: string;
  stopTimeout: number;
  hasContainerHealthCheck: boolean;
}

export function taskNeeds(td: TaskDefinition): TaskNeeds {
  const containers = td.containerDefinitions;
  const { cpu, memory } = td.reservation;
  const awsvpc = td.networkMode === 'awsvpc';
  const hostPorts: number[] = [];
  if (!awsvpc) {
    for (const c of containers) {
      for (const pm of c.portMappings) {
        const hp = td.networkMode === 'host' ? pm.containerPort : pm.hostPort;
        if (hp && hp > 0) hostPorts.push(hp);
      }
    }
  }
  const essential = containers.find((c) => c.essential) ?? containers[0]!;
  return {
    cpu, memory, enis: awsvpc ? 1 : 0, hostPorts, awsvpc,
    image: essential.image,
    stopTimeout: essential.stopTimeout,
    hasContainerHealthCheck: containers.some((c) => c.essential && c.healthCheck),
  };
}

export interface LaunchRequest {
  group: string;
  service: Service | null;
  deploymentId: string | null;
  taskDefinition: TaskDefinition;
  launchType: LaunchType;
  capacityProvider: string | null;
  count: number;
  strategy: NormalizedStrategy[];
  memberOf: string[];
  distinctInstance: boolean;
  /** DAEMON: only this instance is eligible. */
  onlyInstance?: number;
  /** Target groups to register with (default: the service's load balancers). */
  targetGroupNames?: string[];
  /** awsvpc tasks: where their ENIs go. */
  awsvpcConfiguration?: AwsvpcConfiguration | null;
  /** Filled by launchTasks: zones whose listed subnets still have a free address (awsvpc only). */
  allowedAzs?: ReadonlySet<string>;
}

export interface LaunchResult {
  tasks: Task[];
  /** Why the rest could not be placed (the closest instance's reason), or null. */
  failure: string | null;
  /** The closest instance the failure names (RunTask's `failures[].arn`), or null. */
  failedInstanceId?: string | null;
}

/** Launches up to `count` tasks; on EC2 placement may place fewer. */
export function launchTasks(sim: Simulation, req: LaunchRequest): LaunchResult {
  const needs = taskNeeds(req.taskDefinition);
  const groupIndex = sim.groupIndex(req.group);
  const awsvpc = needs.awsvpc ? req.awsvpcConfiguration ?? req.service?.awsvpcConfiguration ?? null : null;
  if (awsvpc) req = { ...req, awsvpcConfiguration: awsvpc, allowedAzs: zonesWithAddresses(sim, awsvpc) };
  const launched: Task[] = [];
  let failure: string | null = null;
  let failedInstanceId: string | null = null;
  if (req.launchType === 'EC2') {
    const r = placeOnInstances(sim, req, needs, groupIndex);
    failure = r.failure;
    failedInstanceId = r.failedInstanceId;
    for (const p of r.placements) launched.push(createTask(sim, req, needs, groupIndex, p.instanceSlot, p.decision));
  } else {
    for (let k = 0; k < req.count; k++) {
      const azIndex = fargateAz(sim, groupIndex, req.allowedAzs);
      if (azIndex < 0) {
        failure = req.allowedAzs && req.allowedAzs.size === 0
          ? 'InsufficientFreeAddressesInSubnet: the task\'s subnets have no free IP addresses for its ENI.'
          : 'Capacity is unavailable at this time. Please try again later or in a different availability zone';
        break;
      }
      sim.core.countInAz(groupIndex, azIndex, 1);
      launched.push(createTask(sim, req, needs, groupIndex, -1, null, azIndex));
    }
  }
  return { tasks: launched, failure, failedInstanceId };
}

/**
 * Fargate balances a service's tasks across AZs (§1.1): the usable AZ holding the fewest of the
 * group's tasks; ties go to the first at or after a seeded offset. -1 when no AZ is usable.
 */
function fargateAz(sim: Simulation, groupIndex: number, allowed?: ReadonlySet<string>): number {
  const n = sim.availabilityZones.length;
  const offset = nextU32(sim.rng) % n;
  let best = -1;
  let bestCount = Infinity;
  for (let k = 0; k < n; k++) {
    const az = (offset + k) % n;
    const zone = sim.availabilityZones[az]!;
    if (sim.failedAzs.has(zone) || (allowed && !allowed.has(zone))) continue;
    const c = sim.core.groupAz[groupIndex * MAX_AZ + az]!;
    if (c < bestCount) { bestCount = c; best = az; }
  }
  return best;
}

function allocateSlot(sim: Simulation): number {
  // Reuse the slot of a task that has been STOPPED for over an hour (stopped tasks stay visible
  // at least an hour, §2.1).
  while (sim.freeSlots.length) {
    const slot = sim.freeSlots[0]!;
    const old = sim.tasks[slot]!;
    if (old.stoppedAt !== null && sim.t - old.stoppedAt >= 3600) { sim.freeSlots.shift(); return slot; }
    break;
  }
  const slot = sim.tasks.length;
  if (slot >= sim.core.capacity.tasks) throw new Error(`more than ${sim.core.capacity.tasks} tasks in this simulation`);
  return slot;
}

/** Where a placed task lands and how its start goes: computed when it gets capacity. */
interface Binding {
  zone: string; eni: { subnet: Subnet; ip: string } | null; subnet: Subnet | null;
  pullFailure: string | null; pullFails: boolean; routeOk: boolean; plan: Float64Array; pullSeconds: number;
}

function prepareBinding(sim: Simulation, req: LaunchRequest, needs: TaskNeeds, instanceSlot: number, fargateAz: number): Binding {
  const inst = instanceSlot >= 0 ? sim.instances[instanceSlot]! : null;
  const td = req.taskDefinition;
  const cached = inst !== null && (inst.imagesPreBaked || inst.imageCache.includes(needs.image));
  const zone = inst ? inst.availabilityZone : sim.availabilityZones[fargateAz]!;
  const eni = needs.awsvpc && req.awsvpcConfiguration ? attachEni(sim, req.awsvpcConfiguration, zone) : null;
  const subnet = eni ? eni.subnet : inst ? subnetById(sim, inst.subnetId)! : null;
  // The route to ECR: an instance in a public subnet has a public IP; a Fargate task only with assignPublicIp.
  const route = subnet ? routeToEcr(sim, subnet, eni ? req.awsvpcConfiguration!.assignPublicIp : subnet.type === 'public') : { ok: true, why: '' };
  const pull = imagePull(inst ? inst.imagePullBehavior : 'fargate', cached, td.sim.imageExists && route.ok);
  const pullFailure = !pull.fails ? null : !route.ok ? noRouteReason(req.launchType, route.why)
    : `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${needs.image}: not found`;
  const { plan, pullSeconds } = launchPlan(sim.rng, {
    launchType: req.launchType, awsvpc: needs.awsvpc, imageSizeMiB: td.sim.imageSizeMiB,
    pull: pull.pull, pullFails: pull.fails, exitAfterSeconds: td.sim.exitAfterSeconds,
  });
  return { zone, eni, subnet, pullFailure, pullFails: pull.fails, routeOk: route.ok, plan, pullSeconds };
}

/** Puts a task on its capacity: ports, the failing-pull timer, and its lifecycle in the core. */
function applyBinding(sim: Simulation, task: Task, b: Binding, needs: TaskNeeds, instanceSlot: number, decision: unknown): void {
  const inst = instanceSlot >= 0 ? sim.instances[instanceSlot]! : null;
  if (inst) inst.usedPorts.push(...needs.hostPorts);
  // A missing tag fails fast; a pull with no route to ECR waits for its connection timeouts (model: 60 s).
  if (b.pullFails) sim.timers.push({ at: sim.t + b.plan[0]! + (b.routeOk ? b.pullSeconds : 60), kind: 'pullFailed', slot: task.slot });
  sim.core.bindTask(task.slot, task.groupIndex, instanceSlot, task.definition.revision);
  sim.core.enterState(task.slot, TaskStateCode.PROVISIONING, sim.t, b.plan);
  if (decision) sim.emit({ ...(decision as object), taskId: task.taskId } as never);
}

/**
 * Creates a task. `waiting`: an EC2 task of an Auto Scaling group provider that does not fit yet:
 * it exists in PROVISIONING with no instance until capacity arrives (§1.6, §6.3; see
 * capacity/waiting.ts), holding nothing.
 */
function createTask(sim: Simulation, req: LaunchRequest, needs: TaskNeeds, groupIndex: number,
  instanceSlot: number, decision: unknown, fargateAz = -1, waiting = false): Task {
  const slot = allocateSlot(sim);
  const inst = instanceSlot >= 0 ? sim.instances[instanceSlot]! : null;
  const td = req.taskDefinition;
  const b = waiting ? null : prepareBinding(sim, req, needs, instanceSlot, fargateAz);
  const task: Task = {
    slot,
    taskId: hex(sim.rng, 32),
    group: req.group,
    groupIndex,
    service: req.service?.serviceName ?? null,
    deploymentId: req.deploymentId,
    taskDefinition: `${td.family}:${td.revision}`,
    definition: td,
    launchType: req.launchType,
    capacityProvider: req.capacityProvider,
    availabilityZone: b?.zone ?? '',
    instanceSlot,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    cpu: needs.cpu,
    memory: needs.memory,
    enis: needs.enis,
    hostPorts: needs.hostPorts,
    createdAt: sim.t,
    pullStartedAt: null,
    startedAt: null,
    appReadyAt: null,
    healthyAt: null,
    healthStatus: 'UNKNOWN',
    stoppingAt: null,
    stoppedAt: null,
    stopCode: null,
    stoppedReason: null,
    subnetId: b?.subnet?.subnetId ?? null,
    privateIpv4Address: b?.eni ? b.eni.ip : inst?.privateIpv4Address ?? null,
    securityGroups: b?.eni ? req.awsvpcConfiguration!.securityGroups : [],
    pullFailure: b?.pullFailure ?? null,
    reachMemo: -1,
    waitingForCapacity: waiting,
    serviceConnectEndpoints: endpointsAtLaunch(sim, req.service),
    targetGroupNames: req.targetGroupNames ?? req.service?.loadBalancers.map((l) => l.targetGroupName) ?? [],
    containerCheck: null,
    unhealthyReason: null,
    requestsPerSecond: 0,
    cpuUtilization: 0,
  };
  sim.tasks[slot] = task;
  if (task.service) {
    let set = sim.liveByService.get(task.service);
    if (!set) { set = new Set(); sim.liveByService.set(task.service, set); }
    set.add(task);
  }
  if (b) applyBinding(sim, task, b, needs, instanceSlot, decision);
  else {
    // Waiting: in PROVISIONING until placed; nothing held, nothing timed.
    sim.core.bindTask(slot, groupIndex, -1, td.revision);
    sim.core.enterState(slot, TaskStateCode.PROVISIONING, sim.t, WAITING_PLAN);
  }
  emitState(sim, task);
  return task;
}

const WAITING_PLAN = new Float64Array(PLAN).fill(Infinity);

/** Creates `count` tasks that wait in PROVISIONING for capacity (no instance yet). */
export function createWaitingTasks(sim: Simulation, req: LaunchRequest, count: number): Task[] {
  const needs = taskNeeds(req.taskDefinition);
  const groupIndex = sim.groupIndex(req.group);
  const out: Task[] = [];
  for (let k = 0; k < count; k++) out.push(createTask(sim, req, needs, groupIndex, -1, null, -1, true));
  return out;
}

/** Places a waiting task on the instance the scheduler found for it; its start begins now. */
export function bindWaitingTask(sim: Simulation, task: Task, req: LaunchRequest, instanceSlot: number, decision: unknown): void {
  const needs = taskNeeds(task.definition);
  const b = prepareBinding(sim, req, needs, instanceSlot, -1);
  task.waitingForCapacity = false;
  task.instanceSlot = instanceSlot;
  task.availabilityZone = b.zone;
  task.subnetId = b.subnet?.subnetId ?? null;
  task.privateIpv4Address = b.eni ? b.eni.ip : sim.instances[instanceSlot]!.privateIpv4Address;
  task.securityGroups = b.eni ? req.awsvpcConfiguration!.securityGroups : [];
  task.pullFailure = b.pullFailure;
  applyBinding(sim, task, b, needs, instanceSlot, decision);
  sim.touchService(task.service);
}

/** Places up to `count` tasks on instances now (the core commits what it places); for waiting tasks. */
export function placeNow(sim: Simulation, req: LaunchRequest): { instanceSlot: number; decision: unknown } | null {
  const needs = taskNeeds(req.taskDefinition);
  const awsvpc = needs.awsvpc ? req.awsvpcConfiguration ?? req.service?.awsvpcConfiguration ?? null : null;
  const r = awsvpc ? { ...req, count: 1, awsvpcConfiguration: awsvpc, allowedAzs: zonesWithAddresses(sim, awsvpc) } : { ...req, count: 1 };
  const placed = placeOnInstances(sim, r, needs, sim.groupIndex(req.group));
  const p = placed.placements[0];
  return p ? { instanceSlot: p.instanceSlot, decision: p.decision } : null;
}

export function emitState(sim: Simulation, task: Task): void {
  sim.touchService(task.service);
  const inst = sim.instanceOf(task);
  sim.emit({
    t: sim.t, type: 'TaskStateChange', taskId: task.taskId, service: task.service,
    taskDefinition: task.taskDefinition, lastStatus: task.lastStatus, desiredStatus: task.desiredStatus,
    launchType: task.launchType, capacityProvider: task.capacityProvider,
    availabilityZone: task.availabilityZone, containerInstanceId: inst ? inst.id : null,
    stopCode: task.stopCode, stoppedReason: task.stoppedReason,
  });
}

/**
 * Stops a task the way ECS does: desiredStatus STOPPED now; a task behind a load balancer first
 * drains for the deregistration delay (§3.2, §12), then gets SIGTERM and, after stopTimeout, SIGKILL.
 */
export function stopTask(sim: Simulation, task: Task, stopCode: string, reason: string,
  opts: { exitsOnSigterm?: boolean; immediate?: boolean } = {}): void {
  if (task.desiredStatus === 'STOPPED') return;
  task.desiredStatus = 'STOPPED';
  task.stopCode = stopCode;
  task.stoppedReason = reason;
  task.stoppingAt = sim.t;
  // A service task that fails before it ever ran counts toward the throttle and the breaker now,
  // before the scheduler replaces it (§1.6, §3.3).
  if (task.service && task.startedAt === null) onTaskLaunchFailed(sim, task);
  const td = task.definition;
  const needs = td ? taskNeeds(td) : null;
  const awsvpc = needs?.awsvpc ?? false;
  const stopTimeout = needs?.stopTimeout ?? 30;
  const early = task.lastStatus === 'PROVISIONING' || task.lastStatus === 'PENDING';
  // A host that is gone stops its tasks at once: nothing drains and nothing waits for SIGTERM.
  const drain = early || opts.immediate ? 0 : startDraining(sim, task);
  const [deact, stopping, deprov] = opts.immediate ? [0, 0, 0.5]
    : stopPlan(sim.rng, drain, early ? 0.5 : stopTimeout, awsvpc, opts.exitsOnSigterm ?? true);
  const plan = sim.core.taskPlan;
  const base = task.slot * PLAN;
  plan[base + 4] = deact!;
  plan[base + 5] = stopping!;
  plan[base + 6] = deprov!;
  const code = sim.core.taskState[task.slot]!;
  if (code < TaskStateCode.DEACTIVATING) {
    sim.core.enterState(task.slot, TaskStateCode.DEACTIVATING, sim.t);
    task.lastStatus = 'DEACTIVATING';
  }
  emitState(sim, task);
}

/** Engine timers that are due (a failed image pull gives up after its attempt). */
export function runTimers(sim: Simulation, now: number): void {
  if (!sim.timers.length) return;
  const due = sim.timers.filter((x) => x.at <= now);
  if (!due.length) return;
  sim.timers.splice(0, sim.timers.length, ...sim.timers.filter((x) => x.at > now));
  for (const timer of due) {
    const task = sim.tasks[timer.slot]!;
    if (timer.kind !== 'pullFailed' || task.desiredStatus !== 'RUNNING' || task.pullFailure === null) continue;
    // Timers run before the lifecycle tick, so a pull that fails within the second the task reaches
    // PENDING finds it still PROVISIONING: wait one more step instead of forgetting the failure
    // (which left the task PENDING for good under some seeds).
    if (task.lastStatus === 'PROVISIONING') sim.timers.push({ at: now + 1, kind: 'pullFailed', slot: timer.slot });
    else if (task.lastStatus === 'PENDING') stopTask(sim, task, 'TaskFailedToStart', task.pullFailure);
  }
}

/** One core tick: every task whose state ran out moves on; report each step and apply its effects. */
export function advanceTasks(sim: Simulation, now: number): void {
  const moved = sim.core.tick(now, sim.tasks.length);
  // Copy: effects below may call the core again, which reuses its output buffer.
  const slots = Array.from(moved);
  for (const slot of slots) {
    const task = sim.tasks[slot]!;
    const target = STATE_NAMES[sim.core.taskState[slot]!] as LastStatus;
    let code = STATE_NAMES.indexOf(task.lastStatus);
    const end = STATE_NAMES.indexOf(target);
    while (code < end) {
      code++;
      task.lastStatus = STATE_NAMES[code] as LastStatus;
      enter(sim, task, now);
    }
  }
  if (slots.length) flushRegistrations(sim);
}

function enter(sim: Simulation, task: Task, now: number): void {
  const inst = sim.instanceOf(task);
  const td = task.definition;
  switch (task.lastStatus) {
    case 'PENDING':
      task.pullStartedAt = now;
      break;
    case 'ACTIVATING':
      onTaskActivating(sim, task);
      break;
    case 'RUNNING': {
      task.startedAt = now;
      task.appReadyAt = now + td.sim.appStartSeconds;
      onTaskRunning(sim, task);
      const needs = taskNeeds(td);
      if (inst && !inst.imageCache.includes(needs.image)) inst.imageCache.push(needs.image);
      break;
    }
    case 'DEACTIVATING':
      if (task.desiredStatus === 'RUNNING') {
        // The essential container exited by itself (the app crashed or finished).
        task.desiredStatus = 'STOPPED';
        task.stopCode = 'EssentialContainerExited';
        task.stoppedReason = `Essential container in task exited`;
        task.stoppingAt = now;
        startDraining(sim, task);
      }
      break;
    case 'STOPPED':
      task.stoppedAt = now;
      if (task.service) sim.liveByService.get(task.service)?.delete(task);
      releaseTask(sim, task);
      onTaskStopped(sim, task);
      sim.freeSlots.push(task.slot);
      break;
    default:
      break;
  }
  emitState(sim, task);
}

function releaseTask(sim: Simulation, task: Task): void {
  if (task.waitingForCapacity) return;
  if (task.instanceSlot >= 0) {
    sim.core.release(task.instanceSlot, task.groupIndex, task.cpu, task.memory, task.enis);
    const inst = sim.instances[task.instanceSlot]!;
    for (const p of task.hostPorts) {
      const i = inst.usedPorts.indexOf(p);
      if (i >= 0) inst.usedPorts.splice(i, 1);
    }
  } else {
    sim.core.countInAz(task.groupIndex, sim.availabilityZones.indexOf(task.availabilityZone), -1);
  }
  if (task.securityGroups.length && task.subnetId && task.privateIpv4Address) releaseAddress(sim, task.subnetId, task.privateIpv4Address);
}

/** Zones where one of the configuration's subnets has a free address. */
function zonesWithAddresses(sim: Simulation, cfg: AwsvpcConfiguration): Set<string> {
  const zones = new Set<string>();
  for (const id of cfg.subnets) {
    const s = subnetById(sim, id);
    if (s && freeAddresses(s) > 0) zones.add(s.availabilityZone);
  }
  return zones;
}

/** Creates the task's ENI in the first listed subnet of its zone that has a free address. */
function attachEni(sim: Simulation, cfg: AwsvpcConfiguration, zone: string): { subnet: Subnet; ip: string } | null {
  for (const id of cfg.subnets) {
    const s = subnetById(sim, id);
    if (!s || s.availabilityZone !== zone) continue;
    const ip = allocateAddress(s);
    if (ip) return { subnet: s, ip };
  }
  return null;
}

/** The stopped reason of a task whose image pull could not reach ECR (wording modelled on ECS's). */
function noRouteReason(launchType: LaunchType, why: string): string {
  const detail = `dial tcp: lookup api.ecr.us-east-1.amazonaws.com: i/o timeout (${why})`;
  return launchType === 'FARGATE'
    ? `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: ${detail}`
    : `CannotPullContainerError: Error response from daemon: Get "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/": ${detail}`;
}
