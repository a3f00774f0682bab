/**
 * `networkConfiguration.awsvpcConfiguration` on CreateService and RunTask, checked against the VPC.
 * awsvpc needs it (the API's own rule); on the default network the lab fills in its private subnets
 * and open security group, so short scenarios stay short.
 */
import type { Simulation } from '../engine';
import type { AwsvpcConfiguration } from '../model';
import type { TaskDefinition } from '../taskdef';
import { invalidParameter, type ApiError } from '../errors';
import { DEFAULT_SECURITY_GROUP } from './vpc';

export function resolveAwsvpcConfiguration(sim: Simulation, td: TaskDefinition, networkConfiguration: unknown):
  AwsvpcConfiguration | null | ApiError {
  if (td.networkMode !== 'awsvpc') return null;
  const cfg = (networkConfiguration as { awsvpcConfiguration?: Record<string, unknown> } | undefined)?.awsvpcConfiguration;
  if (!cfg) {
    if (sim.network.custom) {
      return invalidParameter('networkConfiguration', networkConfiguration, 'networkConfiguration.awsvpcConfiguration with subnets (and securityGroups)', "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    }
    return { subnets: sim.network.subnets.filter((s) => s.type === 'private').map((s) => s.subnetId), securityGroups: [DEFAULT_SECURITY_GROUP], assignPublicIp: false };
  }
  const subnets = cfg.subnets;
  if (!Array.isArray(subnets) || subnets.length === 0 || subnets.length > 16) {
    return invalidParameter('networkConfiguration.awsvpcConfiguration.subnets', subnets, 'a list of 1 to 16 subnet ids', 'subnets can not be empty.');
  }
  for (const [i, id] of subnets.entries()) {
    if (!sim.network.subnets.some((s) => s.subnetId === id)) {
      return invalidParameter(`networkConfiguration.awsvpcConfiguration.subnets[${i}]`, id, `a subnet of the VPC: ${sim.network.subnets.map((s) => s.subnetId).join(', ')}`, `Error retrieving subnet information for [${String(id)}]: The subnet ID '${String(id)}' does not exist.`);
    }
  }
  const groups = cfg.securityGroups ?? [DEFAULT_SECURITY_GROUP];
  if (!Array.isArray(groups) || groups.length > 5) {
    return invalidParameter('networkConfiguration.awsvpcConfiguration.securityGroups', groups, 'a list of up to 5 security group ids', 'securityGroups can have at most 5 items.');
  }
  for (const [i, id] of groups.entries()) {
    if (!sim.network.securityGroups.has(id as string)) {
      return invalidParameter(`networkConfiguration.awsvpcConfiguration.securityGroups[${i}]`, id, `a security group of the VPC: ${[...sim.network.securityGroups.keys()].join(', ')}`, `Error retrieving security group information for [${String(id)}]: The security group '${String(id)}' does not exist.`);
    }
  }
  const pub = cfg.assignPublicIp;
  if (pub !== undefined && pub !== 'ENABLED' && pub !== 'DISABLED') {
    return invalidParameter('networkConfiguration.awsvpcConfiguration.assignPublicIp', pub, 'ENABLED or DISABLED', 'assignPublicIp must be ENABLED or DISABLED.');
  }
  return { subnets: subnets as string[], securityGroups: groups as string[], assignPublicIp: pub === 'ENABLED' };
}
