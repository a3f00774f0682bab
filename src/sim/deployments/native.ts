/**
 * ECS-native blue/green, linear and canary deployments (2025+, controller ECS, §4.2).
 *
 * A new revision (green) starts beside the serving one (blue) and the deployment walks the
 * lifecycle stages in order: RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP (green to full size),
 * POST_SCALE_UP, TEST_TRAFFIC_SHIFT (the test listener rule to green), POST_TEST_TRAFFIC_SHIFT,
 * PRE_PRODUCTION_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT (listener weights move by the strategy's
 * plan), POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME (both run; rollback is a weight flip) and
 * CLEAN_UP (blue scales away). Hooks run on every stage but SCALE_UP, BAKE_TIME and CLEAN_UP, once
 * the stage's own work is done (modelled order). Any stage may last 24 h; longer fails the run.
 * The circuit breaker does not apply; deployment alarms do (§4.2, §3.3).
 */
import type { Simulation } from '../engine';
import type { Service } from '../model';
import type { BlueGreenRun, NativeStage } from './types';
import { NATIVE_STAGES } from './types';
import { newDeployment, say } from '../services';
import { settingsOf, sideTargetGroups } from './config';
import { currentlyInAlarm } from './alarms';
import { nativePlan } from './plans';
import { blueOf, greenOf, healthyCount, queueHooks, rollbackRun, setGreenPercent, setTestListener, stepHooks, taskCount } from './bluegreen';

/** Longest a single stage may last (§4.2 [2nd]). */
export const STAGE_LIMIT_SECONDS = 24 * 3600;

/**
 * Starts a native blue/green, linear or canary deployment of `taskDefinition` and returns the
 * green deployment. A run already in progress is superseded: its green revision is scaled away
 * during RECONCILE_SERVICE and traffic returns to blue first.
 */
export function startNativeRun(sim: Simulation, svc: Service, taskDefinition: string, reason: string) {
  const s = settingsOf(svc);
  const prior = svc.blueGreen ?? null;
  const blue = prior ? blueOf(svc, prior)! : svc.deployments.find((d) => d.status === 'PRIMARY' && d.rolloutState === 'COMPLETED') ?? svc.deployments[0]!;
  const blueSide = s.productionSide;
  const greenSide = blueSide === 'primary' ? 'alternate' : 'primary';
  const green = newDeployment(sim, svc, taskDefinition, sideTargetGroups(s, greenSide));
  const superseded = svc.deployments.filter((d) => d !== blue).map((d) => d.id);
  for (const d of svc.deployments) if (d !== blue && d.rolloutState === 'IN_PROGRESS') {
    d.rolloutState = 'FAILED';
    d.rolloutStateReason = `Superseded by deployment ${green.id}.`;
    sim.emit({ t: sim.t, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: d.id,
      eventName: 'SERVICE_DEPLOYMENT_FAILED', taskDefinition: d.taskDefinition, reason: d.rolloutStateReason });
  }
  blue.status = 'ACTIVE';
  svc.deployments = [green, blue, ...svc.deployments.filter((d) => d !== blue)];
  const run: BlueGreenRun = {
    controller: 'ECS', configuration: s.strategy, codeDeployId: null, blueId: blue.id, greenId: green.id,
    supersededIds: superseded, blueTargetGroups: sideTargetGroups(s, blueSide), greenTargetGroups: s.targetGroupPairs.length ? sideTargetGroups(s, greenSide) : [],
    stage: 'RECONCILE_SERVICE', stageStartedAt: sim.t, hooksQueued: [], hook: null, plan: nativePlan(s), nextStep: 0,
    shiftStartedAt: null, greenPercent: 0, testOnGreen: false,
    ignoredAlarms: currentlyInAlarm(sim, s.alarms?.enable ? s.alarms.alarmNames : []),
    shiftDesired: null, scaledDuringShiftAt: null, greenScaled: false, blueScaledDown: false,
  };
  svc.blueGreen = run;
  svc.steady = false;
  svc.stuckAnnounced = false;
  svc.throttle = { failures: 0, nextLaunchAt: 0, announced: false };
  if (prior) { setGreenPercent(sim, svc, prior, 0); setTestListener(sim, svc, prior, false); }
  if (run.greenTargetGroups.length) setGreenPercent(sim, svc, run, 0);
  sim.emit({ t: sim.t, type: 'DeploymentStateChange', service: svc.serviceName, deploymentId: green.id,
    eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', taskDefinition, reason: `${reason} (${s.strategy} deployment; blue revision ${blue.taskDefinition})` });
  enter(sim, svc, run, 'RECONCILE_SERVICE');
  return green;
}

function enter(sim: Simulation, svc: Service, run: BlueGreenRun, stage: NativeStage): void {
  run.stage = stage;
  run.stageStartedAt = sim.t;
  queueHooks(run, settingsOf(svc).lifecycleHooks, stage);
  say(sim, svc, `(deployment ${run.greenId}) entered lifecycle stage ${stage}.`);
}

/** The stage's own work; true when it is done. */
function stageWork(sim: Simulation, svc: Service, run: BlueGreenRun, now: number): boolean {
  const s = settingsOf(svc);
  switch (run.stage as NativeStage) {
    case 'RECONCILE_SERVICE':
      // Older revisions other than blue scale away before green starts.
      return run.supersededIds.every((id) => taskCount(sim, svc, svc.deployments.find((d) => d.id === id)) === 0);
    case 'SCALE_UP':
      run.greenScaled = true;
      return healthyCount(sim, svc, greenOf(svc, run)) >= svc.desiredCount;
    case 'TEST_TRAFFIC_SHIFT':
      setTestListener(sim, svc, run, true);
      return true;
    case 'PRODUCTION_TRAFFIC_SHIFT': {
      if (!run.greenTargetGroups.length) {
        if (run.shiftStartedAt === null) { run.shiftStartedAt = now; say(sim, svc, `(deployment ${run.greenId}) has no load balancer or Service Connect: traffic shifting is not managed.`); }
        return true;
      }
      run.shiftStartedAt ??= now;
      while (run.nextStep < run.plan.length && now >= run.shiftStartedAt + run.plan[run.nextStep]!.atSeconds) {
        setGreenPercent(sim, svc, run, run.plan[run.nextStep]!.greenPercent);
        run.nextStep++;
      }
      return run.nextStep >= run.plan.length;
    }
    case 'BAKE_TIME':
      return now >= run.stageStartedAt + s.bakeTimeInMinutes * 60;
    case 'CLEAN_UP':
      run.blueScaledDown = true;
      return taskCount(sim, svc, blueOf(svc, run)) === 0;
    default:
      return true;
  }
}

/** Advances the stage machine as far as it can go this step. */
export function advanceNative(sim: Simulation, svc: Service, run: BlueGreenRun, now: number): void {
  for (let guard = 0; guard < NATIVE_STAGES.length + 1; guard++) {
    if (now - run.stageStartedAt > STAGE_LIMIT_SECONDS) {
      rollbackRun(sim, svc, run, `lifecycle stage ${run.stage} did not finish within 24 hours`);
      return;
    }
    if (!stageWork(sim, svc, run, now)) return;
    const hooks = stepHooks(sim, svc, run, now, (m) => say(sim, svc, `(deployment ${run.greenId}) ${m}`));
    if (hooks === 'waiting') return;
    if (hooks !== 'done') { rollbackRun(sim, svc, run, hooks.failed); return; }
    const i = NATIVE_STAGES.indexOf(run.stage as NativeStage);
    if (i === NATIVE_STAGES.length - 1) {
      run.stage = 'DONE';
      return;
    }
    enter(sim, svc, run, NATIVE_STAGES[i + 1]!);
  }
}
