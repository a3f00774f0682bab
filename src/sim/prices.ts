/**
 * The price table (us-east-1), loaded from `data/prices.json` and checked on load, plus the
 * hourly-cost functions the engine uses.
 *
 * ```ts
 * ec2HourlyUsd('m5.large')                                                     // → { ok: true, value: 0.096 }
 * fargateHourlyUsd({ cpuUnits: 512, memoryMiB: 1024, cpuArchitecture: 'X86_64' }) // 0.5 × 0.04048 + 1 × 0.004445
 * appRunnerHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, active: false })       // 2 × 0.007 (memory only)
 * ```
 *
 * Every price carries the id of its source; `PRICES.sources` says which are official, which
 * secondary and which are models (EC2 Spot and Fargate Spot are fixed-discount models).
 */
import raw from './data/prices.json' with { type: 'json' };
import { type ApiResult, describeValue, invalidParameter } from './errors';

export type PriceSourceKind = 'official' | 'secondary' | 'model';

export interface PriceSource {
  readonly id: string;
  readonly kind: PriceSourceKind;
  readonly title: string;
  readonly url: string;
  readonly note: string;
}

export type PriceUnit = 'instance-hour' | 'vCPU-hour' | 'GB-hour' | 'ALB-hour' | 'LCU-hour';

export interface Price {
  readonly usd: number;
  readonly per: PriceUnit;
  /** Id of an entry in `PriceTable.sources`. */
  readonly source: string;
}

/** A price derived from another by a fixed fraction off (a model). */
export interface DiscountModel {
  readonly model: 'fixed-discount';
  /** Fraction off, 0..1 (0.7 = 70% off). */
  readonly discount: number;
  readonly source: string;
}

export interface FargateRates {
  readonly vcpuHour: Price;
  readonly gbHour: Price;
}

export interface PriceTable {
  readonly schemaVersion: 1;
  /** ISO date the prices were last checked. */
  readonly asOf: string;
  readonly region: 'us-east-1';
  readonly currency: 'USD';
  readonly sources: readonly PriceSource[];
  /** Linux On-Demand, per instance-hour, keyed by instance type. */
  readonly ec2OnDemand: Readonly<Record<string, Price>>;
  readonly ec2Spot: DiscountModel;
  readonly fargate: { readonly linuxX86: FargateRates; readonly linuxArm: FargateRates };
  readonly fargateSpot: DiscountModel;
  readonly appRunner: {
    /** Idle provisioned instances: memory only. */
    readonly provisionedGbHour: Price;
    /** Active instances: vCPU and memory. */
    readonly activeVcpuHour: Price;
    readonly activeGbHour: Price;
  };
  /** Application Load Balancer (what Express Mode's shared load balancers cost, §13). */
  readonly applicationLoadBalancer: {
    readonly hour: Price;
    readonly lcuHour: Price;
    /** What one LCU holds, per dimension (the largest dimension is billed). */
    readonly lcu: { readonly newConnectionsPerSecond: number; readonly activeConnectionsPerMinute: number; readonly processedGbPerHour: number; readonly ruleEvaluationsPerSecond: number; readonly freeRulesPerRequest: number; readonly source: string };
    /** MODEL: bytes and connections per request (the traffic model counts requests only). */
    readonly trafficModel: { readonly bytesPerRequest: number; readonly requestsPerConnection: number; readonly source: string };
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks that `data` is a well-formed price table whose every price names a listed source.
 * Returns the first problem as an `ApiError`.
 */
export function parsePriceTable(data: unknown): ApiResult<PriceTable> {
  const bad = (field: string, value: unknown, accepted: string): ApiResult<PriceTable> => ({
    ok: false,
    error: invalidParameter(field, value, accepted, `Invalid price table: '${field}' must be ${accepted}.`),
  });
  if (!isObj(data)) return bad('(price table)', data, 'an object');
  if (data.schemaVersion !== 1) return bad('schemaVersion', data.schemaVersion, '1');
  if (typeof data.asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(data.asOf)) return bad('asOf', data.asOf, 'an ISO date (YYYY-MM-DD)');
  if (data.region !== 'us-east-1') return bad('region', data.region, '"us-east-1"');
  if (data.currency !== 'USD') return bad('currency', data.currency, '"USD"');
  if (!Array.isArray(data.sources) || data.sources.length === 0) return bad('sources', data.sources, 'a non-empty list');
  const ids = new Set<string>();
  for (let i = 0; i < data.sources.length; i++) {
    const s: unknown = data.sources[i];
    if (
      !isObj(s) ||
      typeof s.id !== 'string' ||
      !['official', 'secondary', 'model'].includes(s.kind as string) ||
      typeof s.title !== 'string' ||
      typeof s.url !== 'string' ||
      !s.url.startsWith('https://') ||
      typeof s.note !== 'string'
    ) {
      return bad(`sources[${i}]`, s, 'an object { id, kind: official|secondary|model, title, url (https), note }');
    }
    ids.add(s.id);
  }
  const checkPrice = (field: string, p: unknown, per: PriceUnit): ApiResult<PriceTable> | null => {
    if (!isObj(p) || typeof p.usd !== 'number' || !Number.isFinite(p.usd) || p.usd <= 0) return bad(`${field}.usd`, isObj(p) ? p.usd : p, 'a positive number');
    if (p.per !== per) return bad(`${field}.per`, p.per, `"${per}"`);
    if (typeof p.source !== 'string' || !ids.has(p.source)) return bad(`${field}.source`, p.source, `one of the source ids: ${[...ids].join(', ')}`);
    return null;
  };
  const checkDiscount = (field: string, d: unknown): ApiResult<PriceTable> | null => {
    if (!isObj(d) || d.model !== 'fixed-discount') return bad(`${field}.model`, isObj(d) ? d.model : d, '"fixed-discount"');
    if (typeof d.discount !== 'number' || !(d.discount >= 0 && d.discount < 1)) return bad(`${field}.discount`, d.discount, 'a fraction from 0 to below 1');
    if (typeof d.source !== 'string' || !ids.has(d.source)) return bad(`${field}.source`, d.source, `one of the source ids: ${[...ids].join(', ')}`);
    return null;
  };
  if (!isObj(data.ec2OnDemand)) return bad('ec2OnDemand', data.ec2OnDemand, 'an object keyed by instance type');
  for (const [type, p] of Object.entries(data.ec2OnDemand)) {
    const e = checkPrice(`ec2OnDemand.${type}`, p, 'instance-hour');
    if (e) return e;
  }
  const spot = checkDiscount('ec2Spot', data.ec2Spot);
  if (spot) return spot;
  if (!isObj(data.fargate)) return bad('fargate', data.fargate, 'an object { linuxX86, linuxArm }');
  for (const arch of ['linuxX86', 'linuxArm'] as const) {
    const rates: unknown = data.fargate[arch];
    if (!isObj(rates)) return bad(`fargate.${arch}`, rates, 'an object { vcpuHour, gbHour }');
    const e = checkPrice(`fargate.${arch}.vcpuHour`, rates.vcpuHour, 'vCPU-hour') ?? checkPrice(`fargate.${arch}.gbHour`, rates.gbHour, 'GB-hour');
    if (e) return e;
  }
  const fspot = checkDiscount('fargateSpot', data.fargateSpot);
  if (fspot) return fspot;
  const ar = data.appRunner;
  if (!isObj(ar)) return bad('appRunner', ar, 'an object { provisionedGbHour, activeVcpuHour, activeGbHour }');
  const arError =
    checkPrice('appRunner.provisionedGbHour', ar.provisionedGbHour, 'GB-hour') ??
    checkPrice('appRunner.activeVcpuHour', ar.activeVcpuHour, 'vCPU-hour') ??
    checkPrice('appRunner.activeGbHour', ar.activeGbHour, 'GB-hour');
  if (arError) return arError;
  const alb = data.applicationLoadBalancer;
  if (!isObj(alb)) return bad('applicationLoadBalancer', alb, 'an object { hour, lcuHour, lcu, trafficModel }');
  const albError = checkPrice('applicationLoadBalancer.hour', alb.hour, 'ALB-hour') ?? checkPrice('applicationLoadBalancer.lcuHour', alb.lcuHour, 'LCU-hour');
  if (albError) return albError;
  if (!isObj(alb.lcu) || !isObj(alb.trafficModel)) return bad('applicationLoadBalancer.lcu', alb.lcu, 'the LCU dimensions and the traffic model');
  return { ok: true, value: data as unknown as PriceTable };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Obj)[key]);
  }
  return value;
}

function load(): PriceTable {
  const parsed = parsePriceTable(raw);
  // The table ships with the code; a malformed one is a build error, not user input.
  if (!parsed.ok) throw new Error(`src/sim/data/prices.json: ${parsed.error.message}`);
  return deepFreeze(parsed.value);
}

/** The price table shipped with the simulator. */
export const PRICES: PriceTable = load();

/** The source entry a price cites. */
export function priceSource(price: { readonly source: string }, table: PriceTable = PRICES): PriceSource | undefined {
  return table.sources.find((s) => s.id === price.source);
}

/** EC2 Linux On-Demand price per instance-hour. */
export function ec2HourlyUsd(instanceType: unknown, table: PriceTable = PRICES): ApiResult<number> {
  const p = typeof instanceType === 'string' && Object.hasOwn(table.ec2OnDemand, instanceType) ? table.ec2OnDemand[instanceType] : undefined;
  if (p) return { ok: true, value: p.usd };
  const known = Object.keys(table.ec2OnDemand).join(', ');
  return {
    ok: false,
    error: invalidParameter('instanceType', instanceType, `one of the priced instance types: ${known}`, `No On-Demand price for instance type ${describeValue(instanceType)}.`),
  };
}

/** EC2 Spot price per instance-hour (MODEL: a fixed discount on On-Demand). */
export function ec2SpotHourlyUsd(instanceType: unknown, table: PriceTable = PRICES): ApiResult<number> {
  const od = ec2HourlyUsd(instanceType, table);
  if (!od.ok) return od;
  return { ok: true, value: od.value * (1 - table.ec2Spot.discount) };
}

export interface FargateUsage {
  readonly cpuUnits: number;
  readonly memoryMiB: number;
  /** Default X86_64. */
  readonly cpuArchitecture?: 'X86_64' | 'ARM64';
  /** Fargate Spot (MODEL: a fixed discount). */
  readonly spot?: boolean;
}

/** Fargate Linux price per task-hour: vCPU × vCPU-rate + GB × GB-rate (billed per second in reality). */
export function fargateHourlyUsd(usage: FargateUsage, table: PriceTable = PRICES): number {
  const rates = usage.cpuArchitecture === 'ARM64' ? table.fargate.linuxArm : table.fargate.linuxX86;
  const onDemand = (usage.cpuUnits / 1024) * rates.vcpuHour.usd + (usage.memoryMiB / 1024) * rates.gbHour.usd;
  return usage.spot ? onDemand * (1 - table.fargateSpot.discount) : onDemand;
}

export interface AppRunnerUsage {
  readonly cpuUnits: number;
  readonly memoryMiB: number;
  /** Active (serving) instances pay vCPU and memory; idle provisioned ones pay memory only. */
  readonly active: boolean;
}

/**
 * An Application Load Balancer's LCUs for a request rate: the largest of new connections,
 * processed bytes and rule evaluations beyond the free 10 (active connections are not modelled).
 * Bytes and connections per request are the table's traffic model unless given.
 */
export function albLcus(requestsPerSecond: number, rulesPerRequest: number, bytesPerRequest?: number, table: PriceTable = PRICES): number {
  const a = table.applicationLoadBalancer;
  const bytes = bytesPerRequest ?? a.trafficModel.bytesPerRequest;
  const newConnections = requestsPerSecond / a.trafficModel.requestsPerConnection / a.lcu.newConnectionsPerSecond;
  const processed = (requestsPerSecond * bytes * 3600) / 1024 ** 3 / a.lcu.processedGbPerHour;
  const rules = (requestsPerSecond * Math.max(0, rulesPerRequest - a.lcu.freeRulesPerRequest)) / a.lcu.ruleEvaluationsPerSecond;
  return Math.max(newConnections, processed, rules);
}

/** App Runner price per instance-hour (reference §8). */
export function appRunnerHourlyUsd(usage: AppRunnerUsage, table: PriceTable = PRICES): number {
  const gbs = usage.memoryMiB / 1024;
  if (!usage.active) return gbs * table.appRunner.provisionedGbHour.usd;
  return (usage.cpuUnits / 1024) * table.appRunner.activeVcpuHour.usd + gbs * table.appRunner.activeGbHour.usd;
}
