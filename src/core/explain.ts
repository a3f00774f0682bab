/** Slots of the core's `explain` array (see assembly/victims.ts). */
export const EXPLAIN_LEN = 16;

/** Why a task would (not) be placed: the data the engine turns into a PlacementDecision. */
export interface PlacementExplanation {
  /** Instances registered with the cluster (ACTIVE or DRAINING). */
  registered: number;
  /** Instances each filter rejected (each instance counted once, at its first failing check). */
  rejected: { notActive: number; memberOf: number; cpu: number; memory: number; eni: number; distinctInstance: number };
  /** Instances that passed every filter. */
  candidates: number;
  /** Candidates left after each strategy rule, in order. */
  survivorsPerRule: number[];
  /** The rejected ACTIVE instance with the most memory left and its first failing check, if any. */
  closest: { slot: number; reason: 'cpu' | 'memory' | 'eni' | 'distinctInstance' } | null;
}

const REASONS = { 3: 'cpu', 4: 'memory', 5: 'eni', 6: 'distinctInstance' } as const;

/** Decodes the core's explain array. */
export function explanationFrom(x: Int32Array, rules: number): PlacementExplanation {
  const reason = REASONS[x[14] as 3 | 4 | 5 | 6];
  return {
    registered: x[0],
    rejected: { notActive: x[1], memberOf: x[2], cpu: x[3], memory: x[4], eni: x[5], distinctInstance: x[6] },
    candidates: x[7],
    survivorsPerRule: Array.from(x.subarray(8, 8 + rules)),
    closest: x[13] >= 0 && reason ? { slot: x[13], reason } : null,
  };
}
