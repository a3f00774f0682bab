/**
 * Fuzzing share links (src/app/share/): 10,000 links a run, valid and broken. A link made by the
 * page always opens to exactly what was shared; a damaged, edited, hand-made or random fragment
 * never throws and never hangs, and is either refused with a message (naming the field, the value
 * and what is accepted whenever the link could be unpacked) or opens a session that holds the
 * decoder's invariants and runs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import LZString from 'lz-string';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeLink, encodeLink, fnv1a, type DecodedLink, type LinkAction } from '../../src/app/share/link';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { Session } from '../../src/app/session';
import { ACTIONS } from '../../src/sim/commands';
import { module } from '../support/sim';
import { mutate, paths, type Json } from '../support/json-mutate';
import { LONG_PAYLOAD, MARKUP_PAYLOADS, PROTO_NAMES } from '../support/payloads';

const dir = join(import.meta.dirname, '../../lessons/scenarios');
const bases = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>);


/** Slowest single decode seen (ms): a link must never take long to read. */
let slowest = 0;
function decode(hash: string): DecodedLink {
  const t0 = performance.now();
  const r = decodeLink(hash);
  slowest = Math.max(slowest, performance.now() - t0);
  return r;
}

/** What a link means: the second, the scenario and the learner's log, as canonical JSON. */
const meaning = (r: Extract<DecodedLink, { ok: true }>) => JSON.stringify({ t: r.t, source: r.source, log: r.log });

/** The invariants of any link the decoder accepts. */
function acceptedHolds(r: Extract<DecodedLink, { ok: true }>): void {
  expect(Number.isInteger(r.t)).toBe(true);
  expect(r.t).toBeGreaterThanOrEqual(0);
  expect(parseScenarioObject(r.source).ok).toBe(true);
  if (r.log) {
    expect(Number.isInteger(r.log.applied)).toBe(true);
    expect(r.log.applied).toBeGreaterThanOrEqual(0);
    expect(r.log.applied).toBeLessThanOrEqual(r.log.actions.length);
    let last = 0;
    for (const a of r.log.actions) {
      expect(Number.isFinite(a.at)).toBe(true);
      expect(a.at).toBeGreaterThanOrEqual(last);
      last = a.at;
      expect(typeof a.action).toBe('string');
      expect(a.action.length).toBeGreaterThan(0);
      expect(a.request !== null && typeof a.request === 'object' && !Array.isArray(a.request)).toBe(true);
    }
  }
}

/** Every refusal explains itself: unpacked links name the field, the value and what is accepted. */
function refusalExplains(r: Extract<DecodedLink, { ok: false }>): void {
  const p = r.problem;
  expect(p.title.length).toBeGreaterThan(0);
  expect(p.message.length).toBeGreaterThan(0);
  if (p.title === 'This link is damaged') {
    // Could not be unpacked at all (not lz-string, not JSON, not an object): there is no field to name.
    expect(p.field).toBeUndefined();
    return;
  }
  expect(p.field, `${p.title}: ${p.message}`).toBeTruthy();
  expect(p.accepted, `${p.title}: ${p.message}`).toBeTruthy();
  expect(p.value).toBeDefined();
}

const actionNames = Object.keys(ACTIONS);
const requestArb = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) as fc.Arbitrary<Record<string, unknown>>;
const logArb: fc.Arbitrary<{ actions: LinkAction[]; applied: number }> = fc.array(
  // The page records only actions the lab models (hand-edited names are fuzzed below).
  fc.record({ dt: fc.nat(120), action: fc.constantFrom(...actionNames), request: requestArb }),
  { maxLength: 6 },
).chain((raw) => {
  let at = 0;
  const actions = raw.map((a) => ({ at: (at += a.dt), action: a.action, request: a.request }));
  return fc.nat(actions.length).map((applied) => ({ actions, applied }));
});
const docArb = fc.tuple(fc.nat(bases.length - 1), fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }))
  .map(([i, seed]) => (seed === undefined ? structuredClone(bases[i]!) : { ...structuredClone(bases[i]!), seed }));
const linkArb = fc.record({ doc: docArb, t: fc.oneof(fc.nat(3600), fc.double({ min: 0, max: 86_400, noNaN: true })), log: fc.option(logArb, { nil: undefined }) });

/** Characters lz-string's URI-safe output uses, and some it never does. */
const LZ_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const charArb = fc.oneof(fc.constantFrom(...LZ_CHARS), fc.constantFrom('%', '#', '=', ' ', '<', '"', '\u00e9', '\ud83d\ude00'));

function corrupt(packed: string, op: number, at: number, ch: string, len: number): string {
  const i = at % Math.max(1, packed.length);
  switch (op % 6) {
    case 0: return packed.slice(0, i);                                  // cut short
    case 1: return packed.slice(0, i) + ch + packed.slice(i + 1);       // one character changed
    case 2: return packed.slice(0, i) + ch + packed.slice(i);           // one inserted
    case 3: return packed.slice(0, i) + packed.slice(i + 1);            // one dropped
    case 4: return packed.slice(0, i) + packed.slice(i, i + len) + packed.slice(i); // a run doubled
    default: return packed.slice(0, i) + packed[i + 1] + packed[i] + packed.slice(i + 2); // two swapped
  }
}

const junkArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 0.5, 1e12, -1e-9, Number.MAX_SAFE_INTEGER, '', '0', 'NaN', 'Infinity', '<img src=x onerror=alert(1)>', [], {}),
  // Markup, script URLs, Object.prototype's names and very long strings: the payloads of test/support/payloads.ts.
  fc.constantFrom<Json>(...MARKUP_PAYLOADS, ...PROTO_NAMES, LONG_PAYLOAD),
  fc.string({ maxLength: 16 }), fc.integer(), fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

/** The check a link made by the page carries (link format 1): FNV-1a of the time, the scenario and the log. */
function checkOf(p: Record<string, unknown>): string {
  const tail = p.actions !== undefined ? `|${JSON.stringify(p.actions)}|${JSON.stringify(p.applied ?? null)}` : '';
  return fnv1a(`${p.t}|${JSON.stringify(p.scenario)}${tail}`);
}

const pack = (payload: unknown) => `#s=${LZString.compressToEncodedURIComponent(JSON.stringify(payload))}`;

describe('fuzzing share links', () => {
  const counts = { valid: 0, corrupted: 0, structured: 0, random: 0 };

  it('3,000 links made by the page open to exactly what was shared, and read back to the same link', () => {
    fc.assert(fc.property(linkArb, ({ doc, t, log }) => {
      counts.valid++;
      const hash = encodeLink(doc, t, log);
      const r = decode(hash);
      expect(r.ok, r.ok ? '' : `${r.problem.title}: ${r.problem.message}`).toBe(true);
      if (!r.ok) return;
      acceptedHolds(r);
      expect(r.t).toBe(Math.floor(t));
      // What a link carries is JSON: -0 comes back as 0.
      const asJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
      expect(r.source).toEqual(asJson(doc));
      expect(r.log).toEqual(log && log.actions.length ? asJson(log) : null);
      // A link is its own canonical form: what it opens to, shared again, is the same link.
      if (Number.isInteger(t)) expect(encodeLink(r.source, r.t, r.log ?? undefined)).toBe(hash);
    }), { numRuns: 3000 });
  });

  it('3,000 damaged links (cut short, a character changed, added, dropped, doubled or swapped) never open something else', () => {
    let refused = 0;
    fc.assert(fc.property(linkArb, fc.nat(), fc.nat(), charArb, fc.integer({ min: 1, max: 12 }), ({ doc, t, log }, op, at, ch, len) => {
      counts.corrupted++;
      const hash = encodeLink(doc, Math.floor(t), log);
      const original = decode(hash);
      if (!original.ok) throw new Error(original.problem.message);
      const broken = `#s=${corrupt(hash.slice(3), op, at, ch, len)}`;
      const r = decode(broken);
      if (!r.ok) { refused++; refusalExplains(r); return; }
      acceptedHolds(r);
      // Anything accepted must mean the same thing: the change hit lz-string's padding bits only.
      expect(meaning(r), 'a damaged link opened a different scenario').toBe(meaning(original));
    }), { numRuns: 3000 });
    expect(refused).toBeGreaterThan(2500);
  });

  it('2,000 hand-edited payloads (any field of the link, its log or its scenario): refused naming the field, or a session that runs', () => {
    let opened = 0;

    fc.assert(fc.property(linkArb, fc.nat(), fc.nat(), junkArb, fc.boolean(), ({ doc, t, log }, pick, op, junk, resign) => {
      counts.structured++;
      const payload: Record<string, unknown> = { link: 1, t: Math.floor(t) % 120, scenario: doc };
      if (log) { payload.actions = log.actions; payload.applied = log.applied; }
      const all = paths(payload as Json).filter((p) => p.length > 0);
      const edited = mutate(payload as Json, all[pick % all.length]!, op, junk);
      if (resign && edited && typeof edited === 'object' && !Array.isArray(edited)) (edited as Record<string, Json>).check = checkOf(edited as Record<string, unknown>);
      const r = decode(pack(edited));
      if (!r.ok) { refusalExplains(r); return; }
      acceptedHolds(r);
      // An accepted link opens a session that replays to its second and keeps running.
      const s = Session.open(r.scenario, r.source, module);
      if (!s.ok) {
        expect(s.error.field.length).toBeGreaterThan(0);
        expect(s.error.accepted.length).toBeGreaterThan(0);
        return;
      }
      opened++;
      const target = Math.min(r.t, 120);
      if (r.log) s.session.restore(r.log.actions, target, r.log.applied);
      else s.session.seek(target);
      for (let i = 0; i < 5; i++) s.session.step();
      expect(s.session.futureActions).toBeGreaterThanOrEqual(0);
      expect(s.session.futureActions).toBeLessThanOrEqual(r.log?.actions.length ?? 0);
      expect(r.log?.actions.every((a) => Object.prototype.hasOwnProperty.call(ACTIONS, a.action)) ?? true).toBe(true);
      expect(s.session.t).toBe(target + 5);
    }), { numRuns: 2000 });
    expect(opened).toBeGreaterThan(100);
  });

  it('2,000 random fragments (any text, any JSON packed as a link) are refused with a message', () => {
    const fragment = fc.oneof(
      fc.string({ maxLength: 200 }).map((s) => `#s=${s}`),
      fc.string({ unit: 'binary', maxLength: 120 }).map((s) => `#s=${encodeURIComponent(s)}`),
      fc.stringMatching(/^[A-Za-z0-9+\-$]{0,300}$/).map((s) => `#s=${s}`),
      (fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>).map(pack),
      fc.record({ link: junkArb, t: junkArb, scenario: junkArb }, { requiredKeys: [] }).map(pack),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(fc.property(fragment, (hash) => {
      counts.random++;
      const r = decode(hash);
      if (r.ok) { acceptedHolds(r); return; }
      refusalExplains(r);
    }), { numRuns: 2000 });
  });

  it('read 10,000 links in all, none of them slowly', () => {
    const total = counts.valid + counts.corrupted + counts.structured + counts.random;
    expect(total).toBeGreaterThanOrEqual(10_000);
    expect(slowest).toBeLessThan(1000);
  });
});
