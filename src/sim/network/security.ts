/**
 * Security groups between the load balancer and the tasks. A target whose security groups do not
 * let the load balancer in on the traffic port fails its health checks and gets no answers, as in
 * real life. Rules change through the EC2 actions AuthorizeSecurityGroupIngress and
 * RevokeSecurityGroupIngress (their real request shapes).
 */
import type { Simulation } from '../engine';
import type { Task } from '../model';
import type { CommandResult } from '../commands';
import type { IpPermission } from './schema';
import { invalidParameter } from '../errors';
import { ipPermissionSchema } from './schema';
import { cidrContains } from './vpc';

/** Ports Docker maps dynamic host ports from (bridge mode, hostPort 0). */
export const EPHEMERAL_PORT = 32768;

function allows(p: IpPermission, port: number, fromGroups: readonly string[], fromIp: string): boolean {
  const proto = p.IpProtocol ?? 'tcp';
  if (proto !== '-1' && proto !== 'tcp' && proto !== '6') return false;
  const from = p.FromPort ?? -1;
  const to = p.ToPort ?? -1;
  const portOk = proto === '-1' || from === -1 || (port >= from && port <= to);
  if (!portOk) return false;
  if (p.UserIdGroupPairs?.some((g) => fromGroups.includes(g.GroupId))) return true;
  return !!p.IpRanges?.some((r) => cidrContains(r.CidrIp, fromIp));
}

/** The load balancer's address inside the VPC (its node in the first public subnet). */
function lbAddress(sim: Simulation): string {
  const sub = sim.network.subnets.find((s) => s.type === 'public') ?? sim.network.subnets[0]!;
  const b = sub.base;
  return [b >>> 24, (b >>> 16) & 255, (b >>> 8) & 255, b & 255].join('.');
}

/** The port and security groups a load balancer has to get through to reach the task. */
export function targetEndpoint(sim: Simulation, task: Task): { port: number; groups: string[] } | null {
  const svc = task.service ? sim.services.get(task.service) : undefined;
  const lb = svc?.loadBalancers[0];
  const td = task.definition;
  if (!td) return null;
  const containerPort = lb?.containerPort ?? td.containerDefinitions.flatMap((c) => c.portMappings)[0]?.containerPort ?? 80;
  if (td.networkMode === 'awsvpc') return { port: containerPort, groups: task.securityGroups };
  const inst = sim.instanceOf(task);
  const mapping = td.containerDefinitions.flatMap((c) => c.portMappings).find((m) => m.containerPort === containerPort);
  const hostPort = td.networkMode === 'host' ? containerPort : mapping && mapping.hostPort > 0 ? mapping.hostPort : EPHEMERAL_PORT;
  return { port: hostPort, groups: inst?.securityGroups ?? [] };
}

/** Whether the load balancer's security groups may reach the task on its traffic port. */
export function lbCanReach(sim: Simulation, task: Task): boolean {
  // Security groups change rarely: remember the answer until a rule changes.
  const v = sim.network.rulesVersion;
  if (task.reachMemo >= 0 && task.reachMemo >> 1 === v) return (task.reachMemo & 1) === 1;
  const ok = reach(sim, task);
  task.reachMemo = v * 2 + (ok ? 1 : 0);
  return ok;
}

function reach(sim: Simulation, task: Task): boolean {
  const ep = targetEndpoint(sim, task);
  if (!ep) return false;
  const key = `${ep.groups.join(',')}:${ep.port}:${sim.network.rulesVersion}`;
  const hit = sim.network.reachCache.get(key);
  if (hit !== undefined) return hit;
  const from = task.targetGroupNames.flatMap((n) => sim.targetGroups.get(n)?.securityGroups ?? []);
  const ip = lbAddress(sim);
  const ok = ep.groups.some((g) => sim.network.securityGroups.get(g)?.IpPermissions.some((p) => allows(p, ep.port, from, ip)));
  sim.network.reachCache.set(key, ok);
  return ok;
}

function changeIngress(sim: Simulation, req: Record<string, unknown>, add: boolean): CommandResult {
  const id = req.GroupId;
  const sg = typeof id === 'string' ? sim.network.securityGroups.get(id) : undefined;
  if (!sg) {
    return { ok: false, error: invalidParameter('GroupId', id, `an existing security group: ${[...sim.network.securityGroups.keys()].join(', ')}`, `InvalidGroup.NotFound: The security group '${String(id)}' does not exist.`) };
  }
  const perms = req.IpPermissions;
  if (!Array.isArray(perms) || perms.length === 0) {
    return { ok: false, error: invalidParameter('IpPermissions', perms, 'a list of IpPermission objects ({ IpProtocol, FromPort, ToPort, UserIdGroupPairs | IpRanges })', 'IpPermissions must list at least one permission.') };
  }
  for (const [i, p] of perms.entries()) {
    const r = ipPermissionSchema.safeParse(p);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      return { ok: false, error: invalidParameter(`IpPermissions[${i}].${issue.path.join('.')}`, p, 'IpProtocol (tcp, udp or -1), FromPort and ToPort from 0 to 65535, UserIdGroupPairs [{ GroupId }] or IpRanges [{ CidrIp }]', `Invalid IpPermissions[${i}]: ${issue.message}.`) };
    }
  }
  const same = (a: IpPermission, b: IpPermission) => JSON.stringify([a.IpProtocol ?? 'tcp', a.FromPort, a.ToPort, a.UserIdGroupPairs ?? [], a.IpRanges ?? []])
    === JSON.stringify([b.IpProtocol ?? 'tcp', b.FromPort, b.ToPort, b.UserIdGroupPairs ?? [], b.IpRanges ?? []]);
  // Work out the group's rules on a copy; only a request that holds all the way is applied.
  const rules = [...sg.IpPermissions];
  for (const p of perms as IpPermission[]) {
    const existing = rules.findIndex((x) => same(x, p));
    if (add && existing < 0) rules.push({ ...p });
    if (!add) {
      if (existing < 0) return { ok: false, error: invalidParameter('IpPermissions', p, 'a rule that exists in the group', `InvalidPermission.NotFound: The specified rule does not exist in this security group.`) };
      rules.splice(existing, 1);
    }
  }
  sg.IpPermissions = rules;
  sim.network.rulesVersion++;
  sim.network.reachCache.clear();
  return { ok: true };
}

export const securityGroupActions = {
  AuthorizeSecurityGroupIngress: (sim: Simulation, req: Record<string, unknown>) => changeIngress(sim, req, true),
  RevokeSecurityGroupIngress: (sim: Simulation, req: Record<string, unknown>) => changeIngress(sim, req, false),
};
