/**
 * A snapshot: what the canvas and the panels read after each step. Plain data, built from the
 * engine and the core; readers never write to it (dev builds freeze it to catch a renderer that
 * tries).
 */
import type { Simulation } from './engine';
import type { HealthStatus, LastStatus, TargetHealthState, Task } from './model';
import { isHealthy, serviceTasks } from './services';
import { serviceMetrics } from './metrics';
import type { ServiceMetrics } from './events';
import { costPerHour } from './cost';
import { appRunnerMetrics, scalingSnap, type ScalingSnap } from './capacity/report';
import { expressSnaps, type ExpressSnap } from './express/report';
import { PLAN, TaskStateCode } from '../core/core';
import { offeredLoad } from './traffic';
import { STOPPED_VISIBLE_SECONDS, TASK_FLAG } from './frame-flags';
import { deploymentCards, type DeploymentCardSnap } from './deployments/card';

export { STOPPED_VISIBLE_SECONDS, TASK_FLAG } from './frame-flags';

export interface InstanceSnap {
  slot: number; id: string; ec2InstanceId: string; instanceType: string; availabilityZone: string;
  status: 'ACTIVE' | 'DRAINING' | 'DEREGISTERED'; agentConnected: boolean;
  cpuTotal: number; cpuFree: number; memTotal: number; memFree: number;
  capacityProvider: string | null; attributes: Readonly<Record<string, string>>;
}

export interface TaskSnap {
  slot: number; taskId: string; service: string | null; group: string; taskDefinition: string; revision: number;
  lastStatus: LastStatus; desiredStatus: 'RUNNING' | 'STOPPED'; healthStatus: HealthStatus; healthy: boolean;
  launchType: 'EC2' | 'FARGATE'; capacityProvider: string | null; availabilityZone: string; instanceSlot: number;
  cpu: number; memory: number;
  createdAt: number; pullStartedAt: number | null; startedAt: number | null; healthyAt: number | null;
  stoppingAt: number | null; stoppedAt: number | null; stopCode: string | null; stoppedReason: string | null;
  requestsPerSecond: number; cpuUtilization: number; deploymentId: string | null;
}

export interface ServiceSnap {
  serviceName: string; status: string; schedulingStrategy: string; launchType: string;
  metrics: ServiceMetrics;
  deployments: { id: string; status: string; taskDefinition: string; rolloutState: string }[];
  loadBalancers: string[];
}

export interface TargetGroupSnap {
  targetGroupName: string; loadBalancerName: string;
  targets: { taskSlot: number; state: TargetHealthState }[];
  /** How many targets are in each state (always built, even when `targets` is left out). */
  counts?: Partial<Record<TargetHealthState, number>>;
}

export interface Snapshot {
  t: number; region: string; clusterName: string;
  availabilityZones: string[]; failedAzs: string[];
  instances: InstanceSnap[]; tasks: TaskSnap[]; services: ServiceSnap[]; targetGroups: TargetGroupSnap[];
  costUsdPerHour: number; costUsd: number;
  /** Per-task arrays for the canvas: cheap at 100,000 tasks (see `taskFrame`). */
  frame?: TaskFrame;
  /** Load balancers with their listeners and target groups, in scenario order. */
  loadBalancers?: LoadBalancerSnap[];
  /** Cloud Map namespaces with the endpoints registered in them (§9.1). */
  namespaces?: NamespaceSnap[];
  /** App Runner services (§8). */
  appRunnerServices?: AppRunnerSnap[];
  /** ECS Express Mode services (§13), when there are any. */
  expressServices?: ExpressSnap[];
  /**
   * False when `tasks` holds only some of the tasks (none with `taskObjects: false`, the first N
   * with `taskObjects: N`) and the target lists were left out for speed; counts then come from
   * `frame`, `taskCount` and each target group's `counts`.
   */
  taskObjects?: boolean;
  /** How many tasks the snapshot covers (not stopped, or stopped less than STOPPED_VISIBLE_SECONDS ago). */
  taskCount?: number;
  /** Capacity providers, scalable targets, App Runner details, launch buckets and model notes (§5–§8). */
  scaling?: ScalingSnap;
  /** Each service's deployment as the scheduler sees it (the canvas's deployment cards). */
  deploymentCards?: DeploymentCardSnap[];
}

export interface SnapshotOptions {
  /**
   * Build `tasks` (one object per task) and each target group's `targets`: true (the default),
   * false (neither), or a number N (the first N tasks by slot, and no target lists). At tens of
   * thousands of tasks the objects cost tens of milliseconds per snapshot; the canvas reads
   * `frame` instead and never needs them, and a table shows a few hundred rows at most.
   */
  taskObjects?: boolean | number;
}

export function snapshot(sim: Simulation, opts: SnapshotOptions = {}): Snapshot {
  const core = sim.core;
  const limit = opts.taskObjects === undefined || opts.taskObjects === true ? Infinity : opts.taskObjects === false ? 0 : Math.max(0, opts.taskObjects);
  const visible: Task[] = [];
  let taskCount = 0;
  for (const t of sim.tasks) {
    if (t.stoppedAt !== null && sim.t - t.stoppedAt >= STOPPED_VISIBLE_SECONDS) continue;
    if (taskCount++ < limit) visible.push(t);
  }
  const taskObjects = limit === Infinity;
  const counts = new Map([...sim.targetGroups.values()].map((tg) => [tg.targetGroupName, targetCounts(tg.targets)]));
  return {
    t: sim.t,
    region: sim.region,
    clusterName: sim.clusterName,
    availabilityZones: sim.availabilityZones.slice(),
    failedAzs: [...sim.failedAzs],
    instances: sim.instances.map((i) => ({
      slot: i.slot, id: i.id, ec2InstanceId: i.ec2InstanceId, instanceType: i.instanceType,
      availabilityZone: i.availabilityZone, status: i.status, agentConnected: i.agentConnected,
      cpuTotal: i.registeredCpu, cpuFree: core.instCpu[i.slot]!, memTotal: i.registeredMemory, memFree: core.instMem[i.slot]!,
      capacityProvider: i.capacityProvider, attributes: i.attributes,
    })),
    tasks: visible.map((t) => ({
      slot: t.slot, taskId: t.taskId, service: t.service, group: t.group, taskDefinition: t.taskDefinition,
      revision: Number(t.taskDefinition.split(':').pop()), lastStatus: t.lastStatus, desiredStatus: t.desiredStatus,
      healthStatus: t.healthStatus, healthy: isHealthy(t), launchType: t.launchType, capacityProvider: t.capacityProvider,
      availabilityZone: t.availabilityZone, instanceSlot: t.instanceSlot, cpu: t.cpu, memory: t.memory,
      createdAt: t.createdAt, pullStartedAt: t.pullStartedAt, startedAt: t.startedAt, healthyAt: t.healthyAt,
      stoppingAt: t.stoppingAt, stoppedAt: t.stoppedAt, stopCode: t.stopCode, stoppedReason: t.stoppedReason,
      requestsPerSecond: t.requestsPerSecond, cpuUtilization: t.cpuUtilization, deploymentId: t.deploymentId,
    })),
    services: [...sim.services.values()].filter((s) => s.status !== 'INACTIVE').map((s) => ({
      serviceName: s.serviceName, status: s.status, schedulingStrategy: s.schedulingStrategy, launchType: s.launchType,
      metrics: serviceMetrics(sim, s.serviceName),
      deployments: s.deployments.map((d) => ({ id: d.id, status: d.status, taskDefinition: d.taskDefinition, rolloutState: d.rolloutState })),
      loadBalancers: s.loadBalancers.map((l) => l.targetGroupName),
    })),
    targetGroups: [...sim.targetGroups.values()].map((tg) => ({
      targetGroupName: tg.targetGroupName, loadBalancerName: tg.loadBalancerName,
      targets: !taskObjects ? [] : tg.targets.map((x) => ({ taskSlot: x.taskSlot, state: x.state })),
      counts: counts.get(tg.targetGroupName)!,
    })),
    costUsdPerHour: costPerHour(sim),
    costUsd: sim.costUsd,
    frame: taskFrame(sim),
    loadBalancers: loadBalancerSnaps(sim, counts),
    namespaces: namespaceSnaps(sim),
    appRunnerServices: appRunnerSnaps(sim),
    ...(sim.express.services.size ? { expressServices: expressSnaps(sim) } : {}),
    taskObjects,
    taskCount,
    scaling: scalingSnap(sim),
    deploymentCards: deploymentCards(sim),
  };
}

function targetCounts(targets: readonly { state: TargetHealthState }[]): Partial<Record<TargetHealthState, number>> {
  const counts: Partial<Record<TargetHealthState, number>> = {};
  for (const x of targets) counts[x.state] = (counts[x.state] ?? 0) + 1;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The canvas's view: per-task typed arrays (a struct of arrays) instead of one object per task.

/** A task group (a service, or the standalone tasks of one family) as the canvas needs it. */
export interface TaskGroupSnap {
  /** Core group name: `service:<name>` or `family:<family>`. */
  name: string;
  service: string | null;
  /** Revision of the service's primary deployment (newest revision seen for standalone tasks). */
  primaryRevision: number;
}

/**
 * Per-task arrays, indexed by task slot, for the canvas. Built in one pass over the tasks plus
 * copies of the scheduler core's arrays; about 2 ms at 100,000 tasks. Entries with `state` 0 are
 * empty slots or tasks STOPPED more than STOPPED_VISIBLE_SECONDS ago.
 */
export interface TaskFrame {
  count: number;
  /** Lifecycle state code (TaskStateCode: 1 PROVISIONING … 7 DEPROVISIONING, 8 STOPPED). */
  state: Uint8Array;
  /** Container-instance slot, or -1 on Fargate. */
  instance: Int32Array;
  /** Index into `availabilityZones`. */
  az: Uint8Array;
  /** Index into `groups`. */
  group: Uint16Array;
  revision: Uint16Array;
  /** TASK_FLAG bits. */
  flags: Uint8Array;
  /** Simulated second the current state began (exact, from the core's plan when it has one). */
  since: Float64Array;
  /** Simulated second the current state is planned to end; +Infinity when it has no planned end. */
  until: Float64Array;
  /** Requests per second served. */
  rps: Float32Array;
  /** Index into the snapshot's `targetGroups` of the task's first target group, or -1. */
  targetGroup: Int16Array;
  /** Task id by slot (empty string for empty slots). */
  taskIds: string[];
  groups: TaskGroupSnap[];
}

/** Builds the canvas's per-task arrays (read-only: reads the engine and the core's views). */
export function taskFrame(sim: Simulation): TaskFrame {
  const n = sim.tasks.length;
  const core = sim.core;
  const f: TaskFrame = {
    count: n,
    state: core.taskState.slice(0, n), instance: core.taskInst.slice(0, n),
    az: new Uint8Array(n), group: new Uint16Array(n), revision: new Uint16Array(n), flags: new Uint8Array(n),
    since: new Float64Array(n), until: core.taskDue.slice(0, n), rps: new Float32Array(n),
    targetGroup: new Int16Array(n), taskIds: new Array<string>(n), groups: [],
  };
  const tgIndex = new Map<string, number>();
  for (const tg of sim.targetGroups.values()) tgIndex.set(tg.targetGroupName, tgIndex.size);
  const draining = new Set<number>();
  const unhealthyTargets = new Set<number>();
  for (const tg of sim.targetGroups.values()) {
    for (const x of tg.targets) {
      if (x.state === 'draining') draining.add(x.taskSlot);
      else if (x.state === 'unhealthy') unhealthyTargets.add(x.taskSlot);
    }
  }
  // Core group index → frame group index (first come, first numbered).
  const groupOf = new Int32Array(core.capacity.groups).fill(-1);
  const azOf = new Map<string, number>();
  sim.availabilityZones.forEach((z, i) => azOf.set(z, i));
  const plan = core.taskPlan;
  const coreGroup = core.taskGroup, coreRev = core.taskRev, instAz = core.instAz;
  for (let i = 0; i < n; i++) {
    const t = sim.tasks[i]!;
    if (t.stoppedAt !== null && sim.t - t.stoppedAt >= STOPPED_VISIBLE_SECONDS) { f.state[i] = 0; f.taskIds[i] = ''; continue; }
    const cg = coreGroup[i]!;
    let g = cg >= 0 ? groupOf[cg]! : -1;
    if (g < 0) {
      g = f.groups.findIndex((x) => x.name === t.group);
      if (g < 0) { g = f.groups.length; f.groups.push({ name: t.group, service: t.service, primaryRevision: 0 }); }
      if (cg >= 0) groupOf[cg] = g;
    }
    const revision = coreRev[i]!;
    const grp = f.groups[g]!;
    if (!t.service && revision > grp.primaryRevision) grp.primaryRevision = revision;
    f.group[i] = g;
    f.revision[i] = revision;
    const inst = f.instance[i]!;
    f.az[i] = inst >= 0 ? instAz[inst]! : azOf.get(t.availabilityZone) ?? 0;
    f.taskIds[i] = t.taskId;
    f.rps[i] = t.requestsPerSecond;
    f.targetGroup[i] = t.targetGroupNames.length ? tgIndex.get(t.targetGroupNames[0]!) ?? -1 : -1;
    const st = f.state[i]!;
    const due = f.until[i]!;
    f.since[i] = st >= TaskStateCode.PROVISIONING && st < TaskStateCode.STOPPED && due !== Infinity
      ? due - plan[i * PLAN + st - 1]!
      : st === TaskStateCode.RUNNING ? t.startedAt ?? sim.t
        : st === TaskStateCode.STOPPED ? t.stoppedAt ?? sim.t : t.createdAt;
    let flags = 0;
    if (isHealthy(t)) flags |= TASK_FLAG.HEALTHY;
    if (t.unhealthyReason || t.healthStatus === 'UNHEALTHY' || unhealthyTargets.has(i)) flags |= TASK_FLAG.UNHEALTHY;
    if (t.requestsPerSecond > 0) flags |= TASK_FLAG.RECEIVING;
    if (t.desiredStatus === 'STOPPED') flags |= TASK_FLAG.STOP_DESIRED;
    if (draining.has(i)) flags |= TASK_FLAG.DRAINING;
    if (t.stopCode === 'TaskFailedToStart' || t.stopCode === 'EssentialContainerExited'
      || (st === TaskStateCode.STOPPED && t.startedAt === null && t.stopCode !== 'UserInitiated' && t.stopCode !== 'ServiceSchedulerInitiated')) {
      flags |= TASK_FLAG.FAILED;
    }
    f.flags[i] = flags;
  }
  for (const grp of f.groups) {
    const svc = grp.service ? sim.services.get(grp.service) : undefined;
    const primary = svc?.deployments[0]?.taskDefinition;
    if (primary) grp.primaryRevision = Number(primary.slice(primary.lastIndexOf(':') + 1)) || grp.primaryRevision;
  }
  return f;
}

/** A load balancer: its listeners (as the scenario declares them) and its target groups. */
export interface LoadBalancerSnap {
  name: string;
  type: string;
  /** `PROTOCOL:port` per listener, e.g. `HTTP:80`; one default `HTTP:80` when none is declared. */
  listeners: string[];
  targetGroups: { targetGroupName: string; healthy: number; unhealthy: number; initial: number; draining: number }[];
  /** A load balancer ECS Express Mode created and shares (§13): its scheme and host-header rules. */
  express?: { scheme: string; rules: { priority: number; host: string; service: string }[] };
}

/**
 * A scenario load balancer's listeners, as declared (`Protocol`/`protocol`, `Port`/`port`; HTTP
 * and 80 when left out), or one HTTP:80 listener when it declares none.
 */
export function scenarioListeners(lb: { listeners?: unknown[] } | undefined): { protocol: string; port: number }[] {
  const declared = (lb?.listeners ?? []).map((l) => {
    const x = l as { Protocol?: string; protocol?: string; Port?: number; port?: number };
    return { protocol: x.Protocol ?? x.protocol ?? 'HTTP', port: x.Port ?? x.port ?? 80 };
  });
  return declared.length ? declared : [{ protocol: 'HTTP', port: 80 }];
}

/** The load balancers, with the targets of each target group counted by state (`counts`). */
export function loadBalancerSnaps(sim: Simulation, counts: ReadonlyMap<string, Partial<Record<TargetHealthState, number>>>): LoadBalancerSnap[] {
  const out: LoadBalancerSnap[] = [];
  const byName = new Map<string, LoadBalancerSnap>();
  for (const lb of sim.scenario.loadBalancers) {
    const listeners = scenarioListeners(lb).map((l) => `${l.protocol}:${l.port}`);
    const snap: LoadBalancerSnap = { name: lb.name, type: lb.type ?? 'application', listeners, targetGroups: [] };
    byName.set(lb.name, snap);
    out.push(snap);
  }
  for (const tg of sim.targetGroups.values()) {
    let lb = byName.get(tg.loadBalancerName);
    if (!lb) {
      lb = { name: tg.loadBalancerName, type: 'application', listeners: ['HTTP:80'], targetGroups: [] };
      byName.set(lb.name, lb);
      out.push(lb);
    }
    const n = counts.get(tg.targetGroupName) ?? {};
    const c = { targetGroupName: tg.targetGroupName, healthy: n.healthy ?? 0, unhealthy: n.unhealthy ?? 0, initial: n.initial ?? 0, draining: n.draining ?? 0 };
    lb.targetGroups.push(c);
  }
  for (const x of sim.express.loadBalancers) {
    const lb = byName.get(x.name);
    if (!lb) continue;
    lb.listeners = ['HTTPS:443'];
    lb.express = { scheme: x.scheme, rules: x.rules.map((r) => ({ priority: r.priority, host: r.host, service: r.service })) };
  }
  return out;
}

/** A Cloud Map namespace and, per Cloud Map service, the task endpoints registered in it (§9.1). */
export interface NamespaceSnap {
  name: string;
  type: string;
  services: { name: string; recordTypes: string[]; endpoints: { taskSlot: number; healthy: boolean }[] }[];
  /** Service Connect endpoints published in the namespace (§9.2). */
  serviceConnect?: ServiceConnectSnap[];
}

/**
 * A Service Connect endpoint: the service behind it, its healthy tasks, and the proxies that can
 * reach it. A task's proxy learns the endpoints that exist when the task starts (§9.2), so
 * `knownBy` < `proxies` means some client tasks started before the endpoint and must be replaced
 * (a new deployment) to use it.
 */
export interface ServiceConnectSnap {
  /** `dnsName:port`, e.g. `checkout:80`. */
  endpoint: string;
  service: string;
  healthy: number;
  /** Running tasks of the namespace's other services: each has a proxy. */
  proxies: number;
  /** How many of those proxies know the endpoint. */
  knownBy: number;
}

export function serviceConnectSnaps(sim: Simulation, namespace: string): ServiceConnectSnap[] {
  const members = [...sim.services.values()].filter((s) => s.status !== 'INACTIVE' && s.serviceConnect?.namespace === namespace);
  // Each member's running proxies (the endpoints each knows), read once for all the endpoints.
  const views = new Map(members.map((s) => [s, serviceTasks(sim, s)
    .filter((t) => t.lastStatus === 'RUNNING' && t.serviceConnectEndpoints)
    .map((t) => t.serviceConnectEndpoints!)]));
  const out: ServiceConnectSnap[] = [];
  for (const server of members) {
    const healthy = serviceTasks(sim, server).filter(isHealthy).length;
    for (const e of server.serviceConnect!.endpoints) {
      const endpoint = `${e.dnsName}:${e.port}`;
      let proxies = 0, knownBy = 0;
      for (const client of members) {
        if (client === server) continue;
        for (const known of views.get(client)!) {
          proxies++;
          if (known.includes(endpoint)) knownBy++;
        }
      }
      out.push({ endpoint, service: server.serviceName, healthy, proxies, knownBy });
    }
  }
  return out;
}

export function namespaceSnaps(sim: Simulation): NamespaceSnap[] {
  const namespaces = (sim as { namespaces?: Map<string, { name: string; type: string; services: Map<string, { name: string; recordTypes: string[]; instances: { taskSlot: number; healthy: boolean }[] }> }> }).namespaces;
  if (!namespaces) return [];
  return [...namespaces.values()].map((ns) => {
    const sc = serviceConnectSnaps(sim, ns.name);
    return {
      name: ns.name, type: ns.type,
      services: [...ns.services.values()].map((c) => ({
        name: c.name, recordTypes: c.recordTypes.slice(),
        endpoints: c.instances.map((x) => ({ taskSlot: x.taskSlot, healthy: x.healthy })),
      })),
      ...(sc.length ? { serviceConnect: sc } : {}),
    };
  });
}

/** An App Runner service (§8): its scaling settings, and the live figures the engine reports. */
export interface AppRunnerSnap {
  serviceName: string;
  /** AutoScalingConfiguration (defaults: MinSize 1, MaxSize 25, MaxConcurrency 100, §8). */
  minSize: number;
  maxSize: number;
  maxConcurrency: number;
  /** Offered requests per second. */
  requestsPerSecond: number;
  /** Live figures (null when the engine has none for the service). */
  instances: number | null;
  provisionedInstances: number | null;
  concurrency: number | null;
  rejectedRequestsPerSecond: number | null;
}

export function appRunnerSnaps(sim: Simulation): AppRunnerSnap[] {
  const specs = sim.scenario.appRunnerServices;
  if (!specs.length) return [];
  const live = appRunnerMetrics(sim);
  return specs.map((a) => {
    const m = live[a.ServiceName];
    return {
      serviceName: a.ServiceName,
      minSize: a.AutoScalingConfiguration?.MinSize ?? 1,
      maxSize: m?.maxSize ?? a.AutoScalingConfiguration?.MaxSize ?? 25,
      maxConcurrency: m?.maxConcurrency ?? a.AutoScalingConfiguration?.MaxConcurrency ?? 100,
      requestsPerSecond: m?.requestsPerSecond ?? offeredLoad(sim, a.ServiceName, sim.t),
      instances: m ? m.instances : null,
      provisionedInstances: m?.provisionedInstances ?? null,
      concurrency: m ? m.concurrency : null,
      rejectedRequestsPerSecond: m ? m.rejectedRequestsPerSecond : null,
    };
  });
}
