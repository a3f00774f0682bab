/**
 * Application Auto Scaling API actions for ECS services (§5.1, §5.4): RegisterScalableTarget,
 * DeregisterScalableTarget, PutScalingPolicy, DeleteScalingPolicy, PutScheduledAction,
 * DeleteScheduledAction, and the scheduled actions running on their schedules.
 *
 * Registering a target does not move the desired count into the new range (worked example 23);
 * a scheduled action does, ignoring cooldowns (§5.4).
 */
import type { Simulation } from '../engine';
import type { CommandResult } from '../commands';
import { invalidParameter, type ApiError } from '../errors';
import { autoScalingState, type ScalableTarget, type ScheduledAction } from './state';
import { parsePolicy } from './policies';
import { parseSchedule, validTimezone } from './schedule';
import { setDesiredCount } from './dynamic';

type Req = Record<string, unknown>;
const fail = (error: ApiError): CommandResult => ({ ok: false, error });
const validation = (field: string, value: unknown, accepted: string, detail: string): ApiError =>
  invalidParameter(field, value, accepted, `ValidationException: ${detail}`);

/** Checks namespace and dimension, and finds the service a ResourceId names. */
function resource(sim: Simulation, req: Req): { resourceId: string; service: string } | ApiError {
  if (req.ServiceNamespace !== undefined && req.ServiceNamespace !== 'ecs') {
    return validation('ServiceNamespace', req.ServiceNamespace, '"ecs"', 'The simulator scales ECS services: ServiceNamespace must be ecs.');
  }
  if (req.ScalableDimension !== undefined && req.ScalableDimension !== 'ecs:service:DesiredCount') {
    return validation('ScalableDimension', req.ScalableDimension, '"ecs:service:DesiredCount"', 'Unsupported scalable dimension for namespace ecs: use ecs:service:DesiredCount.');
  }
  const id = req.ResourceId;
  const m = typeof id === 'string' ? /^service\/([^/]+)\/([^/]+)$/.exec(id) : null;
  if (!m) return validation('ResourceId', id, 'service/<cluster>/<service>', 'ResourceId must have the form service/<cluster>/<service>.');
  const svc = sim.services.get(m[2]!);
  if (m[1] !== sim.clusterName || !svc || svc.status === 'INACTIVE') {
    return validation('ResourceId', id, `service/${sim.clusterName}/<an existing service: ${[...sim.services.keys()].join(', ') || '(none)'}>`, `ECS service doesn't exist: ${String(id)}`);
  }
  if (svc.schedulingStrategy === 'DAEMON') return validation('ResourceId', id, 'a REPLICA service', 'A DAEMON service runs one task per instance and cannot be scaled.');
  return { resourceId: id as string, service: m[2]! };
}

const isErr = (x: unknown): x is ApiError => typeof x === 'object' && x !== null && 'message' in x && 'field' in x;

function capacity(v: unknown, field: string): number | undefined | ApiError {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 5000) return validation(field, v, 'a whole number from 0 to 5000 (tasks per service)', `${field} must be a whole number from 0 to 5000.`);
  return v;
}

function notFound(resourceId: string): ApiError {
  return invalidParameter('ResourceId', resourceId, 'a registered scalable target (RegisterScalableTarget first)',
    `ObjectNotFoundException: No scalable target registered for service namespace: ecs, resource ID: ${resourceId}, scalable dimension: ecs:service:DesiredCount`);
}

export function registerScalableTarget(sim: Simulation, req: Req): CommandResult {
  const r = resource(sim, req);
  if (isErr(r)) return fail(r);
  const min = capacity(req.MinCapacity, 'MinCapacity');
  if (isErr(min)) return fail(min);
  const max = capacity(req.MaxCapacity, 'MaxCapacity');
  if (isErr(max)) return fail(max);
  const st = autoScalingState(sim);
  const existing = st.targets.get(r.resourceId);
  if (!existing && (min === undefined || max === undefined)) {
    return fail(validation(min === undefined ? 'MinCapacity' : 'MaxCapacity', undefined, 'a whole number', 'MinCapacity and MaxCapacity are required when registering a new scalable target.'));
  }
  const newMin = min ?? existing!.minCapacity;
  const newMax = max ?? existing!.maxCapacity;
  if (newMin > newMax) return fail(validation('MinCapacity', newMin, `at most MaxCapacity (${newMax})`, 'Minimum capacity cannot be greater than maximum capacity'));
  const ss = (req.SuspendedState ?? {}) as Req;
  const t: ScalableTarget = existing ?? {
    resourceId: r.resourceId, service: r.service, minCapacity: newMin, maxCapacity: newMax,
    suspended: { dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false },
    policies: [], scheduled: [], lastScaleOut: null, lastScaleIn: null,
  };
  t.minCapacity = newMin;
  t.maxCapacity = newMax;
  if (typeof ss.DynamicScalingInSuspended === 'boolean') t.suspended.dynamicScalingIn = ss.DynamicScalingInSuspended;
  if (typeof ss.DynamicScalingOutSuspended === 'boolean') t.suspended.dynamicScalingOut = ss.DynamicScalingOutSuspended;
  if (typeof ss.ScheduledScalingSuspended === 'boolean') t.suspended.scheduledScaling = ss.ScheduledScalingSuspended;
  st.targets.set(r.resourceId, t);
  return { ok: true, value: { ScalableTargetARN: `arn:aws:application-autoscaling:${sim.region}:123456789012:scalable-target/${r.resourceId}` } };
}

export function deregisterScalableTarget(sim: Simulation, req: Req): CommandResult {
  const id = String(req.ResourceId ?? '');
  const st = autoScalingState(sim);
  if (!st.targets.delete(id)) return fail(notFound(id));
  return { ok: true };
}

export function putScalingPolicy(sim: Simulation, req: Req): CommandResult {
  const r = resource(sim, req);
  if (isErr(r)) return fail(r);
  const t = autoScalingState(sim).targets.get(r.resourceId);
  if (!t) return fail(notFound(r.resourceId));
  const p = parsePolicy(sim, t, req);
  if (isErr(p)) return fail(p);
  const i = t.policies.findIndex((x) => x.policyName === p.policyName);
  if (i < 0 && t.policies.length >= 50) return fail(validation('PolicyName', p.policyName, 'at most 50 policies per scalable target', 'LimitExceededException: at most 50 scaling policies per scalable target.'));
  if (i >= 0) t.policies[i] = p; else t.policies.push(p);
  const alarms = p.kind === 'TargetTrackingScaling' ? [{ AlarmName: p.alarmHigh.name }, { AlarmName: p.alarmLow.name }] : [];
  return { ok: true, value: { PolicyARN: p.policyArn, Alarms: alarms } };
}

export function deleteScalingPolicy(sim: Simulation, req: Req): CommandResult {
  const r = resource(sim, req);
  if (isErr(r)) return fail(r);
  const t = autoScalingState(sim).targets.get(r.resourceId);
  const i = t ? t.policies.findIndex((x) => x.policyName === req.PolicyName) : -1;
  if (!t || i < 0) return fail(invalidParameter('PolicyName', req.PolicyName, `a policy of ${r.resourceId}: ${t?.policies.map((x) => x.policyName).join(', ') || '(none)'}`, `ObjectNotFoundException: No scaling policy found for service namespace: ecs, resource ID: ${r.resourceId}, scalable dimension: ecs:service:DesiredCount, policy name: ${String(req.PolicyName)}`));
  t.policies.splice(i, 1);
  return { ok: true };
}

function isoTime(v: unknown, field: string): number | null | ApiError {
  if (v === undefined || v === null) return null;
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) return validation(field, v, 'an ISO 8601 time such as 2026-12-01T09:00:00Z', `${field} must be an ISO 8601 time.`);
  return ms;
}

export function putScheduledAction(sim: Simulation, req: Req): CommandResult {
  const r = resource(sim, req);
  if (isErr(r)) return fail(r);
  const t = autoScalingState(sim).targets.get(r.resourceId);
  if (!t) return fail(notFound(r.resourceId));
  const name = req.ScheduledActionName;
  if (typeof name !== 'string' || !name.length || name.length > 256) return fail(validation('ScheduledActionName', name, '1 to 256 characters', 'ScheduledActionName is required.'));
  const tz = req.Timezone === undefined ? 'UTC' : req.Timezone;
  if (typeof tz !== 'string' || !validTimezone(tz)) return fail(validation('Timezone', tz, 'UTC or an IANA time zone such as America/New_York', `Invalid time zone ${String(tz)}.`));
  const sched = parseSchedule(req.Schedule, tz);
  if (!sched.ok) return fail(validation('Schedule', req.Schedule, 'at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year)', sched.message));
  const a = (req.ScalableTargetAction ?? {}) as Req;
  const min = capacity(a.MinCapacity, 'ScalableTargetAction.MinCapacity');
  if (isErr(min)) return fail(min);
  const max = capacity(a.MaxCapacity, 'ScalableTargetAction.MaxCapacity');
  if (isErr(max)) return fail(max);
  if (min === undefined && max === undefined) return fail(validation('ScalableTargetAction', a, 'MinCapacity and/or MaxCapacity', 'ScalableTargetAction must set MinCapacity, MaxCapacity or both.'));
  if (min !== undefined && max !== undefined && min > max) return fail(validation('ScalableTargetAction.MinCapacity', min, `at most MaxCapacity (${max})`, 'Minimum capacity cannot be greater than maximum capacity'));
  const start = isoTime(req.StartTime, 'StartTime');
  if (isErr(start)) return fail(start);
  const end = isoTime(req.EndTime, 'EndTime');
  if (isErr(end)) return fail(end);
  const action: ScheduledAction = { name, schedule: req.Schedule as string, timezone: tz, startTime: start, endTime: end,
    minCapacity: min ?? null, maxCapacity: max ?? null, lastRunAt: null, done: false };
  const i = t.scheduled.findIndex((x) => x.name === name);
  if (i >= 0) t.scheduled[i] = action; else t.scheduled.push(action);
  return { ok: true };
}

export function deleteScheduledAction(sim: Simulation, req: Req): CommandResult {
  const r = resource(sim, req);
  if (isErr(r)) return fail(r);
  const t = autoScalingState(sim).targets.get(r.resourceId);
  const i = t ? t.scheduled.findIndex((x) => x.name === req.ScheduledActionName) : -1;
  if (!t || i < 0) return fail(invalidParameter('ScheduledActionName', req.ScheduledActionName, 'an existing scheduled action', `ObjectNotFoundException: No scheduled action found: ${String(req.ScheduledActionName)}`));
  t.scheduled.splice(i, 1);
  return { ok: true };
}

function due(sim: Simulation, a: ScheduledAction, now: number): boolean {
  const st = autoScalingState(sim);
  const ms = st.epochMs + now * 1000;
  if (a.done || (a.startTime !== null && ms < a.startTime) || (a.endTime !== null && ms > a.endTime)) return false;
  const s = parseSchedule(a.schedule, a.timezone);
  if (!s.ok) return false;
  if (s.kind === 'at') return s.fires(ms);
  if (s.kind === 'rate') {
    const from = a.startTime ?? st.epochMs;
    return ms > from && (ms - from) % s.everyMs! === 0;
  }
  return s.fires(ms);
}

/** Scheduled actions that are due: new min/max, and the desired count moved into them (§5.4). */
export function runScheduledActions(sim: Simulation, now: number): void {
  for (const t of autoScalingState(sim).targets.values()) {
    if (!t.scheduled.length || t.suspended.scheduledScaling) continue;
    const svc = sim.services.get(t.service);
    if (!svc || svc.status !== 'ACTIVE') continue;
    for (const a of t.scheduled) {
      if (!due(sim, a, now)) continue;
      a.lastRunAt = now;
      if (a.schedule.startsWith('at(')) a.done = true;
      if (a.minCapacity !== null) t.minCapacity = a.minCapacity;
      if (a.maxCapacity !== null) t.maxCapacity = a.maxCapacity;
      if (t.minCapacity > t.maxCapacity) t.maxCapacity = t.minCapacity;
      const range = `MinCapacity ${t.minCapacity}, MaxCapacity ${t.maxCapacity}`;
      if (svc.desiredCount < t.minCapacity) setDesiredCount(sim, t, svc, t.minCapacity, `scheduled action ${a.name} set ${range}: raised to the new minimum`);
      else if (svc.desiredCount > t.maxCapacity) setDesiredCount(sim, t, svc, t.maxCapacity, `scheduled action ${a.name} set ${range}: lowered to the new maximum`);
    }
  }
}
