/**
 * App Runner's API, where it meets ECS's names (§8). `CreateService` and `UpdateService` exist in
 * both APIs; the request tells them apart: App Runner fields are PascalCase (`ServiceName`,
 * `ServiceArn`, `SourceConfiguration`, `InstanceConfiguration`), ECS fields camelCase
 * (`serviceName`, `service`). See `isAppRunnerRequest`.
 *
 * Validation follows App Runner's documented values (§8): Cpu 256/512/1024/2048/4096 units (or
 * "1 vCPU"), Memory 0.5–12 GB from its list, MinSize and MaxSize 1–25 (the 25-instance ceiling),
 * MaxConcurrency 1–200 (the range is unconfirmed; the message says so).
 */
import type { Simulation } from '../engine';
import type { Scenario } from '../scenario/schema';
import type { SetupError } from '../systems';
import { invalidParameter, type ApiError } from '../errors';
import { hex } from '../rng';
import { scenarioError } from '../capacity/state';
import { appRunnerServices, APP_RUNNER_MODEL, MAX_SIZE_CEILING, type AppRunnerConfig, type AppRunnerService } from './model';

type Req = Record<string, unknown>;
const isObj = (v: unknown): v is Req => typeof v === 'object' && v !== null && !Array.isArray(v);
const isErr = (x: unknown): x is ApiError => isObj(x) && typeof x.message === 'string' && typeof x.field === 'string';
const invalid = (field: string, value: unknown, accepted: string, detail: string): ApiError =>
  invalidParameter(field, value, accepted, detail);

const CPU_UNITS = [256, 512, 1024, 2048, 4096];
const MEMORY_MIB = [512, 1024, 2048, 3072, 4096, 6144, 8192, 10240, 12288];

/** True for an App Runner request (PascalCase ServiceName/ServiceArn) rather than an ECS one. */
export function isAppRunnerRequest(req: Req): boolean {
  return typeof req.ServiceArn === 'string' || typeof req.ServiceName === 'string';
}

function size(v: unknown, unit: 'vCPU' | 'GB', field: string, allowed: number[], dflt: number): number | ApiError {
  if (v === undefined) return dflt;
  let n = NaN;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const m = new RegExp(`^\\s*(\\d+(?:\\.\\d+)?)\\s*(${unit})?\\s*$`, 'i').exec(v);
    if (m) n = m[2] ? Number(m[1]) * 1024 : Number(m[1]);
  }
  if (!allowed.includes(n)) {
    const list = unit === 'vCPU' ? '256, 512, 1024, 2048, 4096 (0.25 to 4 vCPU)' : '512, 1024, 2048, 3072, 4096, 6144, 8192, 10240, 12288 (0.5 to 12 GB)';
    return invalid(field, v, list, `1 validation error detected: Value '${String(v)}' at '${field}' failed to satisfy constraint: Member must be one of ${list}.`);
  }
  return n;
}

function whole(v: unknown, field: string, min: number, max: number, dflt: number, note = ''): number | ApiError {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    return invalid(field, v, `a whole number from ${min} to ${max}${note}`, `1 validation error detected: Value '${String(v)}' at '${field}' failed to satisfy constraint: Member must be between ${min} and ${max}.${note}`);
  }
  return v;
}

/** Reads InstanceConfiguration, AutoScalingConfiguration and `sim` over a base configuration. */
export function parseConfig(req: Req, base: AppRunnerConfig | null): AppRunnerConfig | ApiError {
  const ic = isObj(req.InstanceConfiguration) ? req.InstanceConfiguration : {};
  const as = isObj(req.AutoScalingConfiguration) ? req.AutoScalingConfiguration : {};
  const simS = isObj(req.sim) ? req.sim : {};
  const cpu = size(ic.Cpu, 'vCPU', 'InstanceConfiguration.Cpu', CPU_UNITS, base?.cpu ?? 1024);
  if (isErr(cpu)) return cpu;
  const memory = size(ic.Memory, 'GB', 'InstanceConfiguration.Memory', MEMORY_MIB, base?.memory ?? 2048);
  if (isErr(memory)) return memory;
  const maxConcurrency = whole(as.MaxConcurrency, 'AutoScalingConfiguration.MaxConcurrency', 1, 200, base?.maxConcurrency ?? 100, ' (the documented range is unconfirmed; the simulator accepts 1 to 200)');
  if (isErr(maxConcurrency)) return maxConcurrency;
  const minSize = whole(as.MinSize, 'AutoScalingConfiguration.MinSize', 1, MAX_SIZE_CEILING, base?.minSize ?? 1);
  if (isErr(minSize)) return minSize;
  const maxSize = whole(as.MaxSize, 'AutoScalingConfiguration.MaxSize', 1, MAX_SIZE_CEILING, base?.maxSize ?? MAX_SIZE_CEILING, ` (App Runner runs at most ${MAX_SIZE_CEILING} instances)`);
  if (isErr(maxSize)) return maxSize;
  if (minSize > maxSize) return invalid('AutoScalingConfiguration.MinSize', minSize, `at most MaxSize (${maxSize})`, 'MinSize must be less than or equal to MaxSize.');
  const num = (v: unknown, d: number) => (typeof v === 'number' && v >= 0 ? v : d);
  return { cpu, memory, maxConcurrency, minSize, maxSize,
    cpuPerRequest: num(simS.cpuPerRequest, base?.cpuPerRequest ?? 1), serviceTimeMs: num(simS.serviceTimeMs, base?.serviceTimeMs ?? 50) };
}

function network(req: Req, base: AppRunnerService['network'] | null): AppRunnerService['network'] | ApiError {
  const nc = isObj(req.NetworkConfiguration) ? req.NetworkConfiguration : {};
  const eg = isObj(nc.EgressConfiguration) ? nc.EgressConfiguration : {};
  const ing = isObj(nc.IngressConfiguration) ? nc.IngressConfiguration : {};
  const type = eg.EgressType ?? base?.egressType ?? 'DEFAULT';
  if (type !== 'DEFAULT' && type !== 'VPC') return invalid('NetworkConfiguration.EgressConfiguration.EgressType', type, 'DEFAULT or VPC', 'EgressType must be DEFAULT or VPC.');
  const arn = eg.VpcConnectorArn ?? (type === 'VPC' ? base?.vpcConnectorArn : null) ?? null;
  if (type === 'VPC' && (typeof arn !== 'string' || !arn.includes(':vpcconnector/'))) {
    return invalid('NetworkConfiguration.EgressConfiguration.VpcConnectorArn', arn, 'arn:aws:apprunner:<region>:<account>:vpcconnector/<name>/<revision>/<id>', 'A VPC egress needs the ARN of a VPC connector.');
  }
  const pub = ing.IsPubliclyAccessible ?? base?.publiclyAccessible ?? true;
  return { publiclyAccessible: pub !== false, egressType: type, vpcConnectorArn: type === 'VPC' ? arn as string : null };
}

/** App Runner CreateService (also the scenario's `appRunnerServices`). */
export function createAppRunnerService(sim: Simulation, req: Req): { ok: true; value: unknown } | { ok: false; error: ApiError } {
  const name = req.ServiceName;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$/.test(name)) {
    return { ok: false, error: invalid('ServiceName', name, '4 to 40 letters, numbers, hyphens and underscores, starting with a letter or number', 'ServiceName must be 4 to 40 characters: letters, numbers, hyphens and underscores.') };
  }
  const all = appRunnerServices(sim);
  if (all.has(name) || sim.services.has(name)) {
    return { ok: false, error: invalid('ServiceName', name, 'a name not used by another App Runner or ECS service in this scenario', `InvalidRequestException: Service with the provided name already exists: ${name}`) };
  }
  const config = parseConfig(req, null);
  if (isErr(config)) return { ok: false, error: config };
  const net = network(req, null);
  if (isErr(net)) return { ok: false, error: net };
  const id = hex(sim.rng, 32);
  const s: AppRunnerService = {
    serviceName: name, serviceId: id,
    serviceArn: `arn:aws:apprunner:${sim.region}:123456789012:service/${name}/${id}`,
    serviceUrl: `https://${hex(sim.rng, 10)}.${sim.region}.awsapprunner.com`,
    status: 'RUNNING', config, instances: config.minSize, starting: [], lowSince: null, deployment: null, queue: 0,
    stats: { requestsPerSecond: 0, concurrency: 0, activeInstances: 0, provisionedInstances: config.minSize, rejectedRequestsPerSecond: 0, queuedRequests: 0, p50LatencyMs: 0, wantedInstances: config.minSize },
    network: net, atCeiling: false, rejectedTotal: 0, announced: false,
  };
  all.set(name, s);
  return { ok: true, value: { Service: { ServiceArn: s.serviceArn, ServiceUrl: s.serviceUrl, Status: s.status } } };
}

/** App Runner UpdateService: a deployment that doubles provisioned instances while it runs (§8). */
export function updateAppRunnerService(sim: Simulation, req: Req): { ok: true; value: unknown } | { ok: false; error: ApiError } {
  const all = appRunnerServices(sim);
  const ref = typeof req.ServiceArn === 'string' ? req.ServiceArn : req.ServiceName;
  const s = [...all.values()].find((x) => x.serviceArn === ref || x.serviceName === ref);
  if (!s) return { ok: false, error: invalid(typeof req.ServiceArn === 'string' ? 'ServiceArn' : 'ServiceName', ref, `an App Runner service: ${[...all.keys()].join(', ') || '(none)'}`, `ResourceNotFoundException: Service not found: ${String(ref)}`) };
  if (s.status === 'OPERATION_IN_PROGRESS') return { ok: false, error: invalid('ServiceArn', s.serviceArn, 'a service in RUNNING state', 'InvalidStateException: Service cannot be updated in the current state: OPERATION_IN_PROGRESS.') };
  const next = parseConfig(req, s.config);
  if (isErr(next)) return { ok: false, error: next };
  const net = network(req, s.network);
  if (isErr(net)) return { ok: false, error: net };
  s.network = net;
  s.status = 'OPERATION_IN_PROGRESS';
  s.deployment = { startedAt: sim.t, endsAt: sim.t + APP_RUNNER_MODEL.deploySeconds, next };
  sim.emit({ t: sim.t, type: 'ServiceEvent', service: s.serviceName, message: `App Runner service ${s.serviceName} deployment started: provisioned instances double to ${2 * s.instances} until the new version serves (model: about ${APP_RUNNER_MODEL.deploySeconds / 60} minutes).` });
  return { ok: true, value: { Service: { ServiceArn: s.serviceArn, Status: s.status }, OperationId: hex(sim.rng, 32) } };
}

/** Setup: the scenario's App Runner services. */
export function setupAppRunner(sim: Simulation, sc: Scenario): SetupError | null {
  for (const [i, req] of sc.appRunnerServices.entries()) {
    const r = createAppRunnerService(sim, req as Req);
    if (!r.ok) return scenarioError(`appRunnerServices[${i}].${r.error.field}`, r.error);
  }
  return null;
}
