/**
 * Service auto scaling (§5): step scaling (the documented 10 → 11 → 14 → 13 → 10 sequence, as
 * arithmetic and through alarms in the engine), target tracking (3-of-3 and 15-of-15 alarms,
 * several policies, deployments), desired count outside MinCapacity..MaxCapacity (worked example
 * 23), scheduled actions and the API's validation.
 */
import { describe, it, expect } from 'vitest';
import { findStep, parsePolicy, stepCapacity, trackingCapacity } from '../../src/sim/autoscaling/policies';
import { parseSchedule } from '../../src/sim/autoscaling/schedule';
import { autoScalingState } from '../../src/sim/autoscaling/state';
import type { StepAdjustment } from '../../src/sim/autoscaling/state';
import { activities, build, cluster, lesson, taskDef, type Doc } from './scaling-helpers';

const UP: StepAdjustment[] = [{ lower: 0, upper: 10, adjustment: 0 }, { lower: 10, upper: 20, adjustment: 10 }, { lower: 20, upper: null, adjustment: 30 }];
const DOWN: StepAdjustment[] = [{ lower: -10, upper: 0, adjustment: 0 }, { lower: -20, upper: -10, adjustment: -10 }, { lower: null, upper: -20, adjustment: -30 }];

describe('step scaling arithmetic (§5.3)', () => {
  it('reproduces the documented sequence 10 → 11 → 14 → 13 → 10 (threshold 50, PercentChangeInCapacity)', () => {
    let c = 10;
    c = stepCapacity(c, 60 - 50, 'PercentChangeInCapacity', UP, null);
    expect(c).toBe(11);
    c = stepCapacity(c, 70 - 50, 'PercentChangeInCapacity', UP, null);
    expect(c).toBe(14);
    c = stepCapacity(c, 40 - 50, 'PercentChangeInCapacity', DOWN, null);
    expect(c).toBe(13);
    c = stepCapacity(c, 30 - 50, 'PercentChangeInCapacity', DOWN, null);
    expect(c).toBe(10);
  });

  it('above the threshold the lower bound is inclusive; below it the upper bound is', () => {
    expect(findStep(UP, 10)!.adjustment).toBe(10);
    expect(findStep(UP, 9.99)!.adjustment).toBe(0);
    expect(findStep(UP, 20)!.adjustment).toBe(30);
    expect(findStep(DOWN, -10)!.adjustment).toBe(-10);
    expect(findStep(DOWN, -20)!.adjustment).toBe(-30);
    expect(findStep(DOWN, -9.99)!.adjustment).toBe(0);
    expect(findStep(DOWN, 0)).toBeNull();
  });

  it('applies ChangeInCapacity, ExactCapacity and MinAdjustmentMagnitude', () => {
    const steps = [{ lower: 0, upper: null, adjustment: 2 }];
    expect(stepCapacity(5, 3, 'ChangeInCapacity', steps, null)).toBe(7);
    expect(stepCapacity(5, 3, 'ExactCapacity', steps, null)).toBe(2);
    expect(stepCapacity(10, 3, 'PercentChangeInCapacity', steps, null)).toBe(10);
    expect(stepCapacity(10, 3, 'PercentChangeInCapacity', steps, 1)).toBe(11);
  });

  it('target tracking capacity (model): ceil(running × metric / target)', () => {
    expect(trackingCapacity(4, 90, 50)).toBe(8);
    expect(trackingCapacity(3, 100, 60)).toBe(5);
    expect(trackingCapacity(4, 75, 60)).toBe(5);
    expect(trackingCapacity(10, 11.72, 60)).toBe(2);
  });
});

describe('step scaling in the engine (§5.3)', () => {
  it('lessons/scenarios/scaling-step-documented.json: alarms on CPU drive the service through 10 → 11 → 14 → 13 → 10', async () => {
    const sim = await build(lesson('scaling-step-documented.json'));
    sim.runUntil(900);
    const seq = activities(sim.events, 'service/lab/web').map((a) => [a.t, a.from, a.to]);
    expect(seq).toEqual([[240, 10, 11], [360, 11, 14], [480, 14, 13], [660, 13, 10]]);
    expect(sim.services.get('web')!.desiredCount).toBe(10);
  });
});

function ttScenario(o: { desired?: number; min?: number; max?: number; rps?: number; actions?: Doc[]; policies?: Doc[] } = {}): Doc {
  const target = { ServiceNamespace: 'ecs', ResourceId: 'service/lab/web', ScalableDimension: 'ecs:service:DesiredCount' };
  const cpu = (v: number, extra: Doc = {}) => ({ ...target, PolicyName: `cpu-${v}`, PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: { TargetValue: v, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ...extra } });
  return {
    schemaVersion: 1, seed: 9, durationSeconds: 1800, cluster: cluster(),
    taskDefinitions: [taskDef('web', { cpu: '512', memory: '1024', fargate: true })],
    services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: o.desired ?? 5, launchType: 'FARGATE' }],
    scalableTargets: [{ ...target, MinCapacity: o.min ?? 3, MaxCapacity: o.max ?? 10 }],
    scalingPolicies: o.policies ?? [cpu(50)],
    traffic: [{ at: 0, target: 'web', requestsPerSecond: o.rps ?? 1000 }],
    actions: o.actions ?? [],
  };
}

describe('target tracking (§5.2)', () => {
  it('worked example 23: desired 1 below MinCapacity 3 goes to 3 first, then scaling continues', async () => {
    const sim = await build(ttScenario({ actions: [{ at: 120, action: 'UpdateService', request: { service: 'web', desiredCount: 1 } }] }));
    sim.runUntil(420);
    const acts = activities(sim.events, 'service/lab/web');
    expect(acts[0]).toMatchObject({ t: 300, from: 1, to: 3 });
    expect(acts[0]!.cause).toContain('below MinCapacity 3');
    expect(acts[1]!.from).toBe(3);
    expect(acts[1]!.to).toBeGreaterThan(3);
    expect(acts[1]!.t).toBe(360);
  });

  it('worked example 23: a scale-in alarm while at 1 (below min 3) leaves it at 1', async () => {
    const sim = await build(ttScenario({ rps: 0, actions: [{ at: 60, action: 'UpdateService', request: { service: 'web', desiredCount: 1 } }] }));
    sim.runUntil(1500);
    const p = autoScalingState(sim).targets.get('service/lab/web')!.policies[0]!;
    expect(p.kind === 'TargetTrackingScaling' && p.alarmLow.state).toBe('ALARM');
    expect(activities(sim.events)).toEqual([]);
    expect(sim.services.get('web')!.desiredCount).toBe(1);
  });

  it('scales out only after 3 datapoints above the target, from the RUNNING count', async () => {
    const sim = await build(ttScenario({ desired: 4, rps: 1600 }));
    // 1600 rps on 4 × 512 CPU units: 78 % CPU; target 50 → ceil(4 × 78.1 / 50) = 7.
    sim.runUntil(179);
    expect(activities(sim.events)).toEqual([]);
    sim.runUntil(180);
    const [a] = activities(sim.events);
    expect(a).toMatchObject({ t: 180, from: 4, to: 7, resource: 'service/lab/web' });
    expect(a!.cause).toMatch(/AlarmHigh.*in state ALARM triggered policy cpu-50/);
  });

  it('scales in after 15 minutes below 90 % of the target, not during a deployment, and never below min', async () => {
    const sim = await build(ttScenario({ desired: 8, rps: 400, actions: [{ at: 840, action: 'UpdateService', request: { service: 'web', forceNewDeployment: true } }] }));
    sim.runUntil(900);
    // At 900 the low alarm has 15 datapoints but a deployment is in progress: no scale-in.
    expect(activities(sim.events)).toEqual([]);
    sim.runUntil(1800);
    const acts = activities(sim.events);
    expect(acts.length).toBeGreaterThan(0);
    expect(acts[0]!.to).toBeLessThan(8);
    expect(Math.min(...acts.map((a) => a.to))).toBeGreaterThanOrEqual(3);
  });

  it('several policies: out if any wants it; in only if every scale-in-enabled policy does', async () => {
    const target = { ServiceNamespace: 'ecs', ResourceId: 'service/lab/web', ScalableDimension: 'ecs:service:DesiredCount' };
    const pol = (name: string, v: number, metric: string, extra: Doc = {}) => ({ ...target, PolicyName: name, PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: v, PredefinedMetricSpecification: { PredefinedMetricType: metric }, ...extra } });
    // CPU at ~20 % wants scale-in; memory at 50 % (the default memoryMiBBase) is above 40: it wants out.
    const sim = await build(ttScenario({ desired: 6, rps: 600, policies: [pol('cpu', 60, 'ECSServiceAverageCPUUtilization'), pol('mem', 40, 'ECSServiceAverageMemoryUtilization')] }));
    sim.runUntil(300);
    expect(activities(sim.events)[0]).toMatchObject({ t: 180, from: 6, to: 8 });
    const sim2 = await build(ttScenario({ desired: 6, rps: 600, policies: [pol('cpu', 60, 'ECSServiceAverageCPUUtilization'), pol('mem', 55, 'ECSServiceAverageMemoryUtilization')] }));
    sim2.runUntil(1200);
    // Memory (50 %) is not below 90 % of 55: the two policies disagree and nothing scales in.
    expect(activities(sim2.events)).toEqual([]);
    const sim3 = await build(ttScenario({ desired: 6, rps: 600, policies: [pol('cpu', 60, 'ECSServiceAverageCPUUtilization'), pol('mem', 55, 'ECSServiceAverageMemoryUtilization', { DisableScaleIn: true })] }));
    sim3.runUntil(1200);
    expect(activities(sim3.events)[0]).toMatchObject({ t: 900, from: 6 });
  });
});

describe('scale to zero (§5.2)', () => {
  it('with MinCapacity 0 and no task, one datapoint of ALB requests starts the smallest step', async () => {
    const target = { ServiceNamespace: 'ecs', ResourceId: 'service/lab/web', ScalableDimension: 'ecs:service:DesiredCount' };
    const doc = ttScenario({ desired: 0, min: 0, max: 10, rps: 0, policies: [{ ...target, PolicyName: 'req', PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 6000, PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: 'app/alb/1/targetgroup/web-tg/2' } } }],
      actions: [{ at: 200, action: 'SetTraffic', request: { target: 'web', requestsPerSecond: 50 } }] });
    doc.loadBalancers = [{ name: 'alb', type: 'application', targetGroups: [{ targetGroupName: 'web-tg' }] }];
    (doc.services as Doc[])[0]!.loadBalancers = [{ targetGroupName: 'web-tg', containerName: 'web', containerPort: 8080 }];
    const sim = await build(doc);
    sim.runUntil(239);
    expect(activities(sim.events)).toEqual([]);
    sim.runUntil(240);
    expect(activities(sim.events)[0]).toMatchObject({ t: 240, from: 0, to: 1 });
  });
});

describe('scheduled actions (§5.4)', () => {
  it('parses at, rate and cron, in UTC or a time zone with daylight saving time', () => {
    const at = parseSchedule('at(2026-12-01T00:10:00)', 'UTC');
    expect(at.ok && at.fires(Date.parse('2026-12-01T00:10:00Z'))).toBe(true);
    const cron = parseSchedule('cron(0 9 ? * MON-FRI *)', 'UTC');
    expect(cron.ok && cron.fires(Date.parse('2026-12-01T09:00:00Z'))).toBe(true);
    expect(cron.ok && cron.fires(Date.parse('2026-12-05T09:00:00Z'))).toBe(false);
    const ny = parseSchedule('cron(0 9 * * ? *)', 'America/New_York');
    expect(ny.ok && ny.fires(Date.parse('2026-12-01T14:00:00Z'))).toBe(true);
    expect(ny.ok && ny.fires(Date.parse('2026-07-01T13:00:00Z'))).toBe(true);
    expect(parseSchedule('rate(5 minutes)', 'UTC').ok).toBe(true);
    expect(parseSchedule('cron(0 9 * * * *)', 'UTC').ok).toBe(false);
    expect(parseSchedule('every day', 'UTC').ok).toBe(false);
  });

  it('sets the new range and moves the desired count into it, ignoring cooldowns', async () => {
    const doc = ttScenario({ desired: 4, min: 2, max: 10, rps: 0, policies: [] });
    doc.scheduledActions = [
      { ScheduledActionName: 'morning', ResourceId: 'service/lab/web', Schedule: 'at(2026-12-01T00:05:00)', ScalableTargetAction: { MinCapacity: 6, MaxCapacity: 12 } },
      { ScheduledActionName: 'night', ResourceId: 'service/lab/web', Schedule: 'cron(15 0 * * ? *)', ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 3 } },
    ];
    const sim = await build(doc);
    sim.runUntil(1000);
    const acts = activities(sim.events);
    expect(acts.map((a) => [a.t, a.from, a.to])).toEqual([[300, 4, 6], [900, 6, 3]]);
    expect(acts[0]!.cause).toContain('scheduled action morning');
    const t = autoScalingState(sim).targets.get('service/lab/web')!;
    expect([t.minCapacity, t.maxCapacity]).toEqual([1, 3]);
  });
});

describe('Application Auto Scaling validation', () => {
  it('rejects bad requests naming the field, the value and what is accepted', async () => {
    const sim = await build(ttScenario({ policies: [] }));
    const bad = sim.act('RegisterScalableTarget', { ServiceNamespace: 'ecs', ResourceId: 'service/lab/nope', MinCapacity: 1, MaxCapacity: 2 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.message).toContain("ECS service doesn't exist: service/lab/nope");
    const inverted = sim.act('RegisterScalableTarget', { ResourceId: 'service/lab/web', MinCapacity: 5, MaxCapacity: 2 });
    expect(!inverted.ok && inverted.error.field).toBe('MinCapacity');
    const noTarget = await build({ ...ttScenario(), scalableTargets: [], scalingPolicies: [] });
    const r = noTarget.act('PutScalingPolicy', { PolicyName: 'x', ResourceId: 'service/lab/web', PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } } });
    expect(!r.ok && r.error.message).toContain('ObjectNotFoundException');
    const t = autoScalingState(sim).targets.get('service/lab/web')!;
    const alb = parsePolicy(sim, t, { PolicyName: 'req', PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: { TargetValue: 1000, PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget' } } });
    expect('field' in alb && alb.field).toContain('ResourceLabel');
    const gap = parsePolicy(sim, t, { PolicyName: 's', PolicyType: 'StepScaling', StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity',
      StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 15, ScalingAdjustment: 2 }] } });
    expect('message' in gap && gap.message).toContain('must not overlap and must not leave gaps');
    const sched = sim.act('PutScheduledAction', { ScheduledActionName: 'a', ResourceId: 'service/lab/web', Schedule: 'cron(0 9 * * * *)', ScalableTargetAction: { MinCapacity: 1 } });
    expect(!sched.ok && sched.error.field).toBe('Schedule');
  });

  it('a scenario with a bad policy fails setup naming its path', async () => {
    const doc = ttScenario({ policies: [{ PolicyName: 'p', ResourceId: 'service/lab/web', PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: { TargetValue: -1 } }] });
    const { setupError } = await import('./scaling-helpers');
    expect(await setupError(doc)).toMatch(/^scalingPolicies\[0\]\.TargetTrackingScalingPolicyConfiguration\.TargetValue/);
  });
});
