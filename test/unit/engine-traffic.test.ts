/**
 * The traffic model (scenario-format.md "Traffic model", §12): requests split over healthy
 * targets, fail open when none is healthy, least outstanding requests favouring fast targets,
 * utilization and errors past saturation.
 */
import { describe, expect, it } from 'vitest';
import { ec2TaskDef, makeSim, runningOf } from '../support/sim';

function web(p: { algorithm?: 'round_robin' | 'least_outstanding_requests'; rps: number; sim?: Record<string, unknown>; desired?: number }) {
  return makeSim({
    cluster: { containerInstances: [{ instanceType: 'm5.xlarge', availabilityZone: 'us-east-1a', count: 3 }] },
    taskDefinitions: [ec2TaskDef('web', 512, 512, { sim: { cpuPerRequest: 1, serviceTimeMs: 40, ...(p.sim ?? {}) } }), ec2TaskDef('web', 512, 512, { sim: { cpuPerRequest: 4, serviceTimeMs: 200 } })],
    loadBalancers: [{ name: 'alb', type: 'application', targetGroups: [{ targetGroupName: 'tg', deregistrationDelaySeconds: 5, loadBalancingAlgorithm: p.algorithm ?? 'round_robin', healthCheck: { intervalSeconds: 5, healthyThresholdCount: 2 } }] }],
    services: [{ serviceName: 'web', taskDefinition: 'web:1', desiredCount: p.desired ?? 4, launchType: 'EC2', loadBalancers: [{ targetGroupName: 'tg', containerName: 'web', containerPort: 8080 }] }],
    traffic: [{ at: 0, target: 'web', requestsPerSecond: p.rps }],
  });
}

describe('traffic through the load balancer', () => {
  it('round robin splits requests evenly; CPU follows r × cpuPerRequest / task CPU', () => {
    const sim = web({ rps: 400 });
    sim.runUntil(120);
    const tasks = runningOf(sim, 'web');
    expect(tasks).toHaveLength(4);
    for (const t of tasks) {
      expect(t.requestsPerSecond).toBeCloseTo(100);
      expect(t.cpuUtilization).toBeCloseTo((100 * 100 * 1) / 512);
    }
    expect(sim.services.get('web')!.stats.errorRate).toBe(0);
  });

  it('past saturation the excess fails and latency climbs', () => {
    const sim = web({ rps: 4000 });
    sim.runUntil(120);
    const s = sim.services.get('web')!.stats;
    // Each task gets 1000 req/s against 512 CPU units: u ≈ 1.95, so about half the requests fail.
    expect(s.errorRate).toBeCloseTo(1 - 512 / 1000, 2);
    expect(s.p50LatencyMs).toBeGreaterThan(40 * 10);
  });

  it('least outstanding requests sends fewer requests to a slower revision than round robin', () => {
    const share = (algorithm: 'round_robin' | 'least_outstanding_requests') => {
      const sim = web({ algorithm, rps: 600, desired: 4 });
      sim.runUntil(120);
      // Half-way through a rolling update: old and slower new revision take traffic together.
      sim.act('UpdateService', { service: 'web', taskDefinition: 'web:2', deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 150 } });
      for (let k = 0; k < 300; k++) {
        sim.step();
        const revs = new Set(runningOf(sim, 'web').filter((t) => t.requestsPerSecond > 0).map((t) => t.taskDefinition));
        if (revs.size === 2) break;
      }
      const tasks = runningOf(sim, 'web').filter((t) => t.requestsPerSecond > 0);
      const slow = tasks.filter((t) => t.taskDefinition === 'web:2');
      const fast = tasks.filter((t) => t.taskDefinition === 'web:1');
      expect(slow.length).toBeGreaterThan(0);
      expect(fast.length).toBeGreaterThan(0);
      return slow[0]!.requestsPerSecond / fast[0]!.requestsPerSecond;
    };
    expect(share('round_robin')).toBeCloseTo(1, 5);
    expect(share('least_outstanding_requests')).toBeLessThan(0.5);
  });

  it('with no healthy target the ALB fails open: unhealthy targets still get requests, which fail', () => {
    const sim = web({ rps: 100, sim: { healthy: false } });
    sim.runUntil(60);
    const s = sim.services.get('web')!.stats;
    expect(s.errorRate).toBeCloseTo(1, 9);
    expect(runningOf(sim, 'web').some((t) => t.requestsPerSecond > 0)).toBe(true);
  });
});
