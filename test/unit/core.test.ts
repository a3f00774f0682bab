import { describe, it, expect, beforeAll } from 'vitest';
import { createCore, Rule, Field, TaskStateCode as S, type SchedulerCore, type PlaceRequest } from '../../src/core/core';
import { loadCoreModule } from '../../src/core/load-node';
import { createJsCore } from '../../src/core/load-js';

let mod: WebAssembly.Module;
beforeAll(async () => { mod = await loadCoreModule(); });

const cap = { instances: 16, tasks: 200, groups: 4 };
const req = (over: Partial<PlaceRequest>): PlaceRequest => ({
  count: 1, group: 0, cpu: 256, memory: 512, enis: 0, rules: [], useMask: false,
  distinctInstance: false, seed: 1, ...over,
});
const BINPACK_MEM = [{ type: Rule.BINPACK, field: Field.MEMORY }];

function threeAz(core: SchedulerCore): SchedulerCore {
  for (let i = 0; i < 6; i++) core.addInstance(i, i % 3, 2048, 4096, 3);
  return core;
}

describe('placement', () => {
  it('binpack on memory picks the instance with the least memory left that still fits', () => {
    const core = createCore(mod, cap);
    core.addInstance(0, 0, 2048, 4096, 3);
    core.addInstance(1, 0, 2048, 1000, 3);
    core.addInstance(2, 0, 2048, 300, 3);
    expect(core.place(req({ rules: BINPACK_MEM }))).toEqual([1]);
    expect(core.instMem[1]).toBe(488);
    expect(core.place(req({ rules: BINPACK_MEM, count: 3 }))).toEqual([0, 0, 0]);
  });

  it('spread on AZ balances a service across zones', () => {
    const core = threeAz(createCore(mod, cap));
    const slots = core.place(req({ count: 6, rules: [{ type: Rule.SPREAD, field: Field.AZ }] }));
    expect(slots.map((s) => core.instAz[s]).sort()).toEqual([0, 0, 1, 1, 2, 2]);
    expect(Array.from(core.groupAz.subarray(0, 3))).toEqual([2, 2, 2]);
  });

  it('distinctInstance puts each task on its own instance and stops when none is left', () => {
    const core = threeAz(createCore(mod, cap));
    const slots = core.place(req({ count: 10, distinctInstance: true }));
    expect(slots.length).toBe(6);
    expect(new Set(slots).size).toBe(6);
  });

  it('honours the mask and never uses DRAINING instances, also on a reused index', () => {
    const core = threeAz(createCore(mod, cap));
    core.instMask.fill(0);
    core.instMask[4] = 1;
    expect(core.place(req({ count: 2, useMask: true }))).toEqual([4, 4]);
    const r = req({ rules: BINPACK_MEM, seed: 5 });
    expect(core.place(r)).toEqual([4]);
    core.setInstanceStatus(4, 2);
    expect(core.place(r)).not.toContain(4);
  });

  it('release gives resources back and the next batch sees them', () => {
    const core = createCore(mod, cap);
    core.addInstance(0, 0, 512, 1024, 1);
    expect(core.place(req({ count: 3, rules: BINPACK_MEM }))).toEqual([0, 0]);
    core.release(0, 0, 256, 512, 0);
    expect(core.place(req({ rules: BINPACK_MEM }))).toEqual([0]);
  });

  it('the seeded tie-break repeats with the same seed and both placers agree', () => {
    const a = threeAz(createCore(mod, cap));
    const b = threeAz(createCore(mod, cap));
    const r = req({ count: 5, seed: 42 });
    expect(a.place(r)).toEqual(b.placeScan(r));
  });

  it('explains filter rejections, survivors per rule and the closest instance', () => {
    const core = threeAz(createCore(mod, cap));
    core.setInstanceStatus(0, 2);
    core.place(req({ count: 1, cpu: 2048, memory: 512, rules: BINPACK_MEM }));
    const x = core.explainPlacement(req({ cpu: 1024, memory: 3700,
      rules: [{ type: Rule.SPREAD, field: Field.AZ }, ...BINPACK_MEM] }));
    expect(x.registered).toBe(6);
    expect(x.rejected.notActive).toBe(1);
    expect(x.rejected.cpu).toBe(1);
    expect(x.candidates).toBe(4);
    expect(x.survivorsPerRule.length).toBe(2);
    expect(x.survivorsPerRule[0]).toBeLessThanOrEqual(4);
    expect(x.survivorsPerRule[1]).toBeLessThanOrEqual(x.survivorsPerRule[0]);
    const none = core.explainPlacement(req({ memory: 9000 }));
    expect(none.candidates).toBe(0);
    expect(none.closest?.reason).toBe('memory');
  });

  it('scale-in takes from the fullest AZ and leaves the state unchanged', () => {
    const core = threeAz(createCore(mod, cap));
    const spread = [{ type: Rule.SPREAD, field: Field.AZ }];
    core.place(req({ count: 4, rules: spread, seed: 9 }));
    const fullest = [0, 1, 2].find((az) => core.groupAz[az] === 2)!;
    const before = Array.from(core.groupInst);
    const victims = core.chooseVictims({ count: 1, group: 0, cpu: 256, memory: 512, enis: 0, rules: spread, seed: 2 });
    expect(core.instAz[victims[0]]).toBe(fullest);
    expect(Array.from(core.groupInst)).toEqual(before);
  });
});

describe('lifecycle', () => {
  it('moves a task through its plan and reports slots in order', () => {
    const core = createCore(mod, cap);
    const plan = [1, 2, 1, Infinity, 1, 1, 1, 0];
    for (let t = 0; t < 100; t++) { core.bindTask(t, 1, -1, 1); core.enterState(t, S.PROVISIONING, 0, plan); }
    expect(core.groupStates[1 * 9 + S.PROVISIONING]).toBe(100);
    expect(Array.from(core.tick(0.5, 100))).toEqual([]);
    const moved = Array.from(core.tick(1, 100));
    expect(moved).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(core.taskState[7]).toBe(S.PENDING);
    core.tick(10, 100);
    expect(core.taskState[7]).toBe(S.RUNNING);
    expect(core.groupStates[1 * 9 + S.RUNNING]).toBe(100);
    core.enterState(7, S.DEACTIVATING, 10);
    expect(Array.from(core.tick(12, 100))).toEqual([7]);
    expect(core.taskState[7]).toBe(S.DEPROVISIONING);
    core.tick(13, 100);
    expect(core.taskState[7]).toBe(S.STOPPED);
  });

  it('computes utilization, target tracking and the capacity-provider reservation', () => {
    const core = createCore(mod, cap);
    for (let i = 0; i < 4; i++) core.addInstance(i, 0, 2048, 4096, 3, 0);
    core.place(req({ count: 2, distinctInstance: true }));
    for (let t = 0; t < 2; t++) { core.bindTask(t, 0, -1, 1); core.enterState(t, S.RUNNING, 0, [0, 0, 0, Infinity]); }
    core.groupTaskCpu[0] = 512; core.groupDemand[0] = 768; core.groupTarget[0] = 50;
    core.serviceMetrics(1);
    expect(core.groupUtil[0]).toBe(75);
    expect(core.groupDesired[0]).toBe(3);
    expect(core.cpRunning[0]).toBe(4);
    expect(core.cpEmpty[0]).toBe(2);
    expect(core.cpReservation[0]).toBe(98);
    core.cpNeed[0] = 2;
    core.serviceMetrics(1);
    expect(core.cpReservation[0]).toBe(150);
  });
});

describe('JS build', () => {
  it('runs the same source and chooses the same instances as the wasm build', async () => {
    const js = threeAz(await createJsCore(cap));
    const wasm = threeAz(createCore(mod, cap));
    const r = req({ count: 12, rules: [{ type: Rule.SPREAD, field: Field.AZ }, ...BINPACK_MEM], seed: 77 });
    expect(js.place(r)).toEqual(wasm.place(r));
  });
});
