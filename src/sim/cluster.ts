/**
 * Container instances (§1.7): registration from the instance-type catalogue, built-in and custom
 * attributes, draining, termination and Availability Zone failure.
 */
import type { Simulation } from './engine';
import type { ContainerInstance } from './model';
import { hex } from './rng';
import { lookupInstanceType, lookupAmi, builtInAttributes, DEFAULT_AMI_ID, ECS_RESERVED_PORTS } from './catalog';
import { MAX_AZ } from '../core/core';
import { allocateAddress, DEFAULT_SECURITY_GROUP, subnetById } from './network/vpc';
import { providerIndex } from './capacity/state';

export interface InstanceSpec {
  instanceType: string;
  availabilityZone: string;
  count?: number;
  attributes?: Record<string, string>;
  ami?: string;
  capacityProvider?: string;
  imagePullBehavior?: 'default' | 'always' | 'once' | 'prefer-cached';
  subnetId?: string;
  securityGroups?: string[];
  /** The EC2 instance id (an Auto Scaling group names its instances at launch; count must be 1). */
  ec2InstanceId?: string;
  /** EC2 purchase option; Spot instances are billed at the Spot price and can be interrupted (§6.3). */
  lifecycle?: 'on-demand' | 'spot';
}

type SetupError = { field: string; value: unknown; accepted: string; message: string };

/** Registers the scenario's starting instances; returns the first error, naming the field. */
export function registerInstances(sim: Simulation, specs: InstanceSpec[]): SetupError | null {
  if (sim.availabilityZones.length > MAX_AZ) {
    return { field: 'cluster.availabilityZones', value: sim.availabilityZones.length, accepted: `at most ${MAX_AZ} Availability Zones`, message: `Invalid scenario: 'cluster.availabilityZones' lists ${sim.availabilityZones.length} zones; at most ${MAX_AZ} are supported.` };
  }
  for (const [i, spec] of specs.entries()) {
    const r = registerInstance(sim, spec, spec.count ?? 1);
    if (r) return { ...r, field: `cluster.containerInstances[${i}].${r.field}` };
  }
  return null;
}

/** Launches `count` EC2 instances of one type into an AZ and registers them with the cluster. */
export function registerInstance(sim: Simulation, spec: InstanceSpec, count: number): SetupError | null {
  const type = lookupInstanceType(spec.instanceType);
  if (!type.ok) return { ...type.error, field: 'instanceType' };
  if (!sim.availabilityZones.includes(spec.availabilityZone)) {
    return { field: 'availabilityZone', value: spec.availabilityZone, accepted: `one of the cluster's zones: ${sim.availabilityZones.join(', ')}`, message: `InvalidParameterException: Availability Zone '${spec.availabilityZone}' is not one of the cluster's zones (${sim.availabilityZones.join(', ')}).` };
  }
  const amiR = lookupAmi(spec.ami ?? DEFAULT_AMI_ID);
  if (!amiR.ok) return amiR.error;
  const ami = amiR.value;
  const it = type.value;
  // An instance lives in the subnet it names, or the zone's first private subnet (else public).
  const inZone = sim.network.subnets.filter((s) => s.availabilityZone === spec.availabilityZone);
  const subnet = spec.subnetId ? subnetById(sim, spec.subnetId) : inZone.find((s) => s.type === 'private') ?? inZone[0];
  if (!subnet || subnet.availabilityZone !== spec.availabilityZone) {
    return { field: spec.subnetId ? 'subnetId' : 'availabilityZone', value: spec.subnetId ?? spec.availabilityZone, accepted: `a subnet in ${spec.availabilityZone}: ${inZone.map((s) => s.subnetId).join(', ') || '(none: add one to network.subnets)'}`, message: `InvalidParameterValue: no subnet in ${spec.availabilityZone} for the instance.` };
  }
  const groups = spec.securityGroups ?? [DEFAULT_SECURITY_GROUP];
  const unknownGroup = groups.find((g) => !sim.network.securityGroups.has(g));
  if (unknownGroup) {
    return { field: 'securityGroups', value: unknownGroup, accepted: `a security group of the VPC: ${[...sim.network.securityGroups.keys()].join(', ')}`, message: `InvalidGroup.NotFound: The security group '${unknownGroup}' does not exist.` };
  }
  // All or nothing: the addresses and the core's instance slots are counted before any launch.
  const freeAddresses = Math.max(0, subnet.capacity - subnet.used);
  const freeSlots = Math.max(0, sim.core.capacity.instances - sim.instances.length);
  if (freeAddresses < count && freeAddresses <= freeSlots) {
    return { field: 'count', value: count, accepted: `at most ${freeAddresses} more instances in ${subnet.subnetId}`, message: `InsufficientFreeAddressesInSubnet: The specified subnet ${subnet.subnetId} does not have enough free addresses to satisfy the request.` };
  }
  if (freeSlots < count) {
    return { field: 'count', value: count, accepted: `at most ${sim.core.capacity.instances} instances in this simulation`, message: `LimitExceededException: this simulation holds at most ${sim.core.capacity.instances} container instances.` };
  }
  for (let k = 0; k < count; k++) {
    const ip = allocateAddress(subnet)!;
    const slot = sim.instances.length;
    const ec2InstanceId = spec.ec2InstanceId && count === 1 ? spec.ec2InstanceId : `i-0${hex(sim.rng, 16)}`;
    const inst: ContainerInstance = {
      slot,
      id: hex(sim.rng, 32),
      ec2InstanceId,
      instanceType: it.name,
      availabilityZone: spec.availabilityZone,
      status: 'ACTIVE',
      agentConnected: true,
      registeredCpu: it.cpuUnits,
      registeredMemory: it.registeredMemoryMiB,
      maxEnis: it.maxEnis,
      attributes: {
        ...builtInAttributes(it, ami, spec.availabilityZone),
        'ecs.vpc-id': sim.network.vpcId,
        'ecs.subnet-id': subnet.subnetId,
        ...(spec.attributes ?? {}),
      },
      registeredAt: sim.t,
      imageCache: [],
      imagesPreBaked: ami.imagesPreBaked,
      // A custom AMI with baked images is built to be used with prefer-cached.
      imagePullBehavior: spec.imagePullBehavior ?? (ami.imagesPreBaked ? 'prefer-cached' : 'default'),
      usedPorts: [...ECS_RESERVED_PORTS],
      capacityProvider: spec.capacityProvider ?? null,
      subnetId: subnet.subnetId,
      privateIpv4Address: ip,
      securityGroups: groups,
      lifecycle: spec.lifecycle ?? 'on-demand',
    };
    sim.instances.push(inst);
    sim.clusterVersion++;
    // The primary ENI counts against the limit (§1.7): max ENIs − 1 awsvpc tasks.
    sim.core.addInstance(slot, sim.availabilityZones.indexOf(spec.availabilityZone), inst.registeredCpu,
      inst.registeredMemory, Math.max(0, it.maxEnis - 1), providerIndex(sim, spec.capacityProvider));
  }
  return null;
}
