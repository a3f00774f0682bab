/**
 * The simulation: a cluster, its services and tasks, moved forward one fixed step at a time.
 *
 * Pure and deterministic: no wall clock, no Math.random. Time advances only through `step()`;
 * randomness comes from the seeded PRNG in `rng`. The same scenario and seed give the same event
 * log, byte for byte.
 *
 * @example
 * const sim = Simulation.fromScenario(scenario, createCore(module, capacityFor(scenario)));
 * sim.runUntil(600);
 * sim.events; // TaskStateChange, ServiceEvent, PlacementDecision, Metrics, ...
 */
import type { SchedulerCore } from '../core/core';
import type { Scenario, TrafficSpec } from './scenario/schema';
import type { ContainerInstance, Service, Target, Task, TargetGroup } from './model';
import type { SimEvent } from './events';
import { seedState, type Rng } from './rng';
import { TaskDefinitionRegistry, type TaskDefinition } from './taskdef';
import { setupNetwork, type Network } from './network/vpc';
import type { Namespace } from './discovery/cloudmap';
import { QUERY_ACTIONS } from './discovery/actions';
import { registerInstances } from './cluster';
import { SETUP_AFTER_SERVICES, SETUP_BEFORE_SERVICES, SYSTEMS, type SetupError } from './systems';
import { ACTIONS, dispatch, type CommandResult } from './commands';
import { metricsEvent } from './metrics';
import { newCapacityState, type CapacityState } from './capacity/state';
import { newAutoScalingState, type AutoScalingState } from './autoscaling/state';
import type { AppRunnerService } from './apprunner/model';
import type { TrafficRoutingConfig } from './deployments/plans';
import { newBilling, type Billing } from './cost';
import { emptyExpressState, type ExpressState } from './express/model';
import { REPORTED_ACTIONS } from './express/actions';
import { showValue } from './scenario/show-value';

/**
 * An error whose message does not name its field gets the path and the value appended, after the
 * API's own wording: `… (scenario field 'services[0].placementStrategy[0].type' is "roundrobin")`.
 */
function namingField<E extends { field: string; value: unknown; message: string }>(e: E, where: 'scenario' | 'request'): E {
  if (e.message.includes(`'${e.field}'`)) return e;
  return { ...e, message: `${e.message} (${where} field '${e.field}' is ${showValue(e.value)})` };
}

/** A response with a non-empty `failures` list (RunTask that could not place every task): worth a line. */
function hasFailures(value: unknown): boolean {
  const f = (value as { failures?: unknown } | undefined)?.failures;
  return Array.isArray(f) && f.length > 0;
}

/** The fixed timestep, in simulated seconds. */
export const TICK_SECONDS = 1;

export interface SimOptions {
  /** Emit a Metrics event every this many simulated seconds (0: never). */
  metricsInterval?: number;
  /** Keep about this many events in `events` (trimmed when 1.5× over; the UI keeps a window, the CLI streams). */
  maxEvents?: number;
}

/**
 * All engine state is declared here, as the fields of Simulation, each created whole in its
 * initialiser (never on first use), plus the core's memory (`core`). To add state: add a field
 * below with its initial value and a doc comment naming the module that keeps it. Keep it plain
 * data (numbers, strings, arrays, plain objects, Map, Set, typed arrays; no functions, WeakMaps or
 * class instances), so that a rejected call can be proved to leave it alone
 * (test/property/atomic-calls.test.ts) and the whole state can be copied. Memo caches that only
 * save recomputation are marked as such.
 */
export class Simulation {
  t = 0;
  readonly rng: Rng;
  readonly region: string;
  readonly clusterName: string;
  readonly availabilityZones: string[];
  readonly taskDefinitions: TaskDefinitionRegistry;
  readonly instances: ContainerInstance[] = [];
  readonly tasks: Task[] = [];
  readonly services = new Map<string, Service>();
  readonly targetGroups = new Map<string, TargetGroup>();
  /** Task group name → core group index. */
  readonly groups = new Map<string, number>();
  /** Offered load per target (service or App Runner service name). */
  readonly traffic: TrafficSpec[];
  readonly pendingActions: { at: number; action: string; request: Record<string, unknown> }[];
  events: SimEvent[] = [];
  /** Called for every event as it happens (the CLI streams through this). */
  onEvent: ((e: SimEvent) => void) | null = null;
  readonly options: Required<SimOptions>;
  private nextMetricsAt: number;
  /** Task slots of STOPPED tasks, oldest first, reusable once the task has expired. */
  readonly freeSlots: number[] = [];
  /** Availability Zones currently failed (FailAvailabilityZone). */
  readonly failedAzs = new Set<string>();
  /** Bumped when instances change (added, drained, terminated, agent lost or back, an AZ fails). */
  clusterVersion = 0;
  /** Each service's tasks not yet STOPPED, in launch order (kept by tasks.ts). */
  readonly liveByService = new Map<string, Set<Task>>();
  /** Target health checks waiting, by the simulated second they run at. */
  readonly healthChecks = new Map<number, Target[]>();
  /** A task's targets, by task slot. */
  readonly targetsByTask = new Map<number, Target[]>();
  /** RUNNING tasks whose health may still change this way or that (not yet healthy, container checks, a target in doubt). */
  readonly healthWatch = new Set<number>();
  /** Cloud Map namespaces by name (§9). */
  readonly namespaces = new Map<string, Namespace>();
  /** The VPC: subnets, routes to ECR, security groups (set up first). */
  network!: Network;
  /** Engine timers (plain data, so checkpoints copy them): what happens at a time, to which task slot. */
  readonly timers: { at: number; kind: 'pullFailed'; slot: number }[] = [];
  /** Dollars spent so far (kept by the cost system, cost.ts). */
  costUsd = 0;
  /** ECS Express Mode services and the load balancers they share (src/sim/express, §13). */
  readonly express: ExpressState = emptyExpressState();
  /** Accrued cost and the latest rates (cost.ts). */
  billing: Billing = newBilling();
  /** Capacity providers, launch buckets, tasks waiting for capacity (capacity/). */
  capacityState: CapacityState = newCapacityState();
  /** Application Auto Scaling for services (autoscaling/). */
  autoScalingState: AutoScalingState;
  /** App Runner services beside the cluster (apprunner/). */
  appRunnerState = new Map<string, AppRunnerService>();
  /** Custom CodeDeploy deployment configurations, by name (CreateDeploymentConfig, deployments/codedeploy.ts). */
  codeDeployConfigs = new Map<string, TrafficRoutingConfig>();
  /** Memo cache: revisions by `family:revision` (immutable once registered). */
  private readonly tdCache = new Map<string, TaskDefinition | null>();

  constructor(readonly scenario: Scenario, readonly core: SchedulerCore, options: SimOptions = {}) {
    this.options = { metricsInterval: options.metricsInterval ?? 60, maxEvents: options.maxEvents ?? 100_000 };
    this.rng = { state: seedState(scenario.seed) };
    this.region = scenario.region;
    this.clusterName = scenario.cluster.clusterName;
    this.availabilityZones = scenario.cluster.availabilityZones;
    this.taskDefinitions = new TaskDefinitionRegistry();
    this.traffic = [...scenario.traffic].sort((a, b) => a.at - b.at);
    this.pendingActions = scenario.actions.map((a) => ({ ...a })).sort((a, b) => a.at - b.at);
    this.nextMetricsAt = this.options.metricsInterval > 0 ? 0 : Infinity;
    this.autoScalingState = newAutoScalingState(scenario);
  }

  /**
   * Builds the starting infrastructure of a scenario: instances, task definitions, load balancers
   * and services, in that order. Returns the first error (naming the field) instead of a simulation
   * when the scenario asks for something the API would reject.
   */
  static fromScenario(scenario: Scenario, core: SchedulerCore, options?: SimOptions):
    { ok: true; sim: Simulation } | { ok: false; error: SetupError } {
    const sim = new Simulation(scenario, core, options);
    const setup = sim.setup();
    if (setup) return { ok: false, error: namingField(setup, 'scenario') };
    return { ok: true, sim };
  }

  private setup(): SetupError | null {
    const s = this.scenario;
    // Unknown actions are bad input, caught before anything runs.
    for (const [i, a] of s.actions.entries()) {
      if (!Object.prototype.hasOwnProperty.call(ACTIONS, a.action)) {
        return { field: `actions[${i}].action`, value: a.action, accepted: `one of ${Object.keys(ACTIONS).join(', ')}`, message: `Invalid scenario: 'actions[${i}].action' is ${JSON.stringify(a.action)}; expected one of ${Object.keys(ACTIONS).join(', ')}.` };
      }
    }
    const net = setupNetwork(this, s);
    if (net) return net;
    const inst = registerInstances(this, s.cluster.containerInstances);
    if (inst) return inst;
    for (const [i, td] of s.taskDefinitions.entries()) {
      const r = this.taskDefinitions.register(td as never, this.region);
      if (!r.ok) return { ...r.error, field: `taskDefinitions[${i}].${r.error.field}` };
    }
    for (const step of SETUP_BEFORE_SERVICES) {
      const e = step(this, s);
      if (e) return e;
    }
    for (const [i, svc] of s.services.entries()) {
      const r = dispatch(this, 'CreateService', svc as Record<string, unknown>);
      if (!r.ok) return { ...r.error, field: `services[${i}].${r.error.field}` };
    }
    for (const step of SETUP_AFTER_SERVICES) {
      const e = step(this, s);
      if (e) return e;
    }
    return null;
  }

  /** The core group index of a task group (a service name or `family:x`), created on first use. */
  groupIndex(name: string): number {
    let g = this.groups.get(name);
    if (g === undefined) {
      g = this.groups.size;
      if (g >= this.core.capacity.groups) throw new Error(`more than ${this.core.capacity.groups} task groups`);
      this.groups.set(name, g);
    }
    return g;
  }

  emit(e: SimEvent): void {
    this.onEvent?.(e);
    this.events.push(e);
    // Trim in chunks: one splice per maxEvents/2 events, not one per event.
    if (this.events.length > this.options.maxEvents * 1.5) this.events.splice(0, this.events.length - this.options.maxEvents);
  }

  /** Sends an API action (the same path for scenario actions, UI buttons and lesson steps). */
  act(action: string, request: Record<string, unknown>): CommandResult {
    return dispatch(this, action, request);
  }

  /** Advances one fixed step: actions due, the core's lifecycle tick, health, traffic, the scheduler. */
  step(): void {
    const now = this.t + TICK_SECONDS;
    this.t = now;
    while (this.pendingActions.length && this.pendingActions[0]!.at <= now) {
      const a = this.pendingActions.shift()!;
      const r = dispatch(this, a.action, a.request);
      if (!r.ok) this.emit({ t: now, type: 'ActionResult', action: a.action, ok: false, error: { field: r.error.field, message: namingField(r.error, 'request').message } });
      else if (QUERY_ACTIONS.has(a.action) || REPORTED_ACTIONS.has(a.action) || hasFailures(r.value)) this.emit({ t: now, type: 'ActionResult', action: a.action, ok: true, value: r.value });
    }
    for (const system of SYSTEMS) system.run(this, now);
    if (now >= this.nextMetricsAt) {
      this.emit(metricsEvent(this));
      this.nextMetricsAt += this.options.metricsInterval;
    }
  }

  /** Steps until simulated time `t` (inclusive). */
  runUntil(t: number): void {
    while (this.t + TICK_SECONDS <= t) this.step();
  }

  /** Emits the first Metrics line at t = 0 (the CLI calls this before stepping). */
  start(): void {
    if (this.nextMetricsAt === 0) {
      this.emit(metricsEvent(this));
      this.nextMetricsAt = this.options.metricsInterval;
    }
  }

  /** A registered revision by `family:revision` (immutable, so cached), or null. */
  taskDef(ref: string): TaskDefinition | null {
    let td = this.tdCache.get(ref);
    if (td === undefined) {
      const r = this.taskDefinitions.resolve(ref);
      td = r.ok ? r.taskDefinition : null;
      if (/:\d+$/.test(ref)) this.tdCache.set(ref, td);
    }
    return td;
  }

  /** Marks a service's tasks as changed (see Service.taskVersion). */
  touchService(name: string | null): void {
    if (!name) return;
    const svc = this.services.get(name);
    if (svc) svc.taskVersion = (svc.taskVersion ?? 0) + 1;
  }

  /** The instance a task runs on, or null on Fargate. */
  instanceOf(task: Task): ContainerInstance | null {
    return task.instanceSlot >= 0 ? this.instances[task.instanceSlot] ?? null : null;
  }
}
