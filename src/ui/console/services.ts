/**
 * CreateService, UpdateService and DeleteService in the console, with the request fields the real
 * API takes: launch type or capacity provider strategy, placement strategy and constraints, the
 * deployment controller, strategy and configuration.
 */
import { ConsoleForm, type FieldSpec, type FormValues } from './form';
import { STRATEGY_PRESETS, serviceOptions, targetGroupOptions, taskDefinitionOptions, type ConsoleContext } from './options';

const LAUNCH = [
  { value: 'EC2', label: 'EC2' },
  { value: 'FARGATE', label: 'FARGATE' },
];

/** Circuit breaker checkboxes go together: the API wants both flags once either is set. */
function breaker(req: Record<string, unknown>, v: FormValues): void {
  const enable = v['deploymentConfiguration.deploymentCircuitBreaker.enable'] === true;
  const rollback = v['deploymentConfiguration.deploymentCircuitBreaker.rollback'] === true;
  const dc = (req.deploymentConfiguration ?? {}) as Record<string, unknown>;
  if (enable || rollback || dc.deploymentCircuitBreaker) {
    dc.deploymentCircuitBreaker = { enable, rollback };
    req.deploymentConfiguration = dc;
  }
}

const deploymentFields = (prefix = ''): FieldSpec[] => [
  { name: 'deploymentConfiguration.minimumHealthyPercent', label: 'Minimum healthy percent', kind: 'number', placeholder: prefix ? 'unchanged' : '100', hint: 'Rounded up: at least ceil(desired × min / 100) healthy tasks (§3.1).' },
  { name: 'deploymentConfiguration.maximumPercent', label: 'Maximum percent', kind: 'number', placeholder: prefix ? 'unchanged' : '200', hint: 'Rounded down: at most floor(desired × max / 100) tasks (§3.1).' },
  { name: 'deploymentConfiguration.deploymentCircuitBreaker.enable', label: 'Deployment circuit breaker', kind: 'checkbox' },
  { name: 'deploymentConfiguration.deploymentCircuitBreaker.rollback', label: 'Roll back when the breaker trips', kind: 'checkbox' },
];

const STRATEGIES = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'].map((v) => ({ value: v, label: v }));
const STRATEGY = 'deploymentConfiguration.strategy';

/**
 * The strategy and its settings. On an update an empty strategy means "unchanged", and the
 * settings show for the strategy chosen (a learner who changes nothing keeps the service's own).
 */
const strategyFields = (update: boolean): FieldSpec[] => {
  const is = (s: string) => (v: FormValues) => v[STRATEGY] === s;
  return [
    { name: STRATEGY, label: 'Deployment strategy', kind: 'select', options: STRATEGIES, ...(update ? { emptyLabel: 'unchanged' } : {}),
      hint: 'BLUE_GREEN, LINEAR and CANARY shift traffic between two target groups and need the service\'s alternate target group (§4.2).' },
    { name: 'deploymentConfiguration.bakeTimeInMinutes', label: 'Bake time (minutes)', kind: 'number', when: (v) => v[STRATEGY] !== 'ROLLING' && v[STRATEGY] !== '' },
    { name: 'deploymentConfiguration.canaryConfiguration.canaryPercent', label: 'Canary percent', kind: 'number', placeholder: '5', when: is('CANARY') },
    { name: 'deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes', label: 'Canary bake time (minutes)', kind: 'number', placeholder: '10', when: is('CANARY') },
    { name: 'deploymentConfiguration.linearConfiguration.stepPercent', label: 'Linear step percent', kind: 'number', placeholder: '10', when: is('LINEAR') },
    { name: 'deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes', label: 'Linear step bake time (minutes)', kind: 'number', placeholder: '6', when: is('LINEAR') },
  ];
};

export function createServiceForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'create-service',
    title: 'Create a service',
    action: 'CreateService',
    submitLabel: 'Create service',
    fields: [
      { name: 'serviceName', label: 'Service name', kind: 'text', value: 'api' },
      { name: 'taskDefinition', label: 'Task definition', kind: 'select', options: () => taskDefinitionOptions(ctx.sim()) },
      { name: 'schedulingStrategy', label: 'Scheduling strategy', kind: 'select', options: [{ value: 'REPLICA', label: 'REPLICA' }, { value: 'DAEMON', label: 'DAEMON' }] },
      { name: 'desiredCount', label: 'Desired tasks', kind: 'number', value: '2', when: (v) => v.schedulingStrategy !== 'DAEMON' },
      { name: 'launchType', label: 'Launch type', kind: 'select', options: LAUNCH, emptyLabel: 'none: use a capacity provider strategy', value: 'EC2' },
      { name: 'capacityProviderStrategy', label: 'Capacity provider strategy (JSON)', kind: 'json', placeholder: '[{"capacityProvider":"FARGATE","base":1,"weight":1},{"capacityProvider":"FARGATE_SPOT","weight":4}]', when: (v) => v.launchType === '' },
      { name: 'placementStrategy', label: 'Placement strategy (JSON)', kind: 'json', placeholder: '[{"type":"spread","field":"attribute:ecs.availability-zone"}]', hint: 'EC2 only; at most 5 rules, applied in order (§1.3).' },
      { name: 'placementConstraints', label: 'Placement constraints (JSON)', kind: 'json', placeholder: '[{"type":"distinctInstance"}]' },
      { name: 'deploymentController.type', label: 'Deployment controller', kind: 'select', options: ['ECS', 'CODE_DEPLOY', 'EXTERNAL'].map((v) => ({ value: v, label: v })) },
      ...strategyFields(false),
      ...deploymentFields(),
      { name: 'loadBalancers[0].targetGroupName', label: 'Target group', kind: 'select', options: () => targetGroupOptions(ctx.sim()), emptyLabel: 'none' },
      { name: 'loadBalancers[0].containerName', label: 'Container name (load balancer)', kind: 'text', value: 'web', when: (v) => v['loadBalancers[0].targetGroupName'] !== '' },
      { name: 'loadBalancers[0].containerPort', label: 'Container port (load balancer)', kind: 'number', value: '8080', when: (v) => v['loadBalancers[0].targetGroupName'] !== '' },
      { name: 'healthCheckGracePeriodSeconds', label: 'Health check grace period (s)', kind: 'number' },
      { name: 'serviceRegistries', label: 'Cloud Map service registries (JSON)', kind: 'json', placeholder: '[{"namespace":"lab.local","containerName":"web","containerPort":8080,"dnsRecords":[{"Type":"SRV","TTL":60}]}]',
        hint: 'Registers each task in a Cloud Map namespace of the scenario: DNS records and DiscoverInstances (§9.1).' },
      { name: 'serviceConnectConfiguration', label: 'Service Connect (JSON)', kind: 'json', placeholder: '{"enabled":true,"namespace":"corp.local","services":[{"portName":"http","clientAliases":[{"port":80,"dnsName":"checkout"}]}]}',
        hint: 'Publishes an endpoint that client tasks started after this learn through their proxy (§9.2).' },
    ],
    build: (req, v) => {
      breaker(req, v);
      // ROLLING with the ECS controller is the API default; leave both out unless changed.
      const dc = req.deploymentConfiguration as Record<string, unknown> | undefined;
      if (dc?.strategy === 'ROLLING') delete dc.strategy;
      if ((req.deploymentController as { type?: string } | undefined)?.type === 'ECS') delete req.deploymentController;
      if (dc && !Object.keys(dc).length) delete req.deploymentConfiguration;
      return { request: req };
    },
    submit: (req) => {
      const result = ctx.act('CreateService', req);
      return { result, success: `Created service ${String(req.serviceName)}.` };
    },
  });
}

export function updateServiceForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'update-service',
    title: 'Update a service',
    action: 'UpdateService',
    intro: 'Fields left empty stay as they are. A new task definition starts a deployment.',
    submitLabel: 'Update service',
    fields: [
      { name: 'service', label: 'Service', kind: 'select', options: () => serviceOptions(ctx.sim()) },
      { name: 'desiredCount', label: 'Desired tasks', kind: 'number', placeholder: 'unchanged' },
      { name: 'taskDefinition', label: 'Task definition', kind: 'select', options: () => taskDefinitionOptions(ctx.sim()), emptyLabel: 'unchanged' },
      ...strategyFields(true),
      ...deploymentFields('update'),
      { name: 'placementStrategy', label: 'Placement strategy (JSON)', kind: 'json', placeholder: 'unchanged' },
      { name: 'placementConstraints', label: 'Placement constraints (JSON)', kind: 'json', placeholder: 'unchanged' },
      { name: 'forceNewDeployment', label: 'Force a new deployment', kind: 'checkbox' },
    ],
    build: (req, v) => { breaker(req, v); return { request: req }; },
    submit: (req) => {
      const result = ctx.act('UpdateService', req);
      return { result, success: `Updated service ${String(req.service)}.` };
    },
  });
}

export function deleteServiceForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'delete-service',
    title: 'Delete a service',
    action: 'DeleteService',
    intro: 'A service must be scaled to 0 first, unless you force it.',
    submitLabel: 'Delete service',
    fields: [
      { name: 'service', label: 'Service', kind: 'select', options: () => serviceOptions(ctx.sim()) },
      { name: 'force', label: 'Force (delete while tasks run)', kind: 'checkbox' },
    ],
    submit: (req) => {
      const result = ctx.act('DeleteService', req);
      return { result, success: `Service ${String(req.service)} is being deleted.` };
    },
  });
}

/** A select that fills a form's placementStrategy field with a documented example. */
export function strategyPresets(form: ConsoleForm, field = 'placementStrategy'): HTMLElement {
  const id = `${form.element.id}-preset`;
  const row = document.createElement('div');
  row.className = 'field';
  const select = document.createElement('select');
  select.id = id;
  select.replaceChildren(...STRATEGY_PRESETS.map((o) => Object.assign(document.createElement('option'), { value: o.value, textContent: o.label })));
  select.addEventListener('change', () => { if (select.value) form.set(field, select.value); });
  row.append(Object.assign(document.createElement('label'), { htmlFor: id, textContent: 'Placement strategy preset' }), select);
  const target = form.control(field)?.closest('.field');
  target?.before(row);
  return row;
}
