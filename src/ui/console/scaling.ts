/**
 * Service auto scaling (Application Auto Scaling, §5) and CodeDeploy deployments (§4.1) in the
 * console: RegisterScalableTarget, a target-tracking PutScalingPolicy, and CreateDeployment for a
 * service whose deployment controller is CODE_DEPLOY.
 */
import type { CommandResult } from '../../sim/commands';
import { ConsoleForm } from './form';
import type { Option } from './form';
import { serviceOptions, taskDefinitionOptions, type ConsoleContext } from './options';

function notModelled(action: string): CommandResult {
  return { ok: false, error: { code: 'InvalidParameterException', field: 'action', value: action, accepted: 'an action this version of the simulator models', message: `InvalidParameterException: ${action} is not modelled in this version of the simulator.` } };
}

/** Services as Application Auto Scaling resource ids (`service/<cluster>/<service>`). */
function resourceOptions(ctx: ConsoleContext): Option[] {
  const sim = ctx.sim();
  return serviceOptions(sim).map((o) => ({ value: `service/${sim!.clusterName}/${o.value}`, label: o.value }));
}

const scalable = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' };

export function scalingForms(ctx: ConsoleContext): ConsoleForm[] {
  const send = (action: string, req: Record<string, unknown>) => (ctx.knows(action) ? ctx.act(action, req) : notModelled(action));
  return [
    new ConsoleForm({
      id: 'scalable-target',
      title: 'Register a scalable target',
      action: 'RegisterScalableTarget',
      note: ctx.knows('RegisterScalableTarget') ? undefined : 'RegisterScalableTarget is not modelled in this version of the simulator yet.',
      intro: "Lets Application Auto Scaling change the service's desired count between the bounds.",
      submitLabel: 'Register target',
      fields: [
        { name: 'ResourceId', label: 'Service', kind: 'select', options: () => resourceOptions(ctx) },
        { name: 'MinCapacity', label: 'Minimum tasks', kind: 'number', value: '2' },
        { name: 'MaxCapacity', label: 'Maximum tasks', kind: 'number', value: '12' },
      ],
      build: (req) => ({ request: { ...scalable, ...req } }),
      submit: (req) => ({ result: send('RegisterScalableTarget', req), success: `${String(req.ResourceId)} scales between ${String(req.MinCapacity)} and ${String(req.MaxCapacity)} tasks.` }),
    }),
    new ConsoleForm({
      id: 'scaling-policy',
      title: 'Put a target tracking policy',
      action: 'PutScalingPolicy',
      note: ctx.knows('PutScalingPolicy') ? undefined : 'PutScalingPolicy is not modelled in this version of the simulator yet.',
      intro: 'Scale-out is fast, scale-in gradual; cooldowns default to 300 s (§5.2). The capacity formula is a model.',
      submitLabel: 'Put policy',
      fields: [
        { name: 'ResourceId', label: 'Service', kind: 'select', options: () => resourceOptions(ctx) },
        { name: 'PolicyName', label: 'Policy name', kind: 'text', value: 'cpu50' },
        { name: 'TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType', label: 'Metric', kind: 'select',
          options: ['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget'].map((v) => ({ value: v, label: v })) },
        { name: 'TargetTrackingScalingPolicyConfiguration.TargetValue', label: 'Target value', kind: 'number', value: '50' },
        { name: 'TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown', label: 'Scale-out cooldown (s)', kind: 'number', placeholder: '300' },
        { name: 'TargetTrackingScalingPolicyConfiguration.ScaleInCooldown', label: 'Scale-in cooldown (s)', kind: 'number', placeholder: '300' },
      ],
      build: (req) => ({ request: { ...scalable, PolicyType: 'TargetTrackingScaling', ...req } }),
      submit: (req) => ({ result: send('PutScalingPolicy', req), success: `Policy ${String(req.PolicyName)} tracks its target on ${String(req.ResourceId)}.` }),
    }),
    stepScalingForm(ctx, send),
  ];
}

export function codeDeployForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'create-deployment',
    title: 'Create a CodeDeploy deployment',
    action: 'CreateDeployment',
    note: ctx.knows('CreateDeployment') ? undefined : 'CreateDeployment is not modelled in this version of the simulator yet.',
    intro: 'For a service with the CODE_DEPLOY deployment controller: a new revision goes out through CodeDeploy, not UpdateService.',
    submitLabel: 'Create deployment',
    fields: [
      { name: 'service', label: 'Service', kind: 'select', options: () => serviceOptions(ctx.sim()) },
      { name: 'taskDefinition', label: 'Task definition', kind: 'select', options: () => taskDefinitionOptions(ctx.sim()) },
      { name: 'deploymentConfigName', label: 'Deployment configuration', kind: 'select', emptyLabel: 'the deployment group default',
        options: ['CodeDeployDefault.ECSAllAtOnce', 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes', 'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
          'CodeDeployDefault.ECSCanary10Percent5Minutes', 'CodeDeployDefault.ECSCanary10Percent15Minutes'].map((v) => ({ value: v, label: v })) },
    ],
    submit: (req) => ({ result: ctx.knows('CreateDeployment') ? ctx.act('CreateDeployment', req) : notModelled('CreateDeployment'), success: `CodeDeploy deployment of ${String(req.taskDefinition)} to ${String(req.service)} created.` }),
  });
}

/**
 * A step scaling policy: it does nothing on its own; a CloudWatch alarm whose AlarmActions name it
 * runs it while the alarm is in ALARM. Bounds are relative to the alarm's threshold (§5.3).
 */
function stepScalingForm(ctx: ConsoleContext, send: (action: string, req: Record<string, unknown>) => CommandResult): ConsoleForm {
  return new ConsoleForm({
    id: 'step-scaling-policy',
    title: 'Put a step scaling policy',
    action: 'PutScalingPolicy',
    intro: 'Runs when an alarm that names it in AlarmActions is in ALARM. Step bounds are distances above the alarm threshold (§5.3).',
    submitLabel: 'Put step policy',
    fields: [
      { name: 'ResourceId', label: 'Service', kind: 'select', options: () => resourceOptions(ctx) },
      { name: 'PolicyName', label: 'Policy name', kind: 'text', value: 'step-out', hint: "The name the scenario's alarm lists in AlarmActions." },
      { name: 'StepScalingPolicyConfiguration.AdjustmentType', label: 'Adjustment type', kind: 'select',
        options: ['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity'].map((v) => ({ value: v, label: v })) },
      { name: 'StepScalingPolicyConfiguration.StepAdjustments', label: 'Step adjustments (JSON)', kind: 'json', rows: 4,
        value: '[{"MetricIntervalLowerBound":0,"MetricIntervalUpperBound":20,"ScalingAdjustment":1},{"MetricIntervalLowerBound":20,"ScalingAdjustment":3}]' },
      { name: 'StepScalingPolicyConfiguration.Cooldown', label: 'Cooldown (s)', kind: 'number', placeholder: '300' },
    ],
    build: (req) => ({ request: { ...scalable, PolicyType: 'StepScaling', ...req } }),
    submit: (req) => ({ result: send('PutScalingPolicy', req), success: `Step policy ${String(req.PolicyName)} is ready for its alarm on ${String(req.ResourceId)}.` }),
  });
}
