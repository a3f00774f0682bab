/**
 * Versioned documents (tldraw-style numbered migrations). Two things carry a version:
 *
 * - a share link's payload (`link`): how the page packs a session into a URL;
 * - a scenario document (`schemaVersion`, contract in ../shared/design/scenario-format.md).
 *
 * When either format changes, its version goes up by one and a migration from the previous
 * version is added here; old links and saved files keep opening because every document is
 * brought up to the current version, one step at a time, before it is read. Migrations never
 * throw: a step returns a MigrationError naming the field it could not convert.
 */

export interface MigrationError { field: string; value: unknown; accepted: string; message: string }

export type Migration = (doc: Record<string, unknown>) => Record<string, unknown> | MigrationError;

export interface MigrationChain {
  /** What the version field is called in the document. */
  field: string;
  /** The version this page reads. */
  current: number;
  /** `steps[n]` turns a version-n document into version n + 1. */
  steps: Readonly<Record<number, Migration>>;
  /** Names the document in messages ("link", "scenario"). */
  noun: string;
}

/** The share-link payload: `{ link, scenario, t }`. Version 1 is the first published format. */
export const LINK_CHAIN: MigrationChain = { field: 'link', current: 1, steps: {}, noun: 'share link' };

/** The scenario document: contract v1. */
export const SCENARIO_CHAIN: MigrationChain = { field: 'schemaVersion', current: 1, steps: {}, noun: 'scenario' };

const isError = (x: unknown): x is MigrationError =>
  typeof x === 'object' && x !== null && 'accepted' in x && 'message' in x && 'field' in x;

/**
 * Brings a document up to `chain.current`. A document without the version field, with a version
 * this page does not know, or from a newer page gets an error that says so.
 */
export function migrate(doc: Record<string, unknown>, chain: MigrationChain): { ok: true; doc: Record<string, unknown> } | { ok: false; error: MigrationError } {
  const v = doc[chain.field];
  const accepted = `a whole number from 1 to ${chain.current}`;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    return { ok: false, error: { field: chain.field, value: v, accepted, message: `This ${chain.noun} has no valid '${chain.field}' (found ${JSON.stringify(v) ?? 'nothing'}); expected ${accepted}.` } };
  }
  if (v > chain.current) {
    return { ok: false, error: { field: chain.field, value: v, accepted, message: `This ${chain.noun} was made by a newer version of ECS Lab (${chain.field} ${v}); this page reads up to ${chain.current}. Reload the page to get the latest version.` } };
  }
  let out = doc;
  for (let n = v; n < chain.current; n++) {
    const step = chain.steps[n];
    if (!step) {
      return { ok: false, error: { field: chain.field, value: n, accepted, message: `No migration from ${chain.noun} version ${n} to ${n + 1}.` } };
    }
    const next = step(out);
    if (isError(next)) return { ok: false, error: next };
    out = { ...next, [chain.field]: n + 1 };
  }
  return { ok: true, doc: out };
}
