/**
 * The shapes of task definitions: the RegisterTaskDefinition request as the simulator accepts it,
 * and the registered definition as DescribeTaskDefinition returns it.
 */
import type { ApiError } from '../errors';

// ---------------------------------------------------------------------------------------------
// Types: request

// Each list of accepted values is written once; the type is read from it and validation
// checks against it (messages list the values in this order).
export const NETWORK_MODES = ['awsvpc', 'bridge', 'host', 'none'] as const;
export const COMPATIBILITIES = ['EC2', 'FARGATE', 'EXTERNAL'] as const;
export const CPU_ARCHITECTURES = ['X86_64', 'ARM64'] as const;
export const OS_FAMILIES = [
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
] as const;
export const PROTOCOLS = ['tcp', 'udp'] as const;

export type NetworkMode = (typeof NETWORK_MODES)[number];
export type Compatibility = (typeof COMPATIBILITIES)[number];
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];
export type OperatingSystemFamily = (typeof OS_FAMILIES)[number];
export type TransportProtocol = (typeof PROTOCOLS)[number];

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
  errorPercent?: number;
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
  /** Percent of requests answered with a 5XX although the health check passes. */
  readonly errorPercent: number;
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

/** The outcome of RegisterTaskDefinition, DescribeTaskDefinition and DeregisterTaskDefinition. */
export type TaskDefinitionResult =
  | { readonly ok: true; readonly taskDefinition: TaskDefinition }
  | { readonly ok: false; readonly error: ApiError };
