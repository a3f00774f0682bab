/**
 * Lesson 4: services heal. Stop a task, terminate an instance, drain one, fail a whole
 * Availability Zone, and watch the service scheduler put the desired count back each time.
 */
import type { Lesson } from './types';
import type { LessonView } from './view';
import scenario from './scenarios/lesson-heal.json' with { type: 'json' };
import { always, goal, healthyTasks, result, serviceRuns, secs, short, clock, stoppedByLearnerAt } from './goals';
import { md, NO_MARKDOWN } from '../src/text/markdown-safe';

/** The ACTIVE instance of a zone that runs the most web tasks. */
function busiest(v: LessonView, az: string) {
  const candidates = v.snap.instances.filter((i) => i.availabilityZone === az && i.status === 'ACTIVE');
  const count = (slot: number) => v.tasksOf('web').filter((t) => t.instanceSlot === slot).length;
  return candidates.sort((a, b) => count(b.slot) - count(a.slot))[0];
}

const zonesLine = (v: LessonView) => {
  const by: Record<string, number> = {};
  for (const t of healthyTasks(v, 'web')) by[t.availabilityZone] = (by[t.availabilityZone] ?? 0) + 1;
  return Object.entries(by).sort().map(([az, n]) => `${az}: ${n}`).join(', ');
};

export const servicesHeal: Lesson = {
  id: 'services-heal',
  number: 4,
  title: 'Services heal',
  summary: 'Stop a task, terminate an instance, drain one, fail a zone: the service scheduler restores the desired count.',
  minutes: 15,
  scenario,
  startAt: 90,
  intro: `
A service's scheduler compares what runs with what is desired, every time, and starts or stops tasks to
close the gap. Here \`web\` wants **9** tasks; they run spread across three zones on two c5.xlarge
instances per zone, behind a load balancer taking 900 requests a second. Each instance has room for
about seven web tasks (4,096 CPU units and ~7,985 MiB registered, §1.7), so the cluster has spare
capacity in every zone.

In this lesson you break things, one at a time, and watch the service put them back.`,
  steps: [
    {
      id: 'stop-task',
      title: 'Stop a task',
      body: `
Stop one of \`web\`'s tasks (**StopTask**). Behind a load balancer a stopping task is first deregistered
and drains for the target group's deregistration delay (20 s here), then gets SIGTERM (§3.2, §12).
The service sees 8 tasks where it wants 9 and launches a replacement, placed like any new task: with
no strategy, in the zone with the fewest web tasks (§1.5).`,
      goals: [
        goal('stopped', 'You stopped one of web\'s tasks', (v) => result(
          v.stepActions.some((a) => a.action === 'StopTask' && v.task(String(a.request.task).split('/').pop()!)?.service === 'web'),
          'Stop one of web\'s tasks with StopTask.'), true),
        serviceRuns('web', 9),
      ],
      hints: ['Click a task on the canvas (or in the task table), then use Stop task in the Console tab.'],
      solution: [{ action: 'StopTask', request: (v) => { const t = healthyTasks(v, 'web')[0]; return t ? { task: t.taskId, reason: 'Lesson: stop a task' } : null; }, note: 'Stop one web task.' }],
      reveal: (v) => {
        const fresh = v.tasksOf('web').filter((t) => t.createdAt >= v.stepStart && t.healthyAt !== null);
        const from = stoppedByLearnerAt(v, 'web');
        return fresh.length && from !== null ? md`The replacement ${short(fresh[0]!.taskId)} started in ${fresh[0]!.availabilityZone} and counted healthy ${secs(fresh[0]!.healthyAt! - from)} after you stopped the task. Zones now: ${zonesLine(v)}.` : NO_MARKDOWN;
      },
    },
    {
      id: 'terminate',
      title: 'Terminate an instance',
      body: `
Terminate the container instance in **us-east-1a** that runs the most web tasks
(**TerminateInstance**, as if EC2 lost the host). Its tasks stop at once: there is no host left to
drain them. The scheduler replaces them on the instances left, by the same placement rules as any new
task: with no strategy, the zone with the fewest web tasks first (§1.5). Read the placement
explanation of a replacement in the Inspect tab.`,
      goals: [
        goal('terminated', 'You terminated a container instance in us-east-1a', (v) => result(
          v.stepActions.some((a) => a.action === 'TerminateInstance') && v.snap.instances.some((i) => i.availabilityZone === 'us-east-1a' && i.status === 'DEREGISTERED'),
          'Terminate one of the container instances in us-east-1a.'), true),
        serviceRuns('web', 9),
      ],
      hints: [
        'Select an instance on the canvas to read its id; the Console tab\'s **Faults** group terminates it.',
        '`TerminateInstance { "containerInstance": "<id>" }`',
      ],
      solution: [{ action: 'TerminateInstance', request: (v) => { const i = busiest(v, 'us-east-1a'); return i ? { containerInstance: i.id } : null; }, note: 'Terminate the busiest instance in us-east-1a.' }],
      questions: [
        {
          id: 'terminate-standalone', kind: 'quiz',
          prompt: 'What would have happened to a standalone task (RunTask) on that instance?',
          choices: [
            { id: 'a', text: 'It stops with the host, and nothing replaces it.', correct: true },
            { id: 'b', text: 'ECS restarts it on another instance.' },
            { id: 'c', text: 'It keeps running until the instance is deregistered by hand.' },
          ],
          explanation: 'Only a service keeps a desired count (§1.5). Standalone tasks are also left alone when an instance drains (§1.7).',
        },
      ],
      reveal: (v) => md`web is back to ${healthyTasks(v, 'web').length} healthy tasks. Zones now: ${zonesLine(v)}.`,
    },
    {
      id: 'drain',
      title: 'Drain an instance',
      body: `
Before maintenance you **drain** an instance instead of killing it:
**UpdateContainerInstancesState** with \`status: "DRAINING"\` for the busiest instance in
**us-east-1c**. Nothing new is placed there; PENDING service tasks on it stop at once, and RUNNING ones
are **replaced within the service's minimumHealthyPercent and maximumPercent** (§1.7). \`web\` uses the
defaults, 100 and 200 (§3.1): it starts each replacement first and stops the old task only once the new
one is healthy, so the service never runs fewer than 9 healthy tasks. (With both at 100, draining could
not progress at all, §1.7.)`,
      goals: [
        goal('drained', 'An instance in us-east-1c is DRAINING and runs no web task', (v) => {
          const d = v.snap.instances.find((i) => i.availabilityZone === 'us-east-1c' && i.status === 'DRAINING');
          if (!d) return result(false, 'No instance in us-east-1c is DRAINING yet.');
          const left = v.tasksOf('web').filter((t) => t.instanceSlot === d.slot).length;
          return result(left === 0, `The draining instance still has ${left} web task${left === 1 ? '' : 's'}.`);
        }),
        serviceRuns('web', 9),
        always('never-below', 'web never has fewer than 9 healthy tasks during the drain', (v) => {
          const n = healthyTasks(v, 'web').length;
          return { ok: n >= 9, why: `web fell to ${n} healthy tasks at ${clock(v.t)}.` };
        }),
      ],
      hints: [
        'Console tab → **Container instances** → Drain.',
        '`UpdateContainerInstancesState { "containerInstances": ["<id>"], "status": "DRAINING" }`',
      ],
      solution: [{ action: 'UpdateContainerInstancesState', request: (v) => { const i = busiest(v, 'us-east-1c'); return i ? { containerInstances: [i.id], status: 'DRAINING' } : null; }, note: 'Drain the busiest instance in us-east-1c.' }],
      reveal: (v) => md`Drained without a dip: web kept 9 healthy tasks. Zones now: ${zonesLine(v)}.`,
    },
    {
      id: 'fail-az',
      title: 'Fail a whole zone',
      body: `
Now the big one: **FailAvailabilityZone** \`us-east-1b\`. Every task there stops and its instances
become unreachable. (This fault is a model: AWS has no API to fail a zone; the simulator stops what
runs there and places nothing there until it recovers.) The service replaces the lost tasks in the two
zones left, on the spare capacity you still have: one instance in us-east-1a and one in us-east-1c
(§1.5, §1.6).`,
      questions: [
        {
          id: 'az-predict', kind: 'predict',
          prompt: 'After us-east-1b fails, how many healthy tasks will web have once it settles?',
          choices: [
            { id: 'a', text: '9: two instances with room for about 7 each can hold them.', correct: true },
            { id: 'b', text: '6: a service only replaces tasks in the zone they were in.' },
            { id: 'c', text: '0: the service stops when a zone fails.' },
          ],
          explanation: 'Placement filters out the failed zone\'s unreachable instances and spreads over the zones left (§1.1, §1.5). What limits recovery is spare capacity: the survivors must fit the lost tasks. With c5.large instances (about 3 tasks each) web would stall at 6 and report that it was unable to place tasks (§1.6).',
        },
      ],
      goals: [
        goal('failed', 'us-east-1b has failed', (v) => result(v.snap.failedAzs.includes('us-east-1b'), 'Fail us-east-1b with FailAvailabilityZone.'), true),
        serviceRuns('web', 9),
        goal('outside-b', 'All of web\'s tasks run outside us-east-1b', (v) => {
          const inB = v.tasksOf('web').filter((t) => t.availabilityZone === 'us-east-1b' && t.desiredStatus === 'RUNNING').length;
          return result(inB === 0 && v.snap.failedAzs.includes('us-east-1b'), inB ? `${inB} web tasks are still in us-east-1b.` : 'us-east-1b has not failed yet.');
        }),
      ],
      hints: ['Console tab → **Faults** → Fail Availability Zone: us-east-1b.', '`FailAvailabilityZone { "availabilityZone": "us-east-1b" }`'],
      solution: [{ action: 'FailAvailabilityZone', request: { availabilityZone: 'us-east-1b' }, note: 'Fail us-east-1b.' }],
      reveal: (v) => md`web runs ${healthyTasks(v, 'web').length} healthy tasks again: ${zonesLine(v)}.`,
    },
  ],
  outro: `
A service heals because its scheduler keeps comparing desired and actual: a stopped task, a lost host
and a lost zone all become "launch replacements", placed by the same pipeline as any task (§1.1, §1.5).
Draining is the polite version, bounded by the deployment percents (§1.7). What heals is bounded by
spare capacity: size each zone to absorb another's loss. Next: the same percents drive every rolling
update.`,
  withheld: {
    mechanic: 'spare capacity (c5.large instances, about 3 tasks each, instead of c5.xlarge)',
    scenario: (doc) => {
      const cluster = doc.cluster as { containerInstances: { instanceType: string }[] };
      for (const c of cluster.containerInstances) c.instanceType = 'c5.large';
      return doc;
    },
    step: 'fail-az',
    goal: 'web-runs-9',
  },
};
