/**
 * The EC2 instance-type catalogue, the ECS agent's defaults, and the AMI choices the simulator offers.
 *
 * Instance specs are AWS's published values:
 * - vCPU and memory: the EC2 instance-type pages (https://aws.amazon.com/ec2/instance-types/).
 * - Maximum network interfaces: EC2 DescribeInstanceTypes, as transcribed in
 *   aws/amazon-vpc-cni-k8s `pkg/vpc/vpc_ip_resource_limit.go` (generated from the EC2 API;
 *   e.g. c5.large 3, matching the ECS guide's example in reference §1.7).
 *
 * CPU units are vCPU × 1024 (reference §1.7). Registered memory is a model: see
 * `REGISTERED_MEMORY_MODEL`.
 */
import { type ApiError, type ApiResult, describeValue, invalidParameter } from './errors';

/** `ecs.cpu-architecture` attribute values (reference §1.4). */
export type InstanceCpuArchitecture = 'x86_64' | 'arm64';

export interface InstanceType {
  /** e.g. `m5.large` */
  readonly name: string;
  /** e.g. `m5` */
  readonly family: string;
  readonly vcpu: number;
  /** Nominal memory as AWS sells it, in GiB. */
  readonly memoryGiB: number;
  /** vCPU × 1024: what the container instance registers as CPU (reference §1.7). */
  readonly cpuUnits: number;
  /** Memory the container instance registers with ECS, in MiB (a model; see `REGISTERED_MEMORY_MODEL`). */
  readonly registeredMemoryMiB: number;
  /** Maximum ENIs including the primary one; awsvpc tasks can use `maxEnis - 1` (reference §1.7). */
  readonly maxEnis: number;
  readonly cpuArchitecture: InstanceCpuArchitecture;
  /** T-family burstable instance. The simulator does not model CPU credits. */
  readonly burstable: boolean;
}

/**
 * Registered memory is below nominal memory because the kernel and platform keep some
 * (reference §1.7, ECS-DG-2023:memory-management.md). AWS publishes one data point: an m4.large
 * with 8 GiB registers about 7985 MiB. The rest is a MODEL (unconfirmed): registered memory is
 * taken to be the same fraction of nominal memory for every type,
 * `floor(nominalMiB × 7985 / 8192)` (≈ 97.5 %). Real overhead is partly fixed and partly
 * proportional and varies by AMI and kernel; lessons that quote a registered figure must say it
 * is modelled.
 */
export const REGISTERED_MEMORY_MODEL = Object.freeze({
  kind: 'model' as const,
  anchorInstanceType: 'm4.large',
  anchorNominalMiB: 8192,
  anchorRegisteredMiB: 7985,
  source: 'ECS-DG-2023:memory-management.md (reference §1.7)',
  description:
    'Model (unconfirmed): registered memory = floor(nominal MiB × 7985 / 8192), anchored on the ' +
    'one published data point (m4.large, 8 GiB, registers about 7985 MiB).',
});

/** Registered memory (MiB) for a nominal memory size in GiB, by `REGISTERED_MEMORY_MODEL`. */
export function registeredMemoryMiB(nominalGiB: number): number {
  const nominalMiB = nominalGiB * 1024;
  return Math.floor(
    (nominalMiB * REGISTERED_MEMORY_MODEL.anchorRegisteredMiB) / REGISTERED_MEMORY_MODEL.anchorNominalMiB,
  );
}

type Spec = readonly [name: string, vcpu: number, memoryGiB: number, maxEnis: number];

const X86: InstanceCpuArchitecture = 'x86_64';
const ARM: InstanceCpuArchitecture = 'arm64';

// [name, vCPU, memory GiB, max ENIs]
const SPECS: readonly (readonly [InstanceCpuArchitecture, boolean, readonly Spec[]])[] = [
  [X86, true, [
    ['t3.micro', 2, 1, 2],
    ['t3.small', 2, 2, 3],
    ['t3.medium', 2, 4, 3],
    ['t3.large', 2, 8, 3],
    ['t3.xlarge', 4, 16, 4],
    ['t3.2xlarge', 8, 32, 4],
  ]],
  [X86, false, [
    ['m5.large', 2, 8, 3],
    ['m5.xlarge', 4, 16, 4],
    ['m5.2xlarge', 8, 32, 4],
    ['m5.4xlarge', 16, 64, 8],
    ['c5.large', 2, 4, 3],
    ['c5.xlarge', 4, 8, 4],
    ['c5.2xlarge', 8, 16, 4],
    ['c5.4xlarge', 16, 32, 8],
    ['r5.large', 2, 16, 3],
    ['r5.xlarge', 4, 32, 4],
    ['r5.2xlarge', 8, 64, 4],
  ]],
  // AWS Graviton2
  [ARM, false, [
    ['m6g.medium', 1, 4, 2],
    ['m6g.large', 2, 8, 3],
    ['m6g.xlarge', 4, 16, 4],
    ['m6g.2xlarge', 8, 32, 4],
    ['m6g.4xlarge', 16, 64, 8],
  ]],
];

/** Every instance type the simulator offers, in catalogue order. */
export const INSTANCE_TYPES: readonly InstanceType[] = Object.freeze(
  SPECS.flatMap(([cpuArchitecture, burstable, specs]) =>
    specs.map(([name, vcpu, memoryGiB, maxEnis]) =>
      Object.freeze<InstanceType>({
        name,
        family: name.slice(0, name.indexOf('.')),
        vcpu,
        memoryGiB,
        cpuUnits: vcpu * 1024,
        registeredMemoryMiB: registeredMemoryMiB(memoryGiB),
        maxEnis,
        cpuArchitecture,
        burstable,
      }),
    ),
  ),
);

/** The names of `INSTANCE_TYPES`, in catalogue order. */
export const INSTANCE_TYPE_NAMES: readonly string[] = Object.freeze(INSTANCE_TYPES.map((t) => t.name));

const BY_NAME: ReadonlyMap<string, InstanceType> = new Map(INSTANCE_TYPES.map((t) => [t.name, t]));

/**
 * Looks up an instance type by name.
 *
 * ```ts
 * lookupInstanceType('c5.large')  // → { ok: true, value: { vcpu: 2, cpuUnits: 2048, maxEnis: 3, … } }
 * lookupInstanceType('m9.huge')   // → { ok: false, error: { field: 'instanceType', accepted: 't3.micro, …' } }
 * ```
 *
 * The wording of the error is modelled on EC2's "Invalid value … for InstanceType" (unconfirmed).
 */
export function lookupInstanceType(name: unknown, field = 'instanceType'): ApiResult<InstanceType> {
  const found = typeof name === 'string' ? BY_NAME.get(name) : undefined;
  if (found) return { ok: true, value: found };
  return { ok: false, error: unknownInstanceType(name, field) };
}

function unknownInstanceType(name: unknown, field: string): ApiError {
  return invalidParameter(
    field,
    name,
    `one of the simulated instance types: ${INSTANCE_TYPE_NAMES.join(', ')}`,
    `Invalid value ${describeValue(name)} for ${field}. The simulator offers ${INSTANCE_TYPE_NAMES.join(', ')}.`,
  );
}

// ---------------------------------------------------------------------------------------------
// ECS agent defaults (aws/amazon-ecs-agent README @ 8dfceca6c, reference §1.7)

/** `ECS_RESERVED_PORTS` default on Linux: TCP host ports never given to tasks. */
export const ECS_RESERVED_PORTS: readonly number[] = Object.freeze([22, 2375, 2376, 51678, 51679]);
/** `ECS_RESERVED_PORTS_UDP` default. */
export const ECS_RESERVED_PORTS_UDP: readonly number[] = Object.freeze([]);
/** `ECS_RESERVED_MEMORY` default (MiB withheld from scheduling). */
export const ECS_RESERVED_MEMORY_MIB = 0;

// ---------------------------------------------------------------------------------------------
// AMI choices

export type AmiChoiceId = 'al2023-ecs-optimized' | 'bottlerocket' | 'custom-baked';

export interface AmiChoice {
  readonly id: AmiChoiceId;
  readonly name: string;
  readonly description: string;
  /**
   * The `ecs.ami-id` attribute value per architecture. These are illustrative, well-formed IDs:
   * real AMI IDs change with every release and differ per Region, so real clusters read them from
   * the SSM parameter below.
   */
  readonly amiId: Readonly<Record<InstanceCpuArchitecture, string>>;
  /**
   * Public SSM parameter that resolves to the current AMI ID (null for a custom AMI). The names
   * follow AWS's documented patterns but were not re-checked against AWS for this catalogue
   * (unconfirmed).
   */
  readonly ssmParameter: Readonly<Record<InstanceCpuArchitecture, string>> | null;
  /** `ecs.os-type` */
  readonly osType: 'linux';
  /** `ecs.os-family` */
  readonly osFamily: 'LINUX';
  /** True when task images are baked into the AMI, so tasks start without pulling them. */
  readonly imagesPreBaked: boolean;
}

export const AMI_CHOICES: readonly AmiChoice[] = Object.freeze([
  Object.freeze<AmiChoice>({
    id: 'al2023-ecs-optimized',
    name: 'Amazon ECS-optimized Amazon Linux 2023',
    description: 'AWS-maintained Amazon Linux 2023 with Docker and the ECS agent preinstalled. Images are pulled at task start.',
    amiId: Object.freeze({ x86_64: 'ami-0e3c1b6a7d2f45a01', arm64: 'ami-0b7d94c2e6a1f3c02' }),
    ssmParameter: Object.freeze({
      x86_64: '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id',
      arm64: '/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id',
    }),
    osType: 'linux',
    osFamily: 'LINUX',
    imagesPreBaked: false,
  }),
  Object.freeze<AmiChoice>({
    id: 'bottlerocket',
    name: 'Bottlerocket (aws-ecs-2 variant)',
    description: 'AWS\'s minimal container OS with the ECS agent built in. Images are pulled at task start.',
    amiId: Object.freeze({ x86_64: 'ami-07f2a9d3c81e5b603', arm64: 'ami-0c5e18f7a3d92b604' }),
    ssmParameter: Object.freeze({
      x86_64: '/aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_id',
      arm64: '/aws/service/bottlerocket/aws-ecs-2/arm64/latest/image_id',
    }),
    osType: 'linux',
    osFamily: 'LINUX',
    imagesPreBaked: false,
  }),
  Object.freeze<AmiChoice>({
    id: 'custom-baked',
    name: 'Custom AMI with baked images',
    description:
      'An AMI built from the ECS-optimized one with the task images already pulled, so tasks skip the image pull ' +
      '(at the cost of rebuilding the AMI for every image change).',
    amiId: Object.freeze({ x86_64: 'ami-0a4f6c2e9b1d7e805', arm64: 'ami-0d8b3e5f1c7a29606' }),
    ssmParameter: null,
    osType: 'linux',
    osFamily: 'LINUX',
    imagesPreBaked: true,
  }),
]);

/** The AMI used when a scenario names none. */
export const DEFAULT_AMI_ID: AmiChoiceId = 'al2023-ecs-optimized';

export function lookupAmi(id: unknown, field = 'ami'): ApiResult<AmiChoice> {
  const found = AMI_CHOICES.find((a) => a.id === id);
  if (found) return { ok: true, value: found };
  const ids = AMI_CHOICES.map((a) => a.id).join(', ');
  return {
    ok: false,
    error: invalidParameter(field, id, `one of ${ids}`, `Invalid value ${describeValue(id)} for ${field}. Valid values: ${ids}.`),
  };
}

/**
 * The built-in container-instance attributes (reference §1.4) for an instance of `type` running
 * `ami` in `availabilityZone`. Custom attributes are merged by the caller.
 */
export function builtInAttributes(
  type: InstanceType,
  ami: AmiChoice,
  availabilityZone: string,
): Readonly<Record<string, string>> {
  return Object.freeze({
    'ecs.ami-id': ami.amiId[type.cpuArchitecture],
    'ecs.availability-zone': availabilityZone,
    'ecs.instance-type': type.name,
    'ecs.os-type': ami.osType,
    'ecs.os-family': ami.osFamily,
    'ecs.cpu-architecture': type.cpuArchitecture,
  });
}
