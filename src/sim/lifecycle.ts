/**
 * How long each lifecycle state lasts (§2.1, §7.2, §10). Durations are drawn from the seeded PRNG
 * with jitter; the scheduler core then moves every task through its plan in one call per tick.
 *
 * Figures that AWS does not publish are modelled, and named here so the UI can say so:
 * - ENI attachment for awsvpc on EC2: about 6 s (model).
 * - Fargate capacity + ENI provisioning: about 18 s (model; AWS quotes 30–45 s typical to RUNNING, §7.2).
 * - Image pull throughput: about 40 MiB/s on EC2, 15 MiB/s on Fargate, plus 1 s of layer setup (model);
 *   a pull of an image already cached checks the manifest in about 1 s (model).
 * - Container start after pull: about 1.5 s (model).
 * - A task that gets SIGTERM exits in about 2 s (model), or is killed after stopTimeout.
 */
import { jitter, type Rng } from './rng';
import { PLAN } from '../core/core';

export const MODEL = {
  eniAttachSeconds: 6,
  fargateProvisionSeconds: 18,
  ec2PlainProvisionSeconds: 1,
  ec2PullMiBPerSecond: 40,
  fargatePullMiBPerSecond: 15,
  pullSetupSeconds: 1,
  /** A pull of an image already cached only checks the manifest (model). */
  manifestCheckSeconds: 1,
  containerStartSeconds: 1.5,
  activatingSeconds: 1,
  sigtermExitSeconds: 2,
  eniDetachSeconds: 3,
  /** §2.4: without an LB or container health check a task counts healthy 40 s after RUNNING. */
  healthyAfterRunningSeconds: 40,
} as const;

export type ImagePull = 'none' | 'check' | 'full';

export interface LaunchFacts {
  launchType: 'EC2' | 'FARGATE';
  awsvpc: boolean;
  imageSizeMiB: number;
  /** none: the cached image is used as is; check: a manifest check against a cached image; full: a download. */
  pull: ImagePull;
  /** The pull fails (the tag is missing and no usable cache): the task waits in PENDING until the engine stops it. */
  pullFails: boolean;
  exitAfterSeconds: number | null;
}

/**
 * What the agent does about the image (§10, ECS_IMAGE_PULL_BEHAVIOR). Fargate has no cache and
 * always pulls (§7.2).
 */
export function imagePull(behavior: 'default' | 'always' | 'once' | 'prefer-cached' | 'fargate', cached: boolean,
  imageExists: boolean): { pull: ImagePull; fails: boolean } {
  if (behavior === 'fargate') return { pull: 'full', fails: !imageExists };
  if (cached && (behavior === 'once' || behavior === 'prefer-cached')) return { pull: 'none', fails: false };
  if (!cached) return { pull: 'full', fails: !imageExists };
  // default: a failed pull falls back to the cached image; always: a failed pull fails the task.
  return { pull: 'check', fails: behavior === 'always' && !imageExists };
}

/** Seconds in PROVISIONING, PENDING, ACTIVATING, RUNNING for a new task (the rest is set at stop). */
export function launchPlan(rng: Rng, f: LaunchFacts): { plan: Float64Array; pullSeconds: number } {
  const plan = new Float64Array(PLAN);
  const provisioning = f.launchType === 'FARGATE'
    ? jitter(rng, MODEL.fargateProvisionSeconds, 0.3)
    : f.awsvpc ? jitter(rng, MODEL.eniAttachSeconds, 0.3) : jitter(rng, MODEL.ec2PlainProvisionSeconds, 0.5);
  const rate = f.launchType === 'FARGATE' ? MODEL.fargatePullMiBPerSecond : MODEL.ec2PullMiBPerSecond;
  const pullSeconds = f.pull === 'none' ? 0
    : f.pull === 'check' || f.pullFails ? jitter(rng, MODEL.manifestCheckSeconds, 0.3)
      : jitter(rng, MODEL.pullSetupSeconds + f.imageSizeMiB / rate, 0.25);
  plan[0] = Math.max(0.5, provisioning);
  plan[1] = f.pullFails ? Infinity : pullSeconds + jitter(rng, MODEL.containerStartSeconds, 0.3);
  plan[2] = jitter(rng, MODEL.activatingSeconds, 0.5);
  plan[3] = f.exitAfterSeconds ?? Infinity;
  plan[4] = 0;
  plan[5] = 0;
  plan[6] = 0;
  return { plan, pullSeconds };
}

/**
 * Durations for DEACTIVATING (deregistration), STOPPING (SIGTERM → exit or SIGKILL at stopTimeout)
 * and DEPROVISIONING (ENI detach), written into the task's plan from index 4.
 */
export function stopPlan(rng: Rng, drainSeconds: number, stopTimeout: number, awsvpc: boolean,
  exitsOnSigterm = true): number[] {
  const stopping = exitsOnSigterm ? Math.min(stopTimeout, jitter(rng, MODEL.sigtermExitSeconds, 0.5)) : stopTimeout;
  const deprov = awsvpc ? jitter(rng, MODEL.eniDetachSeconds, 0.3) : 0.5;
  return [drainSeconds, stopping, deprov];
}
