/**
 * What the console's pickers offer, read from the running simulation: services, task definition
 * revisions, target groups, container instances, tasks, zones and capacity providers.
 */
import type { Simulation } from '../../sim/engine';
import type { CommandResult } from '../../sim/commands';
import type { SessionLog } from '../../app/log';
import { listTaskDefinitions, type TaskDefinition } from '../../sim/taskdef';
import { appRunnerServices } from '../../sim/apprunner/model';
import type { Option } from './form';

/** What the console needs from the page. */
export interface ConsoleContext {
  /** The simulation whose objects the pickers list (the first configuration while comparing); null before one opens. */
  sim(): Simulation | null;
  /** Sends an API action (to one or both configurations while comparing); returns the first result. */
  act(action: string, request: Record<string, unknown>): CommandResult;
  /** Action names the engine knows. */
  knows(action: string): boolean;
  /** The session's event log (service events for DescribeServices), when the page keeps one. */
  log?(): SessionLog | null;
}

export function serviceOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  return [...sim.services.values()].filter((s) => s.status === 'ACTIVE')
    .map((s) => ({ value: s.serviceName, label: `${s.serviceName} (${s.schedulingStrategy.toLowerCase()}, ${s.desiredCount} desired)` }));
}

/** App Runner services, by name (the ECS and App Runner APIs share action names; the request tells them apart). */
export function appRunnerOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  return [...appRunnerServices(sim).values()].map((s) => ({ value: s.serviceName, label: `${s.serviceName} (App Runner, ${s.status})` }));
}

/** Cloud Map namespaces of the scenario. */
export function namespaceOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  return [...sim.namespaces.values()].map((n) => ({ value: n.name, label: `${n.name} (${n.type})` }));
}

export function activeTaskDefinitions(sim: Simulation | null): TaskDefinition[] {
  if (!sim) return [];
  return listTaskDefinitions(sim.taskDefinitions.state, { status: 'ACTIVE' });
}

/** Revisions as `family:revision`, and each family alone (its latest ACTIVE revision). */
export function taskDefinitionOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  const tds = activeTaskDefinitions(sim);
  const families = [...new Set(tds.map((t) => t.family))];
  const out: Option[] = [];
  for (const f of families) {
    const revs = tds.filter((t) => t.family === f);
    out.push({ value: f, label: `${f} (latest: ${f}:${revs[revs.length - 1]!.revision})` });
    for (const td of revs.slice().reverse()) out.push({ value: `${td.family}:${td.revision}`, label: `${td.family}:${td.revision} · ${td.compatibilities.join('/')}` });
  }
  return out;
}

export function targetGroupOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  return [...sim.targetGroups.values()].map((tg) => ({ value: tg.targetGroupName, label: `${tg.targetGroupName} (${tg.loadBalancerName})` }));
}

export function instanceOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  // The task count tells a learner which host is busiest (lessons ask for it by that).
  const tasks = new Map<number, number>();
  for (const t of sim.tasks) if (t.lastStatus !== 'STOPPED' && t.instanceSlot >= 0) tasks.set(t.instanceSlot, (tasks.get(t.instanceSlot) ?? 0) + 1);
  return sim.instances.filter((i) => i.status !== 'DEREGISTERED')
    .map((i) => {
      const n = tasks.get(i.slot) ?? 0;
      return { value: i.id, label: `${i.id.slice(0, 8)} · ${i.instanceType} · ${i.availabilityZone} · ${i.status} · ${n} task${n === 1 ? '' : 's'}` };
    });
}

export function taskOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  return sim.tasks.filter((t) => t.lastStatus !== 'STOPPED' && t.desiredStatus === 'RUNNING')
    .map((t) => ({ value: t.taskId, label: `${t.taskId.slice(0, 8)} · ${t.service ?? t.group} · ${t.lastStatus} · ${t.availabilityZone}` }));
}

export function zoneOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  return sim.availabilityZones.map((z) => ({ value: z, label: sim.failedAzs.has(z) ? `${z} (impaired)` : z }));
}

export function capacityProviderOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  const declared = (sim.scenario.capacityProviders ?? []).map((c) => c.name);
  return ['FARGATE_SPOT', 'FARGATE', ...declared].map((n) => ({ value: n, label: n }));
}

/** Presets for placementStrategy, from the reference's documented examples (§1.2, §1.3). */
export const STRATEGY_PRESETS: Option[] = [
  { value: '', label: 'Choose a preset…' },
  { value: '[{"type":"spread","field":"attribute:ecs.availability-zone"}]', label: 'spread across Availability Zones (the service default)' },
  { value: '[{"type":"spread","field":"attribute:ecs.availability-zone"},{"type":"spread","field":"instanceId"}]', label: 'spread by zone, then by instance' },
  { value: '[{"type":"spread","field":"attribute:ecs.availability-zone"},{"type":"binpack","field":"memory"}]', label: 'spread by zone, then binpack memory' },
  { value: '[{"type":"binpack","field":"memory"}]', label: 'binpack on memory' },
  { value: '[{"type":"binpack","field":"cpu"}]', label: 'binpack on CPU' },
  { value: '[{"type":"random"}]', label: 'random' },
];

/** Short task id for messages. */
export const short = (id: string) => id.slice(0, 8);
