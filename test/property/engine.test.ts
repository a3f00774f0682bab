/**
 * Invariants over random clusters and random API calls: no task on two instances, no negative or
 * drifting remaining capacity, counts that add up, the core and the engine agreeing on every
 * task's state, and every task that is told to stop reaching STOPPED.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ec2TaskDef, fargateTaskDef, makeSim } from '../support/sim';
import type { Simulation } from '../../src/sim/engine';
import { STATE_NAMES } from '../../src/core/core';
import { serviceMetrics } from '../../src/sim/metrics';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const TYPES = ['t3.small', 'm5.large', 'c5.xlarge', 'r5.large', 'm6g.large'];

const instanceArb = fc.record({ instanceType: fc.constantFrom(...TYPES), availabilityZone: fc.constantFrom(...ZONES), count: fc.integer({ min: 1, max: 3 }) });

const actionArb = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), service: fc.integer({ min: 0, max: 2 }), desired: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ kind: fc.constant('run' as const), family: fc.constantFrom('small', 'big', 'port'), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('stop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('terminate' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('drain' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('failAz' as const), zone: fc.constantFrom(...ZONES) }),
  fc.record({ kind: fc.constant('recoverAz' as const), zone: fc.constantFrom(...ZONES) }),
  fc.record({ kind: fc.constant('addInstance' as const), instanceType: fc.constantFrom(...TYPES), zone: fc.constantFrom(...ZONES) }),
  fc.record({ kind: fc.constant('deploy' as const), service: fc.integer({ min: 0, max: 2 }) }),
);

const SERVICES = ['api', 'web', 'worker'];

function apply(sim: Simulation, a: fc.Arbitrary<unknown> extends never ? never : { kind: string } & Record<string, unknown>): void {
  const live = sim.tasks.filter((t) => t.lastStatus !== 'STOPPED');
  const instances = sim.instances.filter((i) => i.status !== 'DEREGISTERED');
  switch (a.kind) {
    case 'scale': sim.act('UpdateService', { service: SERVICES[a.service as number], desiredCount: a.desired }); break;
    case 'run': sim.act('RunTask', { taskDefinition: a.family, count: a.count }); break;
    case 'stop': if (live.length) sim.act('StopTask', { task: live[(a.pick as number) % live.length]!.taskId }); break;
    case 'terminate': if (instances.length) sim.act('TerminateInstance', { containerInstance: instances[(a.pick as number) % instances.length]!.id }); break;
    case 'drain': if (instances.length) sim.act('UpdateContainerInstancesState', { containerInstances: [instances[(a.pick as number) % instances.length]!.id], status: 'DRAINING' }); break;
    case 'failAz': sim.act('FailAvailabilityZone', { availabilityZone: a.zone }); break;
    case 'recoverAz': sim.act('RecoverAvailabilityZone', { availabilityZone: a.zone }); break;
    case 'addInstance': sim.act('RegisterContainerInstance', { instanceType: a.instanceType, availabilityZone: a.zone }); break;
    case 'deploy': sim.act('UpdateService', { service: SERVICES[a.service as number], forceNewDeployment: true }); break;
  }
}

function checkInvariants(sim: Simulation): void {
  const core = sim.core;
  const live = sim.tasks.filter((t) => t.lastStatus !== 'STOPPED');
  // The engine and the core agree on every task's state.
  for (const t of sim.tasks) expect(STATE_NAMES[core.taskState[t.slot]!]).toBe(t.lastStatus);
  // Remaining capacity = registered − what the live tasks on the instance hold; never negative.
  for (const inst of sim.instances) {
    if (inst.status === 'DEREGISTERED') continue;
    const on = live.filter((t) => t.instanceSlot === inst.slot);
    expect(core.instCpu[inst.slot]).toBe(inst.registeredCpu - on.reduce((s, t) => s + t.cpu, 0));
    expect(core.instMem[inst.slot]).toBe(inst.registeredMemory - on.reduce((s, t) => s + t.memory, 0));
    expect(core.instCpu[inst.slot]!).toBeGreaterThanOrEqual(0);
    expect(core.instMem[inst.slot]!).toBeGreaterThanOrEqual(0);
    expect(core.instEni[inst.slot]!).toBeGreaterThanOrEqual(0);
  }
  // A task sits on one instance, in the instance's zone; task ids are unique.
  for (const t of live) if (t.instanceSlot >= 0) expect(sim.instances[t.instanceSlot]!.availabilityZone).toBe(t.availabilityZone);
  expect(new Set(live.map((t) => t.taskId)).size).toBe(live.length);
  // Counts add up.
  for (const name of sim.services.keys()) {
    const m = serviceMetrics(sim, name);
    const others = live.filter((t) => t.service === name && !['RUNNING', 'PROVISIONING', 'PENDING', 'ACTIVATING'].includes(t.lastStatus)).length;
    expect(m.runningCount + m.pendingCount + others).toBe(m.totalCount);
    expect(m.healthyCount).toBeLessThanOrEqual(m.runningCount);
  }
}

describe('engine invariants over random clusters and actions', () => {
  it('hold at every step, and every stopped task reaches STOPPED', () => {
    fc.assert(fc.property(
      fc.array(instanceArb, { minLength: 1, maxLength: 5 }),
      fc.array(fc.tuple(fc.integer({ min: 1, max: 90 }), actionArb), { maxLength: 25 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      (instances, actions, seed) => {
        const sim = makeSim({
          seed,
          cluster: { containerInstances: instances },
          taskDefinitions: [
            ec2TaskDef('small', 256, 256),
            ec2TaskDef('big', 1024, 3072, { sim: { exitAfterSeconds: 200 } }),
            ec2TaskDef('port', 128, 128, { containerDefinitions: [{ name: 'port', image: 'port:1', essential: true, portMappings: [{ containerPort: 80, hostPort: 8080 }] }] }),
            fargateTaskDef('fg'),
          ],
          services: [
            { serviceName: 'api', taskDefinition: 'small', desiredCount: 3, launchType: 'EC2' },
            { serviceName: 'web', taskDefinition: 'fg', desiredCount: 2, launchType: 'FARGATE' },
            { serviceName: 'worker', taskDefinition: 'big', desiredCount: 2, launchType: 'EC2', placementStrategy: [{ type: 'binpack', field: 'memory' }] },
          ],
        });
        for (const [gap, action] of actions) {
          for (let k = 0; k < gap; k++) { sim.step(); checkInvariants(sim); }
          apply(sim, action as never);
          checkInvariants(sim);
        }
        // Quiet time: everything told to stop gets there (deregistration delays and stop timeouts are bounded).
        const stopping = sim.tasks.filter((t) => t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED');
        sim.runUntil(sim.t + 400);
        for (const t of stopping) expect(sim.tasks[t.slot]!.taskId === t.taskId ? sim.tasks[t.slot]!.lastStatus : 'STOPPED').toBe('STOPPED');
        checkInvariants(sim);
      },
    ), { numRuns: 60 });
  });
});
