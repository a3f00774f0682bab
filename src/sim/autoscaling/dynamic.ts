/**
 * Dynamic scaling of a service's desired count (§5.2, §5.3), evaluated once a minute when the
 * new datapoints arrive.
 *
 * - Target tracking: each policy's managed alarms (high: 3 of 3 datapoints above the target; low:
 *   15 of 15 below 90 % of it) decide. Scale out if any policy wants to (the largest capacity
 *   wins); scale in only if every policy with scale-in enabled wants to.
 * - Step scaling: an alarm in ALARM runs its policies every minute.
 * - Cooldowns: during a scale-out cooldown only a larger scale-out happens; scale-in waits for its
 *   cooldown; a scale-out cancels the scale-in cooldown.
 * - Desired count outside MinCapacity..MaxCapacity: below min, a scale-out first raises it to min
 *   and a scale-in does nothing; above max, a scale-in first lowers it to max and a scale-out does
 *   nothing (§5.2, worked example 23).
 * - Scale-in is off while the service deploys (§5.2), and when suspended on the target.
 */
import type { Simulation } from '../engine';
import type { Service } from '../model';
import { deploymentInProgress } from '../deployments/status';
import { datapoints, runningCount } from './cloudwatch';
import { autoScalingState, type ManagedAlarm, type ScalableTarget, type ScalingAlarm, type StepScalingPolicy, type TargetTrackingPolicy } from './state';
import { stepCapacity, trackingCapacity } from './policies';

/** Changes the desired count and reports the ScalingActivity (contract v1). */
export function setDesiredCount(sim: Simulation, t: ScalableTarget, svc: Service, to: number, cause: string): void {
  if (to === svc.desiredCount) return;
  sim.emit({ t: sim.t, type: 'ScalingActivity', resource: t.resourceId, from: svc.desiredCount, to, cause });
  svc.desiredCount = to;
  svc.steady = false;
}

function metricKey(p: TargetTrackingPolicy): 'cpu' | 'memory' | 'requests' {
  return p.metric === 'ECSServiceAverageCPUUtilization' ? 'cpu' : p.metric === 'ECSServiceAverageMemoryUtilization' ? 'memory' : 'requests';
}

/** ALARM when the last `datapoints` one-minute datapoints all breach; a missing one breaks the run. */
function updateAlarm(a: ManagedAlarm, series: (number | null)[], breach: (v: number) => boolean): void {
  const last = series.slice(-a.datapoints);
  const known = last.filter((v): v is number => v !== null);
  if (!known.length) { a.state = 'INSUFFICIENT_DATA'; return; }
  a.state = known.length === a.datapoints && known.every(breach) ? 'ALARM' : 'OK';
}

interface Wish { capacity: number; policy: string; cause: string; cooldown: number }

function inCooldownOut(t: ScalableTarget, now: number): boolean {
  return t.lastScaleOut !== null && now < t.lastScaleOut.at + t.lastScaleOut.cooldown;
}

/** Raises the desired count to `w.capacity` (the caller has applied the cooldown rule). */
function scaleOut(sim: Simulation, t: ScalableTarget, svc: Service, w: Wish, now: number): void {
  if (t.suspended.dynamicScalingOut || svc.desiredCount >= t.maxCapacity) return;
  const from = svc.desiredCount;
  let to = Math.min(t.maxCapacity, w.capacity);
  let cause = w.cause;
  if (from < t.minCapacity) {
    to = t.minCapacity;
    cause = `${w.cause}; the desired count ${from} is below MinCapacity ${t.minCapacity}, so it is raised to the minimum first`;
  }
  if (to <= from) return;
  t.lastScaleOut = { at: now, from, to, cooldown: w.cooldown };
  t.lastScaleIn = null;
  setDesiredCount(sim, t, svc, to, cause);
}

function scaleIn(sim: Simulation, t: ScalableTarget, svc: Service, w: Wish, now: number): void {
  if (t.suspended.dynamicScalingIn || deploymentInProgress(svc)) return;
  const from = svc.desiredCount;
  if (from <= t.minCapacity) return;
  if (t.lastScaleIn && now < t.lastScaleIn.at + t.lastScaleIn.cooldown) return;
  let to = Math.max(t.minCapacity, Math.min(from - 1, w.capacity));
  let cause = w.cause;
  if (from > t.maxCapacity) {
    to = t.maxCapacity;
    cause = `${w.cause}; the desired count ${from} is above MaxCapacity ${t.maxCapacity}, so it is lowered to the maximum first`;
  }
  if (to >= from) return;
  t.lastScaleIn = { at: now, cooldown: w.cooldown };
  setDesiredCount(sim, t, svc, to, cause);
}

const fmt = (v: number) => String(Math.round(v * 100) / 100);

/** Target tracking for one scalable target, on the minute (§5.2). */
export function runTargetTracking(sim: Simulation, t: ScalableTarget, svc: Service, now: number): void {
  const tracking = t.policies.filter((p): p is TargetTrackingPolicy => p.kind === 'TargetTrackingScaling');
  if (!tracking.length) return;
  const running = runningCount(sim, svc.serviceName);
  const outs: (Wish & { p: TargetTrackingPolicy })[] = [];
  const ins: Wish[] = [];
  let inVoters = 0;
  for (const p of tracking) {
    const series = datapoints(sim, svc.serviceName, metricKey(p), p.targetGroupName);
    updateAlarm(p.alarmHigh, series, (v) => v > p.targetValue);
    updateAlarm(p.alarmLow, series, (v) => v < p.alarmLow.threshold);
    // Every policy with scale-in enabled votes on scale-in, also one without data (it blocks it).
    if (!p.disableScaleIn) inVoters++;
    const metric = series[series.length - 1] ?? null;
    if (metric === null) continue;
    // Scale from zero: one datapoint of demand starts the smallest step (§5.2).
    if (running === 0 && svc.desiredCount === 0 && metric > 0) {
      outs.push({ p, capacity: 1, policy: p.policyName, cooldown: p.scaleOutCooldown, cause: `monitor alarm ${p.alarmHigh.name} in state ALARM triggered policy ${p.policyName} (demand with no running task: one task)` });
      continue;
    }
    if (p.alarmHigh.state === 'ALARM' && running > 0) {
      outs.push({ p, capacity: trackingCapacity(running, metric, p.targetValue), policy: p.policyName, cooldown: p.scaleOutCooldown,
        cause: `monitor alarm ${p.alarmHigh.name} in state ALARM triggered policy ${p.policyName} (${p.metric} ${fmt(metric)} > target ${p.targetValue}; model: ceil(${running} running × ${fmt(metric)} / ${p.targetValue}))` });
    }
    if (!p.disableScaleIn && p.alarmLow.state === 'ALARM') {
      ins.push({ capacity: trackingCapacity(running, metric, p.targetValue), policy: p.policyName, cooldown: p.scaleInCooldown,
        cause: `monitor alarm ${p.alarmLow.name} in state ALARM triggered policy ${p.policyName} (${p.metric} ${fmt(metric)} < ${fmt(p.alarmLow.threshold)} for ${p.alarmLow.datapoints} minutes; model: ceil(${running} running × ${fmt(metric)} / ${p.targetValue}))` });
    }
  }
  if (outs.length) {
    const best = outs.reduce((a, b) => (b.capacity > a.capacity ? b : a));
    // In a scale-out cooldown only a scale-out larger than the one in progress goes ahead (§5.2).
    if (inCooldownOut(t, now) && best.capacity <= t.lastScaleOut!.to && svc.desiredCount >= t.minCapacity) return;
    scaleOut(sim, t, svc, best, now);
    return;
  }
  if (inVoters > 0 && ins.length === inVoters) {
    const best = ins.reduce((a, b) => (b.capacity > a.capacity ? b : a));
    scaleIn(sim, t, svc, best, now);
  }
}

function aggregate(sim: Simulation, a: ScalingAlarm): (number | null)[] {
  const key = a.metric === 'CPUUtilization' ? 'cpu' : a.metric === 'MemoryUtilization' ? 'memory' : 'requests';
  const minutes = datapoints(sim, a.service, key, a.targetGroupName);
  const k = Math.max(1, Math.round(a.period / 60));
  const out: (number | null)[] = [];
  for (let end = minutes.length; end - k >= 0 && out.length < a.evaluationPeriods; end -= k) {
    const win = minutes.slice(end - k, end).filter((v): v is number => v !== null);
    out.unshift(win.length ? (key === 'requests' ? win.reduce((s, v) => s + v, 0) : win.reduce((s, v) => s + v, 0) / win.length) : null);
  }
  return out;
}

function breaches(a: ScalingAlarm, v: number): boolean {
  switch (a.comparisonOperator) {
    case 'GreaterThanThreshold': return v > a.threshold;
    case 'GreaterThanOrEqualToThreshold': return v >= a.threshold;
    case 'LessThanThreshold': return v < a.threshold;
    default: return v <= a.threshold;
  }
}

/** Step scaling: one execution of a policy from its alarm's latest datapoint (§5.3). */
function runStep(sim: Simulation, t: ScalableTarget, svc: Service, p: StepScalingPolicy, a: ScalingAlarm, now: number): void {
  const v = a.value!;
  const compute = (from: number) => stepCapacity(from, v - a.threshold, p.adjustmentType, p.steps, p.minAdjustmentMagnitude);
  const wanted = compute(svc.desiredCount);
  const cause = `monitor alarm ${a.alarmName} in state ALARM triggered policy ${p.policyName} (${a.metric} ${fmt(v)}, threshold ${a.threshold}: ${p.adjustmentType} step)`;
  const up = wanted > svc.desiredCount || (svc.desiredCount < t.minCapacity && wanted === svc.desiredCount && p.steps.some((s) => s.adjustment > 0));
  if (up) {
    // During the cooldown the capacity the scale-out in progress added counts toward this one:
    // the step is computed from the capacity before it, and only a larger result applies (§5.3).
    const capacity = inCooldownOut(t, now) ? compute(t.lastScaleOut!.from) : wanted;
    scaleOut(sim, t, svc, { capacity, policy: p.policyName, cooldown: p.cooldown, cause }, now);
  } else if (wanted < svc.desiredCount) {
    scaleIn(sim, t, svc, { capacity: wanted, policy: p.policyName, cooldown: p.cooldown, cause }, now);
  }
}

/** Scaling alarms, on the minute: their state, and the step policies of those in ALARM. */
export function runScalingAlarms(sim: Simulation, now: number): void {
  const st = autoScalingState(sim);
  for (const a of st.alarms) {
    const dps = aggregate(sim, a);
    a.value = dps[dps.length - 1] ?? null;
    const known = dps.filter((v): v is number => v !== null);
    if (!known.length) { a.state = 'INSUFFICIENT_DATA'; continue; }
    a.state = known.filter((v) => breaches(a, v)).length >= a.datapointsToAlarm ? 'ALARM' : 'OK';
    if (a.state !== 'ALARM' || a.value === null) continue;
    for (const t of st.targets.values()) {
      if (t.service !== a.service) continue;
      const svc = sim.services.get(t.service);
      if (!svc || svc.status !== 'ACTIVE') continue;
      for (const p of t.policies) {
        if (p.kind !== 'StepScaling') continue;
        if (a.alarmActions.some((x) => x === p.policyName || x === p.policyArn || x.endsWith(`:policyName/${p.policyName}`))) runStep(sim, t, svc, p, a, now);
      }
    }
  }
}
