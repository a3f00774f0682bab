/**
 * Cost (§7.3, §8) from the one price table: every figure can be worked by hand from the table and
 * the simulation's own records (pull start, stop, launch and termination times).
 */
import { describe, it, expect } from 'vitest';
import { PRICES, fargateHourlyUsd, appRunnerHourlyUsd, ec2HourlyUsd, ec2SpotHourlyUsd } from '../../src/sim/prices';
import { computeRates, costLedger, MINIMUM_BILLED_SECONDS } from '../../src/sim/cost';
import { capacityState } from '../../src/sim/capacity/state';
import type { Simulation } from '../../src/sim/engine';
import { build, lesson, taskDef, cluster } from './scaling-helpers';

/** Fargate by hand: (stop or now − pull start) seconds, at least 60 once stopped, × the hourly rate. */
function fargateByHand(sim: Simulation): number {
  let usd = 0;
  for (const t of sim.tasks) {
    if (t.launchType !== 'FARGATE' || t.pullStartedAt === null) continue;
    let seconds = (t.stoppedAt ?? sim.t) - t.pullStartedAt;
    if (t.stoppedAt !== null) seconds = Math.max(MINIMUM_BILLED_SECONDS, seconds);
    const vcpu = t.cpu / 1024;
    const gb = t.memory / 1024;
    const rate = vcpu * PRICES.fargate.linuxX86.vcpuHour.usd + gb * PRICES.fargate.linuxX86.gbHour.usd;
    usd += (seconds / 3600) * rate * (t.capacityProvider === 'FARGATE_SPOT' ? 1 - PRICES.fargateSpot.discount : 1);
  }
  return usd;
}

describe('the price table', () => {
  it('names its sources and date; every price cites one', () => {
    expect(PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const ids = new Set(PRICES.sources.map((s) => s.id));
    for (const p of Object.values(PRICES.ec2OnDemand)) expect(ids.has(p.source)).toBe(true);
    expect(ids.has(PRICES.fargateSpot.source) && ids.has(PRICES.ec2Spot.source)).toBe(true);
  });

  it('gives the reference rates (§7.3, §8)', () => {
    expect(fargateHourlyUsd({ cpuUnits: 512, memoryMiB: 1024 })).toBeCloseTo(0.5 * 0.04048 + 0.004445, 12);
    expect(fargateHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, cpuArchitecture: 'ARM64' })).toBeCloseTo(0.03238 + 2 * 0.00356, 12);
    expect(fargateHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, spot: true })).toBeCloseTo(0.3 * (0.04048 + 2 * 0.004445), 12);
    expect(appRunnerHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, active: true })).toBeCloseTo(0.064 + 0.014, 12);
    expect(appRunnerHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, active: false })).toBeCloseTo(0.014, 12);
    const od = ec2HourlyUsd('m5.large');
    const spot = ec2SpotHourlyUsd('m5.large');
    expect(od.ok && od.value).toBe(0.096);
    expect(spot.ok && spot.value).toBeCloseTo(0.096 * 0.35, 12);
  });
});

describe('a scenario\'s cost, by hand', () => {
  it('scaling-fargate-rolling.json: Fargate seconds from pull start to stop (1-minute minimum) × the table rate', async () => {
    const sim = await build(lesson('scaling-fargate-rolling.json'));
    sim.runUntil(3600);
    const byHand = fargateByHand(sim);
    expect(sim.costUsd).toBeCloseTo(byHand, 9);
    expect(costLedger(sim).services.web).toBeCloseTo(byHand, 9);
    expect(costLedger(sim).ec2Usd).toBe(0);
  });

  it('spot-fargate-interruption.json: FARGATE_SPOT tasks at the Spot model price', async () => {
    const sim = await build(lesson('spot-fargate-interruption.json'));
    sim.runUntil(1800);
    expect(sim.costUsd).toBeCloseTo(fargateByHand(sim), 9);
  });

  it('scaling-cluster-scale-out.json: every instance from launch to termination, used or idle', async () => {
    const sim = await build(lesson('scaling-cluster-scale-out.json'));
    sim.runUntil(6000);
    const rate = ec2HourlyUsd('m5.large');
    let seconds = 0;
    for (const i of capacityState(sim).providers.get('web-asg')!.instances) {
      seconds += Math.max(MINIMUM_BILLED_SECONDS, (i.terminatedAt ?? sim.t) - i.launchedAt);
    }
    expect(rate.ok).toBe(true);
    expect(sim.costUsd).toBeCloseTo((seconds / 3600) * (rate.ok ? rate.value : 0), 9);
    // The service is allocated the CPU share its tasks reserve; the rest is idle capacity.
    const r = computeRates(sim);
    expect(r.services.web! + r.idleEc2UsdPerHour).toBeCloseTo(r.ec2UsdPerHour, 12);
    expect(r.services.web).toBeCloseTo(3 * 0.096 * (512 / 2048), 12);
  });

  it('a Fargate task stopped within a minute is billed one minute', async () => {
    const sim = await build({ schemaVersion: 1, seed: 2, durationSeconds: 300, cluster: cluster(),
      taskDefinitions: [taskDef('job', { cpu: '1024', memory: '2048', fargate: true, sim: { exitAfterSeconds: 5, imageSizeMiB: 30 } })],
      actions: [{ at: 1, action: 'RunTask', request: { taskDefinition: 'job', launchType: 'FARGATE' } }] });
    sim.runUntil(120);
    const t = sim.tasks[0]!;
    expect(t.stoppedAt! - t.pullStartedAt!).toBeLessThan(MINIMUM_BILLED_SECONDS);
    const rate = 0.04048 + 2 * 0.004445;
    expect(sim.costUsd).toBeCloseTo((60 / 3600) * rate, 12);
    expect(costLedger(sim).minimumChargesUsd).toBeGreaterThan(0);
  });

  it('apprunner-vs-ecs.json: App Runner active and idle instance-seconds beside the Fargate tasks', async () => {
    const sim = await build(lesson('apprunner-vs-ecs.json'));
    let appRunner = 0;
    const active = appRunnerHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, active: true });
    const idle = appRunnerHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, active: false });
    for (let t = 1; t <= 1800; t++) {
      sim.step();
      const s = sim.appRunnerState!.get('shop-apprunner')!.stats;
      appRunner += (s.activeInstances * active + (s.provisionedInstances - s.activeInstances) * idle) / 3600;
    }
    expect(costLedger(sim).appRunnerUsd).toBeCloseTo(appRunner, 9);
    expect(sim.costUsd).toBeCloseTo(appRunner + fargateByHand(sim), 9);
  });
});
