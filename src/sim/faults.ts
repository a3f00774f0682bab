/**
 * What happens to the machines: draining (§1.7), an instance terminated, an Availability Zone
 * failing and recovering. The service scheduler then heals what it can.
 */
import type { Simulation } from './engine';
import type { ContainerInstance, Task } from './model';
import type { CommandResult } from './commands';
import { invalidParameter } from './errors';
import { stopTask } from './tasks';

type Req = Record<string, unknown>;

function findInstance(sim: Simulation, ref: unknown, field: string): ContainerInstance | CommandResult {
  const id = typeof ref === 'string' ? ref.split('/').pop()! : '';
  const inst = sim.instances.find((i) => (i.id === id || i.ec2InstanceId === id) && i.status !== 'DEREGISTERED');
  if (inst) return inst;
  return { ok: false, error: invalidParameter(field, ref, 'the id or ARN of a registered container instance (or its EC2 instance id)', 'The referenced container instance was not found.') };
}

const isResult = (x: unknown): x is CommandResult => typeof x === 'object' && x !== null && 'ok' in x;

/** UpdateContainerInstancesState: DRAINING moves service tasks elsewhere within the deployment limits. */
function updateContainerInstancesState(sim: Simulation, req: Req): CommandResult {
  const status = req.status;
  if (status !== 'ACTIVE' && status !== 'DRAINING') {
    return { ok: false, error: invalidParameter('status', status, 'ACTIVE or DRAINING', 'status must be ACTIVE or DRAINING.') };
  }
  const refs = req.containerInstances;
  if (!Array.isArray(refs) || refs.length === 0 || refs.length > 10) {
    return { ok: false, error: invalidParameter('containerInstances', refs, 'a list of 1 to 10 container instance ids', 'containerInstances must list 1 to 10 container instances.') };
  }
  const found: ContainerInstance[] = [];
  for (const [i, ref] of refs.entries()) {
    const inst = findInstance(sim, ref, `containerInstances[${i}]`);
    if (isResult(inst)) return inst;
    found.push(inst);
  }
  sim.clusterVersion++;
  for (const inst of found) {
    inst.status = status;
    sim.core.setInstanceStatus(inst.slot, status === 'ACTIVE' ? 1 : 2);
    if (status !== 'DRAINING') continue;
    // PENDING service tasks stop at once; RUNNING ones are replaced by the scheduler (§1.7).
    for (const t of sim.tasks) {
      if (t.instanceSlot !== inst.slot || !t.service || t.desiredStatus !== 'RUNNING') continue;
      if (t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING') {
        stopTask(sim, t, 'ServiceSchedulerInitiated', 'Container instance is draining');
      }
    }
  }
  return { ok: true };
}

/**
 * The stop code of a task lost with its host or zone. TaskFailedToStart is for tasks that never
 * started (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html);
 * a task that ran gets TerminationNotice, the code ECS gives a task stopped because its capacity
 * went away (documented for Spot). Which code ECS gives a task whose EC2 host is terminated is not
 * documented: this is a model, and the README's Sources note says so.
 */
function lostTaskStopCode(t: Task): string {
  return t.startedAt === null ? 'TaskFailedToStart' : 'TerminationNotice';
}

/** The EC2 instance behind a container instance is terminated: its tasks stop at once. */
export function terminate(sim: Simulation, inst: ContainerInstance, reason: string): void {
  sim.clusterVersion++;
  for (const t of sim.tasks) {
    if (t.instanceSlot === inst.slot && t.lastStatus !== 'STOPPED') {
      stopTask(sim, t, lostTaskStopCode(t), reason, { exitsOnSigterm: true, immediate: true });
    }
  }
  inst.status = 'DEREGISTERED';
  inst.agentConnected = false;
  sim.core.setInstanceStatus(inst.slot, 0);
}

function terminateInstance(sim: Simulation, req: Req): CommandResult {
  const inst = findInstance(sim, req.containerInstance ?? req.instanceId, 'containerInstance');
  if (isResult(inst)) return inst;
  terminate(sim, inst, `Host EC2 (instance ${inst.ec2InstanceId}) terminated.`);
  return { ok: true };
}

function azField(sim: Simulation, req: Req): string | CommandResult {
  const az = req.availabilityZone;
  if (typeof az === 'string' && sim.availabilityZones.includes(az)) return az;
  return { ok: false, error: invalidParameter('availabilityZone', az, `one of ${sim.availabilityZones.join(', ')}`, `Unknown Availability Zone '${String(az)}'.`) };
}

/**
 * An AZ fails (a model: AWS publishes no such API). Its instances lose their agent connection,
 * every task in the AZ (EC2 and Fargate) stops, and nothing is placed there until it recovers.
 */
function failAvailabilityZone(sim: Simulation, req: Req): CommandResult {
  const az = azField(sim, req);
  if (typeof az !== 'string') return az;
  sim.failedAzs.add(az);
  sim.clusterVersion++;
  for (const inst of sim.instances) {
    if (inst.availabilityZone !== az || inst.status === 'DEREGISTERED') continue;
    inst.agentConnected = false;
  }
  for (const t of sim.tasks) {
    if (t.availabilityZone === az && t.lastStatus !== 'STOPPED' && t.desiredStatus === 'RUNNING') {
      stopTask(sim, t, lostTaskStopCode(t), `Availability Zone ${az} is impaired: the task's host is unreachable.`, { immediate: true });
    }
  }
  return { ok: true };
}

function recoverAvailabilityZone(sim: Simulation, req: Req): CommandResult {
  const az = azField(sim, req);
  if (typeof az !== 'string') return az;
  sim.failedAzs.delete(az);
  sim.clusterVersion++;
  for (const inst of sim.instances) {
    if (inst.availabilityZone === az && inst.status !== 'DEREGISTERED') inst.agentConnected = true;
  }
  return { ok: true };
}

export const clusterActions = {
  UpdateContainerInstancesState: updateContainerInstancesState,
  TerminateInstance: terminateInstance,
  FailAvailabilityZone: failAvailabilityZone,
  RecoverAvailabilityZone: recoverAvailabilityZone,
};
