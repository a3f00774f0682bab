/**
 * EC2 placement (§1.1): the engine prepares a request for the scheduler core (eligibility mask for
 * memberOf constraints, host ports and DAEMON targets; the strategy chain as core rules), the core
 * chooses, and for clusters small enough to read the engine explains every candidate's fate in a
 * PlacementDecision.
 */
import type { Simulation } from '../engine';
import type { ContainerInstance } from '../model';
import type { LaunchRequest, TaskNeeds } from '../tasks';
import type { PlacementCandidate, PlacementDecision } from '../events';
import type { NormalizedStrategy } from './validate';
import { Field, Rule, type PlacementRule } from '../../core/core';
import { nextU32 } from '../rng';
import { instanceMatches } from './constraints';

/** Clusters up to this size get a per-candidate explanation for every placement; larger ones a summary. */
export const EXPLAIN_LIMIT = 64;

export interface Placement { instanceSlot: number; decision: Omit<PlacementDecision, 'taskId'> | null }

export function strategyLabel(s: NormalizedStrategy): string {
  if (s.type === 'random') return 'random';
  if (s.type === 'binpack') return `binpack(${s.field})`;
  const f = s.field;
  return `spread(${f === 'availabilityZone' ? 'attribute:ecs.availability-zone' : f === 'instanceId' ? 'instanceId' : `attribute:${f.attribute}`})`;
}

function toRule(s: NormalizedStrategy): PlacementRule {
  if (s.type === 'random') return { type: Rule.RANDOM, field: 0 };
  if (s.type === 'binpack') return { type: Rule.BINPACK, field: s.field === 'cpu' ? Field.CPU : Field.MEMORY };
  if (s.field === 'availabilityZone') return { type: Rule.SPREAD, field: Field.AZ };
  if (s.field === 'instanceId') return { type: Rule.SPREAD, field: Field.INSTANCE };
  return { type: Rule.SPREAD, field: Field.KEY };
}

/** Why an instance cannot take the task, checked in the order the reference lists (§1.1, §1.6). */
export function filterReason(sim: Simulation, inst: ContainerInstance, req: LaunchRequest, needs: TaskNeeds,
  groupIndex: number): string | null {
  const core = sim.core;
  if (inst.status !== 'ACTIVE') return inst.status === 'DRAINING' ? 'is DRAINING' : 'is deregistered';
  if (!inst.agentConnected) return 'encountered error "AGENT"';
  if (req.onlyInstance !== undefined && req.onlyInstance !== inst.slot) return 'is not the instance this daemon task is for';
  if (!instanceMatches(sim, inst, req.memberOf)) return 'does not match the memberOf placement constraint';
  if (req.allowedAzs && !req.allowedAzs.has(inst.availabilityZone)) return "is in a zone where the task's subnets have no free IP address";
  if (req.distinctInstance && core.groupInst[groupIndex * core.capacity.instances + inst.slot]! > 0) {
    return 'already runs a task of this group (distinctInstance)';
  }
  if (core.instCpu[inst.slot]! < needs.cpu) return 'has insufficient CPU units available';
  if (core.instMem[inst.slot]! < needs.memory) return 'has insufficient memory available';
  for (const p of needs.hostPorts) if (inst.usedPorts.includes(p)) return 'is already using a port required by your task';
  if (core.instEni[inst.slot]! < needs.enis) return 'has no free ENI attachment point';
  return null;
}

function score(sim: Simulation, inst: ContainerInstance, s: NormalizedStrategy, needs: TaskNeeds, groupIndex: number): number {
  const core = sim.core;
  if (s.type === 'binpack') return s.field === 'cpu' ? core.instCpu[inst.slot]! - needs.cpu : core.instMem[inst.slot]! - needs.memory;
  if (s.type === 'random') return 0;
  if (s.field === 'availabilityZone') return core.groupAz[groupIndex * 8 + core.instAz[inst.slot]!]!;
  if (s.field === 'instanceId') return core.groupInst[groupIndex * core.capacity.instances + inst.slot]!;
  const attr = s.field.attribute;
  const value = inst.attributes[attr];
  return sim.tasks.filter((t) => t.groupIndex === groupIndex && t.lastStatus !== 'STOPPED' && t.instanceSlot >= 0
    && sim.instances[t.instanceSlot]!.attributes[attr] === value).length;
}

function unit(s: NormalizedStrategy): string {
  if (s.type === 'binpack') return s.field === 'cpu' ? 'CPU units left' : 'MiB left';
  return 'tasks of the group there';
}

/**
 * Explains one placement before it happens: which instances were filtered and why, and at which
 * strategy rule each survivor lost. The core's choice is then marked `chosen`.
 */
function explain(sim: Simulation, req: LaunchRequest, needs: TaskNeeds, groupIndex: number) {
  const candidates: PlacementCandidate[] = [];
  const filtered: Record<string, number> = {};
  let survivors: ContainerInstance[] = [];
  for (const inst of sim.instances) {
    const why = filterReason(sim, inst, req, needs, groupIndex);
    if (why) {
      filtered[why] = (filtered[why] ?? 0) + 1;
      candidates.push({ containerInstanceId: inst.id, availabilityZone: inst.availabilityZone, outcome: 'filtered', reason: why });
    } else survivors.push(inst);
  }
  for (const s of req.strategy) {
    if (s.type === 'random' || survivors.length <= 1) continue;
    const scores = survivors.map((i) => score(sim, i, s, needs, groupIndex));
    const best = Math.min(...scores);
    const keep: ContainerInstance[] = [];
    survivors.forEach((inst, k) => {
      if (scores[k] === best) keep.push(inst);
      else candidates.push({ containerInstanceId: inst.id, availabilityZone: inst.availabilityZone, outcome: 'ranked-lower',
        reason: `${strategyLabel(s)}: ${scores[k]} ${unit(s)}, the best had ${best}` });
    });
    survivors = keep;
  }
  return { candidates, filtered, survivors };
}

/** Why a task could not be placed: the service event's sentence and the closest instance it names. */
export interface PlacementFailure { message: string; containerInstanceId: string | null }

/**
 * The reason the closest instance could not take the task, for the "unable to place" event (§1.6,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html): "No
 * Container Instances were found in your cluster" only when none is registered.
 */
export function closestFailure(sim: Simulation, req: LaunchRequest, needs: TaskNeeds, groupIndex: number): PlacementFailure {
  if (sim.instances.filter((i) => i.status !== 'DEREGISTERED').length === 0) return { message: 'No Container Instances were found in your cluster.', containerInstanceId: null };
  const order = ['has insufficient CPU units available', 'has insufficient memory available', 'is already using a port required by your task', 'has no free ENI attachment point'];
  let best: { inst: ContainerInstance; why: string; rank: number } | null = null;
  for (const inst of sim.instances) {
    const why = filterReason(sim, inst, req, needs, groupIndex);
    if (!why) continue;
    const rank = order.includes(why) ? 0 : 1;
    if (!best || rank < best.rank) best = { inst, why, rank };
  }
  // Not expected (every refusal of the core has a filter reason); named as a model, never as "no instances".
  if (!best) {
    const any = sim.instances.find((i) => i.status === 'ACTIVE') ?? sim.instances[0]!;
    return { message: `The closest matching container-instance ${any.id} has insufficient resources available.`, containerInstanceId: any.id };
  }
  return { message: `The closest matching container-instance ${best.inst.id} ${best.why}.`, containerInstanceId: best.inst.id };
}

function computeMask(sim: Simulation, req: LaunchRequest, needs: TaskNeeds): void {
  const mask = sim.core.instMask;
  for (const inst of sim.instances) {
    let ok = inst.agentConnected && (req.onlyInstance === undefined || req.onlyInstance === inst.slot);
    if (ok && req.memberOf.length) ok = instanceMatches(sim, inst, req.memberOf);
    if (ok && req.allowedAzs) ok = req.allowedAzs.has(inst.availabilityZone);
    if (ok) for (const p of needs.hostPorts) if (inst.usedPorts.includes(p)) { ok = false; break; }
    mask[inst.slot] = ok ? 1 : 0;
  }
}

/** Places up to `req.count` tasks on container instances through the core. */
export function placeOnInstances(sim: Simulation, req: LaunchRequest, needs: TaskNeeds, groupIndex: number):
  { placements: Placement[]; failure: string | null; failedInstanceId: string | null } {
  const placements: Placement[] = [];
  const rules = req.strategy.map(toRule);
  const useMask = req.memberOf.length > 0 || needs.hostPorts.length > 0 || req.onlyInstance !== undefined
    || (req.allowedAzs !== undefined && req.allowedAzs.size < sim.availabilityZones.length)
    || sim.instances.some((i) => !i.agentConnected);
  const small = sim.instances.length <= EXPLAIN_LIMIT;
  const oneByOne = small || needs.hostPorts.length > 0 || rules.some((r) => r.field === Field.KEY);
  const labels = req.strategy.map(strategyLabel);
  let remaining = req.count;
  while (remaining > 0) {
    if (useMask) computeMask(sim, req, needs);
    const batch = oneByOne ? 1 : remaining;
    const ex = small ? explain(sim, req, needs, groupIndex) : null;
    let chosen: number[];
    if (rules.some((r) => r.field === Field.KEY)) {
      // Spread over a custom attribute: the engine ranks (the core's key counts serve one attribute
      // per group and would go stale across services).
      const e = ex ?? explain(sim, req, needs, groupIndex);
      chosen = [];
      if (e.survivors.length) {
        // Let the core commit the engine's choice: a mask holding only that instance.
        const pick = pickTie(sim, e.survivors.map((i) => i.slot));
        sim.core.instMask.fill(0);
        sim.core.instMask[pick] = 1;
        chosen = sim.core.place({ count: 1, group: groupIndex, cpu: needs.cpu, memory: needs.memory, enis: needs.enis,
          rules: [], useMask: true, distinctInstance: false, seed: 1 });
      }
    } else {
      chosen = sim.core.place({ count: batch, group: groupIndex, cpu: needs.cpu, memory: needs.memory, enis: needs.enis,
        rules, useMask, distinctInstance: req.distinctInstance, seed: nextU32(sim.rng) });
    }
    if (chosen.length === 0) break;
    for (const slot of chosen) {
      const inst = sim.instances[slot]!;
      // Large clusters get the decision without the per-candidate list (`omitted` says how many).
      let decision: Placement['decision'] = { t: sim.t, type: 'PlacementDecision', service: req.service?.serviceName ?? null,
        containerInstanceId: inst.id, availabilityZone: inst.availabilityZone, strategy: labels,
        candidates: [], filtered: {}, omitted: sim.instances.length };
      if (ex) {
        const candidates = ex.candidates.slice();
        for (const s of ex.survivors) {
          candidates.push({ containerInstanceId: s.id, availabilityZone: s.availabilityZone,
            outcome: s.slot === slot ? 'chosen' : 'tie-break', reason: s.slot === slot ? null : 'tied on every rule; the seeded tie-break chose another' });
        }
        decision = { t: sim.t, type: 'PlacementDecision', service: req.service?.serviceName ?? null,
          containerInstanceId: inst.id, availabilityZone: inst.availabilityZone, strategy: labels,
          candidates, filtered: ex.filtered, omitted: 0 };
      }
      placements.push({ instanceSlot: slot, decision });
      if (needs.hostPorts.length) inst.usedPorts.push(...needs.hostPorts);
    }
    remaining -= chosen.length;
    if (chosen.length < batch) break;
  }
  // Read the closest instance's reason while this batch's ports are still marked: a host port taken
  // by the batch is why the rest did not fit.
  const failure = remaining > 0 ? closestFailure(sim, req, needs, groupIndex) : null;
  // Ports were marked while placing so the next task of the batch saw them; tasks.ts marks them
  // again on creation, so undo the provisional marks here.
  for (const p of placements) {
    const inst = sim.instances[p.instanceSlot]!;
    for (const port of needs.hostPorts) {
      const i = inst.usedPorts.lastIndexOf(port);
      if (i >= 0) inst.usedPorts.splice(i, 1);
    }
  }
  return { placements, failure: failure?.message ?? null, failedInstanceId: failure?.containerInstanceId ?? null };
}

/** The seeded tie-break shared with the core: the first slot at or after a random offset, wrapping. */
export function pickTie(sim: Simulation, slots: number[]): number {
  const offset = nextU32(sim.rng) % Math.max(1, sim.instances.length);
  const sorted = slots.slice().sort((a, b) => a - b);
  return sorted.find((s) => s >= offset) ?? sorted[0]!;
}
