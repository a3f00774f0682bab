/**
 * Lesson 5: the rolling update. minimumHealthyPercent and maximumPercent, a configuration that
 * cannot move, and the deployment circuit breaker rolling back a bad release.
 */
import type { Lesson } from './types';
import type { LessonView } from './view';
import scenario from './scenarios/lesson-rolling.json' with { type: 'json' };
import { always, deploymentCompleted, deploymentStartedAt, goal, healthyTasks, result, serviceRuns, secs, clock, quote } from './goals';
import { md, NO_MARKDOWN } from '../src/text/markdown-safe';

const live = (v: LessonView) => v.tasksOf('web').filter((t) => t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED');

const STUCK = 'was unable to stop or start tasks during a deployment because of the service deployment configuration';

export const rollingUpdate: Lesson = {
  id: 'rolling-update',
  number: 5,
  title: 'Rolling update',
  summary: 'minimumHealthyPercent and maximumPercent, a configuration that cannot move, and the circuit breaker rolling back a bad release.',
  minutes: 20,
  scenario,
  startAt: 90,
  intro: `
When a service gets a new task definition, the ECS deployment controller's default strategy, the
**rolling update**, replaces old tasks with new ones inside two bounds (§3.1):

- **maximumPercent** caps the tasks that may exist at once: \`floor(desired × max / 100)\`, counting
  RUNNING and PENDING tasks (§3.1);
- **minimumHealthyPercent** is the floor of tasks that must stay healthy: \`ceil(desired × min / 100)\`,
  healthy in the sense of §2.4 (here: passing the load balancer's health check).

ECS starts new tasks while the total stays under the cap, and stops old ones only while the healthy
count stays above the floor (§3.2). A REPLICA service created without a deployment configuration gets
**100** and **200** (§3.1, worked example 4): \`web\` has those now, with 4 tasks of \`web:1\` on
Fargate behind a load balancer.`,
  steps: [
    {
      id: 'percents',
      title: 'Roll out with 50 / 200',
      body: `
Deploy \`web:2\` with \`minimumHealthyPercent: 50\` and \`maximumPercent: 200\`, in one UpdateService
call. With 4 desired tasks that means: at most **8** tasks at once, never fewer than **2** healthy
(§3.1, worked example 1). ECS may stop two old tasks straight away and start four new ones. Old tasks
behind the load balancer drain for the target group's deregistration delay (30 s here) before they
stop (§3.2).`,
      questions: [
        {
          id: 'bounds-predict', kind: 'predict',
          prompt: 'During this rollout, what are the most tasks web will have at once, and the fewest healthy ones?',
          choices: [
            { id: 'a', text: 'At most 8 tasks; never fewer than 2 healthy.', correct: true },
            { id: 'b', text: 'At most 6 tasks; never fewer than 4 healthy.' },
            { id: 'c', text: 'At most 4 tasks; never fewer than 2 healthy.' },
          ],
          explanation: 'floor(4 × 200 / 100) = 8 and ceil(4 × 50 / 100) = 2 (§3.1). Note the rounding: the cap rounds down, the floor rounds up (desired 2 with min 75 gives ceil(1.5) = 2, worked example 2).',
        },
      ],
      goals: [
        serviceRuns('web', 4, { revision: 2, only: true }),
        deploymentCompleted('web', 2),
        always('bounds', 'web stays within 8 tasks and at least 2 healthy throughout', (v) => {
          const total = live(v).length;
          const healthy = healthyTasks(v, 'web').length;
          if (total > 8) return { ok: false, why: `web had ${total} tasks at ${clock(v.t)}, more than 8.` };
          if (healthy < 2) return { ok: false, why: `web had ${healthy} healthy tasks at ${clock(v.t)}, fewer than 2.` };
          return { ok: true, why: '' };
        }),
      ],
      hints: [
        'Console tab → Services → Update service `web`: task definition `web:2`, minimum healthy 50, maximum 200.',
        '`UpdateService { "service": "web", "taskDefinition": "web:2", "deploymentConfiguration": { "minimumHealthyPercent": 50, "maximumPercent": 200 } }`',
      ],
      solution: [
        { action: 'UpdateService', request: { service: 'web', taskDefinition: 'web:2', deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 } }, note: 'Deploy web:2 with min 50 / max 200.' },
      ],
      reveal: (v) => {
        const done = [...v.events].reverse().find((e) => e.type === 'DeploymentStateChange' && e.eventName === 'SERVICE_DEPLOYMENT_COMPLETED' && e.taskDefinition === 'web:2');
        const from = deploymentStartedAt(v, 'web', 'web:2');
        return done && from !== null ? md`The rollout completed ${secs(done.t - from)} after it started, and the service reported a steady state (§3.2).` : NO_MARKDOWN;
      },
    },
    {
      id: 'stuck',
      title: 'A configuration that cannot move',
      body: `
Now deploy \`web:3\` with **minimumHealthyPercent 100 and maximumPercent 100**. The cap allows no
extra task (4 × 100% = 4) and the floor allows no stop (all 4 must stay healthy): the deployment can
neither start a new task nor stop an old one. ECS says so in the service events: *"…was unable to stop
or start tasks during a deployment because of the service deployment configuration…"* (§3.1). The
same pair stops an instance from draining (§1.7).

Read the event, then **unstick it**: raise \`maximumPercent\` to 200 (or lower the minimum) with
another UpdateService. The deployment in progress continues under the new bounds.`,
      questions: [
        {
          id: 'stuck-fix', kind: 'quiz',
          prompt: 'desired 3, min 100, max 125: can this service deploy?',
          choices: [
            { id: 'a', text: 'No: floor(3 × 1.25) = 3 allows no extra task, and min 100 allows no stop.', correct: true },
            { id: 'b', text: 'Yes: 125% of 3 rounds up to 4, one extra task.' },
            { id: 'c', text: 'Yes: ECS ignores the percents when it cannot move.' },
          ],
          explanation: 'maximumPercent rounds **down**: floor(3.75) = 3 (§3.1, the documented example desired 3 / max 125). With min 100 nothing may stop either, so the deployment stalls.',
        },
      ],
      goals: [
        goal('stuck-seen', 'web reported that it could not stop or start tasks', (v) => result(
          v.events.some((e) => e.type === 'ServiceEvent' && e.service === 'web' && e.message.includes(STUCK) && e.t >= v.stepStart),
          'Deploy web:3 with minimumHealthyPercent 100 and maximumPercent 100, and watch the service events.'), true),
        serviceRuns('web', 4, { revision: 3, only: true }),
        deploymentCompleted('web', 3),
      ],
      hints: [
        'First: `UpdateService { "service": "web", "taskDefinition": "web:3", "deploymentConfiguration": { "minimumHealthyPercent": 100, "maximumPercent": 100 } }`.',
        'Once the "unable to stop or start tasks" event shows, send `UpdateService { "service": "web", "deploymentConfiguration": { "maximumPercent": 200 } }`.',
      ],
      solution: [
        { action: 'UpdateService', request: { service: 'web', taskDefinition: 'web:3', deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } }, note: 'Deploy web:3 with 100 / 100: it cannot move.' },
        { at: 30, action: 'UpdateService', request: { service: 'web', deploymentConfiguration: { maximumPercent: 200 } }, note: 'Raise maximumPercent to 200: room for new tasks first.' },
      ],
    },
    {
      id: 'breaker',
      title: 'The circuit breaker rolls back a bad release',
      body: `
\`web:4\` is broken: its app never answers the health check. Turn on the **deployment circuit breaker**
with rollback and deploy it: \`deploymentCircuitBreaker: { "enable": true, "rollback": true }\`.

The breaker counts failures in two stages: tasks that never reach RUNNING, then, once one has run,
tasks that fail their health checks. Its threshold is half the desired count, rounded up and clamped to
**at least 3** (at most 200): for 4 tasks, 3 failures (§3.3). When the count reaches it the deployment
becomes **FAILED** and, with rollback, ECS starts a new deployment back to the **last COMPLETED** one
(§3.3). With minimumHealthyPercent 100 the old tasks keep serving all along.`,
      questions: [
        {
          id: 'threshold', kind: 'quiz',
          prompt: 'What is the circuit-breaker threshold for a service of 25 tasks? And of 800?',
          choices: [
            { id: 'a', text: '13 and 200.', correct: true },
            { id: 'b', text: '10 and 400.' },
            { id: 'c', text: '3 and 3.' },
          ],
          explanation: 'ceil(0.5 × 25) = 13; 0.5 × 800 = 400, clamped to the maximum of 200. The minimum is 3 today; the June 2023 guide said 10 (§3.3).',
        },
      ],
      goals: [
        goal('failed', 'The deployment of web:4 FAILED', (v) => {
          const failed = v.events.some((e) => e.type === 'DeploymentStateChange' && e.eventName === 'SERVICE_DEPLOYMENT_FAILED' && e.taskDefinition === 'web:4');
          const started = v.events.some((e) => e.type === 'DeploymentStateChange' && e.taskDefinition === 'web:4');
          return result(failed, started ? 'The deployment of web:4 has not failed (yet): is the circuit breaker on?' : 'Deploy web:4 with the circuit breaker on.');
        }, true),
        goal('rolled-back', 'ECS rolled back to web:3 and completed', (v) => {
          const s = v.services.get('web');
          const primary = s?.deployments[0];
          if (!primary?.rollbackOf) return result(false, 'No rollback deployment has started.');
          if (primary.revision !== 3) return result(false, `The rollback targets revision ${primary.revision}, not 3.`);
          return result(primary.rolloutState === 'COMPLETED', `The rollback to web:3 is ${primary.rolloutState}.`);
        }),
        serviceRuns('web', 4, { revision: 3, only: true }),
        always('kept-serving', 'web kept 4 healthy tasks throughout', (v) => {
          const n = healthyTasks(v, 'web').length;
          return { ok: n >= 4, why: `web fell to ${n} healthy tasks at ${clock(v.t)}.` };
        }),
      ],
      hints: [
        '`UpdateService { "service": "web", "taskDefinition": "web:4", "deploymentConfiguration": { "deploymentCircuitBreaker": { "enable": true, "rollback": true } } }`',
        'Follow the Events list: tasks fail their health checks, the breaker trips, a rollback deployment starts.',
      ],
      solution: [
        { action: 'UpdateService', request: { service: 'web', taskDefinition: 'web:4', deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } }, note: 'Deploy the bad web:4 with the circuit breaker and rollback on.' },
      ],
      reveal: (v) => {
        const f = v.events.find((e) => e.type === 'DeploymentStateChange' && e.eventName === 'SERVICE_DEPLOYMENT_FAILED' && e.taskDefinition === 'web:4');
        const from = deploymentStartedAt(v, 'web', 'web:4');
        return f && f.type === 'DeploymentStateChange' && from !== null ? md`The breaker tripped ${secs(f.t - from)} after the deployment began: ${quote(f.reason)}.` : NO_MARKDOWN;
      },
      timeLimit: 1200,
    },
  ],
  outro: `
A rolling update is two numbers: how many extra tasks you can afford (maximumPercent) and how many
healthy ones you must keep (minimumHealthyPercent). 100/100 cannot move; 50/200 moves fast at the cost
of capacity during the rollout; the default 100/200 starts new tasks before stopping old ones. The
circuit breaker turns "tasks keep failing" into FAILED and, with rollback, back to the last good
deployment (§3.3). Next: blue/green, where both versions run side by side and traffic moves at once.`,
  withheld: {
    mechanic: 'room to move (maximumPercent 100 and minimumHealthyPercent 100)',
    solution: (step, commands) => (step.id !== 'percents' ? commands : commands.map((c) => (typeof c.request === 'function' ? c : {
      ...c, request: { ...c.request, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } },
    }))),
    step: 'percents',
    goal: 'web-runs-4-r2',
  },
};

