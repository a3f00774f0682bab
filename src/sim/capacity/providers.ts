/**
 * Capacity provider strategies (§6.1): which provider the next task of a service goes to.
 */
import type { Simulation } from '../engine';
import type { Service, Task } from '../model';

/** Picks the capacity provider for the next task: base first, then weights (§6.1). */
export function chooseProvider(_sim: Simulation, svc: Service, live: Task[]): { launchType: 'EC2' | 'FARGATE'; provider: string | null } {
  const items = svc.capacityProviderStrategy;
  if (!items.length) return { launchType: svc.launchType, provider: svc.launchType === 'FARGATE' ? 'FARGATE' : null };
  const count = (p: string) => live.filter((t) => t.capacityProvider === p).length;
  const withBase = items.find((i) => i.base > 0 && count(i.capacityProvider) < i.base);
  let pick = withBase?.capacityProvider;
  if (!pick) {
    const weighted = items.filter((i) => i.weight > 0);
    const totalWeight = weighted.reduce((s, i) => s + i.weight, 0);
    const baseSum = items.reduce((s, i) => s + Math.min(i.base, count(i.capacityProvider)), 0);
    const beyond = live.length - baseSum + 1;
    let best = -Infinity;
    for (const i of weighted) {
      const deficit = (beyond * i.weight) / totalWeight - (count(i.capacityProvider) - Math.min(i.base, count(i.capacityProvider)));
      if (deficit > best) { best = deficit; pick = i.capacityProvider; }
    }
  }
  const provider = pick ?? items[0]!.capacityProvider;
  const fargate = provider === 'FARGATE' || provider === 'FARGATE_SPOT';
  return { launchType: fargate ? 'FARGATE' : 'EC2', provider };
}

