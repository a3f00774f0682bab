/**
 * App Runner's UpdateService in the console (§8). App Runner and ECS share the action name; the
 * PascalCase `ServiceName` sends it to App Runner. One update is a deployment: the service is
 * OPERATION_IN_PROGRESS until it ends.
 */
import { ConsoleForm } from './form';
import { appRunnerOptions, type ConsoleContext } from './options';

const SIZES = (xs: [string, string][]) => xs.map(([value, label]) => ({ value, label }));

export function appRunnerUpdateForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'apprunner-update',
    title: 'Update an App Runner service',
    action: 'UpdateService (App Runner)',
    intro: 'Instance size and auto scaling. App Runner runs at most 25 instances per service, whatever you ask (§8).',
    submitLabel: 'Update App Runner service',
    fields: [
      { name: 'ServiceName', label: 'App Runner service', kind: 'select', options: () => appRunnerOptions(ctx.sim()) },
      { name: 'InstanceConfiguration.Cpu', label: 'vCPU per instance', kind: 'select', emptyLabel: 'unchanged', options: SIZES([['256', '0.25 vCPU'], ['512', '0.5 vCPU'], ['1024', '1 vCPU'], ['2048', '2 vCPU'], ['4096', '4 vCPU']]) },
      { name: 'InstanceConfiguration.Memory', label: 'Memory per instance', kind: 'select', emptyLabel: 'unchanged', options: SIZES([['512', '0.5 GB'], ['1024', '1 GB'], ['2048', '2 GB'], ['3072', '3 GB'], ['4096', '4 GB'], ['6144', '6 GB'], ['8192', '8 GB'], ['10240', '10 GB'], ['12288', '12 GB']]) },
      { name: 'AutoScalingConfiguration.MaxConcurrency', label: 'Max concurrency per instance', kind: 'number', placeholder: 'unchanged' },
      { name: 'AutoScalingConfiguration.MinSize', label: 'Minimum instances', kind: 'number', placeholder: 'unchanged' },
      { name: 'AutoScalingConfiguration.MaxSize', label: 'Maximum instances (at most 25)', kind: 'number', placeholder: 'unchanged' },
    ],
    build: (req) => {
      const ic = req.InstanceConfiguration as Record<string, unknown> | undefined;
      // The API takes sizes as numbers of units; the select holds them as text.
      if (ic) for (const k of ['Cpu', 'Memory']) if (typeof ic[k] === 'string') ic[k] = Number(ic[k]);
      return { request: req };
    },
    submit: (req) => ({ result: ctx.act('UpdateService', req), success: `App Runner service ${String(req.ServiceName)} is deploying the update (about 4 minutes, a model).` }),
  });
}
