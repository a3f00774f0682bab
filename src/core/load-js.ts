/**
 * The JS build of the core: the same AssemblyScript source (assembly/api.ts) run as JavaScript in
 * AssemblyScript's portable mode (std/portable supplies i32(), u32(), ctz(), unchecked() ...).
 * It is the differential-test oracle and the benchmark's baseline for "wasm over JS"; the product
 * uses the wasm build.
 *
 * Node only, through a TypeScript-aware loader (tsx, vitest). The module paths are computed so that
 * `tsc -p .` does not type-check assembly/ with the DOM library.
 *
 * A module's state is a singleton: creating a second JS core re-initialises the first one's
 * arrays, so use one JS core at a time.
 *
 * @example
 * const js = await createJsCore({ instances: 100, tasks: 1000, groups: 4 });
 * js.addInstance(0, 0, 2048, 7985, 3);
 */
import { SchedulerCore, type CoreCapacity, type CoreFunctions, type CoreViews } from './core';

type Layout = Record<string, Int32Array | Uint8Array | Float64Array>;
let loaded: Promise<{ fns: CoreFunctions; layout: Layout }> | undefined;

function load(): Promise<{ fns: CoreFunctions; layout: Layout }> {
  loaded ??= (async () => {
    const at = (p: string) => new URL(p, import.meta.url).href;
    await import(/* @vite-ignore */ at('../../node_modules/assemblyscript/std/portable/index.js'));
    const fns = (await import(/* @vite-ignore */ at('../../assembly/api.ts'))) as CoreFunctions;
    const layout = (await import(/* @vite-ignore */ at('../../assembly/layout.ts'))) as Layout;
    return { fns, layout };
  })();
  return loaded;
}

/** A core running the AssemblyScript source as JavaScript. */
export async function createJsCore(capacity: CoreCapacity): Promise<SchedulerCore> {
  const { fns, layout } = await load();
  const views = (): CoreViews => {
    const v = (name: string) => layout[name];
    return {
      instCpu: v('instCpu'), instMem: v('instMem'), instEni: v('instEni'), instAz: v('instAz'),
      instKey: v('instKey'), instCp: v('instCp'), instTasks: v('instTasks'),
      instStatus: v('instStatus'), instMask: v('instMask'), groupInst: v('groupInst'),
      groupAz: v('groupAz'), groupKey: v('groupKey'), groupDaemon: v('groupDaemon'),
      groupStates: v('groupStates'), groupDemand: v('groupDemand'), groupTaskCpu: v('groupTaskCpu'),
      groupTarget: v('groupTarget'), groupUtil: v('groupUtil'), groupDesired: v('groupDesired'),
      cpNeed: v('cpNeed'), cpRunning: v('cpRunning'), cpEmpty: v('cpEmpty'),
      cpReservation: v('cpReservation'), taskState: v('taskState'), taskDue: v('taskDue'),
      taskPlan: v('taskPlan'), taskGroup: v('taskGroup'), taskInst: v('taskInst'),
      taskRev: v('taskRev'), strategy: v('strategy'), out: v('out'), explain: v('explainOut'),
    } as unknown as CoreViews;
  };
  return new SchedulerCore({ fns, views }, capacity);
}
