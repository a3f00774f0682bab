/**
 * Test support: build a Simulation from a partial scenario with sensible defaults, on a fresh
 * wasm core per simulation.
 */
import { createCore } from '../../src/core/core';
import { loadCoreModule } from '../../src/core/load-node';
import { Simulation, type SimOptions } from '../../src/sim/engine';
import { capacityFor } from '../../src/sim/core-capacity';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import type { Scenario, ScenarioInput } from '../../src/sim/scenario/schema';
import type { SimEvent, ServiceEvent, TaskStateChange } from '../../src/sim/events';

export const module = await loadCoreModule();

export type PartialScenario = Partial<Omit<ScenarioInput, 'cluster'>> & { cluster?: Partial<ScenarioInput['cluster']> };

export function scenario(p: PartialScenario) {
  const doc = {
    schemaVersion: 1,
    seed: 7,
    durationSeconds: 600,
    ...p,
    cluster: { clusterName: 'test', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], containerInstances: [], ...p.cluster },
  };
  const r = parseScenarioObject(doc);
  if (!r.ok) throw new Error(r.error.message);
  return r.scenario;
}

/** A simulation from a whole scenario document, on a fresh core (throws on any error: tests want to know). */
export function buildSim(doc: unknown, options?: SimOptions): Simulation {
  const r = parseScenarioObject(doc);
  if (!r.ok) throw new Error(r.error.message);
  return simOf(r.scenario, options);
}

function simOf(s: Scenario, options?: SimOptions): Simulation {
  const built = Simulation.fromScenario(s, createCore(module, capacityFor(s)), { metricsInterval: 0, ...options });
  if (!built.ok) throw new Error(built.error.message);
  return built.sim;
}

/** A simulation from a partial scenario filled in with the defaults of `scenario()`. */
export function makeSim(p: PartialScenario, options?: SimOptions): Simulation {
  return simOf(scenario(p), options);
}

/** A Fargate-free EC2 task definition with the given size. */
export function ec2TaskDef(family: string, cpu: number, memory: number, extra: Record<string, unknown> = {}) {
  return {
    family, cpu: String(cpu), memory: String(memory), networkMode: 'bridge', requiresCompatibilities: ['EC2'],
    containerDefinitions: [{ name: family, image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${family}:1`, essential: true }],
    ...extra,
  };
}

export function fargateTaskDef(family: string, cpu = 256, memory = 512, extra: Record<string, unknown> = {}) {
  return {
    family, cpu: String(cpu), memory: String(memory), networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'],
    containerDefinitions: [{ name: family, image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${family}:1`, essential: true, portMappings: [{ containerPort: 8080 }] }],
    ...extra,
  };
}

export const serviceEvents = (sim: Simulation, name?: string): string[] =>
  sim.events.filter((e): e is ServiceEvent => e.type === 'ServiceEvent' && (!name || e.service === name)).map((e) => e.message);

export const taskChanges = (sim: Simulation): TaskStateChange[] =>
  sim.events.filter((e): e is TaskStateChange => e.type === 'TaskStateChange');

export function liveTasksOf(sim: Simulation, service?: string) {
  return sim.tasks.filter((t) => t.lastStatus !== 'STOPPED' && (service === undefined || t.service === service));
}

export function runningOf(sim: Simulation, service?: string) {
  return liveTasksOf(sim, service).filter((t) => t.lastStatus === 'RUNNING');
}

export function eventsOfType<T extends SimEvent['type']>(sim: Simulation, type: T): Extract<SimEvent, { type: T }>[] {
  return sim.events.filter((e) => e.type === type) as Extract<SimEvent, { type: T }>[];
}
