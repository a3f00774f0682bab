/**
 * The VPC (§7.2 networking; the network issue): subnets hand out addresses to container instances
 * and to awsvpc tasks' ENIs (a subnet with no free address stops awsvpc tasks from starting there),
 * and each subnet either has a route to ECR or does not.
 *
 * The default network, when a scenario names none, is deliberately roomy and open: one public and
 * one private /16 subnet per zone (65,531 free addresses each, in a 10.0.0.0/8 VPC: larger than a
 * real VPC's primary block, so that 100,000 awsvpc tasks fit), a NAT gateway, and one security
 * group that allows everything inside the VPC.
 */
import type { Simulation } from '../engine';
import type { Scenario } from '../scenario/schema';
import type { SetupError } from '../systems';
import type { NetworkSpec, IpPermission } from './schema';

export interface Subnet {
  subnetId: string;
  availabilityZone: string;
  type: 'public' | 'private';
  /** First usable address as a 32-bit number; AWS reserves the first four and the last one. */
  base: number;
  capacity: number;
  /** Offsets given back, reused first (lowest first, so addresses stay deterministic). */
  free: number[];
  next: number;
  used: number;
}

export interface SecurityGroup { GroupId: string; GroupName: string; IpPermissions: IpPermission[] }

export interface Network {
  vpcId: string;
  cidrBlock: string;
  subnets: Subnet[];
  natGateway: boolean;
  vpcEndpoints: string[];
  securityGroups: Map<string, SecurityGroup>;
  /** Whether the scenario described its own network (lessons say when the default applies). */
  custom: boolean;
  /** Bumped whenever a security group rule changes (invalidates `reachCache`). */
  rulesVersion: number;
  reachCache: Map<string, boolean>;
}

export const DEFAULT_SECURITY_GROUP = 'sg-0default';
export const ECR_ENDPOINTS = ['ecr.api', 'ecr.dkr', 's3'];

export function ipToNumber(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): { base: number; size: number; bits: number } | null {
  const [ip, bits] = cidr.split('/');
  const b = Number(bits);
  const n = ip ? ipToNumber(ip) : null;
  if (n === null || bits === undefined || !Number.isInteger(b) || b < 0 || b > 32) return null;
  const size = 2 ** (32 - b);
  return { base: n - (n % size), size, bits: b };
}

export function cidrContains(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const n = ipToNumber(ip);
  return !!c && n !== null && n >= c.base && n < c.base + c.size;
}

/** Subnets are /16 to /28, as in EC2. */
function makeSubnet(id: string, az: string, type: 'public' | 'private', cidr: string, available?: number): Subnet | null {
  const c = parseCidr(cidr);
  if (!c || c.bits < 16 || c.bits > 28) return null;
  const usable = c.size - 5;
  return { subnetId: id, availabilityZone: az, type, base: c.base + 4, capacity: Math.min(usable, available ?? usable), free: [], next: 0, used: 0 };
}

function defaultNetwork(zones: string[]): Network {
  const subnets: Subnet[] = [];
  zones.forEach((z, i) => {
    subnets.push(makeSubnet(`subnet-public-${z.slice(-2)}`, z, 'public', `10.${i}.0.0/16`)!);
    subnets.push(makeSubnet(`subnet-private-${z.slice(-2)}`, z, 'private', `10.${100 + i}.0.0/16`)!);
  });
  return {
    vpcId: 'vpc-0ec51ab8', cidrBlock: '10.0.0.0/8', subnets, natGateway: true, vpcEndpoints: [], custom: false,
    rulesVersion: 0, reachCache: new Map(),
    securityGroups: new Map([[DEFAULT_SECURITY_GROUP, { GroupId: DEFAULT_SECURITY_GROUP, GroupName: 'default-open',
      IpPermissions: [{ IpProtocol: '-1', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }]]),
  };
}

/** Builds the scenario's network (or the default one). */
export function setupNetwork(sim: Simulation, s: Scenario): SetupError | null {
  const spec = (s as Scenario & { network?: NetworkSpec }).network;
  if (!spec) { sim.network = defaultNetwork(sim.availabilityZones); return null; }
  const net: Network = {
    vpcId: spec.vpc?.vpcId ?? 'vpc-0ec51ab8', cidrBlock: spec.vpc?.cidrBlock ?? '10.0.0.0/16', subnets: [],
    natGateway: spec.natGateway ?? false, vpcEndpoints: spec.vpcEndpoints ?? [], custom: true, securityGroups: new Map(),
    rulesVersion: 0, reachCache: new Map(),
  };
  for (const [i, sub] of (spec.subnets ?? []).entries()) {
    if (!sim.availabilityZones.includes(sub.availabilityZone)) {
      return { field: `network.subnets[${i}].availabilityZone`, value: sub.availabilityZone, accepted: `one of the cluster's zones: ${sim.availabilityZones.join(', ')}`, message: `InvalidParameterValue: Value (${sub.availabilityZone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${sim.availabilityZones.join(', ')}.` };
    }
    const cidr = sub.cidrBlock ?? `10.0.${i * 16}.0/20`;
    const made = makeSubnet(sub.subnetId, sub.availabilityZone, sub.type, cidr, sub.availableIpAddressCount);
    if (!made) return { field: `network.subnets[${i}].cidrBlock`, value: cidr, accepted: 'an IPv4 CIDR block from /16 to /28, e.g. 10.0.1.0/24', message: `InvalidSubnet.Range: The CIDR '${cidr}' is invalid.` };
    net.subnets.push(made);
  }
  if (!net.subnets.length) {
    return { field: 'network.subnets', value: spec.subnets, accepted: 'at least one subnet', message: 'Invalid scenario: network.subnets must list at least one subnet.' };
  }
  net.securityGroups.set(DEFAULT_SECURITY_GROUP, defaultNetwork([]).securityGroups.get(DEFAULT_SECURITY_GROUP)!);
  for (const sg of spec.securityGroups ?? []) {
    net.securityGroups.set(sg.GroupId, { GroupId: sg.GroupId, GroupName: sg.GroupName ?? sg.GroupId, IpPermissions: sg.IpPermissions.map((p) => ({ ...p })) });
  }
  sim.network = net;
  return null;
}

export function subnetById(sim: Simulation, id: string): Subnet | undefined {
  return sim.network.subnets.find((s) => s.subnetId === id);
}

export function freeAddresses(sub: Subnet): number {
  return sub.capacity - sub.used;
}

/** Takes the lowest free address of a subnet, or null when it has none. */
export function allocateAddress(sub: Subnet): string | null {
  if (sub.used >= sub.capacity) return null;
  let offset: number;
  if (sub.free.length) offset = sub.free.shift()!;
  else offset = sub.next++;
  sub.used++;
  return numberToIp(sub.base + offset);
}

export function releaseAddress(sim: Simulation, subnetId: string, ip: string): void {
  const sub = subnetById(sim, subnetId);
  const n = ipToNumber(ip);
  if (!sub || n === null) return;
  const offset = n - sub.base;
  sub.used = Math.max(0, sub.used - 1);
  const i = sub.free.findIndex((x) => x > offset);
  if (i < 0) sub.free.push(offset); else sub.free.splice(i, 0, offset);
}

/** Whether a subnet can reach ECR: public subnets through the internet gateway (with a public IP), private ones through NAT or endpoints. */
export function routeToEcr(sim: Simulation, sub: Subnet, publicIp: boolean): { ok: boolean; why: string } {
  const endpoints = ECR_ENDPOINTS.every((e) => sim.network.vpcEndpoints.some((v) => v.endsWith(e)));
  if (endpoints) return { ok: true, why: 'VPC endpoints for ECR' };
  if (sub.type === 'public') return publicIp ? { ok: true, why: 'internet gateway' } : { ok: false, why: `public subnet ${sub.subnetId} without a public IP` };
  return sim.network.natGateway ? { ok: true, why: 'NAT gateway' } : { ok: false, why: `private subnet ${sub.subnetId} with no NAT gateway and no ECR VPC endpoints` };
}
