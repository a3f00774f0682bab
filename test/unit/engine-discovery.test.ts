/**
 * Service discovery (§9): Cloud Map registration timing and health, Route 53 answers, the HTTP
 * API, and Service Connect's endpoints that only tasks started later can resolve.
 */
import { describe, expect, it } from 'vitest';
import { ec2TaskDef, fargateTaskDef, makeSim, runningOf, scenario, module } from '../support/sim';
import { Simulation } from '../../src/sim/engine';
import { createCore } from '../../src/core/core';
import { capacityFor } from '../../src/sim/core-capacity';

const namespaces = [{ name: 'corp.local', type: 'DNS_PRIVATE' as const }, { name: 'api', type: 'HTTP' as const }];

function dnsSim(desired: number) {
  return makeSim({
    namespaces,
    taskDefinitions: [fargateTaskDef('web')],
    services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: desired, launchType: 'FARGATE',
      serviceRegistries: [{ namespace: 'corp.local', dnsRecords: [{ Type: 'A', TTL: 60 }] }] }],
  });
}

type Answer = { records: string[]; healthy: boolean; ttl: number; note: string };
const resolve = (sim: Simulation, name = 'web.corp.local') => {
  const r = sim.act('ResolveDns', { name });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Answer;
};

describe('Cloud Map DNS (§9.1)', () => {
  it('tasks register while ACTIVATING and count healthy in DNS once ECS counts them healthy', () => {
    const sim = dnsSim(3);
    let sawUnhealthyOnly = false;
    while (sim.t < 200) {
      sim.step();
      const a = resolve(sim);
      if (a.records.length && !a.healthy) sawUnhealthyOnly = true;
    }
    expect(sawUnhealthyOnly).toBe(true);
    const a = resolve(sim);
    expect(a.healthy).toBe(true);
    expect(a.ttl).toBe(60);
    expect(a.records.sort()).toEqual(runningOf(sim, 'web').map((t) => t.privateIpv4Address).sort());
  });

  it('returns at most 8 healthy records', () => {
    const sim = dnsSim(12);
    sim.runUntil(300);
    const a = resolve(sim);
    expect(a.records).toHaveLength(8);
    expect(new Set(a.records).size).toBe(8);
    expect(a.note).toContain('12 healthy records, 8 returned');
  });

  it('a task leaves DNS as soon as it starts stopping', () => {
    const sim = dnsSim(2);
    sim.runUntil(200);
    const victim = runningOf(sim, 'web')[0]!;
    sim.act('StopTask', { task: victim.taskId });
    expect(resolve(sim).records).not.toContain(victim.privateIpv4Address);
    expect(resolve(sim).records).toHaveLength(1);
  });

  it('an HTTP namespace answers DiscoverInstances but has no DNS', () => {
    const sim = makeSim({ namespaces, taskDefinitions: [fargateTaskDef('orders')],
      services: [{ serviceName: 'orders', taskDefinition: 'orders', desiredCount: 2, launchType: 'FARGATE', serviceRegistries: [{ namespace: 'api', port: 8080 }] }] });
    sim.runUntil(200);
    const r = sim.act('DiscoverInstances', { NamespaceName: 'api', ServiceName: 'orders' });
    expect(r.ok).toBe(true);
    const instances = (r as { value: { Instances: { Attributes: Record<string, string>; HealthStatus: string }[] } }).value.Instances;
    expect(instances).toHaveLength(2);
    expect(instances.every((i) => i.HealthStatus === 'HEALTHY' && i.Attributes.AWS_INSTANCE_PORT === '8080')).toBe(true);
    const dns = sim.act('ResolveDns', { name: 'orders.api' });
    expect(dns.ok === false && dns.error.message).toMatch(/HTTP namespace/);
  });

  it('bridge-mode tasks can only have SRV records', () => {
    const s = scenario({ namespaces, cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a' }] },
      taskDefinitions: [ec2TaskDef('legacy', 256, 256)],
      services: [{ serviceName: 'legacy', taskDefinition: 'legacy', desiredCount: 1, launchType: 'EC2', serviceRegistries: [{ namespace: 'corp.local', dnsRecords: [{ Type: 'A' }] }] }] });
    const built = Simulation.fromScenario(s, createCore(module, capacityFor(s)));
    expect(built.ok).toBe(false);
    expect(!built.ok && built.error.field).toBe('services[0].serviceRegistries[0].dnsRecords');
  });
});

describe('Service Connect (§9.2)', () => {
  const withName = (family: string) => fargateTaskDef(family, 256, 512, {
    containerDefinitions: [{ name: family, image: `${family}:1`, essential: true, portMappings: [{ containerPort: 8080, name: 'http' }] }],
  });

  it('a client started before the server endpoint existed cannot resolve it until it is redeployed', () => {
    const sim = makeSim({ namespaces, taskDefinitions: [withName('frontend'), withName('checkout')],
      services: [{ serviceName: 'frontend', taskDefinition: 'frontend', desiredCount: 1, launchType: 'FARGATE', serviceConnectConfiguration: { enabled: true, namespace: 'corp.local' } }] });
    sim.runUntil(120);
    const created = sim.act('CreateService', { serviceName: 'checkout', taskDefinition: 'checkout', desiredCount: 2, launchType: 'FARGATE',
      serviceConnectConfiguration: { enabled: true, namespace: 'corp.local', services: [{ portName: 'http', clientAliases: [{ port: 80, dnsName: 'checkout' }] }] } });
    expect(created.ok).toBe(true);
    sim.runUntil(300);
    const before = sim.act('ServiceConnectResolve', { fromService: 'frontend', endpoint: 'http://checkout:80' });
    expect(before).toMatchObject({ ok: true, value: { resolves: false } });
    expect((before as { value: { note: string } }).value.note).toContain('redeploy frontend');

    sim.act('UpdateService', { service: 'frontend', forceNewDeployment: true });
    sim.runUntil(600);
    const after = sim.act('ServiceConnectResolve', { fromService: 'frontend', endpoint: 'checkout:80' });
    expect(after).toMatchObject({ ok: true, value: { resolves: true } });
    expect((after as { value: { targets: string[] } }).value.targets).toHaveLength(2);
  });

  it('rejects a portName that the task definition does not name', () => {
    const sim = makeSim({ namespaces, taskDefinitions: [withName('a')] });
    const r = sim.act('CreateService', { serviceName: 'a', taskDefinition: 'a', desiredCount: 1, launchType: 'FARGATE',
      serviceConnectConfiguration: { enabled: true, namespace: 'corp.local', services: [{ portName: 'grpc' }] } });
    expect(r.ok === false && r.error.field).toBe('serviceConnectConfiguration.services[0].portName');
  });
});
