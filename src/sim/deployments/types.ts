/**
 * Plain-data shapes of the deployment machinery (§3, §4): a service's strategy settings, a
 * blue/green run in progress, traffic plans, lifecycle hooks and CloudWatch alarms. Everything
 * here is structuredClone-able so a checkpoint of the engine carries it.
 */

/** `deploymentConfiguration.strategy` (§4.2). */
export type Strategy = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';

/** The lifecycle stages of an ECS-native blue/green, linear or canary deployment, in order (§4.2). */
export const NATIVE_STAGES = [
  'RECONCILE_SERVICE', 'PRE_SCALE_UP', 'SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT', 'PRE_PRODUCTION_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP',
] as const;
export type NativeStage = typeof NATIVE_STAGES[number];

/** Stages where a lifecycle hook may run: all but SCALE_UP, BAKE_TIME and CLEAN_UP (§4.2). */
export const HOOKABLE_STAGES: readonly NativeStage[] = NATIVE_STAGES.filter((s) => s !== 'SCALE_UP' && s !== 'BAKE_TIME' && s !== 'CLEAN_UP');

/** The CodeDeploy lifecycle events of an ECS deployment, in order (§4.1). Hooks run on five of them. */
export const CODEDEPLOY_EVENTS = [
  'BeforeInstall', 'Install', 'AfterInstall', 'AllowTestTraffic', 'AfterAllowTestTraffic',
  'BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic',
] as const;
export type CodeDeployEvent = typeof CODEDEPLOY_EVENTS[number];
export const CODEDEPLOY_HOOK_EVENTS: readonly CodeDeployEvent[] = ['BeforeInstall', 'AfterInstall', 'AfterAllowTestTraffic', 'BeforeAllowTraffic', 'AfterAllowTraffic'];

/**
 * What a hook's function does in the simulation (the `sim` object of a hook): it runs for
 * `durationSeconds`, then reports SUCCEEDED or FAILED; TEST_GREEN sends test requests to the green
 * tasks and fails if any green target would not answer them.
 */
export interface HookBehaviour { durationSeconds: number; result: 'SUCCEEDED' | 'FAILED' | 'TEST_GREEN' }

/** A lifecycle hook: a function (by name or ARN) attached to stages or lifecycle events. */
export interface Hook { target: string; stages: string[]; sim: HookBehaviour }

/** One step of a traffic plan: `atSeconds` after production traffic starts to move, green gets `greenPercent`. */
export interface TrafficStep { atSeconds: number; greenPercent: number }

/** A CodeDeploy deployment group for an ECS service (scenario `codeDeploy[]`, §4.1). */
export interface CodeDeployGroup {
  deploymentConfigName: string;
  /** Minutes the original (blue) task set keeps running after traffic moved (max 2880, §4.1). */
  terminationWaitTimeInMinutes: number;
  /** Minutes to wait before rerouting production traffic (deploymentReadyOption, max 120 h, §4.1). */
  waitTimeInMinutes: number;
  /** Alarms of the deployment group (alarmConfiguration): any in ALARM stops and rolls back. */
  alarmNames: string[];
  hooks: Hook[];
  /** A test listener is configured (testTrafficRoute). */
  testTrafficRoute: boolean;
}

/** The deployment settings of a service beyond the rolling percents (§3.3, §4). */
export interface DeploymentSettings {
  controller: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
  strategy: Strategy;
  /** Minutes blue and green both run after production traffic fully shifted (§4.2). */
  bakeTimeInMinutes: number;
  linearConfiguration: { stepPercent: number; stepBakeTimeInMinutes: number };
  canaryConfiguration: { canaryPercent: number; canaryBakeTimeInMinutes: number };
  /** Deployment alarms (§3.3); null when not configured. */
  alarms: { alarmNames: string[]; enable: boolean; rollback: boolean } | null;
  /** ECS-native lifecycle hooks (§4.2). */
  lifecycleHooks: Hook[];
  /** Circuit breaker: count consecutive failures (reset when a task turns healthy) (§3.3, [2nd]). */
  resetOnHealthyTask: boolean;
  /** One pair per `loadBalancers[]` entry: the target group and its alternate (blue/green). */
  targetGroupPairs: { primary: string; alternate: string | null }[];
  /** Whether a test listener rule exists (native `testListenerRule`, CodeDeploy `testTrafficRoute`). */
  testListener: boolean;
  /** The side of each pair that production traffic reaches now. */
  productionSide: 'primary' | 'alternate';
  /** The CodeDeploy deployment group, for a CODE_DEPLOY service that has one. */
  codeDeploy: CodeDeployGroup | null;
}

/** A hook invocation in progress. */
export interface RunningHook { target: string; stage: string; until: number; behaviour: HookBehaviour }

/** A blue/green, linear, canary (ECS-native) or CodeDeploy deployment in progress (§4). */
export interface BlueGreenRun {
  controller: 'ECS' | 'CODE_DEPLOY';
  /** BLUE_GREEN / LINEAR / CANARY, or the CodeDeploy configuration name. */
  configuration: string;
  /** CodeDeploy's deployment id (`d-XXXXXXXXX`), or null for ECS-native. */
  codeDeployId: string | null;
  blueId: string;
  greenId: string;
  /** Deployments being scaled away because a newer one superseded them (RECONCILE_SERVICE). */
  supersededIds: string[];
  blueTargetGroups: string[];
  greenTargetGroups: string[];
  /** Native stage or CodeDeploy lifecycle event, or a wait (`WaitForReroute`, `TerminationWait`). */
  stage: string;
  stageStartedAt: number;
  /** Hooks of the current stage still to run, then the one running. */
  hooksQueued: Hook[];
  hook: RunningHook | null;
  plan: TrafficStep[];
  nextStep: number;
  shiftStartedAt: number | null;
  greenPercent: number;
  /** The test listener routes to green. */
  testOnGreen: boolean;
  /** Alarms already in ALARM when the deployment started: ignored for it (§3.3). */
  ignoredAlarms: string[];
  /** Desired count when traffic shifting began, and when it last changed during the shift (§4.1). */
  shiftDesired: number | null;
  scaledDuringShiftAt: number | null;
  /** Whether green's tasks should be running (after SCALE_UP / Install starts). */
  greenScaled: boolean;
  /** Whether blue is being scaled away (CLEAN_UP / original task set termination). */
  blueScaledDown: boolean;
}

export type AlarmMetric =
  | 'CPUUtilization' | 'MemoryUtilization' | 'RequestCount' | 'HTTPCode_Target_5XX_Count' | 'HTTPCode_ELB_5XX_Count'
  | 'TargetResponseTime' | 'UnHealthyHostCount' | 'HTTPCode_4XX_5XX_Percent';

export type ComparisonOperator =
  | 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

/** A CloudWatch metric alarm on one service's metrics, evaluated once per period (model). */
export interface AlarmState {
  alarmName: string;
  service: string;
  metricName: AlarmMetric;
  statistic: 'Average' | 'Sum' | 'p50' | 'Maximum';
  comparisonOperator: ComparisonOperator;
  threshold: number;
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: 'missing' | 'notBreaching' | 'breaching' | 'ignore';
  state: 'INSUFFICIENT_DATA' | 'OK' | 'ALARM';
  stateReason: string;
  stateChangedAt: number;
  /** Most recent datapoints, newest last (null = missing). */
  datapoints: (number | null)[];
  /** Per-second samples of the period in progress. */
  acc: { seconds: number; requests: number; errors: number; elbErrors: number; latencySum: number; latencySeconds: number; cpuSum: number; memSum: number; unhealthyMax: number };
}
