/**
 * Launch throttling (§7.2, §11): Fargate's task-launch token bucket (100 burst, refilled at 20 a
 * second, On-Demand and Spot separately), the RunTask call rate (20 a second) and the rate at which
 * one service may launch tasks on Fargate (500 a minute).
 *
 * Services are throttled quietly: the scheduler simply launches what the buckets allow and tries
 * again on the next step. A RunTask call the bucket cannot serve fails as a whole with
 * "ThrottlingException: Rate exceeded", and the caller retries (worked example 26).
 */
import type { Simulation } from '../engine';
import type { ApiError } from '../errors';
import { capacityState, FARGATE_BUCKET, RUN_TASK_CALLS, SERVICE_LAUNCHES_PER_MINUTE } from './state';

/** Refills the buckets for the time passed since the last refill. */
export function refill(sim: Simulation): void {
  const b = capacityState(sim).buckets;
  const dt = sim.t - b.at;
  if (dt <= 0) return;
  b.onDemand = Math.min(FARGATE_BUCKET.burst, b.onDemand + FARGATE_BUCKET.perSecond * dt);
  b.spot = Math.min(FARGATE_BUCKET.burst, b.spot + FARGATE_BUCKET.perSecond * dt);
  b.runTaskCalls = Math.min(RUN_TASK_CALLS.burst, b.runTaskCalls + RUN_TASK_CALLS.perSecond * dt);
  b.at = sim.t;
}

/** Takes up to `n` launch tokens from the On-Demand or Spot bucket; returns how many it got. */
export function takeLaunchTokens(sim: Simulation, spot: boolean, n: number): number {
  refill(sim);
  const b = capacityState(sim).buckets;
  const have = Math.floor(spot ? b.spot : b.onDemand);
  const got = Math.max(0, Math.min(n, have));
  if (spot) b.spot -= got; else b.onDemand -= got;
  return got;
}

/** Gives back tokens taken for launches that did not happen. */
export function returnLaunchTokens(sim: Simulation, spot: boolean, n: number): void {
  if (n <= 0) return;
  const b = capacityState(sim).buckets;
  if (spot) b.spot = Math.min(FARGATE_BUCKET.burst, b.spot + n);
  else b.onDemand = Math.min(FARGATE_BUCKET.burst, b.onDemand + n);
}

function recent(sim: Simulation, service: string): number[] {
  const cs = capacityState(sim);
  let list = cs.serviceLaunches.get(service);
  if (!list) { list = []; cs.serviceLaunches.set(service, list); }
  while (list.length && list[0]! <= sim.t - 60) list.shift();
  return list;
}

/** How many more Fargate tasks the service may launch within the last minute's 500 (§11). */
export function serviceLaunchAllowance(sim: Simulation, service: string): number {
  return Math.max(0, SERVICE_LAUNCHES_PER_MINUTE - recent(sim, service).length);
}

export function noteServiceLaunches(sim: Simulation, service: string, n: number): void {
  const list = recent(sim, service);
  for (let k = 0; k < n; k++) list.push(sim.t);
}

/** The buckets as `refill` would leave them now, without writing them. */
function refilled(sim: Simulation): { runTaskCalls: number; onDemand: number; spot: number } {
  const b = capacityState(sim).buckets;
  const dt = sim.t - b.at;
  if (dt <= 0) return b;
  return {
    onDemand: Math.min(FARGATE_BUCKET.burst, b.onDemand + FARGATE_BUCKET.perSecond * dt),
    spot: Math.min(FARGATE_BUCKET.burst, b.spot + FARGATE_BUCKET.perSecond * dt),
    runTaskCalls: Math.min(RUN_TASK_CALLS.burst, b.runTaskCalls + RUN_TASK_CALLS.perSecond * dt),
  };
}

/**
 * RunTask on Fargate: a ThrottlingException if the call token or the `count` launch tokens are
 * not there (§7.2). Changes nothing: a throttled call is a rejected call.
 */
export function runTaskThrottled(sim: Simulation, spot: boolean, count: number): ApiError | null {
  const b = refilled(sim);
  const tokens = spot ? b.spot : b.onDemand;
  if (b.runTaskCalls >= 1 && tokens >= count) return null;
  const which = b.runTaskCalls < 1 ? `the RunTask call rate (${RUN_TASK_CALLS.perSecond} calls per second)`
    : `the Fargate ${spot ? 'Spot' : 'On-Demand'} task launch rate (${FARGATE_BUCKET.burst} burst, ${FARGATE_BUCKET.perSecond} tasks per second; ${Math.floor(tokens)} left)`;
  return { code: 'ClientException', field: 'count', value: count, accepted: 'a launch within the token bucket; retry after a short wait',
    message: `ThrottlingException: Rate exceeded. This call exceeds ${which}.` };
}

/** Takes one call token and `count` launch tokens for an admitted RunTask (see runTaskThrottled). */
export function takeRunTaskTokens(sim: Simulation, spot: boolean, count: number): void {
  refill(sim);
  const b = capacityState(sim).buckets;
  b.runTaskCalls -= 1;
  if (spot) b.spot -= count; else b.onDemand -= count;
}
