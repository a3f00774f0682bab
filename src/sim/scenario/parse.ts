/**
 * Turning untrusted text into a Scenario: JSON syntax, then the schema, with one clear message
 * naming the field, the value and what is accepted. Never throws.
 */
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from './schema';

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

export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
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
  const acc = issue.code === 'invalid_type' && issue.expected === 'number' && issue.message.includes('int')
    ? 'a whole number' : accepted(issue);
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
