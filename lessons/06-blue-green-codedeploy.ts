/**
 * Lesson 6: blue/green with CodeDeploy. A replacement task set beside the original, the test
 * listener, the all-at-once production shift, and the instant rollback when an alarm fires.
 */
import type { Lesson } from './types';
import scenario from './scenarios/lesson-codedeploy.json' with { type: 'json' };
import { clock, deploymentCompleted, deploymentFailed, goal, quote, result, secs, servesAll, shifts } from './goals';
import { md, NO_MARKDOWN } from '../src/text/markdown-safe';

export const blueGreenCodeDeploy: Lesson = {
  id: 'blue-green-codedeploy',
  number: 6,
  title: 'Blue/green with CodeDeploy',
  summary: 'A replacement task set, the test listener, the all-at-once shift and the instant rollback.',
  minutes: 20,
  scenario,
  startAt: 90,
  intro: `
With the **CODE_DEPLOY** deployment controller, ECS hands deployments to AWS CodeDeploy (§4.1). A
deployment does not replace tasks in place: CodeDeploy starts a **replacement (green) task set** beside
the **original (blue)** one, registered in a second target group, and then moves the load balancer's
**production listener** from blue to green. Until the original task set is terminated, going back is a
listener change, not a redeployment.

\`web\` runs four tasks of \`web:1\` in target group \`web-blue\`; its alternate is \`web-green\`. Its
deployment group uses **CodeDeployDefault.ECSAllAtOnce**, a **test listener** on port 8080, a hook
that runs functional tests against green, the alarm \`web-5xx\`, and waits 5 minutes before it
terminates the original task set.`,
  steps: [
    {
      id: 'deploy',
      title: 'Ship web:2 through CodeDeploy',
      body: `
A CODE_DEPLOY service does not take a new task definition from UpdateService: you create a
**CodeDeploy deployment**: \`CreateDeployment { service: "web", taskDefinition: "web:2" }\`.

Follow the lifecycle events in the Events list (§4.1): \`BeforeInstall\`, \`Install\` (the replacement
task set starts in \`web-green\`), \`AfterInstall\`, \`AllowTestTraffic\` (the **test listener** now
routes to green, production still goes to blue), \`AfterAllowTestTraffic\` (the hook \`validate-green\`
sends test requests to green), \`BeforeAllowTraffic\`, \`AllowTraffic\` (production moves: all at
once with this configuration), \`AfterAllowTraffic\`. Then CodeDeploy waits 5 minutes and terminates
the original task set.`,
      questions: [
        {
          id: 'order-predict', kind: 'predict',
          prompt: 'Which of these happens first after CreateDeployment?',
          choices: [
            { id: 'a', text: 'The test listener routes to the green tasks while production traffic still goes to blue.', correct: true },
            { id: 'b', text: 'Production traffic moves to green, then the test listener checks it.' },
            { id: 'c', text: 'The blue tasks stop, then green starts.' },
          ],
          explanation: 'AllowTestTraffic and its AfterAllowTestTraffic hook come before AllowTraffic (§4.1): green is tested on the test listener while users are still on blue.',
        },
      ],
      goals: [
        goal('test-first', 'The test listener reached web:2 before any production request did', (v) => {
          const test = v.events.find((e) => e.type === 'ServiceEvent' && e.service === 'web' && e.t >= v.stepStart && e.message.includes('test listener now routes to the green revision'));
          if (!test) return result(false, 'The test listener has not routed to web:2 yet: send CreateDeployment for web:2.');
          const prod = shifts(v, 'web').find((x) => (x.byRevision['web:2'] ?? 0) > 0);
          return result(!prod || prod.t >= test.t, 'Production traffic reached web:2 before the test listener did.');
        }, true),
        goal('all-at-once', 'Production traffic moved from web:1 to web:2 in one step', (v) => {
          const moves = shifts(v, 'web').filter((x) => (x.byRevision['web:2'] ?? 0) > 0);
          const partial = moves.find((x) => x.byRevision['web:2']! < 100);
          if (partial) return result(false, `web:2 took ${partial.byRevision['web:2']}% of production traffic at ${clock(partial.t)}: not all at once.`);
          return result(moves.length > 0, 'Production traffic has not moved to web:2 yet.');
        }),
        servesAll('web', 'web:2', 4),
        deploymentCompleted('web', 2),
      ],
      hints: [
        '`CreateDeployment { "service": "web", "taskDefinition": "web:2" }`. UpdateService with a new task definition is refused for a CODE_DEPLOY service.',
        'The original task set stays up 5 minutes after the shift (terminationWaitTimeInMinutes), then the deployment completes.',
      ],
      solution: [{ action: 'CreateDeployment', request: { service: 'web', taskDefinition: 'web:2' }, note: 'Ship web:2 through CodeDeploy.' }],
      timeLimit: 1200,
    },
    {
      id: 'rollback',
      title: 'A bad release and the instant rollback',
      body: `
\`web:3\` passes the functional tests (test requests are few and light) but needs 150 times the CPU per
request: under production load its tasks saturate and answer with errors. Ship it the same way.

With all-at-once, 100% of production lands on green at once. When the \`web-5xx\` alarm goes into
ALARM, CodeDeploy stops the deployment and **routes traffic back to the original task set** (§4.1),
which is still running during the termination wait: rollback is a listener change, and takes
effect at once. Alarm periods here are one minute (modelled evaluation).`,
      questions: [
        {
          id: 'why-instant', kind: 'quiz',
          prompt: 'Why can CodeDeploy roll back in seconds, when a rolling update\'s rollback has to start new tasks?',
          choices: [
            { id: 'a', text: 'The original task set is still running until the termination wait ends: rollback only moves the listener back.', correct: true },
            { id: 'b', text: 'CodeDeploy caches the old image on every host.' },
            { id: 'c', text: 'CodeDeploy restarts the old tasks with a faster launch path.' },
          ],
          explanation: 'Rollback = traffic is routed back to the original task set (§4.1). The price: blue and green both run (twice the tasks) until the original set is terminated; the wait can be up to 2 days (2,880 minutes, §4.1).',
        },
        {
          id: 'configs', kind: 'quiz',
          prompt: 'Which CodeDeploy configuration sends 10% of production traffic first and the rest 5 minutes later?',
          choices: [
            { id: 'a', text: 'CodeDeployDefault.ECSCanary10Percent5Minutes', correct: true },
            { id: 'b', text: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes' },
            { id: 'c', text: 'CodeDeployDefault.ECSAllAtOnce' },
          ],
          explanation: 'Canary: 10%, then the remaining 90% after 5 (or 15) minutes; Linear: +10% every 1 (or 3) minutes; AllAtOnce: 100% at once. With a Network Load Balancer only AllAtOnce is supported (§4.1). Lesson 7 shifts gradually.',
        },
      ],
      goals: [
        deploymentFailed('web', 'web:3', 'CodeDeploy stopped the deployment of web:3', 'Ship web:3 with CreateDeployment; the web-5xx alarm should stop it.'),
        goal('fast', 'Production traffic was back on web:2 within 2 minutes of reaching web:3', (v) => {
          const all = shifts(v, 'web');
          const from = all.find((x) => (x.byRevision['web:3'] ?? 0) > 0);
          if (!from) return result(false, 'No production traffic has reached web:3 yet.');
          const back = all.find((x) => x.t >= from.t && (x.byRevision['web:3'] ?? 0) === 0 && (x.byRevision['web:2'] ?? 0) >= 99.9);
          if (!back) return result(false, `web:3 has served production traffic since ${clock(from.t)}.`);
          const took = back.t - from.t;
          return result(took <= 120, `Traffic took ${secs(took)} to get back to web:2.`);
        }, true),
        servesAll('web', 'web:2', 4),
      ],
      hints: [
        '`CreateDeployment { "service": "web", "taskDefinition": "web:3" }`, then watch the alarm and the traffic lines in Events.',
      ],
      solution: [{ action: 'CreateDeployment', request: { service: 'web', taskDefinition: 'web:3' }, note: 'Ship the bad web:3.' }],
      reveal: (v) => {
        const f = [...v.events].reverse().find((e) => e.type === 'DeploymentStateChange' && e.eventName === 'SERVICE_DEPLOYMENT_FAILED' && e.taskDefinition === 'web:3');
        return f && f.type === 'DeploymentStateChange' ? md`The deployment failed (${quote(f.reason)}) and production traffic went back to the original task set, which had kept running through the termination wait.` : NO_MARKDOWN;
      },
      timeLimit: 1200,
    },
  ],
  outro: `
CodeDeploy blue/green trades capacity for safety: two task sets run side by side, green is tested on a
separate listener before users see it, production moves by listener weights (all at once, canary or
linear, §4.1), and rolling back is moving the listener back. Since 2025 ECS can do the same natively,
without CodeDeploy (strategy BLUE_GREEN, LINEAR or CANARY, §4.2): lesson 7.`,
  withheld: {
    mechanic: 'the deployment group\'s alarm (no alarmConfiguration: nothing triggers a rollback)',
    scenario: (doc) => {
      for (const g of doc.codeDeploy as Record<string, unknown>[]) delete g.alarmConfiguration;
      return doc;
    },
    step: 'rollback',
    goal: 'web-failed-3',
  },
};
