/**
 * The load balancer side of a service's event stream: "(service web) registered 2 targets in
 * (target-group …)" as tasks reach ACTIVATING, "deregistered …" as the scheduler stops them, and the
 * health check failures that come before a task is replaced. Wordings and sources: messages.ts.
 */
import type { Simulation } from './engine';
import type { Service, Task } from './model';
import { targetGroupArn } from './health';
import { say } from './services';

/** "(service web) registered|deregistered N targets in (target-group arn)", one line per target group. */
export function reportTargets(sim: Simulation, svc: Service, verb: 'registered' | 'deregistered', tasks: readonly Task[]): void {
  const counts = new Map<string, number>();
  for (const t of tasks) for (const name of t.targetGroupNames) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const [name, n] of counts) {
    const tg = sim.targetGroups.get(name);
    if (tg) say(sim, svc, `${verb} ${n} targets in (target-group ${targetGroupArn(sim, tg)})`);
  }
}

/** A task that entered ACTIVATING this step registers with its target groups; reported once per step. */
export function noteRegistration(svc: Service, task: Task): void {
  if (!task.targetGroupNames.length) return;
  (svc.registeringTasks ??= []).push(task.slot);
}

/** Reports the registrations noted this step, per service (called once the lifecycle tick is done). */
export function flushRegistrations(sim: Simulation): void {
  for (const svc of sim.services.values()) {
    if (!svc.registeringTasks?.length) continue;
    const tasks = svc.registeringTasks.map((slot) => sim.tasks[slot]!);
    svc.registeringTasks = [];
    reportTargets(sim, svc, 'registered', tasks);
  }
}

/** "(service web) (task …) (port 80) is unhealthy in (target-group …) due to (reason Health checks failed)." */
export function reportUnhealthyTarget(sim: Simulation, svc: Service, task: Task, targetGroupName: string): void {
  const tg = sim.targetGroups.get(targetGroupName);
  if (!tg) return;
  const lb = svc.loadBalancers.find((l) => l.targetGroupName === targetGroupName);
  const inst = sim.instanceOf(task);
  // awsvpc and Fargate tasks are ip targets named by task; bridge tasks are instance targets.
  const target = task.definition.networkMode === 'awsvpc' || !inst ? `task ${task.taskId}` : `instance ${inst.ec2InstanceId}`;
  const port = (task.definition.networkMode === 'awsvpc' ? null : task.hostPorts[0]) ?? lb?.containerPort ?? 80;
  say(sim, svc, `(${target}) (port ${port}) is unhealthy in (target-group ${targetGroupArn(sim, tg)}) due to (reason Health checks failed).`);
}

/** "(service web) (task …) failed container health checks." */
export function reportUnhealthyContainer(sim: Simulation, svc: Service, task: Task): void {
  say(sim, svc, `(task ${task.taskId}) failed container health checks.`);
}
