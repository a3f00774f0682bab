// The core's entry points, shared by the wasm build (assembly/index.ts adds the pointer exports)
// and the JS build (src/core/load-js.ts imports this file in portable mode).

import { allocState } from './layout';
import { allocIndex } from './index-tree';
import { allocLifecycle } from './lifecycle';

export {
  MAX_AZ, MAX_KEYS, MAX_CP, MAX_RULES, PLAN, STATES, EXPLAIN_LEN,
} from './layout';
export { invalidateIndex } from './index-tree';
export {
  addInstance, setInstanceStatus, release, countInAz, leastLoadedAz, placeBatch, placeBatchScan,
} from './placement';
export { chooseVictims, explain } from './victims';
export { bindTask, enterState, tick, serviceMetrics } from './lifecycle';

/** Allocates every array once. Call before anything else; JS takes its views afterwards. */
export function init(instances: i32, tasks: i32, groups: i32, batch: i32): void {
  allocState(instances, tasks, groups, batch);
  allocIndex(instances);
  allocLifecycle(tasks);
}
