/**
 * The first frame as text: a snapshot and the feed at t = 0, written at build time and read by
 * the page before the engine has loaded. Plain JSON except for what JSON cannot hold exactly:
 * typed arrays (the canvas's per-task frame) keep their type, and NaN, ±Infinity and -0 keep
 * their value (`until` is +Infinity for a task with no planned end), and maps keyed by names keep
 * their null prototype (so a service named `constructor` is still only data). decode(encode(x)) is x.
 */
import type { Snapshot } from '../../sim/snapshot';
import type { SimEvent } from '../../sim/events';

export interface FirstFrame {
  /** The scenario's picker entry and seed, name, region and cluster, as the header shows them. */
  catalogId: string;
  seed: number;
  scenarioName: string;
  region: string;
  clusterName: string;
  snapshot: Snapshot;
  recentEvents: SimEvent[];
}

const TYPED = {
  Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array,
} as const;
type TypedName = keyof typeof TYPED;

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function specialName(v: number): string | null {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  return null;
}

export function encodeFirstFrame(frame: FirstFrame): string {
  return JSON.stringify(frame, function replacer(this: unknown, _key: string, value: unknown) {
    if (typeof value === 'number') {
      const name = specialName(value);
      return name === null ? value : { $num: name };
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const type = value.constructor.name;
      if (!(type in TYPED)) throw new Error(`a ${type} cannot be written into the first frame`);
      return { $typed: type, values: Array.from(value as unknown as ArrayLike<number>) };
    }
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === null) return { $dict: { ...value } };
    return value;
  });
}

export function decodeFirstFrame(text: string): FirstFrame {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const o = value as Record<string, unknown>;
      if (typeof o.$num === 'string' && o.$num in SPECIAL) return SPECIAL[o.$num];
      if (typeof o.$typed === 'string' && o.$typed in TYPED && Array.isArray(o.values)) {
        return TYPED[o.$typed as TypedName].from(o.values as number[]);
      }
      if (o.$dict && typeof o.$dict === 'object') return Object.assign(Object.create(null) as object, o.$dict);
    }
    return value;
  }) as FirstFrame;
}
