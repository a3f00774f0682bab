/**
 * Service auto scaling in the engine loop (§5): the scenario's scalable targets, policies,
 * scheduled actions and scaling alarms at setup; then every step the CloudWatch samples and due
 * scheduled actions, and on the minute target tracking and step scaling. Runs before the service
 * scheduler, so a new desired count is acted on in the same step.
 */
import type { Simulation } from '../engine';
import type { Scenario } from '../scenario/schema';
import type { SetupError } from '../systems';
import { autoScalingState, type ScalingAlarm } from './state';
import { scenarioError } from '../capacity/state';
import { collectMetrics } from './cloudwatch';
import { runScalingAlarms, runTargetTracking } from './dynamic';
import { putScalingPolicy, putScheduledAction, registerScalableTarget, runScheduledActions } from './targets';

type Req = Record<string, unknown>;
const isObj = (v: unknown): v is Req => typeof v === 'object' && v !== null && !Array.isArray(v);
const OPERATORS = ['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const;
const METRICS = ['CPUUtilization', 'MemoryUtilization', 'RequestCountPerTarget'] as const;

function bad(field: string, value: unknown, accepted: string, message: string): SetupError {
  return scenarioError(field, { value, accepted, message: `Invalid scenario: ${message}` });
}

/** Reads a PutMetricAlarm request whose actions run scaling policies; null when it runs none. */
export function parseScalingAlarm(sim: Simulation, a: unknown, field: string, policyNames: Set<string>): ScalingAlarm | SetupError | null {
  if (!isObj(a) || !Array.isArray(a.AlarmActions)) return null;
  const actions = a.AlarmActions.filter((x): x is string => typeof x === 'string');
  const scaling = actions.filter((x) => x.includes(':scalingPolicy:') || policyNames.has(x));
  if (!scaling.length) return null;
  const metric = a.MetricName;
  if (!METRICS.includes(metric as typeof METRICS[number])) {
    return bad(`${field}.MetricName`, metric, METRICS.join(', '), `an alarm that runs a scaling policy must watch ${METRICS.join(', ')}.`);
  }
  const dims = Array.isArray(a.Dimensions) ? a.Dimensions.filter(isObj) : [];
  const dim = (n: string) => dims.find((d) => d.Name === n)?.Value;
  // The scenario names the service in `service` (as deployment alarms do) or in the ServiceName dimension.
  let service = typeof a.service === 'string' ? a.service : typeof dim('ServiceName') === 'string' ? dim('ServiceName') as string : null;
  let tg: string | null = null;
  const tgDim = dim('TargetGroup');
  if (typeof tgDim === 'string') tg = /targetgroup\/([^/]+)/.exec(tgDim)?.[1] ?? tgDim;
  if (!service && tg) service = [...sim.services.values()].find((s) => s.loadBalancers.some((l) => l.targetGroupName === tg))?.serviceName ?? null;
  if (!service || !sim.services.has(service)) {
    return bad(`${field}.Dimensions`, a.Dimensions, `a ServiceName (or TargetGroup) dimension naming a service: ${[...sim.services.keys()].join(', ')}`, 'the alarm does not name a service of the cluster.');
  }
  const period = a.Period ?? 60;
  if (typeof period !== 'number' || period < 60 || period % 60 !== 0) return bad(`${field}.Period`, period, 'a multiple of 60 seconds', 'ECS and ALB metrics have one-minute resolution: Period must be a multiple of 60.');
  const evaluationPeriods = a.EvaluationPeriods ?? 1;
  if (typeof evaluationPeriods !== 'number' || !Number.isInteger(evaluationPeriods) || evaluationPeriods < 1 || evaluationPeriods > 15) {
    return bad(`${field}.EvaluationPeriods`, evaluationPeriods, 'a whole number from 1 to 15', 'EvaluationPeriods must be a whole number from 1 to 15.');
  }
  const dta = a.DatapointsToAlarm ?? evaluationPeriods;
  if (typeof dta !== 'number' || !Number.isInteger(dta) || dta < 1 || dta > evaluationPeriods) {
    return bad(`${field}.DatapointsToAlarm`, dta, `a whole number from 1 to EvaluationPeriods (${evaluationPeriods})`, 'DatapointsToAlarm must be at most EvaluationPeriods.');
  }
  if (typeof a.Threshold !== 'number') return bad(`${field}.Threshold`, a.Threshold, 'a number', 'Threshold must be a number.');
  if (!OPERATORS.includes(a.ComparisonOperator as typeof OPERATORS[number])) {
    return bad(`${field}.ComparisonOperator`, a.ComparisonOperator, OPERATORS.join(', '), `ComparisonOperator must be one of ${OPERATORS.join(', ')}.`);
  }
  return {
    alarmName: typeof a.AlarmName === 'string' ? a.AlarmName : `${service}-${String(metric)}`,
    service, metric: metric as ScalingAlarm['metric'], targetGroupName: tg, period, evaluationPeriods, datapointsToAlarm: dta,
    threshold: a.Threshold, comparisonOperator: a.ComparisonOperator as ScalingAlarm['comparisonOperator'],
    alarmActions: scaling, state: 'INSUFFICIENT_DATA', value: null,
  };
}

/** Setup: scalable targets, then policies, scheduled actions and alarms (they refer to targets). */
export function setupAutoScaling(sim: Simulation, s: Scenario): SetupError | null {
  const st = autoScalingState(sim);
  const extra = s as Scenario & { scheduledActions?: unknown[]; cloudWatchAlarms?: unknown[]; startTime?: unknown };
  if (extra.startTime !== undefined && (typeof extra.startTime !== 'string' || !Number.isFinite(Date.parse(extra.startTime)))) {
    return bad('startTime', extra.startTime, 'an ISO 8601 time such as 2026-12-01T00:00:00Z', "'startTime' must be an ISO 8601 time.");
  }
  const steps: [string, unknown[], (sim: Simulation, r: Req) => { ok: boolean; error?: { field: string; value: unknown; accepted: string; message: string } }][] = [
    ['scalableTargets', s.scalableTargets, registerScalableTarget],
    ['scalingPolicies', s.scalingPolicies, putScalingPolicy],
    ['scheduledActions', extra.scheduledActions ?? [], putScheduledAction],
  ];
  for (const [key, list, run] of steps) {
    for (const [i, req] of list.entries()) {
      const r = run(sim, req as Req);
      if (!r.ok && r.error) return scenarioError(`${key}[${i}].${r.error.field}`, r.error);
    }
  }
  const names = new Set(s.scalingPolicies.map((p) => p.PolicyName));
  for (const [i, a] of (extra.cloudWatchAlarms ?? []).entries()) {
    const r = parseScalingAlarm(sim, a, `cloudWatchAlarms[${i}]`, names);
    if (r && 'field' in r) return r;
    if (r) st.alarms.push(r);
  }
  return null;
}

/** Every step: samples and scheduled actions; on the minute, dynamic scaling. */
export function runAutoScaling(sim: Simulation, now: number): void {
  const st = sim.autoScalingState;
  if (!st || (!st.targets.size && !st.alarms.length)) return;
  collectMetrics(sim, now);
  runScheduledActions(sim, now);
  if (now % 60 !== 0) return;
  for (const t of st.targets.values()) {
    const svc = sim.services.get(t.service);
    if (svc && svc.status === 'ACTIVE') runTargetTracking(sim, t, svc, now);
  }
  runScalingAlarms(sim, now);
}
