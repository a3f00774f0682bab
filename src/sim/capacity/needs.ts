/**
 * How many more instances the tasks waiting for an Auto Scaling group provider need (§6.3): a
 * first-fit-decreasing binpack over vCPU, memory, ENIs and host ports onto new instances of the
 * group's type. Tasks that do not fit even an empty instance of that type are left out (they stay
 * waiting). Identical tasks are packed arithmetically, so a thousand waiting tasks cost as little
 * as one.
 *
 * @example
 * // m5.large registers 2048 CPU units and 7,985 MiB; 5 tasks of 1024 CPU / 2048 MiB need 3.
 * instancesNeeded(sim, provider, [{ count: 5, cpu: 1024, memory: 2048, enis: 0, hostPorts: [] , ...}])
 * // → { instances: 3, tasks: 5 }
 */
import type { Simulation } from '../engine';
import { lookupInstanceType } from '../catalog';
import { taskNeeds } from '../tasks';
import { capacityState, type AsgProvider, type WaitingForCapacity } from './state';

/** What waits for a provider now: its waiting tasks, grouped by what each needs. */
export function waitingOn(sim: Simulation, provider: string): WaitingForCapacity[] {
  const cs = capacityState(sim);
  const groups = new Map<string, WaitingForCapacity>();
  for (const w of cs.waitingTasks) {
    if (w.provider !== provider || !w.task.waitingForCapacity || w.task.desiredStatus !== 'RUNNING') continue;
    const n = taskNeeds(w.task.definition);
    const key = `${n.cpu}/${n.memory}/${n.enis}/${n.hostPorts.join(',')}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { provider, count: 1, cpu: n.cpu, memory: n.memory, enis: n.enis, hostPorts: n.hostPorts, at: w.task.createdAt });
  }
  return [...groups.values()];
}

/** `count` identical instances with this much room left. */
interface Bin { cpu: number; memory: number; enis: number; ports: Set<number>; count: number }

function fits(b: Bin, w: WaitingForCapacity): number {
  let k = Infinity;
  if (w.cpu > 0) k = Math.min(k, Math.floor(b.cpu / w.cpu));
  if (w.memory > 0) k = Math.min(k, Math.floor(b.memory / w.memory));
  if (w.enis > 0) k = Math.min(k, Math.floor(b.enis / w.enis));
  if (w.hostPorts.length) k = w.hostPorts.some((p) => b.ports.has(p)) ? 0 : Math.min(k, 1);
  return k === Infinity ? Number.MAX_SAFE_INTEGER : k;
}

function after(b: Bin, w: WaitingForCapacity, k: number, count: number): Bin {
  const ports = new Set(b.ports);
  for (const p of w.hostPorts) ports.add(p);
  return { cpu: b.cpu - k * w.cpu, memory: b.memory - k * w.memory, enis: b.enis - k * w.enis, ports, count };
}

/** New instances of the provider's type the waiting tasks need, and how many tasks counted. */
export function instancesNeeded(_sim: Simulation, p: AsgProvider, waiting: WaitingForCapacity[]): { instances: number; tasks: number } {
  const it = lookupInstanceType(p.instanceType);
  if (!it.ok || waiting.length === 0) return { instances: 0, tasks: 0 };
  const empty: Bin = { cpu: it.value.cpuUnits, memory: it.value.registeredMemoryMiB, enis: Math.max(0, it.value.maxEnis - 1), ports: new Set(), count: 1 };
  const sorted = waiting.filter((w) => w.count > 0).sort((a, b) => (b.cpu + b.memory) - (a.cpu + a.memory));
  let bins: Bin[] = [];
  let instances = 0;
  let tasks = 0;
  for (const w of sorted) {
    const perBin = fits(empty, w);
    if (perBin === 0) continue;
    let rest = w.count;
    tasks += w.count;
    // First fit into the room left on instances already opened (identical ones as a group).
    const next: Bin[] = [];
    for (const b of bins) {
      const k = rest > 0 ? fits(b, w) : 0;
      if (k === 0) { next.push(b); continue; }
      const whole = Math.min(b.count, Math.floor(rest / k));
      if (whole > 0) { next.push(after(b, w, k, whole)); rest -= whole * k; }
      let left = b.count - whole;
      if (left > 0 && rest > 0 && rest < k) { next.push(after(b, w, rest, 1)); rest = 0; left--; }
      if (left > 0) next.push({ ...b, count: left });
    }
    bins = next;
    if (rest > 0) {
      const full = Math.floor(rest / perBin);
      const remainder = rest - full * perBin;
      if (full > 0) bins.push(after(empty, w, perBin, full));
      if (remainder > 0) bins.push(after(empty, w, remainder, 1));
      instances += full + (remainder > 0 ? 1 : 0);
    }
  }
  return { instances, tasks };
}
