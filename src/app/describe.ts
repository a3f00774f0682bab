/**
 * The inspector's view of an object, in the shapes the real API returns: DescribeTasks,
 * DescribeServices and DescribeContainerInstances, ELBv2's DescribeTargetHealth and
 * DescribeLoadBalancers, App Runner's DescribeService and Cloud Map's DiscoverInstances (the
 * fields the simulation models). Read-only:
 * built from the engine's state on demand, never written back.
 *
 * Times are simulated seconds since the scenario started (the real API returns timestamps).
 */
import type { Simulation } from '../sim/engine';
import type { ContainerInstance, Service, Task } from '../sim/model';
import type { NormalizedStrategy } from '../sim/placement/validate';
import type { PlacementDecision } from '../sim/events';
import { ACCOUNT_ID, taskDefinitionArn } from '../sim/taskdef';
import { serviceMetrics } from '../sim/metrics';
import { targetGroupArn } from '../sim/health';
import { appRunnerServices } from '../sim/apprunner/model';
import { discoverInstances } from '../sim/discovery/cloudmap';
import { scenarioListeners, serviceConnectSnaps } from '../sim/snapshot';
import type { SessionLog } from './log';

type Json = Record<string, unknown>;

const arn = (sim: Simulation, kind: string, id: string) => `arn:aws:ecs:${sim.region}:${ACCOUNT_ID}:${kind}/${id}`;
export const clusterArn = (sim: Simulation) => arn(sim, 'cluster', sim.clusterName);
export const taskArn = (sim: Simulation, t: Task) => arn(sim, 'task', `${sim.clusterName}/${t.taskId}`);
export const serviceArn = (sim: Simulation, name: string) => arn(sim, 'service', `${sim.clusterName}/${name}`);
export const containerInstanceArn = (sim: Simulation, i: ContainerInstance) => arn(sim, 'container-instance', `${sim.clusterName}/${i.id}`);

function tdArn(sim: Simulation, ref: string): string {
  const i = ref.lastIndexOf(':');
  return taskDefinitionArn(sim.region, ref.slice(0, i), Number(ref.slice(i + 1)));
}

/** Drops undefined and null-valued optional fields, as the API omits them. */
function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

function containerStatus(t: Task): string {
  switch (t.lastStatus) {
    case 'PROVISIONING': case 'PENDING': case 'ACTIVATING': return 'PENDING';
    case 'RUNNING': case 'DEACTIVATING': return 'RUNNING';
    default: return 'STOPPED';
  }
}

/** One entry of DescribeTasks' `tasks`. */
export function describeTask(sim: Simulation, t: Task, log?: SessionLog): Json {
  const inst = sim.instanceOf(t);
  const td = t.definition;
  const fargate = t.launchType === 'FARGATE';
  return compact({
    taskArn: taskArn(sim, t),
    clusterArn: clusterArn(sim),
    taskDefinitionArn: tdArn(sim, t.taskDefinition),
    containerInstanceArn: inst ? containerInstanceArn(sim, inst) : undefined,
    availabilityZone: t.availabilityZone,
    capacityProviderName: t.capacityProvider ?? undefined,
    launchType: t.launchType,
    platformVersion: fargate ? '1.4.0' : undefined,
    platformFamily: fargate ? 'Linux' : undefined,
    lastStatus: t.lastStatus,
    desiredStatus: t.desiredStatus,
    healthStatus: t.healthStatus,
    connectivity: t.startedAt !== null && t.stoppedAt === null ? 'CONNECTED' : undefined,
    cpu: String(t.cpu),
    memory: String(t.memory),
    group: t.group,
    startedBy: t.deploymentId ?? undefined,
    version: log?.taskHistory.get(t.taskId)?.length ?? undefined,
    createdAt: t.createdAt,
    pullStartedAt: t.pullStartedAt ?? undefined,
    startedAt: t.startedAt ?? undefined,
    stoppingAt: t.stoppingAt ?? undefined,
    stoppedAt: t.stoppedAt ?? undefined,
    stopCode: t.stopCode ?? undefined,
    stoppedReason: t.stoppedReason ?? undefined,
    containers: (td?.containerDefinitions ?? []).map((c) => compact({
      name: c.name,
      image: c.image,
      lastStatus: containerStatus(t),
      healthStatus: c.healthCheck ? t.healthStatus : 'UNKNOWN',
      essential: c.essential,
      cpu: c.cpu ? String(c.cpu) : undefined,
      memory: c.memory !== null ? String(c.memory) : undefined,
      networkInterfaces: td?.networkMode === 'awsvpc' && t.startedAt !== null ? [{ attachmentId: `eni-attach-${t.taskId.slice(0, 8)}` }] : undefined,
    })),
    attachments: td?.networkMode === 'awsvpc'
      ? [{ type: 'ElasticNetworkInterface', status: t.lastStatus === 'STOPPED' ? 'DELETED' : t.startedAt !== null ? 'ATTACHED' : 'PRECREATED' }]
      : undefined,
  });
}

function strategyJson(s: NormalizedStrategy): Json {
  if (s.type === 'random') return { type: 'random' };
  if (s.type === 'binpack') return { type: 'binpack', field: s.field };
  const f = s.field;
  return { type: 'spread', field: f === 'availabilityZone' ? 'attribute:ecs.availability-zone' : f === 'instanceId' ? 'instanceId' : `attribute:${f.attribute}` };
}

/** One entry of DescribeServices' `services`. */
export function describeService(sim: Simulation, svc: Service, log?: SessionLog): Json {
  const m = serviceMetrics(sim, svc.serviceName);
  const primary = svc.deployments[0];
  const extra = svc as Service & { deploymentController?: { type: string } };
  const tasks = sim.tasks.filter((t) => t.service === svc.serviceName && t.lastStatus !== 'STOPPED');
  const events = (log?.serviceEvents.get(svc.serviceName) ?? []).slice().reverse()
    .map((e, i, all) => ({ id: `ev-${all.length - i}`, createdAt: e.t, message: e.message }));
  return compact({
    serviceArn: serviceArn(sim, svc.serviceName),
    serviceName: svc.serviceName,
    clusterArn: clusterArn(sim),
    status: svc.status,
    desiredCount: svc.desiredCount,
    runningCount: m.runningCount,
    pendingCount: m.pendingCount,
    launchType: svc.capacityProviderStrategy.length ? undefined : svc.launchType,
    capacityProviderStrategy: svc.capacityProviderStrategy.length ? svc.capacityProviderStrategy : undefined,
    taskDefinition: primary ? tdArn(sim, primary.taskDefinition) : undefined,
    deploymentController: extra.deploymentController ?? { type: 'ECS' },
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: svc.circuitBreaker.enable, rollback: svc.circuitBreaker.rollback },
      maximumPercent: svc.maximumPercent,
      minimumHealthyPercent: svc.minimumHealthyPercent,
    },
    deployments: svc.deployments.map((d) => {
      const mine = tasks.filter((t) => t.deploymentId === d.id);
      return {
        id: d.id, status: d.status, taskDefinition: tdArn(sim, d.taskDefinition),
        desiredCount: d.status === 'PRIMARY' ? svc.desiredCount : 0,
        pendingCount: mine.filter((t) => t.lastStatus !== 'RUNNING').length,
        runningCount: mine.filter((t) => t.lastStatus === 'RUNNING').length,
        failedTasks: d.failedTasks, createdAt: d.createdAt, updatedAt: d.updatedAt,
        launchType: svc.launchType, rolloutState: d.rolloutState, rolloutStateReason: d.rolloutStateReason,
      };
    }),
    loadBalancers: svc.loadBalancers.map((l) => {
      const tg = sim.targetGroups.get(l.targetGroupName);
      return compact({ targetGroupArn: tg ? targetGroupArn(sim, tg) : l.targetGroupName, containerName: l.containerName, containerPort: l.containerPort });
    }),
    placementConstraints: [
      ...(svc.distinctInstance ? [{ type: 'distinctInstance' }] : []),
      ...svc.memberOf.map((expression) => ({ type: 'memberOf', expression })),
    ],
    placementStrategy: svc.placementStrategy.map(strategyJson),
    schedulingStrategy: svc.schedulingStrategy,
    healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
    createdAt: svc.createdAt,
    events,
  });
}

/** One entry of DescribeContainerInstances' `containerInstances`. */
export function describeContainerInstance(sim: Simulation, inst: ContainerInstance): Json {
  const tasks = sim.tasks.filter((t) => t.instanceSlot === inst.slot && t.lastStatus !== 'STOPPED');
  const ports = (list: number[]) => [...new Set(list)].sort((a, b) => a - b).map(String);
  const registeredPorts = ports(inst.usedPorts.filter((p) => !tasks.some((t) => t.hostPorts.includes(p))));
  return compact({
    containerInstanceArn: containerInstanceArn(sim, inst),
    ec2InstanceId: inst.ec2InstanceId,
    capacityProviderName: inst.capacityProvider ?? undefined,
    status: inst.status === 'DEREGISTERED' ? 'INACTIVE' : inst.status,
    agentConnected: inst.agentConnected,
    runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((t) => t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING' || t.lastStatus === 'ACTIVATING').length,
    registeredResources: [
      { name: 'CPU', type: 'INTEGER', integerValue: inst.registeredCpu },
      { name: 'MEMORY', type: 'INTEGER', integerValue: inst.registeredMemory },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: registeredPorts },
    ],
    remainingResources: [
      { name: 'CPU', type: 'INTEGER', integerValue: sim.core.instCpu[inst.slot]! },
      { name: 'MEMORY', type: 'INTEGER', integerValue: sim.core.instMem[inst.slot]! },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: ports(inst.usedPorts) },
    ],
    attributes: Object.entries(inst.attributes).map(([name, value]) => ({ name, value })),
    registeredAt: inst.registeredAt,
  });
}

const REASONS: Record<string, [string, string] | undefined> = {
  initial: ['Elb.RegistrationInProgress', 'Target registration is in progress'],
  unhealthy: ['Target.FailedHealthChecks', 'Health checks failed'],
  draining: ['Target.DeregistrationInProgress', 'Target deregistration is in progress'],
  unused: ['Target.NotRegistered', 'Target is not registered to the target group'],
};

/**
 * ELBv2 DescribeTargetHealth for a target group: each registered target (the task's address for
 * awsvpc, its instance otherwise) with its state and, when not healthy, the reason code (§12).
 */
export function describeTargetHealth(sim: Simulation, name: string): Json | null {
  const tg = sim.targetGroups.get(name);
  if (!tg) return null;
  return {
    TargetGroupArn: targetGroupArn(sim, tg),
    TargetHealthDescriptions: tg.targets.filter((x) => !x.removed).map((x) => {
      const task = sim.tasks[x.taskSlot];
      const inst = task ? sim.instanceOf(task) : null;
      const awsvpc = task ? task.definition.networkMode === 'awsvpc' : false;
      const svc = task?.service ? sim.services.get(task.service) : undefined;
      const port = svc?.loadBalancers.find((l) => l.targetGroupName === name)?.containerPort ?? undefined;
      const reason = REASONS[x.state];
      return {
        Target: compact({ Id: awsvpc || !inst ? task?.privateIpv4Address ?? task?.taskId : inst.ec2InstanceId, Port: awsvpc ? port : undefined, AvailabilityZone: task?.availabilityZone }),
        HealthCheckPort: 'traffic-port',
        TargetHealth: compact({ State: x.state, Reason: reason?.[0], Description: reason?.[1] }),
      };
    }),
  };
}

/** A task's placement, in words: which instance, by which strategy, and why the others lost. */
export interface PlacementExplanation {
  summary: string;
  strategy: string[];
  candidates: { instance: string; availabilityZone: string; outcome: string; reason: string }[];
  omitted: number;
  filtered: Record<string, number>;
}

export function explainPlacement(sim: Simulation, t: Task, decision: PlacementDecision | undefined): PlacementExplanation {
  if (t.launchType === 'FARGATE') {
    return { summary: `Fargate task in ${t.availabilityZone}: placement strategies and constraints do not apply on Fargate; a service's tasks are balanced across Availability Zones (§1.1).`, strategy: [], candidates: [], omitted: 0, filtered: {} };
  }
  if (!decision) {
    return { summary: 'No placement explanation is kept for this task (it was placed before the explanations still in memory).', strategy: [], candidates: [], omitted: 0, filtered: {} };
  }
  const chosen = decision.containerInstanceId;
  const host = sim.instances.find((i) => i.id === chosen);
  const strategy = decision.strategy.length ? decision.strategy : ['(none)'];
  const filteredCount = decision.candidates.filter((c) => c.outcome === 'filtered').length;
  return {
    summary: chosen
      ? `Placed on container instance ${chosen.slice(0, 8)}${host ? ` (${host.instanceType})` : ''} in ${decision.availabilityZone} at ${decision.t} s by ${strategy.join(' then ')}; ${filteredCount} instance(s) were filtered out by resources, ports or constraints (§1.1).`
      : `Not placed: no container instance met all of its requirements (§1.6).`,
    strategy,
    candidates: decision.candidates.map((c) => ({
      instance: c.containerInstanceId.slice(0, 8), availabilityZone: c.availabilityZone, outcome: c.outcome,
      reason: c.reason ?? (c.outcome === 'chosen' ? 'chosen' : ''),
    })),
    omitted: decision.omitted,
    filtered: decision.filtered,
  };
}

/**
 * One response of the AWS API, as the inspector shows it: the call and what it returns; or, with
 * `model`, figures the simulation keeps that the API does not return (the service's metrics).
 */
export interface ApiView { api: string; body: Json; model?: boolean }

/** A short, stable hexadecimal id from a name (FNV-1a), for ARNs the scenario does not give. */
function idFrom(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  let g = 0x01000193;
  for (let i = name.length - 1; i >= 0; i--) g = Math.imul(g ^ name.charCodeAt(i), 0x811c9dc5) >>> 0;
  return h.toString(16).padStart(8, '0') + g.toString(16).padStart(8, '0');
}

/**
 * A load balancer as ELBv2 describes it (§12): DescribeLoadBalancers, DescribeListeners (the
 * listeners the scenario declares; one HTTP:80 when it declares none), DescribeTargetGroups with
 * their health-check settings, and each target group's attributes (deregistration delay, routing
 * algorithm).
 */
export function describeLoadBalancer(sim: Simulation, name: string): ApiView[] | null {
  const lb = sim.scenario.loadBalancers.find((l) => l.name === name);
  const tgs = [...sim.targetGroups.values()].filter((tg) => tg.loadBalancerName === name);
  if (!lb && !tgs.length) return null;
  const type = lb?.type ?? 'application';
  const lbArn = `arn:aws:elasticloadbalancing:${sim.region}:${ACCOUNT_ID}:loadbalancer/app/${name}/${idFrom(name)}`;
  const listeners = scenarioListeners(lb);
  const securityGroups = [...new Set(tgs.flatMap((tg) => tg.securityGroups))];
  return [
    { api: 'DescribeLoadBalancers', body: { LoadBalancers: [compact({
      LoadBalancerArn: lbArn, LoadBalancerName: name, Type: type, State: { Code: 'active' },
      AvailabilityZones: sim.availabilityZones.map((z) => ({ ZoneName: z })),
      SecurityGroups: securityGroups.length ? securityGroups : undefined,
    })] } },
    { api: 'DescribeListeners', body: { Listeners: listeners.map((l) => ({
      ListenerArn: `arn:aws:elasticloadbalancing:${sim.region}:${ACCOUNT_ID}:listener/app/${name}/${idFrom(name)}/${idFrom(`${name}:${l.port}`)}`,
      LoadBalancerArn: lbArn, Port: l.port, Protocol: l.protocol,
    })) } },
    { api: 'DescribeTargetGroups', body: { TargetGroups: tgs.map((tg) => ({
      TargetGroupArn: targetGroupArn(sim, tg), TargetGroupName: tg.targetGroupName, LoadBalancerArns: [lbArn],
      HealthCheckIntervalSeconds: tg.intervalSeconds, HealthyThresholdCount: tg.healthyThresholdCount, UnhealthyThresholdCount: tg.unhealthyThresholdCount,
    })) } },
    ...tgs.map((tg) => ({ api: `DescribeTargetGroupAttributes (${tg.targetGroupName})`, body: { Attributes: [
      { Key: 'deregistration_delay.timeout_seconds', Value: String(tg.deregistrationDelaySeconds) },
      { Key: 'load_balancing.algorithm.type', Value: tg.algorithm },
    ] } })),
  ];
}

/**
 * An App Runner service (§8): DescribeService, DescribeAutoScalingConfiguration, and what the
 * simulation shows of it now (instances serving and starting, concurrency, queue, rejections),
 * which App Runner reports only as metrics.
 */
export function describeAppRunnerService(sim: Simulation, name: string): ApiView[] | null {
  const s = appRunnerServices(sim).get(name);
  if (!s) return null;
  const c = s.config;
  const gb = c.memory / 1024;
  return [
    { api: 'DescribeService (App Runner)', body: { Service: compact({
      ServiceName: s.serviceName, ServiceId: s.serviceId, ServiceArn: s.serviceArn, ServiceUrl: s.serviceUrl, Status: s.status,
      InstanceConfiguration: { Cpu: `${c.cpu / 1024} vCPU`, Memory: `${gb} GB` },
      NetworkConfiguration: {
        EgressConfiguration: compact({ EgressType: s.network.egressType, VpcConnectorArn: s.network.vpcConnectorArn ?? undefined }),
        IngressConfiguration: { IsPubliclyAccessible: s.network.publiclyAccessible },
      },
    }) } },
    { api: 'DescribeAutoScalingConfiguration', body: { AutoScalingConfiguration: { MaxConcurrency: c.maxConcurrency, MinSize: c.minSize, MaxSize: c.maxSize } } },
    { api: 'Simulated metrics (App Runner reports them in CloudWatch; figures are modelled)', model: true, body: {
      ActiveInstances: s.stats.activeInstances, ProvisionedInstances: s.stats.provisionedInstances,
      InstancesStarting: s.starting.reduce((n, x) => n + x.count, 0), InstancesWanted: s.stats.wantedInstances,
      Requests: s.stats.requestsPerSecond, Concurrency: s.stats.concurrency, QueuedRequests: s.stats.queuedRequests,
      RejectedRequestsPerSecond: s.stats.rejectedRequestsPerSecond, RequestLatencyP50Ms: s.stats.p50LatencyMs,
    } },
  ];
}

/**
 * A Cloud Map namespace (§9.1): GetNamespace, then DiscoverInstances (every health status) for
 * each of its services: the tasks registered, with their addresses and health; and the Service
 * Connect endpoints published in it (§9.2), with how many client proxies know each.
 */
export function describeNamespace(sim: Simulation, name: string): ApiView[] | null {
  const ns = sim.namespaces.get(name);
  if (!ns) return null;
  const sc = serviceConnectSnaps(sim, name);
  return [
    { api: 'GetNamespace', body: { Namespace: { Id: ns.id, Name: ns.name, Type: ns.type, ServiceCount: ns.services.size } } },
    ...[...ns.services.keys()].map((svc) => {
      const r = discoverInstances(sim, { NamespaceName: ns.name, ServiceName: svc, HealthStatus: 'ALL' });
      return { api: `DiscoverInstances (${svc})`, body: (r.ok ? r.value : { error: r.error.message }) as Json };
    }),
    ...(sc.length ? [{
      api: 'Service Connect endpoints (each service\'s serviceConnectConfiguration; a proxy knows the endpoints that existed when its task started)', model: true,
      body: { Endpoints: sc.map((e) => ({ Endpoint: e.endpoint, Service: e.service, HealthyTasks: e.healthy, ClientProxies: e.proxies, ProxiesThatKnowIt: e.knownBy })) },
    }] : []),
  ];
}
