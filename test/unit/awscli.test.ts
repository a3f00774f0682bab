/**
 * The AWS CLI command line on a session: parsing (flags from the model, JSON, shorthand,
 * --cli-input-json), what it prints (JSON, --query, text, errors and exit statuses), waiters, and
 * that a command goes through the session's recorded action path.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCoreModule } from '../../src/core/load-node';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { Session } from '../../src/app/session';
import type { AwsModels } from '../../src/awscli/model';
import { runCommand, type CliContext, type Done } from '../../src/awscli/run';
import { complete } from '../../src/awscli/complete';
import { shorthand } from '../../src/awscli/shorthand';
import { words } from '../../src/awscli/argv';
import firstCluster from '../../lessons/scenarios/first-cluster.json';

const module = await loadCoreModule();
const models = JSON.parse(readFileSync(new URL('../../build/aws-models.json', import.meta.url), 'utf8')) as AwsModels;

function open(): { session: Session; ctx: CliContext } {
  const doc = structuredClone(firstCluster) as Record<string, unknown>;
  const parsed = parseScenarioObject(doc);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const r = Session.open(parsed.scenario, doc, module);
  if (!r.ok) throw new Error(r.error.message);
  const session = r.session;
  const ctx: CliContext = { models, backend: { get sim() { return session.sim; }, get log() { return session.log; }, act: (a, q) => session.act(a, q) } };
  return { session, ctx };
}

function run(ctx: CliContext, line: string): Done {
  const r = runCommand(ctx, line);
  if (r.kind !== 'done') throw new Error('a waiter');
  return r;
}

describe('the command line\'s words and shorthand', () => {
  it('splits words as a shell does', () => {
    expect(words(`aws ecs x --a 'b c' --d "e \\"f\\"" g\\ h`)).toEqual({ ok: true, words: ['aws', 'ecs', 'x', '--a', 'b c', '--d', 'e "f"', 'g h'] });
    expect(words(`aws '`).ok).toBe(false);
  });

  it('reads the CLI shorthand syntax', () => {
    expect(shorthand('awsvpcConfiguration={subnets=[subnet-a,subnet-b],assignPublicIp=ENABLED}')).toEqual({ ok: true, value: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], assignPublicIp: 'ENABLED' } } });
    expect(shorthand('targetGroupArn=arn:aws:x:targetgroup/web/1,containerName=web,containerPort=80')).toEqual({ ok: true, value: { targetGroupArn: 'arn:aws:x:targetgroup/web/1', containerName: 'web', containerPort: '80' } });
    expect(shorthand('Key=a,Values=x,y,z')).toEqual({ ok: true, value: { Key: 'a', Values: ['x', 'y', 'z'] } });
    expect(shorthand('a,b')).toEqual({ ok: true, value: ['a', 'b'] });
  });
});

describe('aws commands on the simulation', () => {
  it('updates a service with kebab-case flags, records the action, prints the response', () => {
    const { session, ctx } = open();
    session.seek(120);
    const r = run(ctx, 'aws ecs update-service --cluster lab --service web --desired-count 4 --query service.desiredCount');
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    expect(r.stdout).toBe('4');
    expect(session.actions.at(-1)).toMatchObject({ action: 'UpdateService', request: { service: 'web', desiredCount: 4 } });
  });

  it('takes --cli-input-json, shorthand and JSON values for structures', () => {
    const { session, ctx } = open();
    session.seek(60);
    const td = run(ctx, `aws ecs register-task-definition --cli-input-json '${JSON.stringify({ family: 'api', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'api', image: 'nginx', portMappings: [{ containerPort: 80 }] }] })}' --output text --query taskDefinition.taskDefinitionArn`);
    expect(td.stdout).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/api:1');
    const svc = run(ctx, 'aws ecs create-service --service-name api --task-definition api --desired-count 1 --launch-type FARGATE --network-configuration "awsvpcConfiguration={assignPublicIp=ENABLED,subnets=[subnet-public-1a]}" --query service.launchType');
    expect(svc.stderr).toBe('');
    expect(svc.stdout).toBe('"FARGATE"');
    expect(session.actions.at(-1)!.request).toMatchObject({ serviceName: 'api', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'ENABLED' } } });
  });

  it('prints the API\'s errors as the CLI does, with exit status 254', () => {
    const { ctx } = open();
    const r = run(ctx, 'aws ecs update-service --cluster lab --service nope --desired-count 2');
    expect(r.exitCode).toBe(254);
    expect(r.stderr).toMatch(/^An error occurred \(\w+Exception\) when calling the UpdateService operation: /);
    expect(run(ctx, 'aws ecs describe-services --cluster other --services web').stderr).toBe('An error occurred (ClusterNotFoundException) when calling the DescribeServices operation: Cluster not found.');
  });

  it('checks parameters before sending, as the CLI does (exit status 252)', () => {
    const { ctx } = open();
    expect(run(ctx, 'aws ecs update-service --desired-count 2')).toMatchObject({ exitCode: 252, stderr: expect.stringContaining('the following arguments are required: --service') });
    expect(run(ctx, 'aws ecs update-service --service web --desired-count two')).toMatchObject({ exitCode: 252 });
    expect(run(ctx, 'aws ecs update-service --service web --colour red')).toMatchObject({ exitCode: 252, stderr: expect.stringContaining('Unknown options: --colour') });
    expect(run(ctx, `aws ecs update-service --service web --network-configuration '{"awsvpcConfiguration":{"subnetz":[]}}'`).stderr)
      .toContain('Missing required parameter in networkConfiguration.awsvpcConfiguration: "subnets"');
    expect(run(ctx, 'aws ecs register-task-definition --cli-input-json file://td.json').stderr).toContain('a web page cannot do');
  });

  it('waits for services-stable by polling every 15 simulated seconds', () => {
    const { session, ctx } = open();
    run(ctx, 'aws ecs update-service --cluster lab --service web --desired-count 5');
    const w = runCommand(ctx, 'aws ecs wait services-stable --cluster lab --services web');
    expect(w.kind).toBe('wait');
    if (w.kind !== 'wait') return;
    let r = w.poll(ctx);
    expect(r).toBeNull();
    for (let i = 0; i < 40 && !r; i++) { session.seek(session.t + w.def.delay); r = w.poll(ctx); }
    expect(r).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('reads other services: elbv2, application-autoscaling, help, text and table output', () => {
    const { session, ctx } = open();
    session.seek(120);
    const tg = run(ctx, 'aws elbv2 describe-target-groups --query TargetGroups[0].TargetGroupArn --output text').stdout;
    const health = run(ctx, `aws elbv2 describe-target-health --target-group-arn ${tg} --query "TargetHealthDescriptions[].TargetHealth.State" --output text`);
    expect(health.stdout.split('\t').every((s) => s === 'healthy')).toBe(true);
    expect(run(ctx, 'aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/lab/web --scalable-dimension ecs:service:DesiredCount --min-capacity 2 --max-capacity 8').exitCode).toBe(0);
    expect(run(ctx, 'aws ecs describe-services --cluster lab --services web --output table --query "services[0].{name:serviceName,desired:desiredCount}"').stdout).toMatch(/\|  name\s+\|  web\s+\|/);
    expect(run(ctx, 'aws ecs help').stdout).toContain('update-service');
    expect(run(ctx, 'aws ecs create-service help').stdout).toContain('--service-name (string)  [required]');
  });

  it('completes services, commands, flags and values', () => {
    const { session } = open();
    expect(complete(models, session.sim, 'aws e').candidates).toEqual(['ecs', 'elbv2']);
    expect(complete(models, session.sim, 'aws ecs update-s').candidates).toEqual(['update-service']);
    expect(complete(models, session.sim, 'aws ecs update-service --desi').candidates).toEqual(['--desired-count']);
    expect(complete(models, session.sim, 'aws ecs update-service --service ').candidates).toEqual(['web']);
    expect(complete(models, session.sim, 'aws ecs wait ').candidates).toContain('services-stable');
  });
});

describe('lesson hints', () => {
  it('show, under every request with an AWS API, an aws command the command line accepts', async () => {
    const { LESSONS } = await import('../../lessons/index');
    const { awsCommand, requestsIn } = await import('../../src/awscli/to-cli');
    const { parseParams } = await import('../../src/awscli/params');
    const { words: split } = await import('../../src/awscli/argv');
    const { operationFor } = await import('../../src/awscli/model');
    const withCommands = new Set<number>();
    for (const l of LESSONS) {
      for (const s of l.steps) {
        for (const h of s.hints) {
          for (const r of requestsIn(h)) {
            const line = awsCommand(r.action, r.request, { cluster: 'lab', targetGroupArn: (n) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${n}/0123` });
            if (!line) continue;
            withCommands.add(l.number);
            const w = split(line);
            expect(w.ok, line).toBe(true);
            if (!w.ok) continue;
            const [, service, command, ...rest] = w.words;
            const model = models.services[service!]!;
            const op = operationFor(model, command!)!;
            expect(op, line).toBe(r.action === 'CreateService' && service === 'apprunner' ? 'CreateService' : r.action);
            expect(parseParams(model, op, rest), line).toMatchObject({ ok: true });
          }
        }
      }
    }
    expect(withCommands.size).toBeGreaterThanOrEqual(3);
  });
});
