/**
 * The optional `sim` object of a task definition: what the container image does in the
 * simulation (pull size, start time, health, load behaviour). Not part of the ECS API.
 */
import { invalidParameter } from '../errors';
import { type Obj, type Step, done, isNonNegativeNumber, isObject, stop, typeError } from './checks';
import type { SimSettings } from './types';

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
 * - `errorPercent` 0: percent of requests the app answers with a 5XX although its health check
 *   passes (a release whose pages fail: what a deployment alarm, not a health check, catches).
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
  errorPercent: 0,
} as const);

const SIM_KEYS = [
  'imageSizeMiB',
  'appStartSeconds',
  'healthy',
  'imageExists',
  'exitAfterSeconds',
  'cpuPerRequest',
  'serviceTimeMs',
  'memoryMiBBase',
  'errorPercent',
] as const;

/** Checks a request's `sim` object: known keys only, booleans and non-negative numbers. */
export function validateSim(v: unknown): Step<Obj | null> {
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

/** The registered `sim` settings: the request's values, `SIM_DEFAULTS` for the rest. */
export function simSettings(raw: Obj | null, taskMemory: number): SimSettings {
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
    errorPercent: Math.min(100, num('errorPercent', SIM_DEFAULTS.errorPercent)),
  };
}
