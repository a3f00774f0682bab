/**
 * Lesson 2: EC2 vs Fargate. The same service on both launch types: who manages what, start time
 * with and without an image cache, cost at low and high utilization, who provides capacity, Spot,
 * and custom AMIs against per-task isolation.
 */
import type { Lesson } from './types';
import type { LessonView } from './view';
import scenario from './scenarios/lesson-ec2-vs-fargate.json' with { type: 'json' };
import { serviceRuns, secs } from './goals';
import { md, NO_MARKDOWN, type SafeMarkdown } from '../src/text/markdown-safe';
import { AMI_CHOICES } from '../src/sim/catalog';

const CUSTOM_AMI_IDS = new Set(Object.values(AMI_CHOICES.find((a) => a.id === 'custom-baked')?.amiId ?? {}));

const FARGATE_SERVICE = {
  serviceName: 'shop-fargate', taskDefinition: 'shop-fargate', desiredCount: 3, launchType: 'FARGATE',
  loadBalancers: [{ targetGroupName: 'fargate-tg', containerName: 'app', containerPort: 8080 }],
};

const usd = (x: number) => `$${x.toFixed(3)}`;

/** Median seconds from creation to RUNNING of a service's tasks created since the step began. */
function startTimes(v: LessonView, service: string): { n: number; median: number | null } {
  const xs = v.tasksOf(service).filter((t) => t.createdAt >= v.stepStart && t.startedAt !== null).map((t) => t.startedAt! - t.createdAt).sort((a, b) => a - b);
  return { n: xs.length, median: xs.length ? xs[Math.floor(xs.length / 2)]! : null };
}

function costLine(v: LessonView): SafeMarkdown {
  const ec2 = v.cost.ec2UsdPerHour;
  const fargate = v.cost.services['shop-fargate'] ?? 0;
  const nE = v.tasksOf('shop-ec2').length;
  const nF = v.tasksOf('shop-fargate').length;
  return md`Right now the EC2 side costs **${usd(ec2)}/h** for its ${v.snap.instances.filter((i) => i.status !== 'DEREGISTERED').length} instances, whatever they run (${nE} tasks: ${usd(ec2 / Math.max(1, nE))} per task-hour), and the Fargate side **${usd(fargate)}/h** for ${nF} tasks (${usd(fargate / Math.max(1, nF))} per task-hour). Idle EC2 capacity: ${usd(v.cost.idleEc2UsdPerHour)}/h.`;
}

export const ec2VsFargate: Lesson = {
  id: 'ec2-vs-fargate',
  number: 2,
  title: 'EC2 vs Fargate',
  summary: 'The same service on both launch types: who manages what, start time with and without an image cache, cost, capacity and Spot.',
  minutes: 20,
  scenario,
  intro: `
ECS runs tasks on two kinds of capacity. With the **EC2 launch type** you run container instances (EC2
instances with the ECS agent) and ECS places tasks on them: you choose instance types and AMIs, patch
them, and pay for each instance **whether or not tasks fill it** (§7.3). With **Fargate** there are no
instances to see: each task gets its own capacity, sized by the task definition's CPU and memory from a
fixed table of valid pairs (§7.1), always in \`awsvpc\` network mode with its own network interface
(§7.2), and you pay per task from the moment its image download starts until it stops (§7.3).

\`shop-ec2\` already runs three tasks on three m5.large instances behind a load balancer. Its twin,
task definition \`shop-fargate\`, is the same image (350 MiB) and the same size (0.5 vCPU, 1 GB).`,
  steps: [
    {
      id: 'both',
      title: 'The same service on Fargate',
      body: `
Create service \`shop-fargate\`: task definition \`shop-fargate\`, **3** tasks, launch type **FARGATE**,
behind target group \`fargate-tg\` (container \`app\`, port 8080). Fargate ignores placement strategies
and constraints; it balances a service's tasks across Availability Zones by itself (§1.1).`,
      goals: [serviceRuns('shop-fargate', 3), serviceRuns('shop-ec2', 3)],
      hints: [
        'Console tab → **Services** → Create service, launch type FARGATE, load balancer target group `fargate-tg`, container `app`, port 8080.',
        'The request: `CreateService { "serviceName": "shop-fargate", "taskDefinition": "shop-fargate", "desiredCount": 3, "launchType": "FARGATE", "loadBalancers": [{ "targetGroupName": "fargate-tg", "containerName": "app", "containerPort": 8080 }] }`.',
      ],
      solution: [{ action: 'CreateService', request: FARGATE_SERVICE, note: 'Create shop-fargate: 3 tasks on Fargate behind fargate-tg.' }],
      questions: [
        {
          id: 'who-patches', kind: 'quiz',
          prompt: 'Who patches the operating system and the ECS agent under `shop-fargate`\'s tasks, and under `shop-ec2`\'s?',
          choices: [
            { id: 'a', text: 'AWS for Fargate; you for EC2 (by moving to newer AMIs and replacing instances).', correct: true },
            { id: 'b', text: 'You for both: ECS never touches the host.' },
            { id: 'c', text: 'AWS for both: ECS updates container instances in place.' },
          ],
          explanation: 'On Fargate there is no host for you to manage; AWS even stops service tasks for infrastructure maintenance, starting the replacement first (§7.2). On EC2 the instances are yours: their AMI, their agent, their size.',
        },
      ],
    },
    {
      id: 'scale',
      title: 'Who starts faster?',
      body: `
Scale both services to **6** tasks (UpdateService, \`desiredCount: 6\`). Then compare how long the new
tasks take from creation to RUNNING.

Every EC2 instance here pulled the 350 MiB image once, for its first task, and kept it: the agent's
default pull behaviour checks the registry and uses the cached image (§10). A Fargate task has **no
image cache**: each one downloads the whole image, so image size goes straight into start time
(§7.2). Pull speeds here are modelled (about 40 MiB/s on EC2, 15 MiB/s on Fargate): AWS does not
publish them, and typical Fargate start times of 30–45 s or more are not an SLA (§7.2).`,
      goals: [serviceRuns('shop-ec2', 6), serviceRuns('shop-fargate', 6)],
      hints: [
        'Update each service with desired count 6 (Console tab → Services → Update service).',
        'Healthy means the load balancer\'s health check passed: a new target needs one passing check (§12).',
      ],
      solution: [
        { action: 'UpdateService', request: { service: 'shop-ec2', desiredCount: 6 }, note: 'Scale shop-ec2 to 6.' },
        { action: 'UpdateService', request: { service: 'shop-fargate', desiredCount: 6 }, note: 'Scale shop-fargate to 6.' },
      ],
      questions: [
        {
          id: 'faster', kind: 'predict',
          prompt: 'Which three new tasks reach RUNNING first?',
          choices: [
            { id: 'a', text: 'The EC2 ones: their instances already hold the image.', correct: true },
            { id: 'b', text: 'The Fargate ones: Fargate keeps warm capacity ready.' },
            { id: 'c', text: 'They take the same time: both pull from the same ECR repository.' },
          ],
          explanation: 'Fargate has no image cache and pulls the full image for every task (§7.2, §10); EC2 instances reuse what they pulled (§10). Smaller images, same-Region ECR and lazy loading shrink Fargate\'s pull (§7.2).',
        },
      ],
      reveal: (v) => {
        const e = startTimes(v, 'shop-ec2');
        const f = startTimes(v, 'shop-fargate');
        if (e.median === null || f.median === null) return NO_MARKDOWN;
        return md`Median time from creation to RUNNING of the new tasks: **EC2 ${secs(e.median)}** (image cached) against **Fargate ${secs(f.median)}** (provisioning plus a full 350 MiB pull; both figures from the modelled pull speeds).`;
      },
    },
    {
      id: 'fill',
      title: 'Cost at low and at high utilization',
      body: `
Before you scale: read the cost. Three m5.large instances cost the same per hour with 3 tasks or 12 on
them; a Fargate task costs its vCPU and memory rates per hour (§7.3). Scale both services to **12**
tasks. Each m5.large has 2,048 CPU units (§1.7), which fit four 512-unit tasks: 12 tasks fill the
three instances.`,
      goals: [serviceRuns('shop-ec2', 12), serviceRuns('shop-fargate', 12)],
      hints: [
        'Update both services to desired count 12.',
        'Compare the cost line in the Cluster tab before and after.',
      ],
      solution: [
        { action: 'UpdateService', request: { service: 'shop-ec2', desiredCount: 12 }, note: 'Scale shop-ec2 to 12: the instances are full.' },
        { action: 'UpdateService', request: { service: 'shop-fargate', desiredCount: 12 }, note: 'Scale shop-fargate to 12.' },
      ],
      questions: [
        {
          id: 'cheaper', kind: 'quiz',
          prompt: 'With 0.5 vCPU / 1 GB tasks and m5.large instances at $0.096 an hour, when is EC2 the cheaper choice?',
          choices: [
            { id: 'a', text: 'Always: EC2 has no per-task charge.' },
            { id: 'b', text: 'When the instances are nearly full: at 12 tasks EC2 costs $0.288/h and Fargate about $0.296/h; at 3 tasks Fargate costs about a quarter of EC2.', correct: true },
            { id: 'c', text: 'Never: Fargate is always cheaper because it bills per second.' },
          ],
          explanation: 'EC2 bills instances used or idle; Fargate bills each task\'s vCPU and GB (§7.3). Utilization decides: a half-empty cluster pays for its idle capacity.',
        },
      ],
      reveal: costLine,
    },
    {
      id: 'capacity',
      title: 'Who provides the capacity?',
      body: `
Scale both services to **15**. Fargate finds capacity for each task. On EC2 the three instances are
full: the service reports that it **was unable to place a task** because no container instance had
enough CPU (§1.6). On EC2, capacity is your job: add a container instance
(**RegisterContainerInstance**, one m5.large in any zone).

Try the **custom AMI** for it (\`"ami": "custom-baked"\`): an image built from the ECS-optimized AMI with
the task images already on disk, so tasks on it skip the pull. That is the kind of instance-level
control EC2 gives you (AMIs, instance types, daemons, host settings); Fargate gives each task its own
isolated capacity instead, and no host to tune. Lesson 8 lets a capacity provider add instances for
you (§6.3).`,
      goals: [serviceRuns('shop-ec2', 15), serviceRuns('shop-fargate', 15)],
      hints: [
        'After scaling, read the service events: "unable to place a task … insufficient CPU units".',
        'Console tab → **Container instances** → add one m5.large (optionally with the custom AMI).',
        '`RegisterContainerInstance { "instanceType": "m5.large", "availabilityZone": "us-east-1a", "count": 1, "ami": "custom-baked" }`',
      ],
      solution: [
        { action: 'UpdateService', request: { service: 'shop-ec2', desiredCount: 15 }, note: 'Scale shop-ec2 to 15: three tasks cannot be placed.' },
        { action: 'UpdateService', request: { service: 'shop-fargate', desiredCount: 15 }, note: 'Scale shop-fargate to 15.' },
        { at: 20, action: 'RegisterContainerInstance', request: { instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 1, ami: 'custom-baked' }, note: 'Add an m5.large with the custom AMI: room for 4 more tasks.' },
      ],
      questions: [
        {
          id: 'spot', kind: 'quiz',
          prompt: 'You move `shop-fargate` to **Fargate Spot**. What changes?',
          choices: [
            { id: 'a', text: 'It costs up to 70% less, and AWS may reclaim a task with a two-minute warning (SIGTERM); the service then tries to replace it on Spot.', correct: true },
            { id: 'b', text: 'Nothing but the price: Spot tasks are never interrupted.' },
            { id: 'c', text: 'Tasks start faster because Spot capacity is pre-warmed.' },
          ],
          explanation: 'Fargate Spot is "up to 70%" off; an interruption sends SIGTERM with a two-minute warning and SIGKILL after stopTimeout (§6.2). The simulator\'s Spot prices are a model. Lesson 8 interrupts Spot capacity.',
        },
        {
          id: 'isolation', kind: 'quiz',
          prompt: 'Which need points to the EC2 launch type rather than Fargate?',
          choices: [
            { id: 'a', text: 'A daemon on every host, a GPU, or an AMI with your images baked in.', correct: true },
            { id: 'b', text: 'Not wanting to patch hosts.' },
            { id: 'c', text: 'A task of 0.25 vCPU and 512 MiB.' },
          ],
          explanation: 'DAEMON services are not supported on Fargate (§1.5); custom AMIs and instance types are EC2 choices. Fargate sizes come from a fixed table (§7.1), and patching is AWS\'s job there (§7.2).',
        },
      ],
      reveal: (v) => {
        const custom = v.snap.instances.find((i) => CUSTOM_AMI_IDS.has(i.attributes['ecs.ami-id'] ?? ''));
        const onIt = custom ? v.tasksOf('shop-ec2').filter((t) => t.instanceSlot === custom.slot && t.startedAt !== null) : [];
        const fast = onIt.length ? md` The tasks on the custom-AMI instance went from creation to RUNNING in ${secs(Math.max(...onIt.map((t) => t.startedAt! - t.createdAt)))} at most: no pull at all.` : NO_MARKDOWN;
        return md`${costLine(v)}${fast}`;
      },
    },
  ],
  outro: `
Same app, two models. **EC2**: you run and patch instances, you provide capacity (or let a capacity
provider do it), images stay cached on instances, and the price is per instance, so it pays off when the
instances are full. **Fargate**: no hosts, capacity per task, every task pulls its image, the price is
per task. Both have a Spot option. Next: on EC2, *where* exactly does a task land?`,
  withheld: {
    mechanic: 'adding EC2 capacity (no RegisterContainerInstance)',
    solution: (step, commands) => (step.id === 'capacity' ? commands.filter((c) => c.action !== 'RegisterContainerInstance') : commands),
    step: 'capacity',
    goal: 'shop-ec2-runs-15',
  },
};
