/**
 * The engine's only source of randomness: a seeded PRNG whose whole state is one 32-bit number
 * kept in the simulation state, so checkpoints and replays reproduce every draw.
 *
 * @example
 * const r = { state: seedState(42) };
 * nextFloat(r); // same value for seed 42, every run, every machine
 */
export interface Rng { state: number }

/** Mixes a user seed into a non-zero state (splitmix32 finalizer). */
export function seedState(seed: number): number {
  let z = (seed | 0) + 0x9e3779b9;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return z === 0 ? 0x6d2b79f5 : z | 0;
}

/** mulberry32: next unsigned 32-bit integer. */
export function nextU32(r: Rng): number {
  r.state = (r.state + 0x6d2b79f5) | 0;
  let t = r.state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** Uniform in [0, 1). */
export function nextFloat(r: Rng): number {
  return nextU32(r) / 4294967296;
}

/** Uniform in [lo, hi). */
export function uniform(r: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * nextFloat(r);
}

/** `base` seconds with ±`fraction` jitter, rounded to a tenth of a second. */
export function jitter(r: Rng, base: number, fraction = 0.2): number {
  return Math.round(base * (1 + fraction * (2 * nextFloat(r) - 1)) * 10) / 10;
}

/** Lower-case hex string of `n` characters (task ids, instance ids). */
export function hex(r: Rng, n: number): string {
  let s = '';
  while (s.length < n) s += nextU32(r).toString(16).padStart(8, '0');
  return s.slice(0, n);
}
