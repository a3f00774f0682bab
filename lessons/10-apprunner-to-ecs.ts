/**
 * Lesson 10: from App Runner to ECS, as the move is made today. App Runner's 25-instance ceiling and
 * its single scaling signal; the same app as one ECS Express Mode call; every resource that call
 * created; and those resources changed directly (scaling past the ceiling, private subnets).
 */
import type { Lesson } from './types';
import type { LessonView } from './view';
import scenario from './scenarios/lesson-apprunner.json' with { type: 'json' };
import { goal, healthyTasks, result, sent } from './goals';
import { md, NO_MARKDOWN } from '../src/text/markdown-safe';

const LOAD = 80_000;

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:5';
const SERVICE_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/default/shop';
/** One call: an image and two roles (§13); the container listens on 8080, and it starts at 10 tasks. */
const EXPRESS = {
  serviceName: 'shop',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  infrastructureRoleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices',
  primaryContainer: { image: IMAGE, containerPort: 8080 },
  scalingTarget: { minTaskCount: 10 },
};
const TARGET = { ServiceNamespace: 'ecs', ResourceId: 'service/default/shop', ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 10, MaxCapacity: 200 };
const PRIVATE = { service: 'shop', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-private-1a', 'subnet-private-1b'], assignPublicIp: 'DISABLED' } } };

const runner = (v: LessonView) => v.appRunner.find((a) => a.serviceName === 'shop-apprunner');
const express = (v: LessonView) => v.snap.expressServices?.find((e) => e.image === IMAGE && e.status === 'ACTIVE');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export const appRunnerToEcs: Lesson = {
  id: 'apprunner-to-ecs',
  number: 10,
  title: 'From App Runner to ECS',
  summary: 'Hit App Runner\'s 25-instance ceiling, move the app with one ECS Express Mode call, then change what it built to scale past it.',
  minutes: 30,
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

\`shop-apprunner\` serves 2,000 requests a second. App Runner has been closed to new customers since
30 April 2026; AWS points them to **Amazon ECS Express Mode** (§8, §13). This lesson makes that move:
the ceiling, one Express call, a look at what it built, and then those resources changed directly.`,
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
      id: 'express',
      title: 'The same app as one CreateExpressGatewayService call',
      body: `
\`CreateExpressGatewayService\` needs an image and two roles: the **task execution role** (pulls the
image, writes logs) and the **infrastructure role** (lets ECS build the load balancer and the rest,
§13). Send it for \`${IMAGE}\`, \`containerPort\` 8080, \`serviceName\` shop and
\`scalingTarget { minTaskCount: 10 }\`. Everything else takes Express's defaults: 1 vCPU and 2 GB on
Fargate, CPU target tracking at 60 %, and at most **20** tasks (§13).

Then move the load: \`SetTraffic\` shop to ${LOAD.toLocaleString('en-US')} and shop-apprunner to 0.`,
      questions: [
        {
          id: 'express-predict', kind: 'predict',
          prompt: 'Express scales shop on CPU between 10 and its default maximum of 20 tasks. Each task serves about 2,500 requests a second at full CPU. What happens at 80,000 a second?',
          choices: [
            { id: 'a', text: 'shop stops at 20 tasks and fails part of the load: the default maximum is lower than App Runner\'s 25.', correct: true },
            { id: 'b', text: 'Express raises the maximum on its own when the load needs it.' },
            { id: 'c', text: 'Express falls back to App Runner past 20 tasks.' },
          ],
          explanation: 'Express creates an Application Auto Scaling scalable target with maxTaskCount 20 by default (§13); target tracking never goes past MaxCapacity (§5.2).',
        },
      ],
      goals: [
        goal('created', 'An Express service runs the shop image', (v) => {
          const e = express(v);
          return result(!!e, 'There is no Express service for the shop:5 image yet: send CreateExpressGatewayService.');
        }, true),
        goal('moved', `The Express service takes the ${LOAD.toLocaleString('en-US')} requests/s; App Runner takes none`, (v) => {
          const e = express(v);
          const a = runner(v);
          const m = e ? v.service(e.serviceName)?.metrics : undefined;
          if (!e || !m) return result(false, 'There is no Express service yet.');
          if (m.requestsPerSecond < LOAD * 0.95) return result(false, `${e.serviceName} is offered ${fmt(m.requestsPerSecond)} requests/s: SetTraffic it to ${fmt(LOAD)}.`);
          return result(!!a && a.requestsPerSecond === 0, `App Runner still gets ${fmt(a?.requestsPerSecond ?? 0)} requests/s: SetTraffic it to 0.`);
        }),
        goal('at-max', 'The Express service reaches its default maximum of 20 tasks and still fails requests', (v) => {
          const e = express(v);
          const m = e ? v.service(e.serviceName)?.metrics : undefined;
          if (!e || !m) return result(false, 'There is no Express service yet.');
          const max = e.scaling.maxCapacity ?? e.scaling.maxTaskCount;
          if (e.scaling.desiredCount < max) return result(false, `${e.serviceName} wants ${e.scaling.desiredCount} of at most ${max} tasks: target tracking is still scaling out.`);
          return result(m.healthyCount >= max && m.errorRate > 0.05, `${e.serviceName} runs ${m.healthyCount} healthy of ${max} tasks; ${(m.errorRate * 100).toFixed(1)}% of requests fail.`);
        }),
      ],
      hints: [
        'CreateExpressGatewayService with executionRoleArn arn:aws:iam::123456789012:role/ecsTaskExecutionRole, infrastructureRoleArn arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices, primaryContainer { image, containerPort: 8080 }, serviceName shop, scalingTarget { minTaskCount: 10 }.',
        `\`SetTraffic { "target": "shop", "requestsPerSecond": ${LOAD} }\` and \`SetTraffic { "target": "shop-apprunner", "requestsPerSecond": 0 }\`, then speed the clock up: target tracking adds tasks a few minutes apart (§5.2).`,
      ],
      solution: [
        { action: 'CreateExpressGatewayService', request: EXPRESS, note: 'One call: the image, two roles, port 8080, at least 10 tasks.' },
        { at: 300, action: 'SetTraffic', request: { target: 'shop', requestsPerSecond: LOAD }, note: 'Once its first deployment has completed, move the load to the Express service.' },
        { at: 300, action: 'SetTraffic', request: { target: 'shop-apprunner', requestsPerSecond: 0 }, note: 'Take it off App Runner.' },
      ],
      reveal: (v) => {
        const e = express(v);
        const m = e ? v.service(e.serviceName)?.metrics : undefined;
        return e && m ? md`${e.serviceName} at ${e.endpoint}: ${m.healthyCount} tasks at ${m.cpuUtilization}% CPU, ${(m.errorRate * 100).toFixed(1)}% of requests failing. It costs $${e.cost.totalUsdPerHour.toFixed(2)} an hour (Fargate $${e.cost.fargateUsdPerHour.toFixed(2)}, its share of the load balancer $${e.cost.albUsdPerHour.toFixed(2)}); App Runner at its ceiling cost $${e.cost.appRunner.usdPerHour.toFixed(2)} and served less.` : NO_MARKDOWN;
      },
      timeLimit: 2400,
    },
    {
      id: 'inspect',
      title: 'Look at everything that call created',
      body: `
Express Mode is not a new kind of compute: it builds ordinary resources in your account (§13).
Send \`DescribeExpressGatewayService { serviceArn: "${SERVICE_ARN}" }\`, and open the Express card
on the canvas (the **Express** badge) in the Inspect tab. Find each one:

- the \`default\` cluster with the FARGATE capacity provider, and a **task definition** (container
  "Main", awsvpc, 1 vCPU, 2 GB);
- a **Fargate service** with a canary deployment and a rollback **alarm** (4XX + 5XX above 1 % for 2
  of 3 minutes);
- an **Application Load Balancer** with an HTTPS:443 listener, a host-header **rule** for the
  service's URL, and two **target groups**; up to 25 Express services share one ALB;
- two **security groups** (the load balancer's, open on 443; the service's, open only to the load
  balancer on 8080);
- an Application Auto Scaling **scalable target** (10 to 20) and a **target-tracking policy** (CPU 60).`,
      questions: [
        {
          id: 'shared', kind: 'quiz',
          prompt: 'A second Express service is created in the same VPC. What does it get?',
          choices: [
            { id: 'a', text: 'A rule on the same load balancer\'s HTTPS listener (its own host name) and its own target groups.', correct: true },
            { id: 'b', text: 'A load balancer of its own, always.' },
            { id: 'c', text: 'Nothing: Express services share one target group.' },
          ],
          explanation: 'Up to 25 Express services in a VPC share one Application Load Balancer, routed by host-header rules; each has its own target groups (§13). The load balancer\'s hour is shared; each service pays for its own traffic.',
        },
      ],
      goals: [
        sent('described', 'You sent DescribeExpressGatewayService', 'DescribeExpressGatewayService', () => true, 'Send DescribeExpressGatewayService for the shop service.'),
      ],
      hints: [`\`DescribeExpressGatewayService { "serviceArn": "${SERVICE_ARN}" }\`. The answer's activeConfigurations[0].ingressPaths[0].endpoint is the service's URL.`],
      solution: [{ action: 'DescribeExpressGatewayService', request: { serviceArn: SERVICE_ARN }, note: 'Describe the Express service.' }],
      reveal: (v) => {
        const e = express(v);
        if (!e) return NO_MARKDOWN;
        const r = e.resources.ingressPaths[0]!;
        return md`${e.serviceName}: ${r.loadBalancer.scheme} load balancer shared by ${r.loadBalancer.sharedBy} service(s), rule ${r.rule.condition}, target groups ${r.targetGroups.map((t) => t.name).join(' and ')}, security group ${e.resources.serviceSecurityGroups[0]?.groupId}, scalable target ${e.scaling.minCapacity}–${e.scaling.maxCapacity}, alarm ${e.alarm.name} (${e.alarm.state}).`;
      },
      timeLimit: 600,
    },
    {
      id: 'direct',
      title: 'Change those resources directly',
      body: `
Every resource Express made can be changed with the ordinary APIs, and Express does not undo the
change: only a later Express update that names the same setting would (§13).

1. Scale past App Runner's ceiling: \`RegisterScalableTarget\` on \`service/default/shop\` with
   MinCapacity 10 and **MaxCapacity 200** (§5.1; 5,000 tasks per service is the quota, §11).
2. Move the tasks to **private subnets**: \`UpdateService\` shop with
   \`networkConfiguration.awsvpcConfiguration\` subnets \`subnet-private-1a\`, \`subnet-private-1b\` and
   assignPublicIp DISABLED. The load balancer still reaches them; the change ships as Express's canary.

The same way, a capacity provider strategy on UpdateService can move the service onto EC2 capacity
(an Auto Scaling group capacity provider, §6.3) with an EC2-compatible task definition revision.`,
      questions: [
        {
          id: 'overwrite', kind: 'quiz',
          prompt: 'Later you send UpdateExpressGatewayService with a new image only. What happens to your MaxCapacity of 200?',
          choices: [
            { id: 'a', text: 'It stays 200: an Express update changes only the settings it names.', correct: true },
            { id: 'b', text: 'Express resets it to 20, its default.' },
            { id: 'c', text: 'The update fails until you undo the direct change.' },
          ],
          explanation: 'Express Mode does not validate or prevent direct changes and does not overwrite them unless an Express update asks to (§13). An update with a scalingTarget would set the scalable target again.',
        },
      ],
      goals: [
        goal('past-25', 'shop runs more than 25 healthy tasks', (v) => {
          const e = express(v);
          const n = e ? healthyTasks(v, e.serviceName).length : 0;
          return result(n > 25, e ? `${e.serviceName} runs ${n} healthy tasks (MaxCapacity ${e.scaling.maxCapacity}).` : 'There is no Express service.');
        }),
        goal('serves', `shop serves ${LOAD.toLocaleString('en-US')} requests/s with no errors, p50 under 200 ms`, (v) => {
          const e = express(v);
          const m = e ? v.service(e.serviceName)?.metrics : undefined;
          if (!e || !m) return result(false, 'There is no Express service.');
          if (m.requestsPerSecond < LOAD * 0.95) return result(false, `${e.serviceName} takes ${fmt(m.requestsPerSecond)} requests/s: keep the load on it.`);
          if (m.errorRate >= 0.01) return result(false, `${(m.errorRate * 100).toFixed(1)}% of ${e.serviceName}'s requests fail (${m.cpuUtilization}% CPU on ${m.healthyCount} tasks).`);
          return result(m.p50LatencyMs <= 200, `${e.serviceName} answers in ${Math.round(m.p50LatencyMs)} ms (p50) at ${m.cpuUtilization}% CPU on ${m.healthyCount} tasks: still catching up.`);
        }),
        goal('private', 'Every shop task runs in a private subnet', (v) => {
          const e = express(v);
          if (!e) return result(false, 'There is no Express service.');
          return result(e.tasksBySubnet.public === 0 && e.tasksBySubnet.private > 0, `${e.tasksBySubnet.public} of ${e.tasksBySubnet.public + e.tasksBySubnet.private} shop tasks still run in public subnets.`);
        }),
      ],
      hints: [
        '`RegisterScalableTarget { "ServiceNamespace": "ecs", "ResourceId": "service/default/shop", "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 10, "MaxCapacity": 200 }`.',
        '`UpdateService { "service": "shop", "networkConfiguration": { "awsvpcConfiguration": { "subnets": ["subnet-private-1a", "subnet-private-1b"], "assignPublicIp": "DISABLED" } } }`; the canary takes about 7 minutes.',
      ],
      solution: [
        { action: 'RegisterScalableTarget', request: TARGET, note: 'Let shop scale to 200 tasks: past App Runner\'s 25 and Express\'s default 20.' },
        { action: 'UpdateService', request: PRIVATE, note: 'Move shop\'s tasks to private subnets.' },
      ],
      reveal: (v) => {
        const e = express(v);
        const m = e ? v.service(e.serviceName)?.metrics : undefined;
        return e && m ? md`${e.serviceName}: ${m.healthyCount} tasks in private subnets at ${m.cpuUtilization}% CPU serve ${fmt(m.requestsPerSecond)} requests/s, p50 ${m.p50LatencyMs} ms. Express still describes its own settings; the direct changes it leaves alone: ${e.directChanges.join('; ') || 'none'}.` : NO_MARKDOWN;
      },
      timeLimit: 3600,
    },
  ],
  outro: `
App Runner is the quickest way to run a web container, and its limits are its design: one signal
(concurrency), one ceiling (25 instances), small instances, one VPC through a connector, and since
30 April 2026 no new customers (§8). ECS Express Mode keeps the one call (an image and two roles)
but builds ordinary ECS resources you own: a Fargate service, a load balancer shared by up to 25
services, a canary deployment with a rollback alarm, and target-tracking scaling (§13). When the
defaults stop fitting, you change those resources with the ordinary APIs: any metric, thousands of
tasks, private subnets, Spot, placement, capacity providers.

What it costs: its Fargate tasks plus its share of the load balancer (an hourly charge split among
the services on it, and capacity units for its own traffic). The load balancer's bytes per request
are a model here; the prices are in the Cost section of the README.

To see how far "thousands of tasks" goes, open **At scale: 100,000 tasks** in the scenario picker:
twenty services of 5,000 tasks each, the most one service can run (§11), on 1,720 container
instances in one cluster.`,
  withheld: {
    mechanic: 'changing the scalable target directly (MaxCapacity left at 25, like App Runner)',
    solution: (step, commands) => (step.id !== 'direct' ? commands : commands.map((c) => (c.action === 'RegisterScalableTarget' && typeof c.request !== 'function'
      ? { ...c, request: { ...c.request, MaxCapacity: 25 } } : c))),
    step: 'direct',
    goal: 'serves',
  },
};
