/**
 * CreateExpressGatewayService and UpdateExpressGatewayService requests: their fields, checked the
 * way the API checks them, and the task definition Express registers for them (§13.2).
 *
 * Request shapes: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateExpressGatewayService.html
 * (executionRoleArn, infrastructureRoleArn and primaryContainer are required; primaryContainer.image
 * is the only required field of ExpressGatewayContainer) and API_UpdateExpressGatewayService.html
 * (serviceArn required; the rest optional). Task definition defaults: express-service-work.
 */
import type { Simulation } from '../engine';
import { invalidParameter, type ApiError } from '../errors';
import { validateTaskDefinitionRequest } from '../taskdef/validate';
import { EXPRESS_DEFAULTS, type ExpressConfiguration, type ScalingMetric } from './model';

type Req = Record<string, unknown>;
export const isObj = (v: unknown): v is Req => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isErr = (x: unknown): x is ApiError => isObj(x) && typeof x.message === 'string' && typeof x.field === 'string' && 'accepted' in x;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;
const METRICS: readonly ScalingMetric[] = ['AVERAGE_CPU', 'AVERAGE_MEMORY', 'REQUEST_COUNT_PER_TARGET'];
const SIM_KEYS = ['imageSizeMiB', 'appStartSeconds', 'healthy', 'imageExists', 'exitAfterSeconds', 'cpuPerRequest', 'serviceTimeMs', 'memoryMiBBase', 'errorPercent', 'bytesPerRequest'];

function roleArn(req: Req, field: string, required: boolean): string | undefined | ApiError {
  const v = req[field];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || !ROLE_ARN.test(v)) {
    return invalidParameter(field, v, 'an IAM role ARN such as arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      v === undefined ? `${field} is required.` : `${field} is not a valid IAM role ARN.`);
  }
  return v;
}

function whole(v: unknown, field: string, min: number, max: number): number | undefined | ApiError {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    return invalidParameter(field, v, `a whole number from ${min} to ${max}`, `${field} must be a whole number from ${min} to ${max}.`);
  }
  return v;
}

/** The parts of a request that make a configuration (Create: everything; Update: what it names). */
export interface ParsedRequest {
  executionRoleArn?: string;
  taskRoleArn?: string;
  cpu?: string;
  memory?: string;
  healthCheckPath?: string;
  primaryContainer?: ExpressConfiguration['primaryContainer'] & { partial: Req };
  networkConfiguration?: { subnets: string[]; securityGroups: string[] };
  scalingTarget?: Partial<ExpressConfiguration['scalingTarget']>;
  sim?: Req;
}

function container(sim: Simulation, v: unknown, serviceName: string, base: ExpressConfiguration['primaryContainer'] | null): ParsedRequest['primaryContainer'] | ApiError {
  if (!isObj(v)) return invalidParameter('primaryContainer', v, 'an object { image, containerPort?, command?, environment?, awsLogsConfiguration? }', 'primaryContainer is required and must be an object.');
  const image = v.image ?? base?.image;
  if (typeof image !== 'string' || !image.trim()) return invalidParameter('primaryContainer.image', v.image, 'a container image such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:5', 'primaryContainer.image is required.');
  const port = whole(v.containerPort, 'primaryContainer.containerPort', 1, 65535);
  if (isErr(port)) return port;
  if (v.command !== undefined && (!Array.isArray(v.command) || v.command.some((c) => typeof c !== 'string'))) {
    return invalidParameter('primaryContainer.command', v.command, 'a list of strings', 'command must be a list of strings.');
  }
  const env = v.environment ?? base?.environment ?? [];
  if (!Array.isArray(env) || env.some((e) => !isObj(e) || typeof e.name !== 'string')) {
    return invalidParameter('primaryContainer.environment', env, 'a list of { name, value }', 'environment must be a list of { name, value }.');
  }
  const logs = isObj(v.awsLogsConfiguration) ? v.awsLogsConfiguration : {};
  return {
    image,
    containerPort: port ?? base?.containerPort ?? EXPRESS_DEFAULTS.containerPort,
    command: (v.command as string[] | undefined) ?? base?.command ?? null,
    environment: (env as Req[]).map((e) => ({ name: String(e.name), value: String(e.value ?? '') })),
    awsLogsConfiguration: {
      logGroup: typeof logs.logGroup === 'string' ? logs.logGroup : base?.awsLogsConfiguration.logGroup ?? `/aws/ecs/${sim.clusterName}/${serviceName}-${(sim.express.serial + 1).toString().padStart(4, '0')}`,
      logStreamPrefix: typeof logs.logStreamPrefix === 'string' ? logs.logStreamPrefix : base?.awsLogsConfiguration.logStreamPrefix ?? 'ecs',
    },
    partial: v,
  };
}

function network(sim: Simulation, v: unknown): ParsedRequest['networkConfiguration'] | ApiError {
  if (!isObj(v)) return invalidParameter('networkConfiguration', v, 'an object { subnets?, securityGroups? }', 'networkConfiguration must be an object.');
  const subnets = v.subnets ?? [];
  if (!Array.isArray(subnets) || subnets.length > 16) return invalidParameter('networkConfiguration.subnets', subnets, 'a list of up to 16 subnet ids', 'subnets must be a list of subnet ids.');
  for (const [i, id] of subnets.entries()) {
    if (!sim.network.subnets.some((s) => s.subnetId === id)) {
      return invalidParameter(`networkConfiguration.subnets[${i}]`, id, `a subnet of the VPC: ${sim.network.subnets.map((s) => s.subnetId).join(', ')}`, `The subnet ID '${String(id)}' does not exist.`);
    }
  }
  const kinds = new Set(subnets.map((id) => sim.network.subnets.find((s) => s.subnetId === id)!.type));
  if (kinds.size > 1) return invalidParameter('networkConfiguration.subnets', subnets, 'public subnets only (an internet-facing load balancer) or private subnets only (an internal one)', 'Subnets must be all public or all private.');
  const groups = v.securityGroups ?? [];
  if (!Array.isArray(groups) || groups.length > 5) return invalidParameter('networkConfiguration.securityGroups', groups, 'a list of up to 5 security group ids', 'securityGroups can have at most 5 items.');
  for (const [i, id] of groups.entries()) {
    if (!sim.network.securityGroups.has(id as string)) {
      return invalidParameter(`networkConfiguration.securityGroups[${i}]`, id, `a security group of the VPC: ${[...sim.network.securityGroups.keys()].join(', ')}`, `The security group '${String(id)}' does not exist.`);
    }
  }
  return { subnets: subnets as string[], securityGroups: groups as string[] };
}

function scaling(v: unknown): ParsedRequest['scalingTarget'] | ApiError {
  if (!isObj(v)) return invalidParameter('scalingTarget', v, 'an object { minTaskCount?, maxTaskCount?, autoScalingMetric?, autoScalingTargetValue? }', 'scalingTarget must be an object.');
  const min = whole(v.minTaskCount, 'scalingTarget.minTaskCount', 0, 5000);
  if (isErr(min)) return min;
  const max = whole(v.maxTaskCount, 'scalingTarget.maxTaskCount', 1, 5000);
  if (isErr(max)) return max;
  if (v.autoScalingMetric !== undefined && !METRICS.includes(v.autoScalingMetric as ScalingMetric)) {
    return invalidParameter('scalingTarget.autoScalingMetric', v.autoScalingMetric, METRICS.join(', '), `autoScalingMetric must be one of ${METRICS.join(', ')}.`);
  }
  const target = whole(v.autoScalingTargetValue, 'scalingTarget.autoScalingTargetValue', 1, 65536);
  if (isErr(target)) return target;
  const out: ParsedRequest['scalingTarget'] = {};
  if (min !== undefined) out.minTaskCount = min;
  if (max !== undefined) out.maxTaskCount = max;
  if (v.autoScalingMetric !== undefined) out.autoScalingMetric = v.autoScalingMetric as ScalingMetric;
  if (target !== undefined) out.autoScalingTargetValue = target;
  return out;
}

function simObject(v: unknown): Req | ApiError {
  if (v === undefined) return {};
  if (!isObj(v)) return invalidParameter('sim', v, `an object with any of ${SIM_KEYS.join(', ')}`, 'sim must be an object.');
  const bad = Object.keys(v).find((k) => !SIM_KEYS.includes(k));
  if (bad) return invalidParameter(`sim.${bad}`, v[bad], `one of the sim fields: ${SIM_KEYS.join(', ')}`, `Unknown sim setting '${bad}'.`);
  return v;
}

/** Reads the fields of a Create (`base` null) or Update request; nothing is changed. */
export function parseRequest(sim: Simulation, req: Req, serviceName: string, base: ExpressConfiguration | null): ParsedRequest | ApiError {
  const out: ParsedRequest = {};
  const exec = roleArn(req, 'executionRoleArn', base === null);
  if (isErr(exec)) return exec;
  if (exec !== undefined) out.executionRoleArn = exec;
  const taskRole = roleArn(req, 'taskRoleArn', false);
  if (isErr(taskRole)) return taskRole;
  if (taskRole !== undefined) out.taskRoleArn = taskRole;
  for (const f of ['cpu', 'memory'] as const) {
    const v = req[f];
    if (v === undefined) continue;
    if (typeof v !== 'string' && typeof v !== 'number') return invalidParameter(f, v, f === 'cpu' ? 'CPU units as a string, such as "1024"' : 'MiB as a string, such as "2048"', `${f} must be a string.`);
    out[f] = String(v);
  }
  if (req.healthCheckPath !== undefined) {
    if (typeof req.healthCheckPath !== 'string' || !req.healthCheckPath.startsWith('/')) return invalidParameter('healthCheckPath', req.healthCheckPath, 'a path starting with /', 'healthCheckPath must start with /.');
    out.healthCheckPath = req.healthCheckPath;
  }
  if (req.primaryContainer !== undefined || base === null) {
    const c = container(sim, req.primaryContainer, serviceName, base?.primaryContainer ?? null);
    if (isErr(c)) return c;
    out.primaryContainer = c;
  }
  if (req.networkConfiguration !== undefined) {
    const n = network(sim, req.networkConfiguration);
    if (isErr(n)) return n;
    out.networkConfiguration = n;
  }
  if (req.scalingTarget !== undefined) {
    const s = scaling(req.scalingTarget);
    if (isErr(s)) return s;
    out.scalingTarget = s;
  }
  const s = simObject(req.sim);
  if (isErr(s)) return s;
  if (req.sim !== undefined) out.sim = s;
  return out;
}

/** The configuration a parsed request leads to, over the current one (Update) or the defaults. */
export function nextConfiguration(p: ParsedRequest, base: ExpressConfiguration | null): Omit<ExpressConfiguration, 'serviceRevisionArn' | 'taskDefinition' | 'createdAt'> | ApiError {
  const st = { ...(base?.scalingTarget ?? { minTaskCount: EXPRESS_DEFAULTS.minTaskCount, maxTaskCount: EXPRESS_DEFAULTS.maxTaskCount, autoScalingMetric: EXPRESS_DEFAULTS.autoScalingMetric, autoScalingTargetValue: EXPRESS_DEFAULTS.autoScalingTargetValue }), ...p.scalingTarget };
  if (st.minTaskCount > st.maxTaskCount) {
    return invalidParameter('scalingTarget.minTaskCount', st.minTaskCount, `at most maxTaskCount (${st.maxTaskCount})`, 'minTaskCount must be less than or equal to maxTaskCount.');
  }
  const { partial: _partial, ...container } = p.primaryContainer ?? { ...base!.primaryContainer, partial: {} };
  return {
    executionRoleArn: p.executionRoleArn ?? base!.executionRoleArn,
    taskRoleArn: p.taskRoleArn ?? base?.taskRoleArn ?? null,
    cpu: p.cpu ?? base?.cpu ?? EXPRESS_DEFAULTS.cpu,
    memory: p.memory ?? base?.memory ?? EXPRESS_DEFAULTS.memory,
    networkConfiguration: p.networkConfiguration ?? base?.networkConfiguration ?? { subnets: [], securityGroups: [] },
    healthCheckPath: p.healthCheckPath ?? base?.healthCheckPath ?? EXPRESS_DEFAULTS.healthCheckPath,
    primaryContainer: container,
    scalingTarget: st,
  };
}

/** Whether an Update changes what the task definition holds (a new revision and a deployment). */
export function changesTaskDefinition(p: ParsedRequest): boolean {
  return p.primaryContainer !== undefined || p.cpu !== undefined || p.memory !== undefined
    || p.executionRoleArn !== undefined || p.taskRoleArn !== undefined || p.sim !== undefined;
}

/**
 * The RegisterTaskDefinition request Express makes: its defaults (express-service-work: awsvpc,
 * FARGATE, LINUX/X86_64, container "Main", essential, port 80/tcp, stopTimeout 30, awslogs).
 */
export function taskDefinitionRequest(family: string, c: Omit<ExpressConfiguration, 'serviceRevisionArn' | 'taskDefinition' | 'createdAt'>, simSettings: Req): Req {
  const { bytesPerRequest: _b, ...tdSim } = simSettings;
  return {
    family,
    cpu: c.cpu,
    memory: c.memory,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
    executionRoleArn: c.executionRoleArn,
    ...(c.taskRoleArn ? { taskRoleArn: c.taskRoleArn } : {}),
    containerDefinitions: [{
      name: EXPRESS_DEFAULTS.containerName,
      image: c.primaryContainer.image,
      essential: true,
      portMappings: [{ containerPort: c.primaryContainer.containerPort, protocol: 'tcp' }],
      stopTimeout: EXPRESS_DEFAULTS.stopTimeout,
      ...(c.primaryContainer.command ? { command: c.primaryContainer.command } : {}),
      ...(c.primaryContainer.environment.length ? { environment: c.primaryContainer.environment } : {}),
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': c.primaryContainer.awsLogsConfiguration.logGroup, 'awslogs-region': 'current', 'awslogs-stream-prefix': c.primaryContainer.awsLogsConfiguration.logStreamPrefix, mode: 'non-blocking', 'max-buffer-size': '25m' } },
    }],
    ...(Object.keys(tdSim).length ? { sim: tdSim } : {}),
  };
}

/** Checks the task definition Express would register, with the API's own message (cpu/memory table). */
export function checkTaskDefinition(sim: Simulation, tdReq: Req): ApiError | null {
  const r = validateTaskDefinitionRequest(tdReq, sim.region);
  if (r.ok) return null;
  const field = r.error.field === 'cpu' || r.error.field === 'memory' ? r.error.field : r.error.field.startsWith('containerDefinitions') ? 'primaryContainer' : r.error.field;
  return { ...r.error, field };
}

export function checkServiceName(v: unknown, image: string): string | ApiError {
  if (v === undefined) {
    // The API derives a name from the image when none is given (express-service-work).
    const last = image.split('/').pop()!.split(/[:@]/)[0]!.replace(/[^A-Za-z0-9_-]/g, '-');
    return last || 'express';
  }
  if (typeof v !== 'string' || !SERVICE_NAME.test(v)) return invalidParameter('serviceName', v, 'up to 255 letters, numbers, hyphens and underscores, starting with a letter or number', 'serviceName is not valid.');
  return v;
}
