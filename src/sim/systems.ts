/**
 * The engine's parts, in the order they run. Setup steps build a scenario's starting state;
 * systems run once per fixed step. Each ECS concept adds its entries here and nowhere else in the
 * engine loop.
 */
import type { Simulation } from './engine';
import type { Scenario } from './scenario/schema';
import { advanceTasks, runTimers } from './tasks';
import { applyTraffic } from './traffic';
import { checkTargetHealth, setupLoadBalancers } from './health';
import { reconcileServices } from './services';
import { evaluateAlarms } from './deployments/alarms';
import { setupDeployments } from './deployments/actions';
import { setupNamespaces } from './discovery/cloudmap';
import { setupCapacityProviders } from './capacity/registry';
import { flagDaemonsAtSetup, runCapacityProviders } from './capacity/system';
import { runAutoScaling, setupAutoScaling } from './autoscaling/system';
import { setupAppRunner } from './apprunner/actions';
import { runAppRunner } from './apprunner/model';
import { accrueCost } from './cost';
import { runExpress, setupExpress } from './express/actions';
import { dispatch } from './commands';

export interface SetupError { field: string; value: unknown; accepted: string; message: string }

/** Builds part of the starting state from the scenario; returns the first error, naming the field. */
export type SetupStep = (sim: Simulation, scenario: Scenario) => SetupError | null;

/** Runs once per step at simulated time `now`. */
export type System = (sim: Simulation, now: number) => void;

/** After instances and task definitions, before services (services refer to what these create). */
export const SETUP_BEFORE_SERVICES: SetupStep[] = [setupLoadBalancers, setupNamespaces, setupCapacityProviders];

/** After services exist (scaling targets and policies refer to services). */
export const SETUP_AFTER_SERVICES: SetupStep[] = [setupDeployments, setupAutoScaling, setupAppRunner,
  (sim, s) => setupExpress(sim, s, dispatch), flagDaemonsAtSetup];

export const SYSTEMS: { name: string; run: System }[] = [
  { name: 'timers', run: runTimers },
  { name: 'lifecycle', run: advanceTasks },
  { name: 'traffic', run: applyTraffic },
  { name: 'apprunner', run: runAppRunner },
  { name: 'health', run: checkTargetHealth },
  { name: 'alarms', run: evaluateAlarms },
  { name: 'autoscaling', run: runAutoScaling },
  { name: 'capacity', run: runCapacityProviders },
  { name: 'scheduler', run: reconcileServices },
  { name: 'express', run: runExpress },
  // Last: bills what the step left running (src/sim/cost.ts).
  { name: 'cost', run: accrueCost },
];
