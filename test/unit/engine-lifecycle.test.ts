/**
 * Task lifecycle (§2.1), when a service counts a task healthy (§2.4), draining (§3.2, §12), the
 * launch throttle (§1.6) and image pulls (§7.2, §10): worked examples 16, 18 and 25.
 */
import { describe, expect, it } from 'vitest';
import { ec2TaskDef, fargateTaskDef, liveTasksOf, makeSim, runningOf, serviceEvents, taskChanges } from '../support/sim';

const ORDER = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'];
const m5 = { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 2 }] };

describe('§2.1 task lifecycle', () => {
  it('a task walks every state in order, and StopTask takes it to STOPPED with UserInitiated', () => {
    const sim = makeSim({ cluster: m5, taskDefinitions: [ec2TaskDef('job', 256, 256)] });
    const r = sim.act('RunTask', { taskDefinition: 'job' }) as { ok: true; value: { tasks: string[] } };
    sim.runUntil(30);
    sim.act('StopTask', { task: r.value.tasks[0], reason: 'done for today' });
    sim.runUntil(120);
    const seen = taskChanges(sim).map((e) => e.lastStatus).filter((s, i, a) => s !== a[i - 1]);
    expect(seen).toEqual(ORDER);
    const last = taskChanges(sim).at(-1)!;
    expect(last).toMatchObject({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'done for today' });
  });

  it('an essential container that exits stops the task (EssentialContainerExited) and the service replaces it', () => {
    const sim = makeSim({ cluster: m5, taskDefinitions: [ec2TaskDef('crash', 256, 256, { sim: { exitAfterSeconds: 20 } })],
      services: [{ serviceName: 'crash', taskDefinition: 'crash', desiredCount: 1, launchType: 'EC2' }] });
    sim.runUntil(200);
    const stopped = taskChanges(sim).filter((e) => e.lastStatus === 'STOPPED');
    expect(stopped.length).toBeGreaterThanOrEqual(2);
    expect(stopped[0]).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    // Tasks that reach RUNNING and then die are not throttled (§1.6).
    expect(serviceEvents(sim, 'crash').some((m) => m.includes('unable to consistently start'))).toBe(false);
    expect(liveTasksOf(sim, 'crash').length).toBe(1);
  });
});

describe('§7.2 and §10: image pulls and start times', () => {
  function startSeconds(p: Parameters<typeof makeSim>[0]): number {
    const sim = makeSim(p);
    sim.runUntil(300);
    const t = sim.tasks[0]!;
    return t.startedAt! - t.createdAt;
  }

  it('Fargate pulls the whole image every time; a bigger image starts later', () => {
    const small = startSeconds({ taskDefinitions: [fargateTaskDef('a', 256, 512, { sim: { imageSizeMiB: 50 } })], services: [{ serviceName: 'a', taskDefinition: 'a', desiredCount: 1, launchType: 'FARGATE' }] });
    const big = startSeconds({ taskDefinitions: [fargateTaskDef('a', 256, 512, { sim: { imageSizeMiB: 1500 } })], services: [{ serviceName: 'a', taskDefinition: 'a', desiredCount: 1, launchType: 'FARGATE' }] });
    expect(big - small).toBeGreaterThan(60);
  });

  it('a custom AMI with the image baked in starts a task faster than the ECS-optimized AMI', () => {
    const td = ec2TaskDef('app', 256, 256, { sim: { imageSizeMiB: 800 } });
    const plain = startSeconds({ cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a' }] }, taskDefinitions: [td], services: [{ serviceName: 'app', taskDefinition: 'app', desiredCount: 1, launchType: 'EC2' }] });
    const baked = startSeconds({ cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a', ami: 'custom-baked' }] }, taskDefinitions: [td], services: [{ serviceName: 'app', taskDefinition: 'app', desiredCount: 1, launchType: 'EC2' }] });
    expect(plain - baked).toBeGreaterThan(10);
  });

  it('the second task on an instance finds the image cached', () => {
    const sim = makeSim({ cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a' }] },
      taskDefinitions: [ec2TaskDef('app', 256, 256, { sim: { imageSizeMiB: 800 } })] });
    sim.act('RunTask', { taskDefinition: 'app' });
    sim.runUntil(120);
    sim.act('RunTask', { taskDefinition: 'app' });
    sim.runUntil(240);
    const [a, b] = sim.tasks;
    expect(a!.startedAt! - a!.createdAt).toBeGreaterThan(15);
    expect(b!.startedAt! - b!.createdAt).toBeLessThan(8);
  });
});

describe('§2.4 healthy for minimumHealthyPercent (worked example 16)', () => {
  it('with no load balancer and no container health check a task counts healthy 40 s after RUNNING', () => {
    const sim = makeSim({ cluster: m5, taskDefinitions: [ec2TaskDef('w', 256, 256)], services: [{ serviceName: 'w', taskDefinition: 'w', desiredCount: 1, launchType: 'EC2' }] });
    sim.runUntil(120);
    const t = sim.tasks[0]!;
    expect(t.healthyAt! - t.startedAt!).toBe(40);
  });

  it('with a container health check (defaults) it counts at the first HEALTHY result', () => {
    const sim = makeSim({ cluster: m5, taskDefinitions: [ec2TaskDef('w', 256, 256, {
      containerDefinitions: [{ name: 'w', image: 'w:1', essential: true, healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'] } }],
    })], services: [{ serviceName: 'w', taskDefinition: 'w', desiredCount: 1, launchType: 'EC2' }] });
    sim.runUntil(200);
    const t = sim.tasks[0]!;
    expect(t.healthStatus).toBe('HEALTHY');
    // The first check runs one interval (30 s) after the container starts; the app is up by then.
    expect(t.healthyAt! - t.startedAt!).toBe(30);
  });
});

describe('§3.2 and §12 draining (worked example 18)', () => {
  function scaleIn(rps: number, delay?: number) {
    const sim = makeSim({
      cluster: m5,
      taskDefinitions: [ec2TaskDef('web', 256, 256)],
      loadBalancers: [{ name: 'alb', type: 'application', targetGroups: [{ targetGroupName: 'tg', ...(delay === undefined ? {} : { deregistrationDelaySeconds: delay }), healthCheck: { intervalSeconds: 10, healthyThresholdCount: 2 } }] }],
      services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: 2, launchType: 'EC2', loadBalancers: [{ targetGroupName: 'tg', containerName: 'web', containerPort: 8080 }] }],
      traffic: rps ? [{ at: 0, target: 'web', requestsPerSecond: rps }] : [],
    });
    sim.runUntil(200);
    expect(runningOf(sim, 'web')).toHaveLength(2);
    sim.act('UpdateService', { service: 'web', desiredCount: 1 });
    sim.runUntil(900);
    const victim = sim.tasks.find((t) => t.stoppedAt !== null)!;
    return { sim, victim };
  }

  it('with open connections the target drains for the default 300 s before SIGTERM', () => {
    const { victim } = scaleIn(50);
    const changes = victim;
    expect(changes.stoppingAt).toBe(200 + 1);
    const deactivatingFor = (victim.stoppedAt! - victim.stoppingAt!);
    expect(deactivatingFor).toBeGreaterThanOrEqual(300);
    expect(deactivatingFor).toBeLessThan(300 + 10);
  });

  it('with no open connections draining ends at once', () => {
    const { victim } = scaleIn(0);
    expect(victim.stoppedAt! - victim.stoppingAt!).toBeLessThan(10);
  });
});

describe('§1.6 service throttle (worked example 25)', () => {
  it('a missing image fails every launch; retries slow down to at most 15 minutes; a good revision restores the pace', () => {
    const sim = makeSim({ cluster: m5, durationSeconds: 7200,
      taskDefinitions: [ec2TaskDef('app', 256, 256, { sim: { imageExists: false } }), ec2TaskDef('app', 256, 256)],
      services: [{ serviceName: 'app', taskDefinition: 'app:1', desiredCount: 1, launchType: 'EC2' }] });
    sim.runUntil(5400);
    const stops = taskChanges(sim).filter((e) => e.lastStatus === 'STOPPED');
    expect(stops.length).toBeGreaterThan(4);
    expect(stops[0]!.stoppedReason).toMatch(/^CannotPullContainerError/);
    expect(stops[0]!.stopCode).toBe('TaskFailedToStart');
    const starts = taskChanges(sim).filter((e) => e.lastStatus === 'PROVISIONING' && e.desiredStatus === 'RUNNING').map((e) => e.t);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(900 + 30);
    expect(serviceEvents(sim, 'app')).toContain('(service app) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.');

    sim.act('UpdateService', { service: 'app', taskDefinition: 'app:2' });
    const t0 = sim.t;
    sim.runUntil(t0 + 60);
    expect(runningOf(sim, 'app').some((t) => t.taskDefinition === 'app:2')).toBe(true);
  });

  it('with ECS_IMAGE_PULL_BEHAVIOR=default a cached image keeps tasks starting when the registry has lost the tag', () => {
    const sim = makeSim({ cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a' }] },
      taskDefinitions: [ec2TaskDef('app', 256, 256), ec2TaskDef('app', 256, 256, { sim: { imageExists: false } })] });
    sim.act('RunTask', { taskDefinition: 'app:1' });
    sim.runUntil(60);
    sim.act('RunTask', { taskDefinition: 'app:2' });
    sim.runUntil(120);
    expect(runningOf(sim)).toHaveLength(2);
  });
});
