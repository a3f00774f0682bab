/**
 * Goal builders the lessons share. Each returns a Goal whose failing case is one sentence saying
 * what is still missing, in the learner's terms ("web runs 3 of 4 healthy tasks on revision 2.").
 */
import type { Goal, GoalResult, Memo } from './types';
import type { LessonView, RecordedCall } from './view';
import type { TaskSnap } from '../src/sim/snapshot';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const result = (met: boolean, unmet: string): GoalResult => ({ met, unmet });

/** A goal from a predicate. */
export function goal(id: string, label: string, check: (v: LessonView, memo: Memo) => GoalResult, latch = false): Goal {
  return { id, label, check, latch };
}

export interface RunsOptions {
  /** Only tasks of this revision count. */
  revision?: number;
  /** Require every live task of the service to be on `revision` (nothing older left). */
  only?: boolean;
}

/** Healthy (§2.4) tasks of a service, optionally of one revision. */
export function healthyTasks(v: LessonView, service: string, revision?: number): TaskSnap[] {
  return v.tasksOf(service).filter((t) => t.healthy && (revision === undefined || t.revision === revision));
}

/**
 * `service` runs `count` healthy tasks (of `revision`). With `only`, no task of another revision
 * may be left.
 */
export function serviceRuns(service: string, count: number, opts: RunsOptions = {}): Goal {
  const rev = opts.revision;
  const on = rev === undefined ? '' : ` on revision ${rev}`;
  return goal(`${service}-runs-${count}${rev === undefined ? '' : `-r${rev}`}`, `${service} runs ${count} healthy tasks${on}${opts.only ? ', and nothing older' : ''}`, (v) => {
    if (!v.service(service)) return result(false, `There is no service named ${service} yet.`);
    const n = healthyTasks(v, service, rev).length;
    if (n < count) return result(false, `${service} runs ${n} of ${count} healthy tasks${on}.`);
    if (opts.only && rev !== undefined) {
      const others = v.tasksOf(service).filter((t) => t.revision !== rev && t.desiredStatus === 'RUNNING');
      if (others.length) return result(false, `${service} still runs ${plural(others.length, 'task')} of an older revision.`);
    }
    return result(true, '');
  });
}

/** The service's primary deployment is on `revision` and COMPLETED. */
export function deploymentCompleted(service: string, revision: number): Goal {
  return goal(`${service}-deployed-r${revision}`, `${service}'s deployment of revision ${revision} is COMPLETED`, (v) => {
    const s = v.services.get(service);
    if (!s) return result(false, `There is no service named ${service} yet.`);
    const primary = s.deployments[0];
    if (!primary) return result(false, `${service} has no deployment.`);
    if (primary.revision !== revision) return result(false, `${service}'s primary deployment is revision ${primary.revision}, not ${revision}.`);
    if (primary.rolloutState !== 'COMPLETED') return result(false, `${service}'s deployment of revision ${revision} is ${primary.rolloutState}.`);
    return result(true, '');
  });
}

/** The service's healthy tasks cover `zones` Availability Zones. */
export function coversZones(service: string, zones: number): Goal {
  return goal(`${service}-zones-${zones}`, `${service}'s healthy tasks cover ${zones} Availability Zones`, (v) => {
    const azs = new Set(healthyTasks(v, service).map((t) => t.availabilityZone));
    return result(azs.size >= zones, `${service}'s healthy tasks cover ${plural(azs.size, 'Availability Zone')} of ${zones}.`);
  });
}

/** The learner sent `action` (matching `match`) during this step. */
export function sent(id: string, label: string, action: string, match: (req: Record<string, unknown>, v: LessonView) => boolean = () => true, unmet?: string): Goal {
  return goal(id, label, (v) => {
    const ok = v.stepActions.some((a) => a.action === action && match(a.request, v));
    return result(ok, unmet ?? `You have not sent ${action} yet in this step.`);
  }, true);
}

/** Calls of `action` sent in this step. */
export function callsOf(v: LessonView, action: string): RecordedCall[] {
  return v.stepActions.filter((a) => a.action === action);
}

/**
 * Watches an invariant for the whole step: met while `ok` has held at every check so far. Once
 * broken it stays broken until the step restarts (for "never fewer than 2 healthy tasks").
 */
export function always(id: string, label: string, ok: (v: LessonView) => { ok: boolean; why: string }): Goal {
  return goal(id, label, (v, memo) => {
    if (memo.broken) return result(false, memo.broken as string);
    const r = ok(v);
    if (!r.ok) { memo.broken = r.why; memo.brokenAt = v.t; return result(false, r.why); }
    return result(true, '');
  });
}

/** Seconds, readable ("1 min 05 s"). */
export function secs(s: number): string {
  const r = Math.round(s);
  return r < 60 ? `${r} s` : `${Math.floor(r / 60)} min ${String(r % 60).padStart(2, '0')} s`;
}

/** A simulated second as the page's clock shows it (00:17:42). */
export function clock(t: number): string {
  const r = Math.max(0, Math.floor(t));
  return [Math.floor(r / 3600), Math.floor((r % 3600) / 60), r % 60].map((x) => String(x).padStart(2, '0')).join(':');
}

/** A quoted API message without its final full stop (so that a sentence can go on). */
export const quote = (message: string): string => `“${message.replace(/\.$/, '')}”`;

/** The last part of a task id, as the console shows it. */
export const short = (id: string): string => id.slice(0, 8);

/** Percent of the service's production requests that tasks of `taskDefinition` (`web:2`) receive now. */
export function trafficShare(v: LessonView, service: string, taskDefinition: string): number {
  return v.service(service)?.metrics.trafficByRevision?.[taskDefinition] ?? 0;
}

/** The revision serves all of the service's production traffic, on that revision's tasks only. */
export function servesAll(service: string, taskDefinition: string, tasks: number): Goal {
  const rev = Number(taskDefinition.split(':').pop());
  return goal(`${service}-serves-${rev}`, `${taskDefinition} serves 100% of production traffic on ${tasks} tasks, and nothing else runs`, (v) => {
    const share = trafficShare(v, service, taskDefinition);
    if (share < 99.9) return result(false, `${taskDefinition} serves ${share}% of production traffic.`);
    const healthy = healthyTasks(v, service, rev).length;
    if (healthy < tasks) return result(false, `${service} runs ${healthy} of ${tasks} healthy tasks of ${taskDefinition}.`);
    const others = v.tasksOf(service).filter((t) => t.revision !== rev).length;
    return result(others === 0, `${others} task${others === 1 ? '' : 's'} of another revision ${others === 1 ? 'is' : 'are'} still running.`);
  });
}

/** A deployment of `taskDefinition` failed during this step (a DeploymentStateChange said so). */
export function deploymentFailed(service: string, taskDefinition: string, label: string, notStarted: string): Goal {
  return goal(`${service}-failed-${taskDefinition.split(':').pop()}`, label, (v) => {
    const mine = v.events.filter((e) => e.type === 'DeploymentStateChange' && e.service === service && e.taskDefinition === taskDefinition && e.t >= v.stepStart);
    if (mine.some((e) => e.type === 'DeploymentStateChange' && e.eventName === 'SERVICE_DEPLOYMENT_FAILED')) return result(true, '');
    if (!mine.length) return result(false, notStarted);
    const share = trafficShare(v, service, taskDefinition);
    return result(false, `The deployment of ${taskDefinition} has not failed: it is in progress${share > 0 ? ` and serves ${share}% of production traffic` : ''}.`);
  }, true);
}

/** When the latest deployment of `taskDefinition` started during this step (its IN_PROGRESS event), or null. */
export function deploymentStartedAt(v: LessonView, service: string, taskDefinition: string): number | null {
  const e = [...v.events].reverse().find((x) => x.type === 'DeploymentStateChange' && x.service === service && x.taskDefinition === taskDefinition
    && x.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS' && x.t >= v.stepStart);
  return e ? e.t : null;
}

/** When the service's `taskId` was stopped by the learner in this step (the StopTask call's second), or null. */
export function stoppedByLearnerAt(v: LessonView, service: string): number | null {
  const a = v.stepActions.find((x) => x.action === 'StopTask' && v.task(String(x.request.task).split('/').pop()!)?.service === service);
  return a ? a.at : null;
}

/**
 * The service's TrafficShift events since the step began, oldest first, as percent by revision.
 * Goals about how traffic moved read these rather than samples: a shift can come and go between
 * two looks at the page.
 */
export function shifts(v: LessonView, service: string): { t: number; byRevision: Record<string, number> }[] {
  const out: { t: number; byRevision: Record<string, number> }[] = [];
  for (const e of v.events) {
    if (e.type === 'TrafficShift' && e.service === service && e.t >= v.stepStart && e.byRevision) out.push({ t: e.t, byRevision: e.byRevision });
  }
  return out;
}
