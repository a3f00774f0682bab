/**
 * Build step: the AWS service models the command line and the local endpoint read, taken from the
 * schemas that the AWS SDK for JavaScript v3 clients ship (each client exports one schema per
 * operation and shape). Writes `build/aws-models.json`: per service, the protocol, the target
 * prefix, and for every operation its input and output shapes (member names, types, required
 * members). Nothing here is written by hand: a new engine action needs only a mapping entry
 * (src/awscli/operations) once its operation is in the client's model.
 *
 * Run by `npm run build:models` (before `vite build`, the tests and `serve:aws`).
 */
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AwsModels, ServiceModel, ShapeDef, ShapeRef } from '../model';

const require = createRequire(import.meta.url);

/** The services the engine models: the CLI's name, the SDK client package, the client class. */
const CLIENTS: { cli: string; pkg: string; client: string; signingName: string; endpointPrefix: string }[] = [
  { cli: 'ecs', pkg: '@aws-sdk/client-ecs', client: 'ECSClient', signingName: 'ecs', endpointPrefix: 'ecs' },
  { cli: 'application-autoscaling', pkg: '@aws-sdk/client-application-auto-scaling', client: 'ApplicationAutoScalingClient', signingName: 'application-autoscaling', endpointPrefix: 'application-autoscaling' },
  { cli: 'elbv2', pkg: '@aws-sdk/client-elastic-load-balancing-v2', client: 'ElasticLoadBalancingV2Client', signingName: 'elasticloadbalancing', endpointPrefix: 'elasticloadbalancing' },
  { cli: 'servicediscovery', pkg: '@aws-sdk/client-servicediscovery', client: 'ServiceDiscoveryClient', signingName: 'servicediscovery', endpointPrefix: 'servicediscovery' },
  { cli: 'apprunner', pkg: '@aws-sdk/client-apprunner', client: 'AppRunnerClient', signingName: 'apprunner', endpointPrefix: 'apprunner' },
  { cli: 'deploy', pkg: '@aws-sdk/client-codedeploy', client: 'CodeDeployClient', signingName: 'codedeploy', endpointPrefix: 'codedeploy' },
];

/** Smithy's compact schema codes (@smithy/core/schema). */
const LIST = 64;
const MAP = 128;
const SIMPLE: Record<number, ShapeRef> = {
  0: 'string', 1: 'number', 2: 'boolean', 4: 'timestamp', 5: 'timestamp', 6: 'timestamp', 7: 'timestamp',
  15: 'document', 17: 'number', 19: 'number', 21: 'blob', 42: 'blob',
};

type Schema = unknown;

class Walker {
  readonly shapes: Record<string, ShapeDef> = {};

  ref(s: Schema): ShapeRef {
    if (typeof s === 'function') return this.ref((s as () => Schema)());
    if (typeof s === 'number') return this.simple(s);
    if (s === 'unit') return this.inline({ type: 'structure', members: {}, required: [] });
    if (!Array.isArray(s)) throw new Error(`unexpected schema ${String(s)}`);
    const [kind, , name] = s as [number, string, string];
    if (kind === 0) return this.ref(s[4]);
    if (this.shapes[name]) return name;
    if (kind === 1) {
      this.shapes[name] = { type: 'list', member: 'string' };
      this.shapes[name] = { type: 'list', member: this.member(s[4]) };
    } else if (kind === 2) {
      this.shapes[name] = { type: 'map', key: 'string', value: 'string' };
      this.shapes[name] = { type: 'map', key: this.member(s[4]), value: this.member(s[5]) };
    } else if (kind === 3 || kind === -3 || kind === 4) {
      const names = s[4] as string[];
      const schemas = s[5] as Schema[];
      const required = kind !== 4 && typeof s[6] === 'number' ? s[6] : 0; // 4: a union, one member at most
      const def: ShapeDef = { type: 'structure', members: {}, required: names.slice(0, required) };
      this.shapes[name] = def;
      names.forEach((m, i) => { def.members[m] = this.member(schemas[i]); });
    } else {
      throw new Error(`unexpected schema kind ${kind} (${name})`);
    }
    return name;
  }

  /** A member entry is a schema, or `[schema, memberTraits]`. */
  private member(s: Schema): ShapeRef {
    if (Array.isArray(s) && typeof s[1] !== 'string') return this.ref(s[0]);
    return this.ref(s);
  }

  private simple(code: number): ShapeRef {
    if (SIMPLE[code] !== undefined) return SIMPLE[code]!;
    if (code & LIST) return this.inline({ type: 'list', member: this.simple(code & ~LIST) });
    if (code & MAP) return this.inline({ type: 'map', key: 'string', value: this.simple(code & ~MAP) });
    throw new Error(`unexpected schema code ${code}`);
  }

  private inline(def: ShapeDef): ShapeRef {
    const name = def.type === 'list' ? `List<${def.member}>` : def.type === 'map' ? `Map<${def.value}>` : 'Unit';
    this.shapes[name] ??= def;
    return name;
  }
}

function serviceModel(c: (typeof CLIENTS)[number]): ServiceModel {
  const mod = require(c.pkg) as Record<string, unknown>;
  const Client = mod[c.client] as new (cfg: object) => { config: { protocolSettings?: { serviceTarget?: string; version?: string; xmlNamespace?: string }; protocol?: unknown } };
  const cfg = new Client({ region: 'us-east-1' }).config;
  const settings = cfg.protocolSettings ?? {};
  const protocolName = (cfg.protocol as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? String(cfg.protocol);
  const protocol = /Json1_0/.test(protocolName) ? 'json1.0' : /Json1_1/.test(protocolName) ? 'json1.1' : /Query/.test(protocolName) ? 'query' : '';
  if (!protocol) throw new Error(`${c.pkg}: unknown protocol ${protocolName}`);
  const walker = new Walker();
  const operations: ServiceModel['operations'] = {};
  for (const [key, value] of Object.entries(mod)) {
    if (!key.endsWith('$') || !Array.isArray(value) || value[0] !== 9) continue;
    const name = value[2] as string;
    operations[name] = { input: walker.ref(value[4]), output: walker.ref(value[5]) };
  }
  return {
    cli: c.cli, protocol, targetPrefix: settings.serviceTarget ?? '', apiVersion: settings.version ?? '',
    xmlNamespace: settings.xmlNamespace ?? '', signingName: c.signingName, endpointPrefix: c.endpointPrefix,
    sdkVersion: (require(`${c.pkg}/package.json`) as { version: string }).version,
    operations: Object.fromEntries(Object.entries(operations).sort(([a], [b]) => a.localeCompare(b))),
    shapes: walker.shapes,
  };
}

export function buildModels(): AwsModels {
  return { services: Object.fromEntries(CLIENTS.map((c) => [c.cli, serviceModel(c)])) };
}

const out = resolve(dirname(new URL(import.meta.url).pathname), '../../../build/aws-models.json');
mkdirSync(dirname(out), { recursive: true });
const models = buildModels();
writeFileSync(out, JSON.stringify(models));
const counts = Object.values(models.services).map((s) => `${s.cli} ${Object.keys(s.operations).length}`).join(', ');
console.log(`build/aws-models.json: ${counts} operations`);
