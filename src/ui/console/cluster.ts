/**
 * Tasks, container instances, traffic and faults in the console: RunTask and StopTask,
 * RegisterContainerInstance and UpdateContainerInstancesState (drain), SetTraffic, and what the
 * world does to a cluster (an instance terminated, a zone failing, Spot capacity reclaimed, a
 * release that never gets healthy).
 */
import { AMI_CHOICES, INSTANCE_TYPE_NAMES } from '../../sim/catalog';
import type { CommandResult } from '../../sim/commands';
import { ConsoleForm } from './form';
import { appRunnerOptions, capacityProviderOptions, instanceOptions, serviceOptions, short, taskDefinitionOptions, taskOptions, zoneOptions, type ConsoleContext } from './options';
import { requestFromTaskDefinition } from './taskdefs';

export function runTaskForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'run-task',
    title: 'Run standalone tasks',
    action: 'RunTask',
    submitLabel: 'Run task',
    fields: [
      { name: 'taskDefinition', label: 'Task definition', kind: 'select', options: () => taskDefinitionOptions(ctx.sim()) },
      { name: 'count', label: 'Count (1 to 10)', kind: 'number', value: '1' },
      { name: 'launchType', label: 'Launch type', kind: 'select', options: [{ value: 'EC2', label: 'EC2' }, { value: 'FARGATE', label: 'FARGATE' }], emptyLabel: 'none: use a capacity provider strategy', value: 'EC2' },
      { name: 'capacityProviderStrategy', label: 'Capacity provider strategy (JSON)', kind: 'json', placeholder: '[{"capacityProvider":"FARGATE_SPOT","weight":1}]', when: (v) => v.launchType === '' },
      { name: 'placementStrategy', label: 'Placement strategy (JSON)', kind: 'json', placeholder: 'default: random (§1.5)' },
      { name: 'placementConstraints', label: 'Placement constraints (JSON)', kind: 'json', placeholder: '[{"type":"memberOf","expression":"attribute:ecs.availability-zone == us-east-1a"}]' },
      { name: 'group', label: 'Task group', kind: 'text', placeholder: 'family:<family>' },
    ],
    submit: (req) => {
      const result = ctx.act('RunTask', req);
      if (!result.ok) return { result };
      const v = result.value as { tasks: string[]; failures: { arn: string | null; reason: string }[] };
      const started = v.tasks.length ? `Started ${v.tasks.length} task(s): ${v.tasks.map(short).join(', ')}.` : 'No task started.';
      // RunTask's failures[] as the API returns them: a reason and the closest container instance.
      const failed = v.failures.length ? ` Failures: ${v.failures.map((f) => (f.arn ? `${f.reason} (container instance ${short(f.arn.split('/').pop()!)})` : f.reason)).join('; ')}.` : '';
      return { result, success: started + failed };
    },
  });
}

export function stopTaskForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'stop-task',
    title: 'Stop a task',
    action: 'StopTask',
    intro: 'A service starts a replacement; a task behind a load balancer drains first (§3.2).',
    submitLabel: 'Stop task',
    fields: [
      { name: 'task', label: 'Task', kind: 'select', options: () => taskOptions(ctx.sim()) },
      { name: 'reason', label: 'Reason', kind: 'text', value: 'Stopped from the console' },
    ],
    submit: (req) => ({ result: ctx.act('StopTask', req), success: `Stopping task ${short(String(req.task))}.` }),
  });
}

export function addInstancesForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'add-instances',
    title: 'Add container instances',
    action: 'RegisterContainerInstance',
    intro: 'Launches EC2 instances from the AMI you pick and registers them with the cluster.',
    submitLabel: 'Add instances',
    fields: [
      { name: 'instanceType', label: 'Instance type', kind: 'text', value: 'm5.large', suggestions: INSTANCE_TYPE_NAMES },
      { name: 'availabilityZone', label: 'Availability Zone', kind: 'select', options: () => zoneOptions(ctx.sim()) },
      { name: 'count', label: 'Count', kind: 'number', value: '1' },
      { name: 'ami', label: 'AMI', kind: 'select', options: AMI_CHOICES.map((a) => ({ value: a.id, label: `${a.name} (${a.id})` })),
        hint: 'A custom AMI with the images baked in skips the image pull (a model of a golden image).' },
    ],
    submit: (req) => ({ result: ctx.act('RegisterContainerInstance', req), success: `Registered ${String(req.count ?? 1)} × ${String(req.instanceType)} in ${String(req.availabilityZone)}.` }),
  });
}

export function drainForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'drain-instance',
    title: 'Drain or activate an instance',
    action: 'UpdateContainerInstancesState',
    intro: 'DRAINING stops PENDING service tasks at once and replaces RUNNING ones within the deployment limits; standalone tasks are left alone (§1.7).',
    submitLabel: 'Update state',
    fields: [
      { name: 'containerInstances', label: 'Container instance', kind: 'select', options: () => instanceOptions(ctx.sim()) },
      { name: 'status', label: 'Status', kind: 'select', options: [{ value: 'DRAINING', label: 'DRAINING' }, { value: 'ACTIVE', label: 'ACTIVE' }] },
    ],
    build: (req) => ({ request: { ...req, containerInstances: req.containerInstances ? [req.containerInstances] : [] } }),
    submit: (req) => ({ result: ctx.act('UpdateContainerInstancesState', req), success: `Instance ${short(String((req.containerInstances as string[])[0]))} is now ${String(req.status)}.` }),
  });
}

export function trafficForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'set-traffic',
    title: 'Set traffic',
    action: 'SetTraffic',
    intro: 'Requests per second offered to an ECS service through its load balancer, or to an App Runner service (the traffic model is described in the README).',
    submitLabel: 'Set traffic',
    fields: [
      { name: 'target', label: 'Service', kind: 'select', options: () => [...serviceOptions(ctx.sim()), ...appRunnerOptions(ctx.sim())] },
      { name: 'requestsPerSecond', label: 'Requests per second', kind: 'number', value: '600' },
      { name: 'rampSeconds', label: 'Ramp over (s)', kind: 'number', value: '30' },
    ],
    submit: (req) => ({ result: ctx.act('SetTraffic', req), success: `Traffic to ${String(req.target)} set to ${String(req.requestsPerSecond)} requests/s.` }),
  });
}

/** A result for an action the engine does not model yet (so the form says so, API-style). */
function unknownAction(action: string): CommandResult {
  return { ok: false, error: { code: 'InvalidParameterException', field: 'action', value: action, accepted: 'an action this version of the simulator models', message: `InvalidParameterException: ${action} is not modelled in this version of the simulator.` } };
}

export function faultForms(ctx: ConsoleContext): ConsoleForm[] {
  const guarded = (action: string, req: Record<string, unknown>) => (ctx.knows(action) ? ctx.act(action, req) : unknownAction(action));
  const note = (action: string) => (ctx.knows(action) ? undefined : `${action} is not modelled in this version of the simulator yet.`);
  return [
    new ConsoleForm({
      id: 'terminate-instance',
      title: 'Terminate an EC2 instance',
      action: 'TerminateInstance',
      note: note('TerminateInstance'),
      intro: 'The host disappears: its tasks stop at once and services replace them elsewhere.',
      submitLabel: 'Terminate instance',
      fields: [{ name: 'containerInstance', label: 'Container instance', kind: 'select', options: () => instanceOptions(ctx.sim()) }],
      submit: (req) => ({ result: guarded('TerminateInstance', req), success: `Instance ${short(String(req.containerInstance))} terminated.` }),
    }),
    new ConsoleForm({
      id: 'fail-az',
      title: 'Fail an Availability Zone',
      action: 'FailAvailabilityZone',
      note: note('FailAvailabilityZone'),
      intro: 'A model (AWS has no such API): every task in the zone stops and nothing is placed there until it recovers.',
      submitLabel: 'Fail zone',
      fields: [{ name: 'availabilityZone', label: 'Availability Zone', kind: 'select', options: () => zoneOptions(ctx.sim()) }],
      submit: (req) => ({ result: guarded('FailAvailabilityZone', req), success: `${String(req.availabilityZone)} is impaired.` }),
    }),
    new ConsoleForm({
      id: 'recover-az',
      title: 'Recover an Availability Zone',
      action: 'RecoverAvailabilityZone',
      note: note('RecoverAvailabilityZone'),
      submitLabel: 'Recover zone',
      fields: [{ name: 'availabilityZone', label: 'Availability Zone', kind: 'select', options: () => zoneOptions(ctx.sim()) }],
      submit: (req) => ({ result: guarded('RecoverAvailabilityZone', req), success: `${String(req.availabilityZone)} recovered.` }),
    }),
    new ConsoleForm({
      id: 'interrupt-spot',
      title: 'Interrupt Spot capacity',
      action: 'InterruptSpotCapacity',
      note: note('InterruptSpotCapacity'),
      intro: 'AWS reclaims Spot capacity: a 2-minute warning and SIGTERM, then SIGKILL after stopTimeout (§6.2).',
      submitLabel: 'Interrupt Spot',
      fields: [
        { name: 'capacityProvider', label: 'Capacity provider', kind: 'select', options: () => capacityProviderOptions(ctx.sim()) },
        { name: 'fraction', label: 'Fraction of its tasks (0 to 1)', kind: 'number', value: '0.5' },
        { name: 'unavailableSeconds', label: 'Spot capacity unavailable afterwards (s)', kind: 'number', placeholder: '0' },
      ],
      submit: (req) => ({ result: guarded('InterruptSpotCapacity', req), success: `Spot capacity of ${String(req.capacityProvider)} interrupted.` }),
    }),
    badReleaseForm(ctx),
  ];
}

/**
 * "Deploy a release that never gets healthy": registers the next revision of the service's task
 * definition with an app that fails its health checks, then updates the service to it. Two API
 * calls, both recorded, exactly as a learner would make them by hand.
 */
function badReleaseForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'bad-release',
    title: 'Deploy a release that never gets healthy',
    action: 'RegisterTaskDefinition + UpdateService',
    intro: 'Registers the next revision with an app that fails its health checks and deploys it. Watch the deployment, and the circuit breaker if it is on (§3.3).',
    submitLabel: 'Deploy bad release',
    fields: [{ name: 'service', label: 'Service', kind: 'select', options: () => serviceOptions(ctx.sim()) }],
    submit: (req) => {
      const sim = ctx.sim();
      const svc = sim?.services.get(String(req.service ?? ''));
      const td = sim && svc ? sim.taskDef(svc.deployments[0]!.taskDefinition) : null;
      if (!svc || !td) {
        return { result: { ok: false, error: { code: 'ClientException', field: 'service', value: req.service, accepted: 'an existing service', message: 'ServiceNotFoundException: Service not found.' } } };
      }
      const next = requestFromTaskDefinition(td);
      next.sim = { ...(next.sim as object), healthy: false };
      const containers = next.containerDefinitions as { image: string }[];
      if (containers[0]) containers[0].image = containers[0].image.replace(/:[^:/]*$/, '') + ':broken';
      const reg = ctx.act('RegisterTaskDefinition', next);
      if (!reg.ok) return { result: reg };
      const ref = (reg.value as { taskDefinition: string }).taskDefinition;
      const upd = ctx.act('UpdateService', { service: svc.serviceName, taskDefinition: ref });
      return { result: upd, success: `Deploying ${ref} (never healthy) to service ${svc.serviceName}.` };
    },
  });
}
