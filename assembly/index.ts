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

export function instCpuPtr(): usize { return changetype<usize>(instCpu); }
export function instMemPtr(): usize { return changetype<usize>(instMem); }
export function instEniPtr(): usize { return changetype<usize>(instEni); }
export function instAzPtr(): usize { return changetype<usize>(instAz); }
export function instKeyPtr(): usize { return changetype<usize>(instKey); }
export function instCpPtr(): usize { return changetype<usize>(instCp); }
export function instTasksPtr(): usize { return changetype<usize>(instTasks); }
export function instStatusPtr(): usize { return changetype<usize>(instStatus); }
export function instMaskPtr(): usize { return changetype<usize>(instMask); }
export function groupInstPtr(): usize { return changetype<usize>(groupInst); }
export function groupAzPtr(): usize { return changetype<usize>(groupAz); }
export function groupKeyPtr(): usize { return changetype<usize>(groupKey); }
export function groupDaemonPtr(): usize { return changetype<usize>(groupDaemon); }
export function groupStatesPtr(): usize { return changetype<usize>(groupStates); }
export function groupDemandPtr(): usize { return changetype<usize>(groupDemand); }
export function groupTaskCpuPtr(): usize { return changetype<usize>(groupTaskCpu); }
export function groupTargetPtr(): usize { return changetype<usize>(groupTarget); }
export function groupUtilPtr(): usize { return changetype<usize>(groupUtil); }
export function groupDesiredPtr(): usize { return changetype<usize>(groupDesired); }
export function cpNeedPtr(): usize { return changetype<usize>(cpNeed); }
export function cpRunningPtr(): usize { return changetype<usize>(cpRunning); }
export function cpEmptyPtr(): usize { return changetype<usize>(cpEmpty); }
export function cpReservationPtr(): usize { return changetype<usize>(cpReservation); }
export function taskStatePtr(): usize { return changetype<usize>(taskState); }
export function taskDuePtr(): usize { return changetype<usize>(taskDue); }
export function taskPlanPtr(): usize { return changetype<usize>(taskPlan); }
export function taskGroupPtr(): usize { return changetype<usize>(taskGroup); }
export function taskInstPtr(): usize { return changetype<usize>(taskInst); }
export function taskRevPtr(): usize { return changetype<usize>(taskRev); }
export function strategyPtr(): usize { return changetype<usize>(strategy); }
export function outPtr(): usize { return changetype<usize>(out); }
export function explainPtr(): usize { return changetype<usize>(explainOut); }
