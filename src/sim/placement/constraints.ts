/**
 * memberOf constraints (§1.4) evaluated against a container instance through the cluster query
 * language. Expressions were validated when the service or task definition was accepted.
 */
import type { Simulation } from '../engine';
import type { ContainerInstance } from '../model';
import { compileExpression, type QueryInstance } from './query';

/** The ECS agent version the simulated instances report. */
export const AGENT_VERSION = '1.89.0';

export function queryView(sim: Simulation, inst: ContainerInstance): QueryInstance {
  const groups = new Set<string>();
  let running = 0;
  for (const t of sim.tasks) {
    if (t.instanceSlot !== inst.slot || t.lastStatus === 'STOPPED') continue;
    groups.add(t.group);
    if (t.lastStatus === 'RUNNING') running++;
  }
  return {
    attributes: inst.attributes,
    agentConnected: inst.agentConnected,
    agentVersion: AGENT_VERSION,
    ec2InstanceId: inst.ec2InstanceId,
    registeredAt: inst.registeredAt,
    runningTasksCount: running,
    taskGroups: groups,
  };
}

/** True when the instance satisfies every memberOf expression. */
export function instanceMatches(sim: Simulation, inst: ContainerInstance, expressions: readonly string[]): boolean {
  if (!expressions.length) return true;
  const view = queryView(sim, inst);
  return expressions.every((e) => {
    const c = compileExpression(e);
    return c.ok && c.test(view);
  });
}
