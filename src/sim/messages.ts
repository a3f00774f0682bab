/**
 * The service event messages, in the form DescribeServices returns them ("(service web) has
 * reached a steady state."), with where each wording comes from. Every ServiceEvent the engine
 * emits for an ECS service is built here; `MESSAGE_TEMPLATES` lists them for the test that keeps
 * them from drifting (test/unit/fidelity-messages.test.ts) and for the README's "Sources" note.
 *
 * Sources:
 * - doc: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
 *   (the wordings, written there in the console's "service (name) …" form).
 * - api: the AWS CLI's own describe-services example,
 *   https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-services.html
 *   ("(service my-http-service) has reached a steady state."): the API puts the subject in parentheses.
 * - observed: the form seen in DescribeServices output that users publish (the AWS docs do not
 *   list it); kept as seen, and marked so.
 * - model: ECS Lab's own wording where AWS has no message (a model; the README says so).
 */

export type MessageSource = 'doc' | 'api' | 'observed' | 'model';

export interface MessageTemplate {
  id: string;
  /** The message with `{placeholders}`, in the API form. */
  template: string;
  source: MessageSource;
  /** Where the wording comes from. */
  reference: string;
}

const DOC = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html';
const CLI = 'https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-services.html';
const OBSERVED = 'DescribeServices events as published by users (not listed in the AWS docs)';
const MODEL = 'ECS Lab model: AWS has no such message';

/** The documented and observed messages, API form. */
export const MESSAGE_TEMPLATES: readonly MessageTemplate[] = [
  { id: 'steady', template: '(service {service}) has reached a steady state.', source: 'api', reference: `${CLI}; ${DOC}` },
  { id: 'started', template: '{subject} has started {n} tasks: {tasks}.', source: 'observed', reference: OBSERVED },
  { id: 'stopped', template: '{subject} has stopped {n} running tasks: {tasks}.', source: 'observed', reference: OBSERVED },
  { id: 'draining', template: '{subject} has begun draining connections on {n} tasks.', source: 'observed', reference: OBSERVED },
  { id: 'registered', template: '(service {service}) registered {n} targets in (target-group {targetGroupArn})', source: 'observed', reference: OBSERVED },
  { id: 'deregistered', template: '(service {service}) deregistered {n} targets in (target-group {targetGroupArn})', source: 'observed', reference: OBSERVED },
  { id: 'target-unhealthy', template: '(service {service}) ({target}) (port {port}) is unhealthy in (target-group {targetGroupArn}) due to (reason Health checks failed).', source: 'observed', reference: `${OBSERVED}; the classic-ELB form is in ${DOC}` },
  { id: 'container-unhealthy', template: '(service {service}) (task {taskId}) failed container health checks.', source: 'observed', reference: OBSERVED },
  { id: 'unable-to-place', template: '(service {service}) was unable to place a task because no container instance met all of its requirements. {reason} For more information, see the Troubleshooting section.', source: 'doc', reference: `${DOC} (the closing sentence as observed)` },
  { id: 'unable-to-start', template: '(service {service}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.', source: 'doc', reference: `${DOC} (the closing sentence as observed)` },
  { id: 'deployment-configuration', template: '(service {service}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.', source: 'doc', reference: DOC },
  { id: 'deployment-completed', template: '(service {service}) (deployment {deploymentId}) deployment completed.', source: 'observed', reference: OBSERVED },
  { id: 'deployment-failed', template: '(service {service}) (deployment {deploymentId}) deployment failed: {reason}.', source: 'observed', reference: OBSERVED },
  { id: 'rolling-back', template: '(service {service}) rolling back to deployment {deploymentId}.', source: 'observed', reference: OBSERVED },
  { id: 'no-rollback-target', template: '(service {service}) (deployment {deploymentId}) has no completed deployment to roll back to.', source: 'model', reference: MODEL },
  { id: 'deleting', template: '(service {service}) is being deleted: its tasks are stopping.', source: 'model', reference: MODEL },
  { id: 'alarm-bake', template: '(service {service}) (deployment {deploymentId}) has rolled out; it watches its CloudWatch alarms for a {seconds}-second bake time before it completes.', source: 'model', reference: MODEL },
  { id: 'lifecycle-stage', template: '(service {service}) (deployment {deploymentId}) {text}', source: 'model', reference: `${MODEL} (ECS-native blue/green, linear and canary stages and hooks)` },
  { id: 'test-listener', template: '(service {service}) test listener now routes to {text}', source: 'model', reference: MODEL },
  { id: 'alarm-state', template: 'CloudWatch alarm {text}', source: 'model', reference: `${MODEL} (CloudWatch alarm state changes)` },
  { id: 'codedeploy', template: 'CodeDeploy deployment {text}', source: 'model', reference: `${MODEL} (CodeDeploy deployment progress)` },
  { id: 'spot-warning', template: 'EC2 Spot Instance Interruption Warning: {text}', source: 'model', reference: `${MODEL} (the EC2 Spot interruption notice)` },
  { id: 'app-runner', template: 'App Runner service {text}', source: 'model', reference: `${MODEL} (App Runner has its own event log)` },
  { id: 'express-mode', template: '(service {service}) ECS Express Mode {text}', source: 'model', reference: `${MODEL} (what ECS Express Mode creates and changes)` },
];

/** `(service web)` or, for a task set of a blue/green deployment, `(service web, taskSet ecs-svc/…)`. */
export function subject(service: string, taskSet: string | null = null): string {
  return taskSet ? `(service ${service}, taskSet ${taskSet})` : `(service ${service})`;
}

/** `(task a) (task b)`: the task list of a started or stopped message. */
export function taskList(taskIds: readonly string[]): string {
  return taskIds.map((id) => `(task ${id})`).join(' ');
}

/** A template as a regular expression: placeholders match anything. */
export function templatePattern(template: string): RegExp {
  const parts = template.split(/\{[a-zA-Z]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]+?')}$`);
}

/** The template a message follows, or null. */
export function templateOf(message: string): MessageTemplate | null {
  for (const t of MESSAGE_TEMPLATES) if (templatePattern(t.template).test(message)) return t;
  return null;
}

/**
 * The console's Events tab wording of an API-form message (the page's feed): the subject and
 * the task and target-group names lose their parentheses ("service web has started 2 tasks: task
 * a task b."), as the ECS console shows them. One source: the feed derives from the API form.
 */
export function consoleText(message: string): string {
  return message
    .replace(/^\(service ([^,()]+), taskSet ([^()]+)\) /, 'service $1 (task set $2) ')
    .replace(/^\(service ([^()]+)\) /, 'service $1 ')
    .replace(/\(task ([0-9a-f]+)\)/g, 'task $1')
    .replace(/\(target-group ([^()]+)\)/g, 'target-group $1');
}
