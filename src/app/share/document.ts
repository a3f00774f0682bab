/**
 * Opening a scenario document from untrusted text or data (an imported file, a share link, the
 * picker): migrate it to the current schema version, then validate it against the contract. Never
 * throws; every failure becomes a Problem naming the field, the value and what is accepted.
 */
import { parseScenarioObject, parseScenarioText, showValue } from '../../sim/scenario/parse';
import type { Scenario } from '../../sim/scenario/schema';
import type { Problem } from '../../state/stores';
import { migrate, SCENARIO_CHAIN } from './migrations';
import { checkDocument, checkScale, checkTextSize } from './limits';

export type OpenedScenario = { ok: true; scenario: Scenario; source: Record<string, unknown> } | { ok: false; problem: Problem };

export function problemOf(title: string, e: { message: string; field?: string; value?: unknown; accepted?: string }): Problem {
  const p: Problem = { title, message: e.message };
  if (e.field !== undefined) p.field = e.field;
  if (e.value !== undefined || e.field !== undefined) p.value = showValue(e.value);
  if (e.accepted !== undefined) p.accepted = e.accepted;
  return p;
}

/** Opens an already-parsed JSON value as a scenario. */
export function openScenarioObject(doc: unknown, title = 'This scenario cannot be opened'): OpenedScenario {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    const r = parseScenarioObject(doc);
    return { ok: false, problem: problemOf(title, r.ok ? { message: 'Not a scenario.' } : r.error) };
  }
  const limit = checkDocument(doc, 'scenario') ?? checkScale(doc as Record<string, unknown>);
  if (limit) return { ok: false, problem: problemOf(title, limit) };
  const m = migrate(doc as Record<string, unknown>, SCENARIO_CHAIN);
  if (!m.ok) return { ok: false, problem: problemOf(title, m.error) };
  const r = parseScenarioObject(m.doc);
  if (!r.ok) return { ok: false, problem: problemOf(title, r.error) };
  return { ok: true, scenario: r.scenario, source: m.doc };
}

/** Opens scenario JSON text (an imported file). */
export function openScenarioText(text: string, title = 'This scenario file cannot be opened'): OpenedScenario {
  const size = checkTextSize(text.length, 'scenario file');
  if (size) return { ok: false, problem: problemOf(title, size) };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const r = parseScenarioText(text);
    return { ok: false, problem: problemOf(title, r.ok ? { message: 'Not valid JSON.' } : r.error) };
  }
  return openScenarioObject(doc, title);
}

/**
 * A document as pretty JSON for a file. A value nested past the limit (a request typed into the
 * console, say) cannot be written: the error says where, instead of a bare RangeError.
 */
export function documentText(doc: Record<string, unknown>): string {
  const limit = checkDocument(doc, 'session');
  if (limit) throw new Error(`${limit.message} Remove or shorten it (with Fork from an earlier second), then export again.`);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
