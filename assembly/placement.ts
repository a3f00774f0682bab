// Placement: instance bookkeeping, the indexed batch placer and the full-scan oracle.
//
// Semantics shared by both placers (and by the JS build of this same source):
//   filter   instance ACTIVE, mask (when the batch uses it), remaining cpu, memory and ENIs cover the
//            task, distinctInstance = the group has no task on the instance;
//   chain    each rule, in order, keeps only the candidates with the best score: binpack cpu/memory =
//            least remaining after placing, spread AZ/instanceId/attribute = fewest tasks of the group
//            on that value, random keeps all;
//   tie      among the survivors, the first slot at or after offset = xorshift32() % instanceCount,
//            wrapping to the lowest; one draw per placed task, the generator seeded per batch;
//   commit   each placed task takes its resources and group counts before the next one is placed.

import {
  MAX_AZ, MAX_KEYS, S_BINPACK, S_SPREAD, S_RANDOM, F_CPU, F_AZ, F_KEY,
  maxInstances, instanceCount, instCpu, instMem, instEni, instAz, instKey, instCp, instTasks,
  instStatus, instMask, groupInst, groupAz, groupKey, groupDaemon, strategy, out, cand,
  noteInstanceSlot, seedRandom, drawOffset,
} from './layout';
import { invalidateIndex, touchIndex, prepareIndex, pickIndexed } from './index-tree';

/** Registers (or re-registers) an instance slot with its registered resources. */
export function addInstance(slot: i32, az: i32, cpu: i32, mem: i32, enis: i32, cp: i32): void {
  unchecked(instCpu[slot] = cpu);
  unchecked(instMem[slot] = mem);
  unchecked(instEni[slot] = enis);
  unchecked(instAz[slot] = az);
  unchecked(instKey[slot] = 0);
  unchecked(instCp[slot] = cp);
  unchecked(instTasks[slot] = 0);
  unchecked(instStatus[slot] = 1);
  unchecked(instMask[slot] = 1);
  noteInstanceSlot(slot);
  invalidateIndex();
}

/** 0 = unused (deregistered), 1 = ACTIVE, 2 = DRAINING. */
export function setInstanceStatus(slot: i32, status: u8): void {
  unchecked(instStatus[slot] = status);
  touchIndex(slot);
}

/** Takes (sign 1) or gives back (sign -1) one task's resources and group counts on an instance. */
export function commit(i: i32, group: i32, cpu: i32, mem: i32, eni: i32, sign: i32): void {
  unchecked(instCpu[i] = unchecked(instCpu[i]) - sign * cpu);
  unchecked(instMem[i] = unchecked(instMem[i]) - sign * mem);
  unchecked(instEni[i] = unchecked(instEni[i]) - sign * eni);
  if (unchecked(groupDaemon[group]) == 0) unchecked(instTasks[i] = unchecked(instTasks[i]) + sign);
  const gi = group * maxInstances + i;
  unchecked(groupInst[gi] = unchecked(groupInst[gi]) + sign);
  const ga = group * MAX_AZ + unchecked(instAz[i]);
  unchecked(groupAz[ga] = unchecked(groupAz[ga]) + sign);
  const gk = group * MAX_KEYS + unchecked(instKey[i]);
  unchecked(groupKey[gk] = unchecked(groupKey[gk]) + sign);
  touchIndex(i);
}

/** Gives back what a task held on an instance (when it stops). */
export function release(inst: i32, group: i32, cpu: i32, mem: i32, eni: i32): void {
  commit(inst, group, cpu, mem, eni, -1);
}

/** Counts a Fargate task of `group` in an AZ, so that AZ balance sees it (no instance). */
export function countInAz(group: i32, az: i32, sign: i32): void {
  const ga = group * MAX_AZ + az;
  unchecked(groupAz[ga] = unchecked(groupAz[ga]) + sign);
}

/** The AZ, among the first `azCount`, holding the fewest tasks of `group` (ties: first at or after `offset`). */
export function leastLoadedAz(group: i32, azCount: i32, offset: i32): i32 {
  let best = -1;
  let bestCount = i32.MAX_VALUE;
  for (let k = 0; k < azCount; k++) {
    const az = (k + offset) % azCount;
    const c = unchecked(groupAz[group * MAX_AZ + az]);
    if (c < bestCount) { bestCount = c; best = az; }
  }
  return best;
}

/**
 * Places up to `count` tasks of one group through the index (see index-tree.ts). Writes the chosen
 * instance slot per task to `out` and returns how many were placed; stops at the first task that
 * fits nowhere. Chooses exactly what placeBatchScan chooses.
 */
export function placeBatch(count: i32, group: i32, cpu: i32, mem: i32, eni: i32, rules: i32,
                           useMask: i32, distinct: i32, seed: u32): i32 {
  seedRandom(seed);
  prepareIndex(group, cpu, mem, eni, rules, useMask, distinct);
  let placed = 0;
  while (placed < count) {
    const chosen = pickIndexed();
    if (chosen < 0) break;
    commit(chosen, group, cpu, mem, eni, 1);
    unchecked(out[placed] = chosen);
    placed++;
  }
  return placed;
}

/** True when instance i passes every filter of the batch. */
export function fits(i: i32, cpu: i32, mem: i32, eni: i32, group: i32, useMask: i32, distinct: i32): bool {
  if (unchecked(instStatus[i]) != 1) return false;
  if (useMask != 0 && unchecked(instMask[i]) == 0) return false;
  if (unchecked(instCpu[i]) < cpu || unchecked(instMem[i]) < mem || unchecked(instEni[i]) < eni) return false;
  if (distinct != 0 && unchecked(groupInst[group * maxInstances + i]) > 0) return false;
  return true;
}

/** The score of instance i under one rule (smaller is better). */
export function score(i: i32, type: i32, field: i32, group: i32, cpu: i32, mem: i32): i32 {
  if (type == S_BINPACK) return field == F_CPU ? unchecked(instCpu[i]) - cpu : unchecked(instMem[i]) - mem;
  if (type == S_SPREAD) {
    if (field == F_AZ) return unchecked(groupAz[group * MAX_AZ + unchecked(instAz[i])]);
    if (field == F_KEY) return unchecked(groupKey[group * MAX_KEYS + unchecked(instKey[i])]);
    return unchecked(groupInst[group * maxInstances + i]);
  }
  return 0;
}

/**
 * Keeps, among cand[0..n), the candidates with the best score under rule r (sign 1: smallest,
 * sign -1: largest, for scale-in); returns how many.
 */
export function keepBest(n: i32, r: i32, group: i32, cpu: i32, mem: i32, sign: i32): i32 {
  const type = unchecked(strategy[2 * r]);
  const field = unchecked(strategy[2 * r + 1]);
  if (type == S_RANDOM || n <= 1) return n;
  let best = i32.MAX_VALUE;
  for (let j = 0; j < n; j++) {
    const s = sign * score(unchecked(cand[j]), type, field, group, cpu, mem);
    if (s < best) best = s;
  }
  let m = 0;
  for (let j = 0; j < n; j++) {
    const c = unchecked(cand[j]);
    if (sign * score(c, type, field, group, cpu, mem) == best) { unchecked(cand[m] = c); m++; }
  }
  return m;
}

/**
 * The reference placer: for every task, filter every instance and rank every survivor, exactly as
 * ecs-behaviour.md §1 describes. Same arguments and results as placeBatch. O(instances) per task:
 * the oracle for tests and the baseline of the benchmark.
 */
export function placeBatchScan(count: i32, group: i32, cpu: i32, mem: i32, eni: i32, rules: i32,
                               useMask: i32, distinct: i32, seed: u32): i32 {
  seedRandom(seed);
  let placed = 0;
  for (let k = 0; k < count; k++) {
    let n = 0;
    for (let i = 0; i < instanceCount; i++) {
      if (fits(i, cpu, mem, eni, group, useMask, distinct)) { unchecked(cand[n] = i); n++; }
    }
    if (n == 0) break;
    for (let r = 0; r < rules; r++) n = keepBest(n, r, group, cpu, mem, 1);
    const offset = drawOffset();
    let chosen = unchecked(cand[0]);
    for (let j = 0; j < n; j++) {
      if (unchecked(cand[j]) >= offset) { chosen = unchecked(cand[j]); break; }
    }
    commit(chosen, group, cpu, mem, eni, 1);
    unchecked(out[placed] = chosen);
    placed++;
  }
  return placed;
}
