/**
 * The inspector's views of what the canvas draws beside the cluster: a load balancer (ELBv2), an
 * App Runner service and a Cloud Map namespace, in the shapes their APIs return.
 */
import { describe, expect, it } from 'vitest';
import { describeAppRunnerService, describeLoadBalancer, describeNamespace, describeTargetHealth } from '../../src/app/describe';
import { buildSim } from '../support/sim';
import firstCluster from '../../lessons/scenarios/first-cluster.json';
import appRunner from '../../lessons/scenarios/apprunner-vs-ecs.json';
import discovery from '../../lessons/scenarios/discovery.json';
import lessonDiscovery from '../../lessons/scenarios/lesson-discovery.json';
import { snapshot } from '../../src/sim/snapshot';

const byApi = (views: { api: string; body: Record<string, unknown> }[]) => Object.fromEntries(views.map((v) => [v.api, v.body]));

describe('a load balancer', () => {
  it('is described with its listeners, target groups and their attributes', () => {
    const sim = buildSim(firstCluster);
    sim.runUntil(90);
    const views = byApi(describeLoadBalancer(sim, 'web-alb')!);
    expect(Object.keys(views)).toEqual(['DescribeLoadBalancers', 'DescribeListeners', 'DescribeTargetGroups', 'DescribeTargetGroupAttributes (web-tg)']);
    const lb = (views.DescribeLoadBalancers!.LoadBalancers as Record<string, unknown>[])[0]!;
    expect(lb.LoadBalancerArn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/web-alb\/[0-9a-f]{16}$/);
    expect(lb).toMatchObject({ LoadBalancerName: 'web-alb', Type: 'application', State: { Code: 'active' },
      AvailabilityZones: [{ ZoneName: 'us-east-1a' }, { ZoneName: 'us-east-1b' }, { ZoneName: 'us-east-1c' }] });
    expect(views.DescribeListeners!.Listeners).toEqual([expect.objectContaining({ LoadBalancerArn: lb.LoadBalancerArn, Port: 80, Protocol: 'HTTP' })]);
    const tg = (views.DescribeTargetGroups!.TargetGroups as Record<string, unknown>[])[0]!;
    // The target group the health view names, with the scenario's health-check settings (§12).
    expect(tg.TargetGroupArn).toBe(describeTargetHealth(sim, 'web-tg')!.TargetGroupArn);
    expect(tg).toMatchObject({ TargetGroupName: 'web-tg', LoadBalancerArns: [lb.LoadBalancerArn], HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2 });
    expect(views['DescribeTargetGroupAttributes (web-tg)']!.Attributes).toEqual([
      { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
      { Key: 'load_balancing.algorithm.type', Value: 'round_robin' },
    ]);
    // The same load balancer, the same ARN: stable across runs and seconds.
    const again = buildSim(firstCluster);
    expect((byApi(describeLoadBalancer(again, 'web-alb')!).DescribeLoadBalancers!.LoadBalancers as Record<string, unknown>[])[0]!.LoadBalancerArn).toBe(lb.LoadBalancerArn);
    expect(describeLoadBalancer(sim, 'nope')).toBeNull();
  });
});

describe('an App Runner service', () => {
  it('is described with its instance and auto scaling configuration, and the modelled figures apart', () => {
    const sim = buildSim(appRunner);
    sim.runUntil(120);
    const views = describeAppRunnerService(sim, 'shop-apprunner')!;
    expect(views.map((v) => [v.api, v.model ?? false])).toEqual([
      ['DescribeService (App Runner)', false], ['DescribeAutoScalingConfiguration', false],
      ['Simulated metrics (App Runner reports them in CloudWatch; figures are modelled)', true],
    ]);
    const svc = views[0]!.body.Service as Record<string, unknown>;
    expect(svc).toMatchObject({ ServiceName: 'shop-apprunner', Status: 'RUNNING', InstanceConfiguration: { Cpu: '1 vCPU', Memory: '2 GB' } });
    expect(svc.ServiceArn).toMatch(/^arn:aws:apprunner:us-east-1:123456789012:service\/shop-apprunner\/[0-9a-f]{32}$/);
    expect(views[1]!.body).toEqual({ AutoScalingConfiguration: { MaxConcurrency: 100, MinSize: 1, MaxSize: 25 } });
    const m = views[2]!.body;
    expect(m.ProvisionedInstances).toBeGreaterThanOrEqual(1);
    expect(m.ProvisionedInstances).toBeLessThanOrEqual(25);
    expect(describeAppRunnerService(sim, 'nope')).toBeNull();
  });
});

describe('a Cloud Map namespace', () => {
  it('is described by GetNamespace and DiscoverInstances for each of its services', () => {
    const sim = buildSim(discovery);
    sim.runUntil(120);
    const views = describeNamespace(sim, 'corp.local')!;
    expect(views[0]!.api).toBe('GetNamespace');
    expect(views[0]!.body.Namespace).toMatchObject({ Name: 'corp.local', Type: 'DNS_PRIVATE' });
    const discovered = views.slice(1);
    expect(discovered.length).toBe((views[0]!.body.Namespace as { ServiceCount: number }).ServiceCount);
    expect(discovered.length).toBeGreaterThan(0);
    let instances = 0;
    for (const d of discovered) {
      expect(d.api).toMatch(/^DiscoverInstances \(.+\)$/);
      for (const i of d.body.Instances as Record<string, unknown>[]) {
        instances++;
        expect(i).toMatchObject({ NamespaceName: 'corp.local', HealthStatus: expect.stringMatching(/^(HEALTHY|UNHEALTHY)$/) });
        expect((i.Attributes as Record<string, string>).AWS_INSTANCE_IPV4).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      }
    }
    expect(instances).toBeGreaterThan(0);
    expect(describeNamespace(sim, 'nope')).toBeNull();
  });
});

describe('Service Connect in a namespace', () => {
  const CHECKOUT = {
    serviceName: 'checkout', taskDefinition: 'checkout', desiredCount: 2, launchType: 'FARGATE',
    serviceConnectConfiguration: { enabled: true, namespace: 'corp.local', services: [{ portName: 'http', clientAliases: [{ port: 80, dnsName: 'checkout' }] }] },
  };
  const sc = (sim: ReturnType<typeof buildSim>) => snapshot(sim).namespaces!.find((n) => n.name === 'corp.local')!.serviceConnect;

  it('shows which client proxies know an endpoint: none of the older tasks, all of them after a redeployment (§9.2)', () => {
    const sim = buildSim(lessonDiscovery);
    sim.runUntil(90);
    expect(sc(sim)).toBeUndefined();
    expect(sim.act('CreateService', CHECKOUT).ok).toBe(true);
    sim.runUntil(300);
    const before = sc(sim)!.find((e) => e.endpoint === 'checkout:80')!;
    expect(before.service).toBe('checkout');
    expect(before.healthy).toBe(2);
    expect(before.proxies).toBeGreaterThan(0);
    expect(before.knownBy).toBe(0);
    const view = describeNamespace(sim, 'corp.local')!.at(-1)!;
    expect(view.model).toBe(true);
    expect(view.body.Endpoints).toContainEqual({ Endpoint: 'checkout:80', Service: 'checkout', HealthyTasks: 2, ClientProxies: before.proxies, ProxiesThatKnowIt: 0 });

    expect(sim.act('UpdateService', { service: 'frontend', forceNewDeployment: true }).ok).toBe(true);
    sim.runUntil(900);
    const after = sc(sim)!.find((e) => e.endpoint === 'checkout:80')!;
    expect(after.proxies).toBeGreaterThan(0);
    expect(after.knownBy).toBe(after.proxies);
  });
});
