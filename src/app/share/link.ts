/**
 * Share links: the whole session as compressed JSON in the URL's fragment (`#s=…`): the starting
 * scenario (with its seed), the learner's action log and the second it was shared at. The
 * fragment never reaches a server, and a static host serves it as is.
 *
 * Payload (link format 1): `{ link: 1, t, scenario, actions?, applied?, check }`. `actions` is the
 * learner's log (`{ at, action, request }`, kept apart from the scenario's own actions so the
 * receiver can rewind and fork exactly as the sender could); `applied` is how many of them were
 * in effect at `t`. `check` is an FNV-1a hash of the rest, so a link changed by hand or cut short
 * says so instead of half-opening. Old links keep opening: the payload and the scenario both go
 * through their migrations first.
 *
 * @example
 * const hash = encodeLink(session.source, session.t, { actions: session.actions, applied });
 * const r = decodeLink(hash); // { ok: true, scenario, source, t, actions, applied }
 */
import { ACTIONS } from '../../sim/commands';
import LZString from 'lz-string';
import type { Scenario } from '../../sim/scenario/schema';
import type { Problem } from '../../state/stores';
import { LINK_CHAIN, migrate } from './migrations';
import { openScenarioObject, problemOf } from './document';
import { LIMITS, checkDocument, checkScale, checkTextSize, type LimitError } from './limits';

export const LINK_PARAM = 's';

export interface LinkAction { at: number; action: string; request: Record<string, unknown> }

export interface LinkLog { actions: LinkAction[]; applied: number }

export type DecodedLink =
  | { ok: true; scenario: Scenario; source: Record<string, unknown>; t: number; log: LinkLog | null }
  | { ok: false; problem: Problem };

/** FNV-1a over UTF-16 code units, as 8 hex digits. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function checkOf(t: unknown, scenario: unknown, log?: { actions?: unknown; applied?: unknown }): string {
  const tail = log && log.actions !== undefined ? `|${JSON.stringify(log.actions)}|${JSON.stringify(log.applied ?? null)}` : '';
  return fnv1a(`${t}|${JSON.stringify(scenario)}${tail}`);
}

/** The URL fragment for a scenario document at second `t`, with the learner's action log if any. */
export function encodeLink(scenario: Record<string, unknown>, t: number, log?: LinkLog): string {
  const payload = log && log.actions.length
    ? { link: LINK_CHAIN.current, t, scenario, actions: log.actions, applied: log.applied, check: checkOf(t, scenario, log) }
    : { link: LINK_CHAIN.current, t, scenario, check: checkOf(t, scenario) };
  return `#${LINK_PARAM}=${LZString.compressToEncodedURIComponent(JSON.stringify(payload))}`;
}

/** Keys a link payload may carry. */
const LINK_KEYS: ReadonlySet<string> = new Set(['link', 't', 'scenario', 'actions', 'applied', 'check']);
/** A link opens by replaying every second up to `t`: at most one simulated day. */
export const MAX_LINK_SECONDS = LIMITS.seconds;

/**
 * Validates a learner's action log: a share link's, and a lesson progress file's resume actions
 * (the same untrusted API calls, so the same checks and limits). The error names the entry and field.
 */
export function readActionLog(actions: unknown, applied: unknown, what = 'link'): LinkLog | LimitError {
  const bad = (field: string, value: unknown, accepted: string): LimitError => ({
    field, value, accepted, message: `The ${what}'s action log has an invalid '${field}'; expected ${accepted}.`,
  });
  if (!Array.isArray(actions)) return bad('actions', actions, 'a list of { at, action, request }');
  if (actions.length > LIMITS.actions) return bad('actions', `${actions.length} actions`, `at most ${LIMITS.actions.toLocaleString('en-US')} actions`);
  const out: LinkAction[] = [];
  let last = 0;
  for (const [i, a] of actions.entries()) {
    if (a === null || typeof a !== 'object' || Array.isArray(a)) return bad(`actions[${i}]`, a, 'an object { at, action, request }');
    const { at, action, request } = a as Record<string, unknown>;
    if (typeof at !== 'number' || !Number.isFinite(at) || at < last) return bad(`actions[${i}].at`, at, `a number of seconds, at least ${last} (the log is in time order)`);
    if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(ACTIONS, action)) return bad(`actions[${i}].action`, action, `one of the actions the lab models: ${Object.keys(ACTIONS).join(', ')}`);
    if (request === null || typeof request !== 'object' || Array.isArray(request)) return bad(`actions[${i}].request`, request, 'an object with the request fields');
    const limit = checkDocument(request, `${what}'s action log`);
    if (limit) return { ...limit, field: `actions[${i}].request${limit.field === '(document)' ? '' : `.${limit.field}`}` };
    out.push({ at, action, request: request as Record<string, unknown> });
    last = at;
  }
  const n = applied ?? out.length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > out.length) return bad('applied', applied, `a whole number from 0 to ${out.length}`);
  return { actions: out, applied: n };
}

/** The packed payload in a fragment, or null when the fragment is not a share link. */
export function linkPayload(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const prefix = `${LINK_PARAM}=`;
  return h.startsWith(prefix) ? h.slice(prefix.length) : null;
}

const DAMAGED: Problem = {
  title: 'This link is damaged',
  message: 'The scenario in this link could not be unpacked. The link may have been cut short or changed when it was copied. Ask for the link again, or open the default scenario.',
};

/** Reads a share link's fragment. Never throws: a damaged or tampered link gets a Problem. */
export function decodeLink(hash: string): DecodedLink {
  const packed = linkPayload(hash);
  if (packed === null || packed === '') return { ok: false, problem: { ...DAMAGED, message: 'This link carries no scenario.' } };
  const tooLong = checkTextSize(packed.length, 'link', LIMITS.linkChars, 'characters');
  if (tooLong) return { ok: false, problem: problemOf('This link cannot be opened', tooLong) };
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(packed);
  } catch {
    text = null;
  }
  if (!text) return { ok: false, problem: DAMAGED };
  const tooBig = checkTextSize(text.length, 'link\'s unpacked scenario', LIMITS.fileBytes, 'characters');
  if (tooBig) return { ok: false, problem: problemOf('This link cannot be opened', tooBig) };
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return { ok: false, problem: DAMAGED };
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return { ok: false, problem: DAMAGED };
  const shape = checkDocument(payload, 'link');
  if (shape) return { ok: false, problem: problemOf('This link cannot be opened', shape) };
  const m = migrate(payload as Record<string, unknown>, LINK_CHAIN);
  if (!m.ok) return { ok: false, problem: problemOf('This link cannot be opened', m.error) };
  const doc = m.doc;
  // A link is exactly what encodeLink writes: an unknown key (a damaged "check", say) is refused.
  const unknown = Object.keys(doc).find((k) => !LINK_KEYS.has(k));
  if (unknown !== undefined) {
    return { ok: false, problem: problemOf('This link cannot be opened', { field: unknown, value: doc[unknown], accepted: `only the fields ${[...LINK_KEYS].join(', ')}`, message: `The link has an unknown field '${unknown}': it was edited or damaged after it was made.` }) };
  }
  if ('check' in doc && doc.check !== checkOf(doc.t, doc.scenario, doc as { actions?: unknown; applied?: unknown })) {
    return { ok: false, problem: {
      title: 'This link was changed',
      message: 'The scenario in this link does not match the check it was shared with: it was edited or damaged after it was made. Ask for the link again, or open the default scenario.',
      field: 'check', value: JSON.stringify(doc.check), accepted: "the check computed from the link's own time and scenario",
    } };
  }
  const t = doc.t ?? 0;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > MAX_LINK_SECONDS) {
    return { ok: false, problem: problemOf('This link cannot be opened', { field: 't', value: t, accepted: `a number of simulated seconds from 0 to ${MAX_LINK_SECONDS} (one day)`, message: `The link's time 't' is ${JSON.stringify(t) ?? 'missing'}; expected a number of seconds from 0 to ${MAX_LINK_SECONDS}.` }) };
  }
  let log: LinkLog | null = null;
  if (doc.actions !== undefined) {
    const r = readActionLog(doc.actions, doc.applied);
    if ('message' in r) return { ok: false, problem: problemOf('This link cannot be opened', r) };
    log = r;
  }
  if (doc.scenario !== null && typeof doc.scenario === 'object' && !Array.isArray(doc.scenario)) {
    const scale = checkScale(doc.scenario as Record<string, unknown>, log?.actions ?? []);
    if (scale) return { ok: false, problem: problemOf('This link cannot be opened', scale) };
  }
  const opened = openScenarioObject(doc.scenario, 'The scenario in this link cannot be opened');
  if (!opened.ok) return opened;
  return { ok: true, scenario: opened.scenario, source: opened.source, t: Math.floor(t), log };
}
