/**
 * The engine's state: plain data (structuredClone-able), named after the ECS objects it models.
 * Per-task lifecycle timers and per-instance remaining capacity live in the scheduler core
 * (assembly/); the objects here hold what the API describes and what the core does not need.
 */
import type { NormalizedStrategy } from './placement/validate';
import type { TrafficStats } from './traffic';
import type { TaskDefinition } from './taskdef';
import type { ServiceRegistry } from './discovery/cloudmap';
import type { ServiceConnectConfig } from './discovery/serviceconnect';
import type { AlarmState, BlueGreenRun, DeploymentSettings } from './deployments/types';

export type LastStatus =
  | 'PROVISIONING' | 'PENDING' | 'ACTIVATING' | 'RUNNING'
  | 'DEACTIVATING' | 'STOPPING' | 'DEPROVISIONING' | 'STOPPED';

export type LaunchType = 'EC2' | 'FARGATE';
export type HealthStatus = 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY';

export interface ContainerInstance {
  /** Core slot (dense index). */
  slot: number;
  /** Container instance id (the last part of containerInstanceArn). */
  id: string;
  ec2InstanceId: string;
  instanceType: string;
  availabilityZone: string;
  status: 'ACTIVE' | 'DRAINING' | 'DEREGISTERED';
  agentConnected: boolean;
  registeredCpu: number;
  registeredMemory: number;
  maxEnis: number;
  attributes: Record<string, string>;
  registeredAt: number;
  /** Images pulled on this instance (the EC2 image cache). */
  imageCache: string[];
  /** A custom AMI with the task images baked in: no pull at task start. */
  imagesPreBaked: boolean;
  /** The agent's ECS_IMAGE_PULL_BEHAVIOR (§10). */
  imagePullBehavior: 'default' | 'always' | 'once' | 'prefer-cached';
  /** Static host ports in use, per running task, plus the agent's reserved ports. */
  usedPorts: number[];
  capacityProvider: string | null;
  subnetId: string;
  privateIpv4Address: string;
  securityGroups: string[];
  /** EC2 purchase option (§6.3): Spot instances cost less and can be interrupted. */
  lifecycle?: 'on-demand' | 'spot';
}

/** A service's or RunTask's awsvpcConfiguration, resolved against the VPC. */
export interface AwsvpcConfiguration { subnets: string[]; securityGroups: string[]; assignPublicIp: boolean }

export interface Task {
  slot: number;
  taskId: string;
  /** Task group: the service name, or `family:<family>` for standalone tasks. */
  group: string;
  groupIndex: number;
  service: string | null;
  deploymentId: string | null;
  taskDefinition: string;
  /** The registered revision itself (immutable), so hot paths need no lookup. */
  definition: TaskDefinition;
  launchType: LaunchType;
  capacityProvider: string | null;
  availabilityZone: string;
  /** -1 on Fargate. */
  instanceSlot: number;
  lastStatus: LastStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  cpu: number;
  memory: number;
  enis: number;
  hostPorts: number[];
  createdAt: number;
  pullStartedAt: number | null;
  startedAt: number | null;
  /** When the app inside answers requests (startedAt + appStartSeconds). */
  appReadyAt: number | null;
  /** When the service first counted the task healthy (§2.4), or null. */
  healthyAt: number | null;
  healthStatus: HealthStatus;
  stoppingAt: number | null;
  stoppedAt: number | null;
  stopCode: string | null;
  stoppedReason: string | null;
  /** awsvpc: the task's ENI subnet and address; otherwise the instance's. */
  subnetId: string | null;
  privateIpv4Address: string | null;
  /** awsvpc: the ENI's security groups; otherwise empty (the instance's apply). */
  securityGroups: string[];
  /** Service Connect endpoints the task's proxy learned at launch (null: no proxy), §9.2. */
  serviceConnectEndpoints: string[] | null;
  /** PROVISIONING with no instance yet: waiting for Auto Scaling group capacity (§6.3). */
  waitingForCapacity: boolean;
  /** Memo of whether the load balancer can reach the task: rulesVersion × 2 + (1 if yes), −1 unknown. */
  reachMemo: number;
  /** Why the image pull will fail, decided at launch (missing tag, no route to ECR), or null. */
  pullFailure: string | null;
  /** Target groups the task registers with (its deployment's; blue/green picks one of two). */
  targetGroupNames: string[];
  /** Container health check timer of the essential container, when it has one (§2.3). */
  containerCheck: { nextAt: number; fails: number } | null;
  /** Set when the service decides to replace the task (failed ELB or container checks). */
  unhealthyReason: string | null;
  /** Simulated request rate served, per second (set by the traffic model). */
  requestsPerSecond: number;
  cpuUtilization: number;
}

export interface Deployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason: string;
  createdAt: number;
  updatedAt: number;
  /** Circuit breaker: failed tasks counted against the threshold. */
  failedTasks: number;
  /** True once one task of this deployment reached RUNNING (stage 2 of the breaker). */
  anyRunning: boolean;
  /** Target groups this deployment's tasks register with (blue/green: one side of each pair, §4). */
  targetGroupNames?: string[];
  /** Tasks already counted by the circuit breaker (each failure counts once, §3.3). */
  countedTaskIds?: string[];
  /** Circuit breaker: the last time consecutive-failure counting looked for newly healthy tasks. */
  breakerCheckedAt?: number;
  /** Alarms in ALARM when the deployment started: ignored for this deployment (§3.3). */
  ignoredAlarms?: string[];
  /** Rolling with deployment alarms: IN_PROGRESS until this time after the rollout (§3.3 bake). */
  bakeUntil?: number | null;
  /** Set when the deployment rolls back to an earlier one (the reason says so, §3.3). */
  rollbackOf?: string | null;
}

export interface Service {
  serviceName: string;
  groupIndex: number;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  schedulingStrategy: 'REPLICA' | 'DAEMON';
  desiredCount: number;
  launchType: LaunchType;
  capacityProviderStrategy: { capacityProvider: string; base: number; weight: number }[];
  placementStrategy: NormalizedStrategy[];
  /** memberOf expressions (service and task definition) and whether distinctInstance applies. */
  memberOf: string[];
  distinctInstance: boolean;
  minimumHealthyPercent: number;
  maximumPercent: number;
  circuitBreaker: { enable: boolean; rollback: boolean };
  circuitBreakerThreshold: { type: 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT' | 'COUNT'; value: number };
  /** The "unable to stop or start tasks" event was emitted for the current rollout. */
  stuckAnnounced: boolean;
  loadBalancers: { targetGroupName: string; containerName: string | null; containerPort: number | null }[];
  healthCheckGracePeriodSeconds: number;
  awsvpcConfiguration: AwsvpcConfiguration | null;
  /** Cloud Map registrations (§9.1) and Service Connect endpoints (§9.2). */
  serviceRegistries: ServiceRegistry[];
  serviceConnect: ServiceConnectConfig | null;
  deployments: Deployment[];
  createdAt: number;
  /** Launch throttle (§1.6): consecutive launch failures and the earliest next launch. */
  throttle: { failures: number; nextLaunchAt: number; announced: boolean };
  /** Whether the last steady-state event still holds (suppresses repeats). */
  steady: boolean;
  /**
   * The last "unable to place" event (duplicates suppressed 6 h, §1.6): its cause (the reason without
   * the instance, which decides what is a repeat), the reason as said, and when.
   */
  lastPlacementEvent: { message: string; reason: string; at: number } | null;
  /** Task slots that registered with target groups this step, reported together (targets-events.ts). */
  registeringTasks?: number[];
  requestsPerSecond: number;
  /**
   * Bumped whenever one of the service's tasks changes state, health or replacement flag: the
   * traffic model and the scheduler redo their work for the service only when something moved.
   */
  taskVersion?: number;
  /** What the scheduler last reconciled against (a steady service with the same key is skipped). */
  reconcileKey?: string;
  /** What the traffic model last computed against, and the tasks it gave requests to. */
  trafficKey?: string;
  trafficTasks?: Task[];
  /** Share of the service's requests each revision received in the last step (0..1), from traffic.ts. */
  routedByRevision?: Record<string, number>;
  /** The traffic model's latest figures for the service. */
  stats: TrafficStats;
  /** Listener weights per target group while traffic shifts (blue/green, linear, canary). */
  trafficWeights: Record<string, number> | null;
  /** Controller, strategy, alarms, hooks and target group pairs (§3.3, §4); set by CreateService. */
  deployment?: DeploymentSettings;
  /** The blue/green, linear, canary or CodeDeploy deployment in progress, if any (§4). */
  blueGreen?: BlueGreenRun | null;
  /** CloudWatch alarms that watch this service's metrics (scenario `cloudWatchAlarms`). */
  alarms?: AlarmState[];
  /** Traffic split by revision last reported in a TrafficShift event (percent). */
  reportedShares?: Record<string, number>;
}

export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused';

export interface Target {
  taskSlot: number;
  targetGroupName: string;
  /** Set when the target leaves its group (the task stopped); its scheduled check is then skipped. */
  removed: boolean;
  state: TargetHealthState;
  passes: number;
  fails: number;
  nextCheckAt: number;
  registeredAt: number;
  drainingUntil: number | null;
}

export interface TargetGroup {
  targetGroupName: string;
  loadBalancerName: string;
  intervalSeconds: number;
  healthyThresholdCount: number;
  unhealthyThresholdCount: number;
  deregistrationDelaySeconds: number;
  /** Bumped on every target added, removed or changing state (the traffic model's cache key). */
  version?: number;
  /** The load balancer's security groups (what task security groups must let in). */
  securityGroups: string[];
  algorithm: 'round_robin' | 'least_outstanding_requests' | 'weighted_random';
  targets: Target[];
}
