/**
 * Checks a response against its shape in the service model: required members present, every
 * value of the model's type, and no member the model lacks. Returns the problems, one per line.
 */
import { PRIMITIVES, shapeOf, type ServiceModel, type ShapeRef } from '../../src/awscli/model';

export function shapeProblems(model: ServiceModel, ref: ShapeRef, v: unknown, path = '$', timestampsAs: 'number' | 'string' = 'number'): string[] {
  if (v === null) return [`${path}: null (the API omits a member rather than sending null)`];
  if (ref === 'document') return [];
  if (PRIMITIVES.has(ref)) {
    const want = ref === 'timestamp' ? timestampsAs : ref === 'blob' ? 'string' : ref;
    return typeof v === want ? [] : [`${path}: ${JSON.stringify(v)} is ${typeof v}, the model says ${ref}`];
  }
  const shape = shapeOf(model, ref);
  if (!shape) return [`${path}: unknown shape ${ref}`];
  if (shape.type === 'list') {
    return Array.isArray(v) ? v.flatMap((x, i) => shapeProblems(model, shape.member, x, `${path}[${i}]`, timestampsAs)) : [`${path}: not a list`];
  }
  if (typeof v !== 'object' || Array.isArray(v)) return [`${path}: not an object`];
  if (shape.type === 'map') return Object.entries(v as object).flatMap(([k, x]) => shapeProblems(model, shape.value, x, `${path}.${k}`, timestampsAs));
  const o = v as Record<string, unknown>;
  const out = shape.required.filter((r) => o[r] === undefined).map((r) => `${path}.${r}: required by the model, missing`);
  for (const [k, x] of Object.entries(o)) {
    const m = shape.members[k];
    if (!m) out.push(`${path}.${k}: a member the model (${ref}) lacks`);
    else out.push(...shapeProblems(model, m, x, `${path}.${k}`, timestampsAs));
  }
  return out;
}
