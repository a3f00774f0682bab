/**
 * Service Connect (§9.2): a service publishes endpoints (`clientAliases`, e.g. `http://checkout:8080`)
 * in a Cloud Map namespace; ECS puts a proxy in every new task of a service that uses the namespace.
 * A task's proxy knows only the endpoints that existed when the task started, so clients must be
 * redeployed to see a new server endpoint. New connections spread over the server's healthy tasks.
 */
import type { Simulation } from '../engine';
import type { Service, Task } from '../model';
import type { TaskDefinition } from '../taskdef';
import { invalidParameter, type ApiError } from '../errors';

export interface ServiceConnectEndpoint { dnsName: string; port: number; service: string; portName: string; createdAt: number }

export interface ServiceConnectConfig { namespace: string; endpoints: ServiceConnectEndpoint[] }

/** Idle timeouts by protocol (§9.2): 5 minutes for HTTP, HTTP2 and gRPC, 1 hour for TCP. */
export const IDLE_TIMEOUT_SECONDS = { http: 300, http2: 300, grpc: 300, tcp: 3600 } as const;

/** Validates `serviceConnectConfiguration` against the namespace and the task definition's named ports. */
export function resolveServiceConnect(sim: Simulation, serviceName: string, td: TaskDefinition, cfg: unknown): ServiceConnectConfig | null | ApiError {
  const c = cfg as { enabled?: boolean; namespace?: string; services?: { portName?: string; discoveryName?: string; clientAliases?: { port?: number; dnsName?: string }[] }[] } | undefined;
  if (!c || c.enabled === false) return null;
  const ns = c.namespace ? sim.namespaces.get(c.namespace) : undefined;
  if (!ns) {
    return invalidParameter('serviceConnectConfiguration.namespace', c.namespace, `a namespace of the scenario: ${[...sim.namespaces.keys()].join(', ') || '(none)'}`, `NamespaceNotFound: Namespace ${String(c.namespace)} not found.`);
  }
  if (td.memory === null) {
    return invalidParameter('taskDefinition', `${td.family}:${td.revision}`, 'a task definition with task-level memory', 'Service Connect requires task memory to be set (§9.2).');
  }
  const named = td.containerDefinitions.flatMap((cd) => cd.portMappings.filter((p) => p.name).map((p) => ({ name: p.name!, port: p.containerPort })));
  const endpoints: ServiceConnectEndpoint[] = [];
  for (const [i, s] of (c.services ?? []).entries()) {
    const pm = named.find((p) => p.name === s.portName);
    if (!pm) {
      return invalidParameter(`serviceConnectConfiguration.services[${i}].portName`, s.portName, `a named port mapping of ${td.family}:${td.revision}: ${named.map((p) => p.name).join(', ') || '(none: give portMappings a name)'}`, `The portName ${String(s.portName)} does not match any portMappings name in the task definition.`);
    }
    const aliases = s.clientAliases?.length ? s.clientAliases : [{ port: pm.port }];
    for (const a of aliases) {
      const dnsName = a.dnsName ?? s.discoveryName ?? pm.name;
      const port = a.port ?? pm.port;
      const clash = [...sim.services.values()].some((o) => o.serviceName !== serviceName && o.serviceConnect?.namespace === ns.name
        && o.serviceConnect.endpoints.some((e) => e.dnsName === dnsName && e.port === port));
      if (clash) return invalidParameter(`serviceConnectConfiguration.services[${i}].clientAliases`, `${dnsName}:${port}`, 'an endpoint no other service in the namespace uses', `The client alias ${dnsName}:${port} is already used in namespace ${ns.name}.`);
      endpoints.push({ dnsName, port, service: serviceName, portName: pm.name, createdAt: sim.t });
    }
  }
  return { namespace: ns.name, endpoints };
}

/** The endpoints a new task's proxy learns at launch: every endpoint in its namespace right now. */
export function endpointsAtLaunch(sim: Simulation, svc: Service | null): string[] | null {
  if (!svc?.serviceConnect) return null;
  const ns = svc.serviceConnect.namespace;
  const all: string[] = [];
  for (const o of sim.services.values()) {
    if (o.status === 'INACTIVE' || o.serviceConnect?.namespace !== ns) continue;
    for (const e of o.serviceConnect.endpoints) all.push(`${e.dnsName}:${e.port}`);
  }
  return all;
}

export interface ConnectAnswer { endpoint: string; fromTask: string; resolves: boolean; targets: string[]; note: string }

/** What a client task's proxy does with a request to `endpoint` (e.g. `checkout:8080`). */
export function serviceConnectResolve(sim: Simulation, client: Task, endpoint: string): ConnectAnswer {
  const view = client.serviceConnectEndpoints;
  const bare = endpoint.replace(/^[a-z0-9]+:\/\//, '');
  if (!view) return { endpoint: bare, fromTask: client.taskId, resolves: false, targets: [], note: 'this task has no Service Connect proxy (its service does not use Service Connect)' };
  const server = [...sim.services.values()].find((s) => s.serviceConnect?.endpoints.some((e) => `${e.dnsName}:${e.port}` === bare));
  if (!view.includes(bare)) {
    return { endpoint: bare, fromTask: client.taskId, resolves: false, targets: [],
      note: server ? `the endpoint was created after this task started: redeploy ${client.service ?? 'the client'} to pick it up` : 'no service publishes this endpoint' };
  }
  if (!server) return { endpoint: bare, fromTask: client.taskId, resolves: false, targets: [], note: 'the service that published this endpoint is gone' };
  const targets = sim.tasks.filter((t) => t.service === server.serviceName && t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING' && t.healthyAt !== null && !t.unhealthyReason);
  return { endpoint: bare, fromTask: client.taskId, resolves: true, targets: targets.map((t) => t.taskId),
    note: targets.length ? `new connections spread over ${targets.length} healthy task${targets.length === 1 ? '' : 's'} of ${server.serviceName}` : `${server.serviceName} has no healthy task` };
}
