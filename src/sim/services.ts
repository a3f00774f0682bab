/**
 * The service scheduler (§1.5, §1.6, §3): keeps each REPLICA service at its desired count, runs one
 * task per instance for DAEMON services, rolls deployments within minimumHealthyPercent and
 * maximumPercent, replaces unhealthy tasks, throttles failing launches and trips the circuit breaker.
 */
import type { Simulation } from './engine';
import type { Deployment, Service, Task } from './model';
import { nextU32 } from './rng';
import { launchTasks, stopTask } from './tasks';
import { chooseVictims } from './placement/victims';
import { chooseProvider } from './capacity/providers';

export function say(sim: Simulation, svc: Service, message: string): void {
  sim.emit({ t: sim.t, type: 'ServiceEvent', service: svc.serviceName, message: `service ${svc.serviceName} ${message}` });
}

export function newDeploymentId(sim: Simulation): string {
  let digits = '';
  while (digits.length < 19) digits += String(nextU32(sim.rng) % 10);
  return `ecs-svc/${digits}`;
}

/** Starts a deployment of `taskDefinition`; earlier ones become ACTIVE (draining) (§3.2 step 1). */
export function createDeployment(sim: Simulation, svc: Service, taskDefinition: string, reason: string): Deployment {
  for (const d of svc.deployments) if (d.status === 'PRIMARY') d.status = 'ACTIVE';
  const d: Deployment = {
    id: newDeploymentId(sim), status: 'PRIMARY', taskDefinition, rolloutState: 'IN_PROGRESS',
    rolloutStateReason: 'ECS deployment in progress.', createdAt: sim.t, updatedAt: sim.t, failedTasks: 0, anyRunning: false,
  };
  svc.deployments.unshift(d);
  svc.steady = false;
  svc.throttle = { failures: 0, nextLaunchAt: 0, announced: false };
  sim.emit({ t: sim.t, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: d.id,
    eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', taskDefinition, reason });
  return d;
}

export function serviceTasks(sim: Simulation, svc: Service): Task[] {
  return sim.tasks.filter((t) => t.service === svc.serviceName && t.lastStatus !== 'STOPPED');
}

/** Tasks the scheduler still wants (desiredStatus RUNNING). */
function liveOf(tasks: Task[]): Task[] {
  return tasks.filter((t) => t.desiredStatus === 'RUNNING');
}

export function isHealthy(t: Task): boolean {
  return t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING' && t.healthyAt !== null && !t.unhealthyReason;
}

/** Circuit-breaker threshold (§3.3): half the desired count rounded up, clamped 3..200 by default. */
export function breakerThreshold(desired: number, cfg?: { type?: string; value?: number }): number {
  const type = cfg?.type ?? 'BOUNDED_PERCENT';
  const value = cfg?.value ?? 50;
  if (type === 'COUNT') return Math.max(1, Math.round(value));
  const t = Math.ceil((desired * value) / 100);
  return type === 'UNBOUNDED_PERCENT' ? Math.max(1, t) : Math.min(200, Math.max(3, t));
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
  const d = svc.deployments.find((x) => x.id === task.deploymentId);
  if (d && d.rolloutState === 'IN_PROGRESS' && !d.anyRunning) countFailure(sim, svc, d, 'tasks failed to start');
}

function countFailure(sim: Simulation, svc: Service, d: Deployment, why: string): void {
  if (!svc.circuitBreaker.enable || d.status !== 'PRIMARY') return;
  d.failedTasks++;
  if (d.failedTasks < breakerThreshold(svc.desiredCount, svc.circuitBreakerThreshold)) return;
  d.rolloutState = 'FAILED';
  d.rolloutStateReason = `ECS deployment circuit breaker: ${why}.`;
  d.updatedAt = sim.t;
  sim.emit({ t: sim.t, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: d.id,
    eventName: 'SERVICE_DEPLOYMENT_FAILED', taskDefinition: d.taskDefinition, reason: d.rolloutStateReason });
  say(sim, svc, `(deployment ${d.id}) deployment failed: ${why}.`);
  if (svc.circuitBreaker.rollback) {
    const last = svc.deployments.find((x) => x.rolloutState === 'COMPLETED');
    if (last) {
      say(sim, svc, `(deployment ${d.id}) rolling back to deployment ${last.id}.`);
      createDeployment(sim, svc, last.taskDefinition, `rolling back to deployment ${last.id} after the circuit breaker tripped`);
    }
  }
}

/** Launches `n` tasks of a deployment, reporting placement failures as the console does (§1.6). */
export function launchFor(sim: Simulation, svc: Service, d: Deployment, n: number): number {
  if (n <= 0 || sim.t < svc.throttle.nextLaunchAt) return 0;
  const td = sim.taskDef(d.taskDefinition);
  if (!td) return 0;
  let started = 0;
  const names: string[] = [];
  for (let k = 0; k < n; k++) {
    const { launchType, provider } = chooseProvider(sim, svc, liveOf(serviceTasks(sim, svc)));
    const r = launchTasks(sim, {
      group: `service:${svc.serviceName}`, service: svc, deploymentId: d.id, taskDefinition: td, launchType,
      capacityProvider: provider, count: launchType === 'FARGATE' || svc.capacityProviderStrategy.length ? 1 : n - k,
      strategy: svc.placementStrategy, memberOf: svc.memberOf, distinctInstance: svc.distinctInstance,
    });
    started += r.tasks.length;
    names.push(...r.tasks.map((t) => `task ${t.taskId}`));
    if (r.failure) {
      const message = `was unable to place a task because no container instance met all of its requirements. ${r.failure} For more information, see the Troubleshooting section.`;
      const last = svc.lastPlacementEvent;
      // Duplicate messages are suppressed until the cause changes or 6 hours pass (§1.6).
      if (!last || last.message !== message || sim.t - last.at >= 6 * 3600) {
        say(sim, svc, message);
        svc.lastPlacementEvent = { message, at: sim.t };
      }
      break;
    }
    k += r.tasks.length - 1;
    if (r.tasks.length === 0) break;
  }
  if (started) {
    svc.lastPlacementEvent = null;
    say(sim, svc, `has started ${started} tasks: ${names.join(' ')}.`);
  }
  return started;
}

function stopMany(sim: Simulation, svc: Service, tasks: Task[], reason: string): void {
  if (!tasks.length) return;
  const draining = tasks.filter((t) => t.targetGroupNames.length && t.lastStatus === 'RUNNING');
  for (const t of tasks) stopTask(sim, t, 'ServiceSchedulerInitiated', t.unhealthyReason ?? reason);
  if (draining.length) say(sim, svc, `has begun draining connections on ${draining.length} tasks.`);
  say(sim, svc, `has stopped ${tasks.length} running tasks: ${tasks.map((t) => `task ${t.taskId}`).join(' ')}.`);
}

export function reconcileServices(sim: Simulation, now: number): void {
  // DAEMON tasks are placed first on an instance (§1.5).
  for (const svc of sim.services.values()) if (svc.schedulingStrategy === 'DAEMON' && svc.status !== 'INACTIVE') reconcileDaemon(sim, svc);
  for (const svc of sim.services.values()) if (svc.schedulingStrategy === 'REPLICA' && svc.status !== 'INACTIVE') reconcileReplica(sim, svc, now);
}

function reconcileReplica(sim: Simulation, svc: Service, now: number): void {
  const all = serviceTasks(sim, svc);
  const live = liveOf(all);
  const primary = svc.deployments[0]!;
  const desired = svc.status === 'DRAINING' ? 0 : svc.desiredCount;
  for (const t of live) if (t.lastStatus === 'RUNNING' && t.deploymentId === primary.id) primary.anyRunning = true;

  // Unhealthy tasks: count against the breaker (stage 2), start replacements first, then stop them (§3.1).
  const unhealthy = live.filter((t) => t.unhealthyReason);
  for (const t of unhealthy) {
    const d = svc.deployments.find((x) => x.id === t.deploymentId);
    if (d && d.rolloutState === 'IN_PROGRESS' && d.anyRunning) countFailure(sim, svc, d, 'tasks failed health checks');
  }
  const fresh = live.filter((t) => !t.unhealthyReason);
  const newTasks = fresh.filter((t) => t.deploymentId === primary.id);
  const oldTasks = fresh.filter((t) => t.deploymentId !== primary.id);
  const maxTotal = Math.floor((desired * svc.maximumPercent) / 100);
  const minHealthy = Math.ceil((desired * svc.minimumHealthyPercent) / 100);

  // New tasks: scale-out is free, but during a rollout or an unhealthy replacement the total stays
  // within maximumPercent (§3.1, §3.2 step 2). A FAILED deployment launches nothing more (§3.3).
  const missing = desired - newTasks.length;
  const bounded = oldTasks.length > 0 || unhealthy.length > 0;
  const toLaunch = bounded ? Math.min(missing, maxTotal - live.length) : missing;
  if (toLaunch > 0 && primary.rolloutState !== 'FAILED') launchFor(sim, svc, primary, toLaunch);
  if (unhealthy.length) stopMany(sim, svc, unhealthy, 'Task failed health checks');

  // Old revisions: stop what is not healthy, then healthy ones while min-healthy holds (§3.2 step 3).
  const afterLaunch = liveOf(serviceTasks(sim, svc)).filter((t) => !t.unhealthyReason);
  const healthy = afterLaunch.filter(isHealthy).length;
  const old = afterLaunch.filter((t) => t.deploymentId !== primary.id);
  let stoppable = Math.max(0, healthy - minHealthy);
  const toStop: Task[] = [];
  for (const t of old) if (!isHealthy(t)) toStop.push(t);
  for (const t of old) if (isHealthy(t) && stoppable > 0) { toStop.push(t); stoppable--; }
  // Scale-in: more tasks of the primary deployment than desired (scale-in waits during a rollout).
  const primaryLive = afterLaunch.filter((t) => t.deploymentId === primary.id);
  if (!old.length && primaryLive.length > desired) {
    toStop.push(...chooseVictims(sim, svc, primaryLive, primaryLive.length - desired));
  }
  stopMany(sim, svc, toStop, old.length ? 'Deployment: replaced by a new task definition revision' : 'Scaling activity initiated by (deployment ' + primary.id + ')');

  const stillOld = old.length - toStop.filter((t) => t.deploymentId !== primary.id).length;
  if (old.length && !toStop.length && launchedNone(sim, svc, primary, desired, maxTotal)) {
    if (!svc.stuckAnnounced) {
      svc.stuckAnnounced = true;
      say(sim, svc, 'was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.');
    }
  }
  finishDeployments(sim, svc, primary, desired, stillOld, now);
}

function launchedNone(sim: Simulation, svc: Service, primary: Deployment, desired: number, maxTotal: number): boolean {
  const live = liveOf(serviceTasks(sim, svc));
  const newCount = live.filter((t) => t.deploymentId === primary.id).length;
  const pending = live.some((t) => t.lastStatus !== 'RUNNING' || t.healthyAt === null);
  return !pending && newCount < desired && live.length >= maxTotal;
}

function finishDeployments(sim: Simulation, svc: Service, primary: Deployment, desired: number, oldLeft: number, now: number): void {
  const live = liveOf(serviceTasks(sim, svc));
  const all = serviceTasks(sim, svc);
  const newHealthy = live.filter((t) => t.deploymentId === primary.id && isHealthy(t)).length;
  const done = oldLeft === 0 && all.every((t) => t.deploymentId === primary.id) && newHealthy === desired
    && live.length === desired;
  if (!done) { if (svc.steady && live.length !== desired) svc.steady = false; return; }
  if (primary.rolloutState === 'IN_PROGRESS') {
    primary.rolloutState = 'COMPLETED';
    primary.rolloutStateReason = 'ECS deployment completed.';
    primary.updatedAt = now;
    for (const d of svc.deployments.slice(1)) if (d.status !== 'INACTIVE') d.status = 'INACTIVE';
    svc.deployments.splice(1, svc.deployments.length - 1, ...svc.deployments.slice(1).filter((d) => d.rolloutState === 'COMPLETED').slice(0, 1));
    svc.stuckAnnounced = false;
    sim.emit({ t: now, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: primary.id,
      eventName: 'SERVICE_DEPLOYMENT_COMPLETED', taskDefinition: primary.taskDefinition, reason: 'ECS deployment completed.' });
    say(sim, svc, `(deployment ${primary.id}) deployment completed.`);
  }
  if (!svc.steady) {
    svc.steady = true;
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
      // A DAEMON rollout stops the old task first (minimumHealthyPercent 0, maximumPercent 100).
      if (here.length) { stopMany(sim, svc, here, 'Deployment: replaced by a new task definition revision'); continue; }
      if (svc.status === 'DRAINING') continue;
      const r = launchTasks(sim, { group: `service:${svc.serviceName}`, service: svc, deploymentId: primary.id, taskDefinition: td,
        launchType: 'EC2', capacityProvider: null, count: 1, strategy: [], memberOf: svc.memberOf,
        distinctInstance: false, onlyInstance: inst.slot });
      started += r.tasks.length;
      names.push(...r.tasks.map((t) => `task ${t.taskId}`));
    }
  }
  // Daemon tasks on DRAINING instances stop last, once nothing else runs there (§1.5).
  for (const t of live) {
    const inst = sim.instanceOf(t);
    if (!inst || inst.status === 'ACTIVE') continue;
    const others = sim.tasks.some((o) => o.instanceSlot === inst.slot && o.lastStatus !== 'STOPPED' && o.service !== svc.serviceName);
    if (!others) stopMany(sim, svc, [t], 'Container instance is draining');
  }
  if (started) say(sim, svc, `has started ${started} tasks: ${names.join(' ')}.`);
  const eligible = sim.instances.filter((i) => i.status === 'ACTIVE' && i.agentConnected).length;
  svc.desiredCount = eligible;
  finishDeployments(sim, svc, primary, eligible, live.filter((t) => t.deploymentId !== primary.id).length, sim.t);
}
