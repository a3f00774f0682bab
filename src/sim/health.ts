/**
 * Health: ALB target groups (§12), container health checks (§2.3), and when a service counts a
 * task healthy (§2.4). Unhealthy service tasks are replaced after the grace period (§2.5, §3.1).
 */
import type { Simulation } from './engine';
import type { Scenario } from './scenario/schema';
import type { SetupError } from './systems';
import type { Target, TargetGroup, Task } from './model';
import { nextFloat } from './rng';
import { taskNeeds } from './tasks';
import { MODEL } from './lifecycle';
import { lbCanReach } from './network/security';
import { deregisterTask, pushHealth, registerTask } from './discovery/cloudmap';
import { noteRegistration, reportUnhealthyContainer, reportUnhealthyTarget } from './targets-events';
import { DEFAULT_SECURITY_GROUP } from './network/vpc';

/** Creates the scenario's load balancers' target groups, with ALB defaults (§12). */
export function setupLoadBalancers(sim: Simulation, s: Scenario): SetupError | null {
  for (const [i, lb] of s.loadBalancers.entries()) {
    for (const tg of lb.targetGroups) {
      if (sim.targetGroups.has(tg.targetGroupName)) {
        return { field: `loadBalancers[${i}].targetGroups`, value: tg.targetGroupName, accepted: 'unique target group names', message: `DuplicateTargetGroupName: A target group with the same name '${tg.targetGroupName}' exists, but with different settings` };
      }
      sim.targetGroups.set(tg.targetGroupName, {
        targetGroupName: tg.targetGroupName,
        loadBalancerName: lb.name,
        intervalSeconds: tg.healthCheck?.intervalSeconds ?? 30,
        healthyThresholdCount: tg.healthCheck?.healthyThresholdCount ?? 5,
        unhealthyThresholdCount: tg.healthCheck?.unhealthyThresholdCount ?? 2,
        deregistrationDelaySeconds: tg.deregistrationDelaySeconds ?? 300,
        securityGroups: lb.securityGroups ?? [DEFAULT_SECURITY_GROUP],
        algorithm: tg.loadBalancingAlgorithm ?? 'round_robin',
        targets: [],
      });
    }
  }
  return null;
}

export function targetGroupArn(sim: Simulation, tg: TargetGroup): string {
  return `arn:aws:elasticloadbalancing:${sim.region}:123456789012:targetgroup/${tg.targetGroupName}/${tg.loadBalancerName.length.toString(16).padStart(4, '0')}0ec5`;
}

/** Target groups a task registers with, chosen at launch by its deployment (§2.1 ACTIVATING). */
export function targetGroupsOf(sim: Simulation, task: Task): TargetGroup[] {
  return task.targetGroupNames.map((n) => sim.targetGroups.get(n)).filter((t): t is TargetGroup => !!t);
}

export function onTaskActivating(sim: Simulation, task: Task): void {
  const svc = task.service ? sim.services.get(task.service) : undefined;
  if (svc) { registerTask(sim, svc, task); noteRegistration(svc, task); }
  const mine: Target[] = [];
  for (const tg of targetGroupsOf(sim, task)) {
    // The ALB checks every target once per interval; a new target's first check falls somewhere
    // in the current cycle.
    const target: Target = {
      taskSlot: task.slot, targetGroupName: tg.targetGroupName, removed: false, state: 'initial', passes: 0, fails: 0,
      registeredAt: sim.t, drainingUntil: null, nextCheckAt: sim.t + 1 + Math.floor(nextFloat(sim.rng) * tg.intervalSeconds),
    };
    tg.targets.push(target);
    tg.version = (tg.version ?? 0) + 1;
    mine.push(target);
    scheduleCheck(sim, target);
  }
  if (mine.length) sim.targetsByTask.set(task.slot, mine);
}

/** Health checks wait in per-second buckets: a tick costs the checks that are due, not every target. */
function scheduleCheck(sim: Simulation, target: Target): void {
  const at = Math.max(sim.t + 1, Math.ceil(target.nextCheckAt));
  const bucket = sim.healthChecks.get(at);
  if (bucket) bucket.push(target); else sim.healthChecks.set(at, [target]);
}

/** The task's targets (one per target group it registered with). */
export function targetsOf(sim: Simulation, task: Task): readonly Target[] {
  return sim.targetsByTask.get(task.slot) ?? [];
}

/** Docker runs an essential container's first health check one interval after it starts (§2.3). */
export function onTaskRunning(sim: Simulation, task: Task): void {
  const td = task.definition;
  const hc = td?.containerDefinitions.find((c) => c.essential && c.healthCheck)?.healthCheck;
  if (hc) task.containerCheck = { nextAt: sim.t + hc.interval, fails: 0 };
  // Watched until it counts healthy; tasks with container checks stay watched while they run.
  sim.healthWatch.add(task.slot);
}

/** Starts deregistration; returns how long the task stays DEACTIVATING (§3.2 step 4, example 18). */
export function startDraining(sim: Simulation, task: Task): number {
  // Cloud Map: removed as the task starts DEACTIVATING (§2.1, §9.1).
  deregisterTask(sim, task);
  let longest = 0;
  for (const target of targetsOf(sim, task)) {
    if (target.state === 'draining') continue;
    const tg = sim.targetGroups.get(target.targetGroupName)!;
    // With no open connections draining ends at once; otherwise it lasts the deregistration delay.
    const delay = task.requestsPerSecond > 0 ? tg.deregistrationDelaySeconds : 0;
    target.state = 'draining';
    tg.version = (tg.version ?? 0) + 1;
    target.drainingUntil = sim.t + delay;
    longest = Math.max(longest, delay);
  }
  return longest;
}

export function onTaskStopped(sim: Simulation, task: Task): void {
  deregisterTask(sim, task);
  sim.healthWatch.delete(task.slot);
  const mine = sim.targetsByTask.get(task.slot);
  if (!mine) return;
  sim.targetsByTask.delete(task.slot);
  for (const target of mine) {
    target.removed = true;
    const tg = sim.targetGroups.get(target.targetGroupName);
    if (tg) {
      const i = tg.targets.indexOf(target);
      if (i >= 0) tg.targets.splice(i, 1);
      tg.version = (tg.version ?? 0) + 1;
    }
  }
}

/** Whether the app inside the task answers on its port right now (what a container check sees). */
export function appUp(sim: Simulation, task: Task): boolean {
  if (task.lastStatus !== 'RUNNING' || task.appReadyAt === null || sim.t < task.appReadyAt) return false;
  const td = task.definition;
  return !!td && td.sim.healthy !== false;
}

/** Whether the load balancer gets an answer: the app is up and the security groups let it in. */
export function appAnswers(sim: Simulation, task: Task): boolean {
  return appUp(sim, task) && lbCanReach(sim, task);
}

function runTargetCheck(sim: Simulation, tg: TargetGroup, target: Target): void {
  const task = sim.tasks[target.taskSlot]!;
  const pass = appAnswers(sim, task);
  if (pass) { target.passes++; target.fails = 0; } else { target.fails++; target.passes = 0; }
  const before = target.state;
  if (target.state === 'initial') {
    if (pass) target.state = 'healthy';
    else if (target.fails >= tg.unhealthyThresholdCount && task.lastStatus === 'RUNNING') target.state = 'unhealthy';
  } else if (target.state === 'healthy') {
    if (target.fails >= tg.unhealthyThresholdCount) target.state = 'unhealthy';
  } else if (target.state === 'unhealthy') {
    if (target.passes >= tg.healthyThresholdCount) target.state = 'healthy';
  }
  if (target.state !== before) {
    tg.version = (tg.version ?? 0) + 1;
    if (task.lastStatus === 'RUNNING') sim.healthWatch.add(task.slot);
  }
}

/** Whether the service counts the task healthy now (§2.4). */
function countsHealthy(sim: Simulation, task: Task): boolean {
  if (task.lastStatus !== 'RUNNING') return false;
  const targets = targetsOf(sim, task);
  const needs = taskNeeds(task.definition);
  if (needs.hasContainerHealthCheck && task.healthStatus !== 'HEALTHY') return false;
  if (task.targetGroupNames.length) return targets.length > 0 && targets.every((t) => t.state === 'healthy');
  if (needs.hasContainerHealthCheck) return true;
  return task.startedAt !== null && sim.t >= task.startedAt + MODEL.healthyAfterRunningSeconds;
}

/** Runs the health checks that are due, updates task health, and flags unhealthy service tasks. */
export function checkTargetHealth(sim: Simulation, now: number): void {
  const due = sim.healthChecks.get(now);
  if (due) {
    sim.healthChecks.delete(now);
    for (const target of due) {
      if (target.removed || target.state === 'draining') continue;
      const tg = sim.targetGroups.get(target.targetGroupName)!;
      runTargetCheck(sim, tg, target);
      target.nextCheckAt += tg.intervalSeconds;
      scheduleCheck(sim, target);
    }
  }
  for (const slot of sim.healthWatch) {
    const task = sim.tasks[slot]!;
    if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') { sim.healthWatch.delete(slot); continue; }
    runContainerCheck(sim, task, now);
    if (task.healthyAt === null && countsHealthy(sim, task)) { task.healthyAt = now; pushHealth(sim, task, true); sim.touchService(task.service); }
    if (task.service && !task.unhealthyReason) {
      flagUnhealthy(sim, task, now);
      if (task.unhealthyReason) { pushHealth(sim, task, false); sim.touchService(task.service); }
    }
    // Nothing left to watch: healthy, no container check, no target in doubt (or already flagged).
    const settled = task.unhealthyReason !== null
      || (task.healthyAt !== null && !task.containerCheck && targetsOf(sim, task).every((t) => t.state === 'healthy'));
    if (settled) sim.healthWatch.delete(slot);
  }
}

function runContainerCheck(sim: Simulation, task: Task, now: number): void {
  const cc = task.containerCheck;
  if (!cc) return;
  const td = task.definition;
  const hc = td.containerDefinitions.find((c) => c.essential && c.healthCheck)!.healthCheck!;
  while (cc.nextAt <= now) {
    const inStartPeriod = task.startedAt !== null && cc.nextAt < task.startedAt + (hc.startPeriod ?? 0);
    if (appUp(sim, task)) { cc.fails = 0; task.healthStatus = 'HEALTHY'; }
    else if (!inStartPeriod) { cc.fails++; if (cc.fails >= hc.retries) task.healthStatus = 'UNHEALTHY'; }
    cc.nextAt += hc.interval;
  }
}

/** After the grace period, an unhealthy service task is marked for replacement (§2.3, §2.5). */
function flagUnhealthy(sim: Simulation, task: Task, now: number): void {
  if (task.unhealthyReason) return;
  const svc = sim.services.get(task.service!);
  if (!svc || task.startedAt === null || now < task.startedAt + svc.healthCheckGracePeriodSeconds) return;
  const bad = targetsOf(sim, task).find((t) => t.state === 'unhealthy');
  // The service reports the failed check before the scheduler stops the task.
  if (bad) {
    task.unhealthyReason = `Task failed ELB health checks in (target-group ${targetGroupArn(sim, sim.targetGroups.get(bad.targetGroupName)!)})`;
    reportUnhealthyTarget(sim, svc, task, bad.targetGroupName);
  } else if (task.healthStatus === 'UNHEALTHY') {
    task.unhealthyReason = 'Task failed container health checks';
    reportUnhealthyContainer(sim, svc, task);
  }
}
