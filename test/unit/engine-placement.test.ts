/**
 * Placement on EC2 through the engine and the core, against the reference's worked examples
 * (ecs-behaviour.md §1 and "Worked examples" 6, 7, 8, 9, 11, 13).
 */
import { describe, expect, it } from 'vitest';
import { ec2TaskDef, eventsOfType, liveTasksOf, makeSim, runningOf, serviceEvents } from '../support/sim';

const twoHosts = {
  // Registered memory: t3.medium ≈ 3993 MiB ("A", about 4 GiB free), t3.small ≈ 1996 MiB ("B", about 2 GiB free).
  containerInstances: [
    { instanceType: 't3.medium', availabilityZone: 'us-east-1a' },
    { instanceType: 't3.small', availabilityZone: 'us-east-1a' },
  ],
};

function runTask(memory: number, extra: Record<string, unknown> = {}) {
  const sim = makeSim({ cluster: twoHosts, taskDefinitions: [ec2TaskDef('job', 256, memory)] });
  const r = sim.act('RunTask', { taskDefinition: 'job', placementStrategy: [{ type: 'binpack', field: 'memory' }], ...extra });
  return { sim, r };
}

describe('§1.2 binpack and §1.1 filtering (worked examples 6, 7, 8)', () => {
  it('example 6: binpack on memory picks the instance left with the least memory (B)', () => {
    const { sim, r } = runTask(1536);
    expect(r.ok).toBe(true);
    const task = liveTasksOf(sim)[0]!;
    expect(sim.instances[task.instanceSlot]!.instanceType).toBe('t3.small');
    const d = eventsOfType(sim, 'PlacementDecision')[0]!;
    expect(d.candidates.find((c) => c.outcome === 'chosen')!.containerInstanceId).toBe(sim.instances[1]!.id);
    expect(d.candidates.find((c) => c.outcome === 'ranked-lower')!.reason).toContain('binpack(memory)');
  });

  it('example 7: a 3 GiB task filters B out, so it lands on A despite binpack', () => {
    const { sim } = runTask(3072);
    const task = liveTasksOf(sim)[0]!;
    expect(sim.instances[task.instanceSlot]!.instanceType).toBe('t3.medium');
    const d = eventsOfType(sim, 'PlacementDecision')[0]!;
    expect(d.candidates.find((c) => c.outcome === 'filtered')!.reason).toBe('has insufficient memory available');
  });

  it('example 8: a 5 GiB task fits nowhere: RunTask returns a failure, a service reports it', () => {
    const { sim, r } = runTask(5120);
    expect(r.ok).toBe(true);
    // The failure names the closest container instance (api_failures_messages.html: "RESOURCE:* (container instance ID)").
    expect((r as { value: { tasks: string[]; failures: { reason: string }[] } }).value).toEqual({ tasks: [],
      failures: [{ arn: expect.stringMatching(/^arn:aws:ecs:us-east-1:123456789012:container-instance\/test\/[0-9a-f]+$/), reason: 'RESOURCE:MEMORY' }] });
    expect(liveTasksOf(sim)).toHaveLength(0);

    const svcSim = makeSim({ cluster: twoHosts, taskDefinitions: [ec2TaskDef('big', 256, 5120)],
      services: [{ serviceName: 'big', taskDefinition: 'big', desiredCount: 1, launchType: 'EC2' }] });
    svcSim.runUntil(5);
    const msgs = serviceEvents(svcSim, 'big');
    expect(msgs.some((m) => m.startsWith('(service big) was unable to place a task because no container instance met all of its requirements.'))).toBe(true);
    expect(msgs.join('\n')).toContain('has insufficient memory available');
    // Duplicate events are suppressed (§1.6): one message, not one per tick.
    svcSim.runUntil(120);
    expect(serviceEvents(svcSim, 'big').filter((m) => m.includes('unable to place')).length).toBe(1);
  });
});

describe('§1.5 default service placement (worked example 9)', () => {
  const oneEach = { containerInstances: ['a', 'b', 'c'].map((z) => ({ instanceType: 'm5.large', availabilityZone: `us-east-1${z}` })) };

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`scale-out goes to an AZ without a task, scale-in leaves the emptier AZ alone (seed ${seed})`, () => {
      const sim = makeSim({ seed, cluster: oneEach, taskDefinitions: [ec2TaskDef('api', 256, 512)],
        services: [{ serviceName: 'api', taskDefinition: 'api', desiredCount: 1, launchType: 'EC2' }] });
      sim.runUntil(60);
      const first = liveTasksOf(sim, 'api')[0]!.availabilityZone;
      sim.act('UpdateService', { service: 'api', desiredCount: 2 });
      sim.runUntil(120);
      const zones = liveTasksOf(sim, 'api').map((t) => t.availabilityZone);
      expect(new Set(zones).size).toBe(2);
      expect(zones.filter((z) => z === first)).toHaveLength(1);

      sim.act('UpdateService', { service: 'api', desiredCount: 5 });
      sim.runUntil(240);
      const counts = (ts: { availabilityZone: string }[]) => ['us-east-1a', 'us-east-1b', 'us-east-1c'].map((z) => ts.filter((t) => t.availabilityZone === z).length);
      const before = counts(runningOf(sim, 'api'));
      expect(before.slice().sort()).toEqual([1, 2, 2]);
      const lonely = ['us-east-1a', 'us-east-1b', 'us-east-1c'][before.indexOf(1)];
      sim.act('UpdateService', { service: 'api', desiredCount: 4 });
      sim.runUntil(300);
      const after = liveTasksOf(sim, 'api').filter((t) => t.desiredStatus === 'RUNNING');
      expect(after).toHaveLength(4);
      expect(after.filter((t) => t.availabilityZone === lonely)).toHaveLength(1);
      expect(counts(after).slice().sort()).toEqual([1, 1, 2]);
    });
  }
});

describe('§1.4 constraints (worked examples 11 and 13)', () => {
  const three = { containerInstances: [{ instanceType: 'm5.xlarge', availabilityZone: 'us-east-1a', count: 3 }] };

  it('example 11: distinctInstance with 4 desired on 3 instances runs 3 and reports the 4th', () => {
    const sim = makeSim({ cluster: three, taskDefinitions: [ec2TaskDef('db', 256, 512)],
      services: [{ serviceName: 'db', taskDefinition: 'db', desiredCount: 4, launchType: 'EC2', placementConstraints: [{ type: 'distinctInstance' }] }] });
    sim.runUntil(120);
    const running = runningOf(sim, 'db');
    expect(running).toHaveLength(3);
    expect(new Set(running.map((t) => t.instanceSlot)).size).toBe(3);
    expect(serviceEvents(sim, 'db').some((m) => m.includes('was unable to place a task because no container instance met all of its requirements'))).toBe(true);
  });

  it('example 13: a static host port allows one task per instance; port 22 is reserved', () => {
    const withPort = (port: number) => ec2TaskDef('edge', 256, 256, {
      containerDefinitions: [{ name: 'edge', image: 'nginx:1', essential: true, portMappings: [{ containerPort: 80, hostPort: port }] }],
    });
    const sim = makeSim({ cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 2 }] },
      taskDefinitions: [withPort(80)], services: [{ serviceName: 'edge', taskDefinition: 'edge', desiredCount: 3, launchType: 'EC2' }] });
    sim.runUntil(120);
    expect(runningOf(sim, 'edge')).toHaveLength(2);
    expect(serviceEvents(sim, 'edge').join('\n')).toContain('is already using a port required by your task');

    const ssh = makeSim({ cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 2 }] }, taskDefinitions: [withPort(22)] });
    const r = ssh.act('RunTask', { taskDefinition: 'edge', count: 1 });
    expect(r).toMatchObject({ ok: true, value: { tasks: [], failures: [{ reason: 'RESOURCE:PORTS' }] } });
  });

  it('memberOf keeps tasks on matching instances and names the constraint when none match', () => {
    const sim = makeSim({
      cluster: { containerInstances: [
        { instanceType: 'c5.xlarge', availabilityZone: 'us-east-1a' },
        { instanceType: 'm5.large', availabilityZone: 'us-east-1b', attributes: { team: 'data' } },
      ] },
      taskDefinitions: [ec2TaskDef('w', 256, 256)],
      services: [
        { serviceName: 'cpu', taskDefinition: 'w', desiredCount: 3, launchType: 'EC2', placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ c5.*' }] },
        { serviceName: 'data', taskDefinition: 'w', desiredCount: 2, launchType: 'EC2', placementConstraints: [{ type: 'memberOf', expression: 'attribute:team == data' }] },
        { serviceName: 'gpu', taskDefinition: 'w', desiredCount: 1, launchType: 'EC2', placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ p3.*' }] },
      ],
    });
    sim.runUntil(60);
    expect(runningOf(sim, 'cpu').every((t) => sim.instances[t.instanceSlot]!.instanceType === 'c5.xlarge')).toBe(true);
    expect(runningOf(sim, 'data').every((t) => sim.instances[t.instanceSlot]!.attributes.team === 'data')).toBe(true);
    expect(runningOf(sim, 'gpu')).toHaveLength(0);
    expect(serviceEvents(sim, 'gpu').join('\n')).toContain('memberOf');
  });

  it('spread by instanceId then binpack: the decision explains every candidate', () => {
    const sim = makeSim({ cluster: three, taskDefinitions: [ec2TaskDef('x', 512, 1024)] });
    sim.act('RunTask', { taskDefinition: 'x', count: 3, placementStrategy: [{ type: 'spread', field: 'instanceId' }] });
    expect(new Set(liveTasksOf(sim).map((t) => t.instanceSlot)).size).toBe(3);
    for (const d of eventsOfType(sim, 'PlacementDecision')) {
      expect(d.candidates).toHaveLength(3);
      expect(d.candidates.filter((c) => c.outcome === 'chosen')).toHaveLength(1);
    }
  });
});
