/**
 * Capacity providers as the engine keeps them (§6): the Auto Scaling group providers a scenario
 * declares, the cluster's association list, the Fargate launch token buckets (§7.2) and what is
 * waiting for capacity. Plain data hung on the simulation (`sim.capacityState`), so a checkpoint
 * of the simulation carries it.
 *
 * @example
 * const cs = capacityState(sim);
 * cs.providers.get('web-asg')?.desiredCapacity; // 4
 */
import type { Simulation } from '../engine';
import type { Task } from '../model';
import type { LaunchRequest } from '../tasks';

/** One EC2 instance of an Auto Scaling group, from launch to termination. */
export interface AsgInstance {
  ec2InstanceId: string;
  availabilityZone: string;
  lifecycle: 'on-demand' | 'spot';
  /** When the ASG launched it: billing starts here (§7.3). */
  launchedAt: number;
  /** When the ECS agent registers it with the cluster (launch + boot + agent start; model). */
  registersAt: number;
  /** Until this time the instance is warming up and blocks the next managed scale-out (§6.3). */
  warmUntil: number;
  /** Container instance slot once registered, else -1. */
  slot: number;
  state: 'Pending' | 'InService' | 'Terminated';
  terminatedAt: number | null;
  /** Spot interruption: when EC2 reclaims it (two minutes after the notice), or null. */
  interruptAt: number | null;
}

export interface ManagedScaling {
  status: 'ENABLED' | 'DISABLED';
  /** Percent, 1..100 (§6.3). */
  targetCapacity: number;
  minimumScalingStepSize: number;
  maximumScalingStepSize: number;
  /** Seconds after launch during which an instance blocks the next scale-out step (§6.3). */
  instanceWarmupPeriod: number;
}

/** An EC2 Auto Scaling group capacity provider (§6.3). */
export interface AsgProvider {
  name: string;
  /** Index in the scheduler core's per-provider arrays (`instCp`, `cpNeed`, ...). */
  index: number;
  autoScalingGroupName: string;
  instanceType: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  availabilityZones: string[];
  /** Spot instances (launch template `instanceMarketOptions.marketType: spot`). */
  lifecycle: 'on-demand' | 'spot';
  /** ECS_ENABLE_SPOT_INSTANCE_DRAINING: the agent drains an instance on its interruption notice. */
  spotInstanceDraining: boolean;
  managedScaling: ManagedScaling;
  managedTerminationProtection: 'ENABLED' | 'DISABLED';
  instances: AsgInstance[];
  /** CapacityProviderReservation datapoints, one a minute, newest last (at most 15 kept). */
  reservation: number[];
  /** The latest evaluation, for metrics and the canvas. */
  last: { t: number; reservation: number; needed: number; running: number; empty: number; waitingTasks: number } | null;
}

/** Tasks a service could not place on its Auto Scaling group provider this step (they wait). */
export interface WaitingForCapacity {
  provider: string;
  /** Tasks the service is short of (counted in PROVISIONING, §6.3). */
  count: number;
  cpu: number;
  memory: number;
  enis: number;
  hostPorts: number[];
  at: number;
}

/** Fargate's launch token buckets (§7.2, §11): On-Demand and Spot separately, and RunTask calls. */
export interface LaunchBuckets {
  onDemand: number;
  spot: number;
  runTaskCalls: number;
  /** Simulated time the buckets were last refilled. */
  at: number;
}

export interface CapacityState {
  /** Auto Scaling group providers by name (FARGATE and FARGATE_SPOT are built in, never listed). */
  providers: Map<string, AsgProvider>;
  /** Providers associated with the cluster (PutClusterCapacityProviders); null: every declared one. */
  associated: string[] | null;
  /**
   * Tasks in PROVISIONING waiting for Auto Scaling group capacity (§6.3), oldest first, each with
   * the launch request that placed it (service tasks and RunTask alike).
   */
  waitingTasks: { task: Task; provider: string; request: LaunchRequest }[];
  buckets: LaunchBuckets;
  /** Per service name: Fargate launch times in the last minute (500 per minute per service, §11). */
  serviceLaunches: Map<string, number[]>;
  /** FARGATE_SPOT / ASG Spot capacity withheld until this time after an interruption (model). */
  spotUnavailableUntil: Map<string, number>;
  /** Launches refused by a bucket, for the canvas and the metrics (cumulative). */
  throttledLaunches: number;
}

/** Fargate token bucket: burst and refill per second, On-Demand and Spot each (§7.2). */
export const FARGATE_BUCKET = { burst: 100, perSecond: 20 } as const;
/** RunTask API calls per second (§7.2); burst modelled as one second's worth. */
export const RUN_TASK_CALLS = { burst: 20, perSecond: 20 } as const;
/** Tasks a service may launch on Fargate per minute (§11). */
export const SERVICE_LAUNCHES_PER_MINUTE = 500;

/** The capacity state of a new simulation (declared in Simulation, engine.ts). */
export function newCapacityState(): CapacityState {
  return {
    providers: new Map(),
    associated: null,
    waitingTasks: [],
    buckets: { onDemand: FARGATE_BUCKET.burst, spot: FARGATE_BUCKET.burst, runTaskCalls: RUN_TASK_CALLS.burst, at: 0 },
    serviceLaunches: new Map(),
    spotUnavailableUntil: new Map(),
    throttledLaunches: 0,
  };
}

/** The capacity state of a simulation. */
export function capacityState(sim: Simulation): CapacityState {
  return sim.capacityState;
}

/** Built-in Fargate providers (§6.2). */
export const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'] as const;

export function isFargateProvider(name: string | null | undefined): boolean {
  return name === 'FARGATE' || name === 'FARGATE_SPOT';
}

/** The Auto Scaling group provider of that name, or undefined. */
export function asgProvider(sim: Simulation, name: string | null | undefined): AsgProvider | undefined {
  if (!name || isFargateProvider(name)) return undefined;
  return capacityState(sim).providers.get(name);
}

/**
 * The core index of a provider for `instCp` (-1 for none). Instances registered before the
 * provider is created (the scenario's starting instances) get an index reserved by name.
 */
export function providerIndex(sim: Simulation, name: string | null | undefined): number {
  if (!name || isFargateProvider(name)) return -1;
  const cs = capacityState(sim);
  const p = cs.providers.get(name);
  if (p) return p.index;
  const declared = (sim.scenario.capacityProviders ?? []).findIndex((c) => c.name === name);
  return declared >= 0 && declared < 16 ? declared : -1;
}

/**
 * A setup error for the scenario path `field`: the API's message, then the field, the value sent
 * and what is accepted (what the CLI prints on its single error line).
 */
export function scenarioError(field: string, e: { value: unknown; accepted: string; message: string }): { field: string; value: unknown; accepted: string; message: string } {
  let shown: string;
  try { shown = e.value === undefined ? 'nothing' : JSON.stringify(e.value) ?? String(e.value); } catch { shown = String(e.value); }
  if (shown.length > 80) shown = `${shown.slice(0, 77)}...`;
  return { field, value: e.value, accepted: e.accepted, message: `${e.message} (scenario field '${field}' is ${shown}; accepted: ${e.accepted})` };
}
