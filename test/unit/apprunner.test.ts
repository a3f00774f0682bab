/**
 * App Runner next to ECS (§8): concurrency-only scaling up to the 25-instance ceiling, queueing
 * and rejection past it, provisioned versus active instances, doubling during a deployment,
 * validation, the network model, and the shared action names with ECS.
 */
import { describe, it, expect } from 'vitest';
import { appRunnerServices, instanceThroughput } from '../../src/sim/apprunner/model';
import { metricsEvent } from '../../src/sim/metrics';
import { snapshot } from '../../src/sim/snapshot';
import type { Metrics, ServiceEvent } from '../../src/sim/events';
import { activities, build, cluster, lesson, setupError, type Doc } from './scaling-helpers';

function arScenario(o: { rps?: number; as?: Doc; actions?: Doc[]; ic?: Doc; network?: Doc } = {}): Doc {
  return {
    schemaVersion: 1, seed: 4, durationSeconds: 1800, cluster: cluster(),
    appRunnerServices: [{ ServiceName: 'shop-apprunner', InstanceConfiguration: o.ic ?? { Cpu: '1 vCPU', Memory: '2 GB' },
      AutoScalingConfiguration: o.as ?? { MaxConcurrency: 100, MinSize: 1, MaxSize: 25 }, sim: { cpuPerRequest: 0.4, serviceTimeMs: 60 },
      ...(o.network ? { NetworkConfiguration: o.network } : {}) }],
    traffic: [{ at: 0, target: 'shop-apprunner', requestsPerSecond: o.rps ?? 500 }],
    actions: o.actions ?? [],
  };
}

describe('the App Runner scenario next to ECS (lessons/scenarios/apprunner-vs-ecs.json)', () => {
  it('App Runner stops at 25 instances and rejects requests; the ECS twin scales past it without errors', async () => {
    const sim = await build(lesson('apprunner-vs-ecs.json'), 300);
    sim.start();
    sim.runUntil(3600);
    const lines = sim.events.filter((e): e is Metrics => e.type === 'Metrics');
    const last = lines[lines.length - 1]!;
    const ar = last.appRunnerServices['shop-apprunner']!;
    const ecs = last.services['shop-ecs']!;
    expect(ar.instances).toBe(25);
    expect(ar.wantedInstances).toBeGreaterThan(25);
    expect(ar.rejectedRequestsPerSecond).toBeGreaterThan(10_000);
    expect(ar.p50LatencyMs).toBeGreaterThan(2 * 60);
    expect(ecs.runningCount).toBeGreaterThan(25);
    expect(ecs.errorRate).toBe(0);
    expect(ecs.p50LatencyMs).toBeLessThan(80);
    expect(Math.max(...lines.map((m) => m.appRunnerServices['shop-apprunner']!.instances))).toBe(25);
    const ceiling = sim.events.find((e): e is ServiceEvent => e.type === 'ServiceEvent' && e.message.includes('at its MaxSize of 25 instances'));
    expect(ceiling).toBeDefined();
  });
});

describe('App Runner scaling (§8)', () => {
  it('scales on concurrency: an instance serves up to MaxConcurrency concurrent requests', async () => {
    const sim = await build(arScenario({ rps: 5000 }));
    sim.runUntil(300);
    const s = appRunnerServices(sim).get('shop-apprunner')!;
    const per = instanceThroughput(s.config);
    expect(s.instances).toBe(Math.ceil(5000 / per));
    expect(s.stats.rejectedRequestsPerSecond).toBe(0);
    expect(s.stats.concurrency / s.instances).toBeLessThanOrEqual(100);
    expect(activities(sim.events, 'apprunner/shop-apprunner').length).toBeGreaterThan(0);
  });

  it('past MaxSize requests queue, latency grows and the rest is rejected', async () => {
    const sim = await build(arScenario({ rps: 5000, as: { MaxConcurrency: 100, MinSize: 1, MaxSize: 2 } }));
    sim.runUntil(300);
    const s = appRunnerServices(sim).get('shop-apprunner')!;
    expect(s.instances).toBe(2);
    expect(s.stats.queuedRequests).toBe(200);
    expect(s.stats.rejectedRequestsPerSecond).toBeGreaterThan(1000);
    expect(s.stats.p50LatencyMs).toBeGreaterThan(100);
  });

  it('idle provisioned instances are memory-only; a deployment doubles provisioned instances until it ends', async () => {
    const sim = await build(arScenario({ rps: 0, as: { MinSize: 3, MaxSize: 5 }, actions: [{ at: 60, action: 'UpdateService', request: { ServiceName: 'shop-apprunner', InstanceConfiguration: { Cpu: 2048, Memory: '4 GB' } } }] }));
    sim.runUntil(59);
    let m = metricsEvent(sim).appRunnerServices['shop-apprunner']!;
    expect([m.activeInstances, m.provisionedInstances]).toEqual([0, 3]);
    expect(m.costUsdPerHour).toBeCloseTo(3 * 2 * 0.007, 10);
    sim.runUntil(61);
    m = metricsEvent(sim).appRunnerServices['shop-apprunner']!;
    expect(m.status).toBe('OPERATION_IN_PROGRESS');
    expect(m.provisionedInstances).toBe(6);
    const again = sim.act('UpdateService', { ServiceName: 'shop-apprunner' });
    expect(!again.ok && again.error.message).toContain('OPERATION_IN_PROGRESS');
    sim.runUntil(400);
    m = metricsEvent(sim).appRunnerServices['shop-apprunner']!;
    expect([m.status, m.provisionedInstances]).toEqual(['RUNNING', 3]);
    expect(appRunnerServices(sim).get('shop-apprunner')!.config.cpu).toBe(2048);
  });

  it('validates sizes and the 25-instance ceiling', async () => {
    expect(await setupError(arScenario({ as: { MaxSize: 26 } }))).toContain('AutoScalingConfiguration.MaxSize');
    expect(await setupError(arScenario({ ic: { Cpu: '3 vCPU' } }))).toContain('InstanceConfiguration.Cpu');
    expect(await setupError(arScenario({ ic: { Memory: '5 GB' } }))).toContain('InstanceConfiguration.Memory');
    expect(await setupError(arScenario({ as: { MinSize: 5, MaxSize: 2 } }))).toContain('MinSize');
    expect(await setupError(arScenario({ network: { EgressConfiguration: { EgressType: 'VPC' } } }))).toContain('VpcConnectorArn');
  });

  it('network: a public endpoint by default; a VPC connector only for outbound traffic', async () => {
    const pub = snapshot(await build(arScenario())).scaling!.appRunner[0]!;
    expect(pub.network.ingress).toMatch(/^public HTTPS endpoint https:\/\/[0-9a-f]+\.us-east-1\.awsapprunner\.com$/);
    expect(pub.network.egress).toContain('your VPC is not reachable');
    const vpc = snapshot(await build(arScenario({ network: { EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: 'arn:aws:apprunner:us-east-1:123456789012:vpcconnector/db/1/abc' } } }))).scaling!.appRunner[0]!;
    expect(vpc.network.egress).toContain('through VPC connector');
    expect(vpc.network.egress).toContain('outbound only');
  });

  it('says App Runner is closed to new customers since 30 April 2026 and recommends ECS Express Mode', async () => {
    const sim = await build(arScenario());
    sim.runUntil(1);
    const e = sim.events.find((x): x is ServiceEvent => x.type === 'ServiceEvent' && x.service === 'shop-apprunner')!;
    expect(e.message).toContain('closed to new customers since 30 April 2026');
    expect(e.message).toContain('Amazon ECS Express Mode');
  });

  it('UpdateService and SetTraffic reach App Runner or ECS by the request', async () => {
    const doc = lesson('apprunner-vs-ecs.json');
    const sim = await build(doc);
    expect(sim.act('UpdateService', { service: 'shop-ecs', desiredCount: 3 }).ok).toBe(true);
    expect(sim.services.get('shop-ecs')!.desiredCount).toBe(3);
    const arn = appRunnerServices(sim).get('shop-apprunner')!.serviceArn;
    expect(sim.act('UpdateService', { ServiceArn: arn, AutoScalingConfiguration: { MaxSize: 10 } }).ok).toBe(true);
    expect(appRunnerServices(sim).get('shop-apprunner')!.status).toBe('OPERATION_IN_PROGRESS');
    expect(sim.act('UpdateService', { ServiceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/nope/1' }).ok).toBe(false);
    expect(sim.act('SetTraffic', { target: 'shop-apprunner', requestsPerSecond: 900 }).ok).toBe(true);
    sim.runUntil(5);
    expect(appRunnerServices(sim).get('shop-apprunner')!.stats.requestsPerSecond).toBe(900);
    const created = sim.act('CreateService', { ServiceName: 'second-app', InstanceConfiguration: { Cpu: '0.25 vCPU', Memory: '0.5 GB' } });
    expect(created.ok).toBe(true);
  });
});
