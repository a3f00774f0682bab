/**
 * The `aws` command that sends an engine action: what a lesson hint shows next to a request.
 * The reverse of the command line's translation: the service that owns the action, the command
 * (kebab-case of the operation), one `--flag` per request member, lists of plain values as words,
 * structures as JSON in single quotes. Actions that are the world's doing (faults, traffic) have
 * no AWS command.
 *
 * @example
 * awsCommand('UpdateService', { service: 'web', desiredCount: 4 }, { cluster: 'lab' })
 * // → "aws ecs update-service --cluster lab --service web --desired-count 4"
 */
import { kebab } from './model';

type Json = Record<string, unknown>;

const AUTOSCALING = new Set(['RegisterScalableTarget', 'DeregisterScalableTarget', 'PutScalingPolicy', 'DeleteScalingPolicy', 'PutScheduledAction', 'DeleteScheduledAction']);
const ECS = new Set(['RegisterTaskDefinition', 'CreateService', 'UpdateService', 'DeleteService', 'RunTask', 'StopTask', 'UpdateContainerInstancesState', 'CreateCapacityProvider', 'PutClusterCapacityProviders',
  'CreateExpressGatewayService', 'UpdateExpressGatewayService', 'DeleteExpressGatewayService', 'DescribeExpressGatewayService']);
/** ECS requests that name the cluster. */
const ECS_CLUSTER = new Set(['CreateService', 'UpdateService', 'DeleteService', 'RunTask', 'StopTask', 'UpdateContainerInstancesState', 'PutClusterCapacityProviders']);

function word(v: string): string {
  return /^[A-Za-z0-9_./:@=,+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

function flags(req: Json): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(req)) {
    if (v === undefined) continue;
    const flag = `--${kebab(k)}`;
    if (typeof v === 'boolean') out.push(v ? flag : `--no-${kebab(k)}`);
    else if (typeof v === 'string' || typeof v === 'number') out.push(flag, word(String(v)));
    else if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string' || typeof x === 'number')) out.push(flag, ...v.map((x) => word(String(x))));
    else out.push(flag, word(JSON.stringify(v)));
  }
  return out;
}

/** Where the command runs: the cluster's name, and target groups' ARNs by name. */
export interface CommandContext { cluster?: string; targetGroupArn?(name: string): string | null }

/** Engine load balancers name target groups; the API takes their ARNs (a placeholder when unknown). */
function ecsRequest(action: string, req: Json, ctx: CommandContext): Json {
  const out: Json = {};
  if (ctx.cluster && ECS_CLUSTER.has(action)) out.cluster = ctx.cluster;
  for (const [k, v] of Object.entries(req)) {
    if (k === 'sim') continue;
    if (k === 'loadBalancers' && Array.isArray(v)) {
      out.loadBalancers = v.map((lb: Json) => {
        const { targetGroupName, ...rest } = lb;
        const arn = targetGroupName !== undefined ? ctx.targetGroupArn?.(String(targetGroupName)) ?? `<ARN of target group ${String(targetGroupName)}>` : undefined;
        return arn !== undefined ? { targetGroupArn: arn, ...rest } : lb;
      });
    } else out[k] = v;
  }
  return out;
}

export function awsCommand(action: string, request: Json, ctx: CommandContext = {}): string | null {
  const appRunner = (action === 'CreateService' || action === 'UpdateService') && ('ServiceName' in request || 'ServiceArn' in request);
  let service: string;
  let op = action;
  let req: Json = request;
  if (appRunner) service = 'apprunner';
  else if (ECS.has(action)) { service = 'ecs'; req = ecsRequest(action, request, ctx); }
  else if (AUTOSCALING.has(action)) service = 'application-autoscaling';
  else if (action === 'DiscoverInstances') service = 'servicediscovery';
  else if (action === 'CreateDeployment') {
    service = 'deploy';
    const appSpec = { version: 0.0, Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: request.taskDefinition, LoadBalancerInfo: { ContainerName: '<container>', ContainerPort: '<port>' } } } }] };
    req = {
      applicationName: `<application of ${String(request.service)}>`, deploymentGroupName: request.service,
      ...(request.deploymentConfigName !== undefined ? { deploymentConfigName: request.deploymentConfigName } : {}),
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content: JSON.stringify(appSpec) } },
    };
  } else if (action === 'CreateDeploymentConfig') service = 'deploy';
  else return null;
  return ['aws', service, kebab(op), ...flags(req)].join(' ');
}

/** The requests a Markdown text shows as `` `Action { …JSON… }` ``, in order. */
export function requestsIn(markdown: string): { action: string; request: Json }[] {
  const out: { action: string; request: Json }[] = [];
  for (const m of markdown.matchAll(/`([A-Z][A-Za-z]+) (\{[^`]*\})`/g)) {
    try {
      const request = JSON.parse(m[2]!) as unknown;
      if (request && typeof request === 'object' && !Array.isArray(request)) out.push({ action: m[1]!, request: request as Json });
    } catch { /* not JSON: prose that looks like a request */ }
  }
  return out;
}
