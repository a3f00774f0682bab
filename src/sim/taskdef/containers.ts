/**
 * Container definitions in a RegisterTaskDefinition request: names, images, container cpu and
 * memory, port mappings and health checks (reference §2.1–§2.3, §11).
 */
import { type ApiError, clientException } from '../errors';
import { type Step, NAME_PATTERN, done, enumError, isInt, isObject, oneOf, stop, typeError } from './checks';
import { PROTOCOLS, type Compatibility, type ContainerDefinition, type HealthCheck, type NetworkMode, type PortMapping } from './types';
import { EC2_TASK_CPU_MAX, EC2_TASK_MEMORY_MAX } from './sizes';

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

/** Containers per task definition (reference §11). */
export const MAX_CONTAINERS_PER_TASK_DEFINITION = 10;

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
  max: number,
): Step<number | null> {
  if (v === undefined || v === null) return done(null);
  if (!isInt(v) || v < (allowZero ? 0 : 1) || v > max) {
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

  const cpu = optionalPositiveInt(v.cpu, `${at}.cpu`, name, 'cpu', `a whole number of CPU units, 0 to ${EC2_TASK_CPU_MAX}`, true, EC2_TASK_CPU_MAX);
  if (!cpu.ok) return stop(cpu.error);
  const memory = optionalPositiveInt(v.memory, `${at}.memory`, name, 'memory', `a whole number of MiB, 1 to ${EC2_TASK_MEMORY_MAX}`, false, EC2_TASK_MEMORY_MAX);
  if (!memory.ok) return stop(memory.error);
  const reservation = optionalPositiveInt(
    v.memoryReservation,
    `${at}.memoryReservation`,
    name,
    'memoryReservation',
    `a whole number of MiB, 1 to ${EC2_TASK_MEMORY_MAX}`,
    false,
    EC2_TASK_MEMORY_MAX,
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

/**
 * `containerDefinitions`: 1 to 10 containers (§11) with unique names, at least one essential (§2.2).
 * Port mappings are read for the task's network mode; stopTimeout's maximum depends on Fargate.
 */
export function parseContainers(v: unknown, networkMode: NetworkMode, compat: readonly Compatibility[]): Step<ContainerDefinition[]> {
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

/** Container cpu and memory against the task-level values (or, without task memory, each container's own). */
export function validateContainerResources(
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
