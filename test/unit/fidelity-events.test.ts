/**
 * Failure paths and the event stream as ECS reports them (issue 15, items 2–5). Each test names
 * the AWS page its facts come from.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSim, ec2TaskDef, eventsOfType, fargateTaskDef, makeSim, module, serviceEvents, taskChanges } from '../support/sim';
import { runScenario } from '../../src/cli/run';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { feedText } from '../../src/app/log';
import { consoleText } from '../../src/sim/messages';
import type { ActionResult, ServiceEvent } from '../../src/sim/events';

const SERVICE_EVENTS = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html';
const TWO_HOSTS = { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 2 }] };
const port80 = (family: string, memory = 256) => ec2TaskDef(family, 256, memory, {
  containerDefinitions: [{ name: family, image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${family}:1`, essential: true, portMappings: [{ containerPort: 80, hostPort: 80 }] }],
});

describe(`placement failures name the real reason (${SERVICE_EVENTS})`, () => {
  it('a host-port conflict on registered instances is a port conflict, never "No Container Instances were found", and is said once while it stands', () => {
    const sim = makeSim({ cluster: TWO_HOSTS, taskDefinitions: [port80('web')],
      services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: 3, launchType: 'EC2' }] });
    sim.runUntil(900);
    const unable = serviceEvents(sim, 'web').filter((m) => m.includes('unable to place'));
    expect(unable).toHaveLength(1);
    expect(unable[0]).toMatch(/^\(service web\) was unable to place a task because no container instance met all of its requirements\. The closest matching container-instance [0-9a-f]+ is already using a port required by your task\. For more information, see the Troubleshooting section\.$/);
    expect(serviceEvents(sim).join('\n')).not.toContain('No Container Instances were found');
  });

  it('the message comes back once the cause was resolved and returns (duplicates are suppressed only while the cause stands)', () => {
    const sim = makeSim({ cluster: TWO_HOSTS, taskDefinitions: [port80('web')],
      services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: 3, launchType: 'EC2' }] });
    sim.runUntil(120);
    sim.act('UpdateService', { service: 'web', desiredCount: 2 });
    sim.runUntil(400);
    sim.act('UpdateService', { service: 'web', desiredCount: 3 });
    sim.runUntil(700);
    expect(serviceEvents(sim, 'web').filter((m) => m.includes('unable to place'))).toHaveLength(2);
  });

  it('with no instance registered the reason is that none was found', () => {
    const sim = makeSim({ taskDefinitions: [ec2TaskDef('web', 256, 256)],
      services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: 1, launchType: 'EC2' }] });
    sim.runUntil(30);
    expect(serviceEvents(sim, 'web').some((m) => m.includes('No Container Instances were found in your cluster.'))).toBe(true);
  });
});

const API_FAILURES = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html';

describe(`RunTask that cannot place returns failures[] with the API's reasons (${API_FAILURES}, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Failure.html)`, () => {
  function runTask(td: Record<string, unknown>, request: Record<string, unknown>, cluster: Record<string, unknown> = TWO_HOSTS) {
    const sim = makeSim({ cluster, taskDefinitions: [td] });
    const r = sim.act('RunTask', { taskDefinition: td.family, ...request });
    expect(r.ok).toBe(true);
    return (r as { value: { tasks: string[]; failures: { arn: string | null; reason: string }[] } }).value;
  }

  it('RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS, AGENT and MemberOf, each naming the closest instance', () => {
    expect(runTask(ec2TaskDef('cpu', 4096, 256), { count: 1 }).failures.map((f) => f.reason)).toEqual(['RESOURCE:CPU']);
    expect(runTask(ec2TaskDef('mem', 256, 16000), { count: 1 }).failures.map((f) => f.reason)).toEqual(['RESOURCE:MEMORY']);
    const ports = runTask(port80('web'), { count: 3 });
    expect(ports.tasks).toHaveLength(2);
    expect(ports.failures).toEqual([{ arn: expect.stringMatching(/:container-instance\/test\/[0-9a-f]+$/), reason: 'RESOURCE:PORTS' }]);
    expect(runTask(ec2TaskDef('c', 256, 256), { placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b' }] })
      .failures.map((f) => f.reason)).toEqual(['MemberOf placement constraint unsatisfied']);
    const sim = makeSim({ cluster: TWO_HOSTS, taskDefinitions: [ec2TaskDef('a', 256, 256)] });
    sim.act('FailAvailabilityZone', { availabilityZone: 'us-east-1a' });
    const r = sim.act('RunTask', { taskDefinition: 'a' }) as { ok: true; value: { failures: { reason: string }[] } };
    expect(r.value.failures.map((f) => f.reason)).toEqual(['AGENT']);
  });

  it('a scenario\'s RunTask with failures is an ActionResult line in the CLI (JSON and timeline)', () => {
    const doc = {
      schemaVersion: 1, seed: 7, durationSeconds: 30,
      cluster: { clusterName: 'demo', availabilityZones: ['us-east-1a'], containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 2 }] },
      taskDefinitions: [port80('web')],
      actions: [{ at: 5, action: 'RunTask', request: { taskDefinition: 'web', count: 3 } }, { at: 6, action: 'RunTask', request: { taskDefinition: 'web', count: 1 } }],
    };
    const parsed = parseScenarioObject(doc);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const json: string[] = [];
    runScenario(module, parsed.scenario, { json: true }, (l) => json.push(l));
    const results = json.map((l) => JSON.parse(l) as { type: string }).filter((e): e is ActionResult => e.type === 'ActionResult');
    expect(results.map((e) => [e.t, e.action, e.ok, (e.value as { failures: { reason: string }[] }).failures.map((f) => f.reason)]))
      .toEqual([[5, 'RunTask', true, ['RESOURCE:PORTS']], [6, 'RunTask', true, ['RESOURCE:PORTS']]]);
    const text: string[] = [];
    runScenario(module, parsed.scenario, { json: false }, (l) => text.push(l));
    expect(text.join('\n')).toMatch(/00:00:05 {2}RunTask: .*"failures":\[\{"arn":"arn:aws:ecs:us-east-1:123456789012:container-instance\/demo\/[0-9a-f]+","reason":"RESOURCE:PORTS"\}\]/);
  });
});

const DEPLOYMENT_EVENTS = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html';

describe(`SERVICE_DEPLOYMENT_IN_PROGRESS is sent for initial deployments and rollbacks (${DEPLOYMENT_EVENTS})`, () => {
  it('a new service\'s first deployment starts with IN_PROGRESS', () => {
    const sim = makeSim({ cluster: TWO_HOSTS, taskDefinitions: [ec2TaskDef('web', 256, 256)],
      services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: 2, launchType: 'EC2' }] });
    sim.runUntil(120);
    const d = eventsOfType(sim, 'DeploymentStateChange');
    expect(d.map((e) => e.eventName)).toEqual(['SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_COMPLETED']);
    expect(d[0]!.t).toBe(0);
  });

  it('the CLI streams it too, although CreateService ran before the stream was attached', () => {
    const parsed = parseScenarioObject(JSON.parse(readFileSync('lessons/scenarios/first-cluster.json', 'utf8')));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const lines: string[] = [];
    runScenario(module, parsed.scenario, { json: true, until: 60 }, (l) => lines.push(l));
    const first = lines.map((l) => JSON.parse(l) as { t: number; type: string; eventName?: string }).find((e) => e.type === 'DeploymentStateChange');
    expect(first).toMatchObject({ t: 0, eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS' });
  });

  for (const file of ['deploy-rolling', 'deploy-blue-green', 'deploy-canary', 'deploy-linear']) {
    it(`${file}.json: the failed release's rollback starts with IN_PROGRESS for the revision it returns to`, () => {
      const sim = buildSim(JSON.parse(readFileSync(`lessons/scenarios/${file}.json`, 'utf8')));
      sim.runUntil(sim.scenario.durationSeconds);
      const d = eventsOfType(sim, 'DeploymentStateChange');
      const failed = d.find((e) => e.eventName === 'SERVICE_DEPLOYMENT_FAILED');
      expect(failed, 'the scenario has a bad release').toBeDefined();
      const rollback = d.find((e) => e.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS' && e.t >= failed!.t && e.taskDefinition !== failed!.taskDefinition);
      expect(rollback?.reason).toMatch(/^Rolling back to deployment ecs-svc\/\d+/);
    });
  }
});

describe(`messages in the API's form (${SERVICE_EVENTS}; https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-services.html)`, () => {
  it('"(service web) has started 2 tasks: (task …) (task …)." in DescribeServices and the CLI; the feed shows the console form from the same message', () => {
    const sim = makeSim({ cluster: TWO_HOSTS, taskDefinitions: [ec2TaskDef('web', 256, 256)],
      services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: 2, launchType: 'EC2' }] });
    sim.runUntil(120);
    const started = eventsOfType(sim, 'ServiceEvent').find((e) => e.message.includes('has started'))!;
    expect(started.message).toMatch(/^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/);
    expect(feedText(started)).toMatch(/^service web has started 2 tasks: task [0-9a-f]{32} task [0-9a-f]{32}\.$/);
    expect(serviceEvents(sim, 'web')).toContain('(service web) has reached a steady state.');
  });

  it('CodeDeploy task sets: "(service web, taskSet ecs-svc/…) has started …"', () => {
    const sim = buildSim(JSON.parse(readFileSync('lessons/scenarios/deploy-codedeploy.json', 'utf8')));
    sim.runUntil(900);
    expect(serviceEvents(sim).some((m) => /^\(service \w[\w-]*, taskSet ecs-svc\/\d+\) has started \d+ tasks: \(task [0-9a-f]{32}\)/.test(m))).toBe(true);
    expect(consoleText('(service web, taskSet ecs-svc/1) has started 1 tasks: (task ab12).')).toBe('service web (task set ecs-svc/1) has started 1 tasks: task ab12.');
  });

  it('target registration and deregistration: "(service web) registered 2 targets in (target-group arn…)"', () => {
    const sim = buildSim(JSON.parse(readFileSync('lessons/scenarios/deploy-rolling.json', 'utf8')));
    sim.runUntil(sim.scenario.durationSeconds);
    const msgs = serviceEvents(sim);
    const tg = String.raw`\(target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/[\w-]+\/[0-9a-f]+\)`;
    expect(msgs.some((m) => new RegExp(String.raw`^\(service [\w-]+\) registered \d+ targets in ${tg}$`).test(m))).toBe(true);
    expect(msgs.some((m) => new RegExp(String.raw`^\(service [\w-]+\) deregistered \d+ targets in ${tg}$`).test(m))).toBe(true);
  });

  it('a failing target health check is reported before the task stops: "(port 80) is unhealthy in (target-group …) due to (reason Health checks failed)."', () => {
    const sim = buildSim(JSON.parse(readFileSync('lessons/scenarios/deploy-rolling.json', 'utf8')));
    sim.runUntil(sim.scenario.durationSeconds);
    const unhealthy = eventsOfType(sim, 'ServiceEvent').find((e) => e.message.includes('is unhealthy in'))!;
    expect(unhealthy.message).toMatch(/^\(service [\w-]+\) \(task ([0-9a-f]{32})\) \(port \d+\) is unhealthy in \(target-group arn:[^)]+\) due to \(reason Health checks failed\)\.$/);
    const taskId = /\(task ([0-9a-f]{32})\)/.exec(unhealthy.message)![1]!;
    const stopping = taskChanges(sim).find((e) => e.taskId === taskId && e.desiredStatus === 'STOPPED')!;
    expect(stopping.t).toBeGreaterThanOrEqual(unhealthy.t);
    expect(sim.events.indexOf(stopping)).toBeGreaterThan(sim.events.indexOf(unhealthy));
  });

  it('a failing container health check is reported before the task stops: "(service app) (task …) failed container health checks."', () => {
    const td = fargateTaskDef('app', 256, 512, { sim: { healthy: false } });
    (td.containerDefinitions[0] as Record<string, unknown>).healthCheck = { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 10, retries: 2 };
    const sim = makeSim({ taskDefinitions: [td], services: [{ serviceName: 'app', taskDefinition: 'app', desiredCount: 1, launchType: 'FARGATE' }] });
    sim.runUntil(200);
    const e = eventsOfType(sim, 'ServiceEvent').find((x) => x.message.includes('failed container health checks')) as ServiceEvent;
    expect(e.message).toMatch(/^\(service app\) \(task [0-9a-f]{32}\) failed container health checks\.$/);
    const stop = taskChanges(sim).find((x) => x.desiredStatus === 'STOPPED')!;
    expect(stop.stoppedReason).toBe('Task failed container health checks');
    expect(sim.events.indexOf(stop)).toBeGreaterThan(sim.events.indexOf(e));
  });
});

const STOPPED = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html';

describe(`tasks lost with their host or zone (${STOPPED}; stopped reasons in https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html)`, () => {
  function runningCluster() {
    const sim = makeSim({ cluster: TWO_HOSTS, taskDefinitions: [ec2TaskDef('web', 256, 256)],
      services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: 2, launchType: 'EC2' }] });
    sim.runUntil(120);
    return sim;
  }

  it('a terminated host: "Host EC2 (instance i-…) terminated.", and never TaskFailedToStart for a task that ran', () => {
    const sim = runningCluster();
    const inst = sim.instances.find((i) => sim.tasks.some((t) => t.instanceSlot === i.slot && t.lastStatus === 'RUNNING'))!;
    sim.act('TerminateInstance', { containerInstance: inst.id });
    sim.runUntil(130);
    const stops = taskChanges(sim).filter((e) => e.lastStatus === 'STOPPED' && e.containerInstanceId === inst.id);
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops) {
      expect(s.stoppedReason).toBe(`Host EC2 (instance ${inst.ec2InstanceId}) terminated.`);
      expect(s.stopCode).toBe('TerminationNotice');
    }
  });

  it('a failed zone: RUNNING tasks stop with TerminationNotice (a model: AWS documents no zone-loss code)', () => {
    const sim = runningCluster();
    sim.act('FailAvailabilityZone', { availabilityZone: 'us-east-1a' });
    sim.runUntil(125);
    const stops = taskChanges(sim).filter((e) => e.desiredStatus === 'STOPPED' && e.t >= 120);
    expect(stops.length).toBeGreaterThan(0);
    expect(new Set(stops.map((s) => s.stopCode))).toEqual(new Set(['TerminationNotice']));
  });
});

describe('a rolling update says "traffic" only when requests flow through a load balancer, otherwise "tasks"', () => {
  it('no load balancer: the TrafficShift is a split of tasks, and the timeline says so', () => {
    const sim = makeSim({ cluster: TWO_HOSTS, taskDefinitions: [ec2TaskDef('web', 256, 256), ec2TaskDef('web', 256, 256)],
      services: [{ serviceName: 'web', taskDefinition: 'web:1', desiredCount: 4, launchType: 'EC2' }] });
    sim.runUntil(120);
    sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2' });
    sim.runUntil(600);
    const shifts = eventsOfType(sim, 'TrafficShift');
    expect(shifts.length).toBeGreaterThan(0);
    for (const s of shifts) expect(s.basis).toBe('tasks');
    expect(feedText(shifts[0]!)).toMatch(/^service web tasks web:/);
  });

  it('behind a load balancer with requests: "traffic"', () => {
    const sim = buildSim(JSON.parse(readFileSync('lessons/scenarios/deploy-rolling.json', 'utf8')));
    sim.runUntil(sim.scenario.durationSeconds);
    const shifts = eventsOfType(sim, 'TrafficShift');
    expect(shifts.some((s) => s.basis === 'requests')).toBe(true);
    expect(feedText(shifts.find((s) => s.basis === 'requests')!)).toMatch(/traffic web:\d+ /);
  });
});
