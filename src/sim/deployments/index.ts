/**
 * Deployments (§3, §4): rolling updates with the circuit breaker and alarms, ECS-native
 * blue/green, linear and canary, and CodeDeploy blue/green. The scheduler (services.ts) calls in
 * here; other parts of the engine read `deploymentInProgress`.
 */
export { deploymentInProgress } from './status';
export { breakerThreshold } from './breaker';
export { rollingBounds } from './rolling';
export { codeDeployPlan, nativePlan, linearPlan, canaryPlan, CODEDEPLOY_PREDEFINED } from './plans';
export { revisionShares } from './bluegreen';
export { findAlarm, allAlarms, evaluateAlarms } from './alarms';
export { deploymentActions, setupDeployments, attachDeploymentSettings, deploymentSettingsFor, planDeploymentSettings } from './actions';
export { LINEAR_DEFAULTS, CANARY_DEFAULTS, NATIVE_BAKE_DEFAULT_MINUTES } from './config';
export type * from './types';
