/**
 * The CloudWatch metrics service auto scaling reads (§5.1): ECS publishes CPUUtilization and
 * MemoryUtilization once a minute; the ALB publishes RequestCountPerTarget (requests in the minute
 * divided by the healthy targets of the target group).
 *
 * Cost: each step adds one sample per watched service from the figures the traffic model already
 * computed (`svc.stats`, `svc.requestsPerSecond`) and the core's per-group RUNNING count, so the
 * step costs O(services), never O(tasks). Target groups are counted once a minute. A minute with no
 * RUNNING task has no CPU or memory datapoint (INSUFFICIENT_DATA, §5.2).
 */
import type { Simulation } from '../engine';
import { STATES, TaskStateCode } from '../../core/core';
import { autoScalingState, type ServiceSeries } from './state';
import { dict } from '../dict';

/** Datapoints kept per series (the low alarm needs 15). */
export const KEEP_DATAPOINTS = 20;

function push(list: (number | null)[], v: number | null): void {
  list.push(v);
  if (list.length > KEEP_DATAPOINTS) list.shift();
}

/** RUNNING tasks of a service, from the core's per-group counts (O(1)). */
export function runningCount(sim: Simulation, service: string): number {
  const svc = sim.services.get(service);
  if (!svc) return 0;
  return sim.core.groupStates[svc.groupIndex * STATES + TaskStateCode.RUNNING]!;
}

export function seriesOf(sim: Simulation, service: string): ServiceSeries {
  const st = autoScalingState(sim);
  let s = st.series.get(service);
  if (!s) {
    s = { acc: { cpuSum: 0, memSum: 0, samples: 0, requests: 0 }, cpu: [], memory: [], requestsPerTarget: dict() };
    st.series.set(service, s);
  }
  return s;
}

/** Services whose metrics something reads: scalable targets and scaling alarms. */
export function watchedServices(sim: Simulation): Set<string> {
  const st = autoScalingState(sim);
  const out = new Set<string>();
  for (const t of st.targets.values()) out.add(t.service);
  for (const a of st.alarms) out.add(a.service);
  return out;
}

/** Healthy targets of a target group (all registered ones when none is healthy: the ALB fails open). */
function healthyTargets(sim: Simulation, tgName: string): number {
  const tg = sim.targetGroups.get(tgName);
  if (!tg) return 0;
  let healthy = 0;
  for (const x of tg.targets) if (x.state === 'healthy') healthy++;
  return healthy;
}

/** One second of samples; on the minute, the datapoints. */
export function collectMetrics(sim: Simulation, now: number): void {
  const watched = watchedServices(sim);
  for (const name of watched) {
    const svc = sim.services.get(name);
    if (!svc) continue;
    const s = seriesOf(sim, name);
    if (runningCount(sim, name) > 0) {
      s.acc.cpuSum += svc.stats.cpuUtilization;
      s.acc.memSum += svc.stats.memoryUtilization;
      s.acc.samples++;
    }
    s.acc.requests += svc.requestsPerSecond;
    if (now % 60 !== 0) continue;
    push(s.cpu, s.acc.samples ? s.acc.cpuSum / s.acc.samples : null);
    push(s.memory, s.acc.samples ? s.acc.memSum / s.acc.samples : null);
    for (const lb of svc.loadBalancers) {
      const list = (s.requestsPerTarget[lb.targetGroupName] ??= []);
      const targets = healthyTargets(sim, lb.targetGroupName);
      // With no healthy target the count per target is undefined; the requests themselves are
      // the demand signal that lets a service scaled to zero start again (§5.2).
      push(list, targets > 0 ? s.acc.requests / targets : s.acc.requests > 0 ? s.acc.requests : null);
    }
    s.acc = { cpuSum: 0, memSum: 0, samples: 0, requests: 0 };
  }
}

/** The series a metric name reads: `cpu`, `memory` or a target group's request count per target. */
export function datapoints(sim: Simulation, service: string, metric: 'cpu' | 'memory' | 'requests', targetGroupName: string | null): (number | null)[] {
  const s = seriesOf(sim, service);
  if (metric === 'cpu') return s.cpu;
  if (metric === 'memory') return s.memory;
  const svc = sim.services.get(service);
  const tg = targetGroupName ?? svc?.loadBalancers[0]?.targetGroupName ?? '';
  return s.requestsPerTarget[tg] ?? [];
}
