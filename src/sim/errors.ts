/**
 * API errors as the simulated AWS APIs return them.
 *
 * Bad input never throws inside the engine: every API action returns either its result or an
 * `ApiError` that names the field, the value and what is accepted, with a message in the style
 * of the real API, e.g.
 *
 * ```ts
 * clientException('cpu', '300', 'one of 256, 512, 1024, …',
 *   "Invalid 'cpu' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.")
 * // → { code: 'ClientException', field: 'cpu', value: '300', accepted: '…',
 * //     message: "ClientException: Invalid 'cpu' setting for task. …" }
 * ```
 *
 * Errors are plain data (structuredClone- and JSON-friendly as long as `value` is).
 */

/** The error codes the simulated ECS API uses. */
export type ApiErrorCode = 'ClientException' | 'InvalidParameterException';

export interface ApiError {
  /** The AWS error code. */
  readonly code: ApiErrorCode;
  /** Path of the offending field in the request, e.g. `containerDefinitions[0].portMappings[1].hostPort`. */
  readonly field: string;
  /** The value that was sent (`undefined` when the field was missing). */
  readonly value: unknown;
  /** What would have been accepted, in plain words. */
  readonly accepted: string;
  /** The API-style message, prefixed with the code: `ClientException: …`. */
  readonly message: string;
}

/** The outcome of an API action that may be rejected. */
export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** Builds an `ApiError`; `detail` is the API's message without the code prefix. */
export function apiError(
  code: ApiErrorCode,
  field: string,
  value: unknown,
  accepted: string,
  detail: string,
): ApiError {
  return Object.freeze({ code, field, value, accepted, message: `${code}: ${detail}` });
}

/** Shorthand for `apiError('ClientException', …)`. */
export function clientException(field: string, value: unknown, accepted: string, detail: string): ApiError {
  return apiError('ClientException', field, value, accepted, detail);
}

/** Shorthand for `apiError('InvalidParameterException', …)`. */
export function invalidParameter(field: string, value: unknown, accepted: string, detail: string): ApiError {
  return apiError('InvalidParameterException', field, value, accepted, detail);
}

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: ApiError): ApiResult<T> {
  return { ok: false, error };
}

/** True for objects shaped like an `ApiError`. */
export function isApiError(x: unknown): x is ApiError {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return (
    (e.code === 'ClientException' || e.code === 'InvalidParameterException') &&
    typeof e.field === 'string' &&
    typeof e.accepted === 'string' &&
    typeof e.message === 'string'
  );
}

/** A short, stable rendering of a value for messages (never throws). */
export function describeValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function' || typeof value === 'symbol') return `(${typeof value})`;
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return `(${typeof value})`;
    return s.length > 200 ? `${s.slice(0, 197)}...` : s;
  } catch {
    return '(unserializable value)';
  }
}

/**
 * Multi-line rendering for the CLI and the UI:
 *
 * ```
 * ClientException: Invalid 'cpu' setting for task. …
 *   field:    cpu
 *   value:    "300"
 *   accepted: one of 256, 512, …
 * ```
 */
export function formatApiError(error: ApiError): string {
  return [
    error.message,
    `  field:    ${error.field}`,
    `  value:    ${describeValue(error.value)}`,
    `  accepted: ${error.accepted}`,
  ].join('\n');
}
