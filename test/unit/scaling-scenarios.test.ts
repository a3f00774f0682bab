/**
 * The scaling, capacity and App Runner scenarios in lessons/scenarios/ open, run and tell the
 * story their description promises; the same scenario and seed give the same events.
 */
import { describe, it, expect } from 'vitest';
import type { Metrics, SimEvent } from '../../src/sim/events';
import { activities, build, lesson } from './scaling-helpers';

const FILES = ['apprunner-vs-ecs.json', 'scaling-fargate-rolling.json', 'scaling-cluster-scale-out.json', 'scaling-target-tracking-spike.json',
  'scaling-step-documented.json', 'spot-fargate-interruption.json', 'spot-ec2-draining.json'];

describe('scaling scenarios', () => {
  for (const f of FILES) {
    it(`${f} builds and every service ends whole`, async () => {
      const doc = lesson(f);
      const sim = await build(doc);
      sim.runUntil(doc.durationSeconds as number);
      for (const svc of sim.services.values()) {
        const running = sim.tasks.filter((t) => t.service === svc.serviceName && t.lastStatus === 'RUNNING').length;
        expect(running, `${f}: ${svc.serviceName}`).toBe(svc.desiredCount);
      }
    });
  }

  it('scaling-cluster-scale-out.json: the group scales out for waiting tasks, then in once they are gone', async () => {
    const sim = await build(lesson('scaling-cluster-scale-out.json'));
    sim.runUntil(6000);
    const asg = activities(sim.events, 'autoScalingGroup/web-asg');
    expect(asg.some((a) => a.to > a.from && a.cause.includes('tasks in PROVISIONING'))).toBe(true);
    expect(asg.some((a) => a.to < a.from && a.cause.includes('empty'))).toBe(true);
    expect(activities(sim.events, 'service/shop/web').some((a) => a.to > a.from)).toBe(true);
  });

  it('scaling-target-tracking-spike.json: the first scale-out waits for 3 datapoints above the target', async () => {
    const sim = await build(lesson('scaling-target-tracking-spike.json'));
    sim.runUntil(3600);
    const first = activities(sim.events, 'service/api/api')[0]!;
    // Traffic jumps at 600 s: minutes ending 660, 720 and 780 are above the target.
    expect(first.t).toBe(780);
    expect(first.to).toBeGreaterThan(first.from);
  });

  it('the same scenario and seed give the same events', async () => {
    const run = async () => {
      const sim = await build(lesson('spot-ec2-draining.json'), 60);
      sim.start();
      sim.runUntil(1200);
      return JSON.stringify(sim.events.filter((e: SimEvent) => e.type !== 'PlacementDecision'));
    };
    expect(await run()).toBe(await run());
    const sim = await build(lesson('spot-ec2-draining.json'), 60);
    sim.start();
    sim.runUntil(600);
    const m = sim.events.filter((e): e is Metrics => e.type === 'Metrics').pop()!;
    expect(m.capacityProviders?.spot?.spot).toBe(true);
    expect(m.cost!.usdPerHour.total).toBe(m.costUsdPerHour);
  });
});
