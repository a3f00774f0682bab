/**
 * Blue/green deployments run by CodeDeploy (controller CODE_DEPLOY, §4.1).
 *
 * A CodeDeploy deployment (`CreateDeployment`) creates a replacement (green) task set in the
 * service's alternate target group and walks the lifecycle events in order: BeforeInstall,
 * Install (green task set to full size and steady), AfterInstall, AllowTestTraffic (the test
 * listener to green), AfterAllowTestTraffic, an optional wait before rerouting
 * (deploymentReadyOption, up to 120 h), BeforeAllowTraffic, AllowTraffic (production weights move
 * by the deployment configuration), AfterAllowTraffic, then the original task set keeps running for
 * the termination wait before it is terminated. Each lifecycle event must finish within 3600 s.
 * Failure, a failed hook or an alarm of the deployment group rolls back: traffic returns to the
 * original task set. A scaling event during AllowTraffic gives the task sets 5 minutes to be steady.
 */
import type { Simulation } from '../engine';
import type { Service } from '../model';
import type { BlueGreenRun, CodeDeployGroup } from './types';
import { CODEDEPLOY_EVENTS } from './types';
import { newDeployment } from '../services';
import { settingsOf, sideTargetGroups } from './config';
import { currentlyInAlarm } from './alarms';
import { codeDeployPlan, CODEDEPLOY_DEFAULT_CONFIG, CODEDEPLOY_PREDEFINED, type TrafficRoutingConfig } from './plans';
import { blueOf, greenOf, healthyCount, queueHooks, rollbackRun, setGreenPercent, setTestListener, stepHooks, taskCount } from './bluegreen';
import { nextU32 } from '../rng';

/** Each lifecycle event must finish within this many seconds (§4.1). */
export const LIFECYCLE_EVENT_LIMIT_SECONDS = 3600;
/** A scaling event during traffic shifting: the task sets must be steady again within this (§4.1). */
export const SCALING_DURING_SHIFT_SECONDS = 300;

const STAGES = ['BeforeInstall', 'Install', 'AfterInstall', 'AllowTestTraffic', 'AfterAllowTestTraffic', 'WaitForReroute',
  'BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic', 'TerminationWait', 'TerminateOriginal'] as const;
type Stage = typeof STAGES[number];

/** Registers a custom deployment configuration (CreateDeploymentConfig); false if the name is taken. */
export function registerDeploymentConfig(sim: Simulation, name: string, config: TrafficRoutingConfig): boolean {
  const m = sim.codeDeployConfigs;
  if (m.has(name)) return false;
  m.set(name, config);
  return true;
}

/** A predefined (§4.1 table) or custom configuration by name, or null. */
export function deploymentConfig(sim: Simulation, name: string): TrafficRoutingConfig | null {
  return CODEDEPLOY_PREDEFINED[name] ?? sim.codeDeployConfigs.get(name) ?? null;
}

export function knownConfigNames(sim: Simulation): string[] {
  return [...Object.keys(CODEDEPLOY_PREDEFINED), ...sim.codeDeployConfigs.keys()];
}

function codeDeployId(sim: Simulation): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let id = 'd-';
  for (let i = 0; i < 9; i++) id += chars[nextU32(sim.rng) % chars.length];
  return id;
}

/** The service's deployment group, or the defaults CodeDeploy would use for one. */
export function groupOf(svc: Service): CodeDeployGroup {
  return settingsOf(svc).codeDeploy ?? {
    deploymentConfigName: CODEDEPLOY_DEFAULT_CONFIG, terminationWaitTimeInMinutes: 60, waitTimeInMinutes: 0,
    alarmNames: [], hooks: [], testTrafficRoute: false,
  };
}

/** Starts a CodeDeploy deployment (validated by the action); returns the run. */
export function startCodeDeployRun(sim: Simulation, svc: Service, taskDefinition: string, configName: string): BlueGreenRun {
  const s = settingsOf(svc);
  const group = groupOf(svc);
  const blue = svc.deployments[0]!;
  const blueSide = s.productionSide;
  const greenSide = blueSide === 'primary' ? 'alternate' : 'primary';
  const green = newDeployment(sim, svc, taskDefinition, sideTargetGroups(s, greenSide));
  green.status = 'ACTIVE';
  green.ignoredAlarms = currentlyInAlarm(sim, group.alarmNames);
  svc.deployments = [blue, green, ...svc.deployments.filter((d) => d !== blue)];
  const run: BlueGreenRun = {
    controller: 'CODE_DEPLOY', configuration: configName, codeDeployId: codeDeployId(sim), blueId: blue.id, greenId: green.id,
    supersededIds: [], blueTargetGroups: sideTargetGroups(s, blueSide), greenTargetGroups: sideTargetGroups(s, greenSide),
    stage: 'BeforeInstall', stageStartedAt: sim.t, hooksQueued: [], hook: null,
    plan: codeDeployPlan(deploymentConfig(sim, configName)!), nextStep: 0, shiftStartedAt: null, greenPercent: 0,
    testOnGreen: false, ignoredAlarms: green.ignoredAlarms, shiftDesired: null, scaledDuringShiftAt: null,
    greenScaled: false, blueScaledDown: false,
  };
  svc.blueGreen = run;
  svc.steady = false;
  svc.throttle = { failures: 0, nextLaunchAt: 0, announced: false };
  setGreenPercent(sim, svc, run, 0);
  sim.emit({ t: sim.t, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: green.id,
    eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', taskDefinition,
    reason: `CodeDeploy deployment ${run.codeDeployId} (${configName}) created a replacement task set; original task set ${blue.id} (${blue.taskDefinition})` });
  voice(sim, svc, run, `created with ${configName}; replacement task set ${green.id} will run ${taskDefinition}.`);
  enter(sim, svc, run, 'BeforeInstall');
  return run;
}

function voice(sim: Simulation, svc: Service, run: BlueGreenRun, message: string): void {
  sim.emit({ t: sim.t, type: 'ServiceEvent', service: svc.serviceName, message: `CodeDeploy deployment ${run.codeDeployId}: ${message}` });
}

function enter(sim: Simulation, svc: Service, run: BlueGreenRun, stage: Stage): void {
  run.stage = stage;
  run.stageStartedAt = sim.t;
  queueHooks(run, groupOf(svc).hooks, stage);
  if ((CODEDEPLOY_EVENTS as readonly string[]).includes(stage)) voice(sim, svc, run, `lifecycle event ${stage} in progress.`);
}

function stageWork(sim: Simulation, svc: Service, run: BlueGreenRun, now: number): boolean | string {
  const group = groupOf(svc);
  switch (run.stage as Stage) {
    case 'Install':
      run.greenScaled = true;
      return healthyCount(sim, svc, greenOf(svc, run)) >= svc.desiredCount;
    case 'AllowTestTraffic':
      if (group.testTrafficRoute) setTestListener(sim, svc, run, true);
      return true;
    case 'WaitForReroute':
      return now >= run.stageStartedAt + group.waitTimeInMinutes * 60;
    case 'AllowTraffic': {
      const desired = svc.desiredCount;
      if (run.shiftDesired !== null && desired !== run.shiftDesired) run.scaledDuringShiftAt ??= now;
      run.shiftDesired = desired;
      if (run.scaledDuringShiftAt !== null) {
        const steady = healthyCount(sim, svc, blueOf(svc, run)) >= desired && healthyCount(sim, svc, greenOf(svc, run)) >= desired;
        if (steady) run.scaledDuringShiftAt = null;
        else if (now - run.scaledDuringShiftAt > SCALING_DURING_SHIFT_SECONDS) return 'the task sets did not reach a steady state within 5 minutes of a scaling event during traffic shifting';
      }
      run.shiftStartedAt ??= now;
      while (run.nextStep < run.plan.length && now >= run.shiftStartedAt + run.plan[run.nextStep]!.atSeconds) {
        setGreenPercent(sim, svc, run, run.plan[run.nextStep]!.greenPercent);
        run.nextStep++;
      }
      if (run.nextStep < run.plan.length) return false;
      // Traffic has moved: the replacement task set becomes PRIMARY.
      const blue = blueOf(svc, run)!;
      const green = greenOf(svc, run)!;
      blue.status = 'ACTIVE';
      green.status = 'PRIMARY';
      svc.deployments = [green, ...svc.deployments.filter((d) => d !== green)];
      return true;
    }
    case 'TerminationWait':
      return now >= run.stageStartedAt + group.terminationWaitTimeInMinutes * 60;
    case 'TerminateOriginal':
      run.blueScaledDown = true;
      return taskCount(sim, svc, blueOf(svc, run)) === 0;
    default:
      return true;
  }
}

/** Advances the CodeDeploy lifecycle as far as it can go this step. */
export function advanceCodeDeploy(sim: Simulation, svc: Service, run: BlueGreenRun, now: number): void {
  for (let guard = 0; guard < STAGES.length + 1; guard++) {
    const isEvent = (CODEDEPLOY_EVENTS as readonly string[]).includes(run.stage);
    if (isEvent && now - run.stageStartedAt > LIFECYCLE_EVENT_LIMIT_SECONDS) {
      voice(sim, svc, run, `lifecycle event ${run.stage} failed: it did not finish within 60 minutes.`);
      rollbackRun(sim, svc, run, `CodeDeploy deployment ${run.codeDeployId}: lifecycle event ${run.stage} timed out after 3600 s`);
      return;
    }
    const work = stageWork(sim, svc, run, now);
    if (typeof work === 'string') {
      voice(sim, svc, run, `lifecycle event ${run.stage} failed: ${work}.`);
      rollbackRun(sim, svc, run, `CodeDeploy deployment ${run.codeDeployId}: ${work}`);
      return;
    }
    if (!work) return;
    const hooks = stepHooks(sim, svc, run, now, (m) => voice(sim, svc, run, m));
    if (hooks === 'waiting') return;
    if (hooks !== 'done') {
      voice(sim, svc, run, `lifecycle event ${run.stage} failed: ${hooks.failed}.`);
      rollbackRun(sim, svc, run, `CodeDeploy deployment ${run.codeDeployId}: ${hooks.failed}`);
      return;
    }
    if (isEvent) voice(sim, svc, run, `lifecycle event ${run.stage} succeeded.`);
    let i = STAGES.indexOf(run.stage as Stage) + 1;
    if (STAGES[i] === 'WaitForReroute' && groupOf(svc).waitTimeInMinutes === 0) i++;
    if (i >= STAGES.length) {
      voice(sim, svc, run, 'deployment succeeded: the original task set was terminated.');
      run.stage = 'DONE';
      return;
    }
    if (STAGES[i] === 'TerminationWait') voice(sim, svc, run, `waiting ${groupOf(svc).terminationWaitTimeInMinutes} minutes before terminating the original task set.`);
    enter(sim, svc, run, STAGES[i]!);
  }
}
