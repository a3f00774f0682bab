/**
 * The local endpoint driven by real clients: the AWS CLI v2 (/usr/bin/aws) and the AWS SDK for
 * JavaScript v3. They create a cluster, register a Fargate task definition, create a service
 * behind a load balancer and wait for it to be stable, update it to a new revision and wait
 * again, describe it, and scale it with a target-tracking policy. Every raw response is checked
 * against the service model's shapes; an invalid Fargate size fails in the CLI with the API's
 * code and message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import {
  CreateClusterCommand, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  ApplicationAutoScalingClient, DescribeScalingPoliciesCommand, PutScalingPolicyCommand, RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import type { AwsModels } from '../../src/awscli/model';
import { TaskDefinitionRegistry } from '../../src/sim/taskdef';
import { shapeProblems } from '../support/aws-shapes';

const AWS = '/usr/bin/aws';
/** The AWS CLI takes seconds to start (Python), tens of seconds on a busy machine: a test with several calls gets minutes. */
const CLI_TIMEOUT = 300_000;
const models = JSON.parse(readFileSync(new URL('../../build/aws-models.json', import.meta.url), 'utf8')) as AwsModels;
const hasCli = spawnSync(AWS, ['--version'], { encoding: 'utf8' }).status === 0;

let server: ChildProcess;
let endpoint = '';
const serverLines: string[] = [];
const warnings: string[] = [];
/** Every raw response body the SDK clients received, with its operation. */
const raw: { service: string; operation: string; status: number; body: string }[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'dummy-secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };

function aws(...args: string[]): { status: number; stdout: string; stderr: string; json: Record<string, unknown> } {
  const r = spawnSync(AWS, ['--endpoint-url', endpoint, '--output', 'json', ...args], { encoding: 'utf8', env, timeout: 120_000 });
  let json: Record<string, unknown> = {};
  try { json = r.stdout.trim() ? JSON.parse(r.stdout) as Record<string, unknown> : {}; } catch { /* not JSON: the test reads stdout */ }
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

/** The CLI prints the response it parsed: check it against the model (its timestamps are text). */
function cliShape(service: string, operation: string, json: unknown): string[] {
  const m = models.services[service]!;
  return shapeProblems(m, m.operations[operation]!.output, json, '$', 'string');
}

const logger = { debug: () => {}, info: () => {}, warn: (...a: unknown[]) => { warnings.push(a.map(String).join(' ')); }, error: (...a: unknown[]) => { warnings.push(a.map(String).join(' ')); } };

/** Keeps a copy of each raw response body before the SDK parses it. */
type Next = (args: unknown) => Promise<{ response: unknown }>;
type Stack = { add(mw: (next: Next, context: { commandName?: string }) => Next, options: { step: 'deserialize'; name: string; priority: 'low' }): void };

function recordRaw(client: ECSClient | ApplicationAutoScalingClient, service: string): void {
  (client.middlewareStack as unknown as Stack).add((next, context) => async (args) => {
    const out = await next(args);
    const res = out.response as { statusCode: number; body: Readable };
    const chunks: Buffer[] = [];
    for await (const c of res.body) chunks.push(Buffer.from(c as Uint8Array));
    const body = Buffer.concat(chunks);
    raw.push({ service, operation: String(context.commandName).replace(/Command$/, ''), status: res.statusCode, body: body.toString('utf8') });
    res.body = Readable.from([body]);
    return out;
  }, { step: 'deserialize', name: 'recordRaw', priority: 'low' });
}

let ecs: ECSClient;
let scaling: ApplicationAutoScalingClient;

beforeAll(async () => {
  if (!hasCli) return;
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve-aws.ts', '--port', String(port), '--speed', '500'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the endpoint did not start: ${serverLines.join('\n')}`)), 60_000);
    server.stdout!.on('data', (d: Buffer) => {
      serverLines.push(...d.toString().split('\n').filter(Boolean));
      if (serverLines.some((l) => l.startsWith('AWS endpoint'))) { clearTimeout(timer); resolve(); }
    });
    server.stderr!.on('data', (d: Buffer) => serverLines.push(d.toString()));
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the endpoint exited (${code}): ${serverLines.join('\n')}`)); });
  });
  const common = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dummy-secret' }, logger };
  ecs = new ECSClient(common);
  scaling = new ApplicationAutoScalingClient(common);
  recordRaw(ecs, 'ecs');
  recordRaw(scaling, 'application-autoscaling');
}, 90_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

describe.skipIf(!hasCli && !process.env.CI)('the local endpoint with the AWS CLI v2 and the SDK v3', () => {
  let targetGroupArn = '';

  it('creates a cluster (SDK)', async () => {
    const r = await ecs.send(new CreateClusterCommand({ clusterName: 'default' }));
    expect(r.cluster?.status).toBe('ACTIVE');
    expect(r.cluster?.clusterArn).toMatch(/^arn:aws:ecs:us-east-1:\d{12}:cluster\/default$/);
  }, CLI_TIMEOUT);

  it('registers a Fargate task definition (CLI)', () => {
    const r = aws('ecs', 'register-task-definition', '--family', 'web', '--requires-compatibilities', 'FARGATE', '--network-mode', 'awsvpc',
      '--cpu', '256', '--memory', '512', '--container-definitions', JSON.stringify([{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', essential: true, portMappings: [{ containerPort: 80 }] }]));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ taskDefinition: { family: 'web', revision: 1, status: 'ACTIVE', cpu: '256', memory: '512' } });
    expect(cliShape('ecs', 'RegisterTaskDefinition', r.json)).toEqual([]);
  }, CLI_TIMEOUT);

  it('refuses a Fargate size that is not in the table, with the API\'s code and message (CLI)', () => {
    const request = { family: 'bad', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '4096', containerDefinitions: [{ name: 'web', image: 'nginx' }] };
    const engine = new TaskDefinitionRegistry().register(request);
    expect(engine.ok).toBe(false);
    const code = engine.ok ? '' : engine.error.code;
    const message = engine.ok ? '' : engine.error.message.replace(`${code}: `, '');
    const r = aws('ecs', 'register-task-definition', '--cli-input-json', JSON.stringify(request));
    expect(r.status).toBe(254);
    expect(r.stderr.trim()).toBe(`An error occurred (${code}) when calling the RegisterTaskDefinition operation: ${message}`);
  }, CLI_TIMEOUT);

  it('creates a service behind a load balancer; aws ecs wait services-stable returns (CLI)', () => {
    const tg = aws('elbv2', 'describe-target-groups', '--names', 'web-tg');
    expect(tg.status).toBe(0);
    expect(cliShape('elbv2', 'DescribeTargetGroups', tg.json)).toEqual([]);
    targetGroupArn = ((tg.json.TargetGroups as { TargetGroupArn: string }[])[0]!).TargetGroupArn;
    const r = aws('ecs', 'create-service', '--cluster', 'default', '--service-name', 'web', '--task-definition', 'web', '--desired-count', '2',
      '--launch-type', 'FARGATE', '--network-configuration', 'awsvpcConfiguration={subnets=[subnet-a,subnet-b],securityGroups=[sg-default],assignPublicIp=ENABLED}',
      '--load-balancers', `targetGroupArn=${targetGroupArn},containerName=web,containerPort=80`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(cliShape('ecs', 'CreateService', r.json)).toEqual([]);
    expect(r.json).toMatchObject({ service: { serviceName: 'web', desiredCount: 2, loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 80 }] } });
    const wait = aws('ecs', 'wait', 'services-stable', '--cluster', 'default', '--services', 'web');
    expect(wait.stderr).toBe('');
    expect(wait.status).toBe(0);
    const health = aws('elbv2', 'describe-target-health', '--target-group-arn', targetGroupArn);
    expect(cliShape('elbv2', 'DescribeTargetHealth', health.json)).toEqual([]);
    expect((health.json.TargetHealthDescriptions as { TargetHealth: { State: string } }[]).map((d) => d.TargetHealth.State)).toEqual(['healthy', 'healthy']);
  }, CLI_TIMEOUT);

  it('updates the service to a new revision (SDK) and waits again (CLI)', async () => {
    const td = await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'web', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '512', memory: '1024',
      containerDefinitions: [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.28', essential: true, portMappings: [{ containerPort: 80 }] }],
    }));
    expect(td.taskDefinition?.revision).toBe(2);
    const up = await ecs.send(new UpdateServiceCommand({ cluster: 'default', service: 'web', taskDefinition: 'web:2' }));
    expect(up.service?.deployments?.[0]?.status).toBe('PRIMARY');
    expect(up.service?.deployments?.[0]?.taskDefinition).toMatch(/task-definition\/web:2$/);
    const wait = aws('ecs', 'wait', 'services-stable', '--cluster', 'default', '--services', 'web');
    expect(wait.stderr).toBe('');
    expect(wait.status).toBe(0);
  }, CLI_TIMEOUT);

  it('describes the service (SDK and CLI)', async () => {
    const r = await ecs.send(new DescribeServicesCommand({ cluster: 'default', services: ['web'] }));
    const svc = r.services?.[0];
    expect(svc?.taskDefinition).toMatch(/task-definition\/web:2$/);
    expect(svc?.deployments).toHaveLength(1);
    expect(svc?.runningCount).toBe(2);
    expect(svc?.createdAt).toBeInstanceOf(Date);
    expect(svc?.events?.[0]?.message).toMatch(/service web\)? has reached a steady state\.$/);
    const cli = aws('ecs', 'describe-services', '--cluster', 'default', '--services', 'web', '--query', 'services[0].deployments[0].rolloutState', '--output', 'text');
    expect(cli.stdout.trim()).toBe('COMPLETED');
  }, CLI_TIMEOUT);

  it('scales the service with a target-tracking policy (SDK)', async () => {
    const resourceId = 'service/default/web';
    await scaling.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: resourceId, ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 2, MaxCapacity: 6 }));
    const p = await scaling.send(new PutScalingPolicyCommand({
      PolicyName: 'cpu50', ServiceNamespace: 'ecs', ResourceId: resourceId, ScalableDimension: 'ecs:service:DesiredCount', PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleOutCooldown: 60, ScaleInCooldown: 60 },
    }));
    expect(p.PolicyARN).toContain('scalingPolicy');
    expect(p.Alarms).toHaveLength(2);
    const d = await scaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: resourceId }));
    expect(d.ScalingPolicies?.[0]?.TargetTrackingScalingPolicyConfiguration?.TargetValue).toBe(50);
  }, CLI_TIMEOUT);

  it('answers an unknown operation as AWS does', async () => {
    const res = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.MakeCoffee', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ __type: 'UnknownOperationException' });
  }, CLI_TIMEOUT);

  it('sent responses that match the model and parsed without warnings', () => {
    expect(raw.length).toBeGreaterThanOrEqual(7);
    for (const r of raw) {
      expect(r.status, `${r.operation}: ${r.body}`).toBe(200);
      const m = models.services[r.service]!;
      expect(shapeProblems(m, m.operations[r.operation]!.output, JSON.parse(r.body)), r.operation).toEqual([]);
    }
    expect(warnings).toEqual([]);
    expect(serverLines.filter((l) => / ecs | application-autoscaling | elbv2 /.test(l)).length).toBeGreaterThanOrEqual(12);
  }, CLI_TIMEOUT);
});
