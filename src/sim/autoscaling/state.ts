/**
 * Service Auto Scaling as the engine keeps it (§5): Application Auto Scaling scalable targets with
 * their policies and scheduled actions, the one-minute CloudWatch datapoints of each scaled
 * service, and the alarms that drive step scaling. Plain data on `sim.autoScalingState`.
 */
import type { Simulation } from '../engine';
import type { Scenario } from '../scenario/schema';

export type PredefinedMetric = 'ECSServiceAverageCPUUtilization' | 'ECSServiceAverageMemoryUtilization' | 'ALBRequestCountPerTarget';

/** The state of one of the alarms Application Auto Scaling manages for a target-tracking policy. */
export interface ManagedAlarm {
  name: string;
  state: 'INSUFFICIENT_DATA' | 'OK' | 'ALARM';
  /** Datapoints needed in a row: 3 for the high alarm, 15 for the low one (§5.2, [2nd]). */
  datapoints: number;
  threshold: number;
}

export interface TargetTrackingPolicy {
  kind: 'TargetTrackingScaling';
  policyName: string;
  policyArn: string;
  targetValue: number;
  metric: PredefinedMetric;
  /** ALBRequestCountPerTarget: the target group, from ResourceLabel (`.../targetgroup/<name>/<id>`). */
  targetGroupName: string | null;
  scaleOutCooldown: number;
  scaleInCooldown: number;
  disableScaleIn: boolean;
  alarmHigh: ManagedAlarm;
  alarmLow: ManagedAlarm;
}

export interface StepAdjustment { lower: number | null; upper: number | null; adjustment: number }

export interface StepScalingPolicy {
  kind: 'StepScaling';
  policyName: string;
  policyArn: string;
  adjustmentType: 'ChangeInCapacity' | 'ExactCapacity' | 'PercentChangeInCapacity';
  steps: StepAdjustment[];
  minAdjustmentMagnitude: number | null;
  cooldown: number;
  metricAggregationType: 'Average' | 'Minimum' | 'Maximum';
}

export type ScalingPolicy = TargetTrackingPolicy | StepScalingPolicy;

export interface ScheduledAction {
  name: string;
  schedule: string;
  timezone: string;
  startTime: number | null;
  endTime: number | null;
  minCapacity: number | null;
  maxCapacity: number | null;
  /** Simulated second it last ran, or null. */
  lastRunAt: number | null;
  /** at() actions run once. */
  done: boolean;
}

export interface ScalableTarget {
  resourceId: string;
  service: string;
  minCapacity: number;
  maxCapacity: number;
  suspended: { dynamicScalingIn: boolean; dynamicScalingOut: boolean; scheduledScaling: boolean };
  policies: ScalingPolicy[];
  scheduled: ScheduledAction[];
  /** The scale-out in progress (its cooldown): when, from which capacity, to which. */
  lastScaleOut: { at: number; from: number; to: number; cooldown: number } | null;
  lastScaleIn: { at: number; cooldown: number } | null;
}

/** One service's CloudWatch metrics: the minute being collected and the last datapoints. */
export interface ServiceSeries {
  acc: { cpuSum: number; memSum: number; samples: number; requests: number };
  /** Newest last; null = no data that minute (no running task). At most 20 kept. */
  cpu: (number | null)[];
  memory: (number | null)[];
  /** RequestCountPerTarget per target group name. */
  requestsPerTarget: Record<string, (number | null)[]>;
}

/** A CloudWatch alarm (from the scenario's `cloudWatchAlarms`) whose actions run scaling policies. */
export interface ScalingAlarm {
  alarmName: string;
  service: string;
  metric: 'CPUUtilization' | 'MemoryUtilization' | 'RequestCountPerTarget';
  targetGroupName: string | null;
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparisonOperator: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  /** Policy names or ARNs. */
  alarmActions: string[];
  state: 'INSUFFICIENT_DATA' | 'OK' | 'ALARM';
  /** The latest datapoint it evaluated. */
  value: number | null;
}

export interface AutoScalingState {
  /** By ResourceId (`service/<cluster>/<service>`). */
  targets: Map<string, ScalableTarget>;
  series: Map<string, ServiceSeries>;
  alarms: ScalingAlarm[];
  /** Scenario start as UTC milliseconds (scheduled actions read the calendar from it). */
  epochMs: number;
}

/** The calendar time the scenario starts at when it names none (`startTime`). */
export const DEFAULT_START_TIME = '2026-12-01T00:00:00Z';

/** The Auto Scaling state of a new simulation of `scenario` (declared in Simulation, engine.ts). */
export function newAutoScalingState(scenario: Scenario): AutoScalingState {
  const start = (scenario as { startTime?: unknown }).startTime;
  const parsed = typeof start === 'string' ? Date.parse(start) : NaN;
  return { targets: new Map(), series: new Map(), alarms: [], epochMs: Number.isFinite(parsed) ? parsed : Date.parse(DEFAULT_START_TIME) };
}

export function autoScalingState(sim: Simulation): AutoScalingState {
  return sim.autoScalingState;
}

/** The scalable target of a service, if it has one. */
export function targetOf(sim: Simulation, service: string): ScalableTarget | undefined {
  for (const t of autoScalingState(sim).targets.values()) if (t.service === service) return t;
  return undefined;
}
