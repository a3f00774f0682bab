/**
 * CloudWatch alarms as deployments use them (§3.3 deployment alarms, §4.1 CodeDeploy alarms), and
 * the deploy-* lesson scenarios: each strategy's bad release is caught, or not, its own way.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCoreModule } from '../../src/core/load-node';
import { createCore } from '../../src/core/core';
import { capacityFor } from '../../src/sim/core-capacity';
import { Simulation } from '../../src/sim/engine';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { isHealthy, serviceTasks } from '../../src/sim/services';
import { findAlarm } from '../../src/sim/deployments';
import type { SimEvent } from '../../src/sim/events';
import { buildSim } from '../support/sim';

let mod: WebAssembly.Module;
beforeAll(async () => { mod = await loadCoreModule(); });

type Doc = Record<string, unknown>;

const build = (doc: Doc): Simulation => buildSim(doc, { maxEvents: 200_000 });
function setupError(doc: Doc): { field: string; message: string } {
  const p = parseScenarioObject(doc);
  if (!p.ok) return p.error;
  const r = Simulation.fromScenario(p.scenario, createCore(mod, capacityFor(p.scenario)));
  if (r.ok) throw new Error('expected a setup error');
  return r.error;
}
const events = <T extends SimEvent['type']>(sim: Simulation, type: T) => sim.events.filter((e) => e.type === type) as Extract<SimEvent, { type: T }>[];

function rolling(alarms: Doc[], dc: Doc, slowCpu = 40): Doc {
  return {
    schemaVersion: 1, seed: 9, durationSeconds: 3600,
    cluster: { clusterName: 'lab', availabilityZones: ['us-east-1a', 'us-east-1b'], containerInstances: [] },
    taskDefinitions: [1, slowCpu].map((cpr, i) => ({
      family: 'web', cpu: '512', memory: '1024', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [{ name: 'app', image: `web:${i}`, essential: true, portMappings: [{ containerPort: 8080 }] }],
      sim: { imageSizeMiB: 100, appStartSeconds: 4, cpuPerRequest: cpr },
    })),
    loadBalancers: [{ name: 'alb', type: 'application', targetGroups: [{ targetGroupName: 'tg', deregistrationDelaySeconds: 10, healthCheck: { intervalSeconds: 10, healthyThresholdCount: 2, unhealthyThresholdCount: 2 } }] }],
    services: [{ serviceName: 'web', taskDefinition: 'web:1', desiredCount: 4, launchType: 'FARGATE', healthCheckGracePeriodSeconds: 10,
      loadBalancers: [{ targetGroupName: 'tg', containerName: 'app', containerPort: 8080 }], deploymentConfiguration: dc }],
    cloudWatchAlarms: alarms,
    traffic: [{ at: 0, target: 'web', requestsPerSecond: 400 }],
  };
}
const errors5xx = { AlarmName: 'web-5xx', service: 'web', MetricName: 'HTTPCode_Target_5XX_Count', Threshold: 100, Period: 60, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' };

describe('CloudWatch alarm evaluation (model)', () => {
  it('goes from INSUFFICIENT_DATA to OK with its first datapoint, and to ALARM when M of N datapoints breach', () => {
    const sim = build(rolling([{ AlarmName: 'cpu', service: 'web', MetricName: 'CPUUtilization', Threshold: 30, EvaluationPeriods: 3, DatapointsToAlarm: 2 }], {}));
    const alarm = findAlarm(sim, 'cpu')!;
    expect(alarm.state).toBe('INSUFFICIENT_DATA');
    sim.runUntil(300);
    expect(alarm.state).toBe('OK');
    sim.act('SetTraffic', { target: 'web', requestsPerSecond: 1200 }); // 300 rps per task: 59 % CPU
    sim.runUntil(360);
    expect(alarm.state).toBe('OK'); // one breaching datapoint of the two needed
    sim.runUntil(420);
    expect(alarm.state).toBe('ALARM');
    const change = events(sim, 'ServiceEvent').find((e) => e.message.startsWith('CloudWatch alarm cpu (CPUUtilization) changed from OK to ALARM'))!;
    expect(change.t).toBe(420);
    expect(change.message).toMatch(/Threshold Crossed: 2 out of the last 3 datapoints \[[\d.]+, [\d.]+, [\d.]+\] were greater than the threshold \(30\)/);
  });

  it('PutMetricAlarm validates like the API and names the field', () => {
    const sim = build(rolling([], {}));
    const bad = sim.act('PutMetricAlarm', { AlarmName: 'x', service: 'web', MetricName: 'CPUUtilization', Threshold: 1, Period: 45 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('request.Period');
    const stat = sim.act('PutMetricAlarm', { AlarmName: 'x', service: 'web', MetricName: 'HTTPCode_Target_5XX_Count', Threshold: 1, Statistic: 'Average' });
    expect(stat.ok).toBe(false);
    expect(sim.act('PutMetricAlarm', { AlarmName: 'x', service: 'web', MetricName: 'TargetResponseTime', Threshold: 0.5 }).ok).toBe(true);
    expect(findAlarm(sim, 'x')!.statistic).toBe('p50');
  });

  it('a deployment alarm that does not exist is a scenario error naming the field', () => {
    const e = setupError(rolling([], { alarms: { alarmNames: ['typo'], enable: true, rollback: true } }));
    expect(e.field).toBe('services[0].deploymentConfiguration.alarms.alarmNames');
  });

  it('an unknown metric is rejected by the scenario schema', () => {
    const e = setupError(rolling([{ ...errors5xx, MetricName: 'Happiness' }], {}));
    expect(e.field).toBe('cloudWatchAlarms[0].MetricName');
  });
});

describe('rolling deployments with alarms (§3.3)', () => {
  it('a slow release passes its health checks, so the circuit breaker does not see it; the 5XX alarm fails it and rolls back', () => {
    const sim = build(rolling([errors5xx], { minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: true }, alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true } }));
    const svc = sim.services.get('web')!;
    sim.runUntil(400);
    expect(svc.deployments[0]!.rolloutState).toBe('COMPLETED');
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    sim.runUntil(1500);
    const failed = events(sim, 'DeploymentStateChange').find((e) => e.eventName === 'SERVICE_DEPLOYMENT_FAILED')!;
    expect(failed.taskDefinition).toBe('web:2');
    expect(failed.reason).toBe('ECS deployment failed: the CloudWatch alarm web-5xx is in the ALARM state.');
    expect(svc.deployments[0]!.taskDefinition).toBe('web:1');
    expect(svc.deployments[0]!.rolloutState).toBe('COMPLETED');
    expect(serviceTasks(sim, svc).filter(isHealthy).map((t) => t.taskDefinition)).toEqual(Array(4).fill('web:1'));
  });

  it('after the rollout the deployment stays IN_PROGRESS through the alarm bake time, then completes', () => {
    const sim = build(rolling([{ ...errors5xx, EvaluationPeriods: 3 }], { alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true } }, 1));
    const svc = sim.services.get('web')!;
    sim.runUntil(400);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    const d = svc.deployments[0]!;
    let rolledOut: number | null = null;
    while (sim.t < 1500 && d.rolloutState === 'IN_PROGRESS') {
      sim.step();
      if (rolledOut === null && d.bakeUntil != null) rolledOut = sim.t;
    }
    expect(d.rolloutState).toBe('COMPLETED');
    expect(d.updatedAt - rolledOut!).toBe(180); // Period × EvaluationPeriods, capped at 300 s (model)
  });

  it('an alarm already in ALARM when the deployment starts is ignored for that deployment', () => {
    const sim = build(rolling([{ AlarmName: 'always', service: 'web', MetricName: 'RequestCount', Threshold: 1 }], { alarms: { alarmNames: ['always'], enable: true, rollback: true } }, 1));
    const svc = sim.services.get('web')!;
    sim.runUntil(400);
    expect(findAlarm(sim, 'always')!.state).toBe('ALARM');
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    sim.runUntil(1200);
    expect(svc.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([['web:2', 'COMPLETED']]);
  });

  it('alarms with rollback false fail the deployment and leave it where it stopped', () => {
    const sim = build(rolling([errors5xx], { minimumHealthyPercent: 50, alarms: { alarmNames: ['web-5xx'], enable: true, rollback: false } }));
    const svc = sim.services.get('web')!;
    sim.runUntil(400);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    sim.runUntil(1500);
    expect(svc.deployments[0]!.taskDefinition).toBe('web:2');
    expect(svc.deployments[0]!.rolloutState).toBe('FAILED');
    expect(events(sim, 'DeploymentStateChange').filter((e) => e.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS').length).toBe(2);
  });
});

describe('lesson scenarios lessons/scenarios/deploy-*.json', () => {
  function runFile(name: string): Simulation {
    const sim = build(JSON.parse(readFileSync(`lessons/scenarios/${name}.json`, 'utf8')) as Doc);
    sim.runUntil(sim.scenario.durationSeconds);
    return sim;
  }
  const failedRev = (sim: Simulation) => events(sim, 'DeploymentStateChange').filter((e) => e.eventName === 'SERVICE_DEPLOYMENT_FAILED').map((e) => e.taskDefinition);
  const peakGreen = (sim: Simulation, rev: string) => Math.max(0, ...events(sim, 'TrafficShift').map((s) => s.byRevision?.[rev] ?? 0));
  const finalRev = (sim: Simulation) => [...new Set(serviceTasks(sim, sim.services.get('web')!).map((t) => t.taskDefinition))];

  it('rolling: the circuit breaker catches the release that fails health checks and rolls back to web:2', () => {
    const sim = runFile('deploy-rolling');
    expect(failedRev(sim)).toEqual(['web:3']);
    expect(events(sim, 'DeploymentStateChange').find((e) => e.eventName === 'SERVICE_DEPLOYMENT_FAILED')!.reason).toContain('circuit breaker');
    expect(finalRev(sim)).toEqual(['web:2']);
  });

  it('blue/green: the unhealthy release never takes production traffic and is rolled back by the UnHealthyHostCount alarm', () => {
    const sim = runFile('deploy-blue-green');
    expect(failedRev(sim)).toEqual(['web:3']);
    expect(peakGreen(sim, 'web:2')).toBe(100);
    expect(peakGreen(sim, 'web:3')).toBe(0);
    expect(finalRev(sim)).toEqual(['web:2']);
  });

  it('linear: the slow release is caught at the 40 % step', () => {
    const sim = runFile('deploy-linear');
    expect(failedRev(sim)).toEqual(['web:3']);
    expect(peakGreen(sim, 'web:3')).toBe(40);
    expect(finalRev(sim)).toEqual(['web:2']);
  });

  it('canary (API defaults): the 5 % canary does not see the load problem; the bake time after 100 % does', () => {
    const sim = runFile('deploy-canary');
    expect(failedRev(sim)).toEqual(['web:3']);
    expect(peakGreen(sim, 'web:3')).toBe(100);
    expect(finalRev(sim)).toEqual(['web:2']);
  });

  it('CodeDeploy canary: the functional test hook passes, the 10 % canary trips the alarm and traffic returns to the original task set', () => {
    const sim = runFile('deploy-codedeploy');
    expect(failedRev(sim)).toEqual(['web:3']);
    expect(peakGreen(sim, 'web:3')).toBe(10);
    expect(events(sim, 'ServiceEvent').some((e) => /CodeDeploy deployment d-[A-Z0-9]{9}: rolled back/.test(e.message))).toBe(true);
    expect(finalRev(sim)).toEqual(['web:2']);
  });

  it('same scenario and seed give the same events, byte for byte', () => {
    const a = JSON.stringify(runFile('deploy-codedeploy').events);
    const b = JSON.stringify(runFile('deploy-codedeploy').events);
    expect(a).toBe(b);
  });
});
