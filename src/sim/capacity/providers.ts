/**
 * Capacity provider strategies (§6.1): which provider the next task of a service goes to.
 *
 * The strategy splits the desired count: the provider with a `base` gets that many first, the
 * rest is shared by `weight` (1 : 4 means one task on A for every four on B; weight 0 is never
 * used). `distribute` computes that split (fractions go by largest remainder, earlier providers
 * first on a tie: a model, AWS does not publish its rounding). The next task goes to the provider
 * furthest below its share. A provider whose tasks are waiting for Auto Scaling group capacity
 * (§6.3) counts its waiting tasks as its own, so the other providers still receive theirs.
 */
import type { Simulation } from '../engine';
import type { Service, Task } from '../model';

export interface StrategyItem { capacityProvider: string; base: number; weight: number }

/** How a strategy splits `n` tasks across its providers (§6.1). */
export function distribute(items: readonly StrategyItem[], n: number): Map<string, number> {
  const out = new Map<string, number>(items.map((i) => [i.capacityProvider, 0]));
  const withBase = items.find((i) => i.base > 0);
  let left = n;
  if (withBase) {
    const b = Math.min(withBase.base, n);
    out.set(withBase.capacityProvider, b);
    left -= b;
  }
  const weighted = items.filter((i) => i.weight > 0);
  const total = weighted.reduce((s, i) => s + i.weight, 0);
  if (left <= 0 || total === 0) return out;
  const shares = weighted.map((i) => ({ p: i.capacityProvider, exact: (left * i.weight) / total }));
  let given = 0;
  for (const s of shares) { const f = Math.floor(s.exact); out.set(s.p, out.get(s.p)! + f); given += f; }
  const order = shares.map((s, k) => ({ ...s, k, rest: s.exact - Math.floor(s.exact) })).sort((a, b) => b.rest - a.rest || a.k - b.k);
  for (let k = 0; k < left - given; k++) out.set(order[k]!.p, out.get(order[k]!.p)! + 1);
  return out;
}

/** Tasks of a service waiting for a provider's capacity (see capacity/launch.ts), 0 for none. */
function waitingOnProvider(sim: Simulation, svc: Service, provider: string): number {
  let n = 0;
  for (const w of sim.capacityState?.waitingTasks ?? []) {
    if (w.provider === provider && w.task.service === svc.serviceName && w.task.waitingForCapacity) n++;
  }
  return n;
}

/** Picks the capacity provider for the next task: base first, then weights (§6.1). */
export function chooseProvider(sim: Simulation, svc: Service, live: Task[]): { launchType: 'EC2' | 'FARGATE'; provider: string | null } {
  const items = svc.capacityProviderStrategy;
  if (!items.length) return { launchType: svc.launchType, provider: svc.launchType === 'FARGATE' ? 'FARGATE' : null };
  const counts = new Map<string, number>(items.map((i) => [i.capacityProvider, 0]));
  for (const t of live) if (!t.waitingForCapacity && t.capacityProvider !== null && counts.has(t.capacityProvider)) counts.set(t.capacityProvider, counts.get(t.capacityProvider)! + 1);
  const waiting = new Map(items.map((i) => [i.capacityProvider, waitingOnProvider(sim, svc, i.capacityProvider)]));
  const n = Math.max(svc.desiredCount, live.length + 1);
  const share = distribute(items, n);
  let pick: string | undefined;
  let best = 0;
  // Furthest below its share, counting waiting tasks as placed; a waiting provider comes last.
  for (const blockedPass of [false, true]) {
    for (const i of items) {
      const p = i.capacityProvider;
      if ((waiting.get(p)! > 0) !== blockedPass) continue;
      const deficit = share.get(p)! - counts.get(p)! - waiting.get(p)!;
      if (deficit > best) { best = deficit; pick = p; }
    }
    if (pick) break;
  }
  if (!pick) {
    // Beyond the desired count (a deployment's extra tasks): the share of one more task.
    const more = distribute(items, live.length + 1);
    best = -Infinity;
    for (const i of items) {
      const deficit = more.get(i.capacityProvider)! - counts.get(i.capacityProvider)!;
      if ((i.weight > 0 || i.base > 0) && deficit > best) { best = deficit; pick = i.capacityProvider; }
    }
  }
  const provider = pick ?? items[0]!.capacityProvider;
  const fargate = provider === 'FARGATE' || provider === 'FARGATE_SPOT';
  return { launchType: fargate ? 'FARGATE' : 'EC2', provider };
}
