/**
 * ECS Express Mode (§13): what the engine keeps about Express services and the load balancers they
 * share. Plain data, declared on the simulation as `sim.express`.
 *
 * An Express service is not a resource of its own kind: CreateExpressGatewayService builds ordinary
 * resources (a task definition, a Fargate service, target groups, security groups, a scalable target
 * and a policy, a CloudWatch alarm) through the same engine paths as the ordinary APIs, and this
 * state only remembers which resources belong to it and the configuration Express last applied
 * (what DescribeExpressGatewayService returns). Direct changes to those resources are never undone
 * here; only an Express update touches them again, and only in the fields it names (§13.4).
 *
 * Sources (each figure below cites its page):
 * - API: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateExpressGatewayService.html,
 *   API_UpdateExpressGatewayService, API_DescribeExpressGatewayService, API_DeleteExpressGatewayService,
 *   API_ECSExpressGatewayService, API_ExpressGatewayScalingTarget, API_ECSManagedResources.
 * - Defaults and what is created: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html
 * - Deployments: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-update-full.html
 */

/** Published defaults (express-service-work, API_ExpressGatewayScalingTarget). */
export const EXPRESS_DEFAULTS = {
  cluster: 'default',
  cpu: '1024',
  memory: '2048',
  containerPort: 80,
  containerName: 'Main',
  healthCheckPath: '/',
  minTaskCount: 1,
  maxTaskCount: 20,
  autoScalingMetric: 'AVERAGE_CPU',
  autoScalingTargetValue: 60,
  healthCheckGracePeriodSeconds: 300,
  stopTimeout: 30,
  /** Express services in one VPC that share an Application Load Balancer. */
  servicesPerAlb: 25,
  listenerPort: 443,
} as const;

/** Express's canary (express-service-update-full): 5 %, 3 min bake, 100 %, 3 min bake, then blue stops. */
export const EXPRESS_CANARY = {
  canaryPercent: 5,
  canaryBakeTimeInMinutes: 3,
  bakeTimeInMinutes: 3,
  /** Rollback alarm: 4XX + 5XX percentage > 1 for 2 datapoints within 3 minutes. */
  alarmThresholdPercent: 1,
  alarmDatapoints: 2,
  alarmEvaluationPeriods: 3,
  alarmPeriodSeconds: 60,
} as const;

/**
 * What AWS does not publish, modelled (the UI says so): the size of a request and response through
 * the load balancer, and how many requests share one client connection. They feed the ALB's LCUs.
 */
export const EXPRESS_MODEL = {
  bytesPerRequest: 2048,
  requestsPerConnection: 10,
} as const;

export type ScalingMetric = 'AVERAGE_CPU' | 'AVERAGE_MEMORY' | 'REQUEST_COUNT_PER_TARGET';

/** The configuration Express last applied: one `ExpressGatewayServiceConfiguration`. */
export interface ExpressConfiguration {
  serviceRevisionArn: string;
  executionRoleArn: string;
  taskRoleArn: string | null;
  cpu: string;
  memory: string;
  networkConfiguration: { subnets: string[]; securityGroups: string[] };
  healthCheckPath: string;
  primaryContainer: {
    image: string;
    containerPort: number;
    command: string[] | null;
    environment: { name: string; value: string }[];
    awsLogsConfiguration: { logGroup: string; logStreamPrefix: string };
  };
  scalingTarget: { minTaskCount: number; maxTaskCount: number; autoScalingMetric: ScalingMetric; autoScalingTargetValue: number };
  /** The task definition Express registered for this configuration (`family:revision`). */
  taskDefinition: string;
  createdAt: number;
}

/** The resources one Express service created (API_ECSManagedResources), by their engine names. */
export interface ExpressResources {
  loadBalancerName: string;
  listenerArn: string;
  ruleArn: string;
  /** The host-header value of the listener rule: the service URL's host. */
  host: string;
  targetGroups: [string, string];
  serviceSecurityGroup: string;
  scalableTargetId: string;
  policyName: string;
  alarmName: string;
  logGroup: string;
  certificateArn: string;
}

export interface ExpressService {
  serviceName: string;
  serviceArn: string;
  cluster: string;
  infrastructureRoleArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  statusReason: string;
  /** The endpoint, `https://<host>` (the ingress path). */
  endpoint: string;
  accessType: 'PUBLIC' | 'PRIVATE';
  /** Every configuration applied, oldest first (the last is the current one). */
  configurations: ExpressConfiguration[];
  resources: ExpressResources;
  /** The request's `sim` object (what the image does in the simulation). */
  sim: Record<string, unknown>;
  tags: { key: string; value: string }[];
  createdAt: number;
  updatedAt: number;
}

/** An Application Load Balancer Express created, shared by up to 25 Express services of one scheme. */
export interface ExpressLoadBalancer {
  name: string;
  arn: string;
  scheme: 'internet-facing' | 'internal';
  dnsName: string;
  subnets: string[];
  securityGroup: string;
  /** The HTTPS:443 listener and its rules, in priority order (host-header → target groups). */
  listenerArn: string;
  rules: { priority: number; host: string; service: string; arn: string }[];
  createdAt: number;
}

export interface ExpressState {
  services: Map<string, ExpressService>;
  loadBalancers: ExpressLoadBalancer[];
  /** Counter for names and ids Express makes up (deterministic). */
  serial: number;
}

export function emptyExpressState(): ExpressState {
  return { services: new Map(), loadBalancers: [], serial: 0 };
}

/** The Express service a service name belongs to, or undefined (an ordinary service). */
export function expressOf(state: ExpressState, serviceName: string): ExpressService | undefined {
  const e = state.services.get(serviceName);
  return e && e.status !== 'INACTIVE' ? e : undefined;
}
