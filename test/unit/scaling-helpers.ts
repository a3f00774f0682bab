/**
 * Shared builders for the scaling, capacity, App Runner and cost tests.
 */
import { readFileSync } from 'node:fs';
import { loadCoreModule } from '../../src/core/load-node';
import { createCore } from '../../src/core/core';
import { capacityFor } from '../../src/sim/core-capacity';
import { Simulation } from '../../src/sim/engine';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import type { ScalingActivity, SimEvent } from '../../src/sim/events';

export type Doc = Record<string, unknown>;

let mod: WebAssembly.Module | undefined;
export async function core(): Promise<WebAssembly.Module> {
  mod ??= await loadCoreModule();
  return mod;
}

/** A simulation from a scenario document (throws on a setup error: tests want to know). */
export async function build(doc: Doc, metricsInterval = 0): Promise<Simulation> {
  const p = parseScenarioObject(doc);
  if (!p.ok) throw new Error(p.error.message);
  const r = Simulation.fromScenario(p.scenario, createCore(await core(), capacityFor(p.scenario)), { metricsInterval, maxEvents: 1_000_000 });
  if (!r.ok) throw new Error(r.error.message);
  return r.sim;
}

/** The setup error of a scenario, or null. */
export async function setupError(doc: Doc): Promise<string | null> {
  const p = parseScenarioObject(doc);
  if (!p.ok) return p.error.message;
  const r = Simulation.fromScenario(p.scenario, createCore(await core(), capacityFor(p.scenario)), { metricsInterval: 0 });
  return r.ok ? null : `${r.error.field}: ${r.error.message}`;
}

export function lesson(name: string): Doc {
  return JSON.parse(readFileSync(new URL(`../../lessons/scenarios/${name}`, import.meta.url), 'utf8')) as Doc;
}

export function activities(events: SimEvent[], resource?: string): ScalingActivity[] {
  return events.filter((e): e is ScalingActivity => e.type === 'ScalingActivity' && (!resource || e.resource === resource));
}

/** A task definition for EC2 (bridge) or Fargate (awsvpc). */
export function taskDef(family: string, o: { cpu?: string; memory?: string; fargate?: boolean; sim?: Doc; hostPort?: number } = {}): Doc {
  return {
    family, cpu: o.cpu ?? '1024', memory: o.memory ?? '2048', networkMode: o.fargate ? 'awsvpc' : 'bridge',
    requiresCompatibilities: [o.fargate ? 'FARGATE' : 'EC2'],
    containerDefinitions: [{ name: family, image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${family}:1`, essential: true,
      portMappings: [{ containerPort: 8080, ...(o.fargate ? {} : { hostPort: o.hostPort ?? 0 }) }] }],
    sim: { imageSizeMiB: 100, appStartSeconds: 3, cpuPerRequest: 1, serviceTimeMs: 40, ...(o.sim ?? {}) },
  };
}

export function cluster(extra: Doc = {}): Doc {
  return { clusterName: 'lab', availabilityZones: ['us-east-1a', 'us-east-1b'], containerInstances: [], ...extra };
}
