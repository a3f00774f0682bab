/**
 * Small helpers the task definition checks share. None of them throws, on any input.
 */
import { type ApiError, describeValue, invalidParameter } from '../errors';

export type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export function isNonNegativeNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

export function oneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}

/** "a, b or c". */
export function listWords(items: readonly (string | number)[], conj = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Obj)[key]);
  }
  return value;
}

/** Family and container names: letters, numbers, hyphens, underscores (§1.4 / API). */
export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/** One step of validation: the parsed value, or the first error. */
export type Step<T> = { ok: true; value: T } | { ok: false; error: ApiError };
export const done = <T>(value: T): Step<T> => ({ ok: true, value });
export const stop = <T>(error: ApiError): Step<T> => ({ ok: false, error });

export function enumError(field: string, v: unknown, values: readonly string[]): ApiError {
  // SDK-style parameter validation; the server-side wording is unconfirmed.
  return invalidParameter(
    field,
    v,
    `one of ${values.join(', ')}`,
    `Invalid value ${describeValue(v)} for ${field}. Valid values: ${values.join(', ')}.`,
  );
}

export function typeError(field: string, v: unknown, expected: string): ApiError {
  // SDK-style parameter validation; the server-side wording is unconfirmed.
  return invalidParameter(field, v, expected, `Invalid type for parameter ${field}, value: ${describeValue(v)}, expected ${expected}.`);
}
