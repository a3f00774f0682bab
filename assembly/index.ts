// Wasm entry of the scheduler core: every export of api.ts plus the `*Ptr()` exports that locate
// the state arrays in linear memory (layout documented in layout.ts). Numbers only cross the
// boundary; JS reads and writes the arrays through typed-array views taken after `init`.

import {
  instCpu, instMem, instEni, instAz, instKey, instCp, instTasks, instStatus, instMask, groupInst,
  groupAz, groupKey, groupDaemon, groupStates, groupDemand, groupTaskCpu, groupTarget, groupUtil,
  groupDesired, cpNeed, cpRunning, cpEmpty, cpReservation, taskState, taskDue, taskPlan, taskGroup,
  taskInst, taskRev, strategy, out, explainOut,
} from './layout';

export * from './api';

export function instCpuPtr(): usize { return instCpu.dataStart; }
export function instMemPtr(): usize { return instMem.dataStart; }
export function instEniPtr(): usize { return instEni.dataStart; }
export function instAzPtr(): usize { return instAz.dataStart; }
export function instKeyPtr(): usize { return instKey.dataStart; }
export function instCpPtr(): usize { return instCp.dataStart; }
export function instTasksPtr(): usize { return instTasks.dataStart; }
export function instStatusPtr(): usize { return instStatus.dataStart; }
export function instMaskPtr(): usize { return instMask.dataStart; }
export function groupInstPtr(): usize { return groupInst.dataStart; }
export function groupAzPtr(): usize { return groupAz.dataStart; }
export function groupKeyPtr(): usize { return groupKey.dataStart; }
export function groupDaemonPtr(): usize { return groupDaemon.dataStart; }
export function groupStatesPtr(): usize { return groupStates.dataStart; }
export function groupDemandPtr(): usize { return groupDemand.dataStart; }
export function groupTaskCpuPtr(): usize { return groupTaskCpu.dataStart; }
export function groupTargetPtr(): usize { return groupTarget.dataStart; }
export function groupUtilPtr(): usize { return groupUtil.dataStart; }
export function groupDesiredPtr(): usize { return groupDesired.dataStart; }
export function cpNeedPtr(): usize { return cpNeed.dataStart; }
export function cpRunningPtr(): usize { return cpRunning.dataStart; }
export function cpEmptyPtr(): usize { return cpEmpty.dataStart; }
export function cpReservationPtr(): usize { return cpReservation.dataStart; }
export function taskStatePtr(): usize { return taskState.dataStart; }
export function taskDuePtr(): usize { return taskDue.dataStart; }
export function taskPlanPtr(): usize { return taskPlan.dataStart; }
export function taskGroupPtr(): usize { return taskGroup.dataStart; }
export function taskInstPtr(): usize { return taskInst.dataStart; }
export function taskRevPtr(): usize { return taskRev.dataStart; }
export function strategyPtr(): usize { return strategy.dataStart; }
export function outPtr(): usize { return out.dataStart; }
export function explainPtr(): usize { return explainOut.dataStart; }
