/**
 * Clusters at scale, built through the real engine and scheduler core: m5.4xlarge container
 * instances in three zones, services of up to 5,000 tasks (the API's desiredCount limit, §11)
 * of 256 CPU units / 512 MiB each. The scenario picker lists two (src/app/scenarios.ts): worker
 * services with no load balancer. The render benchmark (src/render/bench-page.ts) adds one
 * Application Load Balancer with a target group and traffic per service.
 */
import type { ScenarioInput } from '../sim/scenario/schema';

/** Tasks per m5.4xlarge (16,384 CPU units: 64 tasks of 256), leaving a little room. */
const TASKS_PER_INSTANCE = 60;
const MAX_PER_SERVICE = 5000;

export interface AtScaleOptions {
  seed?: number;
  name?: string;
  description?: string;
  clusterName?: string;
  /** One ALB with a target group per service, and 2 requests per second per task (default false). */
  loadBalancer?: boolean;
  /** At least this many services (default 1). */
  minServices?: number;
}

/**
 * How many services and container instances a cluster of `tasks` tasks gets: room for 3 % more
 * tasks than it runs, the same number of instances in each zone and one more in the first.
 */
export function atScaleShape(tasks: number, minServices = 1): { services: number; perZone: number; instances: number } {
  const perZone = Math.ceil(Math.ceil((tasks * 1.03) / TASKS_PER_INSTANCE) / 3);
  return { services: Math.max(minServices, Math.ceil(tasks / MAX_PER_SERVICE)), perZone, instances: perZone * 3 + 1 };
}

export function atScaleScenario(tasks: number, opts: AtScaleOptions = {}): ScenarioInput {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const { services, perZone } = atScaleShape(tasks, opts.minServices);
  const per = Math.floor(tasks / services);
  const counts = Array.from({ length: services }, (_, i) => per + (i < tasks - per * services ? 1 : 0));
  const lb = opts.loadBalancer ?? false;
  return {
    schemaVersion: 1,
    name: opts.name ?? `${tasks.toLocaleString('en-US')} tasks`,
    ...(opts.description ? { description: opts.description } : {}),
    seed: opts.seed ?? 1,
    durationSeconds: 600,
    region: 'us-east-1',
    cluster: {
      clusterName: opts.clusterName ?? 'scale',
      availabilityZones: zones,
      containerInstances: zones.map((az, i) => ({ instanceType: 'm5.4xlarge', availabilityZone: az, count: perZone + (i === 0 ? 1 : 0) })),
    },
    taskDefinitions: counts.map((_, i) => ({
      family: `app${i}`, cpu: '256', memory: '512', networkMode: 'bridge', requiresCompatibilities: ['EC2'],
      containerDefinitions: [{
        name: 'app', image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/app${i}:1`, essential: true,
        ...(lb ? { portMappings: [{ containerPort: 8080, hostPort: 0 }] } : {}),
      }],
      sim: { imageSizeMiB: 80, appStartSeconds: 2 },
    })),
    ...(lb ? {
      loadBalancers: [{
        name: 'bench-alb', type: 'application',
        targetGroups: counts.map((_, i) => ({ targetGroupName: `app${i}-tg`, healthCheck: { intervalSeconds: 5, healthyThresholdCount: 2, unhealthyThresholdCount: 2 }, deregistrationDelaySeconds: 10 })),
      }],
    } : {}),
    services: counts.map((n, i) => ({
      serviceName: `app${i}`, taskDefinition: `app${i}`, desiredCount: n, launchType: 'EC2',
      ...(lb ? { loadBalancers: [{ targetGroupName: `app${i}-tg`, containerName: 'app', containerPort: 8080 }] } : {}),
    })),
    ...(lb ? { traffic: counts.map((n, i) => ({ at: 0, target: `app${i}`, requestsPerSecond: Math.round(n * 2) })) } : {}),
  } as ScenarioInput;
}

/** The render benchmark's cluster: at least four services, behind one load balancer, with traffic. */
export function syntheticScenario(tasks: number, seed = 1): ScenarioInput {
  return atScaleScenario(tasks, {
    seed, name: `Render benchmark: ${tasks.toLocaleString('en-US')} tasks`, clusterName: 'bench', loadBalancer: true, minServices: 4,
  });
}
