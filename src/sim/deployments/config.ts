/**
 * Reading a CreateService / UpdateService request's deployment fields into DeploymentSettings,
 * with the API's checks and defaults (§3.1, §3.3, §4.1, §4.2). Bad input returns an ApiError that
 * names the field, the value and what is accepted; nothing here throws.
 */
import type { Simulation } from '../engine';
import type { Service } from '../model';
import { invalidParameter, type ApiError } from '../errors';
import { HOOKABLE_STAGES, type DeploymentSettings, type Hook, type HookBehaviour, type Strategy } from './types';

type Req = Record<string, unknown>;

/** §4.2 defaults: LINEAR 10 % every 6 minutes, CANARY 5 % for 10 minutes. */
export const LINEAR_DEFAULTS = { stepPercent: 10, stepBakeTimeInMinutes: 6 } as const;
export const CANARY_DEFAULTS = { canaryPercent: 5, canaryBakeTimeInMinutes: 10 } as const;
/**
 * bakeTimeInMinutes when LINEAR or CANARY leave it out. Unconfirmed (§4.2, "Items explicitly
 * unconfirmed"): AWS does not publish it; the simulation uses 0 and the UI says it is a model.
 */
export const NATIVE_BAKE_DEFAULT_MINUTES = 0;
/** Modelled: how long a hook's function runs when its `sim` object does not say. */
export const HOOK_DEFAULT_SECONDS = 30;

const STRATEGIES: Strategy[] = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'];
const isObj = (v: unknown): v is Req => typeof v === 'object' && v !== null && !Array.isArray(v);

function numberIn(v: unknown, field: string, min: number, max: number, step: number | null): number | ApiError {
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max
    && (step === null || Math.abs(Math.round(v / step) * step - v) < 1e-9);
  if (ok) return v;
  const what = step === 1 ? `a whole number from ${min} to ${max}` : step ? `a multiple of ${step} from ${min} to ${max}` : `a number from ${min} to ${max}`;
  return invalidParameter(field, v, what, `${field.split('.').pop()} must be ${what}.`);
}

const isErr = (x: unknown): x is ApiError => isObj(x) && 'accepted' in x && 'message' in x;

/** A hook's `sim` object (what its function does in the simulation). */
export function hookBehaviour(v: unknown, field: string): HookBehaviour | ApiError {
  if (v === undefined) return { durationSeconds: HOOK_DEFAULT_SECONDS, result: 'SUCCEEDED' };
  if (!isObj(v)) return invalidParameter(field, v, 'an object { durationSeconds?, result? }', `${field} must be an object.`);
  const d = v.durationSeconds === undefined ? HOOK_DEFAULT_SECONDS : numberIn(v.durationSeconds, `${field}.durationSeconds`, 0, 1_209_600, 1);
  if (isErr(d)) return d;
  const r = v.result ?? 'SUCCEEDED';
  if (r !== 'SUCCEEDED' && r !== 'FAILED' && r !== 'TEST_GREEN') {
    return invalidParameter(`${field}.result`, r, 'SUCCEEDED, FAILED or TEST_GREEN', 'result must be SUCCEEDED, FAILED or TEST_GREEN.');
  }
  return { durationSeconds: d as number, result: r };
}

function lifecycleHooks(v: unknown): Hook[] | ApiError {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return invalidParameter('deploymentConfiguration.lifecycleHooks', v, 'a list of lifecycle hooks', 'lifecycleHooks must be a list.');
  const out: Hook[] = [];
  for (const [i, h] of v.entries()) {
    const f = `deploymentConfiguration.lifecycleHooks[${i}]`;
    if (!isObj(h) || typeof h.hookTargetArn !== 'string' || !h.hookTargetArn) {
      return invalidParameter(`${f}.hookTargetArn`, isObj(h) ? h.hookTargetArn : h, 'the ARN of a Lambda function', 'You must provide hookTargetArn when configuring a deployment lifecycle hook.');
    }
    const stages = h.lifecycleStages;
    if (!Array.isArray(stages) || !stages.length || stages.some((s) => !HOOKABLE_STAGES.includes(s as never))) {
      return invalidParameter(`${f}.lifecycleStages`, stages, `one or more of ${HOOKABLE_STAGES.join(', ')}`, 'Lifecycle hooks cannot run at SCALE_UP, BAKE_TIME or CLEAN_UP.');
    }
    const sim = hookBehaviour(h.sim, `${f}.sim`);
    if (isErr(sim)) return sim;
    out.push({ target: h.hookTargetArn, stages: stages as string[], sim });
  }
  return out;
}

/**
 * Settings for a new service from its CreateService request (§3.1, §3.3, §4.2). The rolling
 * percents themselves stay on the Service (minimumHealthyPercent, maximumPercent).
 */
export function resolveDeploymentSettings(sim: Simulation, req: Req, scheduling: 'REPLICA' | 'DAEMON'): DeploymentSettings | ApiError {
  const ctl = isObj(req.deploymentController) ? req.deploymentController.type ?? 'ECS' : 'ECS';
  if (ctl !== 'ECS' && ctl !== 'CODE_DEPLOY') {
    return invalidParameter('deploymentController.type', ctl, 'ECS or CODE_DEPLOY (the EXTERNAL controller, driven by CreateTaskSet, is not modelled)', `Deployment controller ${String(ctl)} is not supported here.`);
  }
  const lbs = (Array.isArray(req.loadBalancers) ? req.loadBalancers : []) as Req[];
  const pairs: DeploymentSettings['targetGroupPairs'] = [];
  for (const [i, lb] of lbs.entries()) {
    const adv = isObj(lb.advancedConfiguration) ? lb.advancedConfiguration : null;
    const alt = adv && typeof adv.alternateTargetGroupName === 'string' ? adv.alternateTargetGroupName : null;
    if (alt !== null && !sim.targetGroups.has(alt)) {
      return invalidParameter(`loadBalancers[${i}].advancedConfiguration.alternateTargetGroupName`, alt, `an existing target group: ${[...sim.targetGroups.keys()].join(', ')}`, `The target group ${alt} does not exist.`);
    }
    if (alt !== null && alt === lb.targetGroupName) {
      return invalidParameter(`loadBalancers[${i}].advancedConfiguration.alternateTargetGroupName`, alt, 'a target group other than targetGroupName', 'The alternate target group must differ from the production target group.');
    }
    pairs.push({ primary: String(lb.targetGroupName), alternate: alt });
  }
  const base: DeploymentSettings = {
    controller: ctl, strategy: 'ROLLING', bakeTimeInMinutes: NATIVE_BAKE_DEFAULT_MINUTES,
    linearConfiguration: { ...LINEAR_DEFAULTS }, canaryConfiguration: { ...CANARY_DEFAULTS },
    alarms: null, lifecycleHooks: [], resetOnHealthyTask: true, targetGroupPairs: pairs,
    testListener: lbs.some((lb) => isObj(lb.advancedConfiguration) && typeof lb.advancedConfiguration.testListenerRule === 'string'),
    productionSide: 'primary', codeDeploy: null,
  };
  if (ctl === 'CODE_DEPLOY') {
    if (scheduling === 'DAEMON') return invalidParameter('schedulingStrategy', 'DAEMON', 'REPLICA with the CODE_DEPLOY controller', 'The daemon scheduling strategy does not support the CODE_DEPLOY deployment controller.');
    if (!lbs.length) return invalidParameter('loadBalancers', req.loadBalancers, 'a load balancer with a target group', 'A service with the CODE_DEPLOY deployment controller needs a load balancer.');
  }
  const e = applyDeploymentConfiguration(sim, base, req.deploymentConfiguration, scheduling);
  return isErr(e) ? e : base;
}

/**
 * Applies `deploymentConfiguration` (CreateService or UpdateService) onto settings: strategy,
 * bake times, linear and canary steps, alarms, lifecycle hooks, the breaker's counting mode.
 * Fields left out keep their current values. Returns an ApiError and changes nothing on bad input.
 */
export function applyDeploymentConfiguration(sim: Simulation, s: DeploymentSettings, dcIn: unknown, scheduling: 'REPLICA' | 'DAEMON'): null | ApiError {
  const next = planDeploymentConfiguration(sim, s, dcIn, scheduling);
  if (isErr(next)) return next;
  Object.assign(s, next);
  return null;
}

/**
 * The settings `deploymentConfiguration` would leave (a copy: `s` is not changed), or the first
 * error. Fields left out keep their current values.
 */
export function planDeploymentConfiguration(sim: Simulation, s: DeploymentSettings, dcIn: unknown, scheduling: 'REPLICA' | 'DAEMON'): DeploymentSettings | ApiError {
  if (dcIn === undefined) return { ...s };
  if (!isObj(dcIn)) return invalidParameter('deploymentConfiguration', dcIn, 'an object', 'deploymentConfiguration must be an object.');
  const dc = dcIn;
  const next: DeploymentSettings = { ...s, linearConfiguration: { ...s.linearConfiguration }, canaryConfiguration: { ...s.canaryConfiguration } };
  if (dc.minimumHealthyPercent !== undefined) {
    const v = numberIn(dc.minimumHealthyPercent, 'deploymentConfiguration.minimumHealthyPercent', 0, 100, 1);
    if (isErr(v)) return v;
  }
  if (dc.maximumPercent !== undefined && scheduling === 'REPLICA') {
    const v = numberIn(dc.maximumPercent, 'deploymentConfiguration.maximumPercent', 100, 10_000, 1);
    if (isErr(v)) return v;
  }
  if (dc.strategy !== undefined) {
    if (!STRATEGIES.includes(dc.strategy as Strategy)) return invalidParameter('deploymentConfiguration.strategy', dc.strategy, STRATEGIES.join(', '), 'strategy must be ROLLING, BLUE_GREEN, LINEAR or CANARY.');
    if (s.controller !== 'ECS' && dc.strategy !== 'ROLLING') {
      return invalidParameter('deploymentConfiguration.strategy', dc.strategy, 'ROLLING (or the ECS deployment controller)', 'The BLUE_GREEN, LINEAR and CANARY strategies need the ECS deployment controller.');
    }
    if (scheduling === 'DAEMON' && dc.strategy !== 'ROLLING') return invalidParameter('deploymentConfiguration.strategy', dc.strategy, 'ROLLING for a DAEMON service', 'A daemon service deploys with the ROLLING strategy.');
    next.strategy = dc.strategy as Strategy;
  }
  if (dc.bakeTimeInMinutes !== undefined) {
    const v = numberIn(dc.bakeTimeInMinutes, 'deploymentConfiguration.bakeTimeInMinutes', 0, 1440, 1);
    if (isErr(v)) return v;
    next.bakeTimeInMinutes = v;
  } else if (next.strategy === 'BLUE_GREEN' && s.strategy !== 'BLUE_GREEN') {
    // §4.2 [api]: "You must provide this parameter when you use the BLUE_GREEN deployment strategy."
    return invalidParameter('deploymentConfiguration.bakeTimeInMinutes', undefined, 'a whole number of minutes from 0 to 1440', 'You must provide bakeTimeInMinutes when you use the BLUE_GREEN deployment strategy.');
  }
  if (dc.linearConfiguration !== undefined) {
    const lc = isObj(dc.linearConfiguration) ? dc.linearConfiguration : {};
    const step = lc.stepPercent === undefined ? LINEAR_DEFAULTS.stepPercent : numberIn(lc.stepPercent, 'deploymentConfiguration.linearConfiguration.stepPercent', 3, 100, 0.1);
    if (isErr(step)) return step;
    const bake = lc.stepBakeTimeInMinutes === undefined ? LINEAR_DEFAULTS.stepBakeTimeInMinutes : numberIn(lc.stepBakeTimeInMinutes, 'deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes', 0, 1440, 1);
    if (isErr(bake)) return bake;
    next.linearConfiguration = { stepPercent: step, stepBakeTimeInMinutes: bake };
  }
  if (dc.canaryConfiguration !== undefined) {
    const cc = isObj(dc.canaryConfiguration) ? dc.canaryConfiguration : {};
    const pct = cc.canaryPercent === undefined ? CANARY_DEFAULTS.canaryPercent : numberIn(cc.canaryPercent, 'deploymentConfiguration.canaryConfiguration.canaryPercent', 0.1, 100, 0.1);
    if (isErr(pct)) return pct;
    const bake = cc.canaryBakeTimeInMinutes === undefined ? CANARY_DEFAULTS.canaryBakeTimeInMinutes : numberIn(cc.canaryBakeTimeInMinutes, 'deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes', 0, 1440, 1);
    if (isErr(bake)) return bake;
    next.canaryConfiguration = { canaryPercent: pct, canaryBakeTimeInMinutes: bake };
  }
  if (dc.alarms !== undefined) {
    if (s.controller !== 'ECS') return invalidParameter('deploymentConfiguration.alarms', dc.alarms, 'no deployment alarms on a CODE_DEPLOY service (attach alarms to the CodeDeploy deployment group)', 'You can only use the DeploymentAlarms method to detect failures when the DeploymentController is set to ECS.');
    const a = isObj(dc.alarms) ? dc.alarms : {};
    const names = a.alarmNames;
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) return invalidParameter('deploymentConfiguration.alarms.alarmNames', names, 'a list of CloudWatch alarm names', 'alarmNames is required: one or more CloudWatch alarm names.');
    next.alarms = { alarmNames: names as string[], enable: a.enable === true, rollback: a.rollback === true };
  }
  if (dc.lifecycleHooks !== undefined) {
    const hooks = lifecycleHooks(dc.lifecycleHooks);
    if (isErr(hooks)) return hooks;
    next.lifecycleHooks = hooks;
  }
  const cb = isObj(dc.deploymentCircuitBreaker) ? dc.deploymentCircuitBreaker : null;
  const th = cb && isObj(cb.thresholdConfiguration) ? cb.thresholdConfiguration : null;
  if (th) {
    if (th.type !== undefined && !['BOUNDED_PERCENT', 'UNBOUNDED_PERCENT', 'COUNT'].includes(th.type as string)) {
      return invalidParameter('deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.type', th.type, 'BOUNDED_PERCENT, UNBOUNDED_PERCENT or COUNT', 'type must be BOUNDED_PERCENT, UNBOUNDED_PERCENT or COUNT.');
    }
    if (th.value !== undefined) {
      const v = numberIn(th.value, 'deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.value', 1, th.type === 'COUNT' ? 5000 : 10_000, th.type === 'COUNT' ? 1 : null);
      if (isErr(v)) return v;
    }
    if (th.resetOnHealthyTask !== undefined) next.resetOnHealthyTask = th.resetOnHealthyTask === true;
  }
  if (next.strategy !== 'ROLLING') {
    const missing = next.targetGroupPairs.findIndex((p) => p.alternate === null);
    if (missing >= 0) {
      return invalidParameter(`loadBalancers[${missing}].advancedConfiguration.alternateTargetGroupName`, undefined, 'a second target group for the green revision',
        `The ${next.strategy} deployment strategy needs advancedConfiguration.alternateTargetGroupName on every load balancer.`);
    }
  }
  return next;
}

/** The target groups on one side of each pair (`primary` or `alternate`). */
export function sideTargetGroups(s: DeploymentSettings, side: 'primary' | 'alternate'): string[] {
  return s.targetGroupPairs.map((p) => (side === 'alternate' && p.alternate ? p.alternate : p.primary));
}

/** Target groups production traffic reaches now (where a rolling deployment registers its tasks). */
export function productionTargetGroups(svc: Service): string[] {
  const s = svc.deployment;
  if (!s) return svc.loadBalancers.map((l) => l.targetGroupName);
  return sideTargetGroups(s, s.productionSide);
}

/** Settings for a service created before deployments were configured (tests, old checkpoints). */
export function settingsOf(svc: Service): DeploymentSettings {
  svc.deployment ??= {
    controller: 'ECS', strategy: 'ROLLING', bakeTimeInMinutes: NATIVE_BAKE_DEFAULT_MINUTES,
    linearConfiguration: { ...LINEAR_DEFAULTS }, canaryConfiguration: { ...CANARY_DEFAULTS }, alarms: null,
    lifecycleHooks: [], resetOnHealthyTask: true,
    targetGroupPairs: svc.loadBalancers.map((l) => ({ primary: l.targetGroupName, alternate: null })),
    testListener: false, productionSide: 'primary', codeDeploy: null,
  };
  return svc.deployment;
}
