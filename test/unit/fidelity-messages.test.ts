/**
 * Messages that cannot drift (issue 15, item 7): every service event the engine emits, in every
 * bundled scenario and in the failure paths below, follows one template of src/sim/messages.ts, and
 * each template is checked against its source:
 * - doc: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
 *   (written there as "service (service-name) …");
 * - api: the describe-services example of the AWS CLI,
 *   https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-services.html;
 * - observed: DescribeServices output users publish (shapes below, with made-up names and ids);
 * - model: ECS Lab's own wording, marked as such.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TEMPLATES, templateOf, templatePattern } from '../../src/sim/messages';
import { buildSim, ec2TaskDef, fargateTaskDef, makeSim } from '../support/sim';
import type { Simulation } from '../../src/sim/engine';
import type { ServiceEvent } from '../../src/sim/events';

/** The documented wordings, as the service event messages page writes them. */
const DOCUMENTED: Record<string, string> = {
  steady: 'service (service-name) has reached a steady state.',
  'unable-to-place': 'service (service-name) was unable to place a task because no container instance met all of its requirements.',
  'unable-to-start': 'service (service-name) is unable to consistently start tasks successfully.',
  'deployment-configuration': 'service (service-name) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.',
};

/** The API form in AWS's own example (aws ecs describe-services). */
const API_EXAMPLES: Record<string, string> = {
  steady: '(service my-http-service) has reached a steady state.',
};

/** Shapes seen in published DescribeServices output (names, ids and ARNs made up). */
const OBSERVED: Record<string, string> = {
  started: '(service shop) has started 1 tasks: (task 0a1b2c3d4e5f60718293a4b5c6d7e8f9).',
  stopped: '(service shop) has stopped 2 running tasks: (task 0a1b2c3d4e5f60718293a4b5c6d7e8f9) (task 1a1b2c3d4e5f60718293a4b5c6d7e8f9).',
  draining: '(service shop, taskSet ecs-svc/1234567890123456789) has begun draining connections on 2 tasks.',
  registered: '(service shop) registered 1 targets in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-tg/0123456789abcdef)',
  deregistered: '(service shop) deregistered 2 targets in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-tg/0123456789abcdef)',
  'target-unhealthy': '(service shop) (task 0a1b2c3d4e5f60718293a4b5c6d7e8f9) (port 8080) is unhealthy in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-tg/0123456789abcdef) due to (reason Health checks failed).',
  'container-unhealthy': '(service shop) (task 0a1b2c3d4e5f60718293a4b5c6d7e8f9) failed container health checks.',
  'deployment-completed': '(service shop) (deployment ecs-svc/1234567890123456789) deployment completed.',
  'deployment-failed': '(service shop) (deployment ecs-svc/1234567890123456789) deployment failed: tasks failed to start.',
  'rolling-back': '(service shop) rolling back to deployment ecs-svc/1234567890123456789.',
};

function messagesOf(sim: Simulation): ServiceEvent[] {
  return sim.events.filter((e): e is ServiceEvent => e.type === 'ServiceEvent');
}

describe('the template table (src/sim/messages.ts) against its sources', () => {
  it('every template names its source; documented ones say the documented words, in the API form', () => {
    for (const t of MESSAGE_TEMPLATES) {
      expect(t.reference, t.id).toBeTruthy();
      if (t.source === 'doc' || t.source === 'api') {
        expect(DOCUMENTED[t.id], `${t.id} has its documented wording in this test`).toBeDefined();
        const consoleForm = t.template.replace('(service {service})', 'service (service-name)');
        expect(consoleForm.startsWith(DOCUMENTED[t.id]!), `${t.id}: "${consoleForm}" begins "${DOCUMENTED[t.id]}"`).toBe(true);
      }
      if (t.source === 'observed') {
        expect(OBSERVED[t.id], `${t.id} has an observed example in this test`).toBeDefined();
        expect(templatePattern(t.template).test(OBSERVED[t.id]!), `${t.id} matches its observed shape`).toBe(true);
      }
    }
    for (const [id, example] of Object.entries(API_EXAMPLES)) expect(templateOf(example)?.id).toBe(id);
    // The console's form is the feed's, derived from these (consoleText); the engine never emits it.
    expect(templateOf('service my-http-service has reached a steady state.')).toBeNull();
  });

  it('an observed shape is claimed by its own template, not by a looser one', () => {
    for (const [id, example] of Object.entries(OBSERVED)) expect(templateOf(example)?.id, example).toBe(id);
  });
});

const SCENARIOS = join(import.meta.dirname, '../../lessons/scenarios');

describe('every service event the engine emits follows a template', () => {
  const seen = new Set<string>();
  const check = (where: string, sim: Simulation) => {
    for (const e of messagesOf(sim)) {
      const t = templateOf(e.message);
      expect(t, `${where}: "${e.message}" follows no template`).not.toBeNull();
      seen.add(t!.id);
    }
  };

  for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith('.json')).sort()) {
    it(file, () => {
      const sim = buildSim(JSON.parse(readFileSync(join(SCENARIOS, file), 'utf8')), { maxEvents: 1_000_000 });
      sim.runUntil(Math.min(sim.scenario.durationSeconds, 3600));
      check(file, sim);
    });
  }

  it('failure paths: placement, a missing image, container health checks, deployment limits', () => {
    const ports = ec2TaskDef('web', 256, 256, { containerDefinitions: [{ name: 'web', image: 'web:1', essential: true, portMappings: [{ containerPort: 80, hostPort: 80 }] }] });
    const placement = makeSim({ cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a' }] }, taskDefinitions: [ports],
      services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: 2, launchType: 'EC2' }] });
    placement.runUntil(60);
    check('port conflict', placement);
    const missing = makeSim({ cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a' }] },
      taskDefinitions: [ec2TaskDef('app', 256, 256, { sim: { imageExists: false } })], services: [{ serviceName: 'app', taskDefinition: 'app', desiredCount: 1, launchType: 'EC2' }] });
    missing.runUntil(900);
    check('missing image', missing);
    const td = fargateTaskDef('app', 256, 512, { sim: { healthy: false } });
    (td.containerDefinitions[0] as Record<string, unknown>).healthCheck = { command: ['CMD-SHELL', 'exit 1'], interval: 10, retries: 2 };
    const unhealthy = makeSim({ taskDefinitions: [td], services: [{ serviceName: 'app', taskDefinition: 'app', desiredCount: 1, launchType: 'FARGATE' }] });
    unhealthy.runUntil(200);
    check('container health', unhealthy);
    const stuck = makeSim({ cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a' }] },
      taskDefinitions: [ec2TaskDef('app', 256, 256), ec2TaskDef('app', 256, 256)],
      services: [{ serviceName: 'app', taskDefinition: 'app:1', desiredCount: 1, launchType: 'EC2', deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } }] });
    stuck.runUntil(100);
    stuck.act('UpdateService', { service: 'app', taskDefinition: 'app:2' });
    stuck.runUntil(200);
    check('deployment limits', stuck);
    for (const id of ['unable-to-place', 'unable-to-start', 'container-unhealthy', 'deployment-configuration']) expect(seen.has(id), id).toBe(true);
  });
});
