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

export let instCpu: StaticArray<i32> = new StaticArray<i32>(0);
export let instMem: StaticArray<i32> = new StaticArray<i32>(0);
export let instEni: StaticArray<i32> = new StaticArray<i32>(0);
export let instAz: StaticArray<i32> = new StaticArray<i32>(0);
export let instKey: StaticArray<i32> = new StaticArray<i32>(0);
export let instCp: StaticArray<i32> = new StaticArray<i32>(0);
export let instTasks: StaticArray<i32> = new StaticArray<i32>(0);
export let instStatus: StaticArray<u8> = new StaticArray<u8>(0);
export let instMask: StaticArray<u8> = new StaticArray<u8>(0);
export let groupInst: StaticArray<i32> = new StaticArray<i32>(0);
export let groupAz: StaticArray<i32> = new StaticArray<i32>(0);
export let groupKey: StaticArray<i32> = new StaticArray<i32>(0);
export let groupDaemon: StaticArray<u8> = new StaticArray<u8>(0);
export let groupStates: StaticArray<i32> = new StaticArray<i32>(0);
export let groupDemand: StaticArray<f64> = new StaticArray<f64>(0);
export let groupTaskCpu: StaticArray<f64> = new StaticArray<f64>(0);
export let groupTarget: StaticArray<f64> = new StaticArray<f64>(0);
export let groupUtil: StaticArray<f64> = new StaticArray<f64>(0);
export let groupDesired: StaticArray<i32> = new StaticArray<i32>(0);
export let cpNeed: StaticArray<i32> = new StaticArray<i32>(0);
export let cpRunning: StaticArray<i32> = new StaticArray<i32>(0);
export let cpEmpty: StaticArray<i32> = new StaticArray<i32>(0);
export let cpReservation: StaticArray<f64> = new StaticArray<f64>(0);
export let taskState: StaticArray<u8> = new StaticArray<u8>(0);
export let taskDue: StaticArray<f64> = new StaticArray<f64>(0);
export let taskPlan: StaticArray<f64> = new StaticArray<f64>(0);
export let taskGroup: StaticArray<i32> = new StaticArray<i32>(0);
export let taskInst: StaticArray<i32> = new StaticArray<i32>(0);
export let taskRev: StaticArray<i32> = new StaticArray<i32>(0);
export let strategy: StaticArray<i32> = new StaticArray<i32>(0);
export let out: StaticArray<i32> = new StaticArray<i32>(0);
export let explainOut: StaticArray<i32> = new StaticArray<i32>(0);
export let cand: StaticArray<i32> = new StaticArray<i32>(0);

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
  instCpu = new StaticArray<i32>(instances);
  instMem = new StaticArray<i32>(instances);
  instEni = new StaticArray<i32>(instances);
  instAz = new StaticArray<i32>(instances);
  instKey = new StaticArray<i32>(instances);
  instCp = new StaticArray<i32>(instances);
  instTasks = new StaticArray<i32>(instances);
  instStatus = new StaticArray<u8>(instances);
  instMask = new StaticArray<u8>(instances);
  groupInst = new StaticArray<i32>(groups * instances);
  groupAz = new StaticArray<i32>(groups * MAX_AZ);
  groupKey = new StaticArray<i32>(groups * MAX_KEYS);
  groupDaemon = new StaticArray<u8>(groups);
  groupStates = new StaticArray<i32>(groups * STATES);
  groupDemand = new StaticArray<f64>(groups);
  groupTaskCpu = new StaticArray<f64>(groups);
  groupTarget = new StaticArray<f64>(groups);
  groupUtil = new StaticArray<f64>(groups);
  groupDesired = new StaticArray<i32>(groups);
  cpNeed = new StaticArray<i32>(MAX_CP);
  cpRunning = new StaticArray<i32>(MAX_CP);
  cpEmpty = new StaticArray<i32>(MAX_CP);
  cpReservation = new StaticArray<f64>(MAX_CP);
  taskState = new StaticArray<u8>(tasks);
  taskDue = new StaticArray<f64>(tasks);
  taskPlan = new StaticArray<f64>(tasks * PLAN);
  taskGroup = new StaticArray<i32>(tasks);
  taskInst = new StaticArray<i32>(tasks);
  taskRev = new StaticArray<i32>(tasks);
  strategy = new StaticArray<i32>(2 * MAX_RULES);
  out = new StaticArray<i32>(maxBatch);
  explainOut = new StaticArray<i32>(EXPLAIN_LEN);
  cand = new StaticArray<i32>(instances);
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
