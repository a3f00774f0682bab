/**
 * What an Express service costs (§13): its Fargate tasks (billed like any task, src/sim/cost.ts)
 * plus its share of the shared Application Load Balancer: the ALB-hour split evenly among the
 * services on it, and the LCUs its own traffic uses (prices.json `applicationLoadBalancer`; bytes
 * and connections per request are a model, the UI says so).
 */
import type { Simulation } from '../engine';
import { albLcus, PRICES } from '../prices';
import { EXPRESS_MODEL } from './model';

export interface ExpressAlbRates {
  /** All Express load balancers, per hour. */
  usdPerHour: number;
  /** Per Express service: its share of its load balancer (hour share + its LCUs), per hour. */
  services: Record<string, { albHourShare: number; lcus: number; lcuUsd: number; albUsd: number }>;
}

/** The load balancers' part of the rates (O(Express services)). */
export function expressAlbRates(sim: Simulation): ExpressAlbRates {
  const out: ExpressAlbRates = { usdPerHour: 0, services: {} };
  const a = PRICES.applicationLoadBalancer;
  for (const lb of sim.express.loadBalancers) {
    const share = lb.rules.length ? a.hour.usd / lb.rules.length : a.hour.usd;
    out.usdPerHour += lb.rules.length ? 0 : a.hour.usd;
    for (const rule of lb.rules) {
      const svc = sim.services.get(rule.service);
      const e = sim.express.services.get(rule.service);
      const rps = svc?.stats.requestsPerSecond ?? 0;
      const bytes = typeof e?.sim.bytesPerRequest === 'number' ? e.sim.bytesPerRequest : EXPRESS_MODEL.bytesPerRequest;
      // Rules are evaluated in priority order: a request for this host passes the rules before it.
      const lcus = albLcus(rps, rule.priority, bytes);
      const lcuUsd = lcus * a.lcuHour.usd;
      out.services[rule.service] = { albHourShare: share, lcus, lcuUsd, albUsd: share + lcuUsd };
      out.usdPerHour += share + lcuUsd;
    }
  }
  return out;
}
