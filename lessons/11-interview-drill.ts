/**
 * Lesson 11: the interview drill. Scenario questions: predict, run it, see why. Each step ends
 * with model answers to common ECS interview questions, each tied to something the learner ran.
 */
import type { Lesson } from './types';
import type { LessonView } from './view';
import scenario from './scenarios/lesson-drill.json' with { type: 'json' };
import { always, clock, goal, healthyTasks, quote, result, secs, serviceRuns } from './goals';
import { md, NO_MARKDOWN } from '../src/text/markdown-safe';

/** api's tasks per Availability Zone. */
function zones(v: LessonView, service: string): Record<string, number> {
  const by: Record<string, number> = {};
  for (const az of v.snap.availabilityZones) by[az] = 0;
  for (const t of v.tasksOf(service)) if (t.desiredStatus === 'RUNNING') by[t.availabilityZone] = (by[t.availabilityZone] ?? 0) + 1;
  return by;
}
const zoneLine = (by: Record<string, number>) => Object.entries(by).map(([az, n]) => `${az.slice(-2)}: ${n}`).join(', ');

const LEGACY = { serviceName: 'legacy', taskDefinition: 'legacy', desiredCount: 4, launchType: 'EC2' };

export const interviewDrill: Lesson = {
  id: 'interview-drill',
  number: 11,
  title: 'Interview drill',
  summary: 'Predict the outcome, run it, see why: ECS interview questions with model answers you can run.',
  minutes: 25,
  scenario,
  startAt: 120,
  intro: `
Interviewers like ECS questions whose answer is a number or a place: how many tasks, which zone, how
long. Each step here is one such question. **Predict** first, then run it on the cluster and read the
result; each step ends with **model answers** to common interview questions, each pointing at
something you can run in this lab.

The cluster: three m5.large instances, one per zone, running \`api\` (5 tasks with the default spread
across zones, §1.5: 1 in us-east-1a, 2 in us-east-1b, 2 in us-east-1c); \`pay\` (2 Fargate tasks behind a load balancer;
revision \`pay:2\` is registered); \`cron\` (1 Fargate task, no load balancer, no health check); and a
task definition \`legacy\` that binds **host port 80**.`,
  steps: [
    {
      id: 'rounding',
      title: 'Desired 2, minimum 75%',
      body: `
Deploy \`pay:2\` with \`minimumHealthyPercent: 75\` (keep \`maximumPercent\` at 200). The question is in
the prediction.`,
      questions: [
        {
          id: 'rounding-predict', kind: 'predict',
          prompt: 'pay has 2 tasks. With minimumHealthyPercent 75, does ECS stop an old task before a new one is healthy?',
          choices: [
            { id: 'a', text: 'No: the floor is ceil(2 × 0.75) = 2, so both old tasks stay until new ones count as healthy.', correct: true },
            { id: 'b', text: 'Yes: 75% of 2 is 1.5, which rounds down to 1.' },
            { id: 'c', text: 'Yes: a deployment always stops one old task first.' },
          ],
          explanation: 'minimumHealthyPercent rounds **up**, maximumPercent rounds **down** (§3.1, worked example 2). Up to 4 tasks run at once here.',
        },
        {
          id: 'model-rolling', kind: 'quiz',
          prompt: 'Interview: "How does ECS do a zero-downtime rolling deployment?" Which answer is the strongest?',
          choices: [
            { id: 'a', text: 'It starts new tasks within maximumPercent, waits until they are healthy (load balancer check, or container health, or 40 s), deregisters and drains old ones, then stops them, never going under minimumHealthyPercent; the circuit breaker can fail and roll back a deployment that keeps failing.', correct: true },
            { id: 'b', text: 'It stops all tasks and starts the new ones quickly.' },
            { id: 'c', text: 'It uses CodeDeploy for every deployment.' },
          ],
          explanation: 'The rolling algorithm and its bounds (§3.1, §3.2), health (§2.4), draining (§12), the circuit breaker (§3.3). Run it: lesson 5, and this step.',
        },
      ],
      goals: [
        serviceRuns('pay', 2, { revision: 2, only: true }),
        always('never-below-2', 'pay never had fewer than 2 healthy tasks', (v) => {
          const n = healthyTasks(v, 'pay').length;
          return { ok: n >= 2, why: `pay had ${n} healthy task${n === 1 ? '' : 's'} at ${clock(v.t)}.` };
        }),
      ],
      hints: ['`UpdateService { "service": "pay", "taskDefinition": "pay:2", "deploymentConfiguration": { "minimumHealthyPercent": 75, "maximumPercent": 200 } }`'],
      solution: [{ action: 'UpdateService', request: { service: 'pay', taskDefinition: 'pay:2', deploymentConfiguration: { minimumHealthyPercent: 75, maximumPercent: 200 } }, note: 'Deploy pay:2 with minimum 75%.' }],
    },
    {
      id: 'ports',
      title: 'Host port 80, three hosts, four tasks',
      body: `
Create service \`legacy\` with **4** tasks on EC2. Its container binds **host port 80** (bridge mode,
static \`hostPort\`).`,
      questions: [
        {
          id: 'ports-predict', kind: 'predict',
          prompt: 'How many legacy tasks run?',
          choices: [
            { id: 'a', text: '3: one per instance; the fourth finds no free port 80 and is not placed.', correct: true },
            { id: 'b', text: '4: two share one instance.' },
            { id: 'c', text: '0: ECS rejects a fixed host port.' },
          ],
          explanation: 'A fixed host port allows one task per instance; the placement filter rules the others out and the service reports that it was unable to place a task (§1.6, worked example 13).',
        },
        {
          id: 'model-ports', kind: 'quiz',
          prompt: 'Interview: "How do you run many copies of a port-80 container on one EC2 host behind an ALB?"',
          choices: [
            { id: 'a', text: 'Dynamic host ports (hostPort 0 in bridge mode; the ALB target group learns each port), or awsvpc so that every task has its own ENI and IP.', correct: true },
            { id: 'b', text: 'Add more hostPort 80 mappings.' },
            { id: 'c', text: 'Use the host network mode.' },
          ],
          explanation: 'Dynamic ports remove the one-per-host limit; awsvpc gives each task its own interface, limited by the instance\'s ENIs (a c5.large runs 2 awsvpc tasks, 10 with trunking, §1.7). Run it: api in this cluster uses hostPort 0.',
        },
      ],
      goals: [
        serviceRuns('legacy', 3),
        goal('fourth-unplaced', 'legacy reports that it could not place its fourth task', (v) => {
          const e = v.events.find((x) => x.type === 'ServiceEvent' && x.service === 'legacy' && x.message.includes('unable to place a task'));
          return result(!!e, 'legacy has not reported an unplaceable task.');
        }, true),
      ],
      hints: ['`CreateService { "serviceName": "legacy", "taskDefinition": "legacy", "desiredCount": 4, "launchType": "EC2" }`'],
      solution: [{ action: 'CreateService', request: LEGACY, note: 'Create legacy with 4 tasks on host port 80.' }],
      reveal: (v) => {
        const e = [...v.events].reverse().find((x) => x.type === 'ServiceEvent' && x.service === 'legacy' && x.message.includes('unable to place'));
        return e && e.type === 'ServiceEvent' ? md`The service event: ${quote(e.message)}.` : NO_MARKDOWN;
      },
    },
    {
      id: 'scale-in',
      title: 'Which task goes on scale-in?',
      body: `
\`api\` runs 1, 2 and 2 tasks in us-east-1a, 1b and 1c. Scale it to **4**.`,
      questions: [
        {
          id: 'scalein-predict', kind: 'predict',
          prompt: 'Which zone loses a task?',
          choices: [
            { id: 'a', text: 'us-east-1b or us-east-1c: scale-in takes from the zone with the most tasks of the service.', correct: true },
            { id: 'b', text: 'us-east-1a: the oldest task goes first.' },
            { id: 'c', text: 'Any zone, at random.' },
          ],
          explanation: 'With no strategy, stopping mirrors placing: prefer the zone with the most tasks of the service, then the instance with the most (§1.5, worked example 9).',
        },
        {
          id: 'model-placement', kind: 'quiz',
          prompt: 'Interview: "Explain ECS task placement."',
          choices: [
            { id: 'a', text: 'Filter instances by CPU, memory, ports and ENIs, then by constraints (binding), then rank by strategies in order (best effort: binpack, spread, random), then pick; Fargate has no strategies and balances zones itself.', correct: true },
            { id: 'b', text: 'ECS always puts a task on the least busy instance.' },
            { id: 'c', text: 'Placement is random unless you use Fargate.' },
          ],
          explanation: 'The four-step pipeline (§1.1), the strategies (§1.2), chaining (§1.3), constraints (§1.4). Run it: lesson 3.',
        },
      ],
      goals: [
        goal('api-4', 'api runs 4 tasks, still balanced across the zones', (v) => {
          const by = zones(v, 'api');
          const counts = Object.values(by);
          const total = counts.reduce((a, b) => a + b, 0);
          if (total !== 4 || (v.service('api')?.metrics.desiredCount ?? 0) !== 4) return result(false, `api runs ${total} tasks (${zoneLine(by)}); scale it to 4.`);
          return result(Math.max(...counts) - Math.min(...counts) <= 1 && (by['us-east-1a'] ?? 0) === 1, `api's zones: ${zoneLine(by)}.`);
        }),
      ],
      hints: ['`UpdateService { "service": "api", "desiredCount": 4 }`'],
      solution: [{ action: 'UpdateService', request: { service: 'api', desiredCount: 4 }, note: 'Scale api from 5 to 4.' }],
      reveal: (v) => md`api's zones now: ${zoneLine(zones(v, 'api'))}.`,
    },
    {
      id: 'healthy',
      title: 'When is a task without a health check healthy?',
      body: `
\`cron\` has no load balancer and no container health check. Scale it to **2** and note when the new
task reaches RUNNING and when the service counts it as healthy.`,
      questions: [
        {
          id: 'healthy-predict', kind: 'predict',
          prompt: 'How long after RUNNING does the new cron task count as healthy for the deployment?',
          choices: [
            { id: 'a', text: '40 seconds.', correct: true },
            { id: 'b', text: 'At once: RUNNING means healthy.' },
            { id: 'c', text: 'After the default 30-second health-check interval, three times: 90 seconds.' },
          ],
          explanation: 'Without a load balancer and with no essential container health check, a task counts 40 s after it reaches RUNNING (§2.4, worked example 16). With a container check it counts at the first HEALTHY result (§2.3).',
        },
        {
          id: 'model-fargate', kind: 'quiz',
          prompt: 'Interview: "When would you choose EC2 over Fargate?"',
          choices: [
            { id: 'a', text: 'When utilization is high enough that full instances are cheaper, or you need GPUs, daemons, custom AMIs, cached images, larger sizes or host-level control; Fargate wins on no host management and per-task isolation.', correct: true },
            { id: 'b', text: 'Never: Fargate is always better.' },
            { id: 'c', text: 'When you need awsvpc networking.' },
          ],
          explanation: 'EC2 bills instances, Fargate bills tasks (§7.3); Fargate has no image cache (§7.2) and a fixed size table (§7.1); DAEMON services need EC2 (§1.5). Run it: lesson 2.',
        },
      ],
      goals: [
        goal('counted', 'The new cron task counts as healthy', (v) => {
          const fresh = v.tasksOf('cron').filter((t) => t.createdAt >= v.stepStart);
          if (!fresh.length) return result(false, 'No new cron task yet: scale cron to 2.');
          const t = fresh[0]!;
          if (t.startedAt === null) return result(false, `The new task is ${t.lastStatus}.`);
          if (t.healthyAt === null) return result(false, `The new task has been RUNNING for ${secs(v.t - t.startedAt)}; not counted healthy yet.`);
          return result(true, '');
        }),
      ],
      hints: ['`UpdateService { "service": "cron", "desiredCount": 2 }`, then read the task in the Inspect tab.'],
      solution: [{ action: 'UpdateService', request: { service: 'cron', desiredCount: 2 }, note: 'Scale cron to 2.' }],
      reveal: (v) => {
        const t = v.tasksOf('cron').find((x) => x.createdAt >= v.stepStart && x.healthyAt !== null && x.startedAt !== null);
        return t ? md`RUNNING at ${clock(t.startedAt!)}, counted healthy at ${clock(t.healthyAt!)}: ${secs(t.healthyAt! - t.startedAt!)} later (§2.4).` : NO_MARKDOWN;
      },
    },
  ],
  outro: `
The pattern behind every answer: name the rule, give the number, say where it comes from, and know how
to show it. Minimum healthy rounds up and maximum rounds down (§3.1); a static host port is one task
per host (§1.6); scale-in mirrors placement (§1.5); "healthy" depends on what checks exist (§2.4).
The other lessons are the long answers.`,
  withheld: {
    mechanic: 'minimumHealthyPercent that rounds up to both tasks (50% instead of 75%)',
    solution: (step, commands) => (step.id !== 'rounding' ? commands : commands.map((c) => (typeof c.request === 'function' ? c : {
      ...c, request: { ...c.request, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 } },
    }))),
    step: 'rounding',
    goal: 'never-below-2',
  },
};
