/**
 * The scheduler core as the engine sees it: the core's exports (numbers only) plus typed-array
 * views over its state. One `SchedulerCore` per simulation; each wasm core owns its own instance,
 * so two simulations (compare mode, lesson checks) never share state.
 *
 * The memory layout is documented at the top of `assembly/layout.ts`; the placement index in
 * `assembly/index-tree.ts`; the lifecycle wheel in `assembly/lifecycle.ts`.
 *
 * @example
 * const core = createCore(await loadCoreModule(), { instances: 100, tasks: 1000, groups: 4 });
 * core.addInstance(0, 0, 2048, 7985, 3);
 * core.addInstance(1, 1, 2048, 7985, 3);
 * const slots = core.place({ count: 2, group: 0, cpu: 256, memory: 512, enis: 0,
 *   rules: [{ type: Rule.SPREAD, field: Field.AZ }], useMask: false, distinctInstance: false, seed: 7 });
 * // slots: one task per AZ, e.g. [1, 0]
 */
import { EXPLAIN_LEN, explanationFrom, type PlacementExplanation } from './explain';

export { type PlacementExplanation } from './explain';

export { STATE_NAMES, TaskStateCode } from './states';

/** Strategy rule types and fields, as the core encodes them. */
export const Rule = { BINPACK: 1, SPREAD: 2, RANDOM: 3 } as const;
export const Field = { CPU: 1, MEMORY: 2, INSTANCE: 3, AZ: 4, KEY: 5 } as const;

/** Plan entries per task: one duration per lifecycle state from PROVISIONING to DEPROVISIONING. */
export const PLAN = 8;
export const STATES = 9;
export const MAX_AZ = 8;
export const MAX_KEYS = 64;
/** Capacity providers the core tracks (`instCp`, `cpNeed`, `cpReservation`). */
export const MAX_CP = 16;
export const MAX_RULES = 5;

/** The functions every core build (wasm, or the same source run as JS) exports. */
export interface CoreFunctions {
  init(instances: number, tasks: number, groups: number, batch: number): void;
  addInstance(slot: number, az: number, cpu: number, mem: number, enis: number, cp: number): void;
  setInstanceStatus(slot: number, status: number): void;
  placeBatch(count: number, group: number, cpu: number, mem: number, eni: number, rules: number,
    useMask: number, distinct: number, seed: number): number;
  placeBatchScan(count: number, group: number, cpu: number, mem: number, eni: number, rules: number,
    useMask: number, distinct: number, seed: number): number;
  chooseVictims(count: number, group: number, cpu: number, mem: number, eni: number, rules: number,
    seed: number): number;
  explain(group: number, cpu: number, mem: number, eni: number, rules: number, useMask: number,
    distinct: number): number;
  invalidateIndex(): void;
  release(inst: number, group: number, cpu: number, mem: number, eni: number): void;
  countInAz(group: number, az: number, sign: number): void;
  leastLoadedAz(group: number, azCount: number, offset: number): number;
  bindTask(slot: number, group: number, inst: number, rev: number): void;
  enterState(slot: number, state: number, now: number): void;
  tick(now: number, taskCount: number): number;
  serviceMetrics(groupCount: number): void;
}

/** The typed arrays a core exposes; see assembly/layout.ts for each one's meaning. */
export interface CoreViews {
  instCpu: Int32Array; instMem: Int32Array; instEni: Int32Array; instAz: Int32Array;
  instKey: Int32Array; instCp: Int32Array; instTasks: Int32Array;
  instStatus: Uint8Array; instMask: Uint8Array;
  groupInst: Int32Array; groupAz: Int32Array; groupKey: Int32Array; groupDaemon: Uint8Array;
  groupStates: Int32Array; groupDemand: Float64Array; groupTaskCpu: Float64Array;
  groupTarget: Float64Array; groupUtil: Float64Array; groupDesired: Int32Array;
  cpNeed: Int32Array; cpRunning: Int32Array; cpEmpty: Int32Array; cpReservation: Float64Array;
  taskState: Uint8Array; taskDue: Float64Array; taskPlan: Float64Array;
  taskGroup: Int32Array; taskInst: Int32Array; taskRev: Int32Array;
  strategy: Int32Array; out: Int32Array; explain: Int32Array;
}

/** A core build: its functions, and a way to get its views once `init` has run. */
export interface CoreBackend {
  fns: CoreFunctions;
  views(capacity: CoreCapacity): CoreViews;
  /** Bytes of linear memory (wasm), for the soak run's leak check. */
  memoryBytes?: () => number;
}

export interface CoreCapacity { instances: number; tasks: number; groups: number; }

export interface PlacementRule { type: number; field: number; }

export interface PlaceRequest {
  count: number;
  group: number;
  cpu: number;
  memory: number;
  enis: number;
  rules: PlacementRule[];
  /** Restrict to instances whose `instMask` entry is 1 (memberOf, ports, attributes). */
  useMask: boolean;
  distinctInstance: boolean;
  seed: number;
}

/** What scale-in removes: `count` tasks of `group`, each holding cpu/memory/enis. */
export interface VictimRequest {
  count: number; group: number; cpu: number; memory: number; enis: number;
  rules: PlacementRule[]; seed: number;
}

export class SchedulerCore implements CoreViews {
  readonly capacity: CoreCapacity;
  readonly instCpu!: Int32Array; readonly instMem!: Int32Array; readonly instEni!: Int32Array;
  readonly instAz!: Int32Array; readonly instKey!: Int32Array; readonly instCp!: Int32Array;
  readonly instTasks!: Int32Array; readonly instStatus!: Uint8Array; readonly instMask!: Uint8Array;
  readonly groupInst!: Int32Array; readonly groupAz!: Int32Array; readonly groupKey!: Int32Array;
  readonly groupDaemon!: Uint8Array; readonly groupStates!: Int32Array;
  readonly groupDemand!: Float64Array; readonly groupTaskCpu!: Float64Array;
  readonly groupTarget!: Float64Array; readonly groupUtil!: Float64Array;
  readonly groupDesired!: Int32Array;
  readonly cpNeed!: Int32Array; readonly cpRunning!: Int32Array; readonly cpEmpty!: Int32Array;
  readonly cpReservation!: Float64Array;
  readonly taskState!: Uint8Array; readonly taskDue!: Float64Array; readonly taskPlan!: Float64Array;
  readonly taskGroup!: Int32Array; readonly taskInst!: Int32Array; readonly taskRev!: Int32Array;
  readonly strategy!: Int32Array; readonly out!: Int32Array; readonly explain!: Int32Array;
  private readonly x: CoreFunctions;
  private readonly bytes: () => number;

  constructor(backend: CoreBackend, capacity: CoreCapacity) {
    this.capacity = capacity;
    this.x = backend.fns;
    this.bytes = backend.memoryBytes ?? (() => 0);
    const { instances, tasks, groups } = capacity;
    this.x.init(instances, tasks, groups, tasks);
    // Views are taken after init: init is the only call that allocates.
    Object.assign(this, backend.views(capacity));
  }

  /** Bytes of linear memory in use: constant after init (the core never allocates again). */
  memoryBytes(): number { return this.bytes(); }

  /** Registers an instance slot (ACTIVE, mask 1, spread key 0); `cp` = capacity provider or -1. */
  addInstance(slot: number, az: number, cpu: number, memory: number, enis: number, cp = -1): void {
    this.x.addInstance(slot, az, cpu, memory, enis, cp);
  }

  setInstanceStatus(slot: number, status: 0 | 1 | 2): void {
    this.x.setInstanceStatus(slot, status);
  }

  private setRules(rules: PlacementRule[]): number {
    const n = Math.min(rules.length, MAX_RULES);
    for (let i = 0; i < n; i++) {
      this.strategy[2 * i] = rules[i].type;
      this.strategy[2 * i + 1] = rules[i].field;
    }
    return n;
  }

  /**
   * Places up to `count` tasks through the index; returns the chosen instance slots (fewer when
   * capacity ran out). The returned view is valid until the next core call.
   * @example core.placeView({ count: 3, group: 0, cpu: 256, memory: 512, enis: 0,
   *   rules: [{ type: Rule.BINPACK, field: Field.MEMORY }], useMask: false,
   *   distinctInstance: false, seed: 1 }) // Int32Array [4, 4, 4]
   */
  placeView(req: PlaceRequest): Int32Array {
    const n = this.x.placeBatch(req.count, req.group, req.cpu, req.memory, req.enis,
      this.setRules(req.rules), req.useMask ? 1 : 0, req.distinctInstance ? 1 : 0, req.seed >>> 0);
    return this.out.subarray(0, n);
  }

  /** Places up to `count` tasks; returns the chosen instance slots (fewer when capacity ran out). */
  place(req: PlaceRequest): number[] {
    return Array.from(this.placeView(req));
  }

  /**
   * The same placement by the full-scan reference (O(instances) per task): the oracle of the
   * property tests and the benchmark's baseline. Chooses exactly what `place` chooses.
   */
  placeScan(req: PlaceRequest): number[] {
    const n = this.x.placeBatchScan(req.count, req.group, req.cpu, req.memory, req.enis,
      this.setRules(req.rules), req.useMask ? 1 : 0, req.distinctInstance ? 1 : 0, req.seed >>> 0);
    return Array.from(this.out.subarray(0, n));
  }

  /**
   * Scale-in: the instance of each task to remove, chosen with the chain read in reverse sense
   * (binpack: the instance left with the most free; spread: the value with the most tasks). Does
   * not change state; release each task when it stops.
   * @example core.chooseVictims({ count: 1, group: 0, cpu: 256, memory: 512, enis: 0,
   *   rules: [{ type: Rule.SPREAD, field: Field.AZ }], seed: 3 }) // [slot in the fullest AZ]
   */
  chooseVictims(req: VictimRequest): number[] {
    const n = this.x.chooseVictims(req.count, req.group, req.cpu, req.memory, req.enis,
      this.setRules(req.rules), req.seed >>> 0);
    return Array.from(this.out.subarray(0, n));
  }

  /**
   * Why one task of the request would (not) be placed: filter rejections by reason, survivors per
   * strategy rule, the closest rejected instance. Read-only; `count` and `seed` are ignored.
   * @example core.explainPlacement(req) // { registered: 3, rejected: { cpu: 1, ... }, candidates: 2, ... }
   */
  explainPlacement(req: PlaceRequest): PlacementExplanation {
    const rules = this.setRules(req.rules);
    this.x.explain(req.group, req.cpu, req.memory, req.enis, rules, req.useMask ? 1 : 0,
      req.distinctInstance ? 1 : 0);
    return explanationFrom(this.explain.subarray(0, EXPLAIN_LEN), rules);
  }

  /** Forces the next placement to rebuild its index (after writing instCpu/instMem/... directly). */
  invalidateIndex(): void { this.x.invalidateIndex(); }

  release(inst: number, group: number, cpu: number, memory: number, enis: number): void {
    this.x.release(inst, group, cpu, memory, enis);
  }

  countInAz(group: number, az: number, sign: 1 | -1): void { this.x.countInAz(group, az, sign); }

  leastLoadedAz(group: number, azCount: number, offset: number): number {
    return this.x.leastLoadedAz(group, azCount, offset);
  }

  /**
   * Records a task slot's group (service), instance (-1: none) and revision, so per-group counts
   * by state (`groupStates`) include it. Call before `enterState` when a slot starts a new task.
   * @example core.bindTask(12, 0, 3, 2); core.enterState(12, TaskStateCode.PROVISIONING, now, plan);
   */
  bindTask(slot: number, group: number, instance: number, revision: number): void {
    this.x.bindTask(slot, group, instance, revision);
  }

  /** Puts a task into `state` now with the given plan (seconds per state, PROVISIONING first). */
  enterState(slot: number, state: number, now: number, plan?: ArrayLike<number>): void {
    if (plan) this.taskPlan.set(plan, slot * PLAN);
    this.x.enterState(slot, state, now);
  }

  /** Advances every task to `now`; returns the task slots whose state changed, in slot order. */
  tick(now: number, taskCount: number): Int32Array {
    const n = this.x.tick(now, taskCount);
    return this.out.subarray(0, n);
  }

  /**
   * Computes the scaling inputs into `groupUtil`, `groupDesired` (first `groupCount` groups) and
   * `cpRunning`/`cpEmpty`/`cpReservation` from `groupDemand`, `groupTaskCpu`, `groupTarget`,
   * `cpNeed` and the per-state counts. Cost: groups + instances.
   * @example core.groupDemand[0] = 1536; core.groupTaskCpu[0] = 512; core.groupTarget[0] = 50;
   * core.serviceMetrics(1); // with 2 RUNNING: groupUtil[0] = 100, groupDesired[0] = 4
   */
  serviceMetrics(groupCount: number): void { this.x.serviceMetrics(groupCount); }
}

interface WasmExports extends CoreFunctions {
  memory: WebAssembly.Memory;
  [ptr: `${string}Ptr`]: () => number;
}

/** Views over a wasm core's memory, located with its `*Ptr()` exports. */
function wasmViews(x: WasmExports, c: CoreCapacity): CoreViews {
  const buf = x.memory.buffer;
  const i32 = (name: string, n: number) => new Int32Array(buf, x[`${name}Ptr`](), n);
  const u8 = (name: string, n: number) => new Uint8Array(buf, x[`${name}Ptr`](), n);
  const f64 = (name: string, n: number) => new Float64Array(buf, x[`${name}Ptr`](), n);
  const { instances: I, tasks: T, groups: G } = c;
  return {
    instCpu: i32('instCpu', I), instMem: i32('instMem', I), instEni: i32('instEni', I),
    instAz: i32('instAz', I), instKey: i32('instKey', I), instCp: i32('instCp', I),
    instTasks: i32('instTasks', I), instStatus: u8('instStatus', I), instMask: u8('instMask', I),
    groupInst: i32('groupInst', G * I), groupAz: i32('groupAz', G * MAX_AZ),
    groupKey: i32('groupKey', G * MAX_KEYS), groupDaemon: u8('groupDaemon', G),
    groupStates: i32('groupStates', G * STATES), groupDemand: f64('groupDemand', G),
    groupTaskCpu: f64('groupTaskCpu', G), groupTarget: f64('groupTarget', G),
    groupUtil: f64('groupUtil', G), groupDesired: i32('groupDesired', G),
    cpNeed: i32('cpNeed', MAX_CP), cpRunning: i32('cpRunning', MAX_CP),
    cpEmpty: i32('cpEmpty', MAX_CP), cpReservation: f64('cpReservation', MAX_CP),
    taskState: u8('taskState', T), taskDue: f64('taskDue', T), taskPlan: f64('taskPlan', T * PLAN),
    taskGroup: i32('taskGroup', T), taskInst: i32('taskInst', T), taskRev: i32('taskRev', T),
    strategy: i32('strategy', 2 * MAX_RULES), out: i32('out', Math.max(T, I)),
    explain: i32('explain', EXPLAIN_LEN),
  };
}

/** Instantiates a fresh wasm core from a compiled module (synchronous: the module is small). */
export function createCore(module: WebAssembly.Module, capacity: CoreCapacity): SchedulerCore {
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort(_msg: number, _file: number, line: number, col: number) {
        throw new Error(`scheduler core aborted at ${line}:${col}`);
      },
    },
  });
  const x = instance.exports as unknown as WasmExports;
  return new SchedulerCore({ fns: x, views: (c) => wasmViews(x, c), memoryBytes: () => x.memory.buffer.byteLength }, capacity);
}
