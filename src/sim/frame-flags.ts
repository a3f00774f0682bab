/**
 * Constants of the snapshot's per-task frame, in a module of their own: the canvas reads them
 * without loading the engine (the first view is drawn before the engine arrives).
 */

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
} as const;
