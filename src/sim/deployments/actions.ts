/**
 * The deployment actions and setup steps: CodeDeploy's `CreateDeployment` and
 * `CreateDeploymentConfig`, CloudWatch's `PutMetricAlarm`, the CreateService / UpdateService
 * parts that concern deployments, and the scenario's `codeDeploy`, `codeDeployDeploymentConfigs`
 * and `cloudWatchAlarms` sections.
 */
import type { Simulation } from '../engine';
import type { Scenario } from '../scenario/schema';
import type { SetupError } from '../systems';
import type { Service } from '../model';
import type { CodeDeployGroup, DeploymentSettings, Hook } from './types';
import { CODEDEPLOY_HOOK_EVENTS } from './types';
import { clientException, invalidParameter, type ApiError } from '../errors';
import { hookBehaviour, planDeploymentConfiguration, resolveDeploymentSettings, settingsOf } from './config';
import { parseDeploymentConfig } from './plans';
import { findAlarm, parseAlarm, putAlarm, setupAlarms } from './alarms';
import { deploymentConfig, groupOf, knownConfigNames, registerDeploymentConfig, startCodeDeployRun } from './codedeploy';
import { dict } from '../dict';

type Req = Record<string, unknown>;
type Result = { ok: true; value?: unknown } | { ok: false; error: ApiError };
const isObj = (v: unknown): v is Req => typeof v === 'object' && v !== null && !Array.isArray(v);
const isErr = (x: unknown): x is ApiError => isObj(x) && 'accepted' in x && 'message' in x;
const fail = (error: ApiError): Result => ({ ok: false, error });

/** CreateService: the deployment settings of the request, or the first error (§3, §4). */
export function deploymentSettingsFor(sim: Simulation, req: Req, scheduling: 'REPLICA' | 'DAEMON'): DeploymentSettings | ApiError {
  return resolveDeploymentSettings(sim, req, scheduling);
}

/**
 * Attaches settings to a new service. A service with alternate target groups starts with all
 * production traffic on its first target groups (listener weights 100 / 0).
 */
export function attachDeploymentSettings(svc: Service, s: DeploymentSettings): void {
  svc.deployment = s;
  if (s.targetGroupPairs.some((p) => p.alternate)) {
    const w = dict<number>();
    for (const p of s.targetGroupPairs) { w[p.primary] = 100; if (p.alternate) w[p.alternate] = 0; }
    svc.trafficWeights = w;
  }
}

/**
 * UpdateService, the deployment part: a CODE_DEPLOY service takes new revisions only through
 * CodeDeploy; `deploymentConfiguration` changes strategy, bake times, alarms and hooks for the
 * next deployment. Checks the request and returns what to apply, or the first error; changes
 * nothing itself.
 */
export function planDeploymentSettings(sim: Simulation, svc: Service, req: Req): ApiError | (() => void) {
  const s = settingsOf(svc);
  if (s.controller === 'CODE_DEPLOY' && (req.taskDefinition !== undefined || req.forceNewDeployment === true)) {
    return invalidParameter(req.taskDefinition !== undefined ? 'taskDefinition' : 'forceNewDeployment', req.taskDefinition ?? true,
      'desiredCount and other settings; new revisions through CodeDeploy CreateDeployment',
      'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.');
  }
  const next = planDeploymentConfiguration(sim, s, req.deploymentConfiguration, svc.schedulingStrategy);
  if (isErr(next)) return next;
  const dc = isObj(req.deploymentConfiguration) ? req.deploymentConfiguration : null;
  const th = dc && isObj(dc.deploymentCircuitBreaker) && isObj(dc.deploymentCircuitBreaker.thresholdConfiguration) ? dc.deploymentCircuitBreaker.thresholdConfiguration : null;
  const threshold = th ? {
    type: (th.type as Service['circuitBreakerThreshold']['type'] | undefined) ?? svc.circuitBreakerThreshold.type,
    value: (th.value as number | undefined) ?? svc.circuitBreakerThreshold.value,
  } : null;
  return () => {
    Object.assign(s, next);
    if (threshold) svc.circuitBreakerThreshold = threshold;
  };
}

function serviceOf(sim: Simulation, ref: unknown): Service | ApiError {
  const name = typeof ref === 'string' ? ref.split('/').pop()! : '';
  const svc = sim.services.get(name);
  if (svc && svc.status === 'ACTIVE') return svc;
  return clientException('service', ref, `an existing service: ${[...sim.services.keys()].join(', ') || '(none)'}`, 'ServiceNotFoundException: Service not found.');
}

/**
 * CodeDeploy `CreateDeployment { service, taskDefinition, deploymentConfigName? }` for a service
 * with the CODE_DEPLOY controller (§4.1). Returns `{ deploymentId }` (`d-XXXXXXXXX`).
 */
function createDeploymentAction(sim: Simulation, req: Req): Result {
  const svc = serviceOf(sim, req.service);
  if (isErr(svc)) return fail(svc);
  const s = settingsOf(svc);
  if (s.controller !== 'CODE_DEPLOY') {
    return fail(invalidParameter('service', svc.serviceName, 'a service with deploymentController CODE_DEPLOY', `The service ${svc.serviceName} uses the ECS deployment controller: deploy to it with UpdateService.`));
  }
  if (svc.blueGreen) {
    return fail(clientException('service', svc.serviceName, 'a deployment group with no deployment in progress', `DeploymentLimitExceededException: The deployment group of ${svc.serviceName} already has an active deployment (${svc.blueGreen.codeDeployId}).`));
  }
  const missing = s.targetGroupPairs.findIndex((p) => !p.alternate);
  if (missing >= 0) {
    return fail(invalidParameter('service', svc.serviceName, 'a service whose loadBalancers give advancedConfiguration.alternateTargetGroupName (the second target group)',
      `The deployment group of ${svc.serviceName} needs two target groups: add advancedConfiguration.alternateTargetGroupName to loadBalancers[${missing}].`));
  }
  const r = sim.taskDefinitions.resolve(req.taskDefinition, { requireActive: true, field: 'taskDefinition' });
  if (!r.ok) return fail(r.error);
  const td = r.taskDefinition;
  if (!td.compatibilities.includes(svc.launchType)) {
    return fail(clientException('taskDefinition', req.taskDefinition, `a revision that supports ${svc.launchType}`, `Task definition does not support launch_type ${svc.launchType}.`));
  }
  const name = req.deploymentConfigName === undefined ? groupOf(svc).deploymentConfigName : req.deploymentConfigName;
  if (typeof name !== 'string' || !deploymentConfig(sim, name)) {
    return fail(invalidParameter('deploymentConfigName', name, `one of ${knownConfigNames(sim).join(', ')}`, `DeploymentConfigDoesNotExistException: No deployment configuration found for name: ${String(name)}`));
  }
  const run = startCodeDeployRun(sim, svc, `${td.family}:${td.revision}`, name);
  return { ok: true, value: { deploymentId: run.codeDeployId } };
}

/** CodeDeploy `CreateDeploymentConfig` for the ECS compute platform (custom linear and canary, §4.1). */
function createDeploymentConfigAction(sim: Simulation, req: Req): Result {
  const p = parseDeploymentConfig(req, 'request');
  if (isErr(p)) return fail(p);
  if (!registerDeploymentConfig(sim, p.name, p.config)) {
    return fail(invalidParameter('deploymentConfigName', p.name, 'a name not already used', `DeploymentConfigAlreadyExistsException: A deployment configuration named ${p.name} already exists.`));
  }
  return { ok: true, value: { deploymentConfigName: p.name } };
}

/** CloudWatch `PutMetricAlarm` (model: `service` names the service whose metric is watched). */
function putMetricAlarmAction(sim: Simulation, req: Req): Result {
  const a = parseAlarm(sim, req, 'request');
  if (isErr(a)) return fail(a);
  putAlarm(sim, a);
  return { ok: true };
}

export const deploymentActions = {
  CreateDeployment: createDeploymentAction,
  CreateDeploymentConfig: createDeploymentConfigAction,
  PutMetricAlarm: putMetricAlarmAction,
};

function setupError(e: ApiError): SetupError {
  return { field: e.field, value: e.value, accepted: e.accepted, message: e.message };
}

function parseGroup(sim: Simulation, raw: Req, field: string): CodeDeployGroup | ApiError {
  const name = raw.deploymentConfigName;
  if (typeof name !== 'string' || !deploymentConfig(sim, name)) {
    return invalidParameter(`${field}.deploymentConfigName`, name, `one of ${knownConfigNames(sim).join(', ')}`, `DeploymentConfigDoesNotExistException: No deployment configuration found for name: ${String(name)}`);
  }
  const wait = raw.terminationWaitTimeInMinutes ?? 60;
  if (typeof wait !== 'number' || !Number.isInteger(wait) || wait < 0 || wait > 2880) {
    return invalidParameter(`${field}.terminationWaitTimeInMinutes`, wait, 'a whole number of minutes from 0 to 2880', 'terminationWaitTimeInMinutes must be from 0 to 2880 minutes (2 days).');
  }
  const ready = isObj(raw.deploymentReadyOption) ? raw.deploymentReadyOption : {};
  if (ready.actionOnTimeout !== undefined && ready.actionOnTimeout !== 'CONTINUE_DEPLOYMENT') {
    return invalidParameter(`${field}.deploymentReadyOption.actionOnTimeout`, ready.actionOnTimeout, 'CONTINUE_DEPLOYMENT (STOP_DEPLOYMENT waits for a ContinueDeployment call, which is not modelled)', 'actionOnTimeout must be CONTINUE_DEPLOYMENT here.');
  }
  const readyWait = ready.waitTimeInMinutes ?? 0;
  if (typeof readyWait !== 'number' || !Number.isInteger(readyWait) || readyWait < 0 || readyWait > 7200) {
    return invalidParameter(`${field}.deploymentReadyOption.waitTimeInMinutes`, readyWait, 'a whole number of minutes from 0 to 7200 (120 hours)', 'waitTimeInMinutes must be at most 120 hours.');
  }
  const ac = isObj(raw.alarmConfiguration) ? raw.alarmConfiguration : null;
  const alarmNames: string[] = [];
  if (ac && ac.enabled !== false) {
    for (const [i, a] of (Array.isArray(ac.alarms) ? ac.alarms : []).entries()) {
      const n = isObj(a) ? a.name : a;
      if (typeof n !== 'string' || !findAlarm(sim, n)) return invalidParameter(`${field}.alarmConfiguration.alarms[${i}].name`, n, 'the name of an alarm in cloudWatchAlarms', `The alarm ${String(n)} does not exist.`);
      alarmNames.push(n);
    }
  }
  const hooks: Hook[] = [];
  for (const [i, h] of (Array.isArray(raw.hooks) ? raw.hooks : []).entries()) {
    const f = `${field}.hooks[${i}]`;
    const keys = isObj(h) ? Object.keys(h).filter((k) => k !== 'sim') : [];
    const event = keys[0];
    if (!isObj(h) || keys.length !== 1 || !CODEDEPLOY_HOOK_EVENTS.includes(event as never) || typeof h[event!] !== 'string') {
      return invalidParameter(f, h, `{ "<event>": "<Lambda function name>", "sim"?: {...} } with the event one of ${CODEDEPLOY_HOOK_EVENTS.join(', ')}`, 'Each AppSpec hook names one lifecycle event and its Lambda function.');
    }
    const sim2 = hookBehaviour(h.sim, `${f}.sim`);
    if (isErr(sim2)) return sim2;
    hooks.push({ target: h[event!] as string, stages: [event!], sim: sim2 });
  }
  return {
    deploymentConfigName: name, terminationWaitTimeInMinutes: wait, waitTimeInMinutes: readyWait, alarmNames, hooks,
    testTrafficRoute: isObj(raw.testTrafficRoute),
  };
}

/**
 * Setup step (after services): CloudWatch alarms, custom CodeDeploy configurations, CodeDeploy
 * deployment groups, and a check that every deployment alarm a service names exists.
 */
export function setupDeployments(sim: Simulation, scenario: Scenario): SetupError | null {
  const alarms = setupAlarms(sim, scenario);
  if (alarms) return alarms;
  const extra = scenario as { codeDeployDeploymentConfigs?: unknown[] };
  for (const [i, raw] of (extra.codeDeployDeploymentConfigs ?? []).entries()) {
    const p = parseDeploymentConfig(raw, `codeDeployDeploymentConfigs[${i}]`);
    if (isErr(p)) return setupError(p);
    if (!registerDeploymentConfig(sim, p.name, p.config)) return { field: `codeDeployDeploymentConfigs[${i}].deploymentConfigName`, value: p.name, accepted: 'a unique name', message: `DeploymentConfigAlreadyExistsException: A deployment configuration named ${p.name} already exists.` };
  }
  for (const [i, raw] of (scenario.codeDeploy ?? []).entries()) {
    const svc = sim.services.get(raw.service);
    if (!svc) return { field: `codeDeploy[${i}].service`, value: raw.service, accepted: `a service: ${[...sim.services.keys()].join(', ')}`, message: `Invalid scenario: codeDeploy[${i}] names no service of the scenario.` };
    const s = settingsOf(svc);
    if (s.controller !== 'CODE_DEPLOY') return { field: `codeDeploy[${i}].service`, value: raw.service, accepted: 'a service with deploymentController { type: "CODE_DEPLOY" }', message: `Invalid scenario: ${raw.service} does not use the CODE_DEPLOY deployment controller.` };
    const g = parseGroup(sim, raw as Req, `codeDeploy[${i}]`);
    if (isErr(g)) return setupError(g);
    s.codeDeploy = g;
  }
  for (const [i, svc] of [...sim.services.values()].entries()) {
    const a = svc.deployment?.alarms;
    const name = a?.alarmNames.find((n) => !findAlarm(sim, n));
    if (a && name !== undefined) {
      return { field: `services[${i}].deploymentConfiguration.alarms.alarmNames`, value: name, accepted: 'names of alarms in cloudWatchAlarms', message: `Invalid scenario: the deployment alarm ${name} of ${svc.serviceName} is not in cloudWatchAlarms.` };
    }
  }
  return null;
}
