/**
 * One paragraph saying what the canvas shows, for its aria-label (the panels list the same facts
 * in detail) and for tests.
 */
import { TaskStateCode as S } from '../core/states';
import type { Snapshot, TaskFrame } from '../sim/snapshot';
import { countFrame, TASK_FLAG } from '../sim/frame-flags';
import type { Lod } from './context';

const LOD_TEXT: Record<Lod, string> = {
  detail: 'each task drawn with its lifecycle state',
  dots: 'each task drawn as a dot',
  instances: 'tasks summed per container instance',
  zones: 'tasks summed per Availability Zone',
};

export function describeScene(s: Snapshot, f: TaskFrame, lod: Lod): string {
  const { byState, placed } = countFrame(f);
  const sum = (from: number, to: number) => byState.slice(from, to + 1).reduce((a, n) => a + n, 0);
  const running = byState[S.RUNNING]!;
  const starting = sum(S.PROVISIONING, S.ACTIVATING);
  const stopping = sum(S.DEACTIVATING, S.DEPROVISIONING);
  const live = starting + running + stopping;
  let waiting = 0;
  for (let i = 0; i < f.count; i++) if (f.flags[i]! & TASK_FLAG.WAITING) waiting++;
  const fargate = live - placed - waiting;
  const instances = s.instances.filter((i) => i.status !== 'DEREGISTERED').length;
  const n = (x: number) => x.toLocaleString('en-US');
  const lbs = s.loadBalancers?.length ?? new Set(s.targetGroups.map((t) => t.loadBalancerName)).size;
  return `Cluster ${s.clusterName} in ${s.region}: ${s.availabilityZones.length} Availability Zones, ${n(instances)} container instances`
    + `${fargate ? `, ${n(fargate)} Fargate tasks` : ''}; ${n(live)} tasks (${n(running)} running, ${n(starting)} starting${waiting ? `, ${n(waiting)} of them waiting for capacity` : ''}, ${n(stopping)} stopping)`
    + `${lbs ? `; ${lbs} load balancer${lbs === 1 ? '' : 's'}` : ''}; ${LOD_TEXT[lod]}.`;
}
