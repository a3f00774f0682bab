/**
 * Service discovery questions in the console (§9): DiscoverInstances (the Cloud Map API),
 * ResolveDns (what `dig` in the VPC answers) and ServiceConnectResolve (what a client task's
 * proxy does with a request). They change nothing; each form prints the answer.
 */
import type { CommandResult } from '../../sim/commands';
import { ConsoleForm } from './form';
import { namespaceOptions, serviceOptions, type ConsoleContext } from './options';

interface DnsAnswer { records: string[]; ttl: number; note: string }
interface Discovered { Instances: { InstanceId: string; HealthStatus: string; Attributes?: Record<string, string> }[] }
interface Connect { resolves: boolean; targets: string[]; note: string; fromTask: string }

const list = (xs: string[], max = 8) => (xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', '));

/** One sentence for a DNS answer: how many records, which, and the TTL. */
export function dnsText(name: string, a: DnsAnswer): string {
  return `${name}: ${a.records.length} record${a.records.length === 1 ? '' : 's'} (${a.note}), TTL ${a.ttl} s${a.records.length ? `: ${list(a.records)}` : ''}.`;
}

export function discoveredText(a: Discovered): string {
  const healthy = a.Instances.filter((i) => i.HealthStatus === 'HEALTHY').length;
  const addr = a.Instances.map((i) => i.Attributes?.AWS_INSTANCE_IPV4 ?? i.InstanceId.slice(0, 8));
  return `${a.Instances.length} instance${a.Instances.length === 1 ? '' : 's'}, ${healthy} healthy${addr.length ? `: ${list(addr)}` : ''}.`;
}

export function connectText(endpoint: string, a: Connect): string {
  return a.resolves
    ? `Task ${a.fromTask.slice(0, 8)}'s proxy routes ${endpoint} to ${a.targets.length} task${a.targets.length === 1 ? '' : 's'} (${a.note}).`
    : `Task ${a.fromTask.slice(0, 8)}'s proxy does not know ${endpoint}: ${a.note}.`;
}

function answer<T>(result: CommandResult, text: (v: T) => string): { result: CommandResult; success?: string } {
  return result.ok ? { result, success: text(result.value as T) } : { result };
}

export function discoveryForms(ctx: ConsoleContext): ConsoleForm[] {
  return [
    new ConsoleForm({
      id: 'resolve-dns',
      title: 'Resolve a name in the VPC',
      action: 'ResolveDns',
      intro: 'What dig answers for <service>.<namespace>: up to 8 healthy records (§9.1). Changes nothing.',
      submitLabel: 'Resolve',
      fields: [
        { name: 'name', label: 'Name', kind: 'text', placeholder: 'orders.corp.local' },
        { name: 'type', label: 'Record type', kind: 'select', options: [{ value: 'A', label: 'A' }, { value: 'SRV', label: 'SRV' }] },
      ],
      submit: (req) => answer<DnsAnswer>(ctx.act('ResolveDns', req), (a) => dnsText(String(req.name), a)),
    }),
    new ConsoleForm({
      id: 'discover-instances',
      title: 'Discover instances',
      action: 'DiscoverInstances',
      intro: "Cloud Map's API: every registered task with its attributes and health, without DNS (§9.1). Changes nothing.",
      submitLabel: 'Discover',
      fields: [
        { name: 'NamespaceName', label: 'Namespace', kind: 'select', options: () => namespaceOptions(ctx.sim()) },
        { name: 'ServiceName', label: 'Cloud Map service', kind: 'text', placeholder: 'the ECS service name' },
        { name: 'HealthStatus', label: 'Health', kind: 'select', emptyLabel: 'any', options: ['HEALTHY', 'UNHEALTHY', 'ALL', 'HEALTHY_OR_ELSE_ALL'].map((v) => ({ value: v, label: v })) },
      ],
      submit: (req) => answer<Discovered>(ctx.act('DiscoverInstances', req), discoveredText),
    }),
    new ConsoleForm({
      id: 'service-connect-resolve',
      title: 'Ask a Service Connect proxy',
      action: 'ServiceConnectResolve',
      intro: "Sends a request from a RUNNING task of the client service through its proxy: a proxy knows the endpoints that existed when its task started (§9.2). Changes nothing.",
      submitLabel: 'Ask the proxy',
      fields: [
        { name: 'fromService', label: 'From a task of', kind: 'select', options: () => serviceOptions(ctx.sim()) },
        { name: 'endpoint', label: 'Endpoint', kind: 'text', placeholder: 'http://checkout:80' },
      ],
      submit: (req) => answer<Connect>(ctx.act('ServiceConnectResolve', req), (a) => connectText(String(req.endpoint), a)),
    }),
  ];
}
