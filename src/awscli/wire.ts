/**
 * A response as the model shapes it: only the members the model has (the inspector's views carry
 * a few teaching fields the API lacks), and timestamps, which the engine keeps in simulated
 * seconds, as calendar epoch seconds from the scenario's start.
 */
import { PRIMITIVES, shapeOf, type ServiceModel, type ShapeRef } from './model';

export function toWire(model: ServiceModel, ref: ShapeRef, v: unknown, epoch: number): unknown {
  if (v === undefined || v === null) return undefined;
  if (ref === 'timestamp') return typeof v === 'number' ? epoch + v : v;
  if (PRIMITIVES.has(ref)) return v;
  const shape = shapeOf(model, ref);
  if (!shape) return v;
  if (shape.type === 'list') return Array.isArray(v) ? v.map((x) => toWire(model, shape.member, x, epoch)) : undefined;
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  if (shape.type === 'map') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(model, shape.value, x, epoch)]));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const m = shape.members[k];
    if (!m) continue;
    const w = toWire(model, m, x, epoch);
    if (w !== undefined) out[k] = w;
  }
  return out;
}

/** Visits every timestamp of a wire value (the CLI prints them as ISO 8601). */
export function mapTimestamps(model: ServiceModel, ref: ShapeRef, v: unknown, f: (epochSeconds: number) => unknown): unknown {
  if (v === undefined || v === null) return v;
  if (ref === 'timestamp') return typeof v === 'number' ? f(v) : v;
  const shape = shapeOf(model, ref);
  if (!shape) return v;
  if (shape.type === 'list') return Array.isArray(v) ? v.map((x) => mapTimestamps(model, shape.member, x, f)) : v;
  if (typeof v !== 'object' || Array.isArray(v)) return v;
  if (shape.type === 'map') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapTimestamps(model, shape.value, x, f)]));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape.members[k] ? mapTimestamps(model, shape.members[k]!, x, f) : x]));
}
