/**
 * The API actions of capacity, scaling and App Runner, as one map that `commands.ts` spreads into
 * its ACTIONS:
 *
 * - ECS capacity providers: CreateCapacityProvider, PutClusterCapacityProviders (§6);
 *   EC2 Auto Scaling: UpdateAutoScalingGroup; the fault InterruptSpotCapacity (§6.2, §6.3).
 * - Application Auto Scaling: RegisterScalableTarget, DeregisterScalableTarget, PutScalingPolicy,
 *   DeleteScalingPolicy, PutScheduledAction, DeleteScheduledAction (§5).
 * - Names ECS shares with App Runner, dispatched on the request's shape: a request with
 *   PascalCase `ServiceName` or `ServiceArn` is App Runner's `CreateService` / `UpdateService`;
 *   anything else goes to the ECS action. `SetTraffic` on an App Runner service's name sets its
 *   load.
 * - RunTask gains Fargate launch throttling (§7.2) and capacity-provider strategy checks (§6.1).
 *
 * @example
 * sim.act('UpdateService', { service: 'web', desiredCount: 6 });                  // ECS
 * sim.act('UpdateService', { ServiceName: 'shop', AutoScalingConfiguration: { MaxSize: 10 } }); // App Runner
 */
import type { Simulation } from '../engine';
import type { CommandResult, RunTaskPlan } from '../commands';
import { invalidParameter, type ApiError } from '../errors';
import { capacityState, isFargateProvider } from './state';
import { checkStrategy, createCapacityProvider, putClusterCapacityProviders } from './registry';
import { setDesiredCapacity } from './asg';
import { interruptSpotCapacity } from './spot';
import { runTaskThrottled, takeRunTaskTokens } from './throttle';
import { createAppRunnerService, isAppRunnerRequest, updateAppRunnerService } from '../apprunner/actions';
import { appRunnerServices } from '../apprunner/model';
import {
  deleteScalingPolicy, deleteScheduledAction, deregisterScalableTarget, putScalingPolicy, putScheduledAction, registerScalableTarget,
} from '../autoscaling/targets';

type Req = Record<string, unknown>;
type Handler = (sim: Simulation, req: Req) => CommandResult;

const isErr = (x: unknown): x is ApiError => typeof x === 'object' && x !== null && 'message' in x && 'field' in x;

const createProvider: Handler = (sim, req) => {
  const r = createCapacityProvider(sim, req);
  return isErr(r) ? { ok: false, error: r } : { ok: true, value: { capacityProvider: { name: r.name, status: 'ACTIVE' } } };
};

const putProviders: Handler = (sim, req) => {
  const e = putClusterCapacityProviders(sim, req);
  return e ? { ok: false, error: e } : { ok: true };
};

const updateAutoScalingGroup: Handler = (sim, req) => {
  const cs = capacityState(sim);
  const p = [...cs.providers.values()].find((x) => x.autoScalingGroupName === req.AutoScalingGroupName);
  if (!p) return { ok: false, error: invalidParameter('AutoScalingGroupName', req.AutoScalingGroupName, `an Auto Scaling group of a capacity provider: ${[...cs.providers.values()].map((x) => x.autoScalingGroupName).join(', ') || '(none)'}`, `ValidationError: AutoScalingGroup name not found - ${String(req.AutoScalingGroupName)}`) };
  const num = (v: unknown, field: string): number | undefined | ApiError =>
    v === undefined ? undefined : typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1000 ? v
      : invalidParameter(field, v, 'a whole number from 0 to 1000', `${field} must be a whole number from 0 to 1000.`);
  const min = num(req.MinSize, 'MinSize');
  const max = num(req.MaxSize, 'MaxSize');
  const desired = num(req.DesiredCapacity, 'DesiredCapacity');
  for (const v of [min, max, desired]) if (isErr(v)) return { ok: false, error: v };
  const lo = (min as number | undefined) ?? p.minSize;
  const hi = (max as number | undefined) ?? p.maxSize;
  if (lo > hi) return { ok: false, error: invalidParameter('MinSize', lo, `at most MaxSize (${hi})`, `ValidationError: Max bound, ${hi}, must be greater than or equal to min bound, ${lo}`) };
  const d = (desired as number | undefined) ?? Math.max(lo, Math.min(hi, p.desiredCapacity));
  if (d < lo || d > hi) return { ok: false, error: invalidParameter('DesiredCapacity', d, `from MinSize ${lo} to MaxSize ${hi}`, `ValidationError: Desired capacity:${d} must be between the specified min size:${lo} and max size:${hi}`) };
  p.minSize = lo;
  p.maxSize = hi;
  setDesiredCapacity(sim, p, d, 'UpdateAutoScalingGroup: a user request changed the group');
  return { ok: true };
};

/** The ECS RunTask, checked then applied (commands.ts). */
export interface RunTaskSteps {
  plan(sim: Simulation, req: Req): RunTaskPlan | ApiError;
  apply(sim: Simulation, plan: RunTaskPlan): CommandResult;
}

/** RunTask through capacity providers: strategy checks, Fargate throttling, waiting for ASG capacity. */
function runTask(ecs: RunTaskSteps): Handler {
  return (sim, req) => {
    const e = checkStrategy(sim, req.capacityProviderStrategy, 'capacityProviderStrategy');
    if (e) return { ok: false, error: e };
    const strategy = (req.capacityProviderStrategy as { capacityProvider: string }[] | undefined)
      ?? (req.launchType === undefined ? sim.scenario.cluster.defaultCapacityProviderStrategy : undefined) ?? [];
    const provider = strategy[0]?.capacityProvider ?? null;
    const count = typeof req.count === 'number' ? req.count : 1;
    const fargate = req.launchType === 'FARGATE' || isFargateProvider(provider);
    const throttled = fargate && Number.isInteger(count) && count >= 1 && count <= 10;
    if (throttled) {
      const refused = runTaskThrottled(sim, provider === 'FARGATE_SPOT', count);
      if (refused) return { ok: false, error: refused };
    }
    const plan = ecs.plan(sim, req);
    if (isErr(plan)) return { ok: false, error: plan };
    if (throttled) takeRunTaskTokens(sim, provider === 'FARGATE_SPOT', count);
    // On an Auto Scaling group provider the ECS handler launches through the provider: what does
    // not fit waits in PROVISIONING instead of failing (§6.3).
    return ecs.apply(sim, plan);
  };
}

/**
 * The map to spread into ACTIONS. `ecs` holds the ECS handlers that share a name with App Runner
 * or that capacity providers extend.
 */
export function capacityAndScalingActions(ecs: { CreateService: Handler; UpdateService: Handler; RunTask: RunTaskSteps; SetTraffic: Handler }): Record<string, Handler> {
  return {
    CreateCapacityProvider: createProvider,
    PutClusterCapacityProviders: putProviders,
    UpdateAutoScalingGroup: updateAutoScalingGroup,
    InterruptSpotCapacity: interruptSpotCapacity,
    RegisterScalableTarget: registerScalableTarget,
    DeregisterScalableTarget: deregisterScalableTarget,
    PutScalingPolicy: putScalingPolicy,
    DeleteScalingPolicy: deleteScalingPolicy,
    PutScheduledAction: putScheduledAction,
    DeleteScheduledAction: deleteScheduledAction,
    CreateService: (sim, req) => {
      if (isAppRunnerRequest(req)) return createAppRunnerService(sim, req);
      const e = checkStrategy(sim, req.capacityProviderStrategy, 'capacityProviderStrategy');
      return e ? { ok: false, error: e } : ecs.CreateService(sim, req);
    },
    UpdateService: (sim, req) => (isAppRunnerRequest(req) ? updateAppRunnerService(sim, req) : ecs.UpdateService(sim, req)),
    RunTask: runTask(ecs.RunTask),
    SetTraffic: (sim, req) => {
      const target = req.target;
      if (typeof target !== 'string' || !appRunnerServices(sim).has(target)) return ecs.SetTraffic(sim, req);
      const rps = req.requestsPerSecond;
      if (typeof rps !== 'number' || !(rps >= 0)) return { ok: false, error: invalidParameter('requestsPerSecond', rps, 'a number of requests per second, 0 or more', 'requestsPerSecond must be a number, 0 or more.') };
      const ramp = typeof req.rampSeconds === 'number' && req.rampSeconds >= 0 ? req.rampSeconds : 0;
      // Keep the list in time order: a later scenario entry still takes over when its time comes.
      const i = sim.traffic.findIndex((x) => x.at > sim.t);
      sim.traffic.splice(i < 0 ? sim.traffic.length : i, 0, { at: sim.t, target, requestsPerSecond: rps, rampSeconds: ramp });
      return { ok: true };
    },
  };
}
