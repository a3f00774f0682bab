/**
 * Task lifecycle state codes as the core stores them, in a module of their own: the canvas reads
 * them without loading the core's wrapper.
 */
/** Task lifecycle states as stored in the core (`taskState`). */
export const TaskStateCode = {
  NONE: 0,
  PROVISIONING: 1,
  PENDING: 2,
  ACTIVATING: 3,
  RUNNING: 4,
  DEACTIVATING: 5,
  STOPPING: 6,
  DEPROVISIONING: 7,
  STOPPED: 8,
} as const;

export const STATE_NAMES = [
  'NONE', 'PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING',
  'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED',
] as const;
