/**
 * Blue/green: CodeDeploy (§4.1, the predefined configuration table and custom configurations) and
 * ECS-native BLUE_GREEN, LINEAR and CANARY (§4.2 and worked example 28).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { loadCoreModule } from '../../src/core/load-node';
import { createCore } from '../../src/core/core';
import { capacityFor } from '../../src/sim/core-capacity';
import { Simulation } from '../../src/sim/engine';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { isHealthy, serviceTasks } from '../../src/sim/services';
import { CODEDEPLOY_PREDEFINED, codeDeployPlan, deploymentInProgress, nativePlan } from '../../src/sim/deployments';
import { CODEDEPLOY_EVENTS, NATIVE_STAGES } from '../../src/sim/deployments/types';
import type { Service } from '../../src/sim/model';
import type { SimEvent, TrafficShift } from '../../src/sim/events';
import { buildSim } from '../support/sim';

let mod: WebAssembly.Module;
beforeAll(async () => { mod = await loadCoreModule(); });

type Doc = Record<string, unknown>;

const build = (doc: Doc): Simulation => buildSim(doc, { maxEvents: 200_000 });

interface Opts { controller?: 'ECS' | 'CODE_DEPLOY'; dc?: Doc; codeDeploy?: Doc; sims?: Doc[]; lb?: boolean; test?: boolean; desired?: number; traffic?: number; extra?: Doc }

function scenario(o: Opts): Doc {
  const sims = o.sims ?? [{}, {}];
  const adv: Doc = { alternateTargetGroupName: 'green-tg' };
  if (o.test) adv.testListenerRule = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/alb/1/8080/1';
  return {
    schemaVersion: 1, seed: 5, durationSeconds: 7200,
    cluster: { clusterName: 'lab', availabilityZones: ['us-east-1a', 'us-east-1b'], containerInstances: [] },
    taskDefinitions: sims.map((s, i) => ({
      family: 'web', cpu: '512', memory: '1024', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [{ name: 'app', image: `web:${i}`, essential: true, portMappings: [{ containerPort: 8080 }] }],
      sim: { imageSizeMiB: 100, appStartSeconds: 4, ...s },
    })),
    loadBalancers: o.lb === false ? [] : [{ name: 'alb', type: 'application', targetGroups: ['blue-tg', 'green-tg'].map((n) => ({ targetGroupName: n, deregistrationDelaySeconds: 10, healthCheck: { intervalSeconds: 10, healthyThresholdCount: 2, unhealthyThresholdCount: 2 } })) }],
    services: [{
      serviceName: 'web', taskDefinition: 'web:1', desiredCount: o.desired ?? 4, launchType: 'FARGATE', healthCheckGracePeriodSeconds: 10,
      ...(o.lb === false ? {} : { loadBalancers: [{ targetGroupName: 'blue-tg', containerName: 'app', containerPort: 8080, advancedConfiguration: adv }] }),
      ...(o.controller ? { deploymentController: { type: o.controller } } : {}),
      ...(o.dc ? { deploymentConfiguration: o.dc } : {}),
    }],
    ...(o.codeDeploy ? { codeDeploy: [{ service: 'web', ...o.codeDeploy }] } : {}),
    traffic: [{ at: 0, target: 'web', requestsPerSecond: o.traffic ?? 200 }],
    ...o.extra,
  };
}

const events = <T extends SimEvent['type']>(sim: Simulation, type: T) => sim.events.filter((e) => e.type === type) as Extract<SimEvent, { type: T }>[];

function steady(sim: Simulation, svc: Service): void {
  while (sim.t < 600 && !(svc.steady && svc.deployments[0]!.rolloutState === 'COMPLETED')) sim.step();
  expect(svc.steady).toBe(true);
}

/** The production traffic timeline of the deployment of `rev`: [seconds since the first shift, percent on green]. */
function timeline(shifts: TrafficShift[], rev: string): [number, number][] {
  const mine = shifts.filter((s) => s.byRevision && rev in s.byRevision && s.byRevision[rev]! > 0);
  const t0 = mine[0]!.t;
  return mine.map((s) => [s.t - t0, s.byRevision![rev]!]);
}

function runUntilDone(sim: Simulation, svc: Service, limit: number): void {
  sim.step();
  while (sim.t < limit && svc.blueGreen) sim.step();
}

describe('§4.1 CodeDeploy predefined configurations', () => {
  const expected: Record<string, [number, number][]> = {
    'CodeDeployDefault.ECSAllAtOnce': [[0, 100]],
    'CodeDeployDefault.ECSLinear10PercentEvery1Minutes': Array.from({ length: 10 }, (_, i) => [i * 60, (i + 1) * 10] as [number, number]),
    'CodeDeployDefault.ECSLinear10PercentEvery3Minutes': Array.from({ length: 10 }, (_, i) => [i * 180, (i + 1) * 10] as [number, number]),
    'CodeDeployDefault.ECSCanary10Percent5Minutes': [[0, 10], [300, 100]],
    'CodeDeployDefault.ECSCanary10Percent15Minutes': [[0, 10], [900, 100]],
  };

  it('the table: each configuration is the documented plan', () => {
    expect(Object.keys(CODEDEPLOY_PREDEFINED).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, steps] of Object.entries(expected)) {
      expect(codeDeployPlan(CODEDEPLOY_PREDEFINED[name]!).map((s) => [s.atSeconds, s.greenPercent])).toEqual(steps);
    }
  });

  for (const [name, steps] of Object.entries(expected)) {
    it(`${name}: a deployment shifts production traffic on that timeline, then terminates the original task set`, () => {
      const sim = build(scenario({ controller: 'CODE_DEPLOY', codeDeploy: { deploymentConfigName: name, terminationWaitTimeInMinutes: 2 } }));
      const svc = sim.services.get('web')!;
      steady(sim, svc);
      const r = sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2' });
      expect(r.ok).toBe(true);
      let greenShare = 0;
      sim.step();
      while (sim.t < 4000 && svc.blueGreen) {
        sim.step();
        // The load balancer really splits by the weights: green's tasks serve the green share.
        const green = serviceTasks(sim, svc).filter((t) => t.taskDefinition === 'web:2').reduce((s, t) => s + t.requestsPerSecond, 0);
        if (svc.blueGreen?.greenPercent === 10) greenShare = green / 200;
      }
      expect(timeline(events(sim, 'TrafficShift'), 'web:2')).toEqual(steps);
      if (steps[0]![1] === 10) expect(greenShare).toBeCloseTo(0.1, 5);
      const shiftEnd = events(sim, 'TrafficShift').filter((s) => s.byRevision?.['web:2'] === 100)[0]!.t;
      const blueStopped = events(sim, 'TaskStateChange').filter((e) => e.taskDefinition === 'web:1' && e.lastStatus === 'DEACTIVATING');
      expect(blueStopped.length).toBe(4);
      expect(Math.min(...blueStopped.map((e) => e.t))).toBeGreaterThanOrEqual(shiftEnd + 120);
      expect(svc.deployments.map((d) => [d.taskDefinition, d.status, d.rolloutState])).toEqual([['web:2', 'PRIMARY', 'COMPLETED']]);
      expect(svc.trafficWeights).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
    });
  }

  it('a custom configuration (CreateDeploymentConfig, TimeBasedLinear 25 % every 2 minutes) gives its own timeline', () => {
    const sim = build(scenario({ controller: 'CODE_DEPLOY', codeDeploy: { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce', terminationWaitTimeInMinutes: 0 } }));
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    expect(sim.act('CreateDeploymentConfig', { deploymentConfigName: 'Linear25Every2', computePlatform: 'ECS', trafficRoutingConfig: { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 25, linearInterval: 2 } } }).ok).toBe(true);
    expect(sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2', deploymentConfigName: 'Linear25Every2' }).ok).toBe(true);
    runUntilDone(sim, svc, 3000);
    expect(timeline(events(sim, 'TrafficShift'), 'web:2')).toEqual([[0, 25], [120, 50], [240, 75], [360, 100]]);
  });

  it('custom canary from the scenario (codeDeployDeploymentConfigs): 20 % for 7 minutes', () => {
    const sim = build(scenario({ controller: 'CODE_DEPLOY', codeDeploy: { deploymentConfigName: 'Canary20', terminationWaitTimeInMinutes: 0 },
      extra: { codeDeployDeploymentConfigs: [{ deploymentConfigName: 'Canary20', computePlatform: 'ECS', trafficRoutingConfig: { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 20, canaryInterval: 7 } } }] } }));
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2' });
    runUntilDone(sim, svc, 3000);
    expect(timeline(events(sim, 'TrafficShift'), 'web:2')).toEqual([[0, 20], [420, 100]]);
  });
});

describe('§4.1 CodeDeploy mechanics', () => {
  it('lifecycle events run in order, the test listener moves to green, hooks run, and a second deployment uses the other target group', () => {
    const sim = build(scenario({ controller: 'CODE_DEPLOY', codeDeploy: { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce', terminationWaitTimeInMinutes: 1,
      testTrafficRoute: { listenerArns: ['arn:test'] },
      hooks: [{ AfterAllowTestTraffic: 'validate', sim: { durationSeconds: 40, result: 'TEST_GREEN' } }, { BeforeInstall: 'prepare' }] } }));
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2' });
    runUntilDone(sim, svc, 3000);
    const msgs = events(sim, 'ServiceEvent').map((e) => e.message);
    const order = msgs.map((m) => /lifecycle event (\w+) in progress/.exec(m)?.[1]).filter(Boolean);
    expect(order).toEqual([...CODEDEPLOY_EVENTS]);
    expect(msgs.some((m) => m.includes('test listener now routes to the green revision (target group green-tg)'))).toBe(true);
    expect(msgs.some((m) => m.includes('lifecycle hook validate at AfterAllowTestTraffic succeeded'))).toBe(true);
    expect(msgs.some((m) => m.includes('lifecycle hook prepare at BeforeInstall succeeded'))).toBe(true);
    // The next deployment's replacement task set goes to the other target group.
    sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:1' });
    sim.runUntil(sim.t + 120);
    const green = serviceTasks(sim, svc).filter((t) => t.deploymentId === svc.blueGreen!.greenId);
    expect(green.length).toBeGreaterThan(0);
    expect(green.every((t) => t.targetGroupNames[0] === 'blue-tg')).toBe(true);
  });

  it('a failing hook stops the deployment before production traffic moves; the original task set keeps serving', () => {
    const sim = build(scenario({ controller: 'CODE_DEPLOY', codeDeploy: { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce', hooks: [{ BeforeAllowTraffic: 'smoke-test', sim: { durationSeconds: 20, result: 'FAILED' } }] } }));
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2' });
    let leastBlue = Infinity;
    sim.step();
    while (sim.t < 2000 && svc.blueGreen) { sim.step(); leastBlue = Math.min(leastBlue, serviceTasks(sim, svc).filter((t) => t.taskDefinition === 'web:1' && isHealthy(t)).length); }
    expect(events(sim, 'TrafficShift').every((s) => (s.byRevision?.['web:2'] ?? 0) === 0)).toBe(true);
    const failed = events(sim, 'DeploymentStateChange').find((e) => e.eventName === 'SERVICE_DEPLOYMENT_FAILED')!;
    expect(failed.reason).toContain('smoke-test returned FAILED at BeforeAllowTraffic');
    expect(leastBlue).toBe(4);
    expect(serviceTasks(sim, svc).every((t) => t.taskDefinition === 'web:1')).toBe(true);
    expect(svc.deployments.map((d) => d.taskDefinition)).toEqual(['web:1']);
  });

  it('a release that never becomes healthy fails Install after 3600 s; production traffic never moves', () => {
    const sim = build(scenario({ controller: 'CODE_DEPLOY', sims: [{}, { healthy: false }], codeDeploy: { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' } }));
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    const start = sim.t;
    sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2' });
    runUntilDone(sim, svc, 5000);
    const failed = events(sim, 'DeploymentStateChange').find((e) => e.eventName === 'SERVICE_DEPLOYMENT_FAILED')!;
    expect(failed.t - start).toBeGreaterThan(3600);
    expect(failed.t - start).toBeLessThanOrEqual(3602);
    expect(failed.reason).toContain('Install timed out after 3600 s');
    expect(events(sim, 'TrafficShift').every((s) => (s.byRevision?.['web:2'] ?? 0) === 0)).toBe(true);
  });

  it('API rules: UpdateService cannot change the revision of a CODE_DEPLOY service; one deployment at a time; configurations must exist', () => {
    const sim = build(scenario({ controller: 'CODE_DEPLOY', codeDeploy: { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' } }));
    const up = sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    expect(up.ok).toBe(false);
    if (!up.ok) expect(up.error.message).toContain('Use AWS CodeDeploy to trigger a new deployment');
    expect(sim.act('UpdateService', { service: 'web', desiredCount: 5 }).ok).toBe(true);
    const bad = sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2', deploymentConfigName: 'Nope' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('deploymentConfigName');
    expect(sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2' }).ok).toBe(true);
    const again = sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toContain('DeploymentLimitExceededException');
    const ecs = build(scenario({ dc: { strategy: 'ROLLING' } }));
    const notCd = ecs.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2' });
    expect(notCd.ok).toBe(false);
  });

  it('a scaling event during traffic shifting must settle within 5 minutes, or the deployment fails (§4.1)', () => {
    // EC2 capacity for exactly eight tasks: four blue and four green. Scaling to 6 cannot be placed.
    const doc = scenario({ controller: 'CODE_DEPLOY', codeDeploy: { deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes', terminationWaitTimeInMinutes: 0 } });
    (doc.cluster as Doc).containerInstances = [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 1 }, { instanceType: 'm5.large', availabilityZone: 'us-east-1b', count: 1 }];
    for (const td of doc.taskDefinitions as Doc[]) { td.requiresCompatibilities = ['EC2']; td.networkMode = 'bridge'; (td.containerDefinitions as Doc[])[0]!.portMappings = [{ containerPort: 8080, hostPort: 0 }]; }
    (doc.services as Doc[])[0]!.launchType = 'EC2';
    const sim = build(doc);
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    sim.act('CreateDeployment', { service: 'web', taskDefinition: 'web:2' });
    while (sim.t < 2000 && !(svc.blueGreen && svc.blueGreen.greenPercent >= 20)) sim.step();
    const scaledAt = sim.t;
    expect(deploymentInProgress(svc)).toBe(true);
    sim.act('UpdateService', { service: 'web', desiredCount: 6 });
    runUntilDone(sim, svc, 4000);
    const failed = events(sim, 'DeploymentStateChange').find((e) => e.eventName === 'SERVICE_DEPLOYMENT_FAILED')!;
    expect(failed.reason).toContain('within 5 minutes of a scaling event');
    expect(failed.t - scaledAt).toBeGreaterThan(300);
    expect(failed.t - scaledAt).toBeLessThanOrEqual(302);
    expect(svc.trafficWeights).toEqual({ 'blue-tg': 100, 'green-tg': 0 });
  });
});

describe('§4.2 ECS-native strategies', () => {
  it('plans from the API defaults: LINEAR 10 % every 6 minutes, CANARY 5 % for 10 minutes, BLUE_GREEN all at once', () => {
    const base = { linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 6 }, canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 10 } };
    expect(nativePlan({ ...base, strategy: 'LINEAR' }).map((s) => [s.atSeconds, s.greenPercent])).toEqual(Array.from({ length: 10 }, (_, i) => [i * 360, (i + 1) * 10]));
    expect(nativePlan({ ...base, strategy: 'CANARY' }).map((s) => [s.atSeconds, s.greenPercent])).toEqual([[0, 5], [600, 100]]);
    expect(nativePlan({ ...base, strategy: 'BLUE_GREEN' }).map((s) => [s.atSeconds, s.greenPercent])).toEqual([[0, 100]]);
    // A step that does not divide 100: 30, 60, 90, 100 (no step bake after 100 %).
    expect(nativePlan({ ...base, strategy: 'LINEAR', linearConfiguration: { stepPercent: 30, stepBakeTimeInMinutes: 2 } }).map((s) => [s.atSeconds, s.greenPercent])).toEqual([[0, 30], [120, 60], [240, 90], [360, 100]]);
  });

  it('worked example 28: LINEAR with defaults shifts 10 % steps with a 6-minute bake after each but the last (54 min), then bakeTimeInMinutes before clean-up', () => {
    const sim = build(scenario({ dc: { strategy: 'LINEAR', bakeTimeInMinutes: 7, linearConfiguration: {} } }));
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    runUntilDone(sim, svc, 8000);
    const tl = timeline(events(sim, 'TrafficShift'), 'web:2');
    expect(tl).toEqual(Array.from({ length: 10 }, (_, i) => [i * 360, (i + 1) * 10]));
    expect(tl[tl.length - 1]![0]).toBe(54 * 60);
    const lastShift = events(sim, 'TrafficShift').filter((s) => s.byRevision?.['web:2'] === 100)[0]!.t;
    const cleanup = events(sim, 'ServiceEvent').find((e) => e.message.includes('entered lifecycle stage CLEAN_UP'))!.t;
    expect(cleanup - lastShift).toBe(7 * 60);
    expect(svc.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([['web:2', 'COMPLETED']]);
  });

  it('worked example 28: CANARY with defaults sends 5 % for 10 minutes, then 100 %', () => {
    const sim = build(scenario({ dc: { strategy: 'CANARY', canaryConfiguration: {} } }));
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    runUntilDone(sim, svc, 4000);
    expect(timeline(events(sim, 'TrafficShift'), 'web:2')).toEqual([[0, 5], [600, 100]]);
  });

  it('BLUE_GREEN walks the lifecycle stages in order, both revisions run until CLEAN_UP (2× tasks), and production moves at once', () => {
    const sim = build(scenario({ test: true, dc: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 3,
      lifecycleHooks: [{ hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:check', lifecycleStages: ['POST_SCALE_UP', 'PRE_PRODUCTION_TRAFFIC_SHIFT'], sim: { durationSeconds: 10 } }] } }));
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    let most = 0;
    sim.step();
    while (sim.t < 3000 && svc.blueGreen) { sim.step(); most = Math.max(most, serviceTasks(sim, svc).filter((t) => t.desiredStatus === 'RUNNING').length); }
    const stages = events(sim, 'ServiceEvent').map((e) => /entered lifecycle stage (\w+)/.exec(e.message)?.[1]).filter(Boolean);
    expect(stages).toEqual([...NATIVE_STAGES]);
    expect(most).toBe(8);
    expect(timeline(events(sim, 'TrafficShift'), 'web:2')).toEqual([[0, 100]]);
    const msgs = events(sim, 'ServiceEvent').map((e) => e.message);
    expect(msgs.filter((m) => m.includes('lifecycle hook arn:aws:lambda:us-east-1:123456789012:function:check at') && m.endsWith('succeeded.')).length).toBe(2);
    expect(msgs.some((m) => m.includes('test listener now routes to the green revision'))).toBe(true);
    expect(svc.deployment!.productionSide).toBe('alternate');
  });

  it('API rules: BLUE_GREEN needs bakeTimeInMinutes; LINEAR steps are 3.0–100.0; blue/green strategies need the alternate target group', () => {
    const sim = build(scenario({}));
    const noBake = sim.act('UpdateService', { service: 'web', deploymentConfiguration: { strategy: 'BLUE_GREEN' } });
    expect(noBake.ok).toBe(false);
    if (!noBake.ok) expect(noBake.error.field).toBe('deploymentConfiguration.bakeTimeInMinutes');
    const step = sim.act('UpdateService', { service: 'web', deploymentConfiguration: { strategy: 'LINEAR', linearConfiguration: { stepPercent: 2 } } });
    expect(step.ok).toBe(false);
    if (!step.ok) expect(step.error.field).toBe('deploymentConfiguration.linearConfiguration.stepPercent');
    const doc = scenario({ dc: { strategy: 'CANARY' } });
    delete ((doc.services as Doc[])[0]!.loadBalancers as Doc[])[0]!.advancedConfiguration;
    const p = parseScenarioObject(doc);
    const r = p.ok ? Simulation.fromScenario(p.scenario, createCore(mod, capacityFor(p.scenario))) : null;
    expect(r && !r.ok && r.error.field).toBe('services[0].loadBalancers[0].advancedConfiguration.alternateTargetGroupName');
  });

  it('without a load balancer a test hook is the only guard: a broken green fails TEST_GREEN and is rolled back', () => {
    const sim = build(scenario({ lb: false, sims: [{}, { healthy: false }], dc: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1,
      lifecycleHooks: [{ hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:smoke', lifecycleStages: ['POST_SCALE_UP'], sim: { durationSeconds: 15, result: 'TEST_GREEN' } }] } }));
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    runUntilDone(sim, svc, 2000);
    const failed = events(sim, 'DeploymentStateChange').find((e) => e.eventName === 'SERVICE_DEPLOYMENT_FAILED')!;
    expect(failed.reason).toContain('test requests to the green revision failed (4 of 4 tasks did not answer)');
    expect(serviceTasks(sim, svc).every((t) => t.taskDefinition === 'web:1')).toBe(true);
  });

  it('scale-out during a LINEAR deployment grows both revisions; the run carries on', () => {
    const sim = build(scenario({ dc: { strategy: 'LINEAR', bakeTimeInMinutes: 0, linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 3 } } }));
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    while (sim.t < 2000 && !(svc.blueGreen && svc.blueGreen.greenPercent === 50)) sim.step();
    expect(deploymentInProgress(svc)).toBe(true);
    sim.act('UpdateService', { service: 'web', desiredCount: 6 });
    sim.runUntil(sim.t + 100);
    const count = (rev: string) => serviceTasks(sim, svc).filter((t) => t.taskDefinition === rev && isHealthy(t)).length;
    expect([count('web:1'), count('web:2')]).toEqual([6, 6]);
    runUntilDone(sim, svc, 3000);
    expect(serviceTasks(sim, svc).filter(isHealthy).map((t) => t.taskDefinition)).toEqual(Array(6).fill('web:2'));
    expect(deploymentInProgress(svc)).toBe(false);
  });

  it('a new revision during a run supersedes the green in progress: traffic returns to blue, then the newer green rolls out', () => {
    const doc = scenario({ sims: [{}, {}, {}], dc: { strategy: 'CANARY', bakeTimeInMinutes: 0, canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 5 } } });
    const sim = build(doc);
    const svc = sim.services.get('web')!;
    steady(sim, svc);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    while (sim.t < 2000 && !(svc.blueGreen && svc.blueGreen.greenPercent === 20)) sim.step();
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:3' });
    expect(svc.trafficWeights).toEqual({ 'blue-tg': 100, 'green-tg': 0 });
    runUntilDone(sim, svc, 4000);
    expect(svc.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([['web:3', 'COMPLETED']]);
    expect(events(sim, 'DeploymentStateChange').filter((e) => e.taskDefinition === 'web:2').map((e) => e.eventName)).toEqual(['SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_FAILED']);
  });
});
