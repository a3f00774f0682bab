/**
 * Cost, from the one price table in `data/prices.json` (us-east-1; sources and date inside):
 * EC2 instances are paid whether or not tasks fill them; Fargate tasks are paid per vCPU and GB
 * from the start of the image pull until the task stops (§7.3).
 */
import type { Simulation } from './engine';
import { ec2HourlyUsd, ec2SpotHourlyUsd, fargateHourlyUsd } from './prices';

export function instanceHourly(instanceType: string, spot: boolean): number {
  const r = spot ? ec2SpotHourlyUsd(instanceType) : ec2HourlyUsd(instanceType);
  return r.ok ? r.value : 0;
}

/** Dollars per hour the cluster costs right now. */
export function clusterCostPerHour(sim: Simulation): number {
  let usd = 0;
  for (const inst of sim.instances) {
    if (inst.status === 'DEREGISTERED') continue;
    usd += instanceHourly(inst.instanceType, inst.attributes['ecs.lab.lifecycle'] === 'spot');
  }
  for (const t of sim.tasks) {
    if (t.launchType !== 'FARGATE' || t.pullStartedAt === null || t.lastStatus === 'STOPPED') continue;
    const td = sim.taskDef(t.taskDefinition);
    usd += fargateHourlyUsd({
      cpuUnits: t.cpu, memoryMiB: t.memory,
      cpuArchitecture: td?.runtimePlatform?.cpuArchitecture ?? 'X86_64',
      spot: t.capacityProvider === 'FARGATE_SPOT',
    });
  }
  return usd;
}
