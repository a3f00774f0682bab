// The placement index: a min-segment tree over instance positions, built for one placement
// signature (group, task size, strategy chain, constraints) and kept up to date slot by slot.
//
// Positions order the instances by (partition, slot), where the partition is the value of the
// partition-level rules of the chain (spread by AZ and/or by a custom attribute; a single partition
// when there are none), so every partition is a contiguous run of positions in slot order.
// A leaf holds the leaf-level scores of its instance (binpack cpu, binpack memory, spread
// instanceId: at most three distinct components, compared lexicographically) and an eligibility
// flag (the filters). A node holds the position of the best eligible leaf below it, or -1.
//
// Placing one task is then: the best leaf of each partition (kept in partBest), the partitions whose
// full score tuple ties for best (at most MAX_AZ * MAX_KEYS, usually one or a few AZs), and in each
// of them a leftmost-leaf-equal-to-best search starting at the tie-break offset: O(P + log n).
// Committing a task touches one leaf and its ancestors: O(log n).
//
// The tree is rebuilt (O(n)) when the signature changes, after addInstance, and for every batch that
// uses the mask or a custom-attribute spread (the engine writes those arrays directly). A batch with
// the same signature as the previous one reuses it: a service placing more tasks tick after tick
// pays O(log n) per task.
//
//   perm      i32 [pos]    instance slot at a position
//   posOf     i32 [slot]   position of a slot
//   partOf    i32 [pos]    partition of a position
//   partStart i32 [p]      first position of partition p (P + 1 entries)
//   partBest  i32 [p]      best eligible position of partition p, or -1
//   ok        u8  [pos]    1 = passes the filters
//   keys      i32 [pos*3+j] leaf score component j
//   tree      i32 [node]   1-based heap layout, leaves at size + pos

import {
  MAX_AZ, MAX_KEYS, MAX_RULES, S_BINPACK, S_SPREAD, F_CPU, F_MEMORY, F_INSTANCE, F_AZ, F_KEY,
  maxInstances, instanceCount, instCpu, instMem, instEni, instAz, instKey, instStatus, instMask,
  groupInst, groupAz, groupKey, strategy, drawOffset,
} from './layout';

const MAX_PARTS: i32 = MAX_AZ * MAX_KEYS;
const K_LEAF: i32 = 0;
const K_AZ: i32 = 1;
const K_KEY: i32 = 2;

let perm: Int32Array = new Int32Array(0);
let posOf: Int32Array = new Int32Array(0);
let partOf: Int32Array = new Int32Array(0);
let partStart: Int32Array = new Int32Array(0);
let partCursor: Int32Array = new Int32Array(0);
let partBest: Int32Array = new Int32Array(0);
let tied: Int32Array = new Int32Array(0);
let ok: Uint8Array = new Uint8Array(0);
let keys: Int32Array = new Int32Array(0);
let tree: Int32Array = new Int32Array(0);
let effKind: Int32Array = new Int32Array(0);
let effLeaf: Int32Array = new Int32Array(0);
let leafField: Int32Array = new Int32Array(0);

let valid: bool = false;
let cacheable: bool = false;
let n: i32 = 0;
let size: i32 = 1;
let parts: i32 = 1;
let usesAz: bool = false;
let usesKey: bool = false;
let nLeaf: i32 = 0;
let nRules: i32 = 0;
let sGroup: i32 = -1;
let sCpu: i32 = 0;
let sMem: i32 = 0;
let sEni: i32 = 0;
let sMask: i32 = 0;
let sDistinct: i32 = 0;
let sChain: i32 = -1;
let gInst: i32 = 0;

/** Allocates the index arrays for `instances` slots (called by init). */
export function allocIndex(instances: i32): void {
  let cap = 1;
  while (cap < instances) cap = cap << 1;
  perm = new Int32Array(instances);
  posOf = new Int32Array(instances);
  partOf = new Int32Array(instances);
  ok = new Uint8Array(instances);
  keys = new Int32Array(instances * 3);
  tree = new Int32Array(2 * cap);
  partStart = new Int32Array(MAX_PARTS + 1);
  partCursor = new Int32Array(MAX_PARTS);
  partBest = new Int32Array(MAX_PARTS);
  tied = new Int32Array(MAX_PARTS);
  effKind = new Int32Array(MAX_RULES);
  effLeaf = new Int32Array(MAX_RULES);
  leafField = new Int32Array(3);
  valid = false;
}

/** Forgets the index; the next batch rebuilds it. */
export function invalidateIndex(): void {
  valid = false;
}

function partition(slot: i32): i32 {
  let p = 0;
  if (usesAz) p = unchecked(instAz[slot]);
  if (usesKey) p = p * MAX_KEYS + unchecked(instKey[slot]);
  return p;
}

function evalLeaf(pos: i32): void {
  const slot = unchecked(perm[pos]);
  let fit = unchecked(instStatus[slot]) == 1
    && unchecked(instCpu[slot]) >= sCpu && unchecked(instMem[slot]) >= sMem
    && unchecked(instEni[slot]) >= sEni;
  if (fit && sMask != 0 && unchecked(instMask[slot]) == 0) fit = false;
  if (fit && sDistinct != 0 && unchecked(groupInst[gInst + slot]) > 0) fit = false;
  unchecked(ok[pos] = fit ? 1 : 0);
  for (let j = 0; j < nLeaf; j++) {
    const f = unchecked(leafField[j]);
    let v = 0;
    if (f == F_CPU) v = unchecked(instCpu[slot]);
    else if (f == F_MEMORY) v = unchecked(instMem[slot]);
    else v = unchecked(groupInst[gInst + slot]);
    unchecked(keys[pos * 3 + j] = v);
  }
}

/** True when leaf a scores strictly better (lexicographically smaller) than leaf b. */
function leafLess(a: i32, b: i32): bool {
  for (let j = 0; j < nLeaf; j++) {
    const x = unchecked(keys[a * 3 + j]);
    const y = unchecked(keys[b * 3 + j]);
    if (x != y) return x < y;
  }
  return false;
}

function better(a: i32, b: i32): i32 {
  if (a < 0) return b;
  if (b < 0) return a;
  return leafLess(b, a) ? b : a;
}

function rangeBest(lo: i32, hi: i32): i32 {
  let res = -1;
  let l = lo + size;
  let r = hi + size;
  while (l < r) {
    if ((l & 1) != 0) { res = better(res, unchecked(tree[l])); l++; }
    if ((r & 1) != 0) { r--; res = better(res, unchecked(tree[r])); }
    l = l >> 1;
    r = r >> 1;
  }
  return res;
}

function setLeaf(pos: i32): void {
  evalLeaf(pos);
  let node = size + pos;
  unchecked(tree[node] = unchecked(ok[pos]) != 0 ? pos : -1);
  node = node >> 1;
  while (node >= 1) {
    const old = unchecked(tree[node]);
    const now = better(unchecked(tree[2 * node]), unchecked(tree[2 * node + 1]));
    // Unchanged and not the touched leaf: nothing above can change either.
    if (now == old && now != pos) break;
    unchecked(tree[node] = now);
    node = node >> 1;
  }
  if (parts == 1) { unchecked(partBest[0] = unchecked(tree[1])); return; }
  const p = unchecked(partOf[pos]);
  unchecked(partBest[p] = rangeBest(unchecked(partStart[p]), unchecked(partStart[p + 1])));
}

/** Re-reads one instance into the index after its resources, status or group counts changed. */
export function touchIndex(slot: i32): void {
  if (valid && slot < n) setLeaf(unchecked(posOf[slot]));
}

function build(): void {
  n = instanceCount;
  size = 1;
  while (size < n) size = size << 1;
  for (let p = 0; p <= parts; p++) unchecked(partStart[p] = 0);
  for (let s = 0; s < n; s++) {
    const p = partition(s);
    unchecked(partStart[p + 1] = unchecked(partStart[p + 1]) + 1);
  }
  for (let p = 0; p < parts; p++) {
    unchecked(partStart[p + 1] = unchecked(partStart[p + 1]) + unchecked(partStart[p]));
    unchecked(partCursor[p] = unchecked(partStart[p]));
  }
  for (let s = 0; s < n; s++) {
    const p = partition(s);
    const pos = unchecked(partCursor[p]);
    unchecked(partCursor[p] = pos + 1);
    unchecked(perm[pos] = s);
    unchecked(posOf[s] = pos);
    unchecked(partOf[pos] = p);
  }
  for (let pos = 0; pos < n; pos++) {
    evalLeaf(pos);
    unchecked(tree[size + pos] = unchecked(ok[pos]) != 0 ? pos : -1);
  }
  for (let pos = n; pos < size; pos++) unchecked(tree[size + pos] = -1);
  for (let node = size - 1; node >= 1; node--) {
    unchecked(tree[node] = better(unchecked(tree[2 * node]), unchecked(tree[2 * node + 1])));
  }
  for (let p = 0; p < parts; p++) {
    unchecked(partBest[p] = rangeBest(unchecked(partStart[p]), unchecked(partStart[p + 1])));
  }
  valid = true;
}

/**
 * Makes the index answer for this batch: reuses it when the signature matches the last batch and
 * nothing invalidated it, otherwise rebuilds it.
 */
export function prepareIndex(group: i32, cpu: i32, mem: i32, eni: i32, rules: i32,
                             useMask: i32, distinct: i32): void {
  let chain = 0;
  for (let r = 0; r < rules; r++) {
    chain = chain * 64 + unchecked(strategy[2 * r]) * 8 + unchecked(strategy[2 * r + 1]);
  }
  if (valid && cacheable && useMask == 0 && group == sGroup && cpu == sCpu && mem == sMem
      && eni == sEni && distinct == sDistinct && chain == sChain && n == instanceCount) return;
  sGroup = group; sCpu = cpu; sMem = mem; sEni = eni; sMask = useMask; sDistinct = distinct;
  sChain = chain;
  gInst = group * maxInstances;
  usesAz = false; usesKey = false; nLeaf = 0; nRules = 0;
  for (let r = 0; r < rules; r++) {
    const type = unchecked(strategy[2 * r]);
    const field = unchecked(strategy[2 * r + 1]);
    let kind = -1;
    let leaf = 0;
    if (type == S_BINPACK) {
      kind = K_LEAF;
      leaf = field == F_CPU ? F_CPU : F_MEMORY;
    } else if (type == S_SPREAD) {
      if (field == F_AZ) { kind = K_AZ; usesAz = true; }
      else if (field == F_KEY) { kind = K_KEY; usesKey = true; }
      else { kind = K_LEAF; leaf = F_INSTANCE; }
    }
    if (kind < 0) continue;
    if (kind == K_LEAF) {
      let j = 0;
      while (j < nLeaf && unchecked(leafField[j]) != leaf) j++;
      if (j == nLeaf) { unchecked(leafField[j] = leaf); nLeaf++; }
      unchecked(effLeaf[nRules] = j);
    }
    unchecked(effKind[nRules] = kind);
    nRules++;
  }
  parts = (usesAz ? MAX_AZ : 1) * (usesKey ? MAX_KEYS : 1);
  cacheable = useMask == 0 && !usesKey;
  build();
}

function partScore(p: i32, r: i32): i32 {
  const kind = unchecked(effKind[r]);
  if (kind == K_LEAF) return unchecked(keys[unchecked(partBest[p]) * 3 + unchecked(effLeaf[r])]);
  if (kind == K_AZ) {
    const az = usesKey ? i32(p / MAX_KEYS) : p;
    return unchecked(groupAz[sGroup * MAX_AZ + az]);
  }
  return unchecked(groupKey[sGroup * MAX_KEYS + p % MAX_KEYS]);
}

function comparePart(p: i32, q: i32): i32 {
  for (let r = 0; r < nRules; r++) {
    const a = partScore(p, r);
    const b = partScore(q, r);
    if (a != b) return a < b ? -1 : 1;
  }
  return 0;
}

/** Leftmost eligible position in [lo, hi) whose scores equal those of position `ref`. */
function findFirst(node: i32, nl: i32, nr: i32, lo: i32, hi: i32, ref: i32): i32 {
  if (nr <= lo || nl >= hi) return -1;
  const b = unchecked(tree[node]);
  if (b < 0 || leafLess(ref, b)) return -1;
  if (nr - nl == 1) return nl;
  const mid = (nl + nr) >> 1;
  const left = findFirst(2 * node, nl, mid, lo, hi, ref);
  if (left >= 0) return left;
  return findFirst(2 * node + 1, mid, nr, lo, hi, ref);
}

/** First position of partition p whose slot is at or after `offset`. */
function lowerBound(p: i32, offset: i32): i32 {
  let lo = unchecked(partStart[p]);
  let hi = unchecked(partStart[p + 1]);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (unchecked(perm[mid]) < offset) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * Chooses the instance for the next task of the prepared batch, or -1 when nothing fits.
 * Draws the tie-break offset only when something fits (as the full scan does).
 */
export function pickIndexed(): i32 {
  let bestP = -1;
  let nt = 0;
  for (let p = 0; p < parts; p++) {
    if (unchecked(partBest[p]) < 0) continue;
    const c = bestP < 0 ? -1 : comparePart(p, bestP);
    if (c < 0) { bestP = p; unchecked(tied[0] = p); nt = 1; }
    else if (c == 0) { unchecked(tied[nt] = p); nt++; }
  }
  if (bestP < 0) return -1;
  const ref = unchecked(partBest[bestP]);
  const offset = drawOffset();
  let chosen = -1;
  for (let k = 0; k < nt; k++) {
    const p = unchecked(tied[k]);
    const pos = findFirst(1, 0, size, lowerBound(p, offset), unchecked(partStart[p + 1]), ref);
    if (pos >= 0) {
      const s = unchecked(perm[pos]);
      if (chosen < 0 || s < chosen) chosen = s;
    }
  }
  if (chosen >= 0) return chosen;
  for (let k = 0; k < nt; k++) {
    const p = unchecked(tied[k]);
    const pos = findFirst(1, 0, size, unchecked(partStart[p]), unchecked(partStart[p + 1]), ref);
    if (pos >= 0) {
      const s = unchecked(perm[pos]);
      if (chosen < 0 || s < chosen) chosen = s;
    }
  }
  return chosen;
}
