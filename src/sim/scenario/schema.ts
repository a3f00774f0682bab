/**
 * The scenario file (contract v1, ../shared/design/scenario-format.md) as a zod schema.
 *
 * The schema checks shape and types; the API rules (Fargate CPU/memory table, placement limits,
 * deployment percentages, ...) are checked by the engine's commands with the API's own wording.
 * Objects are loose: a newer scenario with extra fields still opens here (fields are added over
 * time, never renamed).
 */
import { z } from 'zod';
import { networkSchema } from '../network/schema';

const int = z.number().int();
const nonNegInt = int.min(0);
const seconds = z.number().min(0);
/** The API takes cpu/memory as strings ("512", "1 vCPU", "1 GB"); scenarios may write numbers. */
const sizeString = z.union([z.string(), z.number()]);
const attributes = z.record(z.string(), z.string());

export const containerInstancesSchema = z.looseObject({
  instanceType: z.string(),
  availabilityZone: z.string(),
  /** At most 5,000 container instances per cluster (§11). */
  count: nonNegInt.max(5000).optional(),
  attributes: attributes.optional(),
  ami: z.string().optional(),
  capacityProvider: z.string().optional(),
  subnetId: z.string().optional(),
  securityGroups: z.array(z.string()).optional(),
  /** The agent's ECS_IMAGE_PULL_BEHAVIOR (§10). */
  imagePullBehavior: z.enum(['default', 'always', 'once', 'prefer-cached']).optional(),
});

export const capacityProviderStrategyItem = z.looseObject({
  capacityProvider: z.string(),
  base: nonNegInt.max(100000).optional(),
  weight: nonNegInt.max(1000).optional(),
});

export const clusterSchema = z.looseObject({
  clusterName: z.string().min(1).max(255),
  availabilityZones: z.array(z.string()).min(1).max(8),
  containerInstances: z.array(containerInstancesSchema).default([]),
  capacityProviders: z.array(z.string()).optional(),
  defaultCapacityProviderStrategy: z.array(capacityProviderStrategyItem).optional(),
});

export const simSettingsSchema = z.looseObject({
  imageSizeMiB: z.number().min(0).optional(),
  appStartSeconds: seconds.optional(),
  healthy: z.boolean().optional(),
  imageExists: z.boolean().optional(),
  exitAfterSeconds: seconds.nullable().optional(),
  cpuPerRequest: z.number().min(0).optional(),
  serviceTimeMs: z.number().min(0).optional(),
  memoryMiBBase: z.number().min(0).optional(),
  errorPercent: z.number().min(0).max(100).optional(),
});

export const portMappingSchema = z.looseObject({
  containerPort: int.optional(),
  hostPort: int.optional(),
  protocol: z.string().optional(),
  name: z.string().optional(),
});

export const containerDefinitionSchema = z.looseObject({
  name: z.string(),
  image: z.string(),
  essential: z.boolean().optional(),
  cpu: z.number().optional(),
  memory: z.number().optional(),
  memoryReservation: z.number().optional(),
  portMappings: z.array(portMappingSchema).optional(),
  healthCheck: z.looseObject({
    command: z.array(z.string()).optional(),
    interval: z.number().optional(),
    timeout: z.number().optional(),
    retries: z.number().optional(),
    startPeriod: z.number().optional(),
  }).optional(),
  stopTimeout: z.number().optional(),
});

export const placementConstraintSchema = z.looseObject({
  type: z.string(),
  expression: z.string().optional(),
});

export const placementStrategySchema = z.looseObject({
  type: z.string(),
  field: z.string().optional(),
});

export const taskDefinitionSchema = z.looseObject({
  family: z.string(),
  cpu: sizeString.optional(),
  memory: sizeString.optional(),
  networkMode: z.string().optional(),
  requiresCompatibilities: z.array(z.string()).optional(),
  containerDefinitions: z.array(containerDefinitionSchema),
  placementConstraints: z.array(placementConstraintSchema).optional(),
  runtimePlatform: z.looseObject({
    cpuArchitecture: z.string().optional(),
    operatingSystemFamily: z.string().optional(),
  }).optional(),
  sim: simSettingsSchema.optional(),
});

export const targetGroupSchema = z.looseObject({
  targetGroupName: z.string(),
  healthCheck: z.looseObject({
    intervalSeconds: int.min(5).max(300).optional(),
    timeoutSeconds: int.min(2).max(120).optional(),
    healthyThresholdCount: int.min(2).max(10).optional(),
    unhealthyThresholdCount: int.min(2).max(10).optional(),
  }).optional(),
  deregistrationDelaySeconds: int.min(0).max(3600).optional(),
  loadBalancingAlgorithm: z.enum(['round_robin', 'least_outstanding_requests', 'weighted_random']).optional(),
});

export const loadBalancerSchema = z.looseObject({
  name: z.string(),
  type: z.literal('application').optional(),
  listeners: z.array(z.looseObject({})).optional(),
  securityGroups: z.array(z.string()).optional(),
  targetGroups: z.array(targetGroupSchema),
});

export const namespaceSchema = z.looseObject({
  name: z.string(),
  type: z.enum(['DNS_PRIVATE', 'HTTP']),
});

export const serviceLoadBalancerSchema = z.looseObject({
  targetGroupName: z.string(),
  containerName: z.string().optional(),
  containerPort: int.optional(),
  advancedConfiguration: z.looseObject({ alternateTargetGroupName: z.string() }).optional(),
});

export const deploymentConfigurationSchema = z.looseObject({
  minimumHealthyPercent: nonNegInt.optional(),
  maximumPercent: nonNegInt.optional(),
  deploymentCircuitBreaker: z.looseObject({
    enable: z.boolean(),
    rollback: z.boolean(),
    thresholdConfiguration: z.looseObject({
      type: z.enum(['BOUNDED_PERCENT', 'UNBOUNDED_PERCENT', 'COUNT']).optional(),
      value: z.number().optional(),
      resetOnHealthyTask: z.boolean().optional(),
    }).optional(),
  }).optional(),
  alarms: z.looseObject({
    alarmNames: z.array(z.string()).optional(),
    enable: z.boolean().optional(),
    rollback: z.boolean().optional(),
  }).optional(),
  strategy: z.enum(['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY']).optional(),
  bakeTimeInMinutes: nonNegInt.max(1440).optional(),
  linearConfiguration: z.looseObject({
    stepPercent: z.number().optional(),
    stepBakeTimeInMinutes: nonNegInt.optional(),
  }).optional(),
  canaryConfiguration: z.looseObject({
    canaryPercent: z.number().optional(),
    canaryBakeTimeInMinutes: nonNegInt.optional(),
  }).optional(),
});

export const createServiceSchema = z.looseObject({
  serviceName: z.string().min(1).max(255),
  taskDefinition: z.string(),
  /** At most 5,000 tasks per service (§11). */
  desiredCount: nonNegInt.max(5000).optional(),
  launchType: z.enum(['EC2', 'FARGATE', 'EXTERNAL']).optional(),
  capacityProviderStrategy: z.array(capacityProviderStrategyItem).optional(),
  schedulingStrategy: z.enum(['REPLICA', 'DAEMON']).optional(),
  placementStrategy: z.array(placementStrategySchema).optional(),
  placementConstraints: z.array(placementConstraintSchema).optional(),
  deploymentController: z.looseObject({ type: z.enum(['ECS', 'CODE_DEPLOY', 'EXTERNAL']) }).optional(),
  deploymentConfiguration: deploymentConfigurationSchema.optional(),
  loadBalancers: z.array(serviceLoadBalancerSchema).optional(),
  serviceRegistries: z.array(z.looseObject({})).optional(),
  serviceConnectConfiguration: z.looseObject({}).optional(),
  healthCheckGracePeriodSeconds: nonNegInt.optional(),
  networkConfiguration: z.looseObject({}).optional(),
});

/**
 * A CloudWatch metric alarm on one service's metrics (PutMetricAlarm fields; `service` stands for
 * the ServiceName / target group dimensions). Deployment alarms (§3.3) and CodeDeploy alarm
 * configurations (§4.1) name these.
 */
export const cloudWatchAlarmSchema = z.looseObject({
  AlarmName: z.string().min(1).max(255),
  service: z.string(),
  MetricName: z.enum(['CPUUtilization', 'MemoryUtilization', 'RequestCount', 'HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count', 'TargetResponseTime', 'UnHealthyHostCount', 'HTTPCode_4XX_5XX_Percent']),
  Threshold: z.number(),
  ComparisonOperator: z.enum(['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']).optional(),
  Period: int.min(60).optional(),
  EvaluationPeriods: int.min(1).optional(),
  DatapointsToAlarm: int.min(1).optional(),
  Statistic: z.string().optional(),
  TreatMissingData: z.enum(['missing', 'notBreaching', 'breaching', 'ignore']).optional(),
});

/** A CodeDeploy CreateDeploymentConfig request for the ECS compute platform (custom linear/canary, §4.1). */
export const codeDeployDeploymentConfigSchema = z.looseObject({
  deploymentConfigName: z.string(),
  computePlatform: z.literal('ECS').optional(),
  trafficRoutingConfig: z.looseObject({
    type: z.enum(['AllAtOnce', 'TimeBasedCanary', 'TimeBasedLinear']),
    timeBasedCanary: z.looseObject({ canaryPercentage: int, canaryInterval: int }).optional(),
    timeBasedLinear: z.looseObject({ linearPercentage: int, linearInterval: int }).optional(),
  }),
});

export const scalableTargetSchema = z.looseObject({
  ServiceNamespace: z.string().optional(),
  ResourceId: z.string(),
  ScalableDimension: z.string().optional(),
  MinCapacity: nonNegInt.max(5000),
  MaxCapacity: nonNegInt.max(5000),
});

export const scalingPolicySchema = z.looseObject({
  PolicyName: z.string(),
  ResourceId: z.string(),
  ServiceNamespace: z.string().optional(),
  ScalableDimension: z.string().optional(),
  PolicyType: z.enum(['TargetTrackingScaling', 'StepScaling']),
  TargetTrackingScalingPolicyConfiguration: z.looseObject({}).optional(),
  StepScalingPolicyConfiguration: z.looseObject({}).optional(),
});

/** CreateCapacityProvider requests (§6.3); the API rules are checked by the engine. */
export const capacityProviderSchema = z.looseObject({
  name: z.string(),
  autoScalingGroupProvider: z.looseObject({
    autoScalingGroup: z.looseObject({
      autoScalingGroupName: z.string().optional(),
      instanceType: z.string(),
      minSize: nonNegInt,
      maxSize: nonNegInt,
      desiredCapacity: nonNegInt.optional(),
      availabilityZones: z.array(z.string()).optional(),
      instanceMarketOptions: z.looseObject({ marketType: z.string() }).optional(),
      ecsAgentConfig: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
    }),
    managedScaling: z.looseObject({
      status: z.string().optional(),
      targetCapacity: z.number().optional(),
      minimumScalingStepSize: z.number().optional(),
      maximumScalingStepSize: z.number().optional(),
      instanceWarmupPeriod: z.number().optional(),
    }).optional(),
    managedTerminationProtection: z.string().optional(),
  }).optional(),
});

export const scheduledActionSchema = z.looseObject({
  ScheduledActionName: z.string(),
  ResourceId: z.string(),
  Schedule: z.string(),
  Timezone: z.string().optional(),
  StartTime: z.string().optional(),
  EndTime: z.string().optional(),
  ScalableTargetAction: z.looseObject({ MinCapacity: nonNegInt.max(5000).optional(), MaxCapacity: nonNegInt.max(5000).optional() }),
});

export const appRunnerServiceSchema = z.looseObject({
  ServiceName: z.string(),
  InstanceConfiguration: z.looseObject({ Cpu: sizeString.optional(), Memory: sizeString.optional() }).optional(),
  AutoScalingConfiguration: z.looseObject({
    MaxConcurrency: int.min(1).optional(),
    MinSize: int.min(1).optional(),
    MaxSize: int.min(1).optional(),
  }).optional(),
  sim: simSettingsSchema.optional(),
});

export const trafficSchema = z.looseObject({
  at: seconds,
  target: z.string(),
  requestsPerSecond: z.number().min(0),
  rampSeconds: seconds.optional(),
});

export const actionSchema = z.looseObject({
  at: seconds,
  action: z.string(),
  request: z.record(z.string(), z.unknown()).default({}),
});

export const scenarioSchema = z.looseObject({
  schemaVersion: z.literal(1),
  name: z.string().optional(),
  description: z.string().optional(),
  seed: int.default(1),
  durationSeconds: seconds.default(600),
  region: z.string().default('us-east-1'),
  cluster: clusterSchema,
  capacityProviders: z.array(capacityProviderSchema).optional(),
  /** Calendar time of t = 0 (scheduled scaling reads it); default 2026-12-01T00:00:00Z. */
  startTime: z.string().optional(),
  /** Application Auto Scaling PutScheduledAction requests (§5.4). */
  scheduledActions: z.array(scheduledActionSchema).optional(),
  taskDefinitions: z.array(taskDefinitionSchema).default([]),
  loadBalancers: z.array(loadBalancerSchema).default([]),
  namespaces: z.array(namespaceSchema).default([]),
  services: z.array(createServiceSchema).default([]),
  codeDeploy: z.array(z.looseObject({ service: z.string(), deploymentConfigName: z.string() })).optional(),
  codeDeployDeploymentConfigs: z.array(codeDeployDeploymentConfigSchema).optional(),
  cloudWatchAlarms: z.array(cloudWatchAlarmSchema).optional(),
  scalableTargets: z.array(scalableTargetSchema).default([]),
  scalingPolicies: z.array(scalingPolicySchema).default([]),
  appRunnerServices: z.array(appRunnerServiceSchema).default([]),
  /** ECS Express Mode: CreateExpressGatewayService requests (§13), checked by the action itself. */
  expressGatewayServices: z.array(z.looseObject({})).optional(),
  traffic: z.array(trafficSchema).default([]),
  actions: z.array(actionSchema).default([]),
  network: networkSchema.optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type CreateServiceRequest = z.infer<typeof createServiceSchema>;
export type ClusterSpec = z.infer<typeof clusterSchema>;
export type TargetGroupSpec = z.infer<typeof targetGroupSchema>;
export type DeploymentConfigurationInput = z.infer<typeof deploymentConfigurationSchema>;
export type ScenarioAction = z.infer<typeof actionSchema>;
export type TrafficSpec = z.infer<typeof trafficSchema>;
