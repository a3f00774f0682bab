/**
 * What the engine reports, one object per line in `npm run sim -- --json` (contract v1,
 * ../shared/design/scenario-format.md). Every event has `t` (simulated seconds) and `type`.
 */

export interface TaskStateChange {
  t: number; type: 'TaskStateChange';
  taskId: string; service: string | null; taskDefinition: string;
  lastStatus: string; desiredStatus: string; launchType: string; capacityProvider: string | null;
  availabilityZone: string; containerInstanceId: string | null;
  stopCode: string | null; stoppedReason: string | null;
}

export interface ServiceEvent { t: number; type: 'ServiceEvent'; service: string; message: string }

export interface DeploymentStateChange {
  t: number; type: 'DeploymentStateChange';
  service: string; deploymentId: string;
  eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS' | 'SERVICE_DEPLOYMENT_COMPLETED' | 'SERVICE_DEPLOYMENT_FAILED';
  taskDefinition: string; reason: string;
}

export interface PlacementCandidate {
  containerInstanceId: string;
  availabilityZone: string;
  /** Null for the chosen instance. */
  outcome: 'chosen' | 'filtered' | 'ranked-lower' | 'tie-break';
  reason: string | null;
}

export interface PlacementDecision {
  t: number; type: 'PlacementDecision';
  taskId: string; service: string | null; containerInstanceId: string | null;
  availabilityZone: string;
  strategy: string[];
  /** Instances considered; with more than 64 instances only a summary is kept (`omitted`). */
  candidates: PlacementCandidate[];
  filtered: Record<string, number>;
  omitted: number;
}

export interface TrafficShift {
  t: number; type: 'TrafficShift'; service: string;
  /** Listener weights per target group (blue/green, linear, canary, CodeDeploy), or, for a rolling
   * update behind one target group, the share of requests each revision's tasks receive. */
  weights: Record<string, number>;
  /** The same split keyed by revision (`family:revision`), for every strategy. */
  byRevision?: Record<string, number>;
  /** Rolling updates: `requests` when requests flow through a load balancer, else `tasks` (the split of tasks). */
  basis?: 'requests' | 'tasks';
}

export interface ScalingActivity { t: number; type: 'ScalingActivity'; resource: string; from: number; to: number; cause: string }

export interface ServiceMetrics {
  desiredCount: number; runningCount: number; pendingCount: number; healthyCount: number; totalCount: number;
  tasksByRevision: Record<string, number>;
  cpuUtilization: number; memoryUtilization: number; requestsPerSecond: number; p50LatencyMs: number; errorRate: number;
  trafficWeights?: Record<string, number>;
  /** Percent of requests routed to each revision's tasks (all strategies), when the service has tasks. */
  trafficByRevision?: Record<string, number>;
  /** Tasks waiting in PROVISIONING for Auto Scaling group capacity (§6.3; also in pendingCount). */
  waitingForCapacityCount?: number;
  /** The service's scalable target (§5.1), when it has one. */
  scalableTarget?: { minCapacity: number; maxCapacity: number };
  /** Dollars per hour now and so far: its Fargate tasks plus its share of EC2 instances (src/sim/cost.ts). */
  costUsdPerHour?: number;
  costUsd?: number;
}

export interface AppRunnerMetrics {
  instances: number; concurrency: number; rejectedRequestsPerSecond: number;
  /** Instances processing requests (billed vCPU + memory) and provisioned in all (§8). */
  activeInstances?: number; provisionedInstances?: number;
  /** What the concurrency asks for; above maxSize the service is at its ceiling. */
  wantedInstances?: number; maxSize?: number; maxConcurrency?: number;
  requestsPerSecond?: number; queuedRequests?: number; p50LatencyMs?: number;
  status?: string; costUsdPerHour?: number; costUsd?: number;
}

/** An Auto Scaling group capacity provider in a Metrics line (§6.3). */
export interface CapacityProviderMetrics {
  desiredCapacity: number; instances: number; launching: number; minSize: number; maxSize: number;
  /** The latest CapacityProviderReservation datapoint (percent), null before the first minute. */
  capacityProviderReservation: number | null; targetCapacity: number;
  tasksWaiting: number; spot: boolean;
}

/** Cost by part (src/sim/cost.ts; formulas in the README's "Cost" section). */
export interface CostReport {
  usdPerHour: { total: number; cluster: number; ec2: number; fargate: number; appRunner: number; idleEc2: number };
  usd: { total: number; cluster: number; ec2: number; fargate: number; appRunner: number; minimumCharges: number };
}

export interface Metrics {
  t: number; type: 'Metrics';
  services: Record<string, ServiceMetrics>;
  appRunnerServices: Record<string, AppRunnerMetrics>;
  /** ECS Express Mode services (§13), only when the scenario has some (an addition). */
  expressServices?: Record<string, unknown>;
  costUsdPerHour: number;
  /** Dollars spent so far, and both by part. */
  costUsd?: number;
  cost?: CostReport;
  capacityProviders?: Record<string, CapacityProviderMetrics>;
}

/**
 * The outcome of a scenario action worth reading (an addition to contract v1): a query's answer
 * (DiscoverInstances, ResolveDns, ServiceConnectResolve) or an action the API rejected.
 */
export interface ActionResult {
  t: number; type: 'ActionResult';
  action: string; ok: boolean; value?: unknown;
  error?: { field: string; message: string };
}

export type SimEvent =
  | ActionResult
  | TaskStateChange | ServiceEvent | DeploymentStateChange | PlacementDecision
  | TrafficShift | ScalingActivity | Metrics;

export interface SummaryTask {
  taskId: string; taskDefinition: string; lastStatus: string; availabilityZone: string;
  containerInstanceId: string | null; capacityProvider: string | null;
}

export interface Summary {
  t: number; type: 'Summary';
  services: Record<string, {
    desiredCount: number; runningCount: number; pendingCount: number;
    deployments: { id: string; status: string; taskDefinition: string; rolloutState: string }[];
    tasks: SummaryTask[];
  }>;
  tasks: SummaryTask[];
  containerInstances: {
    id: string; instanceType: string; availabilityZone: string; status: string;
    remainingCpu: number; remainingMemory: number; runningTasksCount: number;
  }[];
  appRunnerServices: Record<string, AppRunnerMetrics>;
  costUsd: number;
  cost?: CostReport;
  capacityProviders?: Record<string, CapacityProviderMetrics>;
}
