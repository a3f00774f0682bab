/**
 * A value as an error message shows it (short JSON). Apart from parse.ts so that the engine can
 * name bad values without loading the scenario schemas.
 */

/** Numbers JSON text can write but not hold: 1e309 parses as Infinity, which JSON.stringify writes as null. */
const OVERFLOW = 'a number too large for JSON to hold (it reads as Infinity)';
const UNDERFLOW = 'a number too far below zero for JSON to hold (it reads as -Infinity)';

export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? OVERFLOW : UNDERFLOW;
  let s: string | undefined;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
  } catch {
    s = undefined;
  }
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
