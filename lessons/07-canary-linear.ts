/**
 * Lesson 7: canary and linear. ECS-native traffic shifting (§4.2): linear steps with a bake after
 * each, and a canary that catches a bad release on a tenth of the traffic.
 */
import type { Lesson } from './types';
import scenario from './scenarios/lesson-canary.json' with { type: 'json' };
import { clock, deploymentCompleted, deploymentFailed, deploymentStartedAt, goal, quote, result, secs, servesAll, shifts, trafficShare } from './goals';
import { md, NO_MARKDOWN } from '../src/text/markdown-safe';

const LINEAR = { strategy: 'LINEAR', linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 3 }, bakeTimeInMinutes: 2 };
const CANARY = { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 }, bakeTimeInMinutes: 2 };

export const canaryLinear: Lesson = {
  id: 'canary-linear',
  number: 7,
  title: 'Canary and linear',
  summary: 'Traffic-shifting intervals, and catching a bad release on a tenth of the traffic.',
  minutes: 20,
  scenario,
  startAt: 120,
  intro: `
Since 2025 the ECS deployment controller itself can run **blue/green**, **linear** and **canary**
deployments (\`deploymentConfiguration.strategy\`), without CodeDeploy (§4.2). As in lesson 6, the new
revision (green) scales up beside the old one (blue) in a second target group, and ECS shifts
production traffic by changing the listener weights between the two target groups:

- **LINEAR** moves \`stepPercent\` at a time (default 10%) and waits \`stepBakeTimeInMinutes\` after each
  step (default 6), except after the last (§4.2, worked example 28);
- **CANARY** moves \`canaryPercent\` (default 5%), waits \`canaryBakeTimeInMinutes\` (default 10), then
  moves the rest (§4.2);
- after the full shift, both revisions run through \`bakeTimeInMinutes\` before blue is cleaned up; a
  rollback in that window is a weight flip back to blue (§4.2).

The circuit breaker does **not** apply to these strategies (§4.2): deployment **alarms** do. \`web\` has
the alarm \`web-5xx\` with rollback turned on.`,
  steps: [
    {
      id: 'linear',
      title: 'Linear: 20% every 3 minutes',
      body: `
Deploy \`web:2\` with \`strategy: "LINEAR"\`, \`linearConfiguration: { stepPercent: 20,
stepBakeTimeInMinutes: 3 }\` and \`bakeTimeInMinutes: 2\`. Watch the traffic lines in the Events list
(and the split in the Charts tab): 20%, 40%, 60%, 80%, 100%, three minutes apart.`,
      questions: [
        {
          id: 'linear-time', kind: 'predict',
          prompt: 'Once green is up, how long until web:2 takes 100% of production traffic?',
          choices: [
            { id: 'a', text: '12 minutes: four 3-minute bakes between the five steps; none after the last.', correct: true },
            { id: 'b', text: '15 minutes: five steps, each followed by a 3-minute bake.' },
            { id: 'c', text: '3 minutes.' },
          ],
          explanation: 'The step bake is not applied after reaching 100% (§4.2). With the defaults (10% every 6 minutes) it is 9 bakes: 54 minutes, then bakeTimeInMinutes (§4.2, worked example 28).',
        },
      ],
      goals: [
        goal('in-steps', 'Traffic moved to web:2 in steps (at least three partial splits)', (v) => {
          const seen = [...new Set(shifts(v, 'web').map((x) => x.byRevision['web:2'] ?? 0).filter((p) => p > 0 && p < 100))];
          return result(seen.length >= 3, seen.length ? `Splits so far: ${seen.map((x) => `${x}%`).join(', ')}.` : 'No partial split of production traffic yet.');
        }, true),
        servesAll('web', 'web:2', 4),
        deploymentCompleted('web', 2),
      ],
      hints: [
        '`UpdateService { "service": "web", "taskDefinition": "web:2", "deploymentConfiguration": { "strategy": "LINEAR", "linearConfiguration": { "stepPercent": 20, "stepBakeTimeInMinutes": 3 }, "bakeTimeInMinutes": 2 } }`',
        'At 4× speed twelve simulated minutes take three real ones: speed the clock up.',
      ],
      solution: [{ action: 'UpdateService', request: { service: 'web', taskDefinition: 'web:2', deploymentConfiguration: LINEAR }, note: 'Deploy web:2 linearly: 20% every 3 minutes.' }],
      timeLimit: 1800,
    },
    {
      id: 'canary',
      title: 'Catch a bad release on a tenth of the traffic',
      body: `
\`web:3\` passes its health check but fails real requests (it needs 150 times the CPU per request).
Deploy it as a **canary**: \`strategy: "CANARY"\`, \`canaryConfiguration: { canaryPercent: 10,
canaryBakeTimeInMinutes: 10 }\`. Green scales up to full size, takes **10%** of production traffic, and
the errors at that share set \`web-5xx\` off: ECS rolls back by flipping the weights to blue (§3.3,
§4.2). 90% of users never saw web:3.`,
      questions: [
        {
          id: 'canary-limit', kind: 'quiz',
          prompt: 'A release is slow only under heavy load: each task copes with a few requests but not with its full share. Will a 10% canary on a full-size green fleet catch it?',
          choices: [
            { id: 'a', text: 'Maybe not: 10% spread over a full-size green fleet is light load per task; the problem shows only when the rest moves.', correct: true },
            { id: 'b', text: 'Always: a canary exercises every code path.' },
            { id: 'c', text: 'Never: canaries only catch failed health checks.' },
          ],
          explanation: 'Green scales to the full desired count before traffic shifts (blue and green run together until clean-up, §4.2), so a canary share is light per task. Alarms during the final bake (bakeTimeInMinutes) still roll back by a weight flip (§4.2).',
        },
      ],
      goals: [
        deploymentFailed('web', 'web:3', 'The deployment of web:3 failed and rolled back', 'Deploy web:3 with the CANARY strategy.'),
        goal('small', 'web:3 never received more than 10% of production traffic', (v) => {
          const over = shifts(v, 'web').find((x) => (x.byRevision['web:3'] ?? 0) > 10.5);
          const now = trafficShare(v, 'web', 'web:3');
          if (over) return result(false, `web:3 received ${over.byRevision['web:3']}% of production traffic at ${clock(over.t)}.`);
          return result(now <= 10.5, `web:3 receives ${now}% of production traffic.`);
        }),
        servesAll('web', 'web:2', 4),
      ],
      hints: [
        '`UpdateService { "service": "web", "taskDefinition": "web:3", "deploymentConfiguration": { "strategy": "CANARY", "canaryConfiguration": { "canaryPercent": 10, "canaryBakeTimeInMinutes": 10 }, "bakeTimeInMinutes": 2 } }`',
      ],
      solution: [{ action: 'UpdateService', request: { service: 'web', taskDefinition: 'web:3', deploymentConfiguration: CANARY }, note: 'Deploy web:3 as a 10% canary.' }],
      reveal: (v) => {
        const f = [...v.events].reverse().find((e) => e.type === 'DeploymentStateChange' && e.eventName === 'SERVICE_DEPLOYMENT_FAILED' && e.taskDefinition === 'web:3');
        const from = deploymentStartedAt(v, 'web', 'web:3');
        return f && f.type === 'DeploymentStateChange' && from !== null ? md`The deployment failed ${secs(f.t - from)} after it began: ${quote(f.reason)}.` : NO_MARKDOWN;
      },
      timeLimit: 1500,
    },
  ],
  outro: `
Linear and canary trade deployment time for a smaller blast radius: a bad release meets a fraction of
users before the alarm decides. They need two target groups, twice the tasks while both revisions run,
and alarms that measure what users feel (errors, latency), since the circuit breaker does not apply
(§4.2). CodeDeploy offers the same shapes as predefined configurations (§4.1).`,
  withheld: {
    mechanic: 'the canary (web:3 deployed BLUE_GREEN, all at once)',
    solution: (step, commands) => (step.id !== 'canary' ? commands : commands.map((c) => (typeof c.request === 'function' ? c : {
      ...c, request: { ...c.request, deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2 } },
    }))),
    step: 'canary',
    goal: 'small',
  },
};
