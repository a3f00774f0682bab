/**
 * The VPC: subnets' free addresses limit awsvpc tasks, image pulls need a route to ECR, and
 * security groups between the load balancer and the tasks decide health (§7.2, §12, worked
 * example 17).
 */
import { describe, expect, it } from 'vitest';
import { fargateTaskDef, liveTasksOf, makeSim, runningOf, taskChanges, type PartialScenario } from '../support/sim';
import { Simulation } from '../../src/sim/engine';
import { createCore } from '../../src/core/core';
import { capacityFor } from '../../src/sim/core-capacity';
import { module, scenario } from '../support/sim';

const albSg = { GroupId: 'sg-alb', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] };
const appRule = { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: 'sg-alb' }] };
const appSg = { GroupId: 'sg-app', IpPermissions: [appRule] };

function network(extra: Record<string, unknown> = {}) {
  return {
    subnets: [
      { subnetId: 'subnet-pub-a', availabilityZone: 'us-east-1a', type: 'public', cidrBlock: '10.0.0.0/24' },
      { subnetId: 'subnet-priv-a', availabilityZone: 'us-east-1a', type: 'private', cidrBlock: '10.0.10.0/24' },
      { subnetId: 'subnet-priv-b', availabilityZone: 'us-east-1b', type: 'private', cidrBlock: '10.0.11.0/24' },
    ],
    natGateway: true,
    securityGroups: [albSg, appSg],
    ...extra,
  };
}

function webScenario(p: { network?: Record<string, unknown>; desired?: number; subnets?: string[]; grace?: number; healthCheck?: Record<string, number> } = {}): PartialScenario {
  return {
    network: network(p.network) as never,
    taskDefinitions: [fargateTaskDef('web', 256, 512)],
    loadBalancers: [{ name: 'alb', type: 'application', securityGroups: ['sg-alb'], targetGroups: [{ targetGroupName: 'tg', deregistrationDelaySeconds: 5, ...(p.healthCheck ? { healthCheck: p.healthCheck } : {}) }] }],
    services: [{
      serviceName: 'web', taskDefinition: 'web', desiredCount: p.desired ?? 2, launchType: 'FARGATE',
      healthCheckGracePeriodSeconds: p.grace ?? 0,
      loadBalancers: [{ targetGroupName: 'tg', containerName: 'web', containerPort: 8080 }],
      networkConfiguration: { awsvpcConfiguration: { subnets: p.subnets ?? ['subnet-priv-a', 'subnet-priv-b'], securityGroups: ['sg-app'], assignPublicIp: 'DISABLED' } },
    }],
  };
}

describe('awsvpc networking', () => {
  it('tasks get addresses from their subnets and only run in zones the subnets cover', () => {
    const sim = makeSim(webScenario({ desired: 4 }));
    sim.runUntil(300);
    const tasks = runningOf(sim, 'web');
    expect(tasks).toHaveLength(4);
    for (const t of tasks) {
      expect(['us-east-1a', 'us-east-1b']).toContain(t.availabilityZone);
      expect(t.privateIpv4Address).toMatch(t.subnetId === 'subnet-priv-a' ? /^10\.0\.10\./ : /^10\.0\.11\./);
    }
    expect(new Set(tasks.map((t) => t.privateIpv4Address)).size).toBe(4);
  });

  it('a subnet out of free addresses stops awsvpc tasks from starting there', () => {
    const small = network();
    (small.subnets[1] as Record<string, unknown>).availableIpAddressCount = 2;
    const sim = makeSim({ ...webScenario({ desired: 4, subnets: ['subnet-priv-a'] }), network: small as never });
    sim.runUntil(300);
    expect(liveTasksOf(sim, 'web')).toHaveLength(2);
    expect(sim.events.some((e) => e.type === 'ServiceEvent' && e.message.includes('InsufficientFreeAddressesInSubnet'))).toBe(true);
  });

  it('a private subnet with no NAT and no ECR endpoints cannot pull: ResourceInitializationError', () => {
    const sim = makeSim(webScenario({ network: { natGateway: false } }));
    sim.runUntil(400);
    expect(runningOf(sim, 'web')).toHaveLength(0);
    const stop = taskChanges(sim).find((e) => e.lastStatus === 'STOPPED')!;
    expect(stop.stopCode).toBe('TaskFailedToStart');
    expect(stop.stoppedReason).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth/);
  });

  it('VPC endpoints for ECR (ecr.api, ecr.dkr, s3) give a private subnet its route', () => {
    const sim = makeSim(webScenario({ network: { natGateway: false, vpcEndpoints: ['com.amazonaws.us-east-1.ecr.api', 'com.amazonaws.us-east-1.ecr.dkr', 'com.amazonaws.us-east-1.s3'] } }));
    sim.runUntil(300);
    expect(runningOf(sim, 'web')).toHaveLength(2);
  });

  it('awsvpc on a custom network needs a networkConfiguration, as the API says', () => {
    const s = scenario({ ...webScenario() });
    delete (s.services[0] as Record<string, unknown>).networkConfiguration;
    const built = Simulation.fromScenario(s, createCore(module, capacityFor(s)));
    expect(built.ok).toBe(false);
    expect(!built.ok && built.error.message).toBe("InvalidParameterException: Network Configuration must be provided when networkMode 'awsvpc' is specified. (scenario field 'services[0].networkConfiguration' is nothing)");
  });
});

describe('security groups between the load balancer and the tasks (§12, worked example 17)', () => {
  it('a missing ingress rule makes health checks fail; the tasks never count healthy', () => {
    const sim = makeSim({ ...webScenario(), network: network({ securityGroups: [albSg, { GroupId: 'sg-app', IpPermissions: [] }] }) as never });
    sim.runUntil(240);
    const tg = sim.targetGroups.get('tg')!;
    expect(tg.targets.some((t) => t.state === 'healthy')).toBe(false);
    expect(liveTasksOf(sim, 'web').every((t) => t.healthyAt === null)).toBe(true);
  });

  it('revoking the rule: unhealthy after 2 failed checks (~60 s); authorizing again: 5 passes to healthy', () => {
    // Default ALB health check (§12): interval 30 s, healthy 5, unhealthy 2. A long grace period keeps the tasks in place.
    const sim = makeSim(webScenario({ grace: 100_000 }));
    sim.runUntil(300);
    const tg = sim.targetGroups.get('tg')!;
    expect(tg.targets.map((t) => t.state)).toEqual(['healthy', 'healthy']);
    const t0 = sim.t;
    expect(sim.act('RevokeSecurityGroupIngress', { GroupId: 'sg-app', IpPermissions: [appRule] })).toEqual({ ok: true });
    let unhealthyAt = -1;
    while (sim.t < t0 + 200) { sim.step(); if (unhealthyAt < 0 && tg.targets.every((t) => t.state === 'unhealthy')) unhealthyAt = sim.t - t0; }
    expect(unhealthyAt).toBeGreaterThan(30);
    expect(unhealthyAt).toBeLessThanOrEqual(60);
    // The ALB fails open: with every target unhealthy it still sends them traffic (§12).
    const t1 = sim.t;
    expect(sim.act('AuthorizeSecurityGroupIngress', { GroupId: 'sg-app', IpPermissions: [appRule] })).toEqual({ ok: true });
    let healthyAt = -1;
    while (sim.t < t1 + 300) { sim.step(); if (healthyAt < 0 && tg.targets.every((t) => t.state === 'healthy')) healthyAt = sim.t - t1; }
    expect(healthyAt).toBeGreaterThan(4 * 30);
    expect(healthyAt).toBeLessThanOrEqual(5 * 30);
  });

  it('rejects rules for unknown groups and revoking a rule that is not there', () => {
    const sim = makeSim(webScenario());
    const r1 = sim.act('AuthorizeSecurityGroupIngress', { GroupId: 'sg-nope', IpPermissions: [appRule] });
    expect(r1.ok === false && r1.error.field).toBe('GroupId');
    const r2 = sim.act('RevokeSecurityGroupIngress', { GroupId: 'sg-app', IpPermissions: [{ ...appRule, FromPort: 9090, ToPort: 9090 }] });
    expect(r2.ok === false && r2.error.message).toMatch(/InvalidPermission.NotFound/);
  });
});
