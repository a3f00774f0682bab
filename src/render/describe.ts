/**
 * One paragraph saying what the canvas shows, for its aria-label (the panels list the same facts
 * in detail) and for tests.
 */
import { TaskStateCode as S } from '../core/states';
import type { Snapshot, TaskFrame } from '../sim/snapshot';
import type { Lod } from './context';

const LOD_TEXT: Record<Lod, string> = {
  detail: 'each task drawn with its lifecycle state',
  dots: 'each task drawn as a dot',
  instances: 'tasks summed per container instance',
  zones: 'tasks summed per Availability Zone',
};

export function describeScene(s: Snapshot, f: TaskFrame, lod: Lod): string {
  let live = 0, running = 0, starting = 0, stopping = 0, fargate = 0;
  for (let i = 0; i < f.count; i++) {
    const st = f.state[i]!;
    if (st === 0 || st === S.STOPPED) continue;
    live++;
    if (st === S.RUNNING) running++;
    else if (st < S.RUNNING) starting++;
    else stopping++;
    if (f.instance[i]! < 0) fargate++;
  }
  const instances = s.instances.filter((i) => i.status !== 'DEREGISTERED').length;
  const n = (x: number) => x.toLocaleString('en-US');
  const lbs = s.loadBalancers?.length ?? new Set(s.targetGroups.map((t) => t.loadBalancerName)).size;
  return `Cluster ${s.clusterName} in ${s.region}: ${s.availabilityZones.length} Availability Zones, ${n(instances)} container instances`
    + `${fargate ? `, ${n(fargate)} Fargate tasks` : ''}; ${n(live)} tasks (${n(running)} running, ${n(starting)} starting, ${n(stopping)} stopping)`
    + `${lbs ? `; ${lbs} load balancer${lbs === 1 ? '' : 's'}` : ''}; ${LOD_TEXT[lod]}.`;
}
