/**
 * Scaling policies (§5.2, §5.3): `PutScalingPolicy` validation, and the pure arithmetic of both
 * kinds.
 *
 * Target tracking: AWS does not publish its capacity formula. The model is
 * `ceil(running × metric / target)` (§5.2, unconfirmed), starting from the RUNNING task count; the
 * UI labels it a model.
 *
 * Step scaling (§5.3): step bounds are relative to the alarm threshold. Above the threshold a
 * step's lower bound is inclusive and its upper bound exclusive; below it, the other way round.
 * PercentChangeInCapacity rounds toward zero, as in the documented example:
 * ```ts
 * const up = [{ lower: 0, upper: 10, adjustment: 0 }, { lower: 10, upper: 20, adjustment: 10 }, { lower: 20, upper: null, adjustment: 30 }];
 * stepCapacity(10, 60 - 50, 'PercentChangeInCapacity', up, null) // 11
 * stepCapacity(11, 70 - 50, 'PercentChangeInCapacity', up, null) // 14 (11 + floor(3.3))
 * ```
 */
import type { Simulation } from '../engine';
import { invalidParameter, type ApiError } from '../errors';
import { hex } from '../rng';
import type { PredefinedMetric, ScalableTarget, ScalingPolicy, StepAdjustment, StepScalingPolicy } from './state';

/** Cooldown defaults for ECS services (§5.2: 300 s both ways; step scaling modelled the same). */
export const DEFAULT_COOLDOWN = 300;
/** Target-tracking managed alarms (§5.2, [2nd]): 3 of 3 out, 15 of 15 in, one-minute period. */
export const HIGH_DATAPOINTS = 3;
export const LOW_DATAPOINTS = 15;
/** The low alarm's threshold as a fraction of the target ("clearly below", about 10 %; model). */
export const LOW_THRESHOLD_FACTOR = 0.9;

/** Target tracking (model): the capacity that brings the metric back to the target. */
export function trackingCapacity(running: number, metric: number, target: number): number {
  return Math.ceil((running * metric) / target - 1e-9);
}

/** The step whose bounds hold `diff` (metric minus threshold), or null. */
export function findStep(steps: readonly StepAdjustment[], diff: number): StepAdjustment | null {
  for (const s of steps) {
    const lo = s.lower ?? -Infinity;
    const hi = s.upper ?? Infinity;
    if (diff >= 0 ? lo <= diff && diff < hi : lo < diff && diff <= hi) return s;
  }
  return null;
}

/** Capacity after one step-scaling execution from `current`, or `current` when no step applies. */
export function stepCapacity(current: number, diff: number, type: StepScalingPolicy['adjustmentType'],
  steps: readonly StepAdjustment[], minAdjustmentMagnitude: number | null): number {
  const s = findStep(steps, diff);
  if (!s) return current;
  if (type === 'ExactCapacity') return s.adjustment;
  if (type === 'ChangeInCapacity') return current + s.adjustment;
  let change = Math.trunc((current * s.adjustment) / 100);
  if (minAdjustmentMagnitude !== null && s.adjustment !== 0 && Math.abs(change) < minAdjustmentMagnitude) {
    change = Math.sign(s.adjustment) * minAdjustmentMagnitude;
  }
  return current + change;
}

type Req = Record<string, unknown>;
const isObj = (v: unknown): v is Req => typeof v === 'object' && v !== null && !Array.isArray(v);
const validation = (field: string, value: unknown, accepted: string, detail: string): ApiError =>
  invalidParameter(field, value, accepted, `ValidationException: ${detail}`);

function cooldown(v: unknown, field: string): number | ApiError {
  if (v === undefined) return DEFAULT_COOLDOWN;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 31536000) return validation(field, v, 'whole seconds from 0 to 31536000', `${field} must be whole seconds from 0 to 31536000.`);
  return v;
}

const PREDEFINED: readonly PredefinedMetric[] = ['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget'];

function policyArn(sim: Simulation, t: ScalableTarget, name: string): string {
  const id = hex(sim.rng, 32);
  const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
  return `arn:aws:autoscaling:${sim.region}:123456789012:scalingPolicy:${uuid}:resource/ecs/${t.resourceId}:policyName/${name}`;
}

/** Validates the target-tracking part of a PutScalingPolicy request. */
function targetTracking(sim: Simulation, t: ScalableTarget, name: string, c: unknown): ScalingPolicy | ApiError {
  const f = 'TargetTrackingScalingPolicyConfiguration';
  if (!isObj(c)) return validation(f, c, 'an object { TargetValue, PredefinedMetricSpecification, ... }', `${f} is required for TargetTrackingScaling policies.`);
  const target = c.TargetValue;
  if (typeof target !== 'number' || !(target > 0)) return validation(`${f}.TargetValue`, target, 'a number above 0', 'TargetValue must be a number above 0.');
  if (c.CustomizedMetricSpecification !== undefined) {
    return validation(`${f}.CustomizedMetricSpecification`, c.CustomizedMetricSpecification, 'PredefinedMetricSpecification (the simulator models the three predefined ECS metrics)', 'The simulator models target tracking on the predefined metrics only: ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization, ALBRequestCountPerTarget.');
  }
  const spec = c.PredefinedMetricSpecification;
  const type = isObj(spec) ? spec.PredefinedMetricType : undefined;
  if (typeof type !== 'string' || !PREDEFINED.includes(type as PredefinedMetric)) {
    return validation(`${f}.PredefinedMetricSpecification.PredefinedMetricType`, type, `one of ${PREDEFINED.join(', ')}`, `PredefinedMetricType must be one of ${PREDEFINED.join(', ')}.`);
  }
  let tg: string | null = null;
  if (type === 'ALBRequestCountPerTarget') {
    const label = isObj(spec) ? spec.ResourceLabel : undefined;
    const m = typeof label === 'string' ? /targetgroup\/([^/]+)/.exec(label) : null;
    tg = m ? m[1]! : null;
    const svc = sim.services.get(t.service);
    if (!tg || !svc?.loadBalancers.some((l) => l.targetGroupName === tg)) {
      return validation(`${f}.PredefinedMetricSpecification.ResourceLabel`, label, `app/<load-balancer>/<id>/targetgroup/<target group of the service>/<id>: ${svc?.loadBalancers.map((l) => l.targetGroupName).join(', ') || '(the service has no target group)'}`, 'ResourceLabel is required for ALBRequestCountPerTarget and must name a target group of the service.');
    }
  }
  const out = cooldown(c.ScaleOutCooldown, `${f}.ScaleOutCooldown`);
  if (typeof out !== 'number') return out;
  const inn = cooldown(c.ScaleInCooldown, `${f}.ScaleInCooldown`);
  if (typeof inn !== 'number') return inn;
  const arn = policyArn(sim, t, name);
  const alarmId = arn.split(':')[6]!;
  return {
    kind: 'TargetTrackingScaling', policyName: name, policyArn: arn, targetValue: target, metric: type as PredefinedMetric,
    targetGroupName: tg, scaleOutCooldown: out, scaleInCooldown: inn, disableScaleIn: c.DisableScaleIn === true,
    alarmHigh: { name: `TargetTracking-${t.resourceId}-AlarmHigh-${alarmId}`, state: 'INSUFFICIENT_DATA', datapoints: HIGH_DATAPOINTS, threshold: target },
    alarmLow: { name: `TargetTracking-${t.resourceId}-AlarmLow-${alarmId}`, state: 'INSUFFICIENT_DATA', datapoints: LOW_DATAPOINTS, threshold: target * LOW_THRESHOLD_FACTOR },
  };
}

function bound(v: unknown, field: string): number | null | ApiError {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) return validation(field, v, 'a number, or nothing for an open bound', `${field} must be a number.`);
  return v;
}

/** Validates the step-scaling part: no overlapping steps, no gaps, one open end each way (§5.3). */
function stepScaling(sim: Simulation, t: ScalableTarget, name: string, c: unknown): ScalingPolicy | ApiError {
  const f = 'StepScalingPolicyConfiguration';
  if (!isObj(c)) return validation(f, c, 'an object { AdjustmentType, StepAdjustments, ... }', `${f} is required for StepScaling policies.`);
  const type = c.AdjustmentType;
  if (type !== 'ChangeInCapacity' && type !== 'ExactCapacity' && type !== 'PercentChangeInCapacity') {
    return validation(`${f}.AdjustmentType`, type, 'ChangeInCapacity, ExactCapacity or PercentChangeInCapacity', 'AdjustmentType must be ChangeInCapacity, ExactCapacity or PercentChangeInCapacity.');
  }
  const raw = c.StepAdjustments;
  if (!Array.isArray(raw) || raw.length === 0) return validation(`${f}.StepAdjustments`, raw, 'a non-empty list of steps', 'StepAdjustments must list at least one step.');
  const steps: StepAdjustment[] = [];
  for (const [i, s] of raw.entries()) {
    const sf = `${f}.StepAdjustments[${i}]`;
    if (!isObj(s)) return validation(sf, s, 'an object { MetricIntervalLowerBound?, MetricIntervalUpperBound?, ScalingAdjustment }', 'Each step adjustment must be an object.');
    const lower = bound(s.MetricIntervalLowerBound, `${sf}.MetricIntervalLowerBound`);
    if (typeof lower === 'object' && lower !== null) return lower;
    const upper = bound(s.MetricIntervalUpperBound, `${sf}.MetricIntervalUpperBound`);
    if (typeof upper === 'object' && upper !== null) return upper;
    const adj = s.ScalingAdjustment;
    if (typeof adj !== 'number' || !Number.isInteger(adj)) return validation(`${sf}.ScalingAdjustment`, adj, 'a whole number', 'ScalingAdjustment must be a whole number.');
    if (lower !== null && upper !== null && upper <= lower) return validation(sf, s, 'an upper bound above the lower bound', 'The upper bound must be greater than the lower bound.');
    steps.push({ lower: lower as number | null, upper: upper as number | null, adjustment: adj });
  }
  steps.sort((a, b) => (a.lower ?? -Infinity) - (b.lower ?? -Infinity));
  for (let i = 1; i < steps.length; i++) {
    const prev = steps[i - 1]!.upper;
    const lo = steps[i]!.lower;
    if (prev === null || lo === null || prev !== lo) {
      return validation(`${f}.StepAdjustments`, raw, 'steps that neither overlap nor leave gaps', 'Step adjustments must not overlap and must not leave gaps between their bounds.');
    }
  }
  const mam = c.MinAdjustmentMagnitude;
  if (mam !== undefined && (type !== 'PercentChangeInCapacity' || typeof mam !== 'number' || !Number.isInteger(mam) || mam < 1)) {
    return validation(`${f}.MinAdjustmentMagnitude`, mam, 'a whole number of at least 1, with PercentChangeInCapacity only', 'MinAdjustmentMagnitude applies only to PercentChangeInCapacity and must be at least 1.');
  }
  const cd = cooldown(c.Cooldown, `${f}.Cooldown`);
  if (typeof cd !== 'number') return cd;
  const agg = c.MetricAggregationType ?? 'Average';
  if (agg !== 'Average' && agg !== 'Minimum' && agg !== 'Maximum') return validation(`${f}.MetricAggregationType`, agg, 'Average, Minimum or Maximum', 'MetricAggregationType must be Average, Minimum or Maximum.');
  return { kind: 'StepScaling', policyName: name, policyArn: policyArn(sim, t, name), adjustmentType: type, steps,
    minAdjustmentMagnitude: (mam as number | undefined) ?? null, cooldown: cd, metricAggregationType: agg };
}

/** Builds a policy from a PutScalingPolicy request for an already-found scalable target. */
export function parsePolicy(sim: Simulation, t: ScalableTarget, req: Req): ScalingPolicy | ApiError {
  const name = req.PolicyName;
  if (typeof name !== 'string' || name.length < 1 || name.length > 256 || name.includes(':')) {
    return validation('PolicyName', name, '1 to 256 characters, no colon', 'PolicyName must be 1 to 256 characters without a colon.');
  }
  if (req.PolicyType === 'TargetTrackingScaling') return targetTracking(sim, t, name, req.TargetTrackingScalingPolicyConfiguration);
  if (req.PolicyType === 'StepScaling') return stepScaling(sim, t, name, req.StepScalingPolicyConfiguration);
  return validation('PolicyType', req.PolicyType, 'TargetTrackingScaling or StepScaling', 'PolicyType must be TargetTrackingScaling or StepScaling (PredictiveScaling is not available for ECS services).');
}
