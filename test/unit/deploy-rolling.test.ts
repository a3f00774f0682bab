/**
 * Rolling updates (§3.1–§3.3, §2.4, §12) and the reference's worked examples 1, 2, 4, 16, 17 and 18.
 */
import { describe, it, expect } from 'vitest';
import { Simulation } from '../../src/sim/engine';
import { isHealthy, serviceTasks } from '../../src/sim/services';
import { stopTask } from '../../src/sim/tasks';
import { breakerThreshold, deploymentInProgress, rollingBounds } from '../../src/sim/deployments';
import { resetOnHealthy } from '../../src/sim/deployments/breaker';
import type { Service, Task } from '../../src/sim/model';
import type { DeploymentStateChange, ServiceEvent, SimEvent } from '../../src/sim/events';
import { serviceMetrics } from '../../src/sim/metrics';
import { buildSim } from '../support/sim';


type Doc = Record<string, unknown>;

const build = (doc: Doc): Simulation => buildSim(doc);

function td(tag: string, sim: Doc = {}, extra: Doc = {}): Doc {
  return {
    family: 'web', cpu: '512', memory: '1024', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE', 'EC2'],
    containerDefinitions: [{ name: 'app', image: `web:${tag}`, essential: true, portMappings: [{ containerPort: 8080 }], ...extra }],
    sim: { imageSizeMiB: 100, appStartSeconds: 5, ...sim },
  };
}

interface Opts { desired?: number; dc?: Doc; lb?: boolean; sims?: Doc[]; grace?: number; traffic?: number; hc?: Doc; containerExtra?: Doc; service?: Doc }

function webScenario(o: Opts = {}): Doc {
  const sims = o.sims ?? [{}, {}];
  return {
    schemaVersion: 1, seed: 3, durationSeconds: 3600,
    cluster: { clusterName: 'lab', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], containerInstances: [] },
    taskDefinitions: sims.map((s, i) => td(`1.${i}`, s, o.containerExtra)),
    loadBalancers: o.lb === false ? [] : [{ name: 'alb', type: 'application', targetGroups: [{ targetGroupName: 'web-tg', deregistrationDelaySeconds: 20, healthCheck: o.hc ?? { intervalSeconds: 10, healthyThresholdCount: 2, unhealthyThresholdCount: 2 } }] }],
    services: [{
      serviceName: 'web', taskDefinition: 'web:1', desiredCount: o.desired ?? 4, launchType: 'FARGATE',
      ...(o.lb === false ? {} : { loadBalancers: [{ targetGroupName: 'web-tg', containerName: 'app', containerPort: 8080 }] }),
      healthCheckGracePeriodSeconds: o.grace ?? 10,
      ...(o.dc ? { deploymentConfiguration: o.dc } : {}),
      ...o.service,
    }],
    traffic: o.traffic ? [{ at: 0, target: 'web', requestsPerSecond: o.traffic }] : [],
  };
}

const ACTIVE = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING']);
/** RUNNING and PENDING tasks as the current API counts them toward maximumPercent (§3.1). */
function counted(sim: Simulation, svc: Service): number {
  return serviceTasks(sim, svc).filter((t) => t.desiredStatus === 'RUNNING' && ACTIVE.has(t.lastStatus)).length;
}
function healthy(sim: Simulation, svc: Service): number {
  return serviceTasks(sim, svc).filter(isHealthy).length;
}
function settle(sim: Simulation, svc: Service, limit = 600): void {
  while (sim.t < limit && !(svc.steady && svc.deployments[0]!.rolloutState === 'COMPLETED')) sim.step();
  expect(svc.steady).toBe(true);
}
const events = <T extends SimEvent['type']>(sim: Simulation, type: T) => sim.events.filter((e) => e.type === type) as Extract<SimEvent, { type: T }>[];

describe('§3.1 bounds and rounding', () => {
  it('reference worked values: min rounds up, max rounds down', () => {
    expect(rollingBounds(4, 50, 200)).toEqual({ maxTotal: 8, minHealthy: 2 }); // 2 old may stop first
    expect(rollingBounds(2, 75, 200).minHealthy).toBe(2); // ceil(1.5): nothing may stop first
    expect(rollingBounds(4, 100, 200).maxTotal).toBe(8); // 4 new may start before the old stop
    expect(rollingBounds(3, 100, 125).maxTotal).toBe(3); // floor(3.75): nothing may start first
  });
});

describe('worked example 1: rolling update bounds', () => {
  it('desired 4, min 50, max 200: at most 8 tasks, at least 2 healthy, completes with 4 new tasks and a steady state', () => {
    const sim = build(webScenario({ desired: 4, dc: { minimumHealthyPercent: 50, maximumPercent: 200 }, traffic: 200 }));
    const svc = sim.services.get('web')!;
    settle(sim, svc);
    const start = sim.t;
    expect(sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' }).ok).toBe(true);
    let most = 0;
    let least = Infinity;
    while (sim.t < start + 900 && !(svc.steady && svc.deployments[0]!.taskDefinition === 'web:2')) {
      sim.step();
      most = Math.max(most, counted(sim, svc));
      least = Math.min(least, healthy(sim, svc));
    }
    expect(most).toBeLessThanOrEqual(8);
    expect(most).toBeGreaterThanOrEqual(6); // it does use the room: 4 new beside the 2 kept
    expect(least).toBeGreaterThanOrEqual(2);
    const live = serviceTasks(sim, svc).filter((t) => t.desiredStatus === 'RUNNING');
    expect(live.map((t) => t.taskDefinition)).toEqual(['web:2', 'web:2', 'web:2', 'web:2']);
    expect(svc.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([['web:2', 'COMPLETED']]);
    const steady = events(sim, 'ServiceEvent').filter((e) => e.t > start && e.message === '(service web) has reached a steady state.');
    expect(steady.length).toBe(1);
    expect(deploymentInProgress(svc)).toBe(false);
  });
});

describe('worked example 2: min rounds up', () => {
  it('desired 2, min 75: no old task stops before a new one counts healthy; up to 4 tasks at once', () => {
    const sim = build(webScenario({ desired: 2, dc: { minimumHealthyPercent: 75, maximumPercent: 200 } }));
    const svc = sim.services.get('web')!;
    settle(sim, svc);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    let most = 0;
    let firstOldStop: number | null = null;
    let firstNewHealthy: number | null = null;
    while (sim.t < 1200 && !(svc.steady && svc.deployments[0]!.taskDefinition === 'web:2')) {
      expect(deploymentInProgress(svc)).toBe(true);
      sim.step();
      most = Math.max(most, counted(sim, svc));
      const tasks = serviceTasks(sim, svc);
      if (firstOldStop === null && tasks.some((t) => t.taskDefinition === 'web:1' && t.desiredStatus === 'STOPPED')) firstOldStop = sim.t;
      if (firstNewHealthy === null && tasks.some((t) => t.taskDefinition === 'web:2' && isHealthy(t))) firstNewHealthy = sim.t;
    }
    expect(most).toBe(4);
    expect(firstNewHealthy).not.toBeNull();
    expect(firstOldStop!).toBeGreaterThanOrEqual(firstNewHealthy!);
    expect(healthy(sim, svc)).toBe(2);
  });
});

describe('worked example 4: defaults', () => {
  it('a REPLICA service without deploymentConfiguration gets 100 / 200', () => {
    const sim = build(webScenario({}));
    const svc = sim.services.get('web')!;
    expect([svc.minimumHealthyPercent, svc.maximumPercent]).toEqual([100, 200]);
    expect(svc.deployment!.strategy).toBe('ROLLING');
    expect(svc.deployment!.controller).toBe('ECS');
  });

  it('a DAEMON service gets 0 / 100, and a DAEMON request with maximumPercent other than 100 is rejected', () => {
    const doc = webScenario({ lb: false });
    (doc.cluster as Doc).containerInstances = [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 2 }];
    doc.taskDefinitions = [{ family: 'agent', networkMode: 'bridge', requiresCompatibilities: ['EC2'],
      containerDefinitions: [{ name: 'agent', image: 'agent:1', essential: true, cpu: 128, memory: 128 }] }];
    (doc.services as Doc[])[0] = { serviceName: 'agent', taskDefinition: 'agent:1', schedulingStrategy: 'DAEMON', launchType: 'EC2' };
    const sim = build(doc);
    const agent = sim.services.get('agent')!;
    expect([agent.minimumHealthyPercent, agent.maximumPercent]).toEqual([0, 100]);
    const r = sim.act('CreateService', { serviceName: 'agent2', taskDefinition: 'agent:1', schedulingStrategy: 'DAEMON', launchType: 'EC2', deploymentConfiguration: { maximumPercent: 150 } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('deploymentConfiguration.maximumPercent');
      expect(r.error.value).toBe(150);
    }
  });

  it('rejects percents outside the API ranges, naming the field', () => {
    const sim = build(webScenario({}));
    const bad = sim.act('UpdateService', { service: 'web', deploymentConfiguration: { minimumHealthyPercent: 150 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('deploymentConfiguration.minimumHealthyPercent');
  });
});

describe('stuck configuration (§3.1)', () => {
  it('desired 3, min 100, max 125: neither a stop nor a start is allowed; the service says so once and keeps its old tasks', () => {
    const sim = build(webScenario({ desired: 3, dc: { minimumHealthyPercent: 100, maximumPercent: 125 } }));
    const svc = sim.services.get('web')!;
    settle(sim, svc);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    sim.runUntil(sim.t + 600);
    const stuck = events(sim, 'ServiceEvent').filter((e) => e.message.includes('was unable to stop or start tasks during a deployment because of the service deployment configuration'));
    expect(stuck.length).toBe(1);
    expect(svc.deployments[0]!.rolloutState).toBe('IN_PROGRESS');
    expect(serviceTasks(sim, svc).filter(isHealthy).map((t) => t.taskDefinition)).toEqual(['web:1', 'web:1', 'web:1']);
  });
});

describe('deployment circuit breaker (§3.3)', () => {
  it('threshold: half the desired count, clamped 3..200, and the configurable types', () => {
    expect(breakerThreshold(1)).toBe(3);
    expect(breakerThreshold(25)).toBe(13);
    expect(breakerThreshold(400)).toBe(200);
    expect(breakerThreshold(800)).toBe(200);
    expect(breakerThreshold(800, { type: 'UNBOUNDED_PERCENT', value: 50 })).toBe(400);
    expect(breakerThreshold(10, { type: 'COUNT', value: 7 })).toBe(7);
    expect(breakerThreshold(10, { type: 'BOUNDED_PERCENT', value: 100 })).toBe(10);
  });

  it('stage 2: a release that fails ELB health checks trips the breaker and rolls back to the last COMPLETED deployment', () => {
    const sim = build(webScenario({ desired: 4, sims: [{}, { healthy: false }], dc: { minimumHealthyPercent: 50, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } }, traffic: 100 }));
    const svc = sim.services.get('web')!;
    settle(sim, svc);
    const good = svc.deployments[0]!.id;
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    let least = Infinity;
    while (sim.t < 1500) { sim.step(); least = Math.min(least, healthy(sim, svc)); if (svc.steady && svc.deployments[0]!.rollbackOf) break; }
    const changes = events(sim, 'DeploymentStateChange');
    const failed = changes.find((e) => e.eventName === 'SERVICE_DEPLOYMENT_FAILED')!;
    expect(failed.taskDefinition).toBe('web:2');
    expect(failed.reason).toContain('circuit breaker');
    const rollback = changes.filter((e) => e.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS' && e.t >= failed.t)[0]!;
    expect(rollback.taskDefinition).toBe('web:1');
    expect(rollback.reason).toContain(`Rolling back to deployment ${good}`);
    expect(least).toBeGreaterThanOrEqual(2); // min-healthy held all along
    expect(serviceTasks(sim, svc).filter((t) => t.desiredStatus === 'RUNNING').every((t) => t.taskDefinition === 'web:1')).toBe(true);
    expect(svc.deployments[0]!.rolloutState).toBe('COMPLETED');
    // The failure count reached the threshold (3 for desired 4), counting each task once.
    const failedDep = changes.filter((e) => e.eventName === 'SERVICE_DEPLOYMENT_FAILED').length;
    expect(failedDep).toBe(1);
  });

  it('stage 1: tasks that never reach RUNNING count; without rollback the deployment is FAILED and launches nothing more', () => {
    const sim = build(webScenario({ desired: 2, sims: [{}, { imageExists: false }], dc: { deploymentCircuitBreaker: { enable: true, rollback: false } } }));
    const svc = sim.services.get('web')!;
    settle(sim, svc);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    sim.runUntil(sim.t + 1800);
    const dep = svc.deployments[0]!;
    expect(dep.taskDefinition).toBe('web:2');
    expect(dep.rolloutState).toBe('FAILED');
    expect(dep.rolloutStateReason).toContain('tasks failed to start');
    expect(dep.failedTasks).toBe(3);
    const launchedAfter = events(sim, 'TaskStateChange').filter((e) => e.taskDefinition === 'web:2' && e.lastStatus === 'PROVISIONING' && e.t > dep.updatedAt);
    expect(launchedAfter).toEqual([]);
    // The old revision keeps serving.
    expect(serviceTasks(sim, svc).filter(isHealthy).map((t) => t.taskDefinition)).toEqual(['web:1', 'web:1']);
  });

  it('resetOnHealthyTask: a task of the deployment turning healthy resets the count (consecutive failures)', () => {
    const sim = build(webScenario({}));
    const svc = sim.services.get('web')!;
    const d = svc.deployments[0]!;
    d.failedTasks = 2;
    const t = { deploymentId: d.id, healthyAt: 5, unhealthyReason: null } as unknown as Task;
    resetOnHealthy(svc, d, [t], 10);
    expect(d.failedTasks).toBe(0);
    d.failedTasks = 2;
    svc.deployment!.resetOnHealthyTask = false;
    resetOnHealthy(svc, d, [{ ...t, healthyAt: 15 } as Task], 20);
    expect(d.failedTasks).toBe(2);
  });
});

describe('unhealthy task replacement (§3.1, 2024+)', () => {
  function run(maxPct: number): { replacementAt: number; stopAt: number } {
    const sim = build(webScenario({ desired: 3, dc: { minimumHealthyPercent: 100, maximumPercent: maxPct }, traffic: 60 }));
    const svc = sim.services.get('web')!;
    settle(sim, svc);
    const victim = serviceTasks(sim, svc)[0]!;
    victim.appReadyAt = Number.MAX_SAFE_INTEGER; // this task's app stops answering
    const before = new Set(serviceTasks(sim, svc).map((t) => t.taskId));
    let replacementAt = Infinity;
    while (sim.t < 900 && !(victim.desiredStatus === 'STOPPED' && serviceTasks(sim, svc).filter(isHealthy).length === 3)) {
      sim.step();
      if (replacementAt === Infinity && serviceTasks(sim, svc).some((t) => !before.has(t.taskId))) replacementAt = sim.t;
    }
    return { replacementAt, stopAt: victim.stoppingAt! };
  }
  it('with room under maximumPercent the replacement starts first and the unhealthy task stops once it is healthy', () => {
    const r = run(200);
    expect(r.replacementAt).toBeLessThan(r.stopAt);
  });
  it('at maximumPercent 100 the unhealthy task stops first', () => {
    const r = run(100);
    expect(r.stopAt).toBeLessThanOrEqual(r.replacementAt);
  });
});

describe('worked example 16: task health without a load balancer (§2.4)', () => {
  it('no load balancer and no container health check: counts healthy 40 s after RUNNING', () => {
    const sim = build(webScenario({ desired: 1, lb: false }));
    const svc = sim.services.get('web')!;
    let task: Task | undefined;
    let countedAt: number | null = null;
    while (sim.t < 200 && countedAt === null) {
      sim.step();
      task ??= serviceTasks(sim, svc)[0];
      if (task && isHealthy(task)) countedAt = sim.t;
    }
    expect(countedAt! - task!.startedAt!).toBe(40);
  });

  it('with an essential-container health check (interval 30, retries 3): counts at the first HEALTHY result', () => {
    const sim = build(webScenario({ desired: 1, lb: false, containerExtra: { healthCheck: { command: ['CMD-SHELL', 'curl -f localhost:8080'], interval: 30, retries: 3 } } }));
    const svc = sim.services.get('web')!;
    let task: Task | undefined;
    let healthyStatusAt: number | null = null;
    let countedAt: number | null = null;
    while (sim.t < 200 && countedAt === null) {
      sim.step();
      task ??= serviceTasks(sim, svc)[0];
      if (task && healthyStatusAt === null && task.healthStatus === 'HEALTHY') healthyStatusAt = sim.t;
      if (task && isHealthy(task)) countedAt = sim.t;
    }
    expect(countedAt).toBe(healthyStatusAt);
    expect(countedAt! - task!.startedAt!).toBeLessThan(40);
  });
});

describe('worked example 17: ALB health timing (§12)', () => {
  it('default check: unhealthy after 2 failures (about 60 s), healthy again after 5 passes; a new target needs 1 pass', () => {
    // Default target group health check (interval 30, healthy 5, unhealthy 2); a long grace period keeps
    // the scheduler from replacing the task so the target's own transitions can be watched.
    const sim = build(webScenario({ desired: 1, hc: {}, grace: 100_000 }));
    const svc = sim.services.get('web')!;
    const tg = sim.targetGroups.get('web-tg')!;
    let task: Task | undefined;
    while (sim.t < 300 && !(task && tg.targets.find((x) => x.taskSlot === task!.slot)?.state === 'healthy')) { sim.step(); task ??= serviceTasks(sim, svc)[0]; }
    const target = () => tg.targets.find((x) => x.taskSlot === task!.slot)!;
    // A new target became healthy on its first passing check, within one interval of the app answering.
    expect(sim.t - task!.appReadyAt!).toBeLessThanOrEqual(30);
    sim.runUntil(sim.t + 7);
    const failFrom = sim.t;
    task!.appReadyAt = Number.MAX_SAFE_INTEGER; // the app starts failing
    while (target().state !== 'unhealthy') sim.step();
    const down = sim.t - failFrom;
    expect(down).toBeGreaterThan(30);
    expect(down).toBeLessThanOrEqual(60);
    const recoverFrom = sim.t;
    task!.appReadyAt = sim.t; // the app recovers
    while (target().state !== 'healthy') sim.step();
    const up = sim.t - recoverFrom;
    expect(up).toBeGreaterThan(4 * 30);
    expect(up).toBeLessThanOrEqual(5 * 30);
  });
});

describe('worked example 18: deregistration delay (§3.2 step 4, §12)', () => {
  function scaleIn(traffic: number): { draining: number; stopping: number } {
    const sim = build({ ...webScenario({ desired: 2, traffic, hc: { intervalSeconds: 10, healthyThresholdCount: 2, unhealthyThresholdCount: 2 } }) });
    (sim.targetGroups.get('web-tg')!).deregistrationDelaySeconds = 300; // the ALB default
    const svc = sim.services.get('web')!;
    settle(sim, svc);
    sim.act('UpdateService', { service: 'web', desiredCount: 1 });
    sim.runUntil(sim.t + 400);
    const victim = events(sim, 'TaskStateChange').find((e) => e.lastStatus === 'DEACTIVATING')!;
    const steps = events(sim, 'TaskStateChange').filter((e) => e.taskId === victim.taskId);
    const at = (s: string) => steps.find((e) => e.lastStatus === s)!.t;
    return { draining: at('STOPPING') - at('DEACTIVATING'), stopping: at('STOPPED') - at('STOPPING') };
  }
  it('with an open connection the target drains for the full 300 s before SIGTERM', () => {
    const r = scaleIn(50);
    expect(r.draining).toBeGreaterThanOrEqual(300);
    expect(r.draining).toBeLessThanOrEqual(301);
    expect(r.stopping).toBeLessThan(30); // the app exits on SIGTERM
  });
  it('with no open connections draining finishes at once', () => {
    expect(scaleIn(0).draining).toBeLessThanOrEqual(1);
  });
  it('an app that ignores SIGTERM is killed after the default 30 s stopTimeout', () => {
    const sim = build(webScenario({ desired: 1 }));
    const svc = sim.services.get('web')!;
    settle(sim, svc);
    const t = serviceTasks(sim, svc)[0]!;
    const sigterm = sim.t; // no traffic, so deregistration ends at once and SIGTERM follows
    stopTask(sim, t, 'UserInitiated', 'test', { exitsOnSigterm: false });
    sim.runUntil(sim.t + 60);
    const steps = events(sim, 'TaskStateChange').filter((e) => e.taskId === t.taskId);
    const killed = steps.find((e) => e.lastStatus === 'DEPROVISIONING')!.t;
    expect(killed - sigterm).toBeGreaterThanOrEqual(30);
    expect(killed - sigterm).toBeLessThanOrEqual(31);
  });
});

describe('events and metrics of a rolling update', () => {
  it('emits IN_PROGRESS and COMPLETED, TrafficShift by revision, and Metrics with traffic by revision', () => {
    const sim = build(webScenario({ desired: 4, traffic: 400, dc: { minimumHealthyPercent: 50 } }));
    const svc = sim.services.get('web')!;
    settle(sim, svc);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    let mixed: Record<string, number> | undefined;
    for (let k = 0; k < 600; k++) {
      sim.step();
      const m = serviceMetrics(sim, 'web');
      if (!mixed && Object.keys(m.trafficByRevision ?? {}).length === 2) mixed = m.trafficByRevision;
    }
    const dsc = events(sim, 'DeploymentStateChange').filter((e: DeploymentStateChange) => e.taskDefinition === 'web:2').map((e) => e.eventName);
    expect(dsc).toEqual(['SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_COMPLETED']);
    const shifts = events(sim, 'TrafficShift');
    expect(shifts.some((s) => (s.byRevision!['web:1'] ?? 0) > 0 && (s.byRevision!['web:2'] ?? 0) > 0)).toBe(true);
    expect(shifts[shifts.length - 1]!.byRevision).toEqual({ 'web:2': 100 });
    expect(mixed!['web:1']! + mixed!['web:2']!).toBeCloseTo(100, 0);
    expect(serviceMetrics(sim, 'web').tasksByRevision).toEqual({ 'web:2': 4 });
    const messages = events(sim, 'ServiceEvent').map((e: ServiceEvent) => e.message);
    expect(messages.some((x) => x.startsWith('(service web) has begun draining connections on'))).toBe(true);
  });
});
