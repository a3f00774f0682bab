/**
 * Constants of the snapshot's per-task frame, and its counting, in a module of their own: the
 * canvas and the panel read them without loading the engine (the first view is drawn before the
 * engine arrives).
 */
import type { TaskFrame } from './snapshot';
import { TaskStateCode } from '../core/states';

/** Stopped tasks stay in the snapshot this long, so the canvas can show them leaving. */
export const STOPPED_VISIBLE_SECONDS = 30;

/** Bits of `TaskFrame.flags`. */
export const TASK_FLAG = {
  /** The service counts the task healthy (§2.4). */
  HEALTHY: 1,
  /** Failing a load balancer or container health check, or marked for replacement (§2.3, §2.5). */
  UNHEALTHY: 2,
  /** Serving requests now (the traffic model routed some to it). */
  RECEIVING: 4,
  /** desiredStatus STOPPED: the scheduler or a user is stopping it. */
  STOP_DESIRED: 8,
  /** Deregistering from its target group (connection draining, §12). */
  DRAINING: 16,
  /** Stopped without ever running, or its essential container exited (a failed task). */
  FAILED: 32,
  /** An EC2 task waiting in PROVISIONING for Auto Scaling group capacity, with no instance yet (§6.3). */
  WAITING: 64,
} as const;

/** A frame's tasks counted: how many in each state (indexed by state code), and how many of those not yet stopped are placed on an instance. */
export interface FrameCounts { byState: number[]; placed: number }

/**
 * Counts a frame's tasks by state, and those not yet stopped that are placed on an instance; with
 * `perInstance`, also adds up the tasks not yet stopped on each instance slot.
 */
export function countFrame(f: Pick<TaskFrame, 'count' | 'state' | 'instance'>, perInstance?: Map<number, number>): FrameCounts {
  const byState = new Array<number>(TaskStateCode.STOPPED + 1).fill(0);
  let placed = 0;
  for (let i = 0; i < f.count; i++) {
    const st = f.state[i]!;
    if (st === TaskStateCode.NONE) continue;
    byState[st]!++;
    if (st === TaskStateCode.STOPPED) continue;
    const inst = f.instance[i]!;
    if (inst < 0) continue;
    placed++;
    if (perInstance) perInstance.set(inst, (perInstance.get(inst) ?? 0) + 1);
  }
  return { byState, placed };
}
