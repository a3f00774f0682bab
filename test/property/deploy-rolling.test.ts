/**
 * Property (§3.1, §3.2): over random desired counts and percentages, a rolling update never runs
 * more than floor(desired × maximumPercent / 100) tasks (RUNNING and PENDING) nor fewer than
 * ceil(desired × minimumHealthyPercent / 100) healthy ones (§2.4), and it completes, unless the
 * percents allow neither a stop nor a start, in which case the service says so.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { loadCoreModule } from '../../src/core/load-node';
import { createCore } from '../../src/core/core';
import { capacityFor } from '../../src/sim/core-capacity';
import { Simulation } from '../../src/sim/engine';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { isHealthy, serviceTasks } from '../../src/sim/services';
import { rollingBounds } from '../../src/sim/deployments';

let mod: WebAssembly.Module;
beforeAll(async () => { mod = await loadCoreModule(); });

const ACTIVE = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING']);

interface Case { desired: number; min: number; max: number; lb: boolean; launchType: 'FARGATE' | 'EC2'; seed: number; secondUpdateAt: number | null; traffic: number }

function scenario(c: Case): Record<string, unknown> {
  const td = (tag: string) => ({
    family: 'web', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE', 'EC2'],
    containerDefinitions: [{ name: 'app', image: `web:${tag}`, essential: true, portMappings: [{ containerPort: 80 }] }],
    sim: { imageSizeMiB: 80, appStartSeconds: 3 },
  });
  return {
    schemaVersion: 1, seed: c.seed, durationSeconds: 3600,
    cluster: {
      clusterName: 'p', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      containerInstances: c.launchType === 'EC2' ? [{ instanceType: 'm5.4xlarge', availabilityZone: 'us-east-1a', count: 3 }, { instanceType: 'm5.4xlarge', availabilityZone: 'us-east-1b', count: 3 }] : [],
    },
    taskDefinitions: [td('1'), td('2'), td('3')],
    loadBalancers: c.lb ? [{ name: 'alb', type: 'application', targetGroups: [{ targetGroupName: 'tg', deregistrationDelaySeconds: 15, healthCheck: { intervalSeconds: 10, healthyThresholdCount: 2, unhealthyThresholdCount: 2 } }] }] : [],
    services: [{
      serviceName: 'web', taskDefinition: 'web:1', desiredCount: c.desired, launchType: c.launchType,
      ...(c.lb ? { loadBalancers: [{ targetGroupName: 'tg', containerName: 'app', containerPort: 80 }] } : {}),
      deploymentConfiguration: { minimumHealthyPercent: c.min, maximumPercent: c.max },
    }],
    traffic: c.traffic ? [{ at: 0, target: 'web', requestsPerSecond: c.traffic }] : [],
  };
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  desired: fc.integer({ min: 1, max: 10 }),
  min: fc.integer({ min: 0, max: 100 }),
  max: fc.integer({ min: 100, max: 200 }),
  lb: fc.boolean(),
  launchType: fc.constantFrom('FARGATE' as const, 'EC2' as const),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  secondUpdateAt: fc.option(fc.integer({ min: 5, max: 120 }), { nil: null }),
  traffic: fc.constantFrom(0, 100),
});

describe('rolling update bounds (§3.1) over random desired counts and percentages', () => {
  it('never exceeds floor(desired × max%) tasks nor drops below ceil(desired × min%) healthy ones; completes or says it is stuck', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const p = parseScenarioObject(scenario(c));
      if (!p.ok) throw new Error(p.error.message);
      const built = Simulation.fromScenario(p.scenario, createCore(mod, capacityFor(p.scenario)), { metricsInterval: 0, maxEvents: 20_000 });
      if (!built.ok) throw new Error(built.error.message);
      const sim = built.sim;
      const svc = sim.services.get('web')!;
      // Before the update: the service reaches its desired count (creation is not bounded by min-healthy).
      while (sim.t < 600 && !svc.steady) sim.step();
      expect(svc.steady).toBe(true);
      const { maxTotal, minHealthy } = rollingBounds(c.desired, c.min, c.max);
      const start = sim.t;
      sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
      let target = 'web:2';
      const stuck = maxTotal <= c.desired && minHealthy >= c.desired;
      while (sim.t < start + 1800) {
        if (c.secondUpdateAt !== null && sim.t === start + c.secondUpdateAt) { sim.act('UpdateService', { service: 'web', taskDefinition: 'web:3' }); target = 'web:3'; }
        sim.step();
        const tasks = serviceTasks(sim, svc);
        const counted = tasks.filter((t) => t.desiredStatus === 'RUNNING' && ACTIVE.has(t.lastStatus)).length;
        const healthy = tasks.filter(isHealthy).length;
        if (counted > maxTotal) throw new Error(`t=${sim.t}: ${counted} tasks > floor(${c.desired} × ${c.max}%) = ${maxTotal}`);
        if (healthy < minHealthy) throw new Error(`t=${sim.t}: ${healthy} healthy < ceil(${c.desired} × ${c.min}%) = ${minHealthy}`);
        if (!stuck && svc.steady && svc.deployments[0]!.taskDefinition === target && svc.deployments[0]!.rolloutState === 'COMPLETED') break;
      }
      if (stuck) {
        expect(sim.events.some((e) => e.type === 'ServiceEvent' && e.message.includes('was unable to stop or start tasks during a deployment'))).toBe(true);
        expect(svc.deployments[0]!.rolloutState).toBe('IN_PROGRESS');
      } else {
        expect(svc.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([[target, 'COMPLETED']]);
        expect(serviceTasks(sim, svc).filter((t) => t.desiredStatus === 'RUNNING').every((t) => t.taskDefinition === target && isHealthy(t))).toBe(true);
      }
    }), { numRuns: 80 });
  });
});
