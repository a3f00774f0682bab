/**
 * The canvas reads a snapshot's `frame` (per-task typed arrays). A snapshot without one (built by
 * an older engine, or recorded) still draws: its task objects are turned into the same arrays.
 */
import { STATE_NAMES, TaskStateCode as S } from '../core/states';
import type { Snapshot, TaskFrame, TaskGroupSnap } from '../sim/snapshot';
import { TASK_FLAG } from '../sim/frame-flags';

export function frameOf(s: Snapshot): TaskFrame {
  if (s.frame) return s.frame;
  const tasks = s.tasks;
  const n = tasks.reduce((m, t) => Math.max(m, t.slot + 1), 0);
  const f: TaskFrame = {
    count: n, state: new Uint8Array(n), instance: new Int32Array(n).fill(-1), az: new Uint8Array(n),
    group: new Uint16Array(n), revision: new Uint16Array(n), flags: new Uint8Array(n),
    since: new Float64Array(n), until: new Float64Array(n).fill(Infinity), rps: new Float32Array(n),
    targetGroup: new Int16Array(n).fill(-1), taskIds: new Array<string>(n).fill(''), groups: [],
  };
  const groups = new Map<string, number>();
  const tgOf = new Map<number, number>();
  s.targetGroups.forEach((tg, k) => { for (const x of tg.targets) if (!tgOf.has(x.taskSlot)) tgOf.set(x.taskSlot, k); });
  for (const t of tasks) {
    const i = t.slot;
    let g = groups.get(t.group);
    if (g === undefined) {
      g = f.groups.length;
      groups.set(t.group, g);
      f.groups.push({ name: t.group, service: t.service, primaryRevision: 0 } satisfies TaskGroupSnap);
    }
    const grp = f.groups[g]!;
    if (t.revision > grp.primaryRevision) grp.primaryRevision = t.revision;
    f.state[i] = Math.max(0, STATE_NAMES.indexOf(t.lastStatus));
    f.instance[i] = t.instanceSlot;
    f.az[i] = Math.max(0, s.availabilityZones.indexOf(t.availabilityZone));
    f.group[i] = g;
    f.revision[i] = t.revision;
    f.taskIds[i] = t.taskId;
    f.rps[i] = t.requestsPerSecond;
    f.targetGroup[i] = tgOf.get(i) ?? -1;
    const st = f.state[i]!;
    f.since[i] = st === S.PENDING ? t.pullStartedAt ?? t.createdAt : st === S.RUNNING ? t.startedAt ?? t.createdAt
      : st >= S.DEACTIVATING && st < S.STOPPED ? t.stoppingAt ?? t.createdAt : st === S.STOPPED ? t.stoppedAt ?? s.t : t.createdAt;
    let flags = 0;
    if (t.healthy) flags |= TASK_FLAG.HEALTHY;
    if (t.healthStatus === 'UNHEALTHY') flags |= TASK_FLAG.UNHEALTHY;
    if (t.requestsPerSecond > 0) flags |= TASK_FLAG.RECEIVING;
    if (t.desiredStatus === 'STOPPED') flags |= TASK_FLAG.STOP_DESIRED;
    if (t.lastStatus === 'STOPPED' && t.startedAt === null && t.stopCode !== 'UserInitiated' && t.stopCode !== 'ServiceSchedulerInitiated') flags |= TASK_FLAG.FAILED;
    f.flags[i] = flags;
  }
  for (const grp of f.groups) {
    const svc = s.services.find((x) => x.serviceName === grp.service);
    const td = svc?.deployments[0]?.taskDefinition;
    if (td) grp.primaryRevision = Number(td.slice(td.lastIndexOf(':') + 1)) || grp.primaryRevision;
  }
  return f;
}
