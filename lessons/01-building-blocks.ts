/**
 * Lesson 1: the building blocks. A cluster across three Availability Zones, a task definition and
 * its immutable revisions, an image in ECR, a standalone task, a service, container instances and
 * their agent, and a Cloud Map namespace.
 */
import type { Lesson } from './types';
import scenario from './scenarios/lesson-building-blocks.json' with { type: 'json' };
import { coversZones, goal, healthyTasks, result, sent, serviceRuns, secs, short } from './goals';
import { md, mdJoin, NO_MARKDOWN } from '../src/text/markdown-safe';

const SERVICE = {
  serviceName: 'web', taskDefinition: 'web:1', desiredCount: 3, launchType: 'EC2',
  serviceRegistries: [{ namespace: 'lab.local', containerName: 'web', containerPort: 8080, dnsRecords: [{ Type: 'SRV', TTL: 60 }] }],
};

const WEB_2 = {
  family: 'web', cpu: '256', memory: '512', networkMode: 'bridge', requiresCompatibilities: ['EC2'],
  containerDefinitions: [{ name: 'web', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.1', essential: true, portMappings: [{ containerPort: 8080, hostPort: 0 }] }],
  sim: { imageSizeMiB: 160, appStartSeconds: 4 },
};

export const buildingBlocks: Lesson = {
  id: 'building-blocks',
  number: 1,
  title: 'The building blocks',
  summary: 'A cluster across Availability Zones, task definitions and their revisions, tasks, services, container instances and a namespace.',
  minutes: 15,
  scenario,
  intro: `
An **ECS cluster** is a named group of capacity that tasks run on. This one, \`lab\`, spans three
Availability Zones in us-east-1 and has one EC2 **container instance** in each: an m5.large running the
**ECS container agent**, which registers the instance's CPU and memory with ECS and starts and stops
containers when ECS tells it to. ECS counts **1,024 CPU units per vCPU**, so each instance offers 2,048
units, and it registers a little less memory than the instance has: AWS's example is an 8 GiB m4.large
that registers about **7,985 MiB**, and the simulator applies the same ratio to other types (a model,
§1.7).

The cluster also holds a **task definition**, \`web:1\`: the blueprint of a task (the container image, its
CPU and memory, its ports). Its image lives in **Amazon ECR**. And there is a private DNS **namespace**,
\`lab.local\`, in AWS Cloud Map, where services can register their tasks so that other software finds
them (§9.1).

Nothing runs yet. In this lesson you start one task by hand, then a service that keeps three tasks
running, find them through the namespace, ship a new revision, and see what a service does that a lone
task does not.`,
  steps: [
    {
      id: 'run-task',
      title: 'Run one task',
      body: `
A **task** is a running copy of a task definition. Start one by hand with **RunTask**: task definition
\`web:1\`, one task, on the EC2 launch type. Use the Console tab (Tasks → Run task), or press *Show me*.

Watch its status in the task table. Every task starts in **PROVISIONING**, then **PENDING** while the
agent pulls the image and starts the container, **ACTIVATING**, then **RUNNING** (§2.1). On EC2 the
agent pulls the image from ECR the first time an instance needs it and keeps it in its cache after
that (§10). A task started this way belongs to no service: it is a **standalone task**. With no
placement strategy, RunTask places it on a random eligible instance (the 2023 developer guide's
description, §1.5).`,
      goals: [
        goal('standalone-running', 'A standalone task of web:1 is RUNNING', (v) => {
          const tasks = v.standalone().filter((t) => t.taskDefinition === 'web:1');
          const running = tasks.filter((t) => t.lastStatus === 'RUNNING');
          if (running.length) return result(true, '');
          if (tasks.length) return result(false, `Your task is ${tasks[0]!.lastStatus}; wait for RUNNING.`);
          return result(false, 'No standalone task of web:1 has been started yet: send RunTask.');
        }),
      ],
      hints: [
        'In the Console tab open **Tasks**, choose task definition `web:1`, count 1, launch type EC2, and run it.',
        'The request is `RunTask { "taskDefinition": "web:1", "count": 1, "launchType": "EC2" }`.',
      ],
      solution: [
        { action: 'RunTask', request: { taskDefinition: 'web:1', count: 1, launchType: 'EC2' }, note: 'Start one standalone task of web:1.' },
      ],
      questions: [
        {
          id: 'task-vs-td', kind: 'quiz',
          prompt: 'What is the relationship between a task definition and a task?',
          choices: [
            { id: 'a', text: 'A task definition is a blueprint; a task is one running copy of it.', correct: true },
            { id: 'b', text: 'A task definition is a group of tasks that ECS keeps running.' },
            { id: 'c', text: 'A task is a blueprint; a task definition is where it runs.' },
          ],
          explanation: 'A task definition describes containers, CPU, memory and ports; RunTask or a service starts tasks from it. Keeping a number of tasks running is what a **service** does (§1.5).',
        },
      ],
      reveal: (v) => {
        const t = v.standalone().find((x) => x.lastStatus === 'RUNNING');
        if (!t || t.startedAt === null) return NO_MARKDOWN;
        const inst = v.instanceOf(t);
        const pull = t.pullStartedAt !== null ? md` The image pull began ${secs(t.pullStartedAt - t.createdAt)} after the task was created, and the container was up ${secs(t.startedAt - t.pullStartedAt)} later (pull throughput is modelled: AWS does not publish it).` : NO_MARKDOWN;
        return md`Task ${short(t.taskId)} was placed on container instance ${inst ? short(inst.id) : '?'} in **${t.availabilityZone}** and reached RUNNING ${secs(t.startedAt - t.createdAt)} after it was created.${pull} That instance now has the image in its cache (§10).`;
      },
    },
    {
      id: 'service',
      title: 'Create a service',
      body: `
A **service** keeps a number of tasks running (its *desired count*) and replaces any that stop. Create
service \`web\` from \`web:1\` with **3** tasks on EC2, registered in the namespace \`lab.local\` so that
clients can find its tasks: \`serviceRegistries: [{ namespace: "lab.local", containerName: "web",
containerPort: 8080 }]\`. Tasks in \`bridge\` network mode have no IP address of their own, so Cloud Map
gets **SRV** records that carry the port (§9.1).

With no placement strategy, a service on EC2 **spreads its tasks across Availability Zones**: each new
task goes to the zone with the fewest tasks of the service (§1.5). Without a load balancer or a
container health check, a service counts a task as **healthy 40 seconds after it reaches RUNNING**
(§2.4).`,
      goals: [
        serviceRuns('web', 3),
        coversZones('web', 3),
      ],
      hints: [
        'Console tab → **Services** → Create service: name `web`, task definition `web:1`, desired count 3, launch type EC2.',
        'The namespace registration is `serviceRegistries: [{ "namespace": "lab.local", "containerName": "web", "containerPort": 8080 }]`.',
        'Tasks count as healthy 40 s after RUNNING (§2.4): let the clock run.',
      ],
      solution: [
        { action: 'CreateService', request: SERVICE, note: 'Create service web with 3 tasks, registered in lab.local.' },
      ],
      questions: [
        {
          id: 'spread-predict', kind: 'predict',
          prompt: 'The service starts 3 tasks on a cluster with one instance per zone (one already runs your standalone task). Where do they go?',
          choices: [
            { id: 'a', text: 'One task in each Availability Zone.', correct: true },
            { id: 'b', text: 'All three on the instance that already has the image cached.' },
            { id: 'c', text: 'Anywhere: a service places tasks at random.' },
          ],
          explanation: 'A service on EC2 with no placement strategy spreads on `attribute:ecs.availability-zone`: it prefers the zone holding the fewest of *its own* tasks, then the instance with the fewest (§1.5). The standalone task is not the service\'s, so it does not count.',
        },
      ],
      reveal: (v) => {
        const tasks = healthyTasks(v, 'web');
        const rows = mdJoin(tasks.map((t) => md`- ${short(t.taskId)} in **${t.availabilityZone}** on instance ${short(v.instanceOf(t)?.id ?? '?')}`), '\n');
        return md`The three tasks, one per zone (§1.5):\n\n${rows}`;
      },
    },
    {
      id: 'discover',
      title: 'Find the tasks through the namespace',
      body: `
ECS registered each task in Cloud Map while it was **ACTIVATING** and pushes its health there (§2.1,
§9.1). Ask Cloud Map for the service's instances with **DiscoverInstances**: namespace \`lab.local\`,
service \`web\`. It answers from the Cloud Map API, with no DNS involved; a client in the VPC could also
look up the SRV records of \`web.lab.local\` (§9.1).`,
      goals: [
        sent('asked', 'You asked Cloud Map: DiscoverInstances for web in lab.local', 'DiscoverInstances',
          (r) => r.NamespaceName === 'lab.local' && r.ServiceName === 'web', 'Send DiscoverInstances with NamespaceName lab.local and ServiceName web.'),
        goal('three-healthy', 'Cloud Map answers with 3 healthy instances of web', (v) => {
          const r = v.ask('DiscoverInstances', { NamespaceName: 'lab.local', ServiceName: 'web', HealthStatus: 'HEALTHY' });
          if (!r.ok) return result(false, `Cloud Map answers: ${r.error.message}`);
          const n = ((r.value as { Instances: unknown[] }).Instances ?? []).length;
          return result(n >= 3, `Cloud Map lists ${n} of 3 healthy instances of web.`);
        }),
      ],
      hints: [
        'The request is `DiscoverInstances { "NamespaceName": "lab.local", "ServiceName": "web" }`.',
      ],
      solution: [
        { action: 'DiscoverInstances', request: { NamespaceName: 'lab.local', ServiceName: 'web' }, note: 'Ask Cloud Map for web\'s healthy instances.' },
      ],
      reveal: (v) => {
        const r = v.ask('DiscoverInstances', { NamespaceName: 'lab.local', ServiceName: 'web' });
        if (!r.ok) return NO_MARKDOWN;
        const list = (r.value as { Instances: { InstanceId: string; Attributes: Record<string, string> }[] }).Instances;
        return md`Cloud Map's answer: ${list.map((i) => `${short(i.InstanceId)} at ${i.Attributes.AWS_INSTANCE_IPV4}${i.Attributes.AWS_INSTANCE_PORT ? `:${i.Attributes.AWS_INSTANCE_PORT}` : ''}`).join(', ')}. Each instance is a task; the address is the private address of its container instance, because bridge-mode tasks share their host's (§9.1).`;
      },
    },
    {
      id: 'revision',
      title: 'Ship a new revision',
      body: `
You never edit a task definition. You **register** the family again, and ECS gives the new version the
next **revision** number; \`web:1\` stays exactly as it was, so anything that runs \`web:1\` keeps
running what it was tested with. Register \`web\` again with the image tag \`1.1\`
(\`123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.1\`), then point the service at \`web:2\` with
**UpdateService**. The service replaces its tasks with a **rolling update** (lesson 5 takes it apart;
§3.2).`,
      goals: [
        goal('web-2', 'Task definition web:2 is registered with image tag 1.1', (v) => {
          const td = v.taskDefinitions.find((d) => d.family === 'web' && d.revision === 2);
          if (!td) return result(false, 'There is no web:2 yet: register the web family again.');
          const image = td.containerDefinitions[0]?.image ?? '';
          return result(image.endsWith(':1.1'), `web:2 runs image ${image}, not the tag 1.1.`);
        }),
        serviceRuns('web', 3, { revision: 2, only: true }),
      ],
      hints: [
        'Console tab → **Task definitions**: register family `web` with image `…/web:1.1` (the JSON editor starts from the latest revision).',
        'Then **Services** → Update service `web` with task definition `web:2`.',
      ],
      solution: [
        { action: 'RegisterTaskDefinition', request: WEB_2, note: 'Register web again with image 1.1: this makes web:2.' },
        { action: 'UpdateService', request: { service: 'web', taskDefinition: 'web:2' }, note: 'Point the service at web:2.' },
      ],
      questions: [
        {
          id: 'immutable', kind: 'quiz',
          prompt: 'A colleague needs more memory for `web`. What do they do?',
          choices: [
            { id: 'a', text: 'Edit web:2 in place; running tasks pick up the change.' },
            { id: 'b', text: 'Register web again (web:3) with more memory, then update the service to web:3.', correct: true },
            { id: 'c', text: 'Stop the tasks; they restart with the new memory.' },
          ],
          explanation: 'Registered revisions do not change. A new revision plus UpdateService starts a deployment that replaces the tasks (§3.2).',
        },
      ],
    },
    {
      id: 'heal',
      title: 'A service heals; a lone task does not',
      body: `
Stop two tasks with **StopTask**: one of the service's tasks, and your standalone task. The service
notices it runs fewer tasks than desired and starts a replacement, placed like any new task of the
service (§1.5). Nobody watches the standalone task: it stays stopped.`,
      goals: [
        goal('service-task-stopped', 'You stopped one of web\'s tasks', (v) => {
          const ok = v.stepActions.some((a) => a.action === 'StopTask' && v.task(String(a.request.task).split('/').pop()!)?.service === 'web');
          return result(ok, 'Stop one of web\'s tasks with StopTask.');
        }, true),
        goal('standalone-stopped', 'Your standalone task is stopped and nothing replaced it', (v) => {
          const stopped = v.stepActions.some((a) => a.action === 'StopTask' && v.task(String(a.request.task).split('/').pop()!)?.service === null);
          if (!stopped) return result(false, 'Stop your standalone task with StopTask.');
          const left = v.standalone().length;
          return result(left === 0, `${left} standalone task${left === 1 ? ' is' : 's are'} still running.`);
        }),
        serviceRuns('web', 3, { revision: 2 }),
      ],
      hints: [
        'Select a task in the canvas or the task table to read its id; the Console tab\'s **Tasks** group has Stop task.',
        'Your standalone task is the one whose Service column is empty.',
      ],
      solution: [
        { action: 'StopTask', request: (v) => { const t = healthyTasks(v, 'web')[0]; return t ? { task: t.taskId, reason: 'Lesson: stop a service task' } : null; }, note: 'Stop one of web\'s tasks.' },
        { action: 'StopTask', request: (v) => { const t = v.standalone()[0]; return t ? { task: t.taskId, reason: 'Lesson: stop the standalone task' } : null; }, note: 'Stop the standalone task.' },
      ],
      questions: [
        {
          id: 'who-replaces', kind: 'quiz',
          prompt: 'An EC2 host dies and takes a standalone task and a service task with it. What comes back?',
          choices: [
            { id: 'a', text: 'Both: ECS restarts every task it knows about.' },
            { id: 'b', text: 'Only the service task: the service scheduler replaces it to keep its desired count.', correct: true },
            { id: 'c', text: 'Neither, until someone calls RunTask.' },
          ],
          explanation: 'Only services have a scheduler that keeps a desired count (§1.5). Lesson 4 stops tasks, instances and a whole zone.',
        },
      ],
    },
  ],
  outro: `
You have met every building block: a **cluster** across Availability Zones, **container instances**
with their agent, a **task definition** whose revisions never change, an **image in ECR** that the
agent pulls and caches, **tasks** (standalone or owned by a service), a **service** that spreads its
tasks across zones and replaces the ones that stop, and a Cloud Map **namespace** where it registers
them. Next: the same service on EC2 and on Fargate.`,
  withheld: {
    mechanic: 'container instances in every Availability Zone (all three are moved into us-east-1a)',
    scenario: (doc) => {
      const cluster = doc.cluster as { containerInstances: { availabilityZone: string }[] };
      for (const c of cluster.containerInstances) c.availabilityZone = 'us-east-1a';
      return doc;
    },
    step: 'service',
    goal: 'web-zones-3',
  },
};
