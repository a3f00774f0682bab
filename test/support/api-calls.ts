/**
 * Fuzzed API calls for property tests: for every action, requests the API accepts somewhere (from
 * the bundled scenarios, the lessons' reference solutions and a table by hand), mutated field by
 * field, merged with each other, or random objects.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS } from '../../src/sim/commands';
import { LESSONS } from '../../lessons';
import { mutate, paths, type Json } from './json-mutate';

const root = join(import.meta.dirname, '../..');
const readDir = (dir: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ name: f, doc: JSON.parse(readFileSync(join(root, dir, f), 'utf8')) as Record<string, unknown> }));
export const scenarios = [...readDir('lessons/scenarios'), ...readDir('../shared/design/examples')];

/** Scenarios small enough to rebuild for every case, covering every part of the API. */
export const BASES = ['first-cluster.json', 'deploy-rolling.json', 'deploy-blue-green.json', 'deploy-codedeploy.json', 'deploy-canary.json',
  'discovery.json', 'network-vpc.json', 'placement-ec2.json', 'scaling-cluster-scale-out.json', 'spot-ec2-draining.json',
  'spot-fargate-interruption.json', 'apprunner-vs-ecs.json', 'scaling-step-documented.json', 'lesson-drill.json']
  .map((n) => scenarios.find((s) => s.name === n)!).filter(Boolean);

export type Req = Record<string, Json>;

/** Requests the API accepts somewhere, by action: from scenario files, lessons and by hand. */
function corpus(): Map<string, Req[]> {
  const out = new Map<string, Req[]>(Object.keys(ACTIONS).map((a) => [a, []]));
  const add = (action: string, request: unknown) => {
    if (request && typeof request === 'object' && !Array.isArray(request)) out.get(action)?.push(structuredClone(request) as Req);
  };
  for (const { doc } of scenarios) {
    for (const a of (doc.actions ?? []) as { action: string; request: unknown }[]) add(a.action, a.request);
    for (const s of (doc.services ?? []) as unknown[]) add('CreateService', s);
    for (const t of (doc.taskDefinitions ?? []) as unknown[]) add('RegisterTaskDefinition', t);
    for (const a of (doc.cloudWatchAlarms ?? []) as unknown[]) add('PutMetricAlarm', a);
    for (const c of (doc.codeDeployDeploymentConfigs ?? []) as unknown[]) add('CreateDeploymentConfig', c);
    for (const c of (doc.capacityProviders ?? []) as unknown[]) add('CreateCapacityProvider', c);
    for (const s of (doc.scheduledActions ?? []) as unknown[]) add('PutScheduledAction', s);
    for (const s of (doc.scalableTargets ?? []) as unknown[]) add('RegisterScalableTarget', s);
    for (const s of (doc.scalingPolicies ?? []) as unknown[]) add('PutScalingPolicy', s);
    for (const s of (doc.appRunnerServices ?? []) as unknown[]) add('CreateService', s);
  }
  for (const lesson of LESSONS) for (const step of lesson.steps) for (const c of step.solution) add(c.action, c.request);
  const byHand: [string, Req][] = [
    // The request of issue 14: valid percents, then a strategy the API rejects.
    ['UpdateService', { service: 'web', deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 }, placementStrategy: [{ type: 'roundrobin' }] }],
    ['UpdateService', { service: 'web', desiredCount: 3, taskDefinition: 'web:1', deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 150, deploymentCircuitBreaker: { enable: true, rollback: true, thresholdConfiguration: { type: 'COUNT', value: 3 } } } }],
    ['UpdateService', { service: 'web', forceNewDeployment: true, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }], placementConstraints: [{ type: 'distinctInstance' }] }],
    ['UpdateService', { ServiceName: 'shop', AutoScalingConfiguration: { MinSize: 1, MaxSize: 10 } }],
    ['DeleteService', { service: 'web' }],
    ['DeleteService', { service: 'web', force: true }],
    ['StopTask', { task: 'web-1', reason: 'fuzz' }],
    ['RegisterContainerInstance', { instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 2 }],
    ['SetTraffic', { target: 'web', requestsPerSecond: 300, rampSeconds: 30 }],
    ['UpdateContainerInstancesState', { containerInstances: ['ci-1', 'ci-2'], status: 'DRAINING' }],
    ['TerminateInstance', { containerInstance: 'ci-1' }],
    ['FailAvailabilityZone', { availabilityZone: 'us-east-1a' }],
    ['RecoverAvailabilityZone', { availabilityZone: 'us-east-1a' }],
    ['CreateDeployment', { service: 'web', taskDefinition: 'web:2', deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' }],
    ['CreateDeploymentConfig', { deploymentConfigName: 'Fuzz10', computePlatform: 'ECS', trafficRoutingConfig: { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 1 } } }],
    ['PutMetricAlarm', { AlarmName: 'fuzz-cpu', service: 'web', MetricName: 'CPUUtilization', Threshold: 80 }],
    ['AuthorizeSecurityGroupIngress', { GroupId: 'sg-tasks', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: 'sg-alb' }] }] }],
    ['RevokeSecurityGroupIngress', { GroupId: 'sg-tasks', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: 'sg-alb' }] }] }],
    ['DiscoverInstances', { NamespaceName: 'internal', ServiceName: 'web' }],
    ['ResolveDns', { name: 'web.internal' }],
    ['ServiceConnectResolve', { fromService: 'web', endpoint: 'http://api:8080' }],
    ['CreateCapacityProvider', { name: 'fuzz-cp', autoScalingGroupProvider: { autoScalingGroup: { instanceType: 'm5.large', minSize: 0, maxSize: 4 }, managedScaling: { status: 'ENABLED', targetCapacity: 100 } } }],
    ['PutClusterCapacityProviders', { capacityProviders: ['FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }],
    ['UpdateAutoScalingGroup', { AutoScalingGroupName: 'asg', MinSize: 0, MaxSize: 6, DesiredCapacity: 2 }],
    ['InterruptSpotCapacity', { capacityProvider: 'FARGATE_SPOT', fraction: 0.5 }],
    ['RegisterScalableTarget', { ServiceNamespace: 'ecs', ResourceId: 'service/lab/web', ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 1, MaxCapacity: 10 }],
    ['DeregisterScalableTarget', { ServiceNamespace: 'ecs', ResourceId: 'service/lab/web', ScalableDimension: 'ecs:service:DesiredCount' }],
    ['PutScalingPolicy', { PolicyName: 'cpu50', ServiceNamespace: 'ecs', ResourceId: 'service/lab/web', ScalableDimension: 'ecs:service:DesiredCount', PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } } }],
    ['DeleteScalingPolicy', { PolicyName: 'cpu50', ServiceNamespace: 'ecs', ResourceId: 'service/lab/web', ScalableDimension: 'ecs:service:DesiredCount' }],
    ['PutScheduledAction', { ScheduledActionName: 'night', ServiceNamespace: 'ecs', ResourceId: 'service/lab/web', ScalableDimension: 'ecs:service:DesiredCount', Schedule: 'rate(5 minutes)', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 4 } }],
    ['DeleteScheduledAction', { ScheduledActionName: 'night', ServiceNamespace: 'ecs', ResourceId: 'service/lab/web', ScalableDimension: 'ecs:service:DesiredCount' }],
  ];
  for (const [a, r] of byHand) add(a, r);
  return out;
}

export const CORPUS = corpus();
export const ACTION_NAMES = Object.keys(ACTIONS);

const junkArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 0.5, 1, 2, 3, 100, 200, 5001, 1e12, -1e-9, '', '0', 'web', 'web:1', 'web:2', 'FARGATE', 'EC2',
    'DRAINING', 'roundrobin', 'us-east-1a', [], {}, [{ type: 'roundrobin' }], [{ type: 'spread', field: 'bogus' }], { minimumHealthyPercent: 0, maximumPercent: 100 }),
  fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 300 }), fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

/** A request: a known one with a few mutations, two known ones merged, or a random object. */
const requestArb = (action: string): fc.Arbitrary<Req> => {
  const known = CORPUS.get(action) ?? [];
  const seeds = known.length ? known : [{}];
  const edited = fc.tuple(fc.nat(seeds.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(), junkArb), { maxLength: 3 }))
    .map(([i, edits]) => {
      let doc: Json = structuredClone(seeds[i]!);
      for (const [pick, op, junk] of edits) {
        const all = paths(doc).filter((p) => p.length > 0);
        if (!all.length) break;
        doc = mutate(doc, all[pick % all.length]!, op, junk);
      }
      return doc;
    });
  const merged = fc.tuple(fc.nat(seeds.length - 1), fc.nat(seeds.length - 1)).map(([a, b]) => ({ ...seeds[a]!, ...seeds[b]! }) as Json);
  const random = fc.dictionary(fc.constantFrom('service', 'serviceName', 'taskDefinition', 'desiredCount', 'task', 'count', 'launchType', 'target', 'ServiceName', 'status', 'containerInstances', 'name'), junkArb, { maxKeys: 4 }) as fc.Arbitrary<Json>;
  return fc.oneof({ weight: 6, arbitrary: edited }, { weight: 2, arbitrary: merged }, { weight: 1, arbitrary: random })
    .map((r) => (r && typeof r === 'object' && !Array.isArray(r) ? r as Req : { value: r }));
};

export const callArb = fc.constantFrom(...ACTION_NAMES).chain((action) => requestArb(action).map((request) => ({ action, request })));

