/**
 * Lesson 3: task placement. binpack, spread and random, and a memberOf constraint: the learner
 * predicts where the next task lands, runs it, and reads the placement explanation.
 */
import type { Lesson } from './types';
import type { LessonView } from './view';
import type { PlacementDecision } from '../src/sim/events';
import type { TaskSnap } from '../src/sim/snapshot';
import scenario from './scenarios/lesson-placement.json' with { type: 'json' };
import { coversZones, goal, result, serviceRuns, quote } from './goals';
import { md, mdJoin, NO_MARKDOWN, type SafeMarkdown } from '../src/text/markdown-safe';

/** An instance's lesson name (its `name` attribute), or its short id. */
function nameOf(v: LessonView, containerInstanceId: string | null): string {
  const inst = v.snap.instances.find((i) => i.id === containerInstanceId);
  return inst ? `${inst.attributes.name ?? inst.id.slice(0, 8)} (${inst.instanceType}, ${inst.availabilityZone})` : '(none)';
}

/** The placement explanation as a Markdown list. */
export function explainDecision(v: LessonView, d: PlacementDecision): SafeMarkdown {
  const lines = d.candidates.map((c) => {
    const who = nameOf(v, c.containerInstanceId);
    if (c.outcome === 'chosen') return md`- **${who}: chosen**`;
    if (c.outcome === 'filtered') return md`- ${who}: filtered out, it ${c.reason}`;
    if (c.outcome === 'ranked-lower') return md`- ${who}: ranked lower by ${c.reason}`;
    return md`- ${who}: ${c.reason}`;
  });
  return md`Strategy: ${d.strategy.length ? d.strategy.join(' then ') : '(none)'}.\n\n${mdJoin(lines, '\n')}`;
}

/** The newest task of a group (service name or standalone family) that has a placement explanation. */
function newest(v: LessonView, tasks: TaskSnap[]): { task: TaskSnap; decision: PlacementDecision } | null {
  const sorted = tasks.slice().sort((a, b) => b.createdAt - a.createdAt);
  for (const t of sorted) {
    const d = v.placements.get(t.taskId);
    if (d) return { task: t, decision: d };
  }
  return null;
}

const standaloneOf = (v: LessonView, family: string) => v.standalone().filter((t) => t.taskDefinition.startsWith(`${family}:`));

const WORKER = {
  serviceName: 'worker', taskDefinition: 'worker', desiredCount: 3, launchType: 'EC2',
  placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ c5.*' }],
  placementStrategy: [{ type: 'binpack', field: 'cpu' }],
};

export const placement: Lesson = {
  id: 'placement',
  number: 3,
  title: 'Task placement',
  summary: 'binpack, spread and random, and constraints: predict where the next task lands, then read why.',
  minutes: 20,
  scenario,
  startAt: 60,
  intro: `
On EC2, every task placement goes through the same pipeline (§1.1):

1. keep the instances with enough free **CPU, memory, ports** (and ENIs, for \`awsvpc\`);
2. keep the ones that satisfy the **placement constraints**;
3. rank the survivors with the **placement strategies**, in order;
4. pick one.

**Constraints are binding**: if no instance satisfies them, the task is not placed. **Strategies are
best effort**: they only order the instances that are left (§1.1). Fargate has neither; it balances
tasks across zones by itself.

This cluster has four instances, named by a custom attribute \`name\`: **alpha** (m5.large, us-east-1a),
**bravo** (m5.large, us-east-1b), **charlie** (c5.large, us-east-1c) and **delta** (c5.large,
us-east-1a). Filler tasks left each with a different amount of free memory: about 3.6 GiB on alpha,
1.7 GiB on bravo, 1 GiB on charlie and 2.9 GiB on delta (read the exact figures in the container
instances table). The \`api\` service runs two tasks.`,
  steps: [
    {
      id: 'binpack',
      title: 'binpack: the fullest instance that fits',
      body: `
Task definition \`batch\` needs **1,536 MiB**. Run one with **RunTask** and the strategy
\`binpack\` on \`memory\`: \`placementStrategy: [{ "type": "binpack", "field": "memory" }]\`.

binpack chooses the instance that will have the **least** of the field left while still fitting the
task, so that as few instances as possible are used (§1.2). Answer the prediction first.`,
      questions: [
        {
          id: 'binpack-predict', kind: 'predict',
          prompt: 'Where does the `batch` task (1,536 MiB) land?',
          choices: [
            { id: 'alpha', text: 'alpha: it has the most free memory.' },
            { id: 'bravo', text: 'bravo: the least memory left over among the instances it fits on.', correct: true },
            { id: 'charlie', text: 'charlie: it has the least free memory of all.' },
            { id: 'delta', text: 'delta: it is a compute-optimized c5.' },
          ],
          explanation: 'charlie is **filtered out** first: its ~1 GiB cannot hold 1,536 MiB (the filter runs before the strategy, §1.1, worked example 7). Among alpha, bravo and delta, binpack on memory picks the one left with the least memory after placing: bravo (§1.2, worked example 6).',
        },
      ],
      goals: [
        goal('batch-running', 'A standalone batch task is RUNNING', (v) => {
          const ts = standaloneOf(v, 'batch');
          if (!ts.length) return result(false, 'No batch task yet: send RunTask for batch.');
          return result(ts.some((t) => t.lastStatus === 'RUNNING'), `Your batch task is ${ts[0]!.lastStatus}.`);
        }),
        goal('binpacked', 'It was placed by binpack on memory', (v) => {
          const n = newest(v, standaloneOf(v, 'batch'));
          if (!n) return result(false, 'No batch task has been placed yet.');
          return result(n.decision.strategy[0] === 'binpack(memory)', `Your batch task was placed by ${n.decision.strategy.join(' then ') || 'the default strategy'}, not binpack on memory.`);
        }),
      ],
      hints: [
        'Console tab → Tasks → Run task: task definition `batch`, placement strategy binpack on memory.',
        '`RunTask { "taskDefinition": "batch", "launchType": "EC2", "placementStrategy": [{ "type": "binpack", "field": "memory" }] }`',
      ],
      solution: [
        { action: 'RunTask', request: { taskDefinition: 'batch', launchType: 'EC2', placementStrategy: [{ type: 'binpack', field: 'memory' }] }, note: 'Run one batch task, binpacked on memory.' },
      ],
      reveal: (v) => {
        const n = newest(v, standaloneOf(v, 'batch'));
        return n ? md`batch landed on **${nameOf(v, n.decision.containerInstanceId)}**. The explanation:\n\n${explainDecision(v, n.decision)}` : NO_MARKDOWN;
      },
    },
    {
      id: 'spread',
      title: 'spread: the zone with the fewest',
      body: `
\`api\` places with \`spread\` on \`attribute:ecs.availability-zone\`, then \`spread\` on \`instanceId\`:
balance across zones first, then across instances inside the zone (§1.3). For a service the count is
taken over **that service's** tasks (§1.2). Scale \`api\` to **3** tasks.`,
      questions: [
        {
          id: 'spread-predict', kind: 'predict',
          prompt: '`api` has one task in us-east-1a and one in us-east-1b. Where does the third go?',
          choices: [
            { id: 'c', text: 'charlie, the only instance in us-east-1c: that zone has no api task.', correct: true },
            { id: 'a', text: 'delta: us-east-1a has two instances, so it has the most room.' },
            { id: 'b', text: 'bravo: it already has the image.' },
          ],
          explanation: 'spread on the Availability Zone attribute prefers the zone with the fewest tasks of the service; inside it, spread on instanceId prefers the instance with the fewest (§1.2, §1.3, worked example 9).',
        },
      ],
      goals: [serviceRuns('api', 3), coversZones('api', 3)],
      hints: [
        'Console tab → Services → Update service `api`, desired count 3.',
        '`UpdateService { "service": "api", "desiredCount": 3 }`',
      ],
      solution: [{ action: 'UpdateService', request: { service: 'api', desiredCount: 3 }, note: 'Scale api to 3.' }],
      reveal: (v) => {
        const n = newest(v, v.tasksOf('api'));
        return n ? md`The new api task landed on **${nameOf(v, n.decision.containerInstanceId)}**:\n\n${explainDecision(v, n.decision)}` : NO_MARKDOWN;
      },
    },
    {
      id: 'random',
      title: 'random: any instance that fits',
      body: `
\`random\` takes no field: it picks any instance left after the filters (§1.2). It is also what
RunTask does when you give no strategy, as the 2023 developer guide describes it (§1.5). Run **4** \`probe\` tasks in one RunTask call with
\`placementStrategy: [{ "type": "random" }]\` (one call launches at most 10, §11).`,
      goals: [
        goal('probes', '4 probe tasks are RUNNING, placed at random', (v) => {
          const ts = standaloneOf(v, 'probe');
          const random = ts.filter((t) => t.lastStatus === 'RUNNING' && v.placements.get(t.taskId)?.strategy[0] === 'random');
          return result(random.length >= 4, ts.length ? `${random.length} of 4 probe tasks are RUNNING with the random strategy.` : 'No probe task yet: send RunTask with count 4 and the random strategy.');
        }),
      ],
      hints: ['`RunTask { "taskDefinition": "probe", "count": 4, "launchType": "EC2", "placementStrategy": [{ "type": "random" }] }`'],
      solution: [
        { action: 'RunTask', request: { taskDefinition: 'probe', count: 4, launchType: 'EC2', placementStrategy: [{ type: 'random' }] }, note: 'Run 4 probe tasks at random.' },
      ],
      questions: [
        {
          id: 'binpack-spread', kind: 'quiz',
          prompt: 'You want few instances busy (to scale in idle ones) but a service that survives a zone failure. Which chain?',
          choices: [
            { id: 'a', text: 'spread on the Availability Zone attribute, then binpack on memory.', correct: true },
            { id: 'b', text: 'binpack on memory only.' },
            { id: 'c', text: 'random.' },
          ],
          explanation: 'The documented chain spreads across zones first, then packs within each zone (§1.3). binpack alone can put every task in one zone. Beware mixing spread and binpack with cluster auto scaling: AWS advises against it (§1.3).',
        },
      ],
      reveal: (v) => {
        const where = standaloneOf(v, 'probe').map((t) => nameOf(v, v.placements.get(t.taskId)?.containerInstanceId ?? null).split(' ')[0]);
        return md`The probes landed on: ${where.join(', ')}. Another seed would give another answer: only the filters are certain.`;
      },
    },
    {
      id: 'constraints',
      title: 'Constraints are binding',
      body: `
Create service \`worker\` (1,024 CPU units per task) with **3** tasks and the constraint
\`memberOf\` \`attribute:ecs.instance-type =~ c5.*\`, so that it runs only on compute-optimized
instances, and the strategy \`binpack\` on \`cpu\`. The expression uses the cluster query language:
\`attribute:<name>\`, an operator such as \`=~\` (a regular expression), a value (§1.4).`,
      questions: [
        {
          id: 'constraint-predict', kind: 'predict',
          prompt: 'charlie and delta (the two c5.large) each have room for one worker. What happens to the third?',
          choices: [
            { id: 'a', text: 'It is not placed, and the service says it was unable to place a task, although alpha and bravo have room.', correct: true },
            { id: 'b', text: 'It goes to alpha or bravo: strategies are best effort.' },
            { id: 'c', text: 'ECS launches a new c5 instance for it.' },
          ],
          explanation: 'Constraints are binding; only strategies are best effort (§1.1). The service emits "was unable to place a task because no container instance met all of its requirements" (§1.6). Nothing launches instances unless a capacity provider manages an Auto Scaling group (§6.3).',
        },
      ],
      goals: [
        goal('only-c5', 'Every worker task runs on a c5 instance', (v) => {
          const ts = v.tasksOf('worker').filter((t) => t.desiredStatus === 'RUNNING');
          if (!ts.length) return result(false, 'worker has no tasks yet.');
          const off = ts.filter((t) => !(v.instanceOf(t)?.instanceType ?? '').startsWith('c5.'));
          return result(off.length === 0, `${off.length} of ${ts.length} worker tasks run on an instance that is not a c5.`);
        }),
        serviceRuns('worker', 2),
        goal('blocked', 'worker reports that it was unable to place a task', (v) => {
          const ok = v.events.some((e) => e.type === 'ServiceEvent' && e.service === 'worker' && e.message.includes('was unable to place a task'));
          return result(ok, 'worker has not reported an unplaceable task.');
        }, true),
      ],
      hints: [
        'Console tab → Services → Create service, with a placement constraint of type memberOf.',
        'The constraint: `{ "type": "memberOf", "expression": "attribute:ecs.instance-type =~ c5.*" }`.',
      ],
      solution: [{ action: 'CreateService', request: WORKER, note: 'Create worker: 3 tasks, only on c5 instances, binpacked on CPU.' }],
      reveal: (v) => {
        const msg = [...v.events].reverse().find((e) => e.type === 'ServiceEvent' && e.service === 'worker' && e.message.includes('unable to place'));
        return msg && msg.type === 'ServiceEvent' ? md`The event: ${quote(msg.message)}.` : NO_MARKDOWN;
      },
    },
  ],
  outro: `
Filters first (resources, ports, constraints), then strategies in order, then a pick (§1.1). binpack
saves instances, spread survives failures, random is the RunTask default (§1.5), and a constraint
nobody satisfies leaves the task unplaced with an event that names the closest instance (§1.6). Next:
what a service does when tasks, instances and a whole zone fail.`,
  withheld: {
    mechanic: 'the memberOf constraint on worker',
    solution: (step, commands) => (step.id !== 'constraints' ? commands : commands.map((c) => {
      if (c.action !== 'CreateService' || typeof c.request === 'function') return c;
      const { placementConstraints: _dropped, ...rest } = c.request;
      return { ...c, request: rest };
    })),
    step: 'constraints',
    goal: 'only-c5',
  },
};
