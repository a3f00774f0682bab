/**
 * RegisterTaskDefinition as a whole: checks a request in the API's fixed order (one error per
 * call) and builds the definition as it would be registered.
 */
import { type ApiError, clientException, describeValue, invalidParameter } from '../errors';
import { DEFAULT_REGION, REGION_PATTERN, taskDefinitionArn } from './arn';
import { type Obj, type Step, NAME_PATTERN, done, enumError, isObject, oneOf, stop, typeError } from './checks';
import { parsePlacementConstraints } from './constraints';
import { FARGATE_MAX_STOP_TIMEOUT_SECONDS, parseContainers, validateContainerResources } from './containers';
import { simSettings, validateSim } from './sim';
import {
  EC2_TASK_CPU_MAX,
  EC2_TASK_CPU_MIN,
  FARGATE_SIZES,
  INVALID_TASK_CPU,
  describeFargateTable,
  isValidFargatePair,
  parseCpuUnits,
  parseMemoryMiB,
  validateTaskSize,
} from './sizes';
import {
  COMPATIBILITIES,
  CPU_ARCHITECTURES,
  NETWORK_MODES,
  OS_FAMILIES,
  type Compatibility,
  type ContainerDefinition,
  type NetworkMode,
  type RuntimePlatform,
  type TaskDefinition,
  type TaskDefinitionResult,
} from './types';

interface Normalized {
  family: string;
  cpu: number | null;
  memory: number | null;
  networkMode: NetworkMode;
  requiresCompatibilities: Compatibility[];
  runtimePlatform: RuntimePlatform | null;
  containers: ContainerDefinition[];
  placementConstraints: { type: 'memberOf'; expression: string }[];
  simRequest: Obj | null;
}

function validateFamily(v: unknown): ApiError | undefined {
  const accepted = '1 to 255 letters (upper and lower case), numbers, hyphens and underscores';
  if (v === undefined || v === null || v === '') {
    // Confirmed wording.
    return clientException('family', v, accepted, 'Family can not be blank.');
  }
  if (typeof v !== 'string') {
    return invalidParameter('family', v, accepted, 'Invalid type for family: expected a string.'); // wording unconfirmed
  }
  if (v.length > 255) {
    return clientException('family', v, accepted, 'Family name can not be longer than 255 characters.'); // wording unconfirmed
  }
  // §1.4 / API: letters, numbers, hyphens, underscores. Confirmed wording.
  if (!NAME_PATTERN.test(v)) return clientException('family', v, accepted, 'Family contains invalid characters.');
  return undefined;
}

function parseRuntimePlatform(v: unknown): Step<RuntimePlatform | null> {
  if (v === undefined || v === null) return done(null);
  if (!isObject(v)) return stop(typeError('runtimePlatform', v, 'an object { cpuArchitecture, operatingSystemFamily }'));
  const arch = v.cpuArchitecture ?? 'X86_64';
  if (!oneOf(CPU_ARCHITECTURES, arch)) return stop(enumError('runtimePlatform.cpuArchitecture', v.cpuArchitecture, CPU_ARCHITECTURES));
  const os = v.operatingSystemFamily ?? 'LINUX';
  if (!oneOf(OS_FAMILIES, os)) return stop(enumError('runtimePlatform.operatingSystemFamily', v.operatingSystemFamily, OS_FAMILIES));
  return done({ cpuArchitecture: arch, operatingSystemFamily: os });
}

function parseCompatibilities(v: unknown): Step<Compatibility[]> {
  if (v === undefined || v === null) return done([]);
  if (!Array.isArray(v)) return stop(typeError('requiresCompatibilities', v, `a list of ${COMPATIBILITIES.join(', ')}`));
  const out: Compatibility[] = [];
  for (let i = 0; i < v.length; i++) {
    const c: unknown = v[i];
    if (!oneOf(COMPATIBILITIES, c)) return stop(enumError(`requiresCompatibilities[${i}]`, c, COMPATIBILITIES));
    if (!out.includes(c)) out.push(c);
  }
  return done(out);
}

function normalize(req: unknown): Step<Normalized> {
  if (!isObject(req)) return stop(typeError('(request)', req, 'a RegisterTaskDefinition request object'));
  const familyError = validateFamily(req.family);
  if (familyError) return stop(familyError);
  const family = req.family as string;

  const nm = req.networkMode ?? 'bridge'; // API default on Linux
  if (!oneOf(NETWORK_MODES, nm)) return stop(enumError('networkMode', req.networkMode, NETWORK_MODES));
  const compat = parseCompatibilities(req.requiresCompatibilities);
  if (!compat.ok) return stop(compat.error);
  const platform = parseRuntimePlatform(req.runtimePlatform);
  if (!platform.ok) return stop(platform.error);

  const cpuParsed = parseCpuUnits(req.cpu);
  if (cpuParsed === 'invalid') {
    return stop(
      clientException(
        'cpu',
        req.cpu,
        compat.value.includes('FARGATE')
          ? `a Fargate task size: ${describeFargateTable()}`
          : `CPU units as a whole number (e.g. "256") or vCPU (e.g. "1 vCPU"), ${EC2_TASK_CPU_MIN} to ${EC2_TASK_CPU_MAX} units on EC2`,
        INVALID_TASK_CPU,
      ),
    );
  }
  const memParsed = parseMemoryMiB(req.memory);
  if (memParsed === 'invalid') {
    return stop(
      clientException(
        'memory',
        req.memory,
        'MiB as a whole number (e.g. "512") or GB (e.g. "1 GB")',
        "Invalid 'memory' setting for task.", // wording unconfirmed
      ),
    );
  }
  const cpu = cpuParsed === 'absent' ? null : cpuParsed;
  const memory = memParsed === 'absent' ? null : memParsed;

  const sizeError = validateTaskSize(cpu, memory, req.cpu, req.memory, nm, req.networkMode, compat.value, platform.value);
  if (sizeError) return stop(sizeError);

  const containers = parseContainers(req.containerDefinitions, nm, compat.value);
  if (!containers.ok) return stop(containers.error);
  const resourceError = validateContainerResources(containers.value, cpu, memory);
  if (resourceError) return stop(resourceError);

  const constraints = parsePlacementConstraints(req.placementConstraints);
  if (!constraints.ok) return stop(constraints.error);
  const sim = validateSim(req.sim);
  if (!sim.ok) return stop(sim.error);

  return done({
    family,
    cpu,
    memory,
    networkMode: nm,
    requiresCompatibilities: compat.value,
    runtimePlatform: platform.value,
    containers: containers.value,
    placementConstraints: constraints.value,
    simRequest: sim.value,
  });
}

/**
 * The launch types a definition validated for. MODEL (partly unconfirmed): EC2 is always listed
 * (every definition that passes validation is EC2-valid); FARGATE when requested, or when the
 * definition meets Fargate's rules anyway (awsvpc, a table size, stopTimeout ≤ 120), matching the
 * `["EC2", "FARGATE"]` that DescribeTaskDefinition shows for Fargate definitions; EXTERNAL only
 * when requested.
 */
export function deriveCompatibilities(n: {
  networkMode: NetworkMode;
  cpu: number | null;
  memory: number | null;
  requiresCompatibilities: readonly Compatibility[];
  runtimePlatform: RuntimePlatform | null;
  containerDefinitions: readonly ContainerDefinition[];
}): Compatibility[] {
  const out: Compatibility[] = ['EC2'];
  const windowsOk =
    n.runtimePlatform === null ||
    n.runtimePlatform.operatingSystemFamily === 'LINUX' ||
    FARGATE_SIZES.some((s) => s.cpu === n.cpu && s.windows);
  const fargateValid =
    n.networkMode === 'awsvpc' &&
    n.cpu !== null &&
    n.memory !== null &&
    isValidFargatePair(n.cpu, n.memory) &&
    windowsOk &&
    n.containerDefinitions.every((c) => c.stopTimeout <= FARGATE_MAX_STOP_TIMEOUT_SECONDS);
  if (n.requiresCompatibilities.includes('FARGATE') || fargateValid) out.push('FARGATE');
  if (n.requiresCompatibilities.includes('EXTERNAL')) out.push('EXTERNAL');
  return out;
}

function reservationOf(n: Normalized): { cpu: number; memory: number } {
  const cpu = n.cpu ?? n.containers.reduce((s, c) => s + c.cpu, 0);
  const memory = n.memory ?? n.containers.reduce((s, c) => s + (c.memoryReservation ?? c.memory ?? 0), 0);
  return { cpu, memory };
}

/**
 * Validates a RegisterTaskDefinition request without registering it. On success returns the
 * definition as it would be registered with `revision` (not frozen, not stored).
 */
export function validateTaskDefinitionRequest(
  req: unknown,
  region: string = DEFAULT_REGION,
  revision = 1,
): TaskDefinitionResult {
  if (typeof region !== 'string' || !REGION_PATTERN.test(region)) {
    return { ok: false, error: invalidParameter('region', region, 'an AWS Region code such as us-east-1', `Invalid region ${describeValue(region)}.`) };
  }
  const n = normalize(req);
  if (!n.ok) return { ok: false, error: n.error };
  const v = n.value;
  const reservation = reservationOf(v);
  const td: TaskDefinition = {
    taskDefinitionArn: taskDefinitionArn(region, v.family, revision),
    family: v.family,
    revision,
    status: 'ACTIVE',
    cpu: v.cpu,
    memory: v.memory,
    reservation,
    networkMode: v.networkMode,
    requiresCompatibilities: v.requiresCompatibilities,
    compatibilities: deriveCompatibilities({ ...v, containerDefinitions: v.containers }),
    runtimePlatform: v.runtimePlatform,
    containerDefinitions: v.containers,
    placementConstraints: v.placementConstraints,
    sim: simSettings(v.simRequest, reservation.memory),
  };
  return { ok: true, taskDefinition: td };
}
