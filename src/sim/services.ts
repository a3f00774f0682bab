/**
 * The service scheduler (§1.5, §1.6, §3, §4): keeps each REPLICA service at its desired count,
 * runs one task per instance for DAEMON services, and hands deployments to their controller:
 * rolling updates (deployments/rolling.ts), ECS-native blue/green, linear and canary
 * (deployments/native.ts) and CodeDeploy (deployments/codedeploy.ts).
 */
import type { Simulation } from './engine';
import type { Deployment, Service, Task } from './model';
import { nextU32 } from './rng';
import { launchTasks, stopTask } from './tasks';
import { chooseProvider } from './capacity/providers';
import { launchWithCapacityProvider } from './capacity/launch';
import { countLaunchFailure } from './deployments/breaker';
import { productionTargetGroups, settingsOf } from './deployments/config';
import { currentlyInAlarm } from './deployments/alarms';
import { reconcileRolling } from './deployments/rolling';
import { reconcileBlueGreen, reportRoutingShift } from './deployments/bluegreen';
import { startNativeRun } from './deployments/native';
import { deploymentInProgress } from './deployments/status';
import { subject, taskList } from './messages';
import { reportTargets } from './targets-events';

export { breakerThreshold } from './deployments/breaker';

/** A service event in the API's form, "(service web) …" (messages.ts names each wording's source). */
export function say(sim: Simulation, svc: Service, message: string, taskSet: string | null = null): void {
  sim.emit({ t: sim.t, type: 'ServiceEvent', service: svc.serviceName, message: `${subject(svc.serviceName, taskSet)} ${message}` });
}

export function newDeploymentId(sim: Simulation): string {
  let digits = '';
  while (digits.length < 19) digits += String(nextU32(sim.rng) % 10);
  return `ecs-svc/${digits}`;
}

/** A new deployment object (not yet in the service's list). */
export function newDeployment(sim: Simulation, svc: Service, taskDefinition: string, targetGroupNames: string[]): Deployment {
  return {
    id: newDeploymentId(sim), status: 'PRIMARY', taskDefinition, rolloutState: 'IN_PROGRESS',
    rolloutStateReason: 'ECS deployment in progress.', createdAt: sim.t, updatedAt: sim.t, failedTasks: 0, anyRunning: false,
    targetGroupNames, countedTaskIds: [], breakerCheckedAt: sim.t, bakeUntil: null, rollbackOf: null,
    ignoredAlarms: currentlyInAlarm(sim, svc.deployment?.alarms?.enable ? svc.deployment.alarms.alarmNames : []),
  };
}

/**
 * Starts a deployment of `taskDefinition` (§3.2 step 1). With the ROLLING strategy (and for a
 * service's first deployment) earlier deployments become ACTIVE and drain; with BLUE_GREEN, LINEAR
 * or CANARY a green revision starts beside the serving one and traffic shifts by stages (§4.2).
 */
export function createDeployment(sim: Simulation, svc: Service, taskDefinition: string, reason: string, rollbackOf: string | null = null): Deployment {
  const s = settingsOf(svc);
  const serving = svc.deployments.some((d) => d.rolloutState === 'COMPLETED' && d.status !== 'INACTIVE') || !!svc.blueGreen;
  if (s.controller === 'ECS' && s.strategy !== 'ROLLING' && serving) return startNativeRun(sim, svc, taskDefinition, reason);
  for (const d of svc.deployments) if (d.status === 'PRIMARY') d.status = 'ACTIVE';
  const d = newDeployment(sim, svc, taskDefinition, productionTargetGroups(svc));
  d.rollbackOf = rollbackOf;
  if (rollbackOf) {
    // Modelled: a rollback keeps the running tasks of the revision it returns to (they belong to
    // the new deployment from now on) and replaces only the failed deployment's tasks (§3.3).
    const back = new Set(svc.deployments.filter((x) => x.taskDefinition === taskDefinition && x.rolloutState !== 'FAILED').map((x) => x.id));
    for (const t of liveOf(serviceTasks(sim, svc))) if (t.deploymentId && back.has(t.deploymentId)) { t.deploymentId = d.id; d.anyRunning ||= t.lastStatus === 'RUNNING'; }
  }
  svc.deployments.unshift(d);
  svc.steady = false;
  svc.stuckAnnounced = false;
  svc.throttle = { failures: 0, nextLaunchAt: 0, announced: false };
  sim.emit({ t: sim.t, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: d.id,
    eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', taskDefinition, reason });
  return d;
}

/** The service's tasks not yet STOPPED, in launch order (an index kept by tasks.ts). */
export function serviceTasks(sim: Simulation, svc: Service): Task[] {
  const set = sim.liveByService.get(svc.serviceName);
  return set ? [...set] : [];
}

/** Tasks the scheduler still wants (desiredStatus RUNNING). */
export function liveOf(tasks: Task[]): Task[] {
  return tasks.filter((t) => t.desiredStatus === 'RUNNING');
}

/** Whether the service counts the task healthy (§2.4): RUNNING, wanted, counted healthy, not failing. */
export function isHealthy(t: Task): boolean {
  return t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING' && t.healthyAt !== null && !t.unhealthyReason;
}

/** Called when a service task stops before it ever ran: throttle (§1.6) and breaker stage 1 (§3.3). */
export function onTaskLaunchFailed(sim: Simulation, task: Task): void {
  const svc = sim.services.get(task.service!);
  if (!svc || task.stopCode === 'ServiceSchedulerInitiated' || task.stopCode === 'UserInitiated') return;
  svc.throttle.failures++;
  const backoff = Math.min(900, 10 * 2 ** (svc.throttle.failures - 1));
  svc.throttle.nextLaunchAt = sim.t + backoff;
  if (svc.throttle.failures >= 3 && !svc.throttle.announced) {
    svc.throttle.announced = true;
    say(sim, svc, 'is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.');
  }
  countLaunchFailure(sim, svc, task);
}

/**
 * Launches `n` tasks of a deployment into its target groups, reporting placement failures as the
 * console does (§1.6). `taskSet` names the task set in events (blue/green and CodeDeploy).
 */
export function launchFor(sim: Simulation, svc: Service, d: Deployment, n: number, taskSet: string | null = null): number {
  if (n <= 0 || sim.t < svc.throttle.nextLaunchAt) return 0;
  const td = sim.taskDef(d.taskDefinition);
  if (!td) return 0;
  let started = 0;
  let failed = false;
  const names: string[] = [];
  for (let k = 0; k < n; k++) {
    const { launchType, provider } = chooseProvider(sim, svc, liveOf(serviceTasks(sim, svc)));
    // Through the capacity provider (§6): Fargate launch rates, ASG instances only, waiting for capacity.
    const r = launchWithCapacityProvider(sim, {
      group: `service:${svc.serviceName}`, service: svc, deploymentId: d.id, taskDefinition: td, launchType,
      capacityProvider: provider, count: launchType === 'FARGATE' || svc.capacityProviderStrategy.length ? 1 : n - k,
      strategy: svc.placementStrategy, memberOf: svc.memberOf, distinctInstance: svc.distinctInstance,
      targetGroupNames: d.targetGroupNames ?? productionTargetGroups(svc),
    });
    started += r.tasks.length;
    names.push(...r.tasks.map((t) => t.taskId));
    if (r.failure) {
      reportUnableToPlace(sim, svc, r.failure);
      failed = true;
      break;
    }
    k += r.tasks.length - 1;
    if (r.tasks.length === 0) break;
  }
  if (started) say(sim, svc, `has started ${started} tasks: ${taskList(names)}.`, taskSet);
  // Everything asked for was placed: the cause is gone, so a new failure is news again.
  if (!failed && started === n) svc.lastPlacementEvent = null;
  return started;
}

/**
 * "was unable to place a task …" once per cause (§1.6): duplicates are suppressed until the cause
 * is resolved or six hours pass (service-event-messages.html). The cause is the reason without the
 * instance it names, so the same shortage on another instance is not news.
 */
function reportUnableToPlace(sim: Simulation, svc: Service, failure: string): void {
  const cause = failure.replace(/container-instance \S+ /, 'container-instance ');
  const last = svc.lastPlacementEvent;
  if (last && last.message === cause && sim.t - last.at < 6 * 3600) return;
  say(sim, svc, `was unable to place a task because no container instance met all of its requirements. ${failure} For more information, see the Troubleshooting section.`);
  svc.lastPlacementEvent = { message: cause, reason: failure, at: sim.t };
}

/** Stops service tasks the scheduler's way: behind a load balancer they drain first (§3.2 step 4). */
export function stopMany(sim: Simulation, svc: Service, tasks: Task[], reason: string, taskSet: string | null = null): void {
  if (!tasks.length) return;
  const draining = tasks.filter((t) => t.targetGroupNames.length && t.lastStatus === 'RUNNING');
  for (const t of tasks) stopTask(sim, t, 'ServiceSchedulerInitiated', t.unhealthyReason ?? reason);
  // The order DescribeServices shows: stopped, then the targets deregistered, then draining.
  say(sim, svc, `has stopped ${tasks.length} running tasks: ${taskList(tasks.map((t) => t.taskId))}.`, taskSet);
  reportTargets(sim, svc, 'deregistered', draining);
  if (draining.length) say(sim, svc, `has begun draining connections on ${draining.length} tasks.`, taskSet);
}

export function reconcileServices(sim: Simulation, now: number): void {
  // DAEMON tasks are placed first on an instance (§1.5).
  for (const svc of sim.services.values()) if (svc.schedulingStrategy === 'DAEMON' && svc.status !== 'INACTIVE') reconcileDaemon(sim, svc);
  for (const svc of sim.services.values()) {
    if (svc.schedulingStrategy !== 'REPLICA' || svc.status === 'INACTIVE') continue;
    // A steady service whose tasks, desired count and cluster have not changed has nothing to do.
    const key = `${svc.taskVersion ?? 0}|${svc.desiredCount}|${sim.clusterVersion}|${svc.status}`;
    if (svc.steady && key === svc.reconcileKey && !deploymentInProgress(svc)) continue;
    svc.reconcileKey = key;
    if (svc.blueGreen) reconcileBlueGreen(sim, svc, now);
    else reconcileRolling(sim, svc, now);
    reportRoutingShift(sim, svc);
  }
}

/** Marks the primary deployment COMPLETED and announces the steady state (§3.2 step 5). */
export function completeDeployment(sim: Simulation, svc: Service, primary: Deployment, now: number): void {
  if (primary.rolloutState === 'IN_PROGRESS') {
    primary.rolloutState = 'COMPLETED';
    primary.rolloutStateReason = 'ECS deployment completed.';
    primary.updatedAt = now;
    primary.status = 'PRIMARY';
    // Older deployments have no tasks left: they become INACTIVE and leave the list.
    svc.deployments = [primary];
    svc.stuckAnnounced = false;
    sim.emit({ t: now, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: primary.id,
      eventName: 'SERVICE_DEPLOYMENT_COMPLETED', taskDefinition: primary.taskDefinition, reason: 'ECS deployment completed.' });
    say(sim, svc, `(deployment ${primary.id}) deployment completed.`);
  }
}

/** Emits "has reached a steady state." once each time the service settles at its desired count. */
export function announceSteady(sim: Simulation, svc: Service, settled: boolean): void {
  if (!settled) { svc.steady = false; return; }
  if (!svc.steady) {
    svc.steady = true;
    // At its desired count the cause of an earlier placement failure is resolved (§1.6).
    svc.lastPlacementEvent = null;
    say(sim, svc, 'has reached a steady state.');
  }
}

function reconcileDaemon(sim: Simulation, svc: Service): void {
  const primary = svc.deployments[0]!;
  const live = liveOf(serviceTasks(sim, svc));
  const td = sim.taskDef(primary.taskDefinition);
  if (!td) return;
  let started = 0;
  const names: string[] = [];
  for (const inst of sim.instances) {
    if (inst.status !== 'ACTIVE' || !inst.agentConnected) continue;
    const here = live.filter((t) => t.instanceSlot === inst.slot);
    const current = here.filter((t) => t.deploymentId === primary.id);
    if (current.length === 0) {
      // A DAEMON rollout stops the old task first (minimumHealthyPercent 0, maximumPercent 100, §3.1).
      if (here.length) { stopMany(sim, svc, here, 'Deployment: replaced by a new task definition revision'); continue; }
      if (svc.status === 'DRAINING') continue;
      const r = launchTasks(sim, { group: `service:${svc.serviceName}`, service: svc, deploymentId: primary.id, taskDefinition: td,
        launchType: 'EC2', capacityProvider: null, count: 1, strategy: [], memberOf: svc.memberOf,
        distinctInstance: false, onlyInstance: inst.slot });
      started += r.tasks.length;
      names.push(...r.tasks.map((t) => t.taskId));
    }
  }
  // Daemon tasks on DRAINING instances stop last, once nothing else runs there (§1.5).
  for (const t of live) {
    const inst = sim.instanceOf(t);
    if (!inst || inst.status === 'ACTIVE') continue;
    const others = sim.tasks.some((o) => o.instanceSlot === inst.slot && o.lastStatus !== 'STOPPED' && o.service !== svc.serviceName);
    if (!others) stopMany(sim, svc, [t], 'Container instance is draining');
  }
  if (started) say(sim, svc, `has started ${started} tasks: ${taskList(names)}.`);
  const eligible = sim.instances.filter((i) => i.status === 'ACTIVE' && i.agentConnected).length;
  svc.desiredCount = eligible;
  const all = serviceTasks(sim, svc);
  const nowLive = liveOf(all);
  const done = all.every((t) => t.deploymentId === primary.id) && nowLive.length === eligible && nowLive.every((t) => isHealthy(t));
  if (done) completeDeployment(sim, svc, primary, sim.t);
  announceSteady(sim, svc, done);
}
