/**
 * Capacity providers in the engine loop (§6): every step the Auto Scaling groups move (launches
 * register, Spot instances are reclaimed, lost instances are replaced), managed scaling runs on
 * the minute, and RunTask launches waiting for capacity start when it arrives. Runs before the
 * service scheduler, so tasks waiting for capacity are placed in the step an instance registers.
 */
import type { Simulation } from '../engine';
import { capacityState } from './state';
import { runAutoScalingGroups } from './asg';
import { serveWaiting } from './launch';
import { refill } from './throttle';

/**
 * DAEMON services' groups are flagged in the core, so their tasks do not make an instance count
 * as non-empty for CapacityProviderReservation and termination protection (§6.3). Flags are set
 * before the scheduler places anything in the step.
 */
function flagDaemonGroups(sim: Simulation): void {
  const flags = sim.core.groupDaemon;
  for (const svc of sim.services.values()) flags[svc.groupIndex] = svc.schedulingStrategy === 'DAEMON' ? 1 : 0;
}

export function runCapacityProviders(sim: Simulation, now: number): void {
  const cs = capacityState(sim);
  refill(sim);
  flagDaemonGroups(sim);
  if (!cs.providers.size && !cs.waitingTasks.length) return;
  runAutoScalingGroups(sim, now);
  serveWaiting(sim, now);
}

/** Setup, after services exist and before any task is placed. */
export function flagDaemonsAtSetup(sim: Simulation): null {
  flagDaemonGroups(sim);
  return null;
}
