/**
 * How big a scheduler core a scenario needs. The core allocates its arrays once, so this leaves
 * room for instances added later, task churn (STOPPED slots are reused after an hour) and scaling.
 */
import type { Scenario } from './scenario/schema';
import type { CoreCapacity } from '../core/core';

export function capacityFor(s: Scenario): CoreCapacity {
  const instances = s.cluster.containerInstances.reduce((n, c) => n + (c.count ?? 1), 0);
  const desired = s.services.reduce((n, svc) => n + (svc.desiredCount ?? 0), 0);
  const maxScaled = s.scalableTargets.reduce((n, t) => n + t.MaxCapacity, 0);
  return {
    instances: Math.max(256, instances * 2 + 64),
    tasks: Math.max(20_000, (desired + maxScaled + instances) * 6),
    groups: 256,
  };
}
