/**
 * Application Auto Scaling, Elastic Load Balancing v2, Cloud Map, App Runner and CodeDeploy
 * operations on the simulation (see ecs.ts for the pattern).
 */
import type { Simulation } from '../../sim/engine';
import { autoScalingState, type ScalableTarget } from '../../sim/autoscaling/state';
import { appRunnerServices } from '../../sim/apprunner/model';
import { targetGroupArn } from '../../sim/health';
import { describeAppRunnerService, describeLoadBalancer, describeTargetHealth } from '../../app/describe';
import { failure, type Backend, type Json, type OperationMapping } from '../api';
import { targetGroupName } from './ecs';

const ACCOUNT = '123456789012';
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// ---- Application Auto Scaling ----------------------------------------------------------------

function scalableTargets(sim: Simulation, input: Json): ScalableTarget[] {
  if (input.ServiceNamespace !== 'ecs') return [];
  const ids = input.ResourceIds as string[] | undefined;
  return [...autoScalingState(sim).targets.values()].filter((t) => !ids || ids.includes(t.resourceId));
}

const targetArn = (sim: Simulation, t: ScalableTarget) => `arn:aws:application-autoscaling:${sim.region}:${ACCOUNT}:scalable-target/${t.resourceId}`;

export const autoScalingOperations: Record<string, OperationMapping> = {
  RegisterScalableTarget: { action: 'RegisterScalableTarget', response: (_i, _b, v) => v as Json },
  DeregisterScalableTarget: { action: 'DeregisterScalableTarget', response: () => ({}) },
  PutScalingPolicy: {
    action: 'PutScalingPolicy',
    response: (_i, b, v) => {
      const out = v as { PolicyARN: string; Alarms: { AlarmName: string }[] };
      return { PolicyARN: out.PolicyARN, Alarms: out.Alarms.map((a) => ({ AlarmName: a.AlarmName, AlarmARN: `arn:aws:cloudwatch:${b.sim.region}:${ACCOUNT}:alarm:${a.AlarmName}` })) };
    },
  },
  DeleteScalingPolicy: { action: 'DeleteScalingPolicy', response: () => ({}) },
  PutScheduledAction: { action: 'PutScheduledAction', response: () => ({}) },
  DeleteScheduledAction: { action: 'DeleteScheduledAction', response: () => ({}) },
  DescribeScalableTargets: {
    response: (input, b) => ({
      ScalableTargets: scalableTargets(b.sim, input).map((t) => ({
        ServiceNamespace: 'ecs', ResourceId: t.resourceId, ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: t.minCapacity, MaxCapacity: t.maxCapacity, RoleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
        CreationTime: 0, ScalableTargetARN: targetArn(b.sim, t),
        SuspendedState: { DynamicScalingInSuspended: t.suspended.dynamicScalingIn, DynamicScalingOutSuspended: t.suspended.dynamicScalingOut, ScheduledScalingSuspended: t.suspended.scheduledScaling },
      })),
    }),
  },
  DescribeScalingPolicies: {
    response: (input, b) => ({
      ScalingPolicies: scalableTargets(b.sim, input).flatMap((t) => t.policies
        .filter((p) => !input.PolicyNames || list(input.PolicyNames).includes(p.policyName))
        .map((p) => ({
          PolicyARN: p.policyArn, PolicyName: p.policyName, ServiceNamespace: 'ecs', ResourceId: t.resourceId,
          ScalableDimension: 'ecs:service:DesiredCount', PolicyType: p.kind, CreationTime: 0,
          ...(p.kind === 'TargetTrackingScaling' ? {
            TargetTrackingScalingPolicyConfiguration: {
              TargetValue: p.targetValue, PredefinedMetricSpecification: { PredefinedMetricType: p.metric },
              ScaleOutCooldown: p.scaleOutCooldown, ScaleInCooldown: p.scaleInCooldown, DisableScaleIn: p.disableScaleIn,
            },
            Alarms: [p.alarmHigh, p.alarmLow].map((a) => ({ AlarmName: a.name, AlarmARN: `arn:aws:cloudwatch:${b.sim.region}:${ACCOUNT}:alarm:${a.name}` })),
          } : {
            StepScalingPolicyConfiguration: {
              AdjustmentType: p.adjustmentType, Cooldown: p.cooldown, MetricAggregationType: p.metricAggregationType,
              ...(p.minAdjustmentMagnitude !== null ? { MinAdjustmentMagnitude: p.minAdjustmentMagnitude } : {}),
              StepAdjustments: p.steps.map((s) => ({
                ...(s.lower !== null ? { MetricIntervalLowerBound: s.lower } : {}), ...(s.upper !== null ? { MetricIntervalUpperBound: s.upper } : {}), ScalingAdjustment: s.adjustment,
              })),
            },
          }),
        }))),
    }),
  },
  DescribeScheduledActions: {
    response: (input, b) => ({
      ScheduledActions: scalableTargets(b.sim, input).flatMap((t) => t.scheduled.map((a) => ({
        ScheduledActionName: a.name, ScheduledActionARN: `arn:aws:autoscaling:${b.sim.region}:${ACCOUNT}:scheduledAction:${a.name}`,
        ServiceNamespace: 'ecs', Schedule: a.schedule, Timezone: a.timezone, ResourceId: t.resourceId, ScalableDimension: 'ecs:service:DesiredCount',
        ScalableTargetAction: { ...(a.minCapacity !== null ? { MinCapacity: a.minCapacity } : {}), ...(a.maxCapacity !== null ? { MaxCapacity: a.maxCapacity } : {}) },
        CreationTime: 0,
      }))),
    }),
  },
};

// ---- Elastic Load Balancing v2 ---------------------------------------------------------------

function lbViews(sim: Simulation) {
  const names = [...new Set([...sim.scenario.loadBalancers.map((l) => l.name), ...[...sim.targetGroups.values()].map((t) => t.loadBalancerName)])];
  return names.map((n) => describeLoadBalancer(sim, n) ?? []).map((views) => Object.fromEntries(views.map((v) => [v.api.split(' ')[0], v.body])));
}

export const elbv2Operations: Record<string, OperationMapping> = {
  DescribeTargetHealth: {
    response: (input, b) => {
      const name = targetGroupName(input.TargetGroupArn);
      const r = describeTargetHealth(b.sim, name);
      if (!r) return failure('TargetGroupNotFound', `One or more target groups not found`);
      const ids = input.Targets as { Id: string }[] | undefined;
      const all = r.TargetHealthDescriptions as { Target: { Id: string } }[];
      return { TargetHealthDescriptions: ids ? all.filter((d) => ids.some((x) => x.Id === d.Target.Id)) : all };
    },
  },
  DescribeTargetGroups: {
    response: (input, b) => {
      const groups = lbViews(b.sim).flatMap((v) => ((v.DescribeTargetGroups as Json | undefined)?.TargetGroups ?? []) as Json[]);
      const names = input.Names as string[] | undefined;
      const arns = input.TargetGroupArns as string[] | undefined;
      const hit = groups.filter((g) => (!names || names.includes(String(g.TargetGroupName))) && (!arns || arns.includes(String(g.TargetGroupArn))));
      if ((names || arns) && !hit.length) return failure('TargetGroupNotFound', 'One or more target groups not found');
      return { TargetGroups: hit.map((g) => ({ ...g, Protocol: 'HTTP', Port: 80, TargetType: 'ip', HealthCheckProtocol: 'HTTP', HealthCheckPath: '/', HealthCheckEnabled: true })) };
    },
  },
  DescribeLoadBalancers: {
    response: (input, b) => {
      const names = input.Names as string[] | undefined;
      const lbs = lbViews(b.sim).flatMap((v) => ((v.DescribeLoadBalancers as Json | undefined)?.LoadBalancers ?? []) as Json[])
        .filter((l) => !names || names.includes(String(l.LoadBalancerName)));
      if (names && !lbs.length) return failure('LoadBalancerNotFound', 'One or more load balancers not found');
      return { LoadBalancers: lbs.map((l) => ({ ...l, Scheme: 'internet-facing', IpAddressType: 'ipv4', CreatedTime: 0 })) };
    },
  },
  DescribeListeners: {
    response: (input, b) => ({
      Listeners: lbViews(b.sim).flatMap((v) => ((v.DescribeListeners as Json | undefined)?.Listeners ?? []) as Json[])
        .filter((l) => input.LoadBalancerArn === undefined || l.LoadBalancerArn === input.LoadBalancerArn),
    }),
  },
};

/** A target group's ARN by name (what `--load-balancers targetGroupArn=…` needs). */
export function targetGroupArnOf(sim: Simulation, name: string): string | null {
  const tg = sim.targetGroups.get(name);
  return tg ? targetGroupArn(sim, tg) : null;
}

// ---- Cloud Map -------------------------------------------------------------------------------

export const serviceDiscoveryOperations: Record<string, OperationMapping> = {
  DiscoverInstances: {
    // Sent as the engine's query action, so lessons see that it was asked; it changes nothing.
    action: 'DiscoverInstances',
    response: (_i, _b, v) => v as Json,
  },
  ListNamespaces: {
    response: (_i, b) => ({
      Namespaces: [...b.sim.namespaces.values()].map((ns) => ({ Id: ns.id, Name: ns.name, Type: ns.type, Arn: `arn:aws:servicediscovery:${b.sim.region}:${ACCOUNT}:namespace/${ns.id}`, ServiceCount: ns.services.size })),
    }),
  },
};

// ---- App Runner ------------------------------------------------------------------------------

function appRunnerService(b: Backend, ref: unknown): Json | null {
  const s = [...appRunnerServices(b.sim).values()].find((x) => x.serviceArn === ref || x.serviceName === ref);
  if (!s) return null;
  const view = describeAppRunnerService(b.sim, s.serviceName)?.[0]?.body as Json | undefined;
  return view ? { ...(view.Service as Json), CreatedAt: 0, UpdatedAt: 0, AutoScalingConfigurationSummary: { AutoScalingConfigurationName: 'DefaultConfiguration', AutoScalingConfigurationRevision: 1, AutoScalingConfigurationArn: `arn:aws:apprunner:${b.sim.region}:${ACCOUNT}:autoscalingconfiguration/DefaultConfiguration/1/00000000000000000000000000000001` } } : null;
}

const appRunnerAfter = (input: Json, b: Backend): Json => {
  const s = appRunnerService(b, input.ServiceArn ?? input.ServiceName);
  return s ? { Service: s, OperationId: `op-${String(s.ServiceId)}` } : {};
};

export const appRunnerOperations: Record<string, OperationMapping> = {
  CreateService: {
    action: 'CreateService',
    request: (input) => { const { SourceConfiguration: _s, Tags: _t, AutoScalingConfigurationArn: _a, ...rest } = input; return rest; },
    response: appRunnerAfter,
  },
  UpdateService: {
    action: 'UpdateService',
    request: (input) => { const { SourceConfiguration: _s, AutoScalingConfigurationArn: _a, ...rest } = input; return rest; },
    response: appRunnerAfter,
  },
  DescribeService: {
    response: (input, b) => {
      const s = appRunnerService(b, input.ServiceArn);
      return s ? { Service: s } : failure('ResourceNotFoundException', `Service not found: ${String(input.ServiceArn)}`);
    },
  },
  ListServices: {
    response: (_i, b) => ({
      ServiceSummaryList: [...appRunnerServices(b.sim).values()].map((s) => ({ ServiceName: s.serviceName, ServiceId: s.serviceId, ServiceArn: s.serviceArn, ServiceUrl: s.serviceUrl, Status: s.status, CreatedAt: 0, UpdatedAt: 0 })),
    }),
  },
};

// ---- CodeDeploy ------------------------------------------------------------------------------

/** The task definition an ECS AppSpec names (`Resources[0].TargetService.Properties.TaskDefinition`), JSON form. */
function appSpecTaskDefinition(input: Json): string | { error: string } {
  const rev = input.revision as Json | undefined;
  const content = ((rev?.appSpecContent ?? rev?.string) as Json | undefined)?.content;
  if (typeof content !== 'string') return { error: 'revision must be an AppSpecContent revision: { revisionType: "AppSpecContent", appSpecContent: { content: "<AppSpec JSON>" } }.' };
  let spec: unknown;
  try { spec = JSON.parse(content); } catch { return { error: 'The AppSpec content must be JSON here (the simulation does not read YAML).' }; }
  const resources = (spec as Json).Resources as Json[] | undefined;
  const props = ((resources?.[0] ? Object.values(resources[0])[0] : undefined) as Json | undefined)?.Properties as Json | undefined;
  const td = props?.TaskDefinition;
  return typeof td === 'string' ? td : { error: 'The AppSpec names no Resources[0].TargetService.Properties.TaskDefinition.' };
}

export const codeDeployOperations: Record<string, OperationMapping> = {
  CreateDeployment: {
    action: 'CreateDeployment',
    request: (input) => {
      const td = appSpecTaskDefinition(input);
      if (typeof td !== 'string') return failure('InvalidRevisionException', td.error);
      return { service: input.deploymentGroupName, taskDefinition: td, ...(input.deploymentConfigName !== undefined ? { deploymentConfigName: input.deploymentConfigName } : {}) };
    },
    response: (_i, _b, v) => ({ deploymentId: (v as { deploymentId: string }).deploymentId }),
  },
  CreateDeploymentConfig: {
    action: 'CreateDeploymentConfig',
    response: (input) => ({ deploymentConfigId: `config-${String(input.deploymentConfigName)}` }),
  },
};
