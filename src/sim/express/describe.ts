/**
 * What the API says about an Express service:
 * - `describeExpressService`: DescribeExpressGatewayService's `service` (API_ECSExpressGatewayService:
 *   cluster, serviceName, serviceArn, infrastructureRoleArn, status { statusCode, statusReason },
 *   currentDeployment, activeConfigurations[] (API_ExpressGatewayServiceConfiguration, with
 *   ingressPaths [{ accessType, endpoint }]), tags, createdAt, updatedAt);
 * - `managedResources`: the resources it created, in the shape of API_ECSManagedResources
 *   (DescribeServiceRevisions' `ecsManagedResources`), each with its live state;
 * - `directChanges`: settings changed with the ordinary APIs since Express last applied them,
 *   which Express leaves alone until an Express update names them (§13.4).
 */
import type { Simulation } from '../engine';
import { autoScalingState } from '../autoscaling/state';
import { findAlarm } from '../deployments/alarms';
import type { ExpressConfiguration, ExpressService } from './model';

const ts = (t: number) => t;

function configurationShape(e: ExpressService, c: ExpressConfiguration) {
  return {
    serviceRevisionArn: c.serviceRevisionArn,
    executionRoleArn: c.executionRoleArn,
    ...(c.taskRoleArn ? { taskRoleArn: c.taskRoleArn } : {}),
    cpu: c.cpu,
    memory: c.memory,
    networkConfiguration: c.networkConfiguration,
    healthCheckPath: c.healthCheckPath,
    primaryContainer: {
      image: c.primaryContainer.image, containerPort: c.primaryContainer.containerPort,
      awsLogsConfiguration: c.primaryContainer.awsLogsConfiguration,
      ...(c.primaryContainer.command ? { command: c.primaryContainer.command } : {}),
      ...(c.primaryContainer.environment.length ? { environment: c.primaryContainer.environment } : {}),
    },
    scalingTarget: c.scalingTarget,
    ingressPaths: [{ accessType: e.accessType, endpoint: e.endpoint }],
    createdAt: ts(c.createdAt),
  };
}

/** DescribeExpressGatewayService's `service`. While a deployment runs, both configurations are active. */
export function describeExpressService(sim: Simulation, e: ExpressService) {
  const svc = sim.services.get(e.serviceName);
  const current = e.configurations[e.configurations.length - 1]!;
  const live = new Set(svc?.deployments.filter((d) => d.status !== 'INACTIVE').map((d) => d.taskDefinition) ?? []);
  const active = e.configurations.filter((c, i) => i === e.configurations.length - 1 || live.has(c.taskDefinition)).reverse();
  const primary = svc?.deployments[0];
  return {
    cluster: e.cluster,
    serviceName: e.serviceName,
    serviceArn: e.serviceArn,
    infrastructureRoleArn: e.infrastructureRoleArn,
    status: { statusCode: e.status, ...(e.statusReason ? { statusReason: e.statusReason } : {}) },
    ...(primary ? { currentDeployment: `${e.serviceArn.replace(':service/', ':service-deployment/')}/${primary.id}` } : {}),
    activeConfigurations: (active.length ? active : [current]).map((c) => configurationShape(e, c)),
    tags: e.tags,
    createdAt: ts(e.createdAt),
    updatedAt: ts(e.updatedAt),
  };
}

/** The created resources and their live state (API_ECSManagedResources, plus the service and task definition). */
export function managedResources(sim: Simulation, e: ExpressService) {
  const lb = sim.express.loadBalancers.find((l) => l.name === e.resources.loadBalancerName);
  const target = autoScalingState(sim).targets.get(e.resources.scalableTargetId);
  const policy = target?.policies.find((p) => p.policyName === e.resources.policyName);
  const alarm = findAlarm(sim, e.resources.alarmName);
  const svc = sim.services.get(e.serviceName);
  const c = e.configurations[e.configurations.length - 1]!;
  const status = (exists: boolean) => (exists ? 'ACTIVE' : 'DELETED');
  return {
    ingressPaths: [{
      accessType: e.accessType,
      endpoint: e.endpoint,
      loadBalancer: { arn: lb?.arn ?? null, status: status(!!lb), scheme: lb?.scheme ?? null, subnetIds: lb?.subnets ?? [], securityGroupIds: lb ? [lb.securityGroup] : [], dnsName: lb?.dnsName ?? null, sharedBy: lb?.rules.length ?? 0 },
      loadBalancerSecurityGroups: lb ? [{ arn: `arn:aws:ec2:${sim.region}:123456789012:security-group/${lb.securityGroup}`, status: 'ACTIVE' }] : [],
      certificate: { arn: e.resources.certificateArn, status: 'ACTIVE', domainName: e.resources.host },
      listener: { arn: e.resources.listenerArn, status: status(!!lb), protocol: 'HTTPS', port: 443 },
      rule: { arn: e.resources.ruleArn, status: status(!!lb?.rules.some((r) => r.service === e.serviceName)), condition: `host-header ${e.resources.host}` },
      targetGroups: e.resources.targetGroups.map((name) => ({ name, status: status(sim.targetGroups.has(name)), healthCheckPath: c.healthCheckPath, healthCheckPort: c.primaryContainer.containerPort, port: c.primaryContainer.containerPort, weight: svc?.trafficWeights?.[name] ?? null })),
    }],
    autoScaling: {
      scalableTarget: target ? { resourceId: target.resourceId, status: 'ACTIVE', minCapacity: target.minCapacity, maxCapacity: target.maxCapacity } : { resourceId: e.resources.scalableTargetId, status: 'DELETED' },
      applicationAutoScalingPolicies: policy && policy.kind === 'TargetTrackingScaling'
        ? [{ policyName: policy.policyName, status: 'ACTIVE', policyType: 'TargetTrackingScaling', targetValue: policy.targetValue, metric: policy.metric }] : [],
    },
    metricAlarms: [{ alarmName: e.resources.alarmName, status: alarm ? 'ACTIVE' : 'DELETED', state: alarm?.state ?? null, rule: '4XX + 5XX > 1 % for 2 of 3 minutes' }],
    serviceSecurityGroups: [{ groupId: e.resources.serviceSecurityGroup, status: status(sim.network.securityGroups.has(e.resources.serviceSecurityGroup)) }],
    logGroups: [{ logGroupName: e.resources.logGroup, status: 'ACTIVE' }],
    service: svc ? { serviceName: svc.serviceName, status: svc.status, desiredCount: svc.desiredCount, capacityProviderStrategy: svc.capacityProviderStrategy, taskDefinition: svc.deployments[0]?.taskDefinition ?? null } : null,
  };
}

/**
 * Settings changed with the ordinary APIs since Express last applied its configuration (§13.4):
 * Express does not undo them; an Express update that names the same setting would.
 */
export function directChanges(sim: Simulation, e: ExpressService): string[] {
  const out: string[] = [];
  const c = e.configurations[e.configurations.length - 1]!;
  const target = autoScalingState(sim).targets.get(e.resources.scalableTargetId);
  if (!target) out.push(`scalable target ${e.resources.scalableTargetId} deregistered`);
  else {
    if (target.minCapacity !== c.scalingTarget.minTaskCount) out.push(`MinCapacity ${target.minCapacity} (Express set ${c.scalingTarget.minTaskCount})`);
    if (target.maxCapacity !== c.scalingTarget.maxTaskCount) out.push(`MaxCapacity ${target.maxCapacity} (Express set ${c.scalingTarget.maxTaskCount})`);
    const p = target.policies.find((x) => x.policyName === e.resources.policyName);
    if (p && p.kind === 'TargetTrackingScaling' && p.targetValue !== c.scalingTarget.autoScalingTargetValue) out.push(`policy ${p.policyName} tracks ${p.targetValue} (Express set ${c.scalingTarget.autoScalingTargetValue})`);
    const others = target.policies.filter((x) => x.policyName !== e.resources.policyName);
    if (others.length) out.push(`policies added: ${others.map((x) => x.policyName).join(', ')}`);
  }
  const svc = sim.services.get(e.serviceName);
  if (svc) {
    const cp = svc.capacityProviderStrategy.map((s) => s.capacityProvider).join(', ');
    if (cp !== 'FARGATE') out.push(`capacity provider strategy ${cp || svc.launchType} (Express set FARGATE)`);
    const td = svc.deployments[0]?.taskDefinition;
    if (td && td !== c.taskDefinition) out.push(`task definition ${td} (Express registered ${c.taskDefinition})`);
    const subnets = svc.awsvpcConfiguration?.subnets ?? [];
    if (subnets.join(',') !== c.networkConfiguration.subnets.join(',')) out.push(`subnets ${subnets.join(', ')} (Express set ${c.networkConfiguration.subnets.join(', ')})`);
  }
  return out;
}
