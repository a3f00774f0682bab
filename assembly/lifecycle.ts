// Task lifecycle and the per-tick service aggregate.
//
// Each task with a finite due time sits in a due-time wheel: WHEEL buckets of 1/RES simulated
// second each (horizon WHEEL/RES = 1024 s; later due times wait in their bucket for another turn).
// tick(now) visits only the buckets between the previous call and `now`, so a 1,000,000-task
// cluster whose tasks are RUNNING (due = +inf, outside the wheel) costs next to nothing per tick.
// Per-group counts by state are kept up to date on every change, so serviceMetrics never scans tasks.

import {
  PLAN, STATES, MAX_CP, T_NONE, T_RUNNING, T_STOPPED, maxTasks, instanceCount, instCp, instTasks,
  instStatus, groupStates, groupDemand, groupTaskCpu, groupTarget, groupUtil, groupDesired, cpNeed,
  cpRunning, cpEmpty, cpReservation, taskState, taskDue, taskPlan, taskGroup, taskInst, taskRev, out,
} from './layout';

const WHEEL: i32 = 16384;
const RES: f64 = 16;

let heads: Int32Array = new Int32Array(0);
let wNext: Int32Array = new Int32Array(0);
let wPrev: Int32Array = new Int32Array(0);
let wBucket: Int32Array = new Int32Array(0);
let movedBits: Uint32Array = new Uint32Array(0);
let lastDone: i32 = -1;

/** Allocates the wheel for `tasks` slots (called by init). */
export function allocLifecycle(tasks: i32): void {
  heads = new Int32Array(WHEEL);
  wNext = new Int32Array(tasks);
  wPrev = new Int32Array(tasks);
  wBucket = new Int32Array(tasks);
  movedBits = new Uint32Array((tasks >>> 5) + 1);
  for (let b = 0; b < WHEEL; b++) unchecked(heads[b] = -1);
  for (let t = 0; t < tasks; t++) unchecked(wBucket[t] = -1);
  lastDone = -1;
}

function bucketOf(due: f64): i32 {
  const far = f64(lastDone) + 1073741824.0;
  let b = due * RES;
  if (b > far) b = far;
  let bi = i32(Math.floor(b));
  if (bi <= lastDone) bi = lastDone + 1;
  return bi;
}

function unlink(t: i32): void {
  const b = unchecked(wBucket[t]);
  if (b < 0) return;
  const nx = unchecked(wNext[t]);
  const pv = unchecked(wPrev[t]);
  if (pv >= 0) unchecked(wNext[pv] = nx); else unchecked(heads[b & (WHEEL - 1)] = nx);
  if (nx >= 0) unchecked(wPrev[nx] = pv);
  unchecked(wBucket[t] = -1);
}

function link(t: i32, due: f64): void {
  if (due == Infinity) return;
  const b = bucketOf(due);
  const idx = b & (WHEEL - 1);
  const head = unchecked(heads[idx]);
  unchecked(wNext[t] = head);
  unchecked(wPrev[t] = -1);
  if (head >= 0) unchecked(wPrev[head] = t);
  unchecked(heads[idx] = t);
  unchecked(wBucket[t] = b);
}

function recount(g: i32, from: i32, to: i32): void {
  if (g < 0) return;
  unchecked(groupStates[g * STATES + from] = unchecked(groupStates[g * STATES + from]) - 1);
  unchecked(groupStates[g * STATES + to] = unchecked(groupStates[g * STATES + to]) + 1);
}

/**
 * Records which group, instance and task-definition revision a task slot holds, moving its count by
 * state to the new group. Call it before enterState when a slot starts a new task.
 */
export function bindTask(slot: i32, group: i32, inst: i32, rev: i32): void {
  const st = i32(unchecked(taskState[slot]));
  const old = unchecked(taskGroup[slot]);
  if (old >= 0) unchecked(groupStates[old * STATES + st] = unchecked(groupStates[old * STATES + st]) - 1);
  if (group >= 0) unchecked(groupStates[group * STATES + st] = unchecked(groupStates[group * STATES + st]) + 1);
  unchecked(taskGroup[slot] = group);
  unchecked(taskInst[slot] = inst);
  unchecked(taskRev[slot] = rev);
}

/**
 * Puts a task into `state` now. It stays there for plan[state - 1] seconds, then tick() moves it on
 * through the next states, each for its own plan entry. The engine writes the plan into `taskPlan`
 * first. A plan entry of +inf holds the task in that state (RUNNING usually does). NONE and STOPPED
 * never end.
 */
export function enterState(slot: i32, state: u8, now: f64): void {
  recount(unchecked(taskGroup[slot]), i32(unchecked(taskState[slot])), i32(state));
  unchecked(taskState[slot] = state);
  const due = state == T_NONE || state == T_STOPPED ? Infinity
    : now + unchecked(taskPlan[slot * PLAN + i32(state) - 1]);
  unchecked(taskDue[slot] = due);
  unlink(slot);
  link(slot, due);
}

function advance(t: i32, now: f64): void {
  let s = unchecked(taskState[t]);
  let due = unchecked(taskDue[t]);
  const s0 = s;
  while (s != T_STOPPED && due <= now) {
    s = s + 1;
    due = s == T_STOPPED ? Infinity : due + unchecked(taskPlan[t * PLAN + i32(s) - 1]);
  }
  recount(unchecked(taskGroup[t]), i32(s0), i32(s));
  unchecked(taskState[t] = s);
  unchecked(taskDue[t] = due);
  unlink(t);
  link(t, due);
}

function sortMoved(moved: i32): void {
  if (moved <= 64) {
    for (let i = 1; i < moved; i++) {
      const v = unchecked(out[i]);
      let j = i - 1;
      while (j >= 0 && unchecked(out[j]) > v) { unchecked(out[j + 1] = unchecked(out[j])); j--; }
      unchecked(out[j + 1] = v);
    }
    return;
  }
  let lo = i32.MAX_VALUE;
  let hi = 0;
  for (let i = 0; i < moved; i++) {
    const t = unchecked(out[i]);
    const w = t >>> 5;
    unchecked(movedBits[w] = unchecked(movedBits[w]) | u32(1 << (t & 31)));
    if (w < lo) lo = w;
    if (w > hi) hi = w;
  }
  let k = 0;
  for (let w = lo; w <= hi; w++) {
    let bits = unchecked(movedBits[w]);
    if (bits == 0) continue;
    unchecked(movedBits[w] = 0);
    while (bits != 0) {
      const b = i32(ctz(bits));
      unchecked(out[k] = (w << 5) + b);
      k++;
      bits = u32(bits & (bits - 1));
    }
  }
}

/**
 * Advances every task's lifecycle to `now`. A task whose current state has run out moves on, as many
 * states as have run out. Writes the slots that moved to `out` (in slot order) and returns how many;
 * the engine compares with the state it last saw to report each step. Slots at or above `taskCount`
 * wait. Cost: the tasks that are due plus the wheel buckets passed, not the number of tasks.
 */
export function tick(now: f64, taskCount: i32): i32 {
  let target = i32(Math.floor(Math.min(now * RES, f64(lastDone) + 1073741824.0)));
  let from = lastDone + 1;
  if (target - from >= WHEEL) from = target - WHEEL + 1;
  let moved = 0;
  for (let b = from; b <= target; b++) {
    let t = unchecked(heads[b & (WHEEL - 1)]);
    while (t >= 0) {
      const nx = unchecked(wNext[t]);
      if (unchecked(taskDue[t]) <= now && t < taskCount) {
        advance(t, now);
        unchecked(out[moved] = t);
        moved++;
      }
      t = nx;
    }
  }
  if (target - 1 > lastDone) lastDone = target - 1;
  sortMoved(moved);
  return moved;
}

/**
 * Computes the scaling inputs of the first `groupCount` groups and of every capacity provider:
 *   groupUtil[g]    ECSServiceAverageCPUUtilization = 100 * groupDemand / (RUNNING * groupTaskCpu),
 *                   at most 100 (a task cannot use more than it reserved in this model); 0 with none
 *   groupDesired[g] target tracking: ceil(RUNNING * util / groupTarget), or -1 without a target or
 *                   without running tasks (the engine handles scale-from-zero)
 *   groupStates     per-state counts (kept up to date continuously; read them any time)
 *   cpRunning/cpEmpty/cpReservation per capacity provider: CapacityProviderReservation =
 *                   (N + cpNeed) / N * 100 when unplaced tasks need cpNeed more instances (200 with
 *                   N = 0), else 100 - empty instances (ecs-behaviour.md §6.3).
 * Step scaling reads groupUtil against its own step table in the engine.
 * Cost: groups + instances; never tasks.
 */
export function serviceMetrics(groupCount: i32): void {
  for (let g = 0; g < groupCount; g++) {
    const running = unchecked(groupStates[g * STATES + i32(T_RUNNING)]);
    const cap = f64(running) * unchecked(groupTaskCpu[g]);
    let util: f64 = 0;
    if (cap > 0) util = Math.min(100.0, 100.0 * unchecked(groupDemand[g]) / cap);
    unchecked(groupUtil[g] = util);
    const target = unchecked(groupTarget[g]);
    unchecked(groupDesired[g] = target > 0 && running > 0
      ? i32(Math.ceil(f64(running) * util / target)) : -1);
  }
  for (let c = 0; c < MAX_CP; c++) { unchecked(cpRunning[c] = 0); unchecked(cpEmpty[c] = 0); }
  for (let i = 0; i < instanceCount; i++) {
    const c = unchecked(instCp[i]);
    if (c < 0 || unchecked(instStatus[i]) == 0) continue;
    unchecked(cpRunning[c] = unchecked(cpRunning[c]) + 1);
    if (unchecked(instTasks[i]) == 0) unchecked(cpEmpty[c] = unchecked(cpEmpty[c]) + 1);
  }
  for (let c = 0; c < MAX_CP; c++) {
    const nRun = unchecked(cpRunning[c]);
    const need = unchecked(cpNeed[c]);
    let cpr: f64 = 100;
    if (need > 0) cpr = nRun == 0 ? 200 : 100.0 * f64(nRun + need) / f64(nRun);
    else if (nRun > 0) cpr = 100.0 - f64(unchecked(cpEmpty[c]));
    unchecked(cpReservation[c] = cpr);
  }
}

/** Tasks that can be held (for callers that size their own loops). */
export function taskCapacity(): i32 { return maxTasks; }
