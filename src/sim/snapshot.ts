/**
 * A snapshot: what the canvas and the panels read after each step. Plain data, built from the
 * engine and the core; readers never write to it (dev builds freeze it to catch a renderer that
 * tries).
 */
import type { Simulation } from './engine';
import type { HealthStatus, LastStatus, TargetHealthState } from './model';
import { isHealthy } from './services';
import { serviceMetrics } from './metrics';
import type { ServiceMetrics } from './events';
import { clusterCostPerHour } from './cost';

export interface InstanceSnap {
  slot: number; id: string; ec2InstanceId: string; instanceType: string; availabilityZone: string;
  status: 'ACTIVE' | 'DRAINING' | 'DEREGISTERED'; agentConnected: boolean;
  cpuTotal: number; cpuFree: number; memTotal: number; memFree: number;
  capacityProvider: string | null; attributes: Readonly<Record<string, string>>;
}

export interface TaskSnap {
  slot: number; taskId: string; service: string | null; group: string; taskDefinition: string; revision: number;
  lastStatus: LastStatus; desiredStatus: 'RUNNING' | 'STOPPED'; healthStatus: HealthStatus; healthy: boolean;
  launchType: 'EC2' | 'FARGATE'; capacityProvider: string | null; availabilityZone: string; instanceSlot: number;
  cpu: number; memory: number;
  createdAt: number; pullStartedAt: number | null; startedAt: number | null; healthyAt: number | null;
  stoppingAt: number | null; stoppedAt: number | null; stopCode: string | null; stoppedReason: string | null;
  requestsPerSecond: number; cpuUtilization: number; deploymentId: string | null;
}

export interface ServiceSnap {
  serviceName: string; status: string; schedulingStrategy: string; launchType: string;
  metrics: ServiceMetrics;
  deployments: { id: string; status: string; taskDefinition: string; rolloutState: string }[];
  loadBalancers: string[];
}

export interface TargetGroupSnap {
  targetGroupName: string; loadBalancerName: string;
  targets: { taskSlot: number; state: TargetHealthState }[];
}

export interface Snapshot {
  t: number; region: string; clusterName: string;
  availabilityZones: string[]; failedAzs: string[];
  instances: InstanceSnap[]; tasks: TaskSnap[]; services: ServiceSnap[]; targetGroups: TargetGroupSnap[];
  costUsdPerHour: number; costUsd: number;
}

/** Stopped tasks stay in the snapshot this long, so the canvas can show them leaving. */
export const STOPPED_VISIBLE_SECONDS = 30;

export function snapshot(sim: Simulation): Snapshot {
  const core = sim.core;
  return {
    t: sim.t,
    region: sim.region,
    clusterName: sim.clusterName,
    availabilityZones: sim.availabilityZones.slice(),
    failedAzs: [...sim.failedAzs],
    instances: sim.instances.map((i) => ({
      slot: i.slot, id: i.id, ec2InstanceId: i.ec2InstanceId, instanceType: i.instanceType,
      availabilityZone: i.availabilityZone, status: i.status, agentConnected: i.agentConnected,
      cpuTotal: i.registeredCpu, cpuFree: core.instCpu[i.slot]!, memTotal: i.registeredMemory, memFree: core.instMem[i.slot]!,
      capacityProvider: i.capacityProvider, attributes: i.attributes,
    })),
    tasks: sim.tasks
      .filter((t) => t.stoppedAt === null || sim.t - t.stoppedAt < STOPPED_VISIBLE_SECONDS)
      .map((t) => ({
        slot: t.slot, taskId: t.taskId, service: t.service, group: t.group, taskDefinition: t.taskDefinition,
        revision: Number(t.taskDefinition.split(':').pop()), lastStatus: t.lastStatus, desiredStatus: t.desiredStatus,
        healthStatus: t.healthStatus, healthy: isHealthy(t), launchType: t.launchType, capacityProvider: t.capacityProvider,
        availabilityZone: t.availabilityZone, instanceSlot: t.instanceSlot, cpu: t.cpu, memory: t.memory,
        createdAt: t.createdAt, pullStartedAt: t.pullStartedAt, startedAt: t.startedAt, healthyAt: t.healthyAt,
        stoppingAt: t.stoppingAt, stoppedAt: t.stoppedAt, stopCode: t.stopCode, stoppedReason: t.stoppedReason,
        requestsPerSecond: t.requestsPerSecond, cpuUtilization: t.cpuUtilization, deploymentId: t.deploymentId,
      })),
    services: [...sim.services.values()].filter((s) => s.status !== 'INACTIVE').map((s) => ({
      serviceName: s.serviceName, status: s.status, schedulingStrategy: s.schedulingStrategy, launchType: s.launchType,
      metrics: serviceMetrics(sim, s.serviceName),
      deployments: s.deployments.map((d) => ({ id: d.id, status: d.status, taskDefinition: d.taskDefinition, rolloutState: d.rolloutState })),
      loadBalancers: s.loadBalancers.map((l) => l.targetGroupName),
    })),
    targetGroups: [...sim.targetGroups.values()].map((tg) => ({
      targetGroupName: tg.targetGroupName, loadBalancerName: tg.loadBalancerName,
      targets: tg.targets.map((x) => ({ taskSlot: x.taskSlot, state: x.state })),
    })),
    costUsdPerHour: clusterCostPerHour(sim),
    costUsd: sim.costUsd,
  };
}
