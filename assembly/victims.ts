// Scale-in victim selection and placement explanations. Both are full scans: they run once per
// scale-in or once per decision the learner opens, never per tick.

import {
  MAX_AZ, MAX_KEYS, MAX_RULES, maxInstances, instanceCount, instCpu, instMem, instEni, instAz,
  instKey, instStatus, instMask, groupInst, groupAz, groupKey, out, cand, explainOut,
  seedRandom, drawOffset,
} from './layout';
import { keepBest } from './placement';

function lift(i: i32, group: i32, cpu: i32, mem: i32, eni: i32, sign: i32): void {
  unchecked(instCpu[i] = unchecked(instCpu[i]) + sign * cpu);
  unchecked(instMem[i] = unchecked(instMem[i]) + sign * mem);
  unchecked(instEni[i] = unchecked(instEni[i]) + sign * eni);
  const gi = group * maxInstances + i;
  unchecked(groupInst[gi] = unchecked(groupInst[gi]) - sign);
  const ga = group * MAX_AZ + unchecked(instAz[i]);
  unchecked(groupAz[ga] = unchecked(groupAz[ga]) - sign);
  const gk = group * MAX_KEYS + unchecked(instKey[i]);
  unchecked(groupKey[gk] = unchecked(groupKey[gk]) - sign);
}

/**
 * Chooses the instances to take `count` tasks of `group` (each of cpu/mem/eni) off, for scale-in.
 * The strategy chain is read in reverse sense: binpack keeps the instance left with the MOST free
 * resource after the removal, spread keeps the value (AZ, instance, attribute) with the MOST tasks
 * of the group; ties go to the first slot at or after the seeded offset, as for placement. Each
 * victim counts as removed before the next is chosen; the state is left unchanged afterwards (the
 * engine stops the tasks and calls release). Writes instance slots to `out`; returns how many.
 */
export function chooseVictims(count: i32, group: i32, cpu: i32, mem: i32, eni: i32, rules: i32,
                              seed: u32): i32 {
  seedRandom(seed);
  let chosenCount = 0;
  for (let k = 0; k < count; k++) {
    let n = 0;
    for (let i = 0; i < instanceCount; i++) {
      if (unchecked(groupInst[group * maxInstances + i]) > 0) { unchecked(cand[n] = i); n++; }
    }
    if (n == 0) break;
    for (let r = 0; r < rules; r++) n = keepBest(n, r, group, cpu, mem, -1);
    const offset = drawOffset();
    let chosen = unchecked(cand[0]);
    for (let j = 0; j < n; j++) {
      if (unchecked(cand[j]) >= offset) { chosen = unchecked(cand[j]); break; }
    }
    lift(chosen, group, cpu, mem, eni, 1);
    unchecked(out[chosenCount] = chosen);
    chosenCount++;
  }
  for (let k = 0; k < chosenCount; k++) lift(unchecked(out[k]), group, cpu, mem, eni, -1);
  return chosenCount;
}

// explainOut layout.
export const X_REGISTERED: i32 = 0;   // instances registered (status != 0)
export const X_NOT_ACTIVE: i32 = 1;   // rejected: DRAINING
export const X_MASK: i32 = 2;         // rejected: memberOf / ports / attributes (the mask)
export const X_CPU: i32 = 3;          // rejected: insufficient CPU units
export const X_MEMORY: i32 = 4;       // rejected: insufficient memory
export const X_ENI: i32 = 5;          // rejected: no free ENI
export const X_DISTINCT: i32 = 6;     // rejected: distinctInstance
export const X_CANDIDATES: i32 = 7;   // passed every filter
export const X_RULE0: i32 = 8;        // survivors after rule 0 .. rule 4 (slots 8..12)
export const X_CLOSEST: i32 = 13;     // closest rejected ACTIVE instance (most memory left), or -1
export const X_CLOSEST_REASON: i32 = 14; // its first failing check (X_CPU, X_MEMORY, X_ENI, X_DISTINCT)

/**
 * Explains where one task of `group` would go, without placing it: how many instances each filter
 * rejected (first failing check, in the order ACTIVE, mask, cpu, memory, ENI, distinctInstance),
 * how many candidates survive each strategy rule, and the closest rejected instance for the
 * "unable to place a task" event. Writes `explainOut`; returns the number of candidates.
 */
export function explain(group: i32, cpu: i32, mem: i32, eni: i32, rules: i32, useMask: i32,
                        distinct: i32): i32 {
  for (let k = 0; k < 16; k++) unchecked(explainOut[k] = 0);
  unchecked(explainOut[X_CLOSEST] = -1);
  let closestMem = -1;
  let n = 0;
  for (let i = 0; i < instanceCount; i++) {
    const st = unchecked(instStatus[i]);
    if (st == 0) continue;
    unchecked(explainOut[X_REGISTERED] = unchecked(explainOut[X_REGISTERED]) + 1);
    let reason = 0;
    if (st != 1) reason = X_NOT_ACTIVE;
    else if (useMask != 0 && unchecked(instMask[i]) == 0) reason = X_MASK;
    else if (unchecked(instCpu[i]) < cpu) reason = X_CPU;
    else if (unchecked(instMem[i]) < mem) reason = X_MEMORY;
    else if (unchecked(instEni[i]) < eni) reason = X_ENI;
    else if (distinct != 0 && unchecked(groupInst[group * maxInstances + i]) > 0) reason = X_DISTINCT;
    if (reason == 0) { unchecked(cand[n] = i); n++; continue; }
    unchecked(explainOut[reason] = unchecked(explainOut[reason]) + 1);
    if (reason >= X_CPU && unchecked(instMem[i]) > closestMem) {
      closestMem = unchecked(instMem[i]);
      unchecked(explainOut[X_CLOSEST] = i);
      unchecked(explainOut[X_CLOSEST_REASON] = reason);
    }
  }
  unchecked(explainOut[X_CANDIDATES] = n);
  const total = n;
  for (let r = 0; r < rules && r < MAX_RULES; r++) {
    n = keepBest(n, r, group, cpu, mem, 1);
    unchecked(explainOut[X_RULE0 + r] = n);
  }
  return total;
}
