/**
 * Structured fuzzing of JSON documents (scenarios, share-link payloads): every path to a value,
 * and one mutation at a path (delete, replace with junk, change the type, grow into a list).
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside a JSON document. */
export function paths(doc: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) paths(v, [...prefix, k], out);
  return out;
}

/** A copy of `doc` with the value at `path` deleted, replaced by `junk`, retyped or turned into a list (by `op`). */
export function mutate(doc: Json, path: (string | number)[], op: number, junk: Json): Json {
  const copy = structuredClone(doc);
  if (!path.length) return op % 2 ? junk : copy;
  let parent: Json = copy;
  for (const p of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[p]!;
  const key = path.at(-1)!;
  const holder = parent as Record<string | number, Json>;
  switch (op % 4) {
    case 0: if (Array.isArray(holder)) holder.splice(key as number, 1); else delete holder[key]; break;
    case 1: holder[key] = junk; break;
    case 2: holder[key] = typeof holder[key] === 'number' ? -(holder[key] as number) * 1e6 : String(holder[key]); break;
    default: holder[key] = Array.isArray(holder[key]) ? [...(holder[key] as Json[]), junk] : [holder[key]!, junk];
  }
  return copy;
}
