/**
 * Rolling updates (ECS controller, strategy ROLLING, §3.1–§3.3), one scheduler pass per step:
 *
 * - start new tasks while the service stays within `floor(desired × maximumPercent / 100)` tasks
 *   (RUNNING and PENDING count; draining ones do not, per the current API text);
 * - stop old tasks only while `ceil(desired × minimumHealthyPercent / 100)` healthy ones remain
 *   (healthy as in §2.4); behind a load balancer they drain first (§3.2 step 4);
 * - replace unhealthy tasks: replacements first as far as maximumPercent allows, the unhealthy
 *   task stops once its replacement is healthy or when it blocks one (§3.1, 2024+);
 * - emit the "unable to stop or start tasks" event when the percents allow neither;
 * - circuit breaker and deployment alarms fail the deployment, with optional rollback (§3.3);
 * - with deployment alarms the rollout stays IN_PROGRESS through a bake time after it finishes.
 *
 * The batch size per pass is not documented (§3.2): the scheduler starts as many as allowed.
 */
import type { Simulation } from '../engine';
import type { Deployment, Service, Task } from '../model';
import { announceSteady, completeDeployment, isHealthy, launchFor, liveOf, say, serviceTasks, stopMany } from '../services';
import { chooseVictims } from '../placement/victims';
import { countHealthFailure, failRolling, resetOnHealthy } from './breaker';
import { settingsOf } from './config';
import { alarmBakeSeconds, trippedAlarm } from './alarms';

const REPLACED = 'Deployment: replaced by a new task definition revision';
const DRAINING = 'Container instance is draining: the task was replaced on another instance';

/** A task on a DRAINING (or lost) container instance: replaced like an old revision's (§1.7). */
function onDrainingInstance(sim: Simulation, t: Task): boolean {
  return t.instanceSlot >= 0 && sim.instances[t.instanceSlot]!.status !== 'ACTIVE';
}

/** The bounds of §3.1 for a desired count. */
export function rollingBounds(desired: number, minimumHealthyPercent: number, maximumPercent: number): { maxTotal: number; minHealthy: number } {
  return { maxTotal: Math.floor((desired * maximumPercent) / 100), minHealthy: Math.ceil((desired * minimumHealthyPercent) / 100) };
}

/** Deployment alarms (§3.3): an alarm in ALARM fails an IN_PROGRESS deployment (bake time included). */
function checkAlarms(sim: Simulation, svc: Service, d: Deployment): void {
  const a = settingsOf(svc).alarms;
  if (!a?.enable || d.rolloutState !== 'IN_PROGRESS') return;
  const name = trippedAlarm(sim, a.alarmNames, d.ignoredAlarms ?? []);
  if (name) failRolling(sim, svc, d, `ECS deployment failed: the CloudWatch alarm ${name} is in the ALARM state.`, a.rollback);
}

export function reconcileRolling(sim: Simulation, svc: Service, now: number): void {
  const desired = svc.status === 'DRAINING' ? 0 : svc.desiredCount;
  const { maxTotal, minHealthy } = rollingBounds(desired, svc.minimumHealthyPercent, svc.maximumPercent);
  let primary = svc.deployments[0]!;
  let live = liveOf(serviceTasks(sim, svc));
  for (const t of live) if (t.lastStatus === 'RUNNING' && t.deploymentId === primary.id) primary.anyRunning = true;

  // Failure detection first: it may start a rollback deployment, which then becomes the primary.
  resetOnHealthy(svc, primary, live, now);
  for (const t of live) if (t.unhealthyReason) countHealthFailure(sim, svc, t);
  checkAlarms(sim, svc, svc.deployments[0]!);
  primary = svc.deployments[0]!;
  live = liveOf(serviceTasks(sim, svc));
  const failed = primary.rolloutState === 'FAILED';

  const unhealthy = live.filter((t) => t.unhealthyReason);
  const fresh = live.filter((t) => !t.unhealthyReason);
  // Old: another deployment's tasks, and tasks on a draining instance (replaced within the same
  // minimumHealthyPercent / maximumPercent bounds, §1.7).
  const isOld = (t: Task) => t.deploymentId !== primary.id || onDrainingInstance(sim, t);
  const newTasks = fresh.filter((t) => !isOld(t));
  const oldTasks = fresh.filter(isOld);

  // New tasks: a plain scale-out is free; during a rollout or a replacement the total stays within
  // maximumPercent (§3.1, §3.2 step 2). A FAILED deployment launches nothing more (§3.3).
  const missing = desired - newTasks.length;
  const bounded = oldTasks.length > 0 || unhealthy.length > 0;
  const allowed = bounded ? Math.min(missing, maxTotal - live.length) : missing;
  const launched = allowed > 0 && !failed ? launchFor(sim, svc, primary, allowed) : 0;

  const afterLaunch = liveOf(serviceTasks(sim, svc));
  const toStop: Task[] = [];
  // Unhealthy tasks (§3.1): each stops once a replacement is healthy, or at once when it holds a
  // slot that a replacement needs (maximumPercent reached) or when nothing will replace it.
  if (unhealthy.length) {
    const healthyFresh = afterLaunch.filter(isHealthy).length;
    const blocked = failed || missing > Math.max(0, allowed) || afterLaunch.length >= maxTotal;
    const surplus = blocked ? unhealthy.length : Math.max(0, healthyFresh + unhealthy.length - desired);
    toStop.push(...unhealthy.slice(0, Math.min(unhealthy.length, surplus)));
  }

  // Old revisions: those not counted healthy go at once; healthy ones while min-healthy holds (§3.2 step 3).
  const old = afterLaunch.filter((t) => isOld(t) && !t.unhealthyReason);
  if (!failed && old.length) {
    const healthy = afterLaunch.filter(isHealthy).length;
    const stoppable = Math.max(0, healthy - minHealthy);
    const oldHealthy = old.filter(isHealthy);
    toStop.push(...old.filter((t) => !isHealthy(t)));
    toStop.push(...chooseVictims(sim, svc, oldHealthy, Math.min(stoppable, oldHealthy.length)));
  }
  // Scale-in: more tasks of the primary deployment than desired (waits while a rollout runs).
  const primaryLive = afterLaunch.filter((t) => !isOld(t) && !t.unhealthyReason);
  if (!old.length && primaryLive.length > desired) {
    const notHealthy = primaryLive.filter((t) => !isHealthy(t));
    const extra = primaryLive.length - desired;
    const first = notHealthy.slice(0, extra);
    toStop.push(...first, ...chooseVictims(sim, svc, primaryLive.filter((t) => !first.includes(t)), extra - first.length));
  }
  const replacing = toStop.filter((t) => t.unhealthyReason);
  const rest = toStop.filter((t) => !t.unhealthyReason);
  const drained = rest.filter((t) => t.deploymentId === primary.id && onDrainingInstance(sim, t));
  const others = rest.filter((t) => !drained.includes(t));
  if (replacing.length) stopMany(sim, svc, replacing, 'Task failed health checks');
  if (drained.length) stopMany(sim, svc, drained, DRAINING);
  stopMany(sim, svc, others, old.length ? REPLACED : `Scaling activity initiated by (deployment ${primary.id})`);

  // Stuck (§3.1): old tasks remain, nothing may stop, nothing may start, nothing is on its way.
  if (old.length && !rest.length && !launched && !failed) {
    const now2 = liveOf(serviceTasks(sim, svc));
    const settling = now2.some((t) => t.lastStatus !== 'RUNNING' || t.healthyAt === null);
    const newCount = now2.filter((t) => !isOld(t)).length;
    if (!settling && newCount < desired && now2.length >= maxTotal && !svc.stuckAnnounced) {
      svc.stuckAnnounced = true;
      say(sim, svc, 'was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.');
    }
  }
  finish(sim, svc, primary, desired, now);
}

function finish(sim: Simulation, svc: Service, primary: Deployment, desired: number, now: number): void {
  const all = serviceTasks(sim, svc);
  const live = liveOf(all);
  const rolledOut = primary.rolloutState !== 'FAILED' && all.every((t) => t.deploymentId === primary.id && !onDrainingInstance(sim, t))
    && live.length === desired && live.every(isHealthy);
  if (rolledOut && primary.rolloutState === 'IN_PROGRESS') {
    const a = settingsOf(svc).alarms;
    if (a?.enable) {
      // Alarm monitoring continues through a bake time after the rollout (§3.3; length modelled).
      if (primary.bakeUntil == null) {
        primary.bakeUntil = now + alarmBakeSeconds(sim, a.alarmNames);
        say(sim, svc, `(deployment ${primary.id}) has rolled out; it watches its CloudWatch alarms for a ${primary.bakeUntil - now}-second bake time before it completes.`);
      }
      if (now < primary.bakeUntil) return;
    }
    completeDeployment(sim, svc, primary, now);
  }
  // Steady only once tasks being stopped are gone too: until then ECS still counts them running.
  announceSteady(sim, svc, rolledOut && primary.rolloutState === 'COMPLETED' && all.length === live.length);
}
