/**
 * The readable timeline of `npm run sim` without `--json`: the ECS console's Events tab voice.
 */
import type { SimEvent, Summary, TrafficShift } from './events';

export function clock(t: number): string {
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = Math.floor(t % 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** One line for the events worth reading, or null for the rest (task steps, metrics). */
export function timelineLine(e: SimEvent): string | null {
  switch (e.type) {
    case 'ServiceEvent': return `${clock(e.t)}  ${e.message}`;
    case 'ActionResult': return `${clock(e.t)}  ${e.action}: ${e.ok ? JSON.stringify(e.value) : `rejected: ${e.error?.message}`}`;
    case 'DeploymentStateChange': return `${clock(e.t)}  ${e.service}: ${e.eventName} ${e.deploymentId} (${e.taskDefinition}) ${e.reason}`;
    case 'TaskStateChange':
      return e.lastStatus === 'STOPPED' ? `${clock(e.t)}  task ${e.taskId.slice(0, 8)} (${e.taskDefinition}) STOPPED: ${e.stoppedReason ?? ''}` : null;
    case 'ScalingActivity': return `${clock(e.t)}  ${e.resource}: desired ${e.from} -> ${e.to} (${e.cause})`;
    case 'TrafficShift': return `${clock(e.t)}  ${e.service}: ${shiftText(e)}`;
    default: return null;
  }
}

/** "traffic web:1 50%, web:2 50%", or "tasks …" for a rolling update with no requests through a load balancer. */
export function shiftText(e: TrafficShift): string {
  return `${e.basis === 'tasks' ? 'tasks' : 'traffic'} ${Object.entries(e.weights).map(([k, v]) => `${k} ${v}%`).join(', ')}`;
}

export function summaryText(s: Summary): string {
  const lines = [`\nAt ${clock(s.t)}:`];
  for (const [name, svc] of Object.entries(s.services)) {
    lines.push(`  service ${name}: desired ${svc.desiredCount}, running ${svc.runningCount}, pending ${svc.pendingCount}`);
    for (const d of svc.deployments) lines.push(`    deployment ${d.id} ${d.status} ${d.taskDefinition} ${d.rolloutState}`);
  }
  if (s.tasks.length) lines.push(`  standalone tasks: ${s.tasks.length}`);
  for (const i of s.containerInstances) {
    lines.push(`  instance ${i.id.slice(0, 8)} ${i.instanceType} ${i.availabilityZone} ${i.status}: ${i.runningTasksCount} tasks, ${i.remainingCpu} CPU units and ${i.remainingMemory} MiB free`);
  }
  lines.push(`  cost so far: $${s.costUsd.toFixed(4)}`);
  return lines.join('\n');
}
