/**
 * Service discovery with AWS Cloud Map (§9.1): namespaces (private DNS or HTTP-only), one Cloud Map
 * service per ECS service, and an instance per task: registered while the task is ACTIVATING,
 * removed when it starts DEACTIVATING (§2.1), with its health pushed by ECS (custom health checks).
 *
 * `resolveDns` answers what a client in the VPC would get from Route 53 at that moment;
 * `discoverInstances` is the Cloud Map API call (no DNS involved).
 */
import type { Simulation } from '../engine';
import type { Scenario } from '../scenario/schema';
import type { SetupError } from '../systems';
import type { Service, Task } from '../model';
import { invalidParameter, type ApiError } from '../errors';
import { nextU32 } from '../rng';

export interface CloudMapInstance {
  instanceId: string;
  taskSlot: number;
  ipv4: string;
  port: number | null;
  healthy: boolean;
  registeredAt: number;
}

export interface CloudMapService {
  name: string;
  /** DNS records per task: A (awsvpc only) and/or SRV (needs a port). */
  recordTypes: ('A' | 'SRV')[];
  ttl: number;
  instances: CloudMapInstance[];
}

export interface Namespace {
  name: string;
  type: 'DNS_PRIVATE' | 'HTTP';
  id: string;
  services: Map<string, CloudMapService>;
}

/** At most this many tasks per service can use service discovery (a Cloud Map quota, §9.1, §11). */
export const CLOUD_MAP_INSTANCES_PER_SERVICE = 1000;
/** Route 53 returns up to 8 healthy records per answer (§9.1). */
export const MAX_ANSWERS = 8;
/** The TTL when a registry names none: the AWS CLI example's 300 s; the console default is unconfirmed (§9.1). */
export const DEFAULT_TTL = 300;

export function setupNamespaces(sim: Simulation, s: Scenario): SetupError | null {
  for (const [i, ns] of s.namespaces.entries()) {
    if (sim.namespaces.has(ns.name)) {
      return { field: `namespaces[${i}].name`, value: ns.name, accepted: 'a namespace name not used yet', message: `NamespaceAlreadyExists: A namespace named ${ns.name} already exists.` };
    }
    sim.namespaces.set(ns.name, { name: ns.name, type: ns.type, id: `ns-${(i + 1).toString(16).padStart(16, '0')}`, services: new Map() });
  }
  return null;
}

export interface RegistryRequest { namespace?: string; name?: string; registryArn?: string; dnsRecords?: { Type: string; TTL?: number }[]; port?: number; containerName?: string; containerPort?: number }

export interface ServiceRegistry { namespace: string; name: string; port: number | null }

/**
 * Resolves a CreateService `serviceRegistries` entry: `{ namespace, name?, dnsRecords?, port? }`
 * (the lab's shorthand for a Cloud Map service created alongside) or `{ registryArn }` naming
 * `.../service/<namespace>/<name>`.
 */
export function resolveRegistry(sim: Simulation, svc: { serviceName: string }, networkMode: string,
  entry: RegistryRequest, field: string): ServiceRegistry | ApiError {
  let nsName = entry.namespace;
  let name = entry.name ?? svc.serviceName;
  if (entry.registryArn) {
    const m = /service\/([^/]+)\/([^/]+)$/.exec(entry.registryArn);
    if (!m) return invalidParameter(`${field}.registryArn`, entry.registryArn, 'arn:aws:servicediscovery:<region>:<account>:service/<namespace>/<name>', 'The registryArn is not a Cloud Map service ARN.');
    nsName = m[1]; name = m[2]!;
  }
  const ns = nsName ? sim.namespaces.get(nsName) : undefined;
  if (!ns) {
    return invalidParameter(`${field}.namespace`, nsName, `a namespace of the scenario: ${[...sim.namespaces.keys()].join(', ') || '(none: add one under namespaces)'}`, `NamespaceNotFound: Namespace ${String(nsName)} not found.`);
  }
  if (entry.dnsRecords !== undefined && (!Array.isArray(entry.dnsRecords) || !entry.dnsRecords.every((r) => r && typeof r === 'object' && typeof r.Type === 'string'))) {
    return invalidParameter(`${field}.dnsRecords`, entry.dnsRecords, 'a list of { Type: "A" | "SRV", TTL }', 'dnsRecords must be a list of DNS record settings.');
  }
  if ((entry.port !== undefined && typeof entry.port !== 'number') || (entry.containerPort !== undefined && typeof entry.containerPort !== 'number')) {
    return invalidParameter(`${field}.port`, entry.port ?? entry.containerPort, 'a port number from 1 to 65535', 'port must be a number.');
  }
  const records = (entry.dnsRecords ?? [{ Type: networkMode === 'awsvpc' ? 'A' : 'SRV' }]);
  const types = records.map((r) => r.Type);
  if (types.some((t) => t !== 'A' && t !== 'SRV')) {
    return invalidParameter(`${field}.dnsRecords`, types, 'A and/or SRV', 'Only A and SRV records are supported for ECS service discovery.');
  }
  // bridge and host tasks have no address of their own: SRV only (§9.1).
  if (networkMode !== 'awsvpc' && types.includes('A')) {
    return invalidParameter(`${field}.dnsRecords`, types, 'SRV records for bridge or host network mode', 'When using the bridge or host network mode, you must specify a containerName and containerPort combination (SRV records); A records need awsvpc.');
  }
  const port = entry.port ?? entry.containerPort ?? null;
  if (types.includes('SRV') && port === null) {
    return invalidParameter(`${field}.containerPort`, undefined, 'a port (port, or containerName and containerPort) for SRV records', 'SRV records need a port.');
  }
  const existing = ns.services.get(name);
  if (!existing) {
    ns.services.set(name, { name, recordTypes: types as ('A' | 'SRV')[], ttl: records[0]?.TTL ?? DEFAULT_TTL, instances: [] });
  }
  return { namespace: ns.name, name, port };
}

/** Registration while ACTIVATING (§2.1). */
export function registerTask(sim: Simulation, svc: Service, task: Task): void {
  for (const reg of svc.serviceRegistries) {
    const cms = sim.namespaces.get(reg.namespace)?.services.get(reg.name);
    if (!cms || cms.instances.length >= CLOUD_MAP_INSTANCES_PER_SERVICE) continue;
    const inst = sim.instanceOf(task);
    cms.instances.push({ instanceId: task.taskId, taskSlot: task.slot, ipv4: task.privateIpv4Address ?? inst?.privateIpv4Address ?? '0.0.0.0',
      port: reg.port, healthy: false, registeredAt: sim.t });
  }
}

/** Removal when the task starts DEACTIVATING or stops. */
export function deregisterTask(sim: Simulation, task: Task): void {
  for (const ns of sim.namespaces.values()) {
    for (const cms of ns.services.values()) {
      const i = cms.instances.findIndex((x) => x.taskSlot === task.slot && x.instanceId === task.taskId);
      if (i >= 0) cms.instances.splice(i, 1);
    }
  }
}

/** ECS pushes the task's health to Cloud Map (HealthCheckCustomConfig): healthy once the service counts it healthy. */
export function pushHealth(sim: Simulation, task: Task, healthy: boolean): void {
  for (const ns of sim.namespaces.values()) {
    for (const cms of ns.services.values()) {
      for (const x of cms.instances) if (x.taskSlot === task.slot && x.instanceId === task.taskId) x.healthy = healthy;
    }
  }
}

export interface DnsAnswer { name: string; type: 'A' | 'SRV'; ttl: number; records: string[]; healthy: boolean; note: string }

/**
 * What a client in the VPC gets for `name` (e.g. `web.corp.local`) right now: up to 8 healthy
 * records (a seeded random 8 when there are more); with none healthy, up to 8 unhealthy ones (§9.1).
 */
export function resolveDns(sim: Simulation, name: string, type: 'A' | 'SRV' = 'A'): DnsAnswer | ApiError {
  const dot = name.indexOf('.');
  const svcName = name.slice(0, dot);
  const ns = sim.namespaces.get(name.slice(dot + 1));
  if (!ns || dot < 0) return invalidParameter('name', name, `<service>.<namespace> for a DNS namespace: ${[...sim.namespaces.values()].filter((n) => n.type === 'DNS_PRIVATE').map((n) => n.name).join(', ') || '(none)'}`, `NXDOMAIN: ${name} does not exist.`);
  if (ns.type !== 'DNS_PRIVATE') return invalidParameter('name', name, 'a name in a DNS_PRIVATE namespace', `NXDOMAIN: ${ns.name} is an HTTP namespace: it has no DNS records. Use DiscoverInstances.`);
  const cms = ns.services.get(svcName);
  if (!cms) return invalidParameter('name', name, `a registered service: ${[...ns.services.keys()].map((s) => `${s}.${ns.name}`).join(', ') || '(none)'}`, `NXDOMAIN: ${name} does not exist.`);
  if (!cms.recordTypes.includes(type)) return invalidParameter('type', type, cms.recordTypes.join(' or '), `No ${type} records for ${name}.`);
  const healthy = cms.instances.filter((x) => x.healthy);
  const pool = healthy.length ? healthy : cms.instances;
  const picked = pool.length <= MAX_ANSWERS ? pool.slice() : sample(sim, pool, MAX_ANSWERS);
  const records = picked.map((x) => (type === 'A' ? x.ipv4 : `1 1 ${x.port} ${x.instanceId}.${svcName}.${ns.name}`));
  const note = !cms.instances.length ? 'no tasks registered'
    : healthy.length ? `${healthy.length} healthy record${healthy.length === 1 ? '' : 's'}${healthy.length > MAX_ANSWERS ? `, ${MAX_ANSWERS} returned` : ''}`
      : 'no healthy records: Route 53 returns unhealthy ones rather than nothing';
  return { name, type, ttl: cms.ttl, records, healthy: healthy.length > 0, note };
}

function sample<T>(sim: Simulation, xs: T[], n: number): T[] {
  const copy = xs.slice();
  for (let i = 0; i < n; i++) {
    const j = i + (nextU32(sim.rng) % (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/** Cloud Map's DiscoverInstances: every instance with its attributes and health (no DNS). */
export function discoverInstances(sim: Simulation, req: Record<string, unknown>) {
  const ns = typeof req.NamespaceName === 'string' ? sim.namespaces.get(req.NamespaceName) : undefined;
  if (!ns) return { ok: false as const, error: invalidParameter('NamespaceName', req.NamespaceName, `a namespace: ${[...sim.namespaces.keys()].join(', ') || '(none)'}`, `NamespaceNotFound: Namespace ${String(req.NamespaceName)} not found.`) };
  const cms = typeof req.ServiceName === 'string' ? ns.services.get(req.ServiceName) : undefined;
  if (!cms) return { ok: false as const, error: invalidParameter('ServiceName', req.ServiceName, `a service of ${ns.name}: ${[...ns.services.keys()].join(', ') || '(none)'}`, `ServiceNotFound: Service ${String(req.ServiceName)} not found.`) };
  const want = req.HealthStatus ?? 'HEALTHY';
  const list = cms.instances.filter((x) => want === 'ALL' || (want === 'HEALTHY' ? x.healthy : !x.healthy));
  return {
    ok: true as const,
    value: { Instances: list.map((x) => ({ InstanceId: x.instanceId, NamespaceName: ns.name, ServiceName: cms.name, HealthStatus: x.healthy ? 'HEALTHY' : 'UNHEALTHY',
      Attributes: { AWS_INSTANCE_IPV4: x.ipv4, ...(x.port !== null ? { AWS_INSTANCE_PORT: String(x.port) } : {}) } })) },
  };
}
