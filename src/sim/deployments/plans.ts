/**
 * Traffic plans: when production traffic moves to green, and how much. CodeDeploy's predefined
 * and custom configurations (§4.1) and ECS-native BLUE_GREEN, LINEAR and CANARY (§4.2) all become
 * a list of steps `{ atSeconds, greenPercent }`, measured from the moment shifting starts.
 */
import { invalidParameter, type ApiError } from '../errors';
import type { DeploymentSettings, TrafficStep } from './types';

/** A CodeDeploy `trafficRoutingConfig` (CreateDeploymentConfig, compute platform ECS). */
export type TrafficRoutingConfig =
  | { type: 'AllAtOnce' }
  | { type: 'TimeBasedCanary'; timeBasedCanary: { canaryPercentage: number; canaryInterval: number } }
  | { type: 'TimeBasedLinear'; timeBasedLinear: { linearPercentage: number; linearInterval: number } };

/** The predefined ECS deployment configurations (§4.1; CD-2023:deployment-configurations.md). */
export const CODEDEPLOY_PREDEFINED: Readonly<Record<string, TrafficRoutingConfig>> = {
  'CodeDeployDefault.ECSAllAtOnce': { type: 'AllAtOnce' },
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes': { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 1 } },
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes': { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 3 } },
  'CodeDeployDefault.ECSCanary10Percent5Minutes': { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 5 } },
  'CodeDeployDefault.ECSCanary10Percent15Minutes': { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 15 } },
};

/** CodeDeploy's default configuration for an ECS deployment group. */
export const CODEDEPLOY_DEFAULT_CONFIG = 'CodeDeployDefault.ECSAllAtOnce';

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Linear steps: +step% every interval until 100 %; no wait after reaching 100 % (§4.1, §4.2). */
export function linearPlan(stepPercent: number, intervalSeconds: number): TrafficStep[] {
  const steps: TrafficStep[] = [];
  let pct = 0;
  let at = 0;
  while (pct < 100) {
    pct = Math.min(100, round1(pct + stepPercent));
    steps.push({ atSeconds: at, greenPercent: pct });
    at += intervalSeconds;
  }
  return steps;
}

/** Canary: `percent` at once, the rest after `bakeSeconds` (§4.1, §4.2). */
export function canaryPlan(percent: number, bakeSeconds: number): TrafficStep[] {
  return percent >= 100 ? [{ atSeconds: 0, greenPercent: 100 }] : [{ atSeconds: 0, greenPercent: percent }, { atSeconds: bakeSeconds, greenPercent: 100 }];
}

/** The plan of a CodeDeploy traffic routing configuration. */
export function codeDeployPlan(cfg: TrafficRoutingConfig): TrafficStep[] {
  if (cfg.type === 'AllAtOnce') return [{ atSeconds: 0, greenPercent: 100 }];
  if (cfg.type === 'TimeBasedCanary') return canaryPlan(cfg.timeBasedCanary.canaryPercentage, cfg.timeBasedCanary.canaryInterval * 60);
  return linearPlan(cfg.timeBasedLinear.linearPercentage, cfg.timeBasedLinear.linearInterval * 60);
}

/** The production traffic plan of an ECS-native strategy (§4.2). */
export function nativePlan(s: Pick<DeploymentSettings, 'strategy' | 'linearConfiguration' | 'canaryConfiguration'>): TrafficStep[] {
  if (s.strategy === 'LINEAR') return linearPlan(s.linearConfiguration.stepPercent, s.linearConfiguration.stepBakeTimeInMinutes * 60);
  if (s.strategy === 'CANARY') return canaryPlan(s.canaryConfiguration.canaryPercent, s.canaryConfiguration.canaryBakeTimeInMinutes * 60);
  return [{ atSeconds: 0, greenPercent: 100 }];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a CodeDeploy CreateDeploymentConfig request for the ECS compute platform (custom
 * linear and canary configurations, §4.1). Percentages are whole numbers 1..99, intervals whole
 * minutes (CodeDeploy's own rules for ECS time-based routing).
 */
export function parseDeploymentConfig(req: unknown, field: string): { name: string; config: TrafficRoutingConfig } | ApiError {
  if (!isObj(req)) return invalidParameter(field, req, 'a CreateDeploymentConfig request', `${field} must be an object.`);
  const name = req.deploymentConfigName;
  if (typeof name !== 'string' || !name) return invalidParameter(`${field}.deploymentConfigName`, name, 'a name', 'deploymentConfigName is required.');
  if (name.startsWith('CodeDeployDefault.')) return invalidParameter(`${field}.deploymentConfigName`, name, 'a name that does not start with CodeDeployDefault.', 'DeploymentConfigAlreadyExistsException: the CodeDeployDefault. prefix is reserved.');
  if (req.computePlatform !== undefined && req.computePlatform !== 'ECS') return invalidParameter(`${field}.computePlatform`, req.computePlatform, 'ECS', 'computePlatform must be ECS for an Amazon ECS deployment configuration.');
  const t = isObj(req.trafficRoutingConfig) ? req.trafficRoutingConfig : null;
  if (!t) return invalidParameter(`${field}.trafficRoutingConfig`, req.trafficRoutingConfig, 'an object with type AllAtOnce, TimeBasedCanary or TimeBasedLinear', 'trafficRoutingConfig is required for the ECS compute platform.');
  const pct = (v: unknown, f: string): number | ApiError => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 99 ? v
    : invalidParameter(f, v, 'a whole percentage from 1 to 99', `${f.split('.').pop()} must be a whole percentage from 1 to 99.`));
  const mins = (v: unknown, f: string): number | ApiError => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2880 ? v
    : invalidParameter(f, v, 'a whole number of minutes from 1 to 2880', `${f.split('.').pop()} must be a whole number of minutes.`));
  const isErr = (x: unknown): x is ApiError => isObj(x) && 'accepted' in x;
  if (t.type === 'AllAtOnce') return { name, config: { type: 'AllAtOnce' } };
  if (t.type === 'TimeBasedCanary') {
    const c = isObj(t.timeBasedCanary) ? t.timeBasedCanary : {};
    const p = pct(c.canaryPercentage, `${field}.trafficRoutingConfig.timeBasedCanary.canaryPercentage`);
    if (isErr(p)) return p;
    const i = mins(c.canaryInterval, `${field}.trafficRoutingConfig.timeBasedCanary.canaryInterval`);
    if (isErr(i)) return i;
    return { name, config: { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: p, canaryInterval: i } } };
  }
  if (t.type === 'TimeBasedLinear') {
    const c = isObj(t.timeBasedLinear) ? t.timeBasedLinear : {};
    const p = pct(c.linearPercentage, `${field}.trafficRoutingConfig.timeBasedLinear.linearPercentage`);
    if (isErr(p)) return p;
    const i = mins(c.linearInterval, `${field}.trafficRoutingConfig.timeBasedLinear.linearInterval`);
    if (isErr(i)) return i;
    return { name, config: { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: p, linearInterval: i } } };
  }
  return invalidParameter(`${field}.trafficRoutingConfig.type`, t.type, 'AllAtOnce, TimeBasedCanary or TimeBasedLinear', 'type must be AllAtOnce, TimeBasedCanary or TimeBasedLinear.');
}
