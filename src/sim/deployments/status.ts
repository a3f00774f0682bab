/**
 * Whether a service is in the middle of a deployment. Service auto scaling reads this: scale-in is
 * suspended while a deployment is in progress and scale-out continues (§3.2 step 6, §5.2).
 */
import type { Service } from '../model';

/**
 * True while any deployment of the service is IN_PROGRESS, while an older deployment still has
 * tasks to drain, or while a blue/green, linear, canary or CodeDeploy run is under way (§3.2, §4).
 *
 * @example
 * if (deploymentInProgress(svc) && wanted < svc.desiredCount) return; // no scale-in now
 */
export function deploymentInProgress(svc: Service): boolean {
  if (svc.blueGreen) return true;
  const live = svc.deployments.filter((d) => d.status !== 'INACTIVE');
  return live.length > 1 || live.some((d) => d.rolloutState === 'IN_PROGRESS');
}
