/**
 * Scale-in: which tasks a service stops when it has more than it wants (§1.2, §1.5).
 * Each strategy rule keeps the tasks that are the best victims by its measure; the seeded PRNG
 * breaks the remaining ties (the reference: "within an AZ the victim is chosen at random").
 * - spread (and the default, and Fargate): the AZ holding the most of the service's tasks, then the
 *   instance holding the most;
 * - binpack: the task whose removal leaves its instance with the most free CPU or memory;
 * - random: any.
 */
import type { Simulation } from '../engine';
import type { Service, Task } from '../model';
import type { NormalizedStrategy } from './validate';
import { nextU32 } from '../rng';

function victimScore(sim: Simulation, t: Task, rule: NormalizedStrategy, pool: Task[]): number {
  if (rule.type === 'random') return 0;
  if (rule.type === 'binpack') {
    if (t.instanceSlot < 0) return 0;
    return rule.field === 'cpu' ? sim.core.instCpu[t.instanceSlot]! + t.cpu : sim.core.instMem[t.instanceSlot]! + t.memory;
  }
  if (rule.field === 'availabilityZone') return pool.filter((o) => o.availabilityZone === t.availabilityZone).length;
  if (rule.field === 'instanceId') return t.instanceSlot < 0 ? 0 : pool.filter((o) => o.instanceSlot === t.instanceSlot).length;
  const attr = rule.field.attribute;
  const v = sim.instanceOf(t)?.attributes[attr];
  return pool.filter((o) => sim.instanceOf(o)?.attributes[attr] === v).length;
}

export function chooseVictims(sim: Simulation, svc: Service, tasks: Task[], n: number): Task[] {
  const fargate = tasks.every((t) => t.instanceSlot < 0);
  const rules: NormalizedStrategy[] = fargate || svc.placementStrategy.length === 0
    ? [{ type: 'spread', field: 'availabilityZone' }, { type: 'spread', field: 'instanceId' }]
    : svc.placementStrategy;
  const pool = tasks.slice();
  const victims: Task[] = [];
  for (let k = 0; k < n && pool.length; k++) {
    let cands = pool.slice();
    for (const rule of rules) {
      if (cands.length <= 1) break;
      const scores = cands.map((t) => victimScore(sim, t, rule, pool));
      const best = Math.max(...scores);
      cands = cands.filter((_, i) => scores[i] === best);
    }
    const v = cands[nextU32(sim.rng) % cands.length]!;
    victims.push(v);
    pool.splice(pool.indexOf(v), 1);
  }
  return victims;
}
