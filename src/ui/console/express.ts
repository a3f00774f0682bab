/**
 * ECS Express Mode in the console (§13): CreateExpressGatewayService, UpdateExpressGatewayService,
 * DescribeExpressGatewayService and DeleteExpressGatewayService, and the direct change Express
 * leaves alone that no other form offers: a service's subnets (UpdateService networkConfiguration).
 */
import type { Simulation } from '../../sim/engine';
import { ConsoleForm, type Option } from './form';
import { serviceOptions, type ConsoleContext } from './options';

const ROLE = 'arn:aws:iam::123456789012:role/';

function expressOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  return [...sim.express.services.values()].filter((e) => e.status === 'ACTIVE').map((e) => ({ value: e.serviceArn, label: `${e.serviceName} (${e.endpoint.replace('https://', '').slice(0, 24)}…)` }));
}

function subnetOptions(sim: Simulation | null): Option[] {
  if (!sim) return [];
  return sim.network.subnets.map((s) => ({ value: s.subnetId, label: `${s.subnetId} (${s.type}, ${s.availabilityZone})` }));
}

/** The images the scenario's task definitions run (what the simulation knows how they behave). */
function imageSuggestions(sim: Simulation | null): string[] {
  if (!sim) return [];
  return [...new Set(sim.taskDefinitions.list().flatMap((td) => td.containerDefinitions.map((c) => c.image)))];
}

const dropEmpty = (req: Record<string, unknown>) => {
  const st = req.scalingTarget as Record<string, unknown> | undefined;
  if (st) for (const k of Object.keys(st)) if (st[k] === '' || st[k] === undefined) delete st[k];
  if (st && !Object.keys(st).length) delete req.scalingTarget;
  return req;
};

export function expressForms(ctx: ConsoleContext): ConsoleForm[] {
  const sim = () => ctx.sim();
  const create = new ConsoleForm({
    id: 'express-create',
    title: 'Create an Express service',
    action: 'CreateExpressGatewayService',
    intro: 'One call with an image and two roles: ECS builds a Fargate service, a shared HTTPS load balancer with a rule and target groups, security groups, target-tracking scaling (1 to 20 tasks, CPU 60 by default) and a rollback alarm (§13).',
    submitLabel: 'Create Express service',
    fields: [
      { name: 'serviceName', label: 'Service name', kind: 'text', value: 'shop' },
      { name: 'primaryContainer.image', label: 'Image', kind: 'text', placeholder: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:5', hint: 'Images of the scenario\'s task definitions behave as described there.' },
      { name: 'primaryContainer.containerPort', label: 'Container port', kind: 'number', placeholder: '80' },
      { name: 'executionRoleArn', label: 'Task execution role', kind: 'text', value: `${ROLE}ecsTaskExecutionRole` },
      { name: 'infrastructureRoleArn', label: 'Infrastructure role', kind: 'text', value: `${ROLE}ecsInfrastructureRoleForExpressServices` },
      { name: 'cpu', label: 'CPU units', kind: 'text', placeholder: '1024' },
      { name: 'memory', label: 'Memory (MiB)', kind: 'text', placeholder: '2048' },
      { name: 'scalingTarget.minTaskCount', label: 'Minimum tasks', kind: 'number', placeholder: '1' },
      { name: 'scalingTarget.maxTaskCount', label: 'Maximum tasks', kind: 'number', placeholder: '20' },
      { name: 'scalingTarget.autoScalingMetric', label: 'Scaling metric', kind: 'select', emptyLabel: 'AVERAGE_CPU (default)',
        options: ['AVERAGE_CPU', 'AVERAGE_MEMORY', 'REQUEST_COUNT_PER_TARGET'].map((v) => ({ value: v, label: v })) },
      { name: 'scalingTarget.autoScalingTargetValue', label: 'Target value', kind: 'number', placeholder: '60' },
      { name: 'networkConfiguration.subnets', label: 'Subnets (none: the public ones)', kind: 'checks', options: () => subnetOptions(sim()) },
    ],
    build: (req) => ({ request: dropEmpty(req) }),
    submit: (req) => {
      const result = ctx.act('CreateExpressGatewayService', req);
      const url = result.ok ? ((result.value as { service?: { activeConfigurations?: { ingressPaths?: { endpoint: string }[] }[] } }).service?.activeConfigurations?.[0]?.ingressPaths?.[0]?.endpoint ?? '') : '';
      return { result, success: `Express service ${String(req.serviceName ?? '')} created: ${url}. Open its card on the canvas (Express badge) to see what it built.` };
    },
  });
  const suggest = () => { const f = create.element.querySelector<HTMLInputElement>('input[name="primaryContainer.image"]'); if (f && !f.value) f.value = imageSuggestions(sim())[0] ?? ''; };
  create.element.addEventListener('focusin', suggest, { once: true });
  return [
    create,
    new ConsoleForm({
      id: 'express-update',
      title: 'Update an Express service',
      action: 'UpdateExpressGatewayService',
      intro: 'A new image, size or role ships as Express\'s canary: 5 % of traffic for 3 minutes, then 100 %, then 3 more minutes before the old tasks stop; the alarm rolls it back (§13). Only the settings you send change.',
      submitLabel: 'Update Express service',
      fields: [
        { name: 'serviceArn', label: 'Express service', kind: 'select', options: () => expressOptions(sim()) },
        { name: 'primaryContainer.image', label: 'New image', kind: 'text' },
        { name: 'scalingTarget.minTaskCount', label: 'Minimum tasks', kind: 'number' },
        { name: 'scalingTarget.maxTaskCount', label: 'Maximum tasks', kind: 'number' },
      ],
      build: (req) => {
        const pc = req.primaryContainer as Record<string, unknown> | undefined;
        if (pc && !pc.image) delete req.primaryContainer;
        return { request: dropEmpty(req) };
      },
      submit: (req) => ({ result: ctx.act('UpdateExpressGatewayService', req), success: 'Express update sent.' }),
    }),
    new ConsoleForm({
      id: 'express-describe',
      title: 'Describe an Express service',
      action: 'DescribeExpressGatewayService',
      intro: 'The service, its configuration and its URL; the Inspect tab lists every resource it created.',
      submitLabel: 'Describe',
      fields: [{ name: 'serviceArn', label: 'Express service', kind: 'select', options: () => expressOptions(sim()) }],
      submit: (req) => {
        const result = ctx.act('DescribeExpressGatewayService', req);
        const s = result.ok ? (result.value as { service: { serviceName: string; status: { statusCode: string }; activeConfigurations: { ingressPaths: { endpoint: string }[] }[] } }).service : null;
        return { result, success: s ? `${s.serviceName}: ${s.status.statusCode} at ${s.activeConfigurations[0]?.ingressPaths[0]?.endpoint ?? ''}.` : undefined };
      },
    }),
    new ConsoleForm({
      id: 'express-delete',
      title: 'Delete an Express service',
      action: 'DeleteExpressGatewayService',
      intro: 'Its tasks drain; then its rule, target groups and security group go, and the load balancer once no Express service uses it.',
      submitLabel: 'Delete Express service',
      fields: [{ name: 'serviceArn', label: 'Express service', kind: 'select', options: () => expressOptions(sim()) }],
      submit: (req) => ({ result: ctx.act('DeleteExpressGatewayService', req), success: 'The Express service is draining.' }),
    }),
    new ConsoleForm({
      id: 'service-subnets',
      title: "Change a service's subnets",
      action: 'UpdateService',
      intro: 'UpdateService with networkConfiguration: new tasks start in these subnets (a new deployment). On an Express service this is a direct change Express leaves alone (§13).',
      submitLabel: 'Update subnets',
      fields: [
        { name: 'service', label: 'Service', kind: 'select', options: () => serviceOptions(sim()) },
        { name: 'networkConfiguration.awsvpcConfiguration.subnets', label: 'Subnets', kind: 'checks', options: () => subnetOptions(sim()) },
        { name: 'networkConfiguration.awsvpcConfiguration.assignPublicIp', label: 'Public IP', kind: 'select', options: [{ value: 'DISABLED', label: 'DISABLED' }, { value: 'ENABLED', label: 'ENABLED' }] },
      ],
      build: (req) => {
        const svc = sim()?.services.get(String(req.service));
        const nc = req.networkConfiguration as { awsvpcConfiguration: Record<string, unknown> };
        // The service keeps its security groups (Express's service group among them).
        if (svc?.awsvpcConfiguration) nc.awsvpcConfiguration.securityGroups = svc.awsvpcConfiguration.securityGroups;
        return { request: req };
      },
      submit: (req) => ({ result: ctx.act('UpdateService', req), success: `${String(req.service)}'s new tasks start in the chosen subnets.` }),
    }),
  ];
}
