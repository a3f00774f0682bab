/**
 * What a lesson's goals read: a small, read-only view of the running session. It is built from
 * the engine's Snapshot (src/sim/snapshot.ts), the session's event feed, the registered task
 * definitions, each service's settings and deployments, and the learner's recorded actions.
 * Goals never see Pixi, the DOM or the mutable engine objects.
 *
 * The same view is built in the browser (the lesson player) and headless (`npm run lessons:check`),
 * both from a Session, so a goal behaves the same in both.
 */
import type { Simulation } from '../src/sim/engine';
import type { CommandResult } from '../src/sim/commands';
import type { FeedEvent } from '../src/app/log';
import type { PlacementDecision } from '../src/sim/events';
import type { TaskDefinition } from '../src/sim/taskdef';
import { snapshot, type InstanceSnap, type ServiceSnap, type Snapshot, type TaskSnap } from '../src/sim/snapshot';
import { QUERY_ACTIONS } from '../src/sim/discovery/actions';
import { invalidParameter } from '../src/sim/errors';
import { settingsOf } from '../src/sim/deployments/config';
import { costRates, type CostRates } from '../src/sim/cost';

/** What the view needs of a session (src/app/session.ts's Session has all of it). */
export interface SessionLike {
  readonly sim: Simulation;
  readonly log: { readonly recent: readonly FeedEvent[]; readonly placements: ReadonlyMap<string, PlacementDecision>; readonly version: number };
  /** The learner's recorded actions (stamped with the second they took effect). */
  readonly actions: readonly { at: number; action: string; request: Record<string, unknown> }[];
}

export interface DeploymentView {
  id: string;
  status: string;
  taskDefinition: string;
  revision: number;
  rolloutState: string;
  rolloutStateReason: string;
  /** The deployment this one rolls back (§3.3), or null. */
  rollbackOf: string | null;
  createdAt: number;
  /** Circuit breaker count so far (§3.3). */
  failedTasks: number;
}

/** A service's settings and deployments, copied out of the engine. */
export interface ServiceView {
  serviceName: string;
  status: string;
  launchType: string;
  desiredCount: number;
  minimumHealthyPercent: number;
  maximumPercent: number;
  circuitBreaker: { enable: boolean; rollback: boolean };
  placementStrategy: { type: string; field?: string }[];
  capacityProviderStrategy: { capacityProvider: string; base: number; weight: number }[];
  controller: string;
  strategy: string;
  deployments: DeploymentView[];
  /** Listener weights per target group while traffic is split (blue/green, linear, canary), else null. */
  trafficWeights: Record<string, number> | null;
  /** The blue/green, linear, canary or CodeDeploy run in progress: its stage and green's share. */
  blueGreen: { stage: string; configuration: string; greenPercent: number; testOnGreen: boolean; greenTaskDefinition: string | null } | null;
}

export interface RecordedCall { at: number; action: string; request: Record<string, unknown> }

export interface LessonView {
  /** Simulated seconds now. */
  t: number;
  /** When the current step started, and how long ago. */
  stepStart: number;
  elapsed: number;
  snap: Snapshot;
  /** What everything costs per hour right now: per service, EC2, Fargate, idle EC2 capacity. */
  cost: CostRates;
  services: ReadonlyMap<string, ServiceView>;
  taskDefinitions: readonly TaskDefinition[];
  /** Feed events (service events, deployment changes, scaling, traffic shifts) since the lesson began. */
  events: readonly FeedEvent[];
  /** Each task's placement explanation, by task id. */
  placements: ReadonlyMap<string, PlacementDecision>;
  /** Actions sent since the lesson began (by the learner, or by "Show me"). */
  actions: readonly RecordedCall[];
  /** Actions sent since the current step began. */
  stepActions: readonly RecordedCall[];
  /** Asks a read-only query (DiscoverInstances, ResolveDns, ServiceConnectResolve); changes nothing. */
  ask(action: string, request: Record<string, unknown>): CommandResult;
  /** The service's snapshot, or undefined. */
  service(name: string): ServiceSnap | undefined;
  /** The service's tasks not yet STOPPED. */
  tasksOf(service: string): TaskSnap[];
  /** Standalone tasks (no service) not yet STOPPED. */
  standalone(): TaskSnap[];
  /** The instance a task runs on (undefined on Fargate). */
  instanceOf(task: TaskSnap): InstanceSnap | undefined;
  /** Any task by id, STOPPED ones included (until the engine reuses their slot, an hour on). */
  task(taskId: string): TaskRecord | undefined;
  /** Tasks that stopped since the current step began. */
  stoppedInStep(): TaskRecord[];
  /** Auto Scaling group capacity providers: their instances and managed-scaling figures (§6.3). */
  capacityProviders: CapacityProviderView[];
  /** App Runner services beside the cluster (§8). */
  appRunner: AppRunnerView[];
}

export interface CapacityProviderView {
  name: string; instanceType: string; minSize: number; maxSize: number; desiredCapacity: number;
  inService: number; pending: number;
  /** The latest CapacityProviderReservation (percent), or null before the first evaluation. */
  reservation: number | null;
  targetCapacity: number; managedScaling: boolean;
}

export interface AppRunnerView {
  serviceName: string; instances: number; maxSize: number; maxConcurrency: number;
  requestsPerSecond: number; concurrency: number; rejectedRequestsPerSecond: number; p50LatencyMs: number; wantedInstances: number;
}

/** A task as DescribeTasks shows it, STOPPED ones included. */
export interface TaskRecord {
  taskId: string; service: string | null; taskDefinition: string; lastStatus: string; desiredStatus: string;
  availabilityZone: string; stopCode: string | null; stoppedReason: string | null;
  createdAt: number; startedAt: number | null; stoppedAt: number | null;
}

export interface ViewContext {
  stepStart: number;
  lessonStart: number;
  events: readonly FeedEvent[];
  /** Actions recorded before the session was last reopened (a resumed lesson). */
  earlierActions?: readonly RecordedCall[];
}

function serviceViews(sim: Simulation): Map<string, ServiceView> {
  const out = new Map<string, ServiceView>();
  for (const s of sim.services.values()) {
    if (s.status === 'INACTIVE') continue;
    const settings = s.deployment ? settingsOf(s) : null;
    const bg = s.blueGreen ?? null;
    const green = bg ? s.deployments.find((d) => d.id === bg.greenId) : undefined;
    out.set(s.serviceName, {
      serviceName: s.serviceName,
      status: s.status,
      launchType: s.launchType,
      desiredCount: s.desiredCount,
      minimumHealthyPercent: s.minimumHealthyPercent,
      maximumPercent: s.maximumPercent,
      circuitBreaker: { ...s.circuitBreaker },
      placementStrategy: s.placementStrategy.map((p) => ({ ...(p as { type: string; field?: string }) })),
      capacityProviderStrategy: s.capacityProviderStrategy.map((c) => ({ ...c })),
      controller: settings?.controller ?? 'ECS',
      strategy: settings?.strategy ?? 'ROLLING',
      deployments: s.deployments.map((d) => ({
        id: d.id, status: d.status, taskDefinition: d.taskDefinition, revision: Number(d.taskDefinition.split(':').pop()),
        rolloutState: d.rolloutState, rolloutStateReason: d.rolloutStateReason, rollbackOf: d.rollbackOf ?? null,
        createdAt: d.createdAt, failedTasks: d.failedTasks,
      })),
      trafficWeights: s.trafficWeights ? { ...s.trafficWeights } : null,
      blueGreen: bg ? { stage: bg.stage, configuration: bg.configuration, greenPercent: bg.greenPercent, testOnGreen: bg.testOnGreen, greenTaskDefinition: green?.taskDefinition ?? null } : null,
    });
  }
  return out;
}

/**
 * Asks a query action without letting it change anything: only QUERY_ACTIONS are allowed, and
 * the seeded PRNG (which a DNS answer of more than 8 records draws from) is put back afterwards.
 */
function askOnly(sim: Simulation, action: string, request: Record<string, unknown>): CommandResult {
  if (!QUERY_ACTIONS.has(action)) {
    return { ok: false, error: invalidParameter('action', action, `a query: ${[...QUERY_ACTIONS].join(', ')}`, `${action} changes the cluster; goals may only ask queries.`) };
  }
  const rng = sim.rng.state;
  try {
    return sim.act(action, structuredClone(request));
  } finally {
    sim.rng.state = rng;
  }
}

function record(x: Simulation['tasks'][number]): TaskRecord {
  return {
    taskId: x.taskId, service: x.service, taskDefinition: x.taskDefinition, lastStatus: x.lastStatus, desiredStatus: x.desiredStatus,
    availabilityZone: x.availabilityZone, stopCode: x.stopCode, stoppedReason: x.stoppedReason,
    createdAt: x.createdAt, startedAt: x.startedAt, stoppedAt: x.stoppedAt,
  };
}

function capacityProviders(sim: Simulation): CapacityProviderView[] {
  return [...(sim.capacityState?.providers.values() ?? [])].map((p) => ({
    name: p.name, instanceType: p.instanceType, minSize: p.minSize, maxSize: p.maxSize, desiredCapacity: p.desiredCapacity,
    inService: p.instances.filter((i) => i.state === 'InService').length,
    pending: p.instances.filter((i) => i.state === 'Pending').length,
    reservation: p.last?.reservation ?? null,
    targetCapacity: p.managedScaling.targetCapacity, managedScaling: p.managedScaling.status === 'ENABLED',
  }));
}

function appRunner(sim: Simulation): AppRunnerView[] {
  return [...(sim.appRunnerState?.values() ?? [])].map((a) => ({
    serviceName: a.serviceName, instances: a.instances, maxSize: a.config.maxSize, maxConcurrency: a.config.maxConcurrency,
    requestsPerSecond: a.stats.requestsPerSecond, concurrency: a.stats.concurrency, rejectedRequestsPerSecond: a.stats.rejectedRequestsPerSecond,
    p50LatencyMs: a.stats.p50LatencyMs, wantedInstances: a.stats.wantedInstances,
  }));
}

/** Builds the view of a session for the current step. */
export function buildView(session: SessionLike, ctx: ViewContext): LessonView {
  const sim = session.sim;
  const snap = snapshot(sim);
  const live = snap.tasks.filter((t) => t.lastStatus !== 'STOPPED');
  const bySlot = new Map(snap.instances.map((i) => [i.slot, i]));
  const actions = [...(ctx.earlierActions ?? []), ...session.actions].filter((a) => a.at > ctx.lessonStart && a.at <= sim.t + 1);
  return {
    t: sim.t,
    stepStart: ctx.stepStart,
    elapsed: sim.t - ctx.stepStart,
    snap,
    cost: structuredClone(costRates(sim)),
    services: serviceViews(sim),
    taskDefinitions: sim.taskDefinitions.list(),
    events: ctx.events,
    placements: session.log.placements,
    actions,
    stepActions: actions.filter((a) => a.at > ctx.stepStart),
    ask: (action, request) => askOnly(sim, action, request),
    service: (name) => snap.services.find((s) => s.serviceName === name),
    tasksOf: (service) => live.filter((t) => t.service === service),
    standalone: () => live.filter((t) => t.service === null),
    instanceOf: (task) => (task.instanceSlot >= 0 ? bySlot.get(task.instanceSlot) : undefined),
    task: (taskId) => {
      const x = sim.tasks.find((k) => k.taskId === taskId);
      return x ? record(x) : undefined;
    },
    stoppedInStep: () => sim.tasks.filter((x) => x.stoppedAt !== null && x.stoppedAt >= ctx.stepStart).map(record),
    capacityProviders: capacityProviders(sim),
    appRunner: appRunner(sim),
  };
}
