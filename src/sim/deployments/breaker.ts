/**
 * The deployment circuit breaker of rolling updates (§3.3): the threshold, its two detection
 * stages, consecutive or cumulative counting, and failing a deployment with rollback to the last
 * COMPLETED one. Deployment alarms fail a rolling deployment through the same path.
 */
import type { Simulation } from '../engine';
import type { Deployment, Service, Task } from '../model';
import { createDeployment, say } from '../services';
import { settingsOf } from './config';

/**
 * Circuit-breaker threshold (§3.3): `ceil(desired × value / 100)` with value 50 by default,
 * clamped to 3..200 for BOUNDED_PERCENT (the default), unclamped for UNBOUNDED_PERCENT, and the
 * value itself for COUNT. ECS uses the latest desired count.
 *
 * @example
 * breakerThreshold(1)   // 3
 * breakerThreshold(25)  // 13
 * breakerThreshold(800) // 200
 * breakerThreshold(800, { type: 'UNBOUNDED_PERCENT', value: 50 }) // 400
 */
export function breakerThreshold(desired: number, cfg?: { type?: string; value?: number }): number {
  const type = cfg?.type ?? 'BOUNDED_PERCENT';
  const value = cfg?.value ?? 50;
  if (type === 'COUNT') return Math.max(1, Math.round(value));
  const t = Math.ceil((desired * value) / 100);
  return type === 'UNBOUNDED_PERCENT' ? Math.max(1, t) : Math.min(200, Math.max(3, t));
}

function breakerApplies(svc: Service, d: Deployment): boolean {
  const s = settingsOf(svc);
  // The breaker is for rolling updates only (§3.3, §4.2).
  return svc.circuitBreaker.enable && s.controller === 'ECS' && !svc.blueGreen
    && d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS';
}

/** Stage 1 (§3.3): a task of the deployment stopped before it ever reached RUNNING. */
export function countLaunchFailure(sim: Simulation, svc: Service, task: Task): void {
  const d = svc.deployments.find((x) => x.id === task.deploymentId);
  if (!d || d.anyRunning || !breakerApplies(svc, d)) return;
  countFailure(sim, svc, d, task, 'tasks failed to start');
}

/** Stage 2 (§3.3): once a task of the deployment ran, each task failing its health checks counts. */
export function countHealthFailure(sim: Simulation, svc: Service, task: Task): void {
  const d = svc.deployments.find((x) => x.id === task.deploymentId);
  if (!d || !d.anyRunning || !breakerApplies(svc, d)) return;
  countFailure(sim, svc, d, task, 'tasks failed health checks');
}

/**
 * With `resetOnHealthyTask` (the default, §3.3 [2nd]) the count is of *consecutive* failures: a
 * task of the deployment that turns healthy resets it.
 */
export function resetOnHealthy(svc: Service, d: Deployment, tasks: Task[], now: number): void {
  const since = d.breakerCheckedAt ?? d.createdAt;
  d.breakerCheckedAt = now;
  if (!settingsOf(svc).resetOnHealthyTask || d.failedTasks === 0) return;
  if (tasks.some((t) => t.deploymentId === d.id && t.healthyAt !== null && t.healthyAt > since && !t.unhealthyReason)) d.failedTasks = 0;
}

function countFailure(sim: Simulation, svc: Service, d: Deployment, task: Task, why: string): void {
  d.countedTaskIds ??= [];
  if (d.countedTaskIds.includes(task.taskId)) return;
  d.countedTaskIds.push(task.taskId);
  d.failedTasks++;
  if (d.failedTasks < breakerThreshold(svc.desiredCount, svc.circuitBreakerThreshold)) return;
  failRolling(sim, svc, d, `ECS deployment circuit breaker: ${why}.`, svc.circuitBreaker.rollback);
}

/**
 * Fails a rolling deployment: FAILED, no further launches; with `rollback` a new deployment to the
 * last COMPLETED deployment starts, and its reason says it is a rollback (§3.3).
 */
export function failRolling(sim: Simulation, svc: Service, d: Deployment, reason: string, rollback: boolean): void {
  d.rolloutState = 'FAILED';
  d.rolloutStateReason = reason;
  d.updatedAt = sim.t;
  sim.emit({ t: sim.t, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: d.id,
    eventName: 'SERVICE_DEPLOYMENT_FAILED', taskDefinition: d.taskDefinition, reason });
  say(sim, svc, `(deployment ${d.id}) deployment failed: ${reason.replace(/\.$/, '')}.`);
  if (!rollback) return;
  const last = svc.deployments.find((x) => x.rolloutState === 'COMPLETED' && x.id !== d.id);
  if (!last) {
    say(sim, svc, `(deployment ${d.id}) has no completed deployment to roll back to.`);
    return;
  }
  say(sim, svc, `rolling back to deployment ${last.id}.`);
  createDeployment(sim, svc, last.taskDefinition, `Rolling back to deployment ${last.id} (${last.taskDefinition}): ${reason}`, d.id);
}
