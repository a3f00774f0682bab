/**
 * API actions, by their real names and request fields. A scenario's `actions`, a button in the
 * console, a lesson's reference solution and a test all come through `dispatch`.
 *
 * Every action validates its request the way the API does and returns an ApiError naming the
 * field, the value and what is accepted; nothing here throws on bad input.
 */
import type { Simulation } from './engine';
import type { TaskDefinition } from './taskdef';
import type { LaunchType, Service, Task } from './model';
import { clientException, invalidParameter, type ApiError } from './errors';
import { resolvePlacement } from './placement/validate';
import { createDeployment, say } from './services';
import { stopTask } from './tasks';
import { registerInstance } from './cluster';
import { clusterActions } from './faults';
import { attachDeploymentSettings, deploymentActions, deploymentSettingsFor, planDeploymentSettings } from './deployments/actions';
import { securityGroupActions } from './network/security';
import { resolveAwsvpcConfiguration } from './network/config';
import { resolveRegistry, type RegistryRequest, type ServiceRegistry } from './discovery/cloudmap';
import { resolveServiceConnect } from './discovery/serviceconnect';
import { discoveryActions } from './discovery/actions';
import { capacityAndScalingActions } from './capacity/actions';
import { launchWithCapacityProvider } from './capacity/launch';
import { ACCOUNT_ID } from './taskdef/arn';
import { expressActions } from './express/actions';

export type CommandResult = { ok: true; value?: unknown } | { ok: false; error: ApiError };

type Req = Record<string, unknown>;
type Handler = (sim: Simulation, req: Req) => CommandResult;

const fail = (error: ApiError): CommandResult => ({ ok: false, error });

function str(req: Req, field: string): string | undefined {
  const v = req[field];
  return typeof v === 'string' ? v : undefined;
}

function requireString(req: Req, field: string): string | ApiError {
  const v = req[field];
  if (typeof v === 'string' && v.length) return v;
  return invalidParameter(field, v, 'a non-empty string', `${field} is required and must be a string.`);
}

function wholeNumber(req: Req, field: string, min: number, max: number): number | undefined | ApiError {
  const v = req[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    return invalidParameter(field, v, `a whole number from ${min} to ${max}`, `${field} must be a whole number from ${min} to ${max}.`);
  }
  return v;
}

const isErr = (x: unknown): x is ApiError => typeof x === 'object' && x !== null && 'message' in x && 'field' in x;

/** Finds a service by name or ARN. */
export function findService(sim: Simulation, ref: unknown): Service | ApiError {
  const name = typeof ref === 'string' ? ref.split('/').pop()! : '';
  const svc = sim.services.get(name);
  if (svc && svc.status !== 'INACTIVE') return svc;
  return { code: 'ClientException', field: 'service', value: ref, accepted: `an existing service: ${[...sim.services.keys()].join(', ') || '(none)'}`, message: 'ServiceNotFoundException: Service not found.' };
}

function resolveTd(sim: Simulation, ref: unknown, field = 'taskDefinition') {
  const r = sim.taskDefinitions.resolve(ref, { requireActive: true, field });
  return r.ok ? r.taskDefinition : r.error;
}

function launchChoice(sim: Simulation, req: Req): { launchType: LaunchType; strategy: Service['capacityProviderStrategy'] } | ApiError {
  const lt = req.launchType;
  const cps = req.capacityProviderStrategy as Service['capacityProviderStrategy'] | undefined;
  if (lt !== undefined && cps !== undefined) {
    return invalidParameter('capacityProviderStrategy', cps, 'either launchType or capacityProviderStrategy, not both', 'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  if (lt !== undefined && lt !== 'EC2' && lt !== 'FARGATE') {
    return invalidParameter('launchType', lt, 'EC2 or FARGATE', `launchType must be EC2 or FARGATE.`);
  }
  const strategy = (cps ?? (lt === undefined ? sim.scenario.cluster.defaultCapacityProviderStrategy ?? [] : []))
    .map((i) => ({ capacityProvider: i.capacityProvider, base: i.base ?? 0, weight: i.weight ?? 0 }));
  if (strategy.length && strategy.every((i) => i.weight === 0)) {
    return invalidParameter('capacityProviderStrategy', cps, 'at least one capacity provider with a weight above 0', 'The specified capacity provider strategy cannot contain a capacity provider with a weight of 0 for all providers.');
  }
  if (strategy.filter((i) => i.base > 0).length > 1) {
    return invalidParameter('capacityProviderStrategy', cps, 'a base on at most one capacity provider', 'Only one capacity provider in a strategy can have a base defined.');
  }
  const fargate = strategy.length ? strategy.every((i) => i.capacityProvider.startsWith('FARGATE')) : lt === 'FARGATE';
  return { launchType: fargate ? 'FARGATE' : 'EC2', strategy };
}

const createService: Handler = (sim, req) => {
  const name = requireString(req, 'serviceName');
  if (isErr(name)) return fail(name);
  if (sim.services.get(name)?.status === 'ACTIVE') {
    return fail(invalidParameter('serviceName', name, 'a name not used by an ACTIVE service in the cluster', 'Creation of service was not idempotent.'));
  }
  const td = resolveTd(sim, req.taskDefinition);
  if (isErr(td)) return fail(td);
  const scheduling = (req.schedulingStrategy ?? 'REPLICA') as 'REPLICA' | 'DAEMON';
  const choice = launchChoice(sim, req);
  if (isErr(choice)) return fail(choice);
  if (!td.compatibilities.includes(choice.launchType)) {
    return fail(clientException('launchType', choice.launchType, `a launch type the task definition supports: ${td.compatibilities.join(', ')}`, `Task definition does not support launch_type ${choice.launchType}.`));
  }
  if (scheduling === 'DAEMON' && choice.launchType === 'FARGATE') {
    return fail(invalidParameter('schedulingStrategy', 'DAEMON', 'REPLICA on Fargate', 'The daemon scheduling strategy is not supported with the FARGATE launch type.'));
  }
  const desired = wholeNumber(req, 'desiredCount', 0, 5000);
  if (isErr(desired)) return fail(desired);
  if (scheduling === 'REPLICA' && desired === undefined) {
    return fail(invalidParameter('desiredCount', undefined, 'a whole number from 0 to 5000', 'desiredCount is required for a service with the REPLICA scheduling strategy.'));
  }
  const dc = (req.deploymentConfiguration ?? {}) as Req;
  const minPct = (dc.minimumHealthyPercent as number | undefined) ?? (scheduling === 'DAEMON' ? 0 : 100);
  const maxPct = (dc.maximumPercent as number | undefined) ?? (scheduling === 'DAEMON' ? 100 : 200);
  if (scheduling === 'DAEMON' && maxPct !== 100) {
    return fail(invalidParameter('deploymentConfiguration.maximumPercent', maxPct, '100 for a DAEMON service', 'The maximumPercent for a daemon service must be 100.'));
  }
  if (minPct > maxPct && maxPct > 0) {
    return fail(invalidParameter('deploymentConfiguration.minimumHealthyPercent', minPct, `at most maximumPercent (${maxPct})`, 'minimumHealthyPercent must be less than or equal to maximumPercent.'));
  }
  const placement = choice.launchType === 'FARGATE'
    ? { ok: true as const, value: { strategy: [], memberOf: [], distinctInstance: false } }
    : resolvePlacement({ action: 'CreateService', placementStrategy: req.placementStrategy, placementConstraints: req.placementConstraints, taskDefinitionPlacementConstraints: td.placementConstraints });
  if (!placement.ok) return fail(placement.error);
  if (scheduling === 'DAEMON' && req.placementStrategy !== undefined) {
    return fail(invalidParameter('placementStrategy', req.placementStrategy, 'no placement strategy for a DAEMON service', 'Placement strategies are not supported with the DAEMON scheduling strategy.'));
  }
  if (req.loadBalancers !== undefined && (!Array.isArray(req.loadBalancers) || !req.loadBalancers.every((lb) => lb !== null && typeof lb === 'object' && !Array.isArray(lb)))) {
    return fail(invalidParameter('loadBalancers', req.loadBalancers, 'a list of load balancer objects ({ "targetGroupName": …, "containerName": …, "containerPort": … })', 'loadBalancers must be a list of load balancers.'));
  }
  const lbs = (req.loadBalancers ?? []) as { targetGroupName: string; containerName?: string; containerPort?: number }[];
  for (const [i, lb] of lbs.entries()) {
    if (!sim.targetGroups.has(lb.targetGroupName)) {
      return fail(invalidParameter(`loadBalancers[${i}].targetGroupName`, lb.targetGroupName, `an existing target group: ${[...sim.targetGroups.keys()].join(', ') || '(none)'}`, `The target group ${lb.targetGroupName} does not exist.`));
    }
    if (lb.containerName && !td.containerDefinitions.some((c) => c.name === lb.containerName)) {
      return fail(invalidParameter(`loadBalancers[${i}].containerName`, lb.containerName, `a container of ${td.family}:${td.revision}: ${td.containerDefinitions.map((c) => c.name).join(', ')}`, `The container ${lb.containerName} does not exist in the task definition.`));
    }
  }
  const awsvpc = resolveAwsvpcConfiguration(sim, td, req.networkConfiguration);
  if (isErr(awsvpc)) return fail(awsvpc);
  const registries: ServiceRegistry[] = [];
  if (req.serviceRegistries !== undefined && !Array.isArray(req.serviceRegistries)) {
    return fail(invalidParameter('serviceRegistries', req.serviceRegistries, 'a list of service registries', 'serviceRegistries must be a list.'));
  }
  for (const [i, entry] of ((req.serviceRegistries ?? []) as RegistryRequest[]).entries()) {
    if (!entry || typeof entry !== 'object') return fail(invalidParameter(`serviceRegistries[${i}]`, entry, 'an object { namespace, name?, dnsRecords?, port? } or { registryArn }', 'A service registry must be an object.'));
    const r = resolveRegistry(sim, { serviceName: name }, td.networkMode, entry, `serviceRegistries[${i}]`);
    if (isErr(r)) return fail(r);
    registries.push(r);
  }
  const serviceConnect = resolveServiceConnect(sim, name, td, req.serviceConnectConfiguration);
  if (isErr(serviceConnect)) return fail(serviceConnect);
  const deploySettings = deploymentSettingsFor(sim, req, scheduling);
  if (isErr(deploySettings)) return fail(deploySettings);
  const cb = ((dc.deploymentCircuitBreaker ?? {}) as Req);
  const th = (cb.thresholdConfiguration ?? {}) as Req;
  const svc: Service = {
    serviceName: name,
    groupIndex: sim.groupIndex(`service:${name}`),
    status: 'ACTIVE',
    schedulingStrategy: scheduling,
    desiredCount: desired ?? 0,
    launchType: choice.launchType,
    capacityProviderStrategy: choice.strategy,
    placementStrategy: placement.value.strategy,
    memberOf: placement.value.memberOf,
    distinctInstance: placement.value.distinctInstance,
    minimumHealthyPercent: minPct,
    maximumPercent: maxPct,
    circuitBreaker: { enable: cb.enable === true, rollback: cb.rollback === true },
    circuitBreakerThreshold: { type: (th.type as Service['circuitBreakerThreshold']['type']) ?? 'BOUNDED_PERCENT', value: (th.value as number) ?? 50 },
    stuckAnnounced: false,
    loadBalancers: lbs.map((l) => ({ targetGroupName: l.targetGroupName, containerName: l.containerName ?? null, containerPort: l.containerPort ?? null })),
    healthCheckGracePeriodSeconds: (req.healthCheckGracePeriodSeconds as number | undefined) ?? 0,
    awsvpcConfiguration: awsvpc,
    serviceRegistries: registries,
    serviceConnect,
    deployments: [],
    createdAt: sim.t,
    throttle: { failures: 0, nextLaunchAt: 0, announced: false },
    steady: false,
    lastPlacementEvent: null,
    requestsPerSecond: 0,
    stats: { requestsPerSecond: 0, p50LatencyMs: 0, errorRate: 0, cpuUtilization: 0, memoryUtilization: 0 },
    trafficWeights: null,
  };
  attachDeploymentSettings(svc, deploySettings);
  sim.services.set(name, svc);
  createDeployment(sim, svc, `${td.family}:${td.revision}`, 'service created');
  return { ok: true, value: { serviceName: name } };
};

const updateService: Handler = (sim, req) => {
  // Check everything, then apply: a rejected request changes nothing.
  const svc = findService(sim, req.service);
  if (isErr(svc)) return fail(svc);
  const desired = wholeNumber(req, 'desiredCount', 0, 5000);
  if (isErr(desired)) return fail(desired);
  // A new network configuration applies to the tasks of a new deployment (UpdateService API).
  let awsvpc: Service['awsvpcConfiguration'] | undefined;
  if (req.networkConfiguration !== undefined) {
    const current = sim.taskDef(svc.deployments[0]!.taskDefinition);
    const a = current ? resolveAwsvpcConfiguration(sim, current, req.networkConfiguration) : null;
    if (isErr(a)) return fail(a);
    awsvpc = a;
  }
  const applyDeploymentSettings = planDeploymentSettings(sim, svc, req);
  if (isErr(applyDeploymentSettings)) return fail(applyDeploymentSettings);
  let newTd: string | null = null;
  if (req.taskDefinition !== undefined) {
    const td = resolveTd(sim, req.taskDefinition);
    if (isErr(td)) return fail(td);
    if (!td.compatibilities.includes(svc.launchType)) {
      return fail(clientException('taskDefinition', req.taskDefinition, `a revision that supports ${svc.launchType}`, `Task definition does not support launch_type ${svc.launchType}.`));
    }
    newTd = `${td.family}:${td.revision}`;
  }
  const dc = req.deploymentConfiguration as Req | undefined;
  let percents: { min: number; max: number; circuitBreaker: Service['circuitBreaker'] | null } | null = null;
  if (dc) {
    const min = (dc.minimumHealthyPercent as number | undefined) ?? svc.minimumHealthyPercent;
    const max = (dc.maximumPercent as number | undefined) ?? svc.maximumPercent;
    if (svc.schedulingStrategy === 'DAEMON' && max !== 100) {
      return fail(invalidParameter('deploymentConfiguration.maximumPercent', max, '100 for a DAEMON service', 'The maximumPercent for a daemon service must be 100.'));
    }
    const cb = dc.deploymentCircuitBreaker as Req | undefined;
    percents = { min, max, circuitBreaker: cb ? { enable: cb.enable === true, rollback: cb.rollback === true } : null };
  }
  let placement: Extract<ReturnType<typeof resolvePlacement>, { ok: true }>['value'] | null = null;
  if (req.placementStrategy !== undefined || req.placementConstraints !== undefined) {
    const td = sim.taskDef(svc.deployments[0]!.taskDefinition)!;
    const p = resolvePlacement({ action: 'UpdateService', placementStrategy: req.placementStrategy ?? [], placementConstraints: req.placementConstraints ?? [], taskDefinitionPlacementConstraints: td.placementConstraints });
    if (!p.ok) return fail(p.error);
    placement = p.value;
  }
  applyDeploymentSettings();
  if (percents) {
    svc.minimumHealthyPercent = percents.min;
    svc.maximumPercent = percents.max;
    if (percents.circuitBreaker) svc.circuitBreaker = percents.circuitBreaker;
  }
  if (placement) {
    svc.placementStrategy = placement.strategy;
    svc.memberOf = placement.memberOf;
    svc.distinctInstance = placement.distinctInstance;
  }
  if (desired !== undefined && svc.schedulingStrategy === 'REPLICA') {
    svc.desiredCount = desired;
    svc.steady = false;
  }
  if (awsvpc !== undefined) svc.awsvpcConfiguration = awsvpc;
  if (newTd || req.forceNewDeployment === true || awsvpc !== undefined) {
    createDeployment(sim, svc, newTd ?? svc.deployments[0]!.taskDefinition, newTd ? `updated to ${newTd}` : awsvpc !== undefined ? 'network configuration changed' : 'forceNewDeployment');
  }
  return { ok: true };
};

const deleteService: Handler = (sim, req) => {
  const svc = findService(sim, req.service);
  if (isErr(svc)) return fail(svc);
  if (svc.schedulingStrategy === 'REPLICA' && svc.desiredCount > 0 && req.force !== true) {
    return fail(invalidParameter('service', svc.serviceName, 'a service scaled to 0 tasks, or force: true', 'The service cannot be stopped while it is scaled above 0.'));
  }
  svc.status = 'DRAINING';
  svc.desiredCount = 0;
  say(sim, svc, 'is being deleted: its tasks are stopping.');
  return { ok: true };
};

/** A RunTask request, checked: what `applyRunTask` launches. */
export interface RunTaskPlan {
  td: TaskDefinition;
  count: number;
  choice: { launchType: LaunchType; strategy: Service['capacityProviderStrategy'] };
  placement: Extract<ReturnType<typeof resolvePlacement>, { ok: true }>['value'];
  awsvpc: Exclude<ReturnType<typeof resolveAwsvpcConfiguration>, ApiError>;
  group: string;
}

/** Checks a RunTask request; changes nothing. */
export function planRunTask(sim: Simulation, req: Req): RunTaskPlan | ApiError {
  const td = resolveTd(sim, req.taskDefinition);
  if (isErr(td)) return td;
  const count = wholeNumber(req, 'count', 1, 10);
  if (isErr(count)) return count;
  const choice = launchChoice(sim, req);
  if (isErr(choice)) return choice;
  if (!td.compatibilities.includes(choice.launchType)) {
    return clientException('launchType', choice.launchType, `a launch type the task definition supports: ${td.compatibilities.join(', ')}`, `Task definition does not support launch_type ${choice.launchType}.`);
  }
  const placement = resolvePlacement({ action: 'RunTask', placementStrategy: req.placementStrategy, placementConstraints: req.placementConstraints, taskDefinitionPlacementConstraints: td.placementConstraints });
  if (!placement.ok) return placement.error;
  const awsvpc = resolveAwsvpcConfiguration(sim, td, req.networkConfiguration);
  if (isErr(awsvpc)) return awsvpc;
  return { td, count: count ?? 1, choice, placement: placement.value, awsvpc, group: str(req, 'group') ?? `family:${td.family}` };
}

/** Launches a checked RunTask: the tasks placed, those waiting for capacity, and failures[]. */
export function applyRunTask(sim: Simulation, plan: RunTaskPlan): CommandResult {
  const { td, choice, placement, awsvpc, group, count: n } = plan;
  const provider = choice.strategy[0]?.capacityProvider ?? (choice.launchType === 'FARGATE' ? 'FARGATE' : null);
  // Through the capacity provider (§6): Auto Scaling group instances only; Fargate tokens were taken.
  const r = launchWithCapacityProvider(sim, { group, service: null, deploymentId: null, taskDefinition: td, launchType: choice.launchType,
    capacityProvider: provider, count: n, strategy: choice.launchType === 'FARGATE' ? [] : placement.strategy,
    memberOf: choice.launchType === 'FARGATE' ? [] : placement.memberOf, distinctInstance: placement.distinctInstance, targetGroupNames: [],
    awsvpcConfiguration: awsvpc }, { tokensTaken: true });
  // On an Auto Scaling group provider, tasks that do not fit wait in PROVISIONING (§6.3): still tasks.
  const waiting = r.waitingTasks ?? [];
  const failures = [];
  const arn = r.failedInstanceId ? `arn:aws:ecs:${sim.region}:${ACCOUNT_ID}:container-instance/${sim.clusterName}/${r.failedInstanceId}` : null;
  for (let k = r.tasks.length + waiting.length; k < n; k++) failures.push({ arn, reason: runTaskFailureReason(r.failure) });
  return { ok: true, value: { tasks: [...r.tasks, ...waiting].map((t) => t.taskId), failures, ...(waiting.length ? { provisioning: waiting.length } : {}) } };
}

const runTask: Handler = (sim, req) => {
  const plan = planRunTask(sim, req);
  return isErr(plan) ? fail(plan) : applyRunTask(sim, plan);
};

/**
 * RunTask's `failures[].reason` codes (§1.6): RESOURCE:* and AGENT and ATTRIBUTE name the closest
 * container instance (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html).
 */
function runTaskFailureReason(failure: string | null): string {
  if (!failure) return 'RESOURCE';
  if (failure.includes('CPU')) return 'RESOURCE:CPU';
  if (failure.includes('memory')) return 'RESOURCE:MEMORY';
  if (failure.includes('port')) return 'RESOURCE:PORTS';
  if (failure.includes('ENI')) return 'RESOURCE:ENI';
  if (failure.includes('AGENT')) return 'AGENT';
  if (failure.includes('memberOf')) return 'MemberOf placement constraint unsatisfied';
  // An awsvpc task whose subnets hold no instance with a free address: the task-eni attribute is
  // missing where it may go (the page's ATTRIBUTE row).
  if (failure.includes('free IP address')) return 'ATTRIBUTE';
  if (failure.includes('Capacity is unavailable')) return 'Capacity is unavailable at this time. Please try again later or in a different availability zone';
  return 'RESOURCE';
}

export function findTask(sim: Simulation, ref: unknown): Task | ApiError {
  const id = typeof ref === 'string' ? ref.split('/').pop()! : '';
  const t = sim.tasks.find((x) => x.taskId === id);
  if (t) return t;
  return invalidParameter('task', ref, 'the id or ARN of a task in the cluster', 'The referenced task was not found.');
}

const stopTaskAction: Handler = (sim, req) => {
  const t = findTask(sim, req.task);
  if (isErr(t)) return fail(t);
  stopTask(sim, t, 'UserInitiated', str(req, 'reason') ?? 'Task stopped by user');
  return { ok: true };
};

const registerTaskDefinition: Handler = (sim, req) => {
  const r = sim.taskDefinitions.register(req, sim.region);
  return r.ok ? { ok: true, value: { taskDefinition: `${r.taskDefinition.family}:${r.taskDefinition.revision}` } } : fail(r.error);
};

const registerContainerInstance: Handler = (sim, req) => {
  const count = wholeNumber(req, 'count', 1, 1000);
  if (isErr(count)) return fail(count);
  const e = registerInstance(sim, {
    instanceType: String(req.instanceType ?? ''), availabilityZone: String(req.availabilityZone ?? ''),
    attributes: req.attributes as Record<string, string> | undefined, ami: str(req, 'ami'),
  }, count ?? 1);
  return e ? fail({ code: 'InvalidParameterException', ...e }) : { ok: true };
};

const setTraffic: Handler = (sim, req) => {
  const target = requireString(req, 'target');
  if (isErr(target)) return fail(target);
  const rps = req.requestsPerSecond;
  if (typeof rps !== 'number' || !(rps >= 0)) return fail(invalidParameter('requestsPerSecond', rps, 'a number of requests per second, 0 or more', 'requestsPerSecond must be a number, 0 or more.'));
  if (!sim.services.has(target)) return fail(invalidParameter('target', target, `a service: ${[...sim.services.keys()].join(', ')}`, `No service named ${target}.`));
  sim.traffic.push({ at: sim.t, target, requestsPerSecond: rps, rampSeconds: (req.rampSeconds as number | undefined) ?? 0 });
  return { ok: true };
};

export const ACTIONS: Record<string, Handler> = {
  RegisterTaskDefinition: registerTaskDefinition,
  CreateService: createService,
  UpdateService: updateService,
  DeleteService: deleteService,
  RunTask: runTask,
  StopTask: stopTaskAction,
  RegisterContainerInstance: registerContainerInstance,
  SetTraffic: setTraffic,
  ...clusterActions,
  ...deploymentActions,
  ...securityGroupActions,
  ...discoveryActions,
  ...capacityAndScalingActions({ CreateService: createService, UpdateService: updateService, RunTask: { plan: planRunTask, apply: applyRunTask }, SetTraffic: setTraffic }),
  // Express Mode builds its resources through the actions above (§13).
  ...expressActions((sim, action, request) => dispatch(sim, action, request)),
};

export function dispatch(sim: Simulation, action: string, request: Req): CommandResult {
  const h = Object.prototype.hasOwnProperty.call(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!h) {
    return fail(invalidParameter('action', action, `one of ${Object.keys(ACTIONS).join(', ')}`, `Unknown action '${action}'.`));
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return fail(invalidParameter('request', request, 'an object with the request fields', `The request for ${action} must be an object.`));
  }
  return h(sim, request);
}

