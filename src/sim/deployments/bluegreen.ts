/**
 * What ECS-native blue/green, linear and canary (§4.2) share with CodeDeploy blue/green (§4.1):
 * two revisions ("task sets") running side by side in two target groups, listener weights that
 * move production traffic between them, lifecycle hooks, alarms, rollback (traffic back to blue)
 * and clean-up of the losing side. The stage machines themselves live in native.ts and
 * codedeploy.ts; this file keeps the task sets at their counts and the traffic weights reported.
 */
import type { Simulation } from '../engine';
import type { Deployment, Service } from '../model';
import type { BlueGreenRun, Hook, RunningHook } from './types';
import { announceSteady, completeDeployment, isHealthy, launchFor, liveOf, say, serviceTasks, stopMany } from '../services';
import { chooseVictims } from '../placement/victims';
import { appAnswers } from '../health';
import { routingShares } from '../traffic';
import { settingsOf } from './config';
import { trippedAlarm } from './alarms';
import { advanceNative } from './native';
import { advanceCodeDeploy } from './codedeploy';
import { dict } from '../dict';

const round1 = (x: number): number => Math.round(x * 10) / 10;

export function blueOf(svc: Service, run: BlueGreenRun): Deployment | undefined {
  return svc.deployments.find((d) => d.id === run.blueId);
}
export function greenOf(svc: Service, run: BlueGreenRun): Deployment | undefined {
  return svc.deployments.find((d) => d.id === run.greenId);
}

/** How many tasks a deployment of the run should have now. */
function targetFor(svc: Service, run: BlueGreenRun, d: Deployment): number {
  const desired = svc.status === 'DRAINING' ? 0 : svc.desiredCount;
  if (d.id === run.blueId) return run.blueScaledDown ? 0 : desired;
  if (d.id === run.greenId) return run.greenScaled && run.stage !== 'ROLLBACK' ? desired : 0;
  return 0;
}

/** Keeps one task set at `target` tasks: replaces unhealthy ones, launches or stops the difference. */
function reconcileTaskSet(sim: Simulation, svc: Service, d: Deployment, target: number, label: string | null): void {
  const live = liveOf(serviceTasks(sim, svc)).filter((t) => t.deploymentId === d.id);
  const unhealthy = live.filter((t) => t.unhealthyReason);
  if (unhealthy.length) stopMany(sim, svc, unhealthy, 'Task failed health checks', label);
  const fresh = live.filter((t) => !t.unhealthyReason);
  if (fresh.length < target && d.rolloutState !== 'FAILED') launchFor(sim, svc, d, target - fresh.length, label);
  if (fresh.length > target) {
    const extra = fresh.length - target;
    const notHealthy = fresh.filter((t) => !isHealthy(t)).slice(0, extra);
    const victims = [...notHealthy, ...chooseVictims(sim, svc, fresh.filter((t) => !notHealthy.includes(t)), extra - notHealthy.length)];
    stopMany(sim, svc, victims, target === 0 ? 'Deployment: scaling down a task set that is no longer needed' : 'Scaling activity', label);
  }
}

/** Healthy tasks of a deployment (§2.4). */
export function healthyCount(sim: Simulation, svc: Service, d: Deployment | undefined): number {
  if (!d) return 0;
  return serviceTasks(sim, svc).filter((t) => t.deploymentId === d.id && isHealthy(t)).length;
}

/** Live tasks (not yet STOPPED) of a deployment, draining ones included. */
export function taskCount(sim: Simulation, svc: Service, d: Deployment | undefined): number {
  if (!d) return 0;
  return serviceTasks(sim, svc).filter((t) => t.deploymentId === d.id).length;
}

/** Sets production weights (green gets `pct`) and emits TrafficShift when they change (§4). */
export function setGreenPercent(sim: Simulation, svc: Service, run: BlueGreenRun, pct: number): void {
  const weights = dict<number>();
  for (const tg of run.blueTargetGroups) weights[tg] = round1(100 - pct);
  for (const tg of run.greenTargetGroups) weights[tg] = round1(pct);
  const changed = run.greenPercent !== pct || !svc.trafficWeights || Object.entries(weights).some(([k, v]) => svc.trafficWeights![k] !== v);
  run.greenPercent = pct;
  if (!changed) return;
  svc.trafficWeights = weights;
  const blue = blueOf(svc, run);
  const green = greenOf(svc, run);
  const byRevision = dict<number>();
  if (blue) byRevision[blue.taskDefinition] = round1(100 - pct);
  if (green) byRevision[green.taskDefinition] = round1((byRevision[green.taskDefinition] ?? 0) + pct);
  sim.emit({ t: sim.t, type: 'TrafficShift', service: svc.serviceName, weights: { ...weights }, byRevision });
}

/** Points the test listener at green or back at blue (§4.1 AllowTestTraffic, §4.2 TEST_TRAFFIC_SHIFT). */
export function setTestListener(sim: Simulation, svc: Service, run: BlueGreenRun, onGreen: boolean): void {
  const s = settingsOf(svc);
  const configured = run.controller === 'CODE_DEPLOY' ? !!s.codeDeploy?.testTrafficRoute : s.testListener;
  if (run.testOnGreen === onGreen || !configured) return;
  run.testOnGreen = onGreen;
  const tgs = onGreen ? run.greenTargetGroups : run.blueTargetGroups;
  say(sim, svc, `test listener now routes to ${onGreen ? 'the green' : 'the blue'} revision (target group ${tgs.join(', ')}).`);
}

/** Queues the hooks attached to a stage; they run when the stage's own work is done. */
export function queueHooks(run: BlueGreenRun, hooks: Hook[], stage: string): void {
  run.hooksQueued = hooks.filter((h) => h.stages.includes(stage));
  run.hook = null;
}

/** Why a finished hook failed, or null when it succeeded. TEST_GREEN sends light test requests. */
function hookFailure(sim: Simulation, svc: Service, run: BlueGreenRun, hook: RunningHook): string | null {
  if (hook.behaviour.result === 'FAILED') return `lifecycle hook ${hook.target} returned FAILED at ${hook.stage}`;
  if (hook.behaviour.result === 'SUCCEEDED') return null;
  const green = liveOf(serviceTasks(sim, svc)).filter((t) => t.deploymentId === run.greenId);
  const bad = green.filter((t) => !appAnswers(sim, t));
  if (!green.length || bad.length) {
    return `lifecycle hook ${hook.target} at ${hook.stage}: test requests to the green revision failed (${bad.length} of ${green.length} tasks did not answer)`;
  }
  return null;
}

/**
 * Runs the stage's queued hooks one after another. Returns 'done' when all succeeded,
 * 'waiting' while one runs, or a failure reason.
 */
export function stepHooks(sim: Simulation, svc: Service, run: BlueGreenRun, now: number, voice: (m: string) => void): 'done' | 'waiting' | { failed: string } {
  for (;;) {
    if (run.hook) {
      if (now < run.hook.until) return 'waiting';
      const failure = hookFailure(sim, svc, run, run.hook);
      if (failure) { run.hook = null; return { failed: failure }; }
      voice(`lifecycle hook ${run.hook.target} at ${run.hook.stage} succeeded.`);
      run.hook = null;
    }
    const next = run.hooksQueued.shift();
    if (!next) return 'done';
    run.hook = { target: next.target, stage: run.stage, until: now + next.sim.durationSeconds, behaviour: next.sim };
    voice(`invoking lifecycle hook ${next.target} at ${run.stage}.`);
  }
}

/**
 * Rolls a run back (§4.1, §4.2): production and test traffic return to blue at once, the green
 * revision is FAILED and scaled away; the run ends when green has no tasks left.
 */
export function rollbackRun(sim: Simulation, svc: Service, run: BlueGreenRun, reason: string): void {
  if (run.stage === 'ROLLBACK') return;
  const green = greenOf(svc, run);
  const blue = blueOf(svc, run);
  setGreenPercent(sim, svc, run, 0);
  setTestListener(sim, svc, run, false);
  run.stage = 'ROLLBACK';
  run.stageStartedAt = sim.t;
  run.hooksQueued = [];
  run.hook = null;
  run.blueScaledDown = false;
  if (blue) {
    blue.status = 'PRIMARY';
    svc.deployments = [blue, ...svc.deployments.filter((d) => d !== blue)];
  }
  if (green) {
    green.status = 'ACTIVE';
    green.rolloutState = 'FAILED';
    green.rolloutStateReason = reason;
    green.updatedAt = sim.t;
    sim.emit({ t: sim.t, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: green.id,
      eventName: 'SERVICE_DEPLOYMENT_FAILED', taskDefinition: green.taskDefinition, reason });
  }
  // EventBridge sends SERVICE_DEPLOYMENT_IN_PROGRESS for rollbacks too, its reason saying so
  // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html).
  if (blue) {
    sim.emit({ t: sim.t, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: blue.id,
      eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', taskDefinition: blue.taskDefinition, reason: `Rolling back to deployment ${blue.id} (${blue.taskDefinition}): ${reason}` });
  }
  say(sim, svc, `(deployment ${run.greenId}) deployment failed: ${reason.replace(/\.$/, '')}. Rolled back: production traffic is back on ${blue?.taskDefinition ?? 'the blue revision'}.`);
  if (run.codeDeployId) {
    sim.emit({ t: sim.t, type: 'ServiceEvent', service: svc.serviceName,
      message: `CodeDeploy deployment ${run.codeDeployId}: rolled back: traffic rerouted to the original task set ${run.blueId}; the replacement task set ${run.greenId} is being removed.` });
  }
}

/** Green won: it becomes the only, COMPLETED deployment; production now lives on its side. */
function completeRun(sim: Simulation, svc: Service, run: BlueGreenRun, now: number): void {
  const green = greenOf(svc, run)!;
  const s = settingsOf(svc);
  if (run.greenTargetGroups.length) s.productionSide = s.productionSide === 'primary' ? 'alternate' : 'primary';
  svc.blueGreen = null;
  completeDeployment(sim, svc, green, now);
}

/** One scheduler pass for a service with a blue/green run in progress. */
export function reconcileBlueGreen(sim: Simulation, svc: Service, now: number): void {
  const run = svc.blueGreen!;
  for (const d of svc.deployments) d.anyRunning ||= serviceTasks(sim, svc).some((t) => t.deploymentId === d.id && t.lastStatus === 'RUNNING');
  // Alarms (§3.3 for ECS-native, §4.1 alarm configuration for CodeDeploy) roll the run back.
  if (run.stage !== 'ROLLBACK' && !run.blueScaledDown) {
    const s = settingsOf(svc);
    const names = run.controller === 'CODE_DEPLOY' ? s.codeDeploy?.alarmNames ?? [] : s.alarms?.enable ? s.alarms.alarmNames : [];
    const tripped = trippedAlarm(sim, names, run.ignoredAlarms);
    if (tripped) rollbackRun(sim, svc, run, `CloudWatch alarm ${tripped} is in the ALARM state.`);
  }
  if (run.stage !== 'ROLLBACK') {
    if (run.controller === 'CODE_DEPLOY') advanceCodeDeploy(sim, svc, run, now);
    else advanceNative(sim, svc, run, now);
  }
  if (!svc.blueGreen) { settle(sim, svc); return; }
  const label = (d: Deployment) => (run.controller === 'CODE_DEPLOY' ? d.id : null);
  for (const d of svc.deployments.slice()) reconcileTaskSet(sim, svc, d, targetFor(svc, run, d), label(d));
  // Deployments with no task left and nothing more to run leave the list (INACTIVE).
  svc.deployments = svc.deployments.filter((d) => d.id === run.blueId || d.id === run.greenId || taskCount(sim, svc, d) > 0);
  run.supersededIds = run.supersededIds.filter((id) => svc.deployments.some((d) => d.id === id));
  if (run.stage === 'ROLLBACK' && taskCount(sim, svc, greenOf(svc, run)) === 0) {
    svc.deployments = svc.deployments.filter((d) => d.id !== run.greenId);
    svc.blueGreen = null;
    say(sim, svc, `(deployment ${run.greenId}) rollback completed: the green revision's tasks have stopped.`);
    const blue = svc.deployments.find((d) => d.id === run.blueId);
    if (blue) {
      sim.emit({ t: sim.t, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: blue.id,
        eventName: 'SERVICE_DEPLOYMENT_COMPLETED', taskDefinition: blue.taskDefinition, reason: 'ECS deployment completed.' });
    }
  } else if (run.stage === 'DONE') {
    completeRun(sim, svc, run, now);
  }
  announceSteady(sim, svc, false);
  if (!svc.blueGreen) settle(sim, svc);
}

function settle(sim: Simulation, svc: Service): void {
  const all = serviceTasks(sim, svc);
  const live = liveOf(all);
  const primary = svc.deployments[0]!;
  announceSteady(sim, svc, all.every((t) => t.deploymentId === primary.id) && live.length === svc.desiredCount && live.every(isHealthy));
}

/** Percent of requests routed to each revision (all strategies), from the load balancer's view. */
export function revisionShares(sim: Simulation, svc: Service): Record<string, number> {
  // The traffic model already split this step's requests by revision.
  let shares = svc.routedByRevision;
  if (!shares) {
    shares = dict();
    for (const [t, share] of routingShares(sim, svc, serviceTasks(sim, svc)).shares) shares[t.taskDefinition] = (shares[t.taskDefinition] ?? 0) + share;
  }
  const out = dict<number>();
  for (const [k, share] of Object.entries(shares)) out[k] = round1(100 * share);
  return out;
}

/**
 * Rolling updates move traffic task by task, not by listener weights: emit a TrafficShift each
 * time the split of requests by revision changes while more than one revision takes traffic.
 */
export function reportRoutingShift(sim: Simulation, svc: Service): void {
  if (svc.trafficWeights) return;
  const prev = svc.reportedShares ?? {};
  // One deployment and one revision before: nothing can have shifted (and this runs every step).
  if (svc.deployments.length === 1 && Object.keys(prev).length <= 1) return;
  const shares = revisionShares(sim, svc);
  const keys = new Set([...Object.keys(prev), ...Object.keys(shares)]);
  if ([...keys].every((k) => prev[k] === shares[k])) return;
  svc.reportedShares = shares;
  if (Object.keys(prev).length > 1 || Object.keys(shares).length > 1) {
    // Requests split by revision only when they flow through a load balancer; otherwise the split
    // is of the service's tasks, and the event says so.
    const basis = svc.loadBalancers.length && svc.stats.requestsPerSecond > 0 ? 'requests' : 'tasks';
    sim.emit({ t: sim.t, type: 'TrafficShift', service: svc.serviceName, weights: { ...shares }, byRevision: { ...shares }, basis });
  }
}
