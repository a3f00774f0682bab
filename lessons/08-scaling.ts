/**
 * Lesson 8: scaling. Target tracking and step scaling on a service's desired count, a capacity
 * provider growing the cluster to fit the tasks, and Fargate Spot taking an interruption.
 */
import type { Lesson } from './types';
import type { LessonView } from './view';
import scenario from './scenarios/lesson-scaling.json' with { type: 'json' };
import { goal, healthyTasks, result, serviceRuns } from './goals';
import { md, NO_MARKDOWN } from '../src/text/markdown-safe';
import { fargateHourlyUsd } from '../src/sim/prices';

const target = (service: string, min: number, max: number) => ({
  ServiceNamespace: 'ecs', ResourceId: `service/lab/${service}`, ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: min, MaxCapacity: max,
});

const TRACKING = {
  PolicyName: 'api-cpu-50', ServiceNamespace: 'ecs', ResourceId: 'service/lab/api', ScalableDimension: 'ecs:service:DesiredCount',
  PolicyType: 'TargetTrackingScaling',
  TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleOutCooldown: 60, ScaleInCooldown: 300 },
};

const STEP = {
  PolicyName: 'worker-step-out', ServiceNamespace: 'ecs', ResourceId: 'service/lab/worker', ScalableDimension: 'ecs:service:DesiredCount',
  PolicyType: 'StepScaling',
  StepScalingPolicyConfiguration: {
    AdjustmentType: 'ChangeInCapacity', Cooldown: 60,
    StepAdjustments: [
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1 },
      { MetricIntervalLowerBound: 20, ScalingAdjustment: 3 },
    ],
  },
};

/** The service's CPU and load now, as CloudWatch would read them. */
function load(v: LessonView, service: string): { cpu: number; rps: number; errors: number } {
  const m = v.service(service)?.metrics;
  return { cpu: m?.cpuUtilization ?? 0, rps: m?.requestsPerSecond ?? 0, errors: m?.errorRate ?? 0 };
}

const scaledOut = (service: string) => goal(`${service}-scaled`, `Application Auto Scaling raised ${service}'s desired count`, (v) => {
  const ok = v.events.some((e) => e.type === 'ScalingActivity' && e.resource === `service/lab/${service}` && e.to > e.from && e.t >= v.stepStart);
  return result(ok, `No scale-out of ${service} yet: it needs a scalable target, a policy, and load above the target.`);
}, true);

function cpuUnder(service: string, limit: number, rps: number) {
  return goal(`${service}-cpu`, `${service} takes ${rps} requests/s at ${limit}% CPU or less, with no errors`, (v) => {
    const l = load(v, service);
    if (l.rps < rps * 0.95) return result(false, `${service} takes ${Math.round(l.rps)} of ${rps} requests/s: send the load.`);
    const healthy = healthyTasks(v, service).length;
    const desired = v.service(service)?.metrics.desiredCount ?? 0;
    const settled = l.cpu <= limit && l.errors < 0.01 && healthy >= desired;
    return result(settled, `${service} runs at ${l.cpu}% CPU on ${healthy} healthy of ${desired} desired tasks${l.errors > 0 ? `, ${(l.errors * 100).toFixed(1)}% of requests failing` : ''}.`);
  });
}

export const scaling: Lesson = {
  id: 'scaling',
  number: 8,
  title: 'Scaling',
  summary: 'Target tracking and step scaling, a capacity provider growing the cluster, and Fargate Spot.',
  minutes: 25,
  scenario,
  startAt: 90,
  intro: `
Two things scale in ECS, and they are separate:

- **Service auto scaling** (Application Auto Scaling) changes a service's **desired count** between a
  \`MinCapacity\` and \`MaxCapacity\`, from CloudWatch metrics that ECS publishes once a minute (§5.1).
- **Capacity providers** decide where tasks run and, for an EC2 Auto Scaling group with managed scaling,
  grow and shrink the group so that the tasks fit (§6).

This cluster has four services: \`api\` and \`worker\` on Fargate behind load balancers, \`web\` on an
Auto Scaling group capacity provider (\`web-asg\`, m5.large), and \`batch\` split between Fargate and
Fargate Spot.`,
  steps: [
    {
      id: 'target-tracking',
      title: 'Target tracking on CPU',
      body: `
Register \`api\` as a **scalable target** (\`RegisterScalableTarget\`, \`ResourceId:
"service/lab/api"\`, min 3, max 20) and give it a **target-tracking** policy
(\`PutScalingPolicy\`, \`ECSServiceAverageCPUUtilization\` at **50**, \`ScaleOutCooldown: 60\`). Then
the spike: \`SetTraffic\` api to **2,400** requests/s.

Target tracking scales out only when the metric is **above** target, fast and in proportion, and
scales in slowly (§5.2). Application Auto Scaling manages the alarms: the scale-out one needs
**3 of 3** one-minute datapoints above target (a community-reported figure, §5.2). The capacity it asks
for follows a formula AWS does not publish; the simulator uses \`ceil(running × metric / target)\`, a
model (§5.2).`,
      questions: [
        {
          id: 'tt-predict', kind: 'predict',
          prompt: 'The spike lands. When does api get its first new task?',
          choices: [
            { id: 'a', text: 'After about three minutes: the high alarm needs three one-minute datapoints above 50%.', correct: true },
            { id: 'b', text: 'Within seconds: target tracking reacts to every request.' },
            { id: 'c', text: 'After the 300-second cooldown.' },
          ],
          explanation: 'ECS publishes service metrics once a minute (§5.1) and the managed high alarm wants 3 of 3 datapoints (§5.2, community-reported). Cooldowns limit the *next* scale-out, not the first.',
        },
      ],
      goals: [scaledOut('api'), cpuUnder('api', 60, 2400)],
      hints: [
        '`RegisterScalableTarget { "ServiceNamespace": "ecs", "ResourceId": "service/lab/api", "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 3, "MaxCapacity": 20 }`',
        '`PutScalingPolicy` with `"PolicyType": "TargetTrackingScaling"` and `"TargetTrackingScalingPolicyConfiguration": { "TargetValue": 50, "PredefinedMetricSpecification": { "PredefinedMetricType": "ECSServiceAverageCPUUtilization" }, "ScaleOutCooldown": 60 }`',
        'Then `SetTraffic { "target": "api", "requestsPerSecond": 2400 }`, and let the clock run for several minutes.',
      ],
      solution: [
        { action: 'RegisterScalableTarget', request: target('api', 3, 20), note: 'Make api\'s desired count scalable between 3 and 20.' },
        { action: 'PutScalingPolicy', request: TRACKING, note: 'Track 50% average CPU.' },
        { action: 'SetTraffic', request: { target: 'api', requestsPerSecond: 2400 }, note: 'The spike: 2,400 requests/s.' },
      ],
      reveal: (v) => {
        const acts = v.events.filter((e) => e.type === 'ScalingActivity' && e.resource === 'service/lab/api' && e.t >= v.stepStart);
        return acts.length ? md`Scaling activities: ${acts.map((e) => (e.type === 'ScalingActivity' ? md`${e.from} → ${e.to}` : '')).join(', ')}. api now runs at ${load(v, 'api').cpu}% CPU.` : NO_MARKDOWN;
      },
      timeLimit: 1500,
    },
    {
      id: 'step-scaling',
      title: 'Step scaling from your own alarm',
      body: `
With **step scaling** you create the alarm yourself and the policy says how much to add for how far the
metric is past the threshold (§5.3). The alarm \`worker-cpu-high\` (average CPU ≥ 60%, one minute) is
waiting for a policy named \`worker-step-out\`. Register \`worker\` (min 2, max 12) and create that
policy: \`ChangeInCapacity\`, **+1** for 0–20 points above the threshold and **+3** beyond, cooldown 60.
Step bounds are relative to the threshold; above it the lower bound is inclusive (§5.3). Then
\`SetTraffic\` worker to **1,200** requests/s.`,
      questions: [
        {
          id: 'step-math', kind: 'quiz',
          prompt: 'Capacity 10, threshold 50%, PercentChangeInCapacity with +10% for [10, 20) points above and +30% from 20. The metric reads 70. What is the new capacity?',
          choices: [
            { id: 'a', text: '13: 10 + floor(3.0).', correct: true },
            { id: 'b', text: '11: 10 + 10%.' },
            { id: 'c', text: '14: 10 + ceil(3.3).' },
          ],
          explanation: '70 is 20 points above 50, so the +30% step applies: 10 × 30% = 3. Percentages round toward zero; the documented example from 11 gives 11 + floor(3.3) = 14 (§5.3).',
        },
      ],
      goals: [scaledOut('worker'), cpuUnder('worker', 60, 1200)],
      hints: [
        '`RegisterScalableTarget` for `service/lab/worker` (min 2, max 12), then `PutScalingPolicy` named `worker-step-out` with `"PolicyType": "StepScaling"`.',
        'The steps: `[{ "MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 20, "ScalingAdjustment": 1 }, { "MetricIntervalLowerBound": 20, "ScalingAdjustment": 3 }]`, `"AdjustmentType": "ChangeInCapacity"`.',
      ],
      solution: [
        { action: 'RegisterScalableTarget', request: target('worker', 2, 12), note: 'Make worker scalable between 2 and 12.' },
        { action: 'PutScalingPolicy', request: STEP, note: 'The step policy the alarm worker-cpu-high runs.' },
        { action: 'SetTraffic', request: { target: 'worker', requestsPerSecond: 1200 }, note: 'Load worker with 1,200 requests/s.' },
      ],
      timeLimit: 1500,
    },
    {
      id: 'capacity-provider',
      title: 'A capacity provider grows the cluster',
      body: `
\`web\` runs on the capacity provider \`web-asg\`: two m5.large, four 512-unit tasks each at most
(§1.7). Scale \`web\` to **12**. Four tasks do not fit: with a capacity provider they wait in
**PROVISIONING** instead of failing (§1.6). Managed scaling computes **CapacityProviderReservation** =
instances needed ÷ instances running × 100; above the target capacity (100) it scales the group out
(§6.3). New instances take a couple of minutes to boot and register (modelled), then the waiting tasks
are placed.`,
      questions: [
        {
          id: 'cpr', kind: 'quiz',
          prompt: 'A group runs 4 instances; the tasks (placed and waiting) need 5. What is CapacityProviderReservation, and what happens?',
          choices: [
            { id: 'a', text: '125: above the target of 100, so the group scales out.', correct: true },
            { id: 'b', text: '80: below 100, so the group scales in.' },
            { id: 'c', text: '100: the group is steady until a task fails.' },
          ],
          explanation: 'M / N × 100 = 5 / 4 × 100 = 125 (§6.3, worked example 21). With 4 instances of which 2 are empty the documented value is 98, and the group scales in.',
        },
      ],
      goals: [
        goal('grew', 'web-asg has grown to at least 3 instances in service', (v) => {
          const p = v.capacityProviders.find((x) => x.name === 'web-asg');
          if (!p) return result(false, 'The capacity provider web-asg is missing.');
          return result(p.inService >= 3, `web-asg has ${p.inService} instances in service${p.pending ? ` and ${p.pending} on the way` : ''}; CapacityProviderReservation ${p.reservation ?? '—'}.`);
        }),
        serviceRuns('web', 12),
      ],
      hints: ['`UpdateService { "service": "web", "desiredCount": 12 }`, then watch the group in the cluster view.'],
      solution: [{ action: 'UpdateService', request: { service: 'web', desiredCount: 12 }, note: 'Scale web to 12: more than two instances hold.' }],
      reveal: (v) => {
        const p = v.capacityProviders.find((x) => x.name === 'web-asg');
        return p ? md`web-asg: ${p.inService} instances in service, CapacityProviderReservation ${p.reservation}. Managed termination protection keeps instances with tasks from being scaled in (§6.3).` : NO_MARKDOWN;
      },
      timeLimit: 1500,
    },
    {
      id: 'fargate-spot',
      title: 'Fargate Spot takes an interruption',
      body: `
\`batch\` uses a capacity provider strategy: \`FARGATE\` with **base 2** (the first two tasks), then
\`FARGATE\` : \`FARGATE_SPOT\` weighted **1 : 3** (§6.1). Spot is up to 70% cheaper (§6.2; the simulator's
Spot price is a model). Now let AWS reclaim half of the Spot capacity:
\`InterruptSpotCapacity { capacityProvider: "FARGATE_SPOT", fraction: 0.5, unavailableSeconds: 120 }\`.
Each interrupted task gets the two-minute warning and SIGTERM at once and is killed after its
stopTimeout (§6.2). The service asks for replacements on Spot; while Spot capacity is short they fail,
then succeed when it returns (§1.6, §6.2).`,
      goals: [
        goal('interrupted', 'Some of batch\'s Spot tasks were interrupted', (v) => {
          const n = v.stoppedInStep().filter((t) => t.service === 'batch' && t.stopCode === 'SpotInterruption').length;
          return result(n > 0, 'No batch task has been interrupted yet: send InterruptSpotCapacity for FARGATE_SPOT.');
        }, true),
        serviceRuns('batch', 8),
      ],
      hints: ['`InterruptSpotCapacity { "capacityProvider": "FARGATE_SPOT", "fraction": 0.5, "unavailableSeconds": 120 }`'],
      solution: [{ action: 'InterruptSpotCapacity', request: { capacityProvider: 'FARGATE_SPOT', fraction: 0.5, unavailableSeconds: 120 }, note: 'Reclaim half of the Spot capacity for two minutes.' }],
      questions: [
        {
          id: 'spot-base', kind: 'quiz',
          prompt: 'Why give FARGATE a base of 2?',
          choices: [
            { id: 'a', text: 'So that at least two tasks never depend on Spot capacity, whatever is reclaimed.', correct: true },
            { id: 'b', text: 'Because Fargate Spot needs two On-Demand tasks to start.' },
            { id: 'c', text: 'To make the first two tasks cheaper.' },
          ],
          explanation: '`base` is the minimum number of tasks on that provider; only one provider in a strategy may have one; weights share out the rest (§6.1). A service with a single Spot task stays interrupted until capacity returns (§6.2).',
        },
      ],
      reveal: (v) => {
        const onDemand = 8 * fargateHourlyUsd({ cpuUnits: 256, memoryMiB: 512 });
        const now = v.cost.services.batch ?? 0;
        return md`batch costs $${now.toFixed(3)}/h with its Spot share, against $${onDemand.toFixed(3)}/h for 8 tasks all on FARGATE (Spot discount modelled).`;
      },
      timeLimit: 1200,
    },
  ],
  outro: `
Service auto scaling moves the desired count: target tracking keeps a metric near a target, step
scaling applies your steps when your alarm fires (§5). Capacity providers make room: managed scaling
keeps CapacityProviderReservation at its target by growing and shrinking the Auto Scaling group (§6.3),
and Fargate Spot trades interruptions for price (§6.2). Scale-in is gentler than scale-out on purpose,
and is off during deployments (§5.2).`,
  withheld: {
    mechanic: 'the target-tracking policy (a scalable target but no policy)',
    solution: (step, commands) => (step.id !== 'target-tracking' ? commands : commands.filter((c) => c.action !== 'PutScalingPolicy')),
    step: 'target-tracking',
    goal: 'api-cpu',
  },
};
