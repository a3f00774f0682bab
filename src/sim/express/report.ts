/**
 * Express services as the CLI's Metrics lines and the page's snapshot show them: the service and
 * its URL, the resources it created, its scaling, its canary, and its cost beside what App Runner
 * would cost for the same traffic (§8, §13).
 */
import type { Simulation } from '../engine';
import { costLedger, costRates } from '../cost';
import { autoScalingState } from '../autoscaling/state';
import { appRunnerHourlyUsd } from '../prices';
import { instanceThroughput, MAX_SIZE_CEILING } from '../apprunner/model';
import { expressAlbRates } from './cost';
import { directChanges, managedResources } from './describe';
import { EXPRESS_CANARY, type ExpressService } from './model';

const r2 = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** App Runner for the same traffic and image: instances concurrency asks for, capped at 25, all active (model of §8). */
export function appRunnerEquivalent(sim: Simulation, e: ExpressService): { instances: number; wantedInstances: number; servesAll: boolean; usdPerHour: number } {
  const c = e.configurations[e.configurations.length - 1]!;
  const cpu = Number(c.cpu);
  const memory = Number(c.memory);
  const num = (k: string, d: number) => (typeof e.sim[k] === 'number' ? (e.sim[k] as number) : d);
  const per = instanceThroughput({ cpu: Math.min(4096, cpu), memory: Math.min(12288, memory), maxConcurrency: 100, minSize: 1, maxSize: MAX_SIZE_CEILING, cpuPerRequest: num('cpuPerRequest', 1), serviceTimeMs: num('serviceTimeMs', 50) });
  const rps = sim.services.get(e.serviceName)?.stats.requestsPerSecond ?? 0;
  const wanted = Math.max(1, Math.ceil(rps / Math.max(1e-9, per) - 1e-9));
  const instances = Math.min(MAX_SIZE_CEILING, wanted);
  return { instances, wantedInstances: wanted, servesAll: wanted <= MAX_SIZE_CEILING, usdPerHour: instances * appRunnerHourlyUsd({ cpuUnits: Math.min(4096, cpu), memoryMiB: Math.min(12288, memory), active: true }) };
}

export interface ExpressSnap {
  serviceName: string;
  serviceArn: string;
  status: string;
  endpoint: string;
  accessType: 'PUBLIC' | 'PRIVATE';
  loadBalancerName: string;
  targetGroups: string[];
  image: string;
  taskDefinition: string;
  scaling: { minTaskCount: number; maxTaskCount: number; autoScalingMetric: string; autoScalingTargetValue: number; minCapacity: number | null; maxCapacity: number | null; desiredCount: number };
  /** The canary in progress: green's share of traffic and the stage. */
  canary: { greenPercent: number; stage: string; taskDefinition: string } | null;
  alarm: { name: string; state: string };
  cost: { fargateUsdPerHour: number; albUsdPerHour: number; lcus: number; totalUsdPerHour: number; totalUsd: number; appRunner: ReturnType<typeof appRunnerEquivalent> };
  directChanges: string[];
  /** The service's tasks not yet stopped, by the kind of subnet they run in. */
  tasksBySubnet: { public: number; private: number };
  resources: ReturnType<typeof managedResources>;
}

function tasksBySubnet(sim: Simulation, service: string): { public: number; private: number } {
  const out = { public: 0, private: 0 };
  for (const t of sim.liveByService.get(service) ?? []) {
    const sub = sim.network.subnets.find((s) => s.subnetId === t.subnetId);
    if (sub) out[sub.type]++;
  }
  return out;
}

export function expressSnap(sim: Simulation, e: ExpressService): ExpressSnap {
  const svc = sim.services.get(e.serviceName);
  const c = e.configurations[e.configurations.length - 1]!;
  const t = autoScalingState(sim).targets.get(e.resources.scalableTargetId);
  const run = svc?.blueGreen ?? null;
  const green = run ? svc!.deployments.find((d) => d.id === run.greenId) : undefined;
  const rates = costRates(sim);
  const alb = expressAlbRates(sim).services[e.serviceName];
  const fargate = rates.services[e.serviceName] ?? 0;
  const resources = managedResources(sim, e);
  return {
    serviceName: e.serviceName, serviceArn: e.serviceArn, status: e.status, endpoint: e.endpoint, accessType: e.accessType,
    loadBalancerName: e.resources.loadBalancerName, targetGroups: [...e.resources.targetGroups], image: c.primaryContainer.image, taskDefinition: c.taskDefinition,
    scaling: { ...c.scalingTarget, minCapacity: t?.minCapacity ?? null, maxCapacity: t?.maxCapacity ?? null, desiredCount: svc?.desiredCount ?? 0 },
    canary: run && green ? { greenPercent: run.greenPercent, stage: run.stage, taskDefinition: green.taskDefinition } : null,
    alarm: { name: e.resources.alarmName, state: resources.metricAlarms[0]?.state ?? 'DELETED' },
    cost: {
      fargateUsdPerHour: r2(fargate, 4), albUsdPerHour: r2(alb?.albUsd ?? 0, 4), lcus: r2(alb?.lcus ?? 0, 2),
      totalUsdPerHour: r2(fargate + (alb?.albUsd ?? 0), 4),
      totalUsd: r2((costLedger(sim).services[e.serviceName] ?? 0) + (costLedger(sim).alb[e.serviceName] ?? 0), 4),
      appRunner: appRunnerEquivalent(sim, e),
    },
    directChanges: directChanges(sim, e),
    tasksBySubnet: tasksBySubnet(sim, e.serviceName),
    resources,
  };
}

export function expressSnaps(sim: Simulation): ExpressSnap[] {
  return [...sim.express.services.values()].filter((e) => e.status !== 'INACTIVE').map((e) => expressSnap(sim, e));
}

/** The Metrics line's `expressServices` (only when the scenario has Express services). */
export function expressMetrics(sim: Simulation): Record<string, unknown> | undefined {
  if (!sim.express.services.size) return undefined;
  const out: Record<string, unknown> = {};
  for (const s of expressSnaps(sim)) {
    out[s.serviceName] = {
      status: s.status, endpoint: s.endpoint, loadBalancer: s.loadBalancerName, taskDefinition: s.taskDefinition,
      desiredCount: s.scaling.desiredCount, minCapacity: s.scaling.minCapacity, maxCapacity: s.scaling.maxCapacity,
      canary: s.canary, alarm: s.alarm, directChanges: s.directChanges,
      costUsdPerHour: { fargate: s.cost.fargateUsdPerHour, alb: s.cost.albUsdPerHour, total: s.cost.totalUsdPerHour },
      lcus: s.cost.lcus, costUsd: s.cost.totalUsd,
      appRunnerForSameTraffic: { instances: s.cost.appRunner.instances, wantedInstances: s.cost.appRunner.wantedInstances, servesAll: s.cost.appRunner.servesAll, usdPerHour: r2(s.cost.appRunner.usdPerHour, 4) },
    };
  }
  return out;
}

export const EXPRESS_MODEL_NOTES = [
  { topic: 'Express load balancer traffic', section: '§13', text: 'The ALB bills LCUs; the simulator assumes 2 KiB per request and one new connection per 10 requests (models: the traffic model counts requests only).' },
  { topic: 'Express canary', section: '§13.3', text: `Published: ${EXPRESS_CANARY.canaryPercent} % for ${EXPRESS_CANARY.canaryBakeTimeInMinutes} minutes, then 100 %, then ${EXPRESS_CANARY.bakeTimeInMinutes} minutes before old tasks stop; the alarm reads 4XX + 5XX percent (the traffic model has no 4XX).` },
  { topic: 'App Runner for the same traffic', section: '§8', text: 'Instances that concurrency would ask for at MaxConcurrency 100, at most 25, all billed as active (a model).' },
];
