/**
 * ECS Express Mode (§13): the four actions, what Create builds, the canary, the scaling defaults,
 * direct changes left alone, and the cost. Each test names the AWS page its fact comes from.
 */
import { describe, it, expect } from 'vitest';
import type { Simulation } from '../../src/sim/engine';
import type { ActionResult, DeploymentStateChange, Metrics, ServiceEvent, TrafficShift } from '../../src/sim/events';
import { autoScalingState } from '../../src/sim/autoscaling/state';
import { findAlarm } from '../../src/sim/deployments/alarms';
import { directChanges, managedResources } from '../../src/sim/express/describe';
import { expressSnap } from '../../src/sim/express/report';
import { PRICES, albLcus } from '../../src/sim/prices';
import { snapshot } from '../../src/sim/snapshot';
import { build, lesson, setupError, type Doc } from './scaling-helpers';

const API = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference';
const WORK = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html';
const UPDATE = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-update-full.html';

const EXEC = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
const INFRA = 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices';
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:5';
const ARN = 'arn:aws:ecs:us-east-1:123456789012:service/default/shop';

function request(extra: Doc = {}): Doc {
  return { serviceName: 'shop', executionRoleArn: EXEC, infrastructureRoleArn: INFRA, primaryContainer: { image: IMAGE, containerPort: 8080 }, sim: { cpuPerRequest: 0.4, serviceTimeMs: 60 }, ...extra };
}

function scenario(o: { express?: Doc[]; actions?: Doc[]; cluster?: string } = {}): Doc {
  return {
    schemaVersion: 1, seed: 18, durationSeconds: 3600,
    cluster: { clusterName: o.cluster ?? 'default', availabilityZones: ['us-east-1a', 'us-east-1b'], containerInstances: [] },
    ...(o.express ? { expressGatewayServices: o.express } : {}),
    actions: o.actions ?? [],
  };
}

async function created(extra: Doc = {}): Promise<Simulation> {
  const sim = await build(scenario());
  const r = sim.act('CreateExpressGatewayService', request(extra));
  if (!r.ok) throw new Error(r.error.message);
  return sim;
}

describe(`CreateExpressGatewayService request validation (${API}/API_CreateExpressGatewayService.html)`, () => {
  it('requires executionRoleArn, infrastructureRoleArn and primaryContainer.image, naming the field', async () => {
    const sim = await build(scenario());
    for (const [field, req] of [
      ['executionRoleArn', request({ executionRoleArn: undefined })],
      ['infrastructureRoleArn', request({ infrastructureRoleArn: undefined })],
      ['primaryContainer', request({ primaryContainer: undefined })],
      ['primaryContainer.image', request({ primaryContainer: { containerPort: 8080 } })],
    ] as const) {
      const r = sim.act('CreateExpressGatewayService', req as Doc);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.field).toBe(field);
    }
    expect(sim.services.size).toBe(0);
    expect(sim.express.services.size).toBe(0);
  });

  it('rejects a Fargate size the task definition cannot have, and changes nothing (atomic)', async () => {
    const sim = await build(scenario());
    const r = sim.act('CreateExpressGatewayService', request({ cpu: '1024', memory: '512' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('memory');
    expect(sim.taskDefinitions.list()).toHaveLength(0);
    expect(sim.targetGroups.size).toBe(0);
    expect(sim.express.loadBalancers).toHaveLength(0);
  });

  it('rejects scalingTarget.autoScalingMetric outside AVERAGE_CPU | AVERAGE_MEMORY | REQUEST_COUNT_PER_TARGET (API_ExpressGatewayScalingTarget)', async () => {
    const sim = await build(scenario());
    const r = sim.act('CreateExpressGatewayService', request({ scalingTarget: { autoScalingMetric: 'LATENCY' } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('scalingTarget.autoScalingMetric');
  });

  it('a scenario entry with a bad field fails setup naming expressGatewayServices[i].<field>', async () => {
    const e = await setupError(scenario({ express: [request({ executionRoleArn: 'not-an-arn' })] }));
    expect(e).toMatch(/^expressGatewayServices\[0\]\.executionRoleArn/);
  });
});

describe(`what Create builds (${WORK})`, () => {
  it('a task definition with Express defaults: 1024 CPU, 2048 MiB, awsvpc, FARGATE, container "Main" essential on the port, stopTimeout 30', async () => {
    const sim = await created();
    const td = sim.taskDefinitions.list()[0]!;
    expect(td.cpu).toBe(1024);
    expect(td.memory).toBe(2048);
    expect(td.networkMode).toBe('awsvpc');
    expect(td.requiresCompatibilities).toEqual(['FARGATE']);
    const c = td.containerDefinitions[0]!;
    expect(c.name).toBe('Main');
    expect(c.essential).toBe(true);
    expect(c.portMappings[0]!.containerPort).toBe(8080);
  });

  it('a Fargate REPLICA service: capacity provider FARGATE base 1 weight 1, grace period 300, desired = minTaskCount (default 1), CANARY strategy', async () => {
    const sim = await created();
    const svc = sim.services.get('shop')!;
    expect(svc.launchType).toBe('FARGATE');
    expect(svc.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE', base: 1, weight: 1 }]);
    expect(svc.healthCheckGracePeriodSeconds).toBe(300);
    expect(svc.desiredCount).toBe(1);
    expect(svc.deployment?.strategy).toBe('CANARY');
    expect(svc.awsvpcConfiguration?.assignPublicIp).toBe(true);
  });

  it('an ALB with HTTPS:443 and a host-header rule, two ip target groups (30 s / 5 / 2 health checks), security groups with minimal ingress', async () => {
    const sim = await created();
    const [lb] = sim.express.loadBalancers;
    expect(lb!.scheme).toBe('internet-facing');
    expect(lb!.rules).toHaveLength(1);
    const e = sim.express.services.get('shop')!;
    expect(lb!.rules[0]!.host).toBe(e.resources.host);
    for (const name of e.resources.targetGroups) {
      const tg = sim.targetGroups.get(name)!;
      expect([tg.intervalSeconds, tg.healthyThresholdCount, tg.unhealthyThresholdCount]).toEqual([30, 5, 2]);
      expect(tg.loadBalancerName).toBe(lb!.name);
    }
    const lbGroup = sim.network.securityGroups.get(lb!.securityGroup)!;
    expect(lbGroup.IpPermissions).toEqual([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    const svcGroup = sim.network.securityGroups.get(e.resources.serviceSecurityGroup)!;
    expect(svcGroup.IpPermissions).toEqual([{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: lb!.securityGroup }] }]);
    const snapLb = snapshot(sim).loadBalancers!.find((l) => l.name === lb!.name)!;
    expect(snapLb.listeners).toEqual(['HTTPS:443']);
    expect(snapLb.express?.rules.map((r) => r.service)).toEqual(['shop']);
  });

  it('scaling defaults: scalable target 1–20, target tracking ECSServiceAverageCPUUtilization at 60 (API_ExpressGatewayScalingTarget: default 60)', async () => {
    const sim = await created();
    const t = autoScalingState(sim).targets.get('service/default/shop')!;
    expect([t.minCapacity, t.maxCapacity]).toEqual([1, 20]);
    const p = t.policies[0]!;
    expect(p.kind).toBe('TargetTrackingScaling');
    if (p.kind === 'TargetTrackingScaling') {
      expect(p.metric).toBe('ECSServiceAverageCPUUtilization');
      expect(p.targetValue).toBe(60);
    }
  });

  it('the rollback alarm: 4XX + 5XX percentage > 1 for 2 datapoints within 3 minutes (' + UPDATE + ')', async () => {
    const sim = await created();
    const a = findAlarm(sim, sim.express.services.get('shop')!.resources.alarmName)!;
    expect([a.metricName, a.threshold, a.datapointsToAlarm, a.evaluationPeriods, a.period]).toEqual(['HTTPCode_4XX_5XX_Percent', 1, 2, 3, 60]);
    expect(sim.services.get('shop')!.deployment?.alarms).toEqual({ alarmNames: [a.alarmName], enable: true, rollback: true });
  });

  it('up to 25 Express services share one ALB; the 26th gets a second one', async () => {
    const sim = await build(scenario());
    for (let i = 0; i < 26; i++) {
      const r = sim.act('CreateExpressGatewayService', request({ serviceName: `app${i}`, scalingTarget: { minTaskCount: 0 } }));
      expect(r.ok).toBe(true);
    }
    expect(sim.express.loadBalancers.map((l) => l.rules.length)).toEqual([25, 1]);
  });

  it('private subnets give an internal ALB and no public IP on the tasks', async () => {
    const sim = await created({ networkConfiguration: { subnets: ['subnet-private-1a', 'subnet-private-1b'] } });
    expect(sim.express.loadBalancers[0]!.scheme).toBe('internal');
    expect(sim.services.get('shop')!.awsvpcConfiguration?.assignPublicIp).toBe(false);
    expect(sim.express.services.get('shop')!.accessType).toBe('PRIVATE');
  });

  it('DescribeExpressGatewayService returns the API shape with the ingress path endpoint (API_ECSExpressGatewayService, API_IngressPathSummary)', async () => {
    const sim = await created();
    const r = sim.act('DescribeExpressGatewayService', { serviceArn: ARN });
    expect(r.ok).toBe(true);
    const s = (r as { value: { service: Record<string, unknown> } }).value.service;
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['cluster', 'serviceName', 'serviceArn', 'infrastructureRoleArn', 'status', 'activeConfigurations', 'createdAt', 'updatedAt']));
    const cfg = (s.activeConfigurations as Record<string, unknown>[])[0]!;
    expect(cfg.ingressPaths).toEqual([{ accessType: 'PUBLIC', endpoint: expect.stringMatching(/^https:\/\/sh-[0-9a-f]{32}\.ecs\.us-east-1\.on\.aws$/) }]);
    expect(cfg.scalingTarget).toEqual({ minTaskCount: 1, maxTaskCount: 20, autoScalingMetric: 'AVERAGE_CPU', autoScalingTargetValue: 60 });
    expect(s.status).toEqual({ statusCode: 'ACTIVE' });
  });

  it('a cluster other than the scenario\'s is a ClusterNotFoundException naming the field', async () => {
    const sim = await build(scenario({ cluster: 'lab' }));
    const r = sim.act('CreateExpressGatewayService', request());
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.error.field).toBe('cluster'); expect(r.error.message).toMatch(/ClusterNotFoundException/); }
  });
});

describe(`deployments run as Express's canary (${UPDATE})`, () => {
  it('the bundled scenario: 5 % for 3 minutes, 100 %, 3 minutes bake, then old tasks stop; a release with failing pages is rolled back by the alarm', async () => {
    const sim = await build(lesson('express-mode.json'), 60);
    sim.start();
    sim.runUntil(3600);
    const shifts = sim.events.filter((e): e is TrafficShift => e.type === 'TrafficShift' && e.service === 'shop');
    const canary = shifts.find((s) => Object.values(s.weights).includes(5))!;
    const full = shifts.find((s) => s.t > canary.t && Object.values(s.weights).includes(100))!;
    expect(full.t - canary.t).toBe(180);
    const done = sim.events.find((e): e is DeploymentStateChange => e.type === 'DeploymentStateChange' && e.eventName === 'SERVICE_DEPLOYMENT_COMPLETED' && e.taskDefinition === 'shop:2')!;
    expect(done.t - full.t).toBeGreaterThanOrEqual(180);
    expect(done.t - full.t).toBeLessThan(240);
    const failed = sim.events.find((e): e is DeploymentStateChange => e.type === 'DeploymentStateChange' && e.eventName === 'SERVICE_DEPLOYMENT_FAILED' && e.taskDefinition === 'shop:3')!;
    expect(failed.reason).toMatch(/shop-express-rollback/);
    const results = sim.events.filter((e): e is ActionResult => e.type === 'ActionResult');
    expect(results.map((r) => r.action)).toEqual(['CreateExpressGatewayService', 'UpdateExpressGatewayService', 'UpdateExpressGatewayService', 'DescribeExpressGatewayService']);
    const scaled = sim.events.filter((e) => e.type === 'ScalingActivity' && e.resource === 'service/default/shop');
    expect(scaled.length).toBeGreaterThan(0);
    const created = sim.events.find((e): e is ServiceEvent => e.type === 'ServiceEvent' && /ECS Express Mode created/.test(e.message))!;
    expect(created.message).toMatch(/Application Load Balancer \S+ \(HTTPS:443/);
    const last = sim.events.filter((e): e is Metrics => e.type === 'Metrics').pop()!;
    expect(last.expressServices?.shop).toBeDefined();
  });
});

describe('direct changes are left alone until an Express update names them (§13; express-service-advanced-customization)', () => {
  it('MaxCapacity raised with RegisterScalableTarget stays through an image-only update; an update with scalingTarget sets it again', async () => {
    const sim = await created();
    sim.act('RegisterScalableTarget', { ServiceNamespace: 'ecs', ResourceId: 'service/default/shop', ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 1, MaxCapacity: 200 });
    const e = sim.express.services.get('shop')!;
    expect(directChanges(sim, e)).toEqual(['MaxCapacity 200 (Express set 20)']);
    expect(sim.act('UpdateExpressGatewayService', { serviceArn: ARN, primaryContainer: { image: `${IMAGE.slice(0, -1)}6` } }).ok).toBe(true);
    expect(autoScalingState(sim).targets.get('service/default/shop')!.maxCapacity).toBe(200);
    expect(sim.act('UpdateExpressGatewayService', { serviceArn: ARN, scalingTarget: { maxTaskCount: 40 } }).ok).toBe(true);
    expect(autoScalingState(sim).targets.get('service/default/shop')!.maxCapacity).toBe(40);
    expect(directChanges(sim, e)).toEqual([]);
  });

  it('Update refuses to change serviceName, cluster or infrastructureRoleArn (set only on create)', async () => {
    const sim = await created();
    const r = sim.act('UpdateExpressGatewayService', { serviceArn: ARN, infrastructureRoleArn: INFRA });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('infrastructureRoleArn');
  });

  it('Delete drains the service, then removes its rule, target groups and security group; the last service takes the ALB with it', async () => {
    const sim = await created();
    expect(sim.act('DeleteExpressGatewayService', { serviceArn: ARN }).ok).toBe(true);
    sim.runUntil(400);
    expect(sim.express.services.get('shop')!.status).toBe('INACTIVE');
    expect(sim.express.loadBalancers).toHaveLength(0);
    expect(sim.targetGroups.size).toBe(0);
    expect(managedResources(sim, sim.express.services.get('shop')!).ingressPaths[0]!.loadBalancer.status).toBe('DELETED');
  });
});

describe('cost: Fargate tasks plus a share of the ALB (https://aws.amazon.com/elasticloadbalancing/pricing/)', () => {
  it('prices.json holds $0.0225 per ALB-hour and $0.008 per LCU-hour with their source', () => {
    expect(PRICES.applicationLoadBalancer.hour).toEqual({ usd: 0.0225, per: 'ALB-hour', source: 'elb' });
    expect(PRICES.applicationLoadBalancer.lcuHour).toEqual({ usd: 0.008, per: 'LCU-hour', source: 'elb' });
    expect(PRICES.sources.some((s) => s.id === 'elb' && s.url === 'https://aws.amazon.com/elasticloadbalancing/pricing/')).toBe(true);
  });

  it('LCUs are the largest dimension: at 1,000 requests/s of 2 KiB, processed bytes (6.87 GB/h) beat new connections (4 LCU)', () => {
    expect(albLcus(1000, 1)).toBeCloseTo((1000 * 2048 * 3600) / 1024 ** 3, 6);
    expect(albLcus(1000, 1, 10)).toBeCloseTo(4, 6);
  });

  it('two services on one ALB split its hour; each pays its own LCUs; App Runner is priced beside it for the same traffic', async () => {
    const sim = await created();
    sim.act('CreateExpressGatewayService', request({ serviceName: 'cart' }));
    sim.act('SetTraffic', { target: 'shop', requestsPerSecond: 1000 });
    sim.runUntil(300);
    const shop = expressSnap(sim, sim.express.services.get('shop')!);
    const cart = expressSnap(sim, sim.express.services.get('cart')!);
    expect(shop.cost.albUsdPerHour).toBeCloseTo(0.0225 / 2 + albLcus(1000, 1) * 0.008, 3);
    expect(cart.cost.albUsdPerHour).toBeCloseTo(0.0225 / 2, 4);
    expect(shop.cost.totalUsdPerHour).toBeCloseTo(shop.cost.fargateUsdPerHour + shop.cost.albUsdPerHour, 4);
    expect(shop.cost.appRunner.instances).toBeGreaterThan(0);
    expect(shop.cost.appRunner.usdPerHour).toBeCloseTo(shop.cost.appRunner.instances * (0.064 + 2 * 0.007), 6);
  });
});
