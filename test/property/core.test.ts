import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { createCore, Rule, Field, PLAN, type SchedulerCore, type PlaceRequest } from '../../src/core/core';
import { loadCoreModule } from '../../src/core/load-node';
import { createJsCore } from '../../src/core/load-js';

let mod: WebAssembly.Module;
beforeAll(async () => { mod = await loadCoreModule(); });

const CAP = { instances: 80, tasks: 400, groups: 3 };

const ruleArb = fc.constantFrom(
  { type: Rule.BINPACK, field: Field.CPU }, { type: Rule.BINPACK, field: Field.MEMORY },
  { type: Rule.SPREAD, field: Field.AZ }, { type: Rule.SPREAD, field: Field.INSTANCE },
  { type: Rule.SPREAD, field: Field.KEY }, { type: Rule.RANDOM, field: 0 },
);

const instanceArb = fc.record({
  az: fc.nat(3), key: fc.nat(3), cpu: fc.constantFrom(1024, 2048, 4096),
  mem: fc.constantFrom(2048, 3900, 8000), enis: fc.integer({ min: 1, max: 4 }),
});

type Op =
  | { kind: 'place'; group: number; cpu: number; memory: number; enis: number; count: number;
      rules: { type: number; field: number }[]; mask: number[] | null; distinct: boolean; seed: number }
  | { kind: 'release'; pick: number }
  | { kind: 'status'; slot: number; status: 1 | 2 }
  | { kind: 'add'; inst: { az: number; key: number; cpu: number; mem: number; enis: number } }
  | { kind: 'fargate'; group: number; az: number }
  | { kind: 'again'; seed: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({
    kind: fc.constant('place' as const), group: fc.nat(2),
    cpu: fc.constantFrom(128, 256, 512, 1024), memory: fc.constantFrom(256, 512, 1000, 2048),
    enis: fc.nat(1), count: fc.integer({ min: 1, max: 12 }),
    rules: fc.array(ruleArb, { maxLength: 4 }),
    mask: fc.option(fc.array(fc.nat(1), { minLength: 80, maxLength: 80 }), { freq: 4 }),
    distinct: fc.boolean(), seed: fc.nat(),
  }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), slot: fc.nat(79),
    status: fc.constantFrom(1 as const, 2 as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), inst: instanceArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fargate' as const), group: fc.nat(2), az: fc.nat(3) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('again' as const), seed: fc.nat() }) },
);

interface Held { inst: number; group: number; cpu: number; memory: number; enis: number }

/** Runs the same stream on every core and returns what each chose, op by op. */
function run(cores: SchedulerCore[], scan: boolean[], ops: Op[], cluster: { az: number; key: number; cpu: number; mem: number; enis: number }[]): string[][] {
  const logs: string[][] = cores.map(() => []);
  cores.forEach((core, c) => {
    let next = 0;
    const add = (i: { az: number; key: number; cpu: number; mem: number; enis: number }) => {
      if (next >= CAP.instances) return;
      core.addInstance(next, i.az, i.cpu, i.mem, i.enis);
      core.instKey[next] = i.key;
      next++;
    };
    cluster.forEach(add);
    const held: Held[] = [];
    let last: Extract<Op, { kind: 'place' }> | null = null;
    for (const op0 of ops) {
      let op = op0;
      // Repeat the previous batch (same signature, no mask): exercises the index kept across batches.
      if (op.kind === 'again') {
        const prev = last as Extract<Op, { kind: 'place' }> | null;
        if (prev === null) continue;
        op = { ...prev, mask: null, seed: op.seed };
      }
      if (op.kind === 'place') last = op;
      if (op.kind === 'place') {
        if (op.mask) core.instMask.set(op.mask);
        const req: PlaceRequest = { count: op.count, group: op.group, cpu: op.cpu, memory: op.memory,
          enis: op.enis, rules: op.rules, useMask: op.mask !== null, distinctInstance: op.distinct, seed: op.seed };
        const got = scan[c] ? core.placeScan(req) : core.place(req);
        for (const inst of got) held.push({ inst, group: op.group, cpu: op.cpu, memory: op.memory, enis: op.enis });
        logs[c].push(got.join(','));
      } else if (op.kind === 'release') {
        if (held.length === 0) continue;
        const [h] = held.splice(op.pick % held.length, 1);
        core.release(h.inst, h.group, h.cpu, h.memory, h.enis);
      } else if (op.kind === 'status') {
        if (op.slot < next) core.setInstanceStatus(op.slot, op.status);
      } else if (op.kind === 'add') {
        add(op.inst);
      } else {
        core.countInAz(op.group, op.az, 1);
      }
    }
    logs[c].push(Array.from(core.instCpu).join(','), Array.from(core.instMem).join(','),
      Array.from(core.groupInst).join(','));
  });
  return logs;
}

describe('placement: index, full scan and JS build agree', () => {
  it('chooses the same instance every time on random clusters and task streams', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(instanceArb, { minLength: 0, maxLength: 40 }), fc.array(opArb, { maxLength: 40 }),
      async (cluster, ops) => {
        const js = await createJsCore(CAP);
        const cores = [createCore(mod, CAP), createCore(mod, CAP), js];
        const [indexed, full, jsIndexed] = run(cores, [false, true, false], ops, cluster);
        expect(indexed).toEqual(full);
        expect(jsIndexed).toEqual(indexed);
      }), { numRuns: 500 });
  });

  it('scale-in victims agree between wasm and its JS build', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(instanceArb, { minLength: 1, maxLength: 30 }), fc.array(ruleArb, { maxLength: 3 }),
      fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 10 }), fc.nat(),
      async (cluster, rules, placeCount, victims, seed) => {
        const out: number[][] = [];
        for (const core of [createCore(mod, CAP), await createJsCore(CAP)]) {
          cluster.forEach((i, s) => { core.addInstance(s, i.az, i.cpu, i.mem, i.enis); core.instKey[s] = i.key; });
          core.place({ count: placeCount, group: 1, cpu: 256, memory: 512, enis: 0,
            rules: [{ type: Rule.RANDOM, field: 0 }], useMask: false, distinctInstance: false, seed });
          const before = Array.from(core.groupInst);
          out.push(core.chooseVictims({ count: victims, group: 1, cpu: 256, memory: 512, enis: 0, rules, seed: seed + 1 }));
          expect(Array.from(core.groupInst)).toEqual(before);
        }
        expect(out[1]).toEqual(out[0]);
      }), { numRuns: 100 });
  });
});

/** The lifecycle as first written: a full loop over every task each tick. */
function referenceTick(state: Uint8Array, due: Float64Array, plan: Float64Array, now: number, n: number): number[] {
  const moved: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = state[i];
    if (s === 0 || s === 8) continue;
    let d = due[i];
    if (d > now) continue;
    while (s !== 8 && d <= now) { s++; d = s === 8 ? Infinity : d + plan[i * PLAN + s - 1]; }
    state[i] = s; due[i] = d; moved.push(i);
  }
  return moved;
}

describe('lifecycle: the due-time wheel matches a full loop', () => {
  it('moves the same tasks to the same states at every tick', async () => {
    const planArb = fc.array(fc.oneof(fc.constantFrom(0, 0.05, 0.5, 1, 30, 2000, Infinity), fc.double({ min: 0, max: 100, noNaN: true })), { minLength: 8, maxLength: 8 });
    const stepArb = fc.record({
      enters: fc.array(fc.record({ slot: fc.nat(49), state: fc.integer({ min: 0, max: 8 }), plan: planArb }), { maxLength: 5 }),
      dt: fc.oneof(fc.constantFrom(0, 0.1, 1, 60, 1500), fc.double({ min: 0, max: 20, noNaN: true })),
    });
    await fc.assert(fc.asyncProperty(fc.array(stepArb, { maxLength: 30 }), fc.boolean(), async (steps, useJs) => {
      const cap = { instances: 1, tasks: 50, groups: 2 };
      const core = useJs ? await createJsCore(cap) : createCore(mod, cap);
      const state = new Uint8Array(50);
      const due = new Float64Array(50).fill(Infinity);
      const plan = new Float64Array(50 * PLAN);
      let now = 0;
      for (const step of steps) {
        for (const e of step.enters) {
          core.bindTask(e.slot, e.slot % 2, -1, 1);
          core.enterState(e.slot, e.state, now, e.plan);
          plan.set(e.plan, e.slot * PLAN);
          state[e.slot] = e.state;
          due[e.slot] = e.state === 0 || e.state === 8 ? Infinity : now + e.plan[e.state - 1];
        }
        now += step.dt;
        const got = Array.from(core.tick(now, 50));
        expect(got).toEqual(referenceTick(state, due, plan, now, 50));
        expect(Array.from(core.taskState)).toEqual(Array.from(state));
        for (let g = 0; g < 2; g++) {
          for (let s = 0; s < 9; s++) {
            let c = 0;
            for (let t = g; t < 50; t += 2) if (core.taskGroup[t] === g && state[t] === s) c++;
            expect(core.groupStates[g * 9 + s]).toBe(c);
          }
        }
      }
    }), { numRuns: 200 });
  });
});
