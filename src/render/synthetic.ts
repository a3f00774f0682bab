/**
 * A synthetic cluster of a given size, built through the real engine and scheduler core, for the
 * render benchmark: m5.4xlarge container instances in three zones, services of up to 5,000 tasks
 * (the API's desiredCount limit) of 256 CPU units / 512 MiB each, one Application Load Balancer
 * with a target group per service, and traffic on every service.
 */
import type { ScenarioInput } from '../sim/scenario/schema';

/** Tasks per m5.4xlarge (16,384 CPU units: 64 tasks of 256), leaving a little room. */
const TASKS_PER_INSTANCE = 60;
const MAX_PER_SERVICE = 5000;

export function syntheticScenario(tasks: number, seed = 1): ScenarioInput {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const services = Math.max(4, Math.ceil(tasks / MAX_PER_SERVICE));
  const instances = Math.ceil((tasks * 1.03) / TASKS_PER_INSTANCE);
  const per = Math.floor(tasks / services);
  const counts = Array.from({ length: services }, (_, i) => per + (i < tasks - per * services ? 1 : 0));
  return {
    schemaVersion: 1,
    name: `Render benchmark: ${tasks.toLocaleString('en-US')} tasks`,
    seed,
    durationSeconds: 600,
    region: 'us-east-1',
    cluster: {
      clusterName: 'bench',
      availabilityZones: zones,
      containerInstances: zones.map((az, i) => ({ instanceType: 'm5.4xlarge', availabilityZone: az, count: Math.ceil(instances / 3) + (i === 0 ? 1 : 0) })),
    },
    taskDefinitions: counts.map((_, i) => ({
      family: `app${i}`, cpu: '256', memory: '512', networkMode: 'bridge', requiresCompatibilities: ['EC2'],
      containerDefinitions: [{ name: 'app', image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/app${i}:1`, essential: true, portMappings: [{ containerPort: 8080, hostPort: 0 }] }],
      sim: { imageSizeMiB: 80, appStartSeconds: 2 },
    })),
    loadBalancers: [{
      name: 'bench-alb', type: 'application',
      targetGroups: counts.map((_, i) => ({ targetGroupName: `app${i}-tg`, healthCheck: { intervalSeconds: 5, healthyThresholdCount: 2, unhealthyThresholdCount: 2 }, deregistrationDelaySeconds: 10 })),
    }],
    services: counts.map((n, i) => ({
      serviceName: `app${i}`, taskDefinition: `app${i}`, desiredCount: n, launchType: 'EC2',
      loadBalancers: [{ targetGroupName: `app${i}-tg`, containerName: 'app', containerPort: 8080 }],
    })),
    traffic: counts.map((n, i) => ({ at: 0, target: `app${i}`, requestsPerSecond: Math.round(n * 2) })),
  } as ScenarioInput;
}
