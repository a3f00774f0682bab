/**
 * A service's deployment as the scheduler sees it, for the canvas's deployment card: each revision
 * and its tasks, the rolling band (`ceil(desired × min%)` healthy, at most `floor(desired × max%)`
 * RUNNING + PENDING, §3.1), the circuit breaker's failures out of its threshold (§3.3), the bake or
 * the next traffic step still to wait for (§3.3, §4.1), and the tasks that wait for capacity (§6.3)
 * or could not be placed (§1.6). Reads the engine; changes nothing.
 */
import type { Simulation } from '../engine';
import type { Service, Task } from '../model';
import { isHealthy, serviceTasks } from '../services';
import { breakerThreshold } from './breaker';
import { settingsOf } from './config';

export interface RevisionSnap {
  taskDefinition: string;
  revision: number;
  /** 'new': the deployment the service is moving to (PRIMARY); 'old': one it moves away from. */
  role: 'new' | 'old';
  rolloutState: string;
  /** Tasks of this revision the scheduler still wants, and how many of them are healthy. */
  tasks: number;
  healthy: number;
}

export interface DeploymentCardSnap {
  service: string;
  /** ROLLING, BLUE_GREEN, LINEAR, CANARY, or CODE_DEPLOY. */
  strategy: string;
  /** The blue/green run's lifecycle stage, or null. */
  stage: string | null;
  inProgress: boolean;
  /** Newest first. */
  revisions: RevisionSnap[];
  band: { desired: number; minHealthy: number; maxTotal: number; healthy: number; total: number };
  breaker: { failed: number; threshold: number } | null;
  /** A wait the deployment is in: `bake` (alarm or blue/green bake time) or `step` (the next traffic step). */
  wait: { kind: 'bake' | 'step'; remainingSeconds: number; totalSeconds: number } | null;
  /** Tasks waiting in PROVISIONING for Auto Scaling group capacity (no instance yet). */
  waiting: number;
  /** Tasks the scheduler wants but could not place, and why (the last "unable to place" event). */
  unplaced: number;
  unplacedReason: string | null;
}

const revisionOf = (taskDefinition: string) => Number(taskDefinition.slice(taskDefinition.lastIndexOf(':') + 1)) || 0;

function bandOf(svc: Service, wanted: Task[]): DeploymentCardSnap['band'] {
  const desired = svc.desiredCount;
  return {
    desired,
    minHealthy: Math.ceil((desired * svc.minimumHealthyPercent) / 100),
    maxTotal: Math.floor((desired * svc.maximumPercent) / 100),
    healthy: wanted.filter(isHealthy).length,
    total: wanted.filter((t) => t.lastStatus !== 'STOPPED').length,
  };
}

function revisionsOf(svc: Service, wanted: Task[]): RevisionSnap[] {
  const active = svc.deployments.filter((d) => d.status !== 'INACTIVE');
  const revs = active.map((d, i): RevisionSnap => {
    const mine = wanted.filter((t) => t.taskDefinition === d.taskDefinition);
    return { taskDefinition: d.taskDefinition, revision: revisionOf(d.taskDefinition), role: i === 0 ? 'new' : 'old',
      rolloutState: d.rolloutState, tasks: mine.length, healthy: mine.filter(isHealthy).length };
  });
  // Tasks of a revision no deployment claims any more (a rollback in progress) still show.
  for (const t of wanted) {
    if (revs.some((r) => r.taskDefinition === t.taskDefinition)) continue;
    const mine = wanted.filter((x) => x.taskDefinition === t.taskDefinition);
    revs.push({ taskDefinition: t.taskDefinition, revision: revisionOf(t.taskDefinition), role: 'old', rolloutState: 'INACTIVE',
      tasks: mine.length, healthy: mine.filter(isHealthy).length });
  }
  return revs;
}

function waitOf(sim: Simulation, svc: Service): DeploymentCardSnap['wait'] {
  const now = sim.t;
  const run = svc.blueGreen;
  if (run && run.stage === 'BAKE_TIME') {
    const total = settingsOf(svc).bakeTimeInMinutes * 60;
    return { kind: 'bake', remainingSeconds: Math.max(0, run.stageStartedAt + total - now), totalSeconds: total };
  }
  if (run && run.shiftStartedAt !== null && run.nextStep > 0 && run.nextStep < run.plan.length) {
    const at = run.shiftStartedAt + run.plan[run.nextStep]!.atSeconds;
    const total = run.plan[run.nextStep]!.atSeconds - run.plan[run.nextStep - 1]!.atSeconds;
    return { kind: 'step', remainingSeconds: Math.max(0, at - now), totalSeconds: total };
  }
  const primary = svc.deployments[0];
  if (primary?.bakeUntil != null && primary.rolloutState === 'IN_PROGRESS' && primary.bakeUntil > now) {
    const remaining = primary.bakeUntil - now;
    return { kind: 'bake', remainingSeconds: remaining, totalSeconds: Math.max(remaining, primary.bakeUntil - primary.updatedAt) };
  }
  return null;
}

function breakerOf(svc: Service): DeploymentCardSnap['breaker'] {
  const primary = svc.deployments[0];
  if (!svc.circuitBreaker.enable || svc.blueGreen || settingsOf(svc).strategy !== 'ROLLING' || !primary) return null;
  return { failed: primary.failedTasks, threshold: breakerThreshold(svc.desiredCount, svc.circuitBreakerThreshold) };
}

/** The placement failure without the event's boilerplate: the reason itself. */
function placementReason(message: string): string {
  return message.replace(/^was unable to place a task because no container instance met all of its requirements\. /, '')
    .replace(/ For more information, see the Troubleshooting section\.$/, '');
}

export function deploymentCard(sim: Simulation, svc: Service): DeploymentCardSnap {
  const wanted = serviceTasks(sim, svc).filter((t) => t.desiredStatus === 'RUNNING');
  const s = settingsOf(svc);
  const waiting = wanted.filter((t) => t.lastStatus === 'PROVISIONING' && t.launchType === 'EC2' && t.instanceSlot < 0).length;
  const failure = svc.lastPlacementEvent;
  const primary = svc.deployments[0];
  return {
    service: svc.serviceName,
    strategy: s.controller === 'CODE_DEPLOY' ? 'CODE_DEPLOY' : s.strategy,
    stage: svc.blueGreen?.stage ?? null,
    inProgress: svc.deployments.filter((d) => d.status !== 'INACTIVE').length > 1 || primary?.rolloutState === 'IN_PROGRESS',
    revisions: revisionsOf(svc, wanted),
    band: bandOf(svc, wanted),
    breaker: breakerOf(svc),
    wait: waitOf(sim, svc),
    waiting,
    unplaced: failure ? Math.max(0, svc.desiredCount - wanted.length) : 0,
    unplacedReason: failure ? placementReason(failure.reason) : null,
  };
}

/** Deployment cards of every active service. */
export function deploymentCards(sim: Simulation): DeploymentCardSnap[] {
  return [...sim.services.values()].filter((s) => s.status !== 'INACTIVE').map((s) => deploymentCard(sim, s));
}
