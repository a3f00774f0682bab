/**
 * Capacity providers (§6) and launch throttling (§7.2, §11): strategies with base and weight,
 * managed scaling on CapacityProviderReservation (worked example 21), tasks waiting in
 * PROVISIONING, managed termination protection, Spot interruptions on Fargate (worked example 19)
 * and on EC2 with Spot draining, and Fargate's token bucket (worked example 26).
 */
import { describe, it, expect } from 'vitest';
import { capacityState } from '../../src/sim/capacity/state';
import { instancesNeeded } from '../../src/sim/capacity/needs';
import { serviceMetrics } from '../../src/sim/metrics';
import type { ServiceEvent, TaskStateChange } from '../../src/sim/events';
import { PLAN } from '../../src/core/core';
import { activities, build, cluster, setupError, taskDef, type Doc } from './scaling-helpers';

function asgScenario(o: { desired?: number; instances?: number; max?: number; tdCpu?: string; placement?: Doc[]; mtp?: string; spot?: boolean; draining?: boolean; warmup?: number; actions?: Doc[] } = {}): Doc {
  return {
    schemaVersion: 1, seed: 21, durationSeconds: 3600,
    cluster: cluster({ capacityProviders: ['web-asg'], defaultCapacityProviderStrategy: [{ capacityProvider: 'web-asg', weight: 1 }] }),
    capacityProviders: [{ name: 'web-asg', autoScalingGroupProvider: {
      autoScalingGroup: { instanceType: 'm5.large', minSize: 1, maxSize: o.max ?? 10, desiredCapacity: o.instances ?? 4,
        ...(o.spot ? { instanceMarketOptions: { marketType: 'spot' } } : {}), ...(o.draining ? { ecsAgentConfig: { ECS_ENABLE_SPOT_INSTANCE_DRAINING: 'true' } } : {}) },
      managedScaling: { status: 'ENABLED', targetCapacity: 100, instanceWarmupPeriod: o.warmup ?? 300 },
      managedTerminationProtection: o.mtp ?? 'ENABLED' } }],
    taskDefinitions: [taskDef('web', { cpu: o.tdCpu ?? '1024', memory: '1024' })],
    services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: o.desired ?? 10,
      capacityProviderStrategy: [{ capacityProvider: 'web-asg', weight: 1 }], ...(o.placement ? { placementStrategy: o.placement } : {}) }],
    actions: o.actions ?? [],
  };
}

describe('managed scaling (§6.3, worked example 21)', () => {
  it('4 instances, tasks that need 5: CapacityProviderReservation 125 and a scale-out of at least 1', async () => {
    const sim = await build(asgScenario());
    sim.runUntil(59);
    // 2 tasks of 1024 CPU units per m5.large: 8 placed, 2 waiting in PROVISIONING (no "unable to place" event).
    const m = serviceMetrics(sim, 'web');
    expect(m.runningCount + m.pendingCount).toBe(10);
    expect(m.waitingForCapacityCount).toBe(2);
    expect(sim.events.some((e) => e.type === 'ServiceEvent' && e.message.includes('unable to place'))).toBe(false);
    sim.runUntil(60);
    const p = capacityState(sim).providers.get('web-asg')!;
    expect(p.last!.reservation).toBe(125);
    expect(sim.core.cpReservation[p.index]).toBe(125);
    const [a] = activities(sim.events, 'autoScalingGroup/web-asg');
    expect(a).toMatchObject({ t: 60, from: 4, to: 5 });
    // The new instance takes minutes to register; then the waiting tasks are placed on it.
    const launched = p.instances.find((i) => i.launchedAt === 60)!;
    expect(launched.registersAt - 60).toBeGreaterThanOrEqual(90);
    expect(launched.registersAt - 60).toBeLessThanOrEqual(150);
    sim.runUntil(launched.registersAt + 30);
    expect(serviceMetrics(sim, 'web')).toMatchObject({ runningCount: 10, pendingCount: 0 });
    expect(sim.instances.filter((i) => i.status === 'ACTIVE')).toHaveLength(5);
  });

  it('4 instances with 2 empty: 98, and after 15 minutes the empty ones go (termination protection keeps the busy)', async () => {
    const sim = await build(asgScenario({ desired: 4, placement: [{ type: 'binpack', field: 'cpu' }] }));
    sim.runUntil(60);
    const p = capacityState(sim).providers.get('web-asg')!;
    expect(p.last!.reservation).toBe(98);
    sim.runUntil(14 * 60);
    expect(activities(sim.events, 'autoScalingGroup/web-asg')).toEqual([]);
    sim.runUntil(15 * 60);
    expect(activities(sim.events, 'autoScalingGroup/web-asg')[0]).toMatchObject({ t: 900, from: 4, to: 2 });
    sim.runUntil(15 * 60 + 5);
    expect(sim.instances.filter((i) => i.status === 'ACTIVE')).toHaveLength(2);
    expect(serviceMetrics(sim, 'web').runningCount).toBe(4);
    expect(sim.tasks.filter((t) => t.stopCode !== null)).toEqual([]);
  });

  it('without managed termination protection a scale-in can take an instance with tasks on it', async () => {
    const sim = await build(asgScenario({ desired: 8, mtp: 'DISABLED', actions: [{ at: 120, action: 'UpdateAutoScalingGroup', request: { AutoScalingGroupName: 'web-asg', DesiredCapacity: 3 } }] }));
    sim.runUntil(125);
    const killed = sim.tasks.filter((t) => t.stoppedReason?.includes('terminated by Auto Scaling group web-asg'));
    expect(killed.length).toBe(2);
  });

  it('RunTask on a full group waits for capacity instead of failing, and starts when an instance registers', async () => {
    const sim = await build(asgScenario({ desired: 8 }));
    sim.runUntil(10);
    const r = sim.act('RunTask', { taskDefinition: 'web', capacityProviderStrategy: [{ capacityProvider: 'web-asg', weight: 1 }], count: 3 });
    expect(r.ok && r.value).toMatchObject({ failures: [], provisioning: 3 });
    // The tasks exist: PROVISIONING, with no container instance yet (§1.6, §6.3).
    const ids = (r as { value: { tasks: string[] } }).value.tasks;
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(sim.tasks.find((t) => t.taskId === id)).toMatchObject({ lastStatus: 'PROVISIONING', instanceSlot: -1, waitingForCapacity: true });
    sim.runUntil(60);
    expect(capacityState(sim).providers.get('web-asg')!.last).toMatchObject({ reservation: 150, needed: 2, waitingTasks: 3 });
    sim.runUntil(400);
    const running = sim.tasks.filter((t) => t.group === 'family:web' && t.lastStatus === 'RUNNING');
    expect(running).toHaveLength(3);
    expect(running.map((t) => t.taskId).sort()).toEqual([...ids].sort());
  });

  it('providers can be created and associated at run time', async () => {
    const sim = await build(fargateScenario());
    const created = sim.act('CreateCapacityProvider', { name: 'batch', autoScalingGroupProvider: { autoScalingGroup: { instanceType: 'c5.large', minSize: 0, maxSize: 3, desiredCapacity: 1 } } });
    expect(created.ok).toBe(true);
    expect(sim.act('PutClusterCapacityProviders', { capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [] }).ok).toBe(false);
    expect(sim.act('PutClusterCapacityProviders', { capacityProviders: ['FARGATE', 'FARGATE_SPOT', 'batch'], defaultCapacityProviderStrategy: [{ capacityProvider: 'batch', weight: 1 }] }).ok).toBe(true);
    expect(sim.act('CreateCapacityProvider', { name: 'ecs-bad', autoScalingGroupProvider: { autoScalingGroup: { instanceType: 'c5.large', minSize: 0, maxSize: 1 } } }).ok).toBe(false);
    sim.runUntil(200);
    expect(sim.instances.filter((i) => i.capacityProvider === 'batch' && i.status === 'ACTIVE')).toHaveLength(1);
  });

  it('binpacks waiting tasks onto new instances of the group type, leaving out what never fits', () => {
    const p = { instanceType: 'm5.large' } as never;
    const w = (count: number, cpu: number, memory = 512, hostPorts: number[] = []) => ({ provider: 'x', count, cpu, memory, enis: 0, hostPorts, at: 0 });
    expect(instancesNeeded(null as never, p, [w(5, 1024, 2048)])).toEqual({ instances: 3, tasks: 5 });
    expect(instancesNeeded(null as never, p, [w(3, 512, 512, [80])])).toEqual({ instances: 3, tasks: 3 });
    expect(instancesNeeded(null as never, p, [w(2, 4096)])).toEqual({ instances: 0, tasks: 0 });
    expect(instancesNeeded(null as never, p, [w(1, 1536), w(2, 256)])).toEqual({ instances: 1, tasks: 3 });
  });
});

function fargateScenario(o: { strategy?: Doc[]; desired?: number; actions?: Doc[]; lb?: boolean } = {}): Doc {
  return {
    schemaVersion: 1, seed: 19, durationSeconds: 3600,
    cluster: cluster({ capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }),
    taskDefinitions: [taskDef('api', { cpu: '512', memory: '1024', fargate: true })],
    services: [{ serviceName: 'api', taskDefinition: 'api', desiredCount: o.desired ?? 10,
      capacityProviderStrategy: o.strategy ?? [{ capacityProvider: 'FARGATE', base: 2, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }] }],
    actions: o.actions ?? [],
  };
}

describe('capacity provider strategies (§6.1)', () => {
  it('base first, then weights: base 2 on FARGATE, then 1:3 with FARGATE_SPOT', async () => {
    const sim = await build(fargateScenario());
    sim.runUntil(60);
    const by = (p: string) => sim.tasks.filter((t) => t.capacityProvider === p && t.lastStatus !== 'STOPPED').length;
    expect([by('FARGATE'), by('FARGATE_SPOT')]).toEqual([4, 6]);
  });

  it('rejects providers that are not associated, mixed kinds, and all-zero weights', async () => {
    expect(await setupError(fargateScenario({ strategy: [{ capacityProvider: 'nope', weight: 1 }] }))).toContain('not associated with the cluster');
    const mixed = asgScenario();
    (mixed.cluster as Doc).capacityProviders = ['web-asg', 'FARGATE'];
    (mixed.services as Doc[])[0]!.capacityProviderStrategy = [{ capacityProvider: 'web-asg', weight: 1 }, { capacityProvider: 'FARGATE', weight: 1 }];
    expect(await setupError(mixed)).toContain('cannot contain a mix of capacity providers');
    expect(await setupError(fargateScenario({ strategy: [{ capacityProvider: 'FARGATE', weight: 0 }] }))).toContain('weight of 0');
    const badAsg = asgScenario();
    ((badAsg.capacityProviders as Doc[])[0]!.autoScalingGroupProvider as Doc).managedScaling = { targetCapacity: 0 };
    expect(await setupError(badAsg)).toMatch(/^capacityProviders\[0\]\.autoScalingGroupProvider\.managedScaling\.targetCapacity/);
  });
});

describe('Spot interruptions', () => {
  it('worked example 19: FARGATE_SPOT gets the warning and SIGTERM at once, stops within 30 s, and is replaced on Spot', async () => {
    const sim = await build(fargateScenario({ desired: 2, strategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], actions: [{ at: 300, action: 'InterruptSpotCapacity', request: { capacityProvider: 'FARGATE_SPOT', fraction: 0.5 } }] }));
    sim.runUntil(300);
    const warned = sim.events.filter((e): e is TaskStateChange => e.type === 'TaskStateChange' && e.stopCode === 'SpotInterruption');
    expect(warned.length).toBeGreaterThan(0);
    expect(warned[0]).toMatchObject({ t: 300, desiredStatus: 'STOPPED', stoppedReason: 'Your Spot Task was interrupted.' });
    const task = sim.tasks.find((t) => t.taskId === warned[0]!.taskId)!;
    // SIGTERM at t = 0 of the interruption: the deregistration wait does not delay it; SIGKILL by stopTimeout (30 s).
    expect(sim.core.taskPlan[task.slot * PLAN + 4]).toBe(0);
    expect(sim.core.taskPlan[task.slot * PLAN + 5]).toBeLessThanOrEqual(30);
    sim.runUntil(340);
    expect(task.lastStatus).toBe('STOPPED');
    const replacement = sim.tasks.find((t) => t.createdAt >= 300 && t.service === 'api');
    expect(replacement?.capacityProvider).toBe('FARGATE_SPOT');
  });

  it('Spot capacity withheld: replacements fail with "Capacity is unavailable" until it returns', async () => {
    const sim = await build(fargateScenario({ desired: 1, strategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], actions: [{ at: 300, action: 'InterruptSpotCapacity', request: { capacityProvider: 'FARGATE_SPOT', fraction: 1, unavailableSeconds: 600 } }] }));
    sim.runUntil(890);
    expect(serviceMetrics(sim, 'api').runningCount).toBe(0);
    expect(sim.events.some((e) => e.type === 'ServiceEvent' && e.message.includes('Capacity is unavailable at this time'))).toBe(true);
    sim.runUntil(960);
    expect(serviceMetrics(sim, 'api').runningCount).toBe(1);
  });

  it('EC2 Spot with instance draining: DRAINING at the notice, tasks move, the instance goes 2 minutes later and is replaced', async () => {
    const sim = await build(asgScenario({ desired: 2, instances: 2, spot: true, draining: true, tdCpu: '512', warmup: 0,
      actions: [{ at: 300, action: 'InterruptSpotCapacity', request: { capacityProvider: 'web-asg', fraction: 0.5 } }] }));
    sim.runUntil(300);
    const p = capacityState(sim).providers.get('web-asg')!;
    const hit = p.instances.find((i) => i.interruptAt === 420)!;
    const ci = sim.instances[hit.slot]!;
    expect(ci.status).toBe('DRAINING');
    expect(sim.events.some((e) => e.type === 'ServiceEvent' && (e as ServiceEvent).message.startsWith('EC2 Spot Instance Interruption Warning'))).toBe(true);
    sim.runUntil(419);
    expect(sim.tasks.filter((t) => t.instanceSlot === ci.slot && t.lastStatus === 'RUNNING')).toEqual([]);
    expect(serviceMetrics(sim, 'web').runningCount).toBe(2);
    sim.runUntil(421);
    expect(ci.status).toBe('DEREGISTERED');
    expect(p.instances.filter((i) => i.state === 'Pending')).toHaveLength(1);
  });

  it('EC2 Spot without draining: tasks keep running until EC2 reclaims the instance', async () => {
    const sim = await build(asgScenario({ desired: 4, instances: 2, spot: true, tdCpu: '512',
      actions: [{ at: 300, action: 'InterruptSpotCapacity', request: { capacityProvider: 'web-asg', fraction: 0.5 } }] }));
    sim.runUntil(419);
    const hit = capacityState(sim).providers.get('web-asg')!.instances.find((i) => i.interruptAt === 420)!;
    const onIt = sim.tasks.filter((t) => t.instanceSlot === hit.slot && t.lastStatus === 'RUNNING');
    expect(onIt.length).toBeGreaterThan(0);
    sim.runUntil(420);
    expect(onIt.every((t) => t.desiredStatus === 'STOPPED' && t.stoppedReason!.includes('reclaimed'))).toBe(true);
  });

  it('rejects an interruption of capacity that is not Spot', async () => {
    const sim = await build(fargateScenario());
    const r = sim.act('InterruptSpotCapacity', { capacityProvider: 'FARGATE', fraction: 0.5 });
    expect(!r.ok && r.error.field).toBe('capacityProvider');
    const f = sim.act('InterruptSpotCapacity', { capacityProvider: 'FARGATE_SPOT', fraction: 2 });
    expect(!f.ok && f.error.field).toBe('fraction');
  });
});

describe('Fargate launch throttling (§7.2, §11)', () => {
  it('worked example 26: 15 RunTask calls × 10 tasks in one second: 100 start, the rest succeed at about 20 tasks/s', async () => {
    const sim = await build({ ...fargateScenario({ desired: 0 }), services: [] });
    sim.runUntil(5);
    const req = { taskDefinition: 'api', launchType: 'FARGATE', count: 10 };
    const first = Array.from({ length: 15 }, () => sim.act('RunTask', req));
    expect(first.filter((r) => r.ok)).toHaveLength(10);
    const throttled = first.filter((r) => !r.ok);
    expect(throttled).toHaveLength(5);
    expect(!throttled[0]!.ok && throttled[0]!.error.message).toMatch(/^ThrottlingException: Rate exceeded/);
    let left = 5;
    const doneAt: number[] = [];
    while (left > 0 && sim.t < 20) {
      sim.step();
      for (let k = left; k > 0; k--) {
        if (!sim.act('RunTask', req).ok) break;
        left--;
        doneAt.push(sim.t);
      }
    }
    // 20 tokens a second: two calls of 10 per second.
    expect(doneAt).toEqual([6, 6, 7, 7, 8]);
    expect(sim.tasks.filter((t) => t.launchType === 'FARGATE')).toHaveLength(150);
  });

  it('a service launches at most 500 Fargate tasks a minute, within the token bucket', async () => {
    const sim = await build(fargateScenario({ desired: 700, strategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }));
    const at = (t: number) => { sim.runUntil(t); return sim.tasks.filter((x) => x.service === 'api').length; };
    expect(at(1)).toBe(100);
    expect(at(2)).toBe(120);
    expect(at(59)).toBe(500);
    expect(at(62)).toBeGreaterThan(500);
    expect(at(120)).toBe(700);
  });
});
