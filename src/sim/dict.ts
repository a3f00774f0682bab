/**
 * A map from names to values as a plain object with no prototype: ECS names such as `__proto__`,
 * `constructor` or `toString` are valid, so an object keyed by names must not inherit Object's
 * members. JSON output is the same as a `{}`'s.
 *
 * @example
 * const byService = dict<number>(); byService['constructor'] = 1; // an own key like any other
 */
export function dict<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (entries) for (const [k, v] of entries) out[k] = v;
  return out;
}
