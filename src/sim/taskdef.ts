/**
 * RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition and
 * ListTaskDefinitions, as the real ECS API does them.
 *
 * ```ts
 * const registry = new TaskDefinitionRegistry();
 * const r = registry.register({
 *   family: 'web', cpu: '512', memory: '1 GB', networkMode: 'awsvpc',
 *   requiresCompatibilities: ['FARGATE'],
 *   containerDefinitions: [{ name: 'app', image: 'web:1.0', portMappings: [{ containerPort: 8080 }] }],
 * });
 * // r.ok → r.taskDefinition.taskDefinitionArn === 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
 * //        r.taskDefinition.memory === 1024, containerDefinitions[0].portMappings[0].hostPort === 8080
 * registry.resolve('web');        // latest ACTIVE revision
 * registry.resolve('web:1');      // that revision
 * ```
 *
 * Bad input never throws: it returns an `ApiError` naming the field, the value and what is
 * accepted. The API returns one error per call; so does this module, checking in a fixed order.
 *
 * Error wording: messages marked "confirmed" below were seen verbatim from the real API (AWS docs
 * or users' transcripts of API responses). The others follow the API's style but their exact
 * wording is unconfirmed.
 *
 * The registry's state is plain data (`TaskDefinitionStore`), so the engine can checkpoint it
 * with `structuredClone`. Registered definitions are deep-frozen.
 */
import { type ApiError, clientException, describeValue, invalidParameter } from './errors';

// ---------------------------------------------------------------------------------------------
// Types: request

export type NetworkMode = 'awsvpc' | 'bridge' | 'host' | 'none';
export type Compatibility = 'EC2' | 'FARGATE' | 'EXTERNAL';
export type CpuArchitecture = 'X86_64' | 'ARM64';
export type OperatingSystemFamily =
  | 'LINUX'
  | 'WINDOWS_SERVER_2016_FULL'
  | 'WINDOWS_SERVER_2019_FULL'
  | 'WINDOWS_SERVER_2019_CORE'
  | 'WINDOWS_SERVER_2022_FULL'
  | 'WINDOWS_SERVER_2022_CORE'
  | 'WINDOWS_SERVER_2025_FULL'
  | 'WINDOWS_SERVER_2025_CORE'
  | 'WINDOWS_SERVER_2004_CORE'
  | 'WINDOWS_SERVER_20H2_CORE';
export type TransportProtocol = 'tcp' | 'udp';

export interface PortMappingRequest {
  containerPort: number;
  /** awsvpc/host: omit or equal containerPort. bridge: 0 or omitted means a dynamic host port. */
  hostPort?: number;
  protocol?: TransportProtocol;
  /** Port name (used by Service Connect). */
  name?: string;
}

export interface HealthCheckRequest {
  /** `["CMD", …]` or `["CMD-SHELL", "…"]` */
  command: string[];
  interval?: number;
  timeout?: number;
  retries?: number;
  startPeriod?: number;
}

export interface ContainerDefinitionRequest {
  name: string;
  image: string;
  essential?: boolean;
  cpu?: number;
  /** Hard limit, MiB. */
  memory?: number;
  /** Soft limit, MiB. */
  memoryReservation?: number;
  portMappings?: PortMappingRequest[];
  healthCheck?: HealthCheckRequest;
  /** Seconds between SIGTERM and SIGKILL. */
  stopTimeout?: number;
}

export interface TaskDefinitionPlacementConstraint {
  type: 'memberOf';
  expression: string;
}

export interface RuntimePlatformRequest {
  cpuArchitecture?: CpuArchitecture;
  operatingSystemFamily?: OperatingSystemFamily;
}

/** What the image does in the simulation; see `SIM_DEFAULTS`. */
export interface SimSettingsRequest {
  imageSizeMiB?: number;
  appStartSeconds?: number;
  healthy?: boolean;
  imageExists?: boolean;
  exitAfterSeconds?: number | null;
  cpuPerRequest?: number;
  serviceTimeMs?: number;
  memoryMiBBase?: number;
}

/** A RegisterTaskDefinition request (the fields the simulator models) plus the optional `sim` object. */
export interface TaskDefinitionRequest {
  family: string;
  /** CPU units (`"256"`, `256`) or vCPU (`"1 vCPU"`, `".25 vCPU"`). */
  cpu?: string | number;
  /** MiB (`"512"`, `512`) or GB (`"1 GB"`, `"1GB"`). */
  memory?: string | number;
  /** Default `bridge`; Fargate requires `awsvpc`. */
  networkMode?: NetworkMode;
  requiresCompatibilities?: Compatibility[];
  runtimePlatform?: RuntimePlatformRequest;
  containerDefinitions: ContainerDefinitionRequest[];
  placementConstraints?: TaskDefinitionPlacementConstraint[];
  sim?: SimSettingsRequest;
}

// ---------------------------------------------------------------------------------------------
// Types: registered definition

export interface PortMapping {
  readonly containerPort: number;
  /** 0 means dynamic (bridge mode only); in awsvpc and host mode it equals containerPort. */
  readonly hostPort: number;
  readonly protocol: TransportProtocol;
  readonly name: string | null;
}

export interface HealthCheck {
  readonly command: readonly string[];
  readonly interval: number;
  readonly timeout: number;
  readonly retries: number;
  /** 0 = no start period. */
  readonly startPeriod: number;
}

export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential: boolean;
  /** CPU units reserved for the container (0 when not set). */
  readonly cpu: number;
  readonly memory: number | null;
  readonly memoryReservation: number | null;
  readonly portMappings: readonly PortMapping[];
  readonly healthCheck: HealthCheck | null;
  /** Seconds; defaults to 30 (reference §2.1). */
  readonly stopTimeout: number;
}

export interface RuntimePlatform {
  readonly cpuArchitecture: CpuArchitecture;
  readonly operatingSystemFamily: OperatingSystemFamily;
}

export interface SimSettings {
  readonly imageSizeMiB: number;
  readonly appStartSeconds: number;
  readonly healthy: boolean;
  /** false: the image tag does not exist in the registry, so every pull fails (§1.6, example 25). */
  readonly imageExists: boolean;
  readonly exitAfterSeconds: number | null;
  readonly cpuPerRequest: number;
  readonly serviceTimeMs: number;
  readonly memoryMiBBase: number;
}

export type TaskDefinitionStatus = 'ACTIVE' | 'INACTIVE';

export interface TaskDefinition {
  readonly taskDefinitionArn: string;
  readonly family: string;
  readonly revision: number;
  readonly status: TaskDefinitionStatus;
  /** Task-level CPU units as registered (null when not set, which EC2 allows). */
  readonly cpu: number | null;
  /** Task-level memory in MiB as registered (null when not set, which EC2 allows). */
  readonly memory: number | null;
  /**
   * What the scheduler reserves on a container instance: task-level values when set, otherwise
   * the sum over containers of `cpu`, and of `memoryReservation` (or `memory` when no
   * reservation is set).
   */
  readonly reservation: { readonly cpu: number; readonly memory: number };
  readonly networkMode: NetworkMode;
  /** As requested (deduplicated). */
  readonly requiresCompatibilities: readonly Compatibility[];
  /** Launch types the definition validated for; see `deriveCompatibilities`. */
  readonly compatibilities: readonly Compatibility[];
  /** null when the request gave none (then EC2 places it on any architecture). */
  readonly runtimePlatform: RuntimePlatform | null;
  readonly containerDefinitions: readonly ContainerDefinition[];
  readonly placementConstraints: readonly { readonly type: 'memberOf'; readonly expression: string }[];
  readonly sim: SimSettings;
}

// ---------------------------------------------------------------------------------------------
// Defaults and tables

/**
 * Defaults for a task definition's `sim` object: what the container image does in the
 * simulation when the scenario does not say.
 *
 * - `imageSizeMiB` 200: compressed image size; pull time (and, on Fargate, billed time) grows with it.
 * - `appStartSeconds` 5: from container start until the app listens and can pass health checks.
 * - `healthy` true: false means the app never passes its health check.
 * - `imageExists` true: false means the tag is missing from the registry and pulls fail.
 * - `exitAfterSeconds` null: runs until stopped; a number makes the process exit after that long.
 * - `cpuPerRequest` 1: CPU-unit-seconds per request (a task serving r req/s uses r × this CPU units).
 * - `serviceTimeMs` 50: latency of one request when the task has CPU to spare.
 * - `memoryMiBBase`: resident memory; defaults to `memoryMiBBaseFraction` (half) of the task's memory.
 */
export const SIM_DEFAULTS = Object.freeze({
  imageSizeMiB: 200,
  appStartSeconds: 5,
  healthy: true,
  imageExists: true,
  exitAfterSeconds: null,
  cpuPerRequest: 1,
  serviceTimeMs: 50,
  memoryMiBBaseFraction: 0.5,
} as const);

/** Container health-check parameter ranges and defaults (reference §2.3). */
export const HEALTH_CHECK_LIMITS = Object.freeze({
  interval: Object.freeze({ min: 5, max: 300, default: 30 }),
  timeout: Object.freeze({ min: 2, max: 60, default: 5 }),
  retries: Object.freeze({ min: 1, max: 10, default: 3 }),
  startPeriod: Object.freeze({ min: 0, max: 300, default: 0 }),
});

/** Container stopTimeout default and Fargate maximum, seconds (reference §2.1). */
export const STOP_TIMEOUT_DEFAULT_SECONDS = 30;
export const FARGATE_MAX_STOP_TIMEOUT_SECONDS = 120;

/** Task-level CPU range on EC2 / EXTERNAL, in CPU units (reference §1.7). */
export const EC2_TASK_CPU_MIN = 128;
export const EC2_TASK_CPU_MAX = 196_608;

/** Containers per task definition (reference §11). */
export const MAX_CONTAINERS_PER_TASK_DEFINITION = 10;
/** Placement constraints per task (reference §1.3). */
export const MAX_PLACEMENT_CONSTRAINTS = 10;
/** memberOf expression length (reference §1.4). */
export const MAX_CONSTRAINT_EXPRESSION_LENGTH = 2000;

export const DEFAULT_REGION = 'us-east-1';
/** The simulated account. */
export const ACCOUNT_ID = '123456789012';

export interface FargateSize {
  /** CPU units */
  readonly cpu: number;
  /** Valid task memory values for this CPU, MiB, ascending. */
  readonly memoryMiB: readonly number[];
  /** Windows is supported at 1, 2 and 4 vCPU only. */
  readonly windows: boolean;
}

function steps(fromGiB: number, toGiB: number, stepGiB: number): number[] {
  const out: number[] = [];
  for (let g = fromGiB; g <= toGiB; g += stepGiB) out.push(g * 1024);
  return out;
}

/** The Fargate task CPU/memory table (reference §7.1), exactly. */
export const FARGATE_SIZES: readonly FargateSize[] = Object.freeze(
  [
    { cpu: 256, memoryMiB: [512, 1024, 2048], windows: false },
    { cpu: 512, memoryMiB: steps(1, 4, 1), windows: false },
    { cpu: 1024, memoryMiB: steps(2, 8, 1), windows: true },
    { cpu: 2048, memoryMiB: steps(4, 16, 1), windows: true },
    { cpu: 4096, memoryMiB: steps(8, 30, 1), windows: true },
    { cpu: 8192, memoryMiB: steps(16, 60, 4), windows: false },
    { cpu: 16384, memoryMiB: steps(32, 120, 8), windows: false },
  ].map((s) => Object.freeze({ ...s, memoryMiB: Object.freeze(s.memoryMiB) })),
);

/** Valid Fargate memory values (MiB) for a CPU value, or null if the CPU value is not a Fargate size. */
export function fargateMemoryOptions(cpu: number): readonly number[] | null {
  return FARGATE_SIZES.find((s) => s.cpu === cpu)?.memoryMiB ?? null;
}

/** True when (cpu units, memory MiB) is a valid Fargate pair (Linux). */
export function isValidFargatePair(cpu: number, memoryMiB: number): boolean {
  return fargateMemoryOptions(cpu)?.includes(memoryMiB) ?? false;
}

const NETWORK_MODES: readonly NetworkMode[] = ['awsvpc', 'bridge', 'host', 'none'];
const COMPATIBILITIES: readonly Compatibility[] = ['EC2', 'FARGATE', 'EXTERNAL'];
const CPU_ARCHITECTURES: readonly CpuArchitecture[] = ['X86_64', 'ARM64'];
const OS_FAMILIES: readonly OperatingSystemFamily[] = [
  'LINUX',
  'WINDOWS_SERVER_2016_FULL',
  'WINDOWS_SERVER_2019_FULL',
  'WINDOWS_SERVER_2019_CORE',
  'WINDOWS_SERVER_2022_FULL',
  'WINDOWS_SERVER_2022_CORE',
  'WINDOWS_SERVER_2025_FULL',
  'WINDOWS_SERVER_2025_CORE',
  'WINDOWS_SERVER_2004_CORE',
  'WINDOWS_SERVER_20H2_CORE',
];
const PROTOCOLS: readonly TransportProtocol[] = ['tcp', 'udp'];
const SIM_KEYS = [
  'imageSizeMiB',
  'appStartSeconds',
  'healthy',
  'imageExists',
  'exitAfterSeconds',
  'cpuPerRequest',
  'serviceTimeMs',
  'memoryMiBBase',
] as const;

// Confirmed wording (AWS troubleshooting page task-cpu-memory-error; API responses quoted in issues).
const INVALID_TASK_CPU =
  "Invalid 'cpu' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

// ---------------------------------------------------------------------------------------------
// Small helpers (never throw on any input)

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function isNonNegativeNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function oneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}

function listWords(items: readonly (string | number)[], conj = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}

function gb(mib: number): string {
  return String(mib / 1024);
}

/** "512, 1024 or 2048 MiB (0.5, 1 or 2 GB)" or "4096 to 16384 MiB in steps of 1024 (4 to 16 GB)". */
function describeMemoryOptions(options: readonly number[]): string {
  if (options.length <= 4) {
    return `${listWords(options)} MiB (${listWords(options.map(gb))} GB)`;
  }
  const first = options[0]!;
  const last = options[options.length - 1]!;
  const step = options[1]! - first;
  return `${first} to ${last} MiB in steps of ${step} (${gb(first)} to ${gb(last)} GB in ${gb(step)} GB steps)`;
}

function describeFargateTable(): string {
  return FARGATE_SIZES.map((s) => `cpu ${s.cpu} (${s.cpu / 1024} vCPU) with memory ${describeMemoryOptions(s.memoryMiB)}`).join('; ');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Obj)[key]);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Parsing task-level cpu and memory

export type SizeParse = number | 'absent' | 'invalid';

/**
 * Task-level `cpu` as the API accepts it: CPU units as an integer or a digit string (`"256"`),
 * or vCPU as a string (`"1 vCPU"`, `"0.25 vcpu"`, `".5 vCPU"`). Converted to integer CPU units.
 */
export function parseCpuUnits(v: unknown): SizeParse {
  if (v === undefined || v === null) return 'absent';
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : 'invalid';
  if (typeof v !== 'string') return 'invalid';
  const s = v.trim();
  if (/^\d{1,9}$/.test(s)) {
    const n = Number(s);
    return n > 0 ? n : 'invalid';
  }
  const m = /^(\d{1,6}(?:\.\d{1,6})?|\.\d{1,6})\s*vcpu$/i.exec(s);
  if (m) {
    const units = Number(m[1]) * 1024;
    return Number.isInteger(units) && units > 0 ? units : 'invalid';
  }
  return 'invalid';
}

/**
 * Task-level `memory` as the API accepts it: MiB as an integer or a digit string (`"512"`), or GB
 * as a string (`"1 GB"`, `"1GB"`, `"0.5 GB"`). Converted to integer MiB.
 */
export function parseMemoryMiB(v: unknown): SizeParse {
  if (v === undefined || v === null) return 'absent';
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : 'invalid';
  if (typeof v !== 'string') return 'invalid';
  const s = v.trim();
  if (/^\d{1,9}$/.test(s)) {
    const n = Number(s);
    return n > 0 ? n : 'invalid';
  }
  const m = /^(\d{1,6}(?:\.\d{1,6})?|\.\d{1,6})\s*gb$/i.exec(s);
  if (m) {
    const mib = Number(m[1]) * 1024;
    return Number.isInteger(mib) && mib > 0 ? mib : 'invalid';
  }
  return 'invalid';
}

// ---------------------------------------------------------------------------------------------
// Validation and normalization of a request

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

type Step<T> = { ok: true; value: T } | { ok: false; error: ApiError };
const done = <T>(value: T): Step<T> => ({ ok: true, value });
const stop = <T>(error: ApiError): Step<T> => ({ ok: false, error });

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

function enumError(field: string, v: unknown, values: readonly string[]): ApiError {
  // SDK-style parameter validation; the server-side wording is unconfirmed.
  return invalidParameter(
    field,
    v,
    `one of ${values.join(', ')}`,
    `Invalid value ${describeValue(v)} for ${field}. Valid values: ${values.join(', ')}.`,
  );
}

function typeError(field: string, v: unknown, expected: string): ApiError {
  // SDK-style parameter validation; the server-side wording is unconfirmed.
  return invalidParameter(field, v, expected, `Invalid type for parameter ${field}, value: ${describeValue(v)}, expected ${expected}.`);
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

function validateTaskSize(
  cpu: number | null,
  memory: number | null,
  rawCpu: unknown,
  rawMemory: unknown,
  networkMode: NetworkMode,
  rawNetworkMode: unknown,
  compat: readonly Compatibility[],
  platform: RuntimePlatform | null,
): ApiError | undefined {
  if (compat.includes('FARGATE')) {
    // §7.2: Fargate supports awsvpc only. Confirmed wording.
    if (networkMode !== 'awsvpc') {
      return clientException(
        'networkMode',
        rawNetworkMode,
        "'awsvpc' (Fargate supports no other network mode; when omitted the default is 'bridge')",
        "Fargate only supports network mode 'awsvpc'.",
      );
    }
    // §7.1: Fargate requires task-level cpu and memory. Confirmed wording.
    if (cpu === null) {
      return clientException(
        'cpu',
        rawCpu,
        `a task-level cpu value: ${FARGATE_SIZES.map((s) => s.cpu).join(', ')} CPU units`,
        "Fargate requires that 'cpu' be defined at the task level.",
      );
    }
    if (memory === null) {
      return clientException(
        'memory',
        rawMemory,
        fargateMemoryOptions(cpu) === null
          ? `a task-level memory value; Fargate task sizes: ${describeFargateTable()}`
          : `a task-level memory value; with cpu ${cpu}: ${describeMemoryOptions(fargateMemoryOptions(cpu)!)}`,
        "Fargate requires that 'memory' be defined at the task level.",
      );
    }
    // §7.1: the table, exactly. Confirmed wording (the API names 'cpu' for either half of a bad pair).
    const options = fargateMemoryOptions(cpu);
    if (options === null) {
      return clientException('cpu', rawCpu, `a Fargate task size: ${describeFargateTable()}`, INVALID_TASK_CPU);
    }
    if (!options.includes(memory)) {
      return clientException(
        'memory',
        rawMemory,
        `with cpu ${cpu} (${cpu / 1024} vCPU), memory ${describeMemoryOptions(options)}`,
        INVALID_TASK_CPU,
      );
    }
    // §7.1: Windows on Fargate only at 1, 2 or 4 vCPU ("cannot be less than 1 vCPU"; 8 and 16 vCPU are Linux only).
    if (platform !== null && platform.operatingSystemFamily !== 'LINUX') {
      const windowsCpus = FARGATE_SIZES.filter((s) => s.windows).map((s) => s.cpu);
      if (!windowsCpus.includes(cpu)) {
        return clientException(
          'cpu',
          rawCpu,
          `for Windows on Fargate: ${listWords(windowsCpus)} CPU units`,
          INVALID_TASK_CPU, // wording for this case unconfirmed
        );
      }
    }
    return undefined;
  }
  // §1.7: EC2 / EXTERNAL task-level cpu is 128 to 196,608 units when given. (The 2023 guide's
  // maximum was 10,240; the current troubleshooting page says 0.25 to 192 vCPU: the minimum is
  // the reference's value, 128.) Same message as for Fargate; unconfirmed for EC2.
  if (cpu !== null && (cpu < EC2_TASK_CPU_MIN || cpu > EC2_TASK_CPU_MAX)) {
    return clientException(
      'cpu',
      rawCpu,
      `${EC2_TASK_CPU_MIN} to ${EC2_TASK_CPU_MAX} CPU units (0.125 to 192 vCPU) on EC2 and EXTERNAL`,
      INVALID_TASK_CPU,
    );
  }
  return undefined;
}

function containerRef(i: number): string {
  return `containerDefinitions[${i}]`;
}

function parsePortMappings(
  v: unknown,
  i: number,
  name: string,
  networkMode: NetworkMode,
): Step<PortMapping[]> {
  const base = `${containerRef(i)}.portMappings`;
  if (v === undefined || v === null) return done([]);
  if (!Array.isArray(v)) return stop(typeError(base, v, 'a list of { containerPort, hostPort?, protocol?, name? }'));
  const out: PortMapping[] = [];
  for (let j = 0; j < v.length; j++) {
    const pm: unknown = v[j];
    const at = `${base}[${j}]`;
    if (!isObject(pm)) return stop(typeError(at, pm, 'an object { containerPort, hostPort?, protocol?, name? }'));
    const cp = pm.containerPort;
    // containerPort 1..65535. Confirmed wording.
    if (!isInt(cp) || cp < 1 || cp > 65535) {
      return stop(clientException(`${at}.containerPort`, cp, 'an integer from 1 to 65535', `Invalid 'containerPort' setting for container '${name}'.`));
    }
    const hp = pm.hostPort;
    if (hp !== undefined && hp !== null && (!isInt(hp) || hp < 0 || hp > 65535)) {
      return stop(
        clientException(
          `${at}.hostPort`,
          hp,
          'an integer from 0 to 65535 (0 or omitted: dynamic, bridge mode only)',
          `Invalid 'hostPort' setting for container '${name}'.`, // wording unconfirmed
        ),
      );
    }
    // §1.7 / API: in awsvpc and host mode the host port is the container port.
    // Confirmed wording for awsvpc; the host-mode variant is unconfirmed.
    if ((networkMode === 'awsvpc' || networkMode === 'host') && isInt(hp) && hp !== cp) {
      return stop(
        clientException(
          `${at}.hostPort`,
          hp,
          `omitted, or equal to containerPort (${cp}) in ${networkMode} mode`,
          `When networkMode=${networkMode}, the host ports and container ports in port mappings must match.`,
        ),
      );
    }
    const protocol = pm.protocol ?? 'tcp';
    if (!oneOf(PROTOCOLS, protocol)) return stop(enumError(`${at}.protocol`, pm.protocol, PROTOCOLS));
    const pname = pm.name ?? null;
    if (pname !== null && (typeof pname !== 'string' || pname === '')) {
      return stop(typeError(`${at}.name`, pm.name, 'a non-empty string'));
    }
    let hostPort: number;
    if (networkMode === 'awsvpc' || networkMode === 'host') hostPort = cp;
    else hostPort = isInt(hp) ? hp : 0; // bridge: 0 = dynamic (§1.6 "static host port" example)
    out.push({ containerPort: cp, hostPort, protocol, name: pname });
  }
  return done(out);
}

function parseHealthCheck(v: unknown, i: number, name: string): Step<HealthCheck | null> {
  const base = `${containerRef(i)}.healthCheck`;
  if (v === undefined || v === null) return done(null);
  if (!isObject(v)) return stop(typeError(base, v, 'an object { command, interval?, timeout?, retries?, startPeriod? }'));
  const cmd = v.command;
  if (
    !Array.isArray(cmd) ||
    cmd.length < 1 ||
    !cmd.every((c) => typeof c === 'string') ||
    (cmd[0] !== 'CMD' && cmd[0] !== 'CMD-SHELL')
  ) {
    return stop(
      clientException(
        `${base}.command`,
        cmd,
        'a list of strings starting with "CMD" or "CMD-SHELL", e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]',
        `Invalid 'healthCheck.command' setting for container '${name}'.`, // wording unconfirmed
      ),
    );
  }
  // §2.3 ranges and defaults.
  const values: Record<keyof typeof HEALTH_CHECK_LIMITS, number> = { interval: 0, timeout: 0, retries: 0, startPeriod: 0 };
  for (const key of ['interval', 'timeout', 'retries', 'startPeriod'] as const) {
    const lim = HEALTH_CHECK_LIMITS[key];
    const raw = v[key];
    if (raw === undefined || raw === null) {
      values[key] = lim.default;
      continue;
    }
    if (!isInt(raw) || raw < lim.min || raw > lim.max) {
      const unit = key === 'retries' ? '' : ' seconds';
      return stop(
        clientException(
          `${base}.${key}`,
          raw,
          `an integer from ${lim.min} to ${lim.max}${unit} (default ${lim.default})`,
          `Invalid 'healthCheck.${key}' setting for container '${name}'.`, // wording unconfirmed
        ),
      );
    }
    values[key] = raw;
  }
  return done({ command: [...(cmd as string[])], ...values });
}

function optionalPositiveInt(
  v: unknown,
  field: string,
  name: string,
  setting: string,
  accepted: string,
  allowZero: boolean,
): Step<number | null> {
  if (v === undefined || v === null) return done(null);
  if (!isInt(v) || v < (allowZero ? 0 : 1) || !Number.isSafeInteger(v)) {
    return stop(clientException(field, v, accepted, `Invalid '${setting}' setting for container '${name}'.`)); // wording unconfirmed
  }
  return done(v);
}

function parseContainer(
  v: unknown,
  i: number,
  networkMode: NetworkMode,
  compat: readonly Compatibility[],
): Step<ContainerDefinition> {
  const at = containerRef(i);
  if (!isObject(v)) return stop(typeError(at, v, 'a container definition object { name, image, … }'));
  const nameAccepted = '1 to 255 letters (upper and lower case), numbers, hyphens and underscores';
  const name = v.name;
  if (name === undefined || name === null || name === '') {
    return stop(clientException(`${at}.name`, name, nameAccepted, 'Container.name should not be null or empty.')); // confirmed wording
  }
  if (typeof name !== 'string') return stop(typeError(`${at}.name`, name, 'a string'));
  if (name.length > 255 || !NAME_PATTERN.test(name)) {
    return stop(clientException(`${at}.name`, name, nameAccepted, 'Container.name contains invalid characters.')); // confirmed wording (length case unconfirmed)
  }
  const image = v.image;
  if (image === undefined || image === null || image === '') {
    return stop(
      clientException(`${at}.image`, image, 'an image reference, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0', 'Container.image should not be null or empty.'), // confirmed wording
    );
  }
  if (typeof image !== 'string') return stop(typeError(`${at}.image`, image, 'a string'));
  const essential = v.essential ?? true; // §2.2: essential unless set to false
  if (typeof essential !== 'boolean') return stop(typeError(`${at}.essential`, v.essential, 'true or false'));

  const cpu = optionalPositiveInt(v.cpu, `${at}.cpu`, name, 'cpu', 'a whole number of CPU units, 0 or more', true);
  if (!cpu.ok) return stop(cpu.error);
  const memory = optionalPositiveInt(v.memory, `${at}.memory`, name, 'memory', 'a whole number of MiB, 1 or more', false);
  if (!memory.ok) return stop(memory.error);
  const reservation = optionalPositiveInt(
    v.memoryReservation,
    `${at}.memoryReservation`,
    name,
    'memoryReservation',
    'a whole number of MiB, 1 or more',
    false,
  );
  if (!reservation.ok) return stop(reservation.error);
  // API: memory must be greater than or equal to memoryReservation when both are set.
  if (memory.value !== null && reservation.value !== null && reservation.value > memory.value) {
    return stop(
      clientException(
        `${at}.memoryReservation`,
        reservation.value,
        `at most the container's memory (${memory.value} MiB)`,
        `Invalid setting for container '${name}'. 'memoryReservation' must be less than or equal to 'memory'.`, // wording unconfirmed
      ),
    );
  }

  const ports = parsePortMappings(v.portMappings, i, name, networkMode);
  if (!ports.ok) return stop(ports.error);
  const health = parseHealthCheck(v.healthCheck, i, name);
  if (!health.ok) return stop(health.error);

  // §2.1: stopTimeout default 30 s; Fargate maximum 120 s.
  const fargate = compat.includes('FARGATE');
  let stopTimeout = STOP_TIMEOUT_DEFAULT_SECONDS;
  const st = v.stopTimeout;
  if (st !== undefined && st !== null) {
    if (!isInt(st) || st < 0 || (fargate && st > FARGATE_MAX_STOP_TIMEOUT_SECONDS) || !Number.isSafeInteger(st)) {
      return stop(
        clientException(
          `${at}.stopTimeout`,
          st,
          fargate
            ? `an integer from 0 to ${FARGATE_MAX_STOP_TIMEOUT_SECONDS} seconds on Fargate (default ${STOP_TIMEOUT_DEFAULT_SECONDS})`
            : `a whole number of seconds, 0 or more (default ${STOP_TIMEOUT_DEFAULT_SECONDS})`,
          `Invalid 'stopTimeout' setting for container '${name}'.`, // wording unconfirmed
        ),
      );
    }
    stopTimeout = st;
  }

  return done({
    name,
    image,
    essential,
    cpu: cpu.value ?? 0,
    memory: memory.value,
    memoryReservation: reservation.value,
    portMappings: ports.value,
    healthCheck: health.value,
    stopTimeout,
  });
}

function parseContainers(v: unknown, networkMode: NetworkMode, compat: readonly Compatibility[]): Step<ContainerDefinition[]> {
  const accepted = `1 to ${MAX_CONTAINERS_PER_TASK_DEFINITION} container definitions`;
  if (v === undefined || v === null) {
    return stop(clientException('containerDefinitions', v, accepted, 'Container list cannot be empty.')); // confirmed wording
  }
  if (!Array.isArray(v)) return stop(typeError('containerDefinitions', v, 'a list of container definitions'));
  if (v.length === 0) return stop(clientException('containerDefinitions', v, accepted, 'Container list cannot be empty.'));
  // §11: at most 10 containers per task definition. Confirmed wording.
  if (v.length > MAX_CONTAINERS_PER_TASK_DEFINITION) {
    return stop(clientException('containerDefinitions', v, accepted, 'Too many containers.'));
  }
  const out: ContainerDefinition[] = [];
  for (let i = 0; i < v.length; i++) {
    const c = parseContainer(v[i], i, networkMode, compat);
    if (!c.ok) return stop(c.error);
    // Unique names. Confirmed wording.
    if (out.some((o) => o.name === c.value.name)) {
      return stop(
        clientException(
          `${containerRef(i)}.name`,
          c.value.name,
          `a name not used by another container in this task definition (used: ${out.map((o) => o.name).join(', ')})`,
          'Container names must be unique within a Task Definition.',
        ),
      );
    }
    out.push(c.value);
  }
  // §2.2: every task needs at least one essential container. Confirmed wording.
  if (!out.some((c) => c.essential)) {
    return stop(
      clientException(
        'containerDefinitions',
        v,
        'at least one container with essential true (the default when omitted)',
        "Task definition doesn't have any essential container.",
      ),
    );
  }
  return done(out);
}

function validateContainerResources(
  containers: readonly ContainerDefinition[],
  cpu: number | null,
  memory: number | null,
): ApiError | undefined {
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i]!;
    const at = containerRef(i);
    // API: without task-level memory (EC2/EXTERNAL), each container needs memory or memoryReservation. Confirmed wording.
    if (memory === null && c.memory === null && c.memoryReservation === null) {
      return clientException(
        `${at}.memory`,
        undefined,
        "a container 'memory' or 'memoryReservation' in MiB, or a task-level 'memory'",
        `Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
      );
    }
    if (memory !== null) {
      // Confirmed wording for 'memory'; the 'memoryReservation' variant is unconfirmed.
      if (c.memory !== null && c.memory > memory) {
        return clientException(`${at}.memory`, c.memory, `at most the task memory (${memory} MiB)`, `The 'memory' setting for container '${c.name}' is greater than for the task.`);
      }
      if (c.memoryReservation !== null && c.memoryReservation > memory) {
        return clientException(
          `${at}.memoryReservation`,
          c.memoryReservation,
          `at most the task memory (${memory} MiB)`,
          `The 'memoryReservation' setting for container '${c.name}' is greater than for the task.`,
        );
      }
    }
    // Wording by analogy with the memory message; unconfirmed.
    if (cpu !== null && c.cpu > cpu) {
      return clientException(`${at}.cpu`, c.cpu, `at most the task cpu (${cpu} CPU units)`, `The 'cpu' setting for container '${c.name}' is greater than for the task.`);
    }
  }
  return undefined;
}

function parsePlacementConstraints(v: unknown): Step<{ type: 'memberOf'; expression: string }[]> {
  if (v === undefined || v === null) return done([]);
  if (!Array.isArray(v)) return stop(typeError('placementConstraints', v, 'a list of { type: "memberOf", expression }'));
  // §1.3: at most 10 constraints per task. Wording unconfirmed.
  if (v.length > MAX_PLACEMENT_CONSTRAINTS) {
    return stop(
      clientException('placementConstraints', v, `at most ${MAX_PLACEMENT_CONSTRAINTS} placement constraints`, `Too many placement constraints. The maximum is ${MAX_PLACEMENT_CONSTRAINTS}.`),
    );
  }
  const out: { type: 'memberOf'; expression: string }[] = [];
  for (let i = 0; i < v.length; i++) {
    const pc: unknown = v[i];
    const at = `placementConstraints[${i}]`;
    if (!isObject(pc)) return stop(typeError(at, pc, 'an object { type: "memberOf", expression }'));
    // §1.4: only memberOf is allowed in a task definition (distinctInstance goes on RunTask / CreateService).
    if (pc.type !== 'memberOf') {
      const shown = typeof pc.type === 'string' ? pc.type : describeValue(pc.type);
      return stop(
        clientException(
          `${at}.type`,
          pc.type,
          "'memberOf' (distinctInstance can be set on RunTask, CreateService and UpdateService, not in a task definition)",
          `constraint.type '${shown}' is not supported.`, // confirmed wording for distinctInstance
        ),
      );
    }
    const expr = pc.expression;
    if (typeof expr !== 'string' || expr.trim() === '' || expr.length > MAX_CONSTRAINT_EXPRESSION_LENGTH) {
      return stop(
        clientException(
          `${at}.expression`,
          expr,
          `a cluster query language expression of 1 to ${MAX_CONSTRAINT_EXPRESSION_LENGTH} characters, e.g. "attribute:ecs.instance-type =~ t3.*"`,
          'Invalid expression for memberOf placement constraint.', // wording unconfirmed
        ),
      );
    }
    out.push({ type: 'memberOf', expression: expr });
  }
  return done(out);
}

function validateSim(v: unknown): Step<Obj | null> {
  if (v === undefined || v === null) return done(null);
  const accepted = `an object with any of ${SIM_KEYS.join(', ')}`;
  if (!isObject(v)) return stop(typeError('sim', v, accepted));
  for (const key of Object.keys(v)) {
    if (!(SIM_KEYS as readonly string[]).includes(key)) {
      return stop(invalidParameter(`sim.${key}`, v[key], `one of the sim fields: ${SIM_KEYS.join(', ')}`, `Unknown sim setting '${key}'.`));
    }
  }
  for (const key of SIM_KEYS) {
    const val = v[key];
    if (val === undefined) continue;
    if (key === 'healthy' || key === 'imageExists') {
      if (typeof val !== 'boolean') return stop(invalidParameter(`sim.${key}`, val, 'true or false', `Invalid 'sim.${key}' setting: expected true or false.`));
      continue;
    }
    if (key === 'exitAfterSeconds' && val === null) continue;
    if (!isNonNegativeNumber(val)) {
      const accept = key === 'exitAfterSeconds' ? 'null (runs until stopped) or a number of seconds, 0 or more' : 'a number, 0 or more';
      return stop(invalidParameter(`sim.${key}`, val, accept, `Invalid 'sim.${key}' setting: expected ${accept}.`));
    }
  }
  return done(v);
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

function simSettings(raw: Obj | null, taskMemory: number): SimSettings {
  const r = raw ?? {};
  const num = (k: string, d: number): number => (typeof r[k] === 'number' ? (r[k] as number) : d);
  return {
    imageSizeMiB: num('imageSizeMiB', SIM_DEFAULTS.imageSizeMiB),
    appStartSeconds: num('appStartSeconds', SIM_DEFAULTS.appStartSeconds),
    healthy: typeof r.healthy === 'boolean' ? r.healthy : SIM_DEFAULTS.healthy,
    imageExists: typeof r.imageExists === 'boolean' ? r.imageExists : SIM_DEFAULTS.imageExists,
    exitAfterSeconds: typeof r.exitAfterSeconds === 'number' ? r.exitAfterSeconds : SIM_DEFAULTS.exitAfterSeconds,
    cpuPerRequest: num('cpuPerRequest', SIM_DEFAULTS.cpuPerRequest),
    serviceTimeMs: num('serviceTimeMs', SIM_DEFAULTS.serviceTimeMs),
    memoryMiBBase: num('memoryMiBBase', Math.floor(taskMemory * SIM_DEFAULTS.memoryMiBBaseFraction)),
  };
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function taskDefinitionArn(region: string, family: string, revision: number): string {
  return `arn:aws:ecs:${region}:${ACCOUNT_ID}:task-definition/${family}:${revision}`;
}

/** `family:revision`, the form events and summaries use. */
export function taskDefinitionRef(td: Pick<TaskDefinition, 'family' | 'revision'>): string {
  return `${td.family}:${td.revision}`;
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

// ---------------------------------------------------------------------------------------------
// The registry: plain-data store + functions, and a thin class over them

export type TaskDefinitionResult =
  | { readonly ok: true; readonly taskDefinition: TaskDefinition }
  | { readonly ok: false; readonly error: ApiError };

export interface FamilyRecord {
  readonly family: string;
  /** `revisions[k].revision === k + 1`; revisions are never removed. */
  readonly revisions: TaskDefinition[];
}

/** The registry's whole state: plain data, safe to `structuredClone` and to JSON-serialize. */
export interface TaskDefinitionStore {
  /** Families in order of first registration. */
  readonly families: FamilyRecord[];
}

export function createTaskDefinitionStore(): TaskDefinitionStore {
  return { families: [] };
}

function findFamily(store: TaskDefinitionStore, family: string): FamilyRecord | undefined {
  return store.families.find((f) => f.family === family);
}

/**
 * RegisterTaskDefinition: validates the request and stores it as the family's next revision
 * (revisions start at 1; earlier revisions stay, unchanged).
 */
export function registerTaskDefinition(
  store: TaskDefinitionStore,
  req: unknown,
  region: string = DEFAULT_REGION,
): TaskDefinitionResult {
  const familyName = isObject(req) && typeof req.family === 'string' ? req.family : '';
  const existing = familyName ? findFamily(store, familyName) : undefined;
  const revision = (existing?.revisions.length ?? 0) + 1;
  const r = validateTaskDefinitionRequest(req, region, revision);
  if (!r.ok) return r;
  const td = deepFreeze(r.taskDefinition);
  if (existing) existing.revisions.push(td);
  else store.families.push({ family: td.family, revisions: [td] });
  return { ok: true, taskDefinition: td };
}

interface ParsedRef {
  family: string;
  revision: number | null;
  region: string | null;
}

const ARN_PATTERN = /^arn:aws:ecs:([a-z0-9-]+):(\d{12}):task-definition\/([A-Za-z0-9_-]{1,255}):(\d{1,9})$/;
const FAMILY_REVISION_PATTERN = /^([A-Za-z0-9_-]{1,255}):(\d{1,9})$/;
const FAMILY_ONLY_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

function parseRef(ref: unknown): ParsedRef | null {
  if (typeof ref !== 'string') return null;
  let m = ARN_PATTERN.exec(ref);
  if (m) return m[2] === ACCOUNT_ID ? { family: m[3]!, revision: Number(m[4]), region: m[1]! } : null;
  m = FAMILY_REVISION_PATTERN.exec(ref);
  if (m) return { family: m[1]!, revision: Number(m[2]), region: null };
  if (FAMILY_ONLY_PATTERN.test(ref)) return { family: ref, revision: null, region: null };
  return null;
}

function regionOfArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}

function describeRegistered(store: TaskDefinitionStore): string {
  if (store.families.length === 0) return 'none registered yet';
  const parts = store.families.map((f) => {
    const n = f.revisions.length;
    const active = f.revisions.filter((r) => r.status === 'ACTIVE').map((r) => r.revision);
    const range = n === 1 ? `${f.family}:1` : `${f.family}:1..${n}`;
    return active.length === 0 ? `${range} (all INACTIVE)` : `${range} (latest ACTIVE ${f.family}:${active[active.length - 1]})`;
  });
  const shown = parts.slice(0, 20).join(', ');
  return parts.length > 20 ? `${shown}, and ${parts.length - 20} more families` : shown;
}

function notFound(store: TaskDefinitionStore, ref: unknown, field: string): ApiError {
  return clientException(
    field,
    ref,
    `a registered task definition as "family" (latest ACTIVE revision), "family:revision" or its full ARN; registered: ${describeRegistered(store)}`,
    'Unable to describe task definition.', // confirmed wording (DescribeTaskDefinition)
  );
}

export interface ResolveOptions {
  /** Reject INACTIVE revisions, as RunTask and CreateService do. */
  readonly requireActive?: boolean;
  /** Request field to name in errors (default `taskDefinition`). */
  readonly field?: string;
}

/**
 * DescribeTaskDefinition: `ref` is `"family"` (latest ACTIVE revision), `"family:revision"` or a
 * full ARN. An explicit revision resolves even when INACTIVE unless `requireActive` is set.
 */
export function resolveTaskDefinition(
  store: TaskDefinitionStore,
  ref: unknown,
  options: ResolveOptions = {},
): TaskDefinitionResult {
  const field = options.field ?? 'taskDefinition';
  const parsed = parseRef(ref);
  if (!parsed) return { ok: false, error: notFound(store, ref, field) };
  const fam = findFamily(store, parsed.family);
  if (!fam) return { ok: false, error: notFound(store, ref, field) };
  let td: TaskDefinition | undefined;
  if (parsed.revision === null) {
    for (let k = fam.revisions.length - 1; k >= 0; k--) {
      if (fam.revisions[k]!.status === 'ACTIVE') {
        td = fam.revisions[k];
        break;
      }
    }
  } else {
    td = fam.revisions[parsed.revision - 1];
    if (td && parsed.region !== null && regionOfArn(td.taskDefinitionArn) !== parsed.region) td = undefined;
  }
  if (!td) return { ok: false, error: notFound(store, ref, field) };
  if (options.requireActive && td.status !== 'ACTIVE') {
    return {
      ok: false,
      error: clientException(
        field,
        ref,
        `an ACTIVE revision of ${td.family}; ${describeRegistered({ families: [fam] })}`,
        'TaskDefinition is inactive', // wording unconfirmed
      ),
    };
  }
  return { ok: true, taskDefinition: td };
}

/**
 * DeregisterTaskDefinition: marks one revision INACTIVE. Existing tasks and services keep running
 * it; it can no longer start new ones, and `resolve(family)` skips it. The stored revision is
 * replaced by an INACTIVE copy; objects handed out earlier are frozen snapshots and keep their
 * status. Deregistering an INACTIVE revision returns it unchanged (idempotent; unconfirmed).
 */
export function deregisterTaskDefinition(store: TaskDefinitionStore, ref: unknown, field = 'taskDefinition'): TaskDefinitionResult {
  const parsed = parseRef(ref);
  if (parsed && parsed.revision === null) {
    return {
      ok: false,
      error: clientException(field, ref, 'a "family:revision" or a full task definition ARN', 'Revision must be specified.'), // wording unconfirmed
    };
  }
  const found = resolveTaskDefinition(store, ref, { field });
  if (!found.ok) return found;
  const td = found.taskDefinition;
  if (td.status === 'INACTIVE') return found;
  const fam = findFamily(store, td.family)!;
  // Nested parts are frozen and can be shared with the ACTIVE snapshot.
  const inactive = Object.freeze<TaskDefinition>({ ...td, status: 'INACTIVE' });
  fam.revisions[td.revision - 1] = inactive;
  return { ok: true, taskDefinition: inactive };
}

export interface ListFilter {
  readonly familyPrefix?: string;
  readonly status?: TaskDefinitionStatus;
}

/** ListTaskDefinitions: definitions sorted by family name, then revision. */
export function listTaskDefinitions(store: TaskDefinitionStore, filter: ListFilter = {}): TaskDefinition[] {
  const families = [...store.families].sort((a, b) => (a.family < b.family ? -1 : a.family > b.family ? 1 : 0));
  const out: TaskDefinition[] = [];
  for (const f of families) {
    if (filter.familyPrefix !== undefined && !f.family.startsWith(filter.familyPrefix)) continue;
    for (const td of f.revisions) {
      if (filter.status === undefined || td.status === filter.status) out.push(td);
    }
  }
  return out;
}

/**
 * A thin wrapper over a `TaskDefinitionStore`. All state lives in `state` (plain data):
 * checkpoint with `structuredClone(registry.state)`, restore with `new TaskDefinitionRegistry(copy)`.
 */
export class TaskDefinitionRegistry {
  readonly state: TaskDefinitionStore;

  constructor(state: TaskDefinitionStore = createTaskDefinitionStore()) {
    // A restored checkpoint holds unfrozen copies; freeze them again.
    for (const f of state.families) for (const td of f.revisions) deepFreeze(td);
    this.state = state;
  }

  register(req: unknown, region: string = DEFAULT_REGION): TaskDefinitionResult {
    return registerTaskDefinition(this.state, req, region);
  }

  resolve(ref: unknown, options?: ResolveOptions): TaskDefinitionResult {
    return resolveTaskDefinition(this.state, ref, options);
  }

  deregister(ref: unknown): TaskDefinitionResult {
    return deregisterTaskDefinition(this.state, ref);
  }

  list(filter?: ListFilter): TaskDefinition[] {
    return listTaskDefinitions(this.state, filter);
  }
}
