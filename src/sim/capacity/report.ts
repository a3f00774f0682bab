/**
 * What Metrics lines, the Summary and the snapshot say about scaling, capacity, App Runner and
 * cost. Read-only views over the engine's state; `MODEL_NOTES` lists every modelled figure so the
 * UI can label it.
 */
import type { Simulation } from '../engine';
import type { AppRunnerMetrics, CapacityProviderMetrics, CostReport } from '../events';
import { costLedger, costRates } from '../cost';
import { waitingForCapacity } from './launch';
import { isProtected, ASG_MODEL } from './asg';
import { waitingOn } from './needs';
import { targetOf } from '../autoscaling/state';
import { seriesOf } from '../autoscaling/cloudwatch';
import { APP_RUNNER_MODEL } from '../apprunner/model';
import { dict } from '../dict';

const r2 = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Where AWS publishes no formula or figure, the engine's model (the UI shows these). */
export const MODEL_NOTES: readonly { topic: string; section: string; text: string }[] = [
  { topic: 'Target tracking capacity', section: '§5.2', text: 'AWS does not publish the formula. Modelled as ceil(running tasks × metric / target), from the RUNNING count.' },
  { topic: 'Target tracking alarms', section: '§5.2', text: 'Community-reported, not in AWS docs: scale out after 3 of 3 one-minute datapoints above the target; scale in after 15 of 15 below 90 % of it (the 90 % is a model of "clearly below").' },
  { topic: 'Managed scaling alarms', section: '§6.3', text: 'Community-reported: 1 of 1 datapoints above targetCapacity to scale out, 15 of 15 below it to scale in.' },
  { topic: 'EC2 instance launch', section: '§6.3', text: `About ${ASG_MODEL.registerSeconds / 60} minutes (±${ASG_MODEL.registerJitter * 100} %) from the Auto Scaling group's launch to the container instance registering (model).` },
  { topic: 'Managed scale-in size', section: '§6.3', text: 'Removes the instances that targetCapacity does not need, at most maximumScalingStepSize (model).' },
  { topic: 'App Runner timings', section: '§8', text: `A new instance serves after ${APP_RUNNER_MODEL.instanceReadySeconds} s; instances are removed after ${APP_RUNNER_MODEL.scaleInAfterSeconds} s of lower demand; a deployment takes ${APP_RUNNER_MODEL.deploySeconds / 60} minutes; the queue past the ceiling holds one more load of MaxConcurrency per instance (models).` },
  { topic: 'Spot prices', section: '§6.2, §7.3', text: 'EC2 Spot is charged 65 % and Fargate Spot 70 % below On-Demand (fixed-discount models; real Spot prices float).' },
  { topic: 'Fargate minimum charge', section: '§7.3', text: 'One minute per task, from secondary sources.' },
  { topic: 'EC2 cost per service', section: '§7.3', text: "A service is allocated each instance's price in proportion to the CPU its tasks reserve there (a model resembling split cost allocation)." },
];

export function appRunnerMetrics(sim: Simulation): Record<string, AppRunnerMetrics> {
  const out = dict<AppRunnerMetrics>();
  const rates = costRates(sim);
  const ledger = costLedger(sim);
  for (const s of sim.appRunnerState?.values() ?? []) {
    const st = s.stats;
    out[s.serviceName] = {
      instances: s.instances, concurrency: r2(st.concurrency, 1), rejectedRequestsPerSecond: r2(st.rejectedRequestsPerSecond, 1),
      activeInstances: st.activeInstances, provisionedInstances: st.provisionedInstances, wantedInstances: st.wantedInstances,
      maxSize: s.config.maxSize, maxConcurrency: s.config.maxConcurrency,
      requestsPerSecond: r2(st.requestsPerSecond, 1), queuedRequests: r2(st.queuedRequests, 1), p50LatencyMs: r2(st.p50LatencyMs, 1),
      status: s.status, costUsdPerHour: r2(rates.appRunner[s.serviceName] ?? 0, 4), costUsd: r2(ledger.appRunner[s.serviceName] ?? 0, 4),
    };
  }
  return out;
}

/** Extra per-service figures for Metrics: waiting tasks, scalable target, cost. */
export function serviceScalingMetrics(sim: Simulation, name: string): { waitingForCapacityCount?: number; scalableTarget?: { minCapacity: number; maxCapacity: number }; costUsdPerHour: number; costUsd: number } {
  const out: ReturnType<typeof serviceScalingMetrics> = {
    costUsdPerHour: r2(costRates(sim).services[name] ?? 0, 4),
    costUsd: r2(costLedger(sim).services[name] ?? 0, 4),
  };
  const waiting = waitingForCapacity(sim, name);
  if (waiting) out.waitingForCapacityCount = waiting;
  const t = sim.autoScalingState ? targetOf(sim, name) : undefined;
  if (t) out.scalableTarget = { minCapacity: t.minCapacity, maxCapacity: t.maxCapacity };
  return out;
}

export function capacityProviderMetrics(sim: Simulation): Record<string, CapacityProviderMetrics> | undefined {
  const cs = sim.capacityState;
  if (!cs || !cs.providers.size) return undefined;
  const out = dict<CapacityProviderMetrics>();
  for (const p of cs.providers.values()) {
    out[p.name] = {
      desiredCapacity: p.desiredCapacity, minSize: p.minSize, maxSize: p.maxSize,
      instances: p.instances.filter((i) => i.state === 'InService').length,
      launching: p.instances.filter((i) => i.state === 'Pending').length,
      capacityProviderReservation: p.last?.reservation ?? null, targetCapacity: p.managedScaling.targetCapacity,
      tasksWaiting: waitingOn(sim, p.name).reduce((k, w) => k + w.count, 0), spot: p.lifecycle === 'spot',
    };
  }
  return out;
}

export function costReport(sim: Simulation): CostReport {
  const r = costRates(sim);
  const l = costLedger(sim);
  return {
    usdPerHour: { total: r2(r.totalUsdPerHour, 4), cluster: r2(r.clusterUsdPerHour, 4), ec2: r2(r.ec2UsdPerHour, 4), fargate: r2(r.fargateUsdPerHour, 4), appRunner: r2(r.appRunnerUsdPerHour, 4), idleEc2: r2(r.idleEc2UsdPerHour, 4), ...(l.albUsd || r.albUsdPerHour ? { alb: r2(r.albUsdPerHour, 4) } : {}) },
    usd: { total: r2(l.totalUsd, 4), cluster: r2(l.clusterUsd, 4), ec2: r2(l.ec2Usd, 4), fargate: r2(l.fargateUsd, 4), appRunner: r2(l.appRunnerUsd, 4), minimumCharges: r2(l.minimumChargesUsd, 4), ...(l.albUsd || r.albUsdPerHour ? { alb: r2(l.albUsd, 4) } : {}) },
  };
}

/** The additions to a Metrics line and the Summary. */
export function scalingMetrics(sim: Simulation): { costUsd: number; cost: CostReport; capacityProviders?: Record<string, CapacityProviderMetrics> } {
  const cp = capacityProviderMetrics(sim);
  return { costUsd: r2(costLedger(sim).totalUsd, 4), cost: costReport(sim), ...(cp ? { capacityProviders: cp } : {}) };
}

/** What the canvas and panels draw about scaling (snapshot `scaling`). */
export interface ScalingSnap {
  capacityProviders: {
    name: string; autoScalingGroupName: string; instanceType: string; spot: boolean; spotInstanceDraining: boolean;
    minSize: number; maxSize: number; desiredCapacity: number; targetCapacity: number; managedScaling: string;
    managedTerminationProtection: string; reservation: number[]; tasksWaiting: number;
    instances: { ec2InstanceId: string; availabilityZone: string; state: string; containerInstanceSlot: number; launchedAt: number;
      registersAt: number; warmUntil: number; interruptAt: number | null; protectedFromScaleIn: boolean }[];
  }[];
  fargate: { onDemandTokens: number; spotTokens: number; spotUnavailableUntil: number | null; throttledLaunches: number };
  scalableTargets: {
    resourceId: string; service: string; minCapacity: number; maxCapacity: number; desiredCount: number;
    policies: { policyName: string; policyType: string; metric: string | null; targetValue: number | null; alarms: { name: string; state: string; threshold: number }[] }[];
    scheduledActions: { name: string; schedule: string; lastRunAt: number | null }[];
    cpuDatapoints: (number | null)[];
  }[];
  appRunner: {
    serviceName: string; status: string; serviceUrl: string; instances: number; activeInstances: number; provisionedInstances: number;
    wantedInstances: number; maxSize: number; atCeiling: boolean;
    network: { ingress: string; egress: string };
  }[];
  models: readonly { topic: string; section: string; text: string }[];
}

export function scalingSnap(sim: Simulation): ScalingSnap {
  const cs = sim.capacityState;
  return {
    capacityProviders: [...(cs?.providers.values() ?? [])].map((p) => ({
      name: p.name, autoScalingGroupName: p.autoScalingGroupName, instanceType: p.instanceType, spot: p.lifecycle === 'spot',
      spotInstanceDraining: p.spotInstanceDraining, minSize: p.minSize, maxSize: p.maxSize, desiredCapacity: p.desiredCapacity,
      targetCapacity: p.managedScaling.targetCapacity, managedScaling: p.managedScaling.status,
      managedTerminationProtection: p.managedTerminationProtection, reservation: p.reservation.slice(),
      tasksWaiting: waitingOn(sim, p.name).reduce((k, w) => k + w.count, 0),
      instances: p.instances.filter((i) => i.state !== 'Terminated').map((i) => ({
        ec2InstanceId: i.ec2InstanceId, availabilityZone: i.availabilityZone, state: i.state, containerInstanceSlot: i.slot,
        launchedAt: i.launchedAt, registersAt: i.registersAt, warmUntil: i.warmUntil, interruptAt: i.interruptAt,
        protectedFromScaleIn: isProtected(sim, p, i),
      })),
    })),
    fargate: {
      onDemandTokens: Math.floor(cs?.buckets.onDemand ?? 100), spotTokens: Math.floor(cs?.buckets.spot ?? 100),
      spotUnavailableUntil: cs?.spotUnavailableUntil.get('FARGATE_SPOT') ?? null, throttledLaunches: cs?.throttledLaunches ?? 0,
    },
    scalableTargets: [...(sim.autoScalingState?.targets.values() ?? [])].map((t) => ({
      resourceId: t.resourceId, service: t.service, minCapacity: t.minCapacity, maxCapacity: t.maxCapacity,
      desiredCount: sim.services.get(t.service)?.desiredCount ?? 0,
      policies: t.policies.map((p) => p.kind === 'TargetTrackingScaling'
        ? { policyName: p.policyName, policyType: p.kind, metric: p.metric, targetValue: p.targetValue,
          alarms: [p.alarmHigh, p.alarmLow].map((a) => ({ name: a.name, state: a.state, threshold: a.threshold })) }
        : { policyName: p.policyName, policyType: p.kind, metric: null, targetValue: null, alarms: [] }),
      scheduledActions: t.scheduled.map((a) => ({ name: a.name, schedule: a.schedule, lastRunAt: a.lastRunAt })),
      cpuDatapoints: seriesOf(sim, t.service).cpu.slice(-15),
    })),
    appRunner: [...(sim.appRunnerState?.values() ?? [])].map((s) => ({
      serviceName: s.serviceName, status: s.status, serviceUrl: s.serviceUrl, instances: s.instances,
      activeInstances: s.stats.activeInstances, provisionedInstances: s.stats.provisionedInstances,
      wantedInstances: s.stats.wantedInstances, maxSize: s.config.maxSize, atCeiling: s.atCeiling,
      network: {
        ingress: s.network.publiclyAccessible ? `public HTTPS endpoint ${s.serviceUrl}` : 'private endpoint (reachable only through a VPC interface endpoint)',
        egress: s.network.egressType === 'VPC' ? `into your VPC through VPC connector ${s.network.vpcConnectorArn} (outbound only)` : 'to the internet from App Runner\'s own network; your VPC is not reachable',
      },
    })),
    models: MODEL_NOTES,
  };
}
