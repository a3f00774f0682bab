/**
 * Lesson 10: from App Runner to ECS. App Runner's 25-instance ceiling and its single scaling signal,
 * its network limits, moving the same app to an ECS service that scales past the ceiling, and where
 * App Runner stands today.
 */
import type { Lesson } from './types';
import type { LessonView } from './view';
import scenario from './scenarios/lesson-apprunner.json' with { type: 'json' };
import { goal, healthyTasks, result } from './goals';
import { md, NO_MARKDOWN } from '../src/text/markdown-safe';

const LOAD = 80_000;

const ECS_SERVICE = {
  serviceName: 'shop-ecs', taskDefinition: 'shop', desiredCount: 10, launchType: 'FARGATE',
  loadBalancers: [{ targetGroupName: 'shop-tg', containerName: 'shop', containerPort: 8080 }], healthCheckGracePeriodSeconds: 30,
};
const TARGET = { ServiceNamespace: 'ecs', ResourceId: 'service/migrate/shop-ecs', ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 10, MaxCapacity: 200 };
const POLICY = {
  PolicyName: 'shop-cpu-50', ServiceNamespace: 'ecs', ResourceId: 'service/migrate/shop-ecs', ScalableDimension: 'ecs:service:DesiredCount',
  PolicyType: 'TargetTrackingScaling',
  TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleOutCooldown: 60, ScaleInCooldown: 300 },
};

const runner = (v: LessonView) => v.appRunner.find((a) => a.serviceName === 'shop-apprunner');

export const appRunnerToEcs: Lesson = {
  id: 'apprunner-to-ecs',
  number: 10,
  title: 'From App Runner to ECS',
  summary: 'Hit App Runner\'s 25-instance ceiling, move the same app to ECS and scale past it.',
  minutes: 20,
  scenario,
  startAt: 60,
  intro: `
**AWS App Runner** runs a container image as a web service with almost nothing to configure: an
instance size, and an auto-scaling configuration of three numbers (§8):

- \`MaxConcurrency\` (default 100): concurrent requests per instance before App Runner adds one;
- \`MinSize\` (default 1) provisioned instances;
- \`MaxSize\` (default **25**): at most this many instances serve traffic.

Its only scaling signal is **request concurrency** (§8). Its largest instance is 4 vCPU and 12 GB,
against 16 vCPU and 120 GB on Fargate; it has no placement control, no Spot, no capacity providers,
no EC2 or GPU hosts, and fewer deployment strategies (§8). Outbound traffic into a VPC goes through a
**VPC connector** that uses subnets of a single VPC, IPv4 only (§8).

\`shop-apprunner\` serves 2,000 requests a second. The same image is ready in ECS as task definition
\`shop\` (1 vCPU, 2 GB on Fargate).`,
  steps: [
    {
      id: 'ceiling',
      title: 'Hit the 25-instance ceiling',
      body: `
Send **${LOAD.toLocaleString('en-US')}** requests a second to App Runner:
\`SetTraffic { target: "shop-apprunner", requestsPerSecond: ${LOAD} }\`. App Runner adds instances while
concurrency per instance exceeds \`MaxConcurrency\`, up to \`MaxSize\` (§8). Past the ceiling, requests
wait and then are **rejected**. Try raising \`MaxSize\` above 25 with App Runner's UpdateService: the
API refuses it. (How fast instances arrive and leave is modelled: AWS does not publish it.)`,
      questions: [
        {
          id: 'ceiling-predict', kind: 'predict',
          prompt: 'Each instance holds 100 concurrent requests of about 60 ms or more: at most about 1,600 requests a second. What happens at 80,000?',
          choices: [
            { id: 'a', text: 'App Runner stops at 25 instances, serving well under half of it, and rejects the rest.', correct: true },
            { id: 'b', text: 'App Runner adds instances until the load fits.' },
            { id: 'c', text: 'App Runner scales on CPU instead once concurrency is maxed out.' },
          ],
          explanation: 'MaxSize caps the instances that serve traffic at 25 (§8); concurrency is the only signal (§8). Whether 25 is also an account quota is unconfirmed (§8).',
        },
      ],
      goals: [
        goal('at-ceiling', 'App Runner runs its 25 instances', (v) => {
          const a = runner(v);
          return result(!!a && a.instances >= a.maxSize, a ? `App Runner runs ${a.instances} of at most ${a.maxSize} instances (demand wants ${a.wantedInstances}).` : 'shop-apprunner is missing.');
        }, true),
        goal('rejecting', 'At the ceiling for a minute, App Runner keeps rejecting requests', (v, memo) => {
          const a = runner(v);
          if (!a) return result(false, 'shop-apprunner is missing.');
          const full = a.instances >= a.maxSize && a.rejectedRequestsPerSecond > 0;
          if (!full) { delete memo.since; return result(false, a.instances >= a.maxSize ? 'App Runner is at its ceiling but rejects nothing yet.' : `App Runner takes ${Math.round(a.requestsPerSecond - a.rejectedRequestsPerSecond).toLocaleString('en-US')} requests/s on ${a.instances} instances and rejects none.`); }
          memo.since ??= v.t;
          const held = v.t - (memo.since as number);
          return result(held >= 60, `App Runner has been at its ceiling, rejecting requests, for ${held} s of 60.`);
        }),
      ],
      hints: [`\`SetTraffic { "target": "shop-apprunner", "requestsPerSecond": ${LOAD} }\`, then let a few simulated minutes pass.`],
      solution: [{ action: 'SetTraffic', request: { target: 'shop-apprunner', requestsPerSecond: LOAD }, note: `Send ${LOAD.toLocaleString('en-US')} requests/s to App Runner.` }],
      reveal: (v) => {
        const a = runner(v);
        return a ? md`At the ceiling: ${a.instances} instances serve ${Math.round(a.requestsPerSecond - a.rejectedRequestsPerSecond).toLocaleString('en-US')} requests/s and reject ${Math.round(a.rejectedRequestsPerSecond).toLocaleString('en-US')} every second; concurrency asks for ${a.wantedInstances} instances.` : NO_MARKDOWN;
      },
      timeLimit: 1200,
    },
    {
      id: 'move',
      title: 'Move the same app to ECS and scale past it',
      body: `
Create an ECS service from the same image: \`shop-ecs\`, task definition \`shop\`, **10** Fargate tasks
behind \`shop-tg\`. Make it scalable from 10 to **200** tasks and track **50%** CPU (lesson 8). Then
move the load: \`SetTraffic\` shop-ecs to ${LOAD.toLocaleString('en-US')} and App Runner to 0.

ECS scales on whatever metric fits the app (CPU, memory, requests per target, or your own alarm,
§5.1), per service up to thousands of tasks (5,000 desired tasks per service, §11), with placement,
Spot and capacity providers when you need them.`,
      questions: [
        {
          id: 'today', kind: 'quiz',
          prompt: 'A new team asks for "App Runner, but on AWS\'s current recommendation". What do you suggest?',
          choices: [
            { id: 'a', text: 'Amazon ECS Express Mode: App Runner closed to new customers on 30 April 2026.', correct: true },
            { id: 'b', text: 'App Runner with MaxSize 100.' },
            { id: 'c', text: 'Elastic Beanstalk: App Runner is being renamed.' },
          ],
          explanation: 'App Runner is closed to new customers from 30 April 2026 (existing ones keep it) and AWS recommends ECS Express Mode (§8), which creates a Fargate service with an ALB, a canary deployment and target-tracking scaling (§4.2).',
        },
      ],
      goals: [
        goal('past-25', 'shop-ecs runs more than 25 healthy tasks', (v) => {
          const n = healthyTasks(v, 'shop-ecs').length;
          return result(n > 25, v.service('shop-ecs') ? `shop-ecs runs ${n} healthy tasks.` : 'There is no service shop-ecs yet.');
        }),
        goal('serves', `shop-ecs serves ${LOAD.toLocaleString('en-US')} requests/s with no errors, p50 under 200 ms`, (v) => {
          const m = v.service('shop-ecs')?.metrics;
          if (!m) return result(false, 'There is no service shop-ecs yet.');
          if (m.requestsPerSecond < LOAD * 0.95) return result(false, `shop-ecs takes ${Math.round(m.requestsPerSecond).toLocaleString('en-US')} requests/s: move the load.`);
          if (m.errorRate >= 0.01) return result(false, `${(m.errorRate * 100).toFixed(1)}% of shop-ecs's requests fail (${m.cpuUtilization}% CPU on ${m.healthyCount} tasks).`);
          return result(m.p50LatencyMs <= 200, `shop-ecs answers in ${Math.round(m.p50LatencyMs)} ms (p50) at ${m.cpuUtilization}% CPU on ${m.healthyCount} tasks: still catching up.`);
        }),
      ],
      hints: [
        '`CreateService` shop-ecs as described, then `RegisterScalableTarget` (`service/migrate/shop-ecs`, 10 to 200) and `PutScalingPolicy` (ECSServiceAverageCPUUtilization, 50).',
        `\`SetTraffic { "target": "shop-ecs", "requestsPerSecond": ${LOAD} }\` and \`SetTraffic { "target": "shop-apprunner", "requestsPerSecond": 0 }\`. Scaling from 10 to about 40 tasks takes several scaling rounds: speed the clock up.`,
      ],
      solution: [
        { action: 'CreateService', request: ECS_SERVICE, note: 'Create shop-ecs: 10 Fargate tasks of the same image.' },
        { action: 'RegisterScalableTarget', request: TARGET, note: 'Let it scale from 10 to 200 tasks.' },
        { action: 'PutScalingPolicy', request: POLICY, note: 'Track 50% CPU.' },
        { at: 90, action: 'SetTraffic', request: { target: 'shop-ecs', requestsPerSecond: LOAD }, note: 'Move the load to ECS.' },
        { at: 90, action: 'SetTraffic', request: { target: 'shop-apprunner', requestsPerSecond: 0 }, note: 'Take it off App Runner.' },
      ],
      reveal: (v) => {
        const m = v.service('shop-ecs')?.metrics;
        return m ? md`shop-ecs: ${m.healthyCount} tasks at ${m.cpuUtilization}% CPU serve ${Math.round(m.requestsPerSecond).toLocaleString('en-US')} requests/s, p50 ${m.p50LatencyMs} ms, no errors.` : NO_MARKDOWN;
      },
      timeLimit: 2400,
    },
  ],
  outro: `
App Runner is the quickest way to run a web container, and its limits are its design: one signal
(concurrency), one ceiling (25 instances), small instances, one VPC through a connector, and since
30 April 2026 no new customers (§8). ECS asks more of you (a cluster, a load balancer, a scaling
policy) and gives you the rest: any metric, thousands of tasks, Spot, placement, capacity providers,
rolling, blue/green, linear and canary deployments. ECS Express Mode is AWS's path for App Runner's
audience today (§8).

To see how far "thousands of tasks" goes, open **At scale: 100,000 tasks** in the scenario picker:
twenty services of 5,000 tasks each, the most one service can run (§11), on 1,720 container
instances in one cluster.`,
  withheld: {
    mechanic: 'scaling past 25 (shop-ecs capped at MaxCapacity 25, like App Runner)',
    solution: (step, commands) => (step.id !== 'move' ? commands : commands.map((c) => (c.action === 'RegisterScalableTarget' && typeof c.request !== 'function'
      ? { ...c, request: { ...c.request, MaxCapacity: 25 } } : c))),
    step: 'move',
    goal: 'serves',
  },
};
