/**
 * Cost, from the one price table in `data/prices.json` (us-east-1; its sources and date inside).
 * The README's "Cost" section gives the same formulas for working a scenario's bill by hand.
 *
 * What is billed, per second of simulated time (§7.3, §8):
 * - an EC2 instance from its launch until it is terminated, used or idle, at the On-Demand rate
 *   (Spot instances: the Spot model, a fixed discount); a stop within 60 s is billed 60 s;
 * - a Fargate task from the start of its image pull (`pullStartedAt`) until it is STOPPED, at
 *   vCPU × vCPU-rate + GB × GB-rate (x86 or ARM; FARGATE_SPOT: the Spot model), at least 1 minute
 *   ([2nd]);
 * - an App Runner instance: active (processing requests) vCPU + memory, provisioned and idle
 *   memory only.
 *
 * The cluster's cost is its instances and Fargate tasks; App Runner services are billed beside it;
 * the scenario's total is both. A service's cost is its Fargate tasks plus, on EC2, the share of
 * each instance's price its tasks reserve (task CPU / registered CPU of the instance; a model
 * resembling AWS split cost allocation). What no service reserves is the cluster's idle capacity.
 *
 * Accrual: once per step, after everything else moved, each billed resource adds rate × 1 s; the
 * engine's running `costUsd` is set to this ledger's total.
 */
import type { Simulation } from './engine';
import { appRunnerHourlyUsd, ec2HourlyUsd, ec2SpotHourlyUsd, fargateHourlyUsd } from './prices';
import type { Task } from './model';
import { STATES } from '../core/core';
import { dict } from './dict';
import { expressAlbRates } from './express/cost';

export interface CostRates {
  /** Simulated second the rates describe. */
  t: number;
  totalUsdPerHour: number;
  clusterUsdPerHour: number;
  /** Registered instances and instances an Auto Scaling group is launching. */
  ec2UsdPerHour: number;
  fargateUsdPerHour: number;
  appRunnerUsdPerHour: number;
  /** Application Load Balancers ECS Express Mode created (§13); other load balancers are not billed. */
  albUsdPerHour: number;
  /** Per Express service: its share of its load balancer (hour share plus its own LCUs). */
  alb: Record<string, number>;
  /** Per service: its Fargate tasks plus its reserved share of EC2 instances. */
  services: Record<string, number>;
  /** Per App Runner service. */
  appRunner: Record<string, number>;
  /** Standalone tasks (RunTask), by family. */
  standalone: Record<string, number>;
  /** EC2 capacity no task reserves. */
  idleEc2UsdPerHour: number;
  /** For a billed second: the Fargate tasks that stopped at its end (their minimum charge is due). */
  stoppedFargate?: Task[];
}

export interface CostLedger {
  totalUsd: number;
  clusterUsd: number;
  ec2Usd: number;
  fargateUsd: number;
  appRunnerUsd: number;
  albUsd: number;
  services: Record<string, number>;
  appRunner: Record<string, number>;
  alb: Record<string, number>;
  standalone: Record<string, number>;
  /** Part of the above from minimum charges (Fargate and EC2: 60 s). */
  minimumChargesUsd: number;
}

export interface Billing {
  rates: CostRates | null;
  ledger: CostLedger;
  /** What the task and instance states looked like last step, and for how many steps in a row. */
  fingerprint: number[];
  stableSteps: number;
}

/** Minimum billed seconds per Fargate task ([2nd]) and per Linux EC2 instance. */
export const MINIMUM_BILLED_SECONDS = 60;

export function instanceHourly(instanceType: string, spot: boolean): number {
  const r = spot ? ec2SpotHourlyUsd(instanceType) : ec2HourlyUsd(instanceType);
  return r.ok ? r.value : 0;
}

/** Dollars per hour one Fargate task costs (0 for EC2 tasks). */
export function fargateTaskHourly(sim: Simulation, t: Task): number {
  if (t.launchType !== 'FARGATE') return 0;
  const arch = t.definition.runtimePlatform?.cpuArchitecture;
  return fargateHourlyUsd({ cpuUnits: t.cpu, memoryMiB: t.memory, cpuArchitecture: arch === 'ARM64' ? 'ARM64' : 'X86_64', spot: t.capacityProvider === 'FARGATE_SPOT' });
}

/** The billing state of a new simulation (declared in Simulation, engine.ts). */
export function newBilling(): Billing {
  return { rates: null, fingerprint: [], stableSteps: 0, ledger: { totalUsd: 0, clusterUsd: 0, ec2Usd: 0, fargateUsd: 0, appRunnerUsd: 0, albUsd: 0, services: dict(), appRunner: dict(), alb: dict(), standalone: dict(), minimumChargesUsd: 0 } };
}

function billing(sim: Simulation): Billing {
  return sim.billing;
}

const add = (r: Record<string, number>, k: string, v: number) => { r[k] = (r[k] ?? 0) + v; };

/**
 * What everything costs per hour. Without `second`: right now (what runs now). With `second` = k:
 * what was billed during the second (k − 1, k], so that a task pulled at p and stopped at s is
 * billed s − p seconds and an instance launched at l and terminated at x, x − l seconds.
 * Cost: O(instances + tasks).
 */
export function computeRates(sim: Simulation, second?: number): CostRates {
  const r: CostRates = { t: sim.t, totalUsdPerHour: 0, clusterUsdPerHour: 0, ec2UsdPerHour: 0, fargateUsdPerHour: 0, appRunnerUsdPerHour: 0,
    albUsdPerHour: 0, alb: dict(), services: dict(), appRunner: dict(), standalone: dict(), idleEc2UsdPerHour: 0 };
  const k = second;
  const perSlot: number[] = [];
  // Instances of Auto Scaling groups are billed from their launch, registered yet or not.
  const inGroups = new Set<number>();
  for (const p of sim.capacityState?.providers.values() ?? []) {
    for (const i of p.instances) {
      if (i.slot >= 0) inGroups.add(i.slot);
      const billed = k === undefined ? i.state !== 'Terminated' : i.launchedAt < k && (i.terminatedAt === null || i.terminatedAt >= k);
      if (!billed) continue;
      const h = instanceHourly(p.instanceType, i.lifecycle === 'spot');
      r.ec2UsdPerHour += h;
      if (i.slot >= 0) perSlot[i.slot] = h;
    }
  }
  for (const inst of sim.instances) {
    if (inGroups.has(inst.slot) || inst.status === 'DEREGISTERED' || (k !== undefined && inst.registeredAt >= k)) continue;
    const h = instanceHourly(inst.instanceType, inst.lifecycle === 'spot' || inst.attributes['ecs.lab.lifecycle'] === 'spot');
    perSlot[inst.slot] = h;
    r.ec2UsdPerHour += h;
  }
  let allocated = 0;
  // Per task group (dense core index) first; names once at the end: one cheap pass over tasks.
  const byGroup = new Float64Array(sim.groups.size);
  const perCpu = perSlot.map((h, slot) => h / Math.max(1, sim.instances[slot]!.registeredCpu));
  for (const t of sim.tasks) {
    if (t.launchType === 'FARGATE') {
      if (t.pullStartedAt === null) continue;
      if (k !== undefined && t.stoppedAt === k) (r.stoppedFargate ??= []).push(t);
      const billing = k === undefined ? t.lastStatus !== 'STOPPED' : t.pullStartedAt < k && (t.stoppedAt === null || t.stoppedAt >= k);
      if (!billing) continue;
      const h = fargateTaskHourly(sim, t);
      r.fargateUsdPerHour += h;
      byGroup[t.groupIndex] += h;
    } else if (t.instanceSlot >= 0 && t.lastStatus !== 'STOPPED') {
      const h = (perCpu[t.instanceSlot] ?? 0) * t.cpu;
      allocated += h;
      byGroup[t.groupIndex] += h;
    }
  }
  for (const [group, g] of sim.groups) {
    if (!byGroup[g]) continue;
    if (group.startsWith('service:')) add(r.services, group.slice(8), byGroup[g]!); else add(r.standalone, group, byGroup[g]!);
  }

  appRunnerRates(sim, r);
  r.idleEc2UsdPerHour = Math.max(0, r.ec2UsdPerHour - allocated);
  r.clusterUsdPerHour = r.ec2UsdPerHour + r.fargateUsdPerHour;
  r.totalUsdPerHour = r.clusterUsdPerHour + r.appRunnerUsdPerHour + r.albUsdPerHour;
  return r;
}

/** App Runner's part of the rates: active instances vCPU + memory, idle provisioned memory only. */
function appRunnerRates(sim: Simulation, r: CostRates): void {
  r.appRunner = dict();
  r.appRunnerUsdPerHour = 0;
  // Express Mode's load balancers follow traffic like App Runner does: recomputed every step.
  r.alb = dict();
  r.albUsdPerHour = 0;
  if (sim.express.loadBalancers.length) {
    const alb = expressAlbRates(sim);
    r.albUsdPerHour = alb.usdPerHour;
    for (const [k, v] of Object.entries(alb.services)) r.alb[k] = v.albUsd;
  }
  for (const s of sim.appRunnerState?.values() ?? []) {
    const c = s.config;
    const active = s.stats.activeInstances;
    const idle = Math.max(0, s.stats.provisionedInstances - active);
    const h = active * appRunnerHourlyUsd({ cpuUnits: c.cpu, memoryMiB: c.memory, active: true })
      + idle * appRunnerHourlyUsd({ cpuUnits: c.cpu, memoryMiB: c.memory, active: false });
    r.appRunner[s.serviceName] = h;
    r.appRunnerUsdPerHour += h;
  }
}

/**
 * The core's per-group counts by state, the task and instance counts and the Auto Scaling group
 * instances: if none moved for two steps, the second just billed costs what the one before did.
 */
function fingerprint(sim: Simulation): number[] {
  const fp = Array.from(sim.core.groupStates.subarray(0, sim.groups.size * STATES));
  let live = 0;
  for (const i of sim.instances) if (i.status !== 'DEREGISTERED') live++;
  fp.push(sim.tasks.length, sim.instances.length, live);
  for (const p of sim.capacityState?.providers.values() ?? []) for (const i of p.instances) fp.push(i.state === 'Pending' ? 1 : i.state === 'InService' ? 2 : 3);
  return fp;
}

/** The latest rates: those of the last step (or of the step before, read before systems run). */
export function costRates(sim: Simulation): CostRates {
  const b = billing(sim);
  if (b.rates && (b.rates.t === sim.t || b.rates.t === sim.t - 1)) return b.rates;
  b.rates = computeRates(sim);
  return b.rates;
}

/** Dollars per hour the cluster (instances and Fargate tasks) costs right now. */
export function clusterCostPerHour(sim: Simulation): number {
  return costRates(sim).clusterUsdPerHour;
}

/** Dollars per hour everything in the scenario costs right now (cluster and App Runner). */
export function costPerHour(sim: Simulation): number {
  return costRates(sim).totalUsdPerHour;
}

/** Dollars spent so far, by part. */
export function costLedger(sim: Simulation): CostLedger {
  return billing(sim).ledger;
}

/** The per-step accrual (the last system of a step). */
export function accrueCost(sim: Simulation, now: number): void {
  const b = billing(sim);
  const fp = fingerprint(sim);
  const same = fp.length === b.fingerprint.length && fp.every((v, i) => v === b.fingerprint[i]);
  b.stableSteps = same ? b.stableSteps + 1 : 0;
  b.fingerprint = fp;
  let r: CostRates;
  if (b.stableSteps >= 2 && b.rates) {
    // Nothing started or stopped billing: the cluster part is unchanged (O(groups), not O(tasks)).
    r = { ...b.rates, t: now, stoppedFargate: undefined };
    appRunnerRates(sim, r);
    r.totalUsdPerHour = r.clusterUsdPerHour + r.appRunnerUsdPerHour + r.albUsdPerHour;
  } else r = computeRates(sim, now);
  // The second just billed stands for "now" until the next step.
  b.rates = r;
  const l = b.ledger;
  const s = 1 / 3600;
  l.ec2Usd += r.ec2UsdPerHour * s;
  l.fargateUsd += r.fargateUsdPerHour * s;
  l.appRunnerUsd += r.appRunnerUsdPerHour * s;
  l.albUsd += r.albUsdPerHour * s;
  for (const [k, v] of Object.entries(r.alb)) add(l.alb, k, v * s);
  for (const [k, v] of Object.entries(r.services)) add(l.services, k, v * s);
  for (const [k, v] of Object.entries(r.standalone)) add(l.standalone, k, v * s);
  for (const [k, v] of Object.entries(r.appRunner)) add(l.appRunner, k, v * s);
  // Minimum charges for what stopped this step.
  for (const t of r.stoppedFargate ?? []) {
    const billed = now - t.pullStartedAt!;
    if (billed >= MINIMUM_BILLED_SECONDS) continue;
    const usd = (fargateTaskHourly(sim, t) * (MINIMUM_BILLED_SECONDS - billed)) / 3600;
    l.fargateUsd += usd;
    l.minimumChargesUsd += usd;
    if (t.service) add(l.services, t.service, usd); else add(l.standalone, t.group, usd);
  }
  for (const p of sim.capacityState?.providers.values() ?? []) {
    for (const i of p.instances) {
      if (i.terminatedAt !== now || now - i.launchedAt >= MINIMUM_BILLED_SECONDS) continue;
      const usd = (instanceHourly(p.instanceType, i.lifecycle === 'spot') * (MINIMUM_BILLED_SECONDS - (now - i.launchedAt))) / 3600;
      l.ec2Usd += usd;
      l.minimumChargesUsd += usd;
    }
  }
  l.clusterUsd = l.ec2Usd + l.fargateUsd;
  l.totalUsd = l.clusterUsd + l.appRunnerUsd + l.albUsd;
  sim.costUsd = l.totalUsd;
}
