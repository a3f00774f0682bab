/**
 * How many cases a fuzz test runs: its full count with FUZZ=full (`npm run fuzz`), a fifth of it
 * otherwise (the CI size `npm test` runs), never fewer than 200; or `ci` where a case is slow.
 *
 * @example
 * fc.assert(fc.property(arb, check), { numRuns: runs(10_000) });        // 2,000 in npm test
 * fc.assert(fc.property(arb, check), { numRuns: runs(10_000, 500) });   // 500 in npm test
 */
export function runs(full: number, ci = Math.max(200, Math.round(full / 5))): number {
  return process.env.FUZZ === 'full' ? full : ci;
}
