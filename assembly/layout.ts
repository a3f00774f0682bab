// ECS Lab scheduler core: state and memory layout.
//
// Every array is allocated once by `init` and never reallocated (the stub runtime never frees, and
// growing memory would detach JS views). JavaScript reads and writes them through typed-array views
// over `memory.buffer`, located with the `*Ptr()` exports of assembly/index.ts. The same source also
// runs as plain JavaScript (AssemblyScript's portable mode, see src/core/load-js.ts); there the arrays
// are ordinary typed arrays read straight from this module.
//
// Portable rules for this folder: typed arrays only, `unchecked(a[i])` for hot reads, `i32(x)`/`u32(x)`
// where a conversion matters (a `<i32>` cast is a no-op in JS), `>>>` for unsigned shifts, no i64.
//
// Memory layout (one entry per slot; slots are dense indices chosen by the engine):
//
//   instances, capacity maxInstances
//     instCpu    i32  remaining CPU units
//     instMem    i32  remaining memory, MiB
//     instEni    i32  free ENI attachment points (awsvpc tasks)
//     instAz     i32  Availability Zone index (0..MAX_AZ-1)
//     instKey    i32  value id (0..MAX_KEYS-1) of the attribute a custom `spread` reads (engine writes)
//     instCp     i32  capacity provider index (0..MAX_CP-1), or -1
//     instTasks  i32  non-daemon tasks on the instance (for the CapacityProviderReservation metric)
//     instStatus u8   0 = unused, 1 = ACTIVE, 2 = DRAINING (only ACTIVE receives tasks)
//     instMask   u8   1 = eligible for the current batch (memberOf, ports, attributes; engine writes)
//
//   groups (a service, or a standalone task group), capacity maxGroups
//     groupInst  i32  [group * maxInstances + instance]  tasks of the group on the instance
//     groupAz    i32  [group * MAX_AZ + az]               tasks of the group in the AZ
//     groupKey   i32  [group * MAX_KEYS + key]            tasks of the group per spread-key value
//     groupDaemon u8  [group]                            1 = a DAEMON service (not counted in instTasks)
//     groupStates i32 [group * STATES + state]           tasks of the group per lifecycle state
//     groupDemand f64 [group]  CPU units of work the group's traffic asks for (engine writes)
//     groupTaskCpu f64 [group] CPU units reserved per task (engine writes)
//     groupTarget f64 [group]  target-tracking CPU target in percent, 0 = none (engine writes)
//     groupUtil  f64  [group]  out: ECSServiceAverageCPUUtilization, percent (serviceMetrics)
//     groupDesired i32 [group] out: target-tracking desired count, -1 = no opinion (serviceMetrics)
//
//   capacity providers, MAX_CP of them
//     cpNeed     i32  [cp]  extra instances the engine's binpack of unplaced tasks asks for (engine writes)
//     cpRunning  i32  [cp]  out: instances running (ACTIVE or DRAINING)
//     cpEmpty    i32  [cp]  out: running instances with no non-daemon task
//     cpReservation f64 [cp] out: CapacityProviderReservation, percent
//
//   tasks, capacity maxTasks
//     taskState  u8   lifecycle state (T_* below)
//     taskDue    f64  simulated second at which the current state ends (+inf: stays)
//     taskPlan   f64  [task * PLAN + k] duration of state k+1 (PROVISIONING first)
//     taskGroup  i32  group of the task, -1 = none (bindTask)
//     taskInst   i32  instance slot of the task, -1 = none (Fargate or unplaced; bindTask)
//     taskRev    i32  task-definition revision (bindTask)
//     wheelNext, wheelPrev, wheelBucket i32  due-time wheel links (internal)
//
//   io
//     strategy   i32  [2 * rule]  (type, field) pairs of the placement strategy chain, MAX_RULES rules
//     out        i32  [maxBatch]  instance chosen per placed task, or task slots that moved, or victims
//     explain    i32  [EXPLAIN_LEN]  placement explanation (see placement.ts `explain`)

export const MAX_AZ: i32 = 8;
export const MAX_KEYS: i32 = 64;
export const MAX_CP: i32 = 16;
export const MAX_RULES: i32 = 5;
export const PLAN: i32 = 8;
export const STATES: i32 = 9;
export const EXPLAIN_LEN: i32 = 16;

// Task lifecycle states, in the order ECS reports them.
export const T_NONE: u8 = 0;
export const T_PROVISIONING: u8 = 1;
export const T_PENDING: u8 = 2;
export const T_ACTIVATING: u8 = 3;
export const T_RUNNING: u8 = 4;
export const T_DEACTIVATING: u8 = 5;
export const T_STOPPING: u8 = 6;
export const T_DEPROVISIONING: u8 = 7;
export const T_STOPPED: u8 = 8;

// Strategy rule types and fields.
export const S_BINPACK: i32 = 1;
export const S_SPREAD: i32 = 2;
export const S_RANDOM: i32 = 3;
export const F_CPU: i32 = 1;
export const F_MEMORY: i32 = 2;
export const F_INSTANCE: i32 = 3;
export const F_AZ: i32 = 4;
export const F_KEY: i32 = 5;

export let maxInstances: i32 = 0;
export let maxTasks: i32 = 0;
export let maxGroups: i32 = 0;
export let maxBatch: i32 = 0;
export let instanceCount: i32 = 0;

export let instCpu: Int32Array = new Int32Array(0);
export let instMem: Int32Array = new Int32Array(0);
export let instEni: Int32Array = new Int32Array(0);
export let instAz: Int32Array = new Int32Array(0);
export let instKey: Int32Array = new Int32Array(0);
export let instCp: Int32Array = new Int32Array(0);
export let instTasks: Int32Array = new Int32Array(0);
export let instStatus: Uint8Array = new Uint8Array(0);
export let instMask: Uint8Array = new Uint8Array(0);
export let groupInst: Int32Array = new Int32Array(0);
export let groupAz: Int32Array = new Int32Array(0);
export let groupKey: Int32Array = new Int32Array(0);
export let groupDaemon: Uint8Array = new Uint8Array(0);
export let groupStates: Int32Array = new Int32Array(0);
export let groupDemand: Float64Array = new Float64Array(0);
export let groupTaskCpu: Float64Array = new Float64Array(0);
export let groupTarget: Float64Array = new Float64Array(0);
export let groupUtil: Float64Array = new Float64Array(0);
export let groupDesired: Int32Array = new Int32Array(0);
export let cpNeed: Int32Array = new Int32Array(0);
export let cpRunning: Int32Array = new Int32Array(0);
export let cpEmpty: Int32Array = new Int32Array(0);
export let cpReservation: Float64Array = new Float64Array(0);
export let taskState: Uint8Array = new Uint8Array(0);
export let taskDue: Float64Array = new Float64Array(0);
export let taskPlan: Float64Array = new Float64Array(0);
export let taskGroup: Int32Array = new Int32Array(0);
export let taskInst: Int32Array = new Int32Array(0);
export let taskRev: Int32Array = new Int32Array(0);
export let strategy: Int32Array = new Int32Array(0);
export let out: Int32Array = new Int32Array(0);
export let explainOut: Int32Array = new Int32Array(0);
export let cand: Int32Array = new Int32Array(0);

/** Raises the registered-slot high-water mark (the tie-break offset is drawn modulo it). */
export function noteInstanceSlot(slot: i32): void {
  if (slot >= instanceCount) instanceCount = slot + 1;
}

/** Allocates the state arrays. Called once per core by `init` in api.ts. */
export function allocState(instances: i32, tasks: i32, groups: i32, batch: i32): void {
  maxInstances = instances;
  maxTasks = tasks;
  maxGroups = groups;
  maxBatch = batch > tasks ? batch : tasks;
  if (maxBatch < instances) maxBatch = instances;
  instanceCount = 0;
  instCpu = new Int32Array(instances);
  instMem = new Int32Array(instances);
  instEni = new Int32Array(instances);
  instAz = new Int32Array(instances);
  instKey = new Int32Array(instances);
  instCp = new Int32Array(instances);
  instTasks = new Int32Array(instances);
  instStatus = new Uint8Array(instances);
  instMask = new Uint8Array(instances);
  groupInst = new Int32Array(groups * instances);
  groupAz = new Int32Array(groups * MAX_AZ);
  groupKey = new Int32Array(groups * MAX_KEYS);
  groupDaemon = new Uint8Array(groups);
  groupStates = new Int32Array(groups * STATES);
  groupDemand = new Float64Array(groups);
  groupTaskCpu = new Float64Array(groups);
  groupTarget = new Float64Array(groups);
  groupUtil = new Float64Array(groups);
  groupDesired = new Int32Array(groups);
  cpNeed = new Int32Array(MAX_CP);
  cpRunning = new Int32Array(MAX_CP);
  cpEmpty = new Int32Array(MAX_CP);
  cpReservation = new Float64Array(MAX_CP);
  taskState = new Uint8Array(tasks);
  taskDue = new Float64Array(tasks);
  taskPlan = new Float64Array(tasks * PLAN);
  taskGroup = new Int32Array(tasks);
  taskInst = new Int32Array(tasks);
  taskRev = new Int32Array(tasks);
  strategy = new Int32Array(2 * MAX_RULES);
  out = new Int32Array(maxBatch);
  explainOut = new Int32Array(EXPLAIN_LEN);
  cand = new Int32Array(instances);
  for (let i = 0; i < instances; i++) unchecked(instCp[i] = -1);
  for (let t = 0; t < tasks; t++) {
    unchecked(taskGroup[t] = -1);
    unchecked(taskInst[t] = -1);
    unchecked(taskDue[t] = Infinity);
  }
}

// xorshift32, seeded per batch by the engine so that the engine's PRNG stays the only source.
let rng: u32 = 1;

/** Seeds the tie-break generator (0 selects the fixed seed 0x9e3779b9). */
export function seedRandom(seed: u32): void {
  rng = seed == 0 ? u32(0x9e3779b9) : u32(seed);
}

/** One xorshift32 draw. */
export function nextRandom(): u32 {
  let x: u32 = rng;
  x = u32(x ^ (x << 13));
  x = u32(x ^ (x >>> 17));
  x = u32(x ^ (x << 5));
  rng = x;
  return x;
}

/** The seeded tie-break offset: a slot in 0..instanceCount-1. */
export function drawOffset(): i32 {
  return i32(nextRandom() % u32(instanceCount));
}
