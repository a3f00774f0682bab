/**
 * ECS Express Mode's API (§13): CreateExpressGatewayService, UpdateExpressGatewayService,
 * DescribeExpressGatewayService and DeleteExpressGatewayService, and the scenario's
 * `expressGatewayServices[]` (the same Create requests, at setup).
 *
 * Create checks the whole request first (roles, image, names, subnets, the Fargate size) and only
 * then builds; every resource is made by the engine's ordinary action or helper, so the learner can
 * change each one afterwards with the ordinary APIs and Express leaves that change alone until an
 * Express update names the same setting (§13.4).
 *
 * @example
 * sim.act('CreateExpressGatewayService', {
 *   executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
 *   infrastructureRoleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices',
 *   primaryContainer: { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:5', containerPort: 8080 },
 *   serviceName: 'shop',
 * }); // → { service: { serviceArn, status: { statusCode: 'ACTIVE' }, activeConfigurations: [{ ingressPaths: [{ endpoint }] }] } }
 */
import type { Simulation } from '../engine';
import type { Scenario } from '../scenario/schema';
import type { SetupError } from '../systems';
import type { CommandResult } from '../commands';
import { invalidParameter, clientException, type ApiError } from '../errors';
import { scenarioError } from '../capacity/state';
import { autoScalingState } from '../autoscaling/state';
import { registerScalableTarget, putScalingPolicy, deregisterScalableTarget } from '../autoscaling/targets';
import { EXPRESS_CANARY, EXPRESS_DEFAULTS, expressOf, type ExpressConfiguration, type ExpressService, type ScalingMetric } from './model';
import { changesTaskDefinition, checkServiceName, checkTaskDefinition, isErr, isObj, nextConfiguration, parseRequest, taskDefinitionRequest } from './request';
import {
  addRule, addServiceGroup, addTargetGroups, defaultSubnets, ensureFargateProvider, hash32, isPrivate, loadBalancerFor,
  openServicePort, putRollbackAlarm, releaseResources,
} from './resources';
import { describeExpressService } from './describe';

type Req = Record<string, unknown>;
type Dispatch = (sim: Simulation, action: string, req: Req) => CommandResult;
const fail = (error: ApiError): CommandResult => ({ ok: false, error });

const POLICY_METRIC: Record<ScalingMetric, string> = {
  AVERAGE_CPU: 'ECSServiceAverageCPUUtilization',
  AVERAGE_MEMORY: 'ECSServiceAverageMemoryUtilization',
  REQUEST_COUNT_PER_TARGET: 'ALBRequestCountPerTarget',
};

function say(sim: Simulation, service: string, message: string): void {
  sim.emit({ t: sim.t, type: 'ServiceEvent', service, message: `(service ${service}) ECS Express Mode ${message}` });
}

/** The Express service a `serviceArn` (or, for convenience, a name) names. */
export function findExpress(sim: Simulation, ref: unknown): ExpressService | ApiError {
  const name = typeof ref === 'string' ? ref.split('/').pop()! : '';
  const e = expressOf(sim.express, name);
  if (e && (typeof ref !== 'string' || !ref.startsWith('arn:') || ref === e.serviceArn)) return e;
  return clientException('serviceArn', ref, `the ARN of an Express service: ${[...sim.express.services.values()].filter((x) => x.status !== 'INACTIVE').map((x) => x.serviceArn).join(', ') || '(none)'}`,
    'ServiceNotFoundException: The specified Express service was not found.');
}

function scalingRequests(sim: Simulation, e: ExpressService, st: ExpressConfiguration['scalingTarget']): { target: Req; policy: Req } {
  const resourceId = e.resources.scalableTargetId;
  const metric = POLICY_METRIC[st.autoScalingMetric];
  const lb = sim.express.loadBalancers.find((l) => l.name === e.resources.loadBalancerName);
  const spec: Req = { PredefinedMetricType: metric };
  if (st.autoScalingMetric === 'REQUEST_COUNT_PER_TARGET' && lb) {
    spec.ResourceLabel = `${lb.arn.split(':loadbalancer/')[1]}/targetgroup/${e.resources.targetGroups[0]}/${hash32(e.resources.targetGroups[0]).slice(0, 16)}`;
  }
  return {
    target: { ServiceNamespace: 'ecs', ResourceId: resourceId, ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: st.minTaskCount, MaxCapacity: st.maxTaskCount },
    policy: {
      PolicyName: e.resources.policyName, ServiceNamespace: 'ecs', ResourceId: resourceId, ScalableDimension: 'ecs:service:DesiredCount',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: st.autoScalingTargetValue, PredefinedMetricSpecification: spec },
    },
  };
}

function configuration(sim: Simulation, e: { serviceArn: string }, c: Omit<ExpressConfiguration, 'serviceRevisionArn' | 'taskDefinition' | 'createdAt'>, td: string, n: number): ExpressConfiguration {
  return { ...c, taskDefinition: td, createdAt: sim.t, serviceRevisionArn: `${e.serviceArn.replace(':service/', ':service-revision/')}/${hash32(`${e.serviceArn}-${n}`).slice(0, 19)}` };
}

/**
 * What the image does in the simulation when the request has no `sim` object: the `sim` settings
 * of a registered task definition that runs the same image (a scenario describes its images there).
 */
function imageBehaviour(sim: Simulation, image: string): Req {
  for (const td of sim.taskDefinitions.list()) {
    if (!td.containerDefinitions.some((c) => c.image === image)) continue;
    const s = td.sim;
    return { imageSizeMiB: s.imageSizeMiB, appStartSeconds: s.appStartSeconds, healthy: s.healthy, cpuPerRequest: s.cpuPerRequest, serviceTimeMs: s.serviceTimeMs, ...(s.errorPercent ? { errorPercent: s.errorPercent } : {}) };
  }
  return {};
}

/** CreateExpressGatewayService. */
export function createExpressService(sim: Simulation, req: Req, dispatch: Dispatch): CommandResult {
  const infra = req.infrastructureRoleArn;
  if (typeof infra !== 'string' || !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(infra)) {
    return fail(invalidParameter('infrastructureRoleArn', infra, 'an IAM role ARN such as arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices',
      infra === undefined ? 'infrastructureRoleArn is required.' : 'infrastructureRoleArn is not a valid IAM role ARN.'));
  }
  const image = isObj(req.primaryContainer) && typeof req.primaryContainer.image === 'string' ? req.primaryContainer.image : '';
  const name = checkServiceName(req.serviceName, image);
  if (isErr(name)) return fail(name);
  const parsed = parseRequest(sim, req, name, null);
  if (isErr(parsed)) return fail(parsed);
  const cluster = req.cluster === undefined ? EXPRESS_DEFAULTS.cluster : req.cluster;
  if (typeof cluster !== 'string' || cluster.split('/').pop() !== sim.clusterName) {
    // The simulation runs one cluster per scenario; Express would otherwise create `default`.
    return fail(clientException('cluster', cluster, `${sim.clusterName} (this scenario's cluster; name it "default" to use Express's default)`,
      `ClusterNotFoundException: Cluster not found. This simulation models one cluster, ${sim.clusterName}.`));
  }
  if (sim.services.get(name)?.status === 'ACTIVE' || expressOf(sim.express, name)) {
    return fail(invalidParameter('serviceName', name, 'a name not used by an ACTIVE service in the cluster', 'Creation of service was not idempotent.'));
  }
  const config = nextConfiguration(parsed, null);
  if (isErr(config)) return fail(config);
  const subnets = config.networkConfiguration.subnets.length ? config.networkConfiguration.subnets : defaultSubnets(sim);
  if (!subnets.length) {
    return fail(invalidParameter('networkConfiguration.subnets', [], 'subnets of the VPC (it has no public subnet to default to)', 'The default VPC must have public subnets in at least two Availability Zones.'));
  }
  const simSettings = parsed.sim ?? imageBehaviour(sim, config.primaryContainer.image);
  const family = `${name}`;
  const tdReq = taskDefinitionRequest(family, config, simSettings);
  const tdErr = checkTaskDefinition(sim, tdReq);
  if (tdErr) return fail(tdErr);

  // Checked: build. Every step below goes through paths that accept what was checked above.
  sim.express.serial++;
  const serviceArn = `arn:aws:ecs:${sim.region}:123456789012:service/${sim.clusterName}/${name}`;
  const priv = isPrivate(sim, subnets);
  const host = `${name.slice(0, 2).toLowerCase()}-${hash32(`${serviceArn}-${sim.express.serial}`)}.ecs.${sim.region}.on.aws`;
  if (ensureFargateProvider(sim)) say(sim, name, 'associated the FARGATE capacity provider with the cluster.');
  const td = sim.taskDefinitions.register(tdReq as never, sim.region);
  if (!td.ok) return fail(td.error);
  const tdRef = `${td.taskDefinition.family}:${td.taskDefinition.revision}`;
  const { lb, created } = loadBalancerFor(sim, priv ? 'internal' : 'internet-facing', subnets);
  const targetGroups = addTargetGroups(sim, lb, name);
  const serviceGroup = addServiceGroup(sim, name, lb, config.primaryContainer.containerPort);
  const ruleArn = addRule(sim, lb, name, host);
  const alarmName = `${name}-express-rollback`;
  const policyName = `${name}${config.scalingTarget.autoScalingMetric === 'AVERAGE_CPU' ? 'CPUUtilization' : config.scalingTarget.autoScalingMetric === 'AVERAGE_MEMORY' ? 'MemoryUtilization' : 'RequestCountPerTarget'}`;
  const e: ExpressService = {
    serviceName: name, serviceArn, cluster: sim.clusterName, infrastructureRoleArn: infra, status: 'ACTIVE', statusReason: '',
    endpoint: `https://${host}`, accessType: priv ? 'PRIVATE' : 'PUBLIC', configurations: [], sim: simSettings,
    tags: Array.isArray(req.tags) ? (req.tags as Req[]).map((t) => ({ key: String(t.key), value: String(t.value ?? '') })) : [],
    resources: {
      loadBalancerName: lb.name, listenerArn: lb.listenerArn, ruleArn, host, targetGroups, serviceSecurityGroup: serviceGroup,
      scalableTargetId: `service/${sim.clusterName}/${name}`, policyName, alarmName, logGroup: config.primaryContainer.awsLogsConfiguration.logGroup,
      certificateArn: `arn:aws:acm:${sim.region}:123456789012:certificate/${hash32(host).slice(0, 8)}-${hash32(host).slice(8, 12)}`,
    },
    createdAt: sim.t, updatedAt: sim.t,
  };
  e.configurations.push(configuration(sim, e, { ...config, networkConfiguration: { subnets, securityGroups: config.networkConfiguration.securityGroups } }, tdRef, 1));
  sim.express.services.set(name, e);
  const created1 = dispatch(sim, 'CreateService', {
    serviceName: name, taskDefinition: tdRef, desiredCount: config.scalingTarget.minTaskCount,
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }],
    loadBalancers: [{ targetGroupName: targetGroups[0], containerName: EXPRESS_DEFAULTS.containerName, containerPort: config.primaryContainer.containerPort,
      advancedConfiguration: { alternateTargetGroupName: targetGroups[1], productionListenerRule: ruleArn } }],
    networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups: [serviceGroup, ...config.networkConfiguration.securityGroups], assignPublicIp: priv ? 'DISABLED' : 'ENABLED' } },
    healthCheckGracePeriodSeconds: EXPRESS_DEFAULTS.healthCheckGracePeriodSeconds,
    deploymentConfiguration: {
      strategy: 'CANARY', bakeTimeInMinutes: EXPRESS_CANARY.bakeTimeInMinutes,
      canaryConfiguration: { canaryPercent: EXPRESS_CANARY.canaryPercent, canaryBakeTimeInMinutes: EXPRESS_CANARY.canaryBakeTimeInMinutes },
      alarms: { alarmNames: [alarmName], enable: true, rollback: true },
    },
  });
  if (!created1.ok) { sim.express.services.delete(name); releaseResources(sim, name, lb.name, targetGroups, serviceGroup); return created1; }
  putRollbackAlarm(sim, name, alarmName);
  const sc = scalingRequests(sim, e, config.scalingTarget);
  dispatch(sim, 'RegisterScalableTarget', sc.target);
  dispatch(sim, 'PutScalingPolicy', sc.policy);
  say(sim, name, `created: task definition ${tdRef}; ${created ? 'a new' : 'the shared'} ${lb.scheme} Application Load Balancer ${lb.name} (HTTPS:443, rule ${lb.rules.length} of ${EXPRESS_DEFAULTS.servicesPerAlb}: host ${host}); target groups ${targetGroups.join(' and ')}; security group ${serviceGroup} (port ${config.primaryContainer.containerPort} from ${lb.securityGroup}); scalable target ${config.scalingTarget.minTaskCount}–${config.scalingTarget.maxTaskCount} tasks with policy ${policyName} (${POLICY_METRIC[config.scalingTarget.autoScalingMetric]} ${config.scalingTarget.autoScalingTargetValue}); alarm ${alarmName}; log group ${e.resources.logGroup}. URL ${e.endpoint}`);
  return { ok: true, value: { service: describeExpressService(sim, e) } };
}

/** UpdateExpressGatewayService: only the settings the request names are applied (§13.4). */
export function updateExpressService(sim: Simulation, req: Req, dispatch: Dispatch): CommandResult {
  const e = findExpress(sim, req.serviceArn);
  if (isErr(e)) return fail(e);
  if (e.status !== 'ACTIVE') return fail(clientException('serviceArn', req.serviceArn, 'an ACTIVE Express service', `The Express service is ${e.status}.`));
  for (const f of ['serviceName', 'cluster', 'infrastructureRoleArn']) {
    if (req[f] !== undefined) return fail(invalidParameter(f, req[f], 'no value: it is set only when the service is created', `${f} cannot be changed after the Express service is created.`));
  }
  const base = e.configurations[e.configurations.length - 1]!;
  const parsed = parseRequest(sim, req, e.serviceName, base);
  if (isErr(parsed)) return fail(parsed);
  const next = nextConfiguration(parsed, base);
  if (isErr(next)) return fail(next);
  const svc = sim.services.get(e.serviceName);
  if (!svc || svc.status !== 'ACTIVE') return fail(clientException('serviceArn', req.serviceArn, 'an Express service whose ECS service is ACTIVE', 'ServiceNotActiveException: the ECS service of this Express service was deleted.'));
  const simSettings = parsed.sim ?? e.sim;
  let tdRef = base.taskDefinition;
  let tdReq: Req | null = null;
  if (changesTaskDefinition(parsed)) {
    tdReq = taskDefinitionRequest(base.taskDefinition.split(':')[0]!, next, simSettings);
    const err = checkTaskDefinition(sim, tdReq);
    if (err) return fail(err);
  }
  if (parsed.networkConfiguration?.subnets.length && isPrivate(sim, parsed.networkConfiguration.subnets) !== (e.accessType === 'PRIVATE')) {
    return fail(invalidParameter('networkConfiguration.subnets', parsed.networkConfiguration.subnets, `${e.accessType === 'PRIVATE' ? 'private' : 'public'} subnets, like the ones the service was created with`,
      'The simulation does not move an Express service between an internet-facing and an internal load balancer; create a new Express service instead.'));
  }
  // Checked: apply.
  const changed: string[] = [];
  if (tdReq) {
    const r = sim.taskDefinitions.register(tdReq as never, sim.region);
    if (!r.ok) return fail(r.error);
    tdRef = `${r.taskDefinition.family}:${r.taskDefinition.revision}`;
    e.sim = simSettings;
    const lb = sim.express.loadBalancers.find((l) => l.name === e.resources.loadBalancerName);
    if (lb) openServicePort(sim, e.resources.serviceSecurityGroup, lb, next.primaryContainer.containerPort);
    changed.push(`task definition ${tdRef}`);
  }
  if (parsed.networkConfiguration) {
    const subnets = parsed.networkConfiguration.subnets.length ? parsed.networkConfiguration.subnets : base.networkConfiguration.subnets;
    next.networkConfiguration = { subnets, securityGroups: parsed.networkConfiguration.securityGroups };
    svc.awsvpcConfiguration = { subnets, securityGroups: [e.resources.serviceSecurityGroup, ...parsed.networkConfiguration.securityGroups], assignPublicIp: e.accessType === 'PUBLIC' };
    changed.push('network configuration');
  }
  if (tdReq || parsed.networkConfiguration) {
    const r = dispatch(sim, 'UpdateService', tdReq ? { service: e.serviceName, taskDefinition: tdRef } : { service: e.serviceName, forceNewDeployment: true });
    if (!r.ok) return r;
  }
  if (parsed.scalingTarget) {
    const sc = scalingRequests(sim, e, next.scalingTarget);
    const t = autoScalingState(sim).targets.get(e.resources.scalableTargetId);
    if (t && next.scalingTarget.autoScalingMetric !== base.scalingTarget.autoScalingMetric) t.policies = t.policies.filter((p) => p.policyName !== e.resources.policyName);
    dispatch(sim, 'RegisterScalableTarget', sc.target);
    dispatch(sim, 'PutScalingPolicy', sc.policy);
    changed.push(`scaling ${next.scalingTarget.minTaskCount}–${next.scalingTarget.maxTaskCount} tasks on ${next.scalingTarget.autoScalingMetric} ${next.scalingTarget.autoScalingTargetValue}`);
  }
  if (parsed.healthCheckPath) changed.push(`health check path ${parsed.healthCheckPath}`);
  e.configurations.push(configuration(sim, e, next, tdRef, e.configurations.length + 1));
  e.updatedAt = sim.t;
  say(sim, e.serviceName, `update: ${changed.join('; ') || 'no change'}${tdReq || parsed.networkConfiguration ? `. A canary deployment starts: ${EXPRESS_CANARY.canaryPercent}% of traffic for ${EXPRESS_CANARY.canaryBakeTimeInMinutes} minutes, then 100%, then ${EXPRESS_CANARY.bakeTimeInMinutes} minutes before the old tasks stop; alarm ${e.resources.alarmName} rolls it back.` : '.'}`);
  const d = describeExpressService(sim, e);
  return { ok: true, value: { service: { serviceArn: d.serviceArn, cluster: d.cluster, serviceName: d.serviceName, status: d.status, targetConfiguration: d.activeConfigurations[0], createdAt: d.createdAt, updatedAt: d.updatedAt } } };
}

/** DeleteExpressGatewayService: the service drains; Express removes what only it used. */
export function deleteExpressService(sim: Simulation, req: Req, dispatch: Dispatch): CommandResult {
  const e = findExpress(sim, req.serviceArn);
  if (isErr(e)) return fail(e);
  if (e.status !== 'ACTIVE') return fail(clientException('serviceArn', req.serviceArn, 'an ACTIVE Express service', `The Express service is already ${e.status}.`));
  const svc = sim.services.get(e.serviceName);
  if (svc && svc.status === 'ACTIVE') dispatch(sim, 'DeleteService', { service: e.serviceName, force: true });
  if (autoScalingState(sim).targets.has(e.resources.scalableTargetId)) deregisterScalableTarget(sim, { ResourceId: e.resources.scalableTargetId });
  const lb = sim.express.loadBalancers.find((l) => l.name === e.resources.loadBalancerName);
  if (lb) lb.rules = lb.rules.filter((r) => r.service !== e.serviceName);
  e.status = 'DRAINING';
  e.statusReason = 'DeleteExpressGatewayService: the service is draining.';
  e.updatedAt = sim.t;
  say(sim, e.serviceName, 'service is being deleted: its tasks drain, then its listener rule, target groups and security group are removed.');
  return { ok: true, value: { service: describeExpressService(sim, e) } };
}

/** Per-step system: a draining Express service becomes INACTIVE once its tasks are gone. */
export function runExpress(sim: Simulation): void {
  if (!sim.express.services.size) return;
  for (const e of sim.express.services.values()) {
    if (e.status !== 'DRAINING') continue;
    if (sim.liveByService.get(e.serviceName)?.size) continue;
    releaseResources(sim, e.serviceName, e.resources.loadBalancerName, e.resources.targetGroups, e.resources.serviceSecurityGroup);
    e.status = 'INACTIVE';
    e.statusReason = '';
    e.updatedAt = sim.t;
    say(sim, e.serviceName, 'service deleted: its load balancer rule, target groups and security group are gone.');
  }
}

/** Actions whose results the CLI reports as ActionResult events (the URL, the description). */
export const REPORTED_ACTIONS: ReadonlySet<string> = new Set(['CreateExpressGatewayService', 'UpdateExpressGatewayService', 'DescribeExpressGatewayService']);

export function expressActions(dispatch: Dispatch): Record<string, (sim: Simulation, req: Req) => CommandResult> {
  return {
    CreateExpressGatewayService: (sim, req) => createExpressService(sim, req, dispatch),
    UpdateExpressGatewayService: (sim, req) => updateExpressService(sim, req, dispatch),
    DescribeExpressGatewayService: (sim, req) => {
      const e = findExpress(sim, req.serviceArn);
      if (isErr(e)) return fail(e);
      if (req.include !== undefined && (!Array.isArray(req.include) || req.include.some((x) => x !== 'TAGS'))) {
        return fail(invalidParameter('include', req.include, '["TAGS"]', 'include accepts TAGS only.'));
      }
      const d = describeExpressService(sim, e);
      return { ok: true, value: { service: Array.isArray(req.include) ? d : { ...d, tags: undefined } } };
    },
    DeleteExpressGatewayService: (sim, req) => deleteExpressService(sim, req, dispatch),
  };
}

/** Setup: the scenario's `expressGatewayServices` (CreateExpressGatewayService requests). */
export function setupExpress(sim: Simulation, sc: Scenario, dispatch: Dispatch): SetupError | null {
  const list = (sc as { expressGatewayServices?: unknown[] }).expressGatewayServices ?? [];
  for (const [i, req] of list.entries()) {
    if (!isObj(req)) return scenarioError(`expressGatewayServices[${i}]`, invalidParameter('request', req, 'a CreateExpressGatewayService request', 'Each entry must be an object.'));
    const r = createExpressService(sim, req, dispatch);
    if (!r.ok) return scenarioError(`expressGatewayServices[${i}].${r.error.field}`, r.error);
  }
  return null;
}
