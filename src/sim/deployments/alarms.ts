/**
 * CloudWatch metric alarms on a service's metrics: a small, honest model of what deployments
 * watch (§3.3 deployment alarms, §4.1 CodeDeploy alarm configuration).
 *
 * Each alarm samples its metric every simulated second and closes a datapoint every `Period`
 * seconds (60 by default; CloudWatch publishes ECS and ALB metrics once a minute, §5.1). The alarm
 * is in ALARM when at least `DatapointsToAlarm` of the last `EvaluationPeriods` datapoints breach
 * the threshold, OK when they do not, INSUFFICIENT_DATA before there is any datapoint. Statistics
 * are fixed per metric (model): Average for CPU and memory, Sum for counts, p50 for response time
 * (the traffic model keeps only a median), Maximum for unhealthy hosts. HTTPCode_Target_5XX_Count
 * counts requests that tasks answered with an error (saturated tasks, whose queue overflows);
 * HTTPCode_ELB_5XX_Count the load balancer's own errors (no registered target, or a target that
 * does not answer). HTTPCode_4XX_5XX_Percent is the metric math Express Mode's rollback alarm reads
 * (100 × errors / RequestCount over the period, §13.3); the traffic model has no 4XX, so it counts
 * the target's and the load balancer's 5XX.
 */
import type { Simulation } from '../engine';
import type { Scenario } from '../scenario/schema';
import type { SetupError } from '../systems';
import type { Service } from '../model';
import { invalidParameter, type ApiError } from '../errors';
import type { AlarmMetric, AlarmState, ComparisonOperator } from './types';

const METRICS: Record<AlarmMetric, AlarmState['statistic']> = {
  CPUUtilization: 'Average',
  MemoryUtilization: 'Average',
  RequestCount: 'Sum',
  HTTPCode_Target_5XX_Count: 'Sum',
  HTTPCode_ELB_5XX_Count: 'Sum',
  TargetResponseTime: 'p50',
  UnHealthyHostCount: 'Maximum',
  HTTPCode_4XX_5XX_Percent: 'Sum',
};
const OPERATORS: Record<ComparisonOperator, [string, (v: number, t: number) => boolean]> = {
  GreaterThanThreshold: ['greater than', (v, t) => v > t],
  GreaterThanOrEqualToThreshold: ['greater than or equal to', (v, t) => v >= t],
  LessThanThreshold: ['less than', (v, t) => v < t],
  LessThanOrEqualToThreshold: ['less than or equal to', (v, t) => v <= t],
};
const MISSING = ['missing', 'notBreaching', 'breaching', 'ignore'] as const;

type Req = Record<string, unknown>;
const isObj = (v: unknown): v is Req => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a PutMetricAlarm-style request (`service` names the ServiceName dimension). */
export function parseAlarm(sim: Simulation, req: unknown, field: string): AlarmState | ApiError {
  if (!isObj(req)) return invalidParameter(field, req, 'a PutMetricAlarm request', `${field} must be an object.`);
  const name = req.AlarmName;
  if (typeof name !== 'string' || !name || name.length > 255) return invalidParameter(`${field}.AlarmName`, name, 'a name of 1 to 255 characters', 'AlarmName is required.');
  const svcName = req.service;
  if (typeof svcName !== 'string' || !sim.services.has(svcName)) return invalidParameter(`${field}.service`, svcName, `a service: ${[...sim.services.keys()].join(', ') || '(none)'}`, 'service must name the service whose metrics the alarm watches.');
  const metric = req.MetricName as AlarmMetric;
  if (!Object.prototype.hasOwnProperty.call(METRICS, metric)) return invalidParameter(`${field}.MetricName`, metric, Object.keys(METRICS).join(', '), 'MetricName is not one the simulation publishes.');
  const statistic = METRICS[metric];
  const st = req.Statistic ?? req.ExtendedStatistic;
  if (st !== undefined && st !== statistic) return invalidParameter(`${field}.Statistic`, st, statistic, `The simulation publishes ${metric} with the ${statistic} statistic.`);
  const op = (req.ComparisonOperator ?? 'GreaterThanThreshold') as ComparisonOperator;
  if (!Object.prototype.hasOwnProperty.call(OPERATORS, op)) return invalidParameter(`${field}.ComparisonOperator`, op, Object.keys(OPERATORS).join(', '), 'ComparisonOperator is not valid.');
  const threshold = req.Threshold;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) return invalidParameter(`${field}.Threshold`, threshold, 'a number', 'Threshold is required.');
  const period = req.Period ?? 60;
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 60 || period % 60 !== 0) return invalidParameter(`${field}.Period`, period, 'a multiple of 60 seconds', 'Period must be a multiple of 60 seconds (standard-resolution metrics).');
  const n = req.EvaluationPeriods ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n * period > 86_400) return invalidParameter(`${field}.EvaluationPeriods`, n, 'a whole number, 1 or more, with EvaluationPeriods × Period at most one day', 'EvaluationPeriods is not valid.');
  const m = req.DatapointsToAlarm ?? n;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > n) return invalidParameter(`${field}.DatapointsToAlarm`, m, `a whole number from 1 to EvaluationPeriods (${n})`, 'DatapointsToAlarm cannot exceed EvaluationPeriods.');
  const tmd = req.TreatMissingData ?? 'missing';
  if (!MISSING.includes(tmd as never)) return invalidParameter(`${field}.TreatMissingData`, tmd, MISSING.join(', '), 'TreatMissingData is not valid.');
  return {
    alarmName: name, service: svcName, metricName: metric, statistic, comparisonOperator: op, threshold,
    period, evaluationPeriods: n, datapointsToAlarm: m, treatMissingData: tmd as AlarmState['treatMissingData'],
    state: 'INSUFFICIENT_DATA', stateReason: 'Unchecked: Initial alarm creation', stateChangedAt: sim.t, datapoints: [],
    acc: emptyAcc(),
  };
}

function emptyAcc(): AlarmState['acc'] {
  return { seconds: 0, requests: 0, errors: 0, elbErrors: 0, latencySum: 0, latencySeconds: 0, cpuSum: 0, memSum: 0, unhealthyMax: 0 };
}

/** Every alarm of the simulation. */
export function allAlarms(sim: Simulation): AlarmState[] {
  const out: AlarmState[] = [];
  for (const svc of sim.services.values()) if (svc.alarms) out.push(...svc.alarms);
  return out;
}

export function findAlarm(sim: Simulation, name: string): AlarmState | null {
  return allAlarms(sim).find((a) => a.alarmName === name) ?? null;
}

/** Adds or replaces an alarm (PutMetricAlarm overwrites an alarm of the same name). */
export function putAlarm(sim: Simulation, alarm: AlarmState): void {
  for (const svc of sim.services.values()) if (svc.alarms) svc.alarms = svc.alarms.filter((a) => a.alarmName !== alarm.alarmName);
  const svc = sim.services.get(alarm.service)!;
  (svc.alarms ??= []).push(alarm);
}

/** Names among `names` whose alarm is in ALARM now (a deployment ignores these, §3.3). */
export function currentlyInAlarm(sim: Simulation, names: string[]): string[] {
  return names.filter((n) => findAlarm(sim, n)?.state === 'ALARM');
}

/** The first alarm among `names` (not ignored) that is in ALARM, or null. */
export function trippedAlarm(sim: Simulation, names: string[], ignored: string[]): string | null {
  for (const n of names) if (!ignored.includes(n) && findAlarm(sim, n)?.state === 'ALARM') return n;
  return null;
}

/**
 * How long a rolling deployment keeps watching its alarms after the rollout. AWS says only that
 * it is under 5 minutes (§3.3, unconfirmed); the model uses the alarms' evaluation window
 * (Period × EvaluationPeriods), at most 300 s, and 60 s for an alarm that does not exist.
 */
export function alarmBakeSeconds(sim: Simulation, names: string[]): number {
  let longest = 60;
  for (const n of names) { const a = findAlarm(sim, n); if (a) longest = Math.max(longest, a.period * a.evaluationPeriods); }
  return Math.min(300, longest);
}

function unhealthyHosts(sim: Simulation, svc: Service): number {
  let n = 0;
  for (const lb of svc.loadBalancers) {
    const names = [lb.targetGroupName, ...(svc.deployment?.targetGroupPairs.filter((p) => p.primary === lb.targetGroupName && p.alternate).map((p) => p.alternate!) ?? [])];
    for (const name of names) n += sim.targetGroups.get(name)?.targets.filter((t) => t.state === 'unhealthy').length ?? 0;
  }
  return n;
}

function datapoint(a: AlarmState): number | null {
  const c = a.acc;
  if (!c.seconds) return null;
  switch (a.metricName) {
    case 'CPUUtilization': return c.cpuSum / c.seconds;
    case 'MemoryUtilization': return c.memSum / c.seconds;
    case 'RequestCount': return c.requests > 0 ? c.requests : null;
    case 'HTTPCode_Target_5XX_Count': return c.requests > 0 ? c.errors : null;
    case 'HTTPCode_ELB_5XX_Count': return c.requests > 0 ? c.elbErrors : null;
    case 'TargetResponseTime': return c.latencySeconds > 0 ? c.latencySum / c.latencySeconds / 1000 : null;
    case 'UnHealthyHostCount': return c.unhealthyMax;
    case 'HTTPCode_4XX_5XX_Percent': return c.requests > 0 ? (100 * (c.errors + c.elbErrors)) / c.requests : null;
  }
}

function evaluate(sim: Simulation, a: AlarmState, now: number): void {
  const v = datapoint(a);
  a.datapoints.push(v === null ? null : Math.round(v * 1000) / 1000);
  if (a.datapoints.length > a.evaluationPeriods) a.datapoints.shift();
  a.acc = emptyAcc();
  const [words, breaches] = OPERATORS[a.comparisonOperator];
  const present = a.datapoints.filter((x): x is number => x !== null);
  const missing = a.datapoints.length - present.length;
  let breaching = present.filter((x) => breaches(x, a.threshold)).length;
  if (a.treatMissingData === 'breaching') breaching += missing;
  const evaluated = a.treatMissingData === 'missing' || a.treatMissingData === 'ignore' ? present.length : a.datapoints.length;
  let next: AlarmState['state'] = a.state;
  if (breaching >= a.datapointsToAlarm) next = 'ALARM';
  else if (evaluated > 0) next = 'OK';
  else if (a.treatMissingData === 'missing') next = a.datapoints.length >= a.evaluationPeriods ? 'INSUFFICIENT_DATA' : a.state;
  if (next === a.state) return;
  const shown = a.datapoints.map((x) => (x === null ? 'missing' : String(x))).join(', ');
  const reason = next === 'ALARM'
    ? `Threshold Crossed: ${breaching} out of the last ${a.datapoints.length} datapoints [${shown}] ${breaching === 1 ? 'was' : 'were'} ${words} the threshold (${a.threshold}) (minimum ${a.datapointsToAlarm} datapoint${a.datapointsToAlarm === 1 ? '' : 's'} for OK -> ALARM transition).`
    : next === 'OK' ? `Threshold Crossed: no datapoints were ${words} the threshold (${a.threshold}) often enough (last datapoints [${shown}]).`
      : 'Insufficient Data: no datapoints were received for the evaluation periods.';
  const from = a.state;
  a.state = next;
  a.stateReason = reason;
  a.stateChangedAt = now;
  // CloudWatch is not ECS: its state changes appear in the service's event stream, named as such.
  sim.emit({ t: now, type: 'ServiceEvent', service: a.service, message: `CloudWatch alarm ${a.alarmName} (${a.metricName}) changed from ${from} to ${next}: ${reason}` });
}

/** Per-step system: sample every alarm's metric; close datapoints at period boundaries. */
export function evaluateAlarms(sim: Simulation, now: number): void {
  for (const svc of sim.services.values()) {
    if (!svc.alarms?.length) continue;
    const s = svc.stats;
    const unhealthy = svc.alarms.some((a) => a.metricName === 'UnHealthyHostCount') ? unhealthyHosts(sim, svc) : 0;
    for (const a of svc.alarms) {
      const c = a.acc;
      c.seconds++;
      c.requests += s.requestsPerSecond;
      const targetErrors = s.requestsPerSecond * (s.targetErrorRate ?? 0);
      c.errors += targetErrors;
      c.elbErrors += Math.max(0, s.requestsPerSecond * s.errorRate - targetErrors);
      if (s.requestsPerSecond > 0) { c.latencySum += s.p50LatencyMs; c.latencySeconds++; }
      c.cpuSum += s.cpuUtilization;
      c.memSum += s.memoryUtilization;
      c.unhealthyMax = Math.max(c.unhealthyMax, unhealthy);
      if (now % a.period === 0) evaluate(sim, a, now);
    }
  }
}

/** Setup step: the scenario's `cloudWatchAlarms` (after services exist). */
export function setupAlarms(sim: Simulation, scenario: Scenario): SetupError | null {
  const list = (scenario as { cloudWatchAlarms?: unknown[] }).cloudWatchAlarms ?? [];
  const seen = new Set<string>();
  for (const [i, raw] of list.entries()) {
    const a = parseAlarm(sim, raw, `cloudWatchAlarms[${i}]`);
    if ('accepted' in a) return a;
    if (seen.has(a.alarmName)) return { field: `cloudWatchAlarms[${i}].AlarmName`, value: a.alarmName, accepted: 'a name not used by another alarm', message: `Invalid scenario: two alarms are named ${a.alarmName}.` };
    seen.add(a.alarmName);
    putAlarm(sim, a);
  }
  return null;
}
