/**
 * The CLI's `Metrics` lines and final `Summary` (contract v1): counts as the ECS console shows them
 * (§2.4 for healthy), traffic figures from the traffic model, and cost from the price table.
 */
import type { Simulation } from './engine';
import type { Metrics, ServiceMetrics, Summary, SummaryTask } from './events';
import type { Task } from './model';
import { isHealthy, serviceTasks } from './services';
import { costPerHour } from './cost';
import { expressMetrics } from './express/report';
import { appRunnerMetrics, scalingMetrics, serviceScalingMetrics } from './capacity/report';
import { revisionShares } from './deployments/bluegreen';
import { dict } from './dict';

const PENDING_STATES = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);

/** Rounds for output so that the JSON stays short and stable. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function serviceMetrics(sim: Simulation, name: string): ServiceMetrics {
  const svc = sim.services.get(name)!;
  const tasks = serviceTasks(sim, svc);
  const byRev = dict<number>();
  // One pass (a service at scale has 5,000 tasks, and the page asks for every service each step).
  let running = 0, pending = 0, healthy = 0;
  for (const t of tasks) {
    byRev[t.taskDefinition] = (byRev[t.taskDefinition] ?? 0) + 1;
    if (t.lastStatus === 'RUNNING') running++;
    // Tasks waiting for Auto Scaling group capacity are PROVISIONING (§6.3).
    else if (PENDING_STATES.has(t.lastStatus)) pending++;
    if (isHealthy(t)) healthy++;
  }
  const s = svc.stats;
  const m: ServiceMetrics = {
    desiredCount: svc.desiredCount,
    runningCount: running,
    pendingCount: pending,
    healthyCount: healthy,
    totalCount: tasks.length,
    tasksByRevision: byRev,
    cpuUtilization: round(s.cpuUtilization, 1),
    memoryUtilization: round(s.memoryUtilization, 1),
    requestsPerSecond: round(s.requestsPerSecond, 1),
    p50LatencyMs: round(s.p50LatencyMs, 1),
    errorRate: round(s.errorRate, 4),
  };
  if (svc.trafficWeights) m.trafficWeights = dict(Object.entries(svc.trafficWeights));
  if (tasks.length) m.trafficByRevision = revisionShares(sim, svc);
  Object.assign(m, serviceScalingMetrics(sim, name));
  return m;
}

export function metricsEvent(sim: Simulation): Metrics {
  const services = dict<ServiceMetrics>();
  for (const name of sim.services.keys()) services[name] = serviceMetrics(sim, name);
  const express = expressMetrics(sim);
  return { t: sim.t, type: 'Metrics', services, appRunnerServices: appRunnerMetrics(sim), ...(express ? { expressServices: express } : {}), costUsdPerHour: round(costPerHour(sim), 4), ...scalingMetrics(sim) };
}

function summaryTask(sim: Simulation, t: Task): SummaryTask {
  return {
    taskId: t.taskId, taskDefinition: t.taskDefinition, lastStatus: t.lastStatus,
    availabilityZone: t.availabilityZone, containerInstanceId: sim.instanceOf(t)?.id ?? null,
    capacityProvider: t.capacityProvider,
  };
}

export function summary(sim: Simulation): Summary {
  const services: Summary['services'] = dict();
  for (const svc of sim.services.values()) {
    const tasks = serviceTasks(sim, svc);
    services[svc.serviceName] = {
      desiredCount: svc.desiredCount,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingCount: tasks.filter((t) => PENDING_STATES.has(t.lastStatus)).length,
      deployments: svc.deployments.map((d) => ({ id: d.id, status: d.status, taskDefinition: d.taskDefinition, rolloutState: d.rolloutState })),
      tasks: tasks.map((t) => summaryTask(sim, t)),
    };
  }
  return {
    t: sim.t, type: 'Summary', services,
    tasks: sim.tasks.filter((t) => !t.service && t.lastStatus !== 'STOPPED').map((t) => summaryTask(sim, t)),
    containerInstances: sim.instances.filter((i) => i.status !== 'DEREGISTERED').map((i) => ({
      id: i.id, instanceType: i.instanceType, availabilityZone: i.availabilityZone, status: i.status,
      remainingCpu: sim.core.instCpu[i.slot]!, remainingMemory: sim.core.instMem[i.slot]!,
      runningTasksCount: sim.tasks.filter((t) => t.instanceSlot === i.slot && t.lastStatus === 'RUNNING').length,
    })),
    appRunnerServices: appRunnerMetrics(sim),
    ...(sim.express.services.size ? { expressServices: expressMetrics(sim) } : {}),
    ...scalingMetrics(sim),
    costUsd: round(sim.costUsd, 4),
  };
}
