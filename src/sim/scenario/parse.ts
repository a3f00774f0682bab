/**
 * Turning untrusted text into a Scenario: JSON syntax, then the schema, with one clear message
 * naming the field, the value and what is accepted. Never throws.
 */
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from './schema';
import { showValue } from './show-value';

export { showValue };

export interface ScenarioError {
  field: string;
  value: unknown;
  accepted: string;
  message: string;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; error: ScenarioError };

/** Renders a path like ["services", 0, "desiredCount"] as `services[0].desiredCount`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(document)';
}

function valueAt(doc: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = doc;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** Arrays and objects inside each other deeper than this are refused before anything walks them. */
export const MAX_NESTING = 100;

/**
 * The path to the first value nested deeper than MAX_NESTING, or null. Iterative, so that a
 * document thousands of levels deep gets a message instead of a stack overflow.
 */
export function tooDeep(doc: unknown): PropertyKey[] | null {
  const stack: { v: unknown; path: PropertyKey[] }[] = [{ v: doc, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_NESTING) return path;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return null;
}

function nestingError(path: PropertyKey[]): ScenarioError {
  const field = `${fieldPath(path.slice(0, 3))}${path.length > 3 ? '…' : ''}`;
  return {
    field, value: '(nested too deep to show)', accepted: `at most ${MAX_NESTING} levels of arrays and objects`,
    message: `Invalid scenario: '${field}' holds arrays or objects nested more than ${MAX_NESTING} levels deep; expected at most ${MAX_NESTING} levels.`,
  };
}

function accepted(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': return `a value of type ${issue.expected}`;
    case 'invalid_value': return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small': return `${issue.origin === 'array' ? 'a list with at least' : 'a value of at least'} ${String(issue.minimum)}${issue.origin === 'array' ? ' entries' : ''}`;
    case 'too_big': return `${issue.origin === 'array' ? 'a list with at most' : 'a value of at most'} ${String(issue.maximum)}${issue.origin === 'array' ? ' entries' : ''}`;
    case 'invalid_union': return 'a string such as "512" or a number';
    case 'invalid_format': return `a ${issue.format}`;
    case 'not_multiple_of': return `a multiple of ${String(issue.divisor)}`;
    default: return issue.message;
  }
}

/** Converts the first schema issue into a ScenarioError. */
export function schemaError(doc: unknown, error: z.ZodError): ScenarioError {
  const issue = error.issues[0]!;
  const field = fieldPath(issue.path);
  const value = valueAt(doc, issue.path);
  const overflow = typeof value === 'number' && !Number.isFinite(value);
  const acc = issue.code === 'invalid_type' && issue.expected === 'number' && issue.message.includes('int')
    ? 'a whole number' : overflow && issue.code === 'invalid_type' ? 'a number JSON can hold (below about 1.8e308)' : accepted(issue);
  return {
    field, value, accepted: acc,
    message: `Invalid scenario: '${field}' is ${showValue(value)}; expected ${acc}.`,
  };
}

/** Validates an already-parsed JSON value against the scenario contract. */
export function parseScenarioObject(doc: unknown): ParseResult {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { ok: false, error: { field: '(document)', value: doc, accepted: 'a JSON object', message: `Invalid scenario: the document is ${showValue(doc)}; expected a JSON object with schemaVersion, cluster and the rest of the scenario format.` } };
  }
  const deep = tooDeep(doc);
  if (deep) return { ok: false, error: nestingError(deep) };
  const r = scenarioSchema.safeParse(doc);
  if (!r.success) return { ok: false, error: schemaError(doc, r.error) };
  return { ok: true, scenario: r.data };
}

/** Parses scenario JSON text. */
export function parseScenarioText(text: string): ParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { field: '(document)', value: text.slice(0, 40), accepted: 'valid JSON', message: `Invalid scenario: not valid JSON (${detail}).` } };
  }
  return parseScenarioObject(doc);
}
