import { describe, expect, it } from 'vitest';
import LZString from 'lz-string';
import { decodeLink, encodeLink, fnv1a, linkPayload } from '../../src/app/share/link';
import { LINK_CHAIN, SCENARIO_CHAIN, migrate, type MigrationChain } from '../../src/app/share/migrations';
import { openScenarioObject, openScenarioText } from '../../src/app/share/document';
import firstCluster from '../../lessons/scenarios/first-cluster.json';

/**
 * A link made by link format 1 (the first published). It must keep opening, whatever changes
 * later: when a format changes, add a migration, never edit this string.
 */
const LINK_V1 = '#s=N4IgNglgdg1iBcBGANCALgxAmADKgzgMYCmUAhgE4QD2CoRAFsQLZkBqxF+NUmq5zYghABxamAAmpAASRYIAsWISEAZlQSArhTJoeAZWKFqUCfjU48IQmE340nOtdv3OAOTKDhAc3ErUZABuZBBgZABGoRBoAJ4AWibE5vAA2iB2ALTEZPYZiGQK6fhZOWh54SAAuqjGUGghUJwAklD2ZFAkySmg0G0dxAAqMQAOQvAgzACsAHRhFN5CAcGhEVGxCY3Cmdm5+YXGmnWYAL7IPa31-UOjwlOzlAuFQSFhkZDriVvFO2WIFTXUQ4YJDHSqndA5GAAEWIADNoNEeF1QLDPKEYsIyMMIPthpphFhJgA2QqCZjUCgY8aTbCFRpoADuFJgAFlqFJhOEqBJHqgKMQAI6aCD8-AAYWozGGuggb0RSQQaQAomKsFUAXUGpwYfCoIiTMiQAIxiAsTjUBBWI9xmakIUkvhSHoyGAEGgKJpiKDQYoKIEIJ1FfROP6SB4vDbsYV6vhoXCEXoTJioxokiLlBKgQgsKgwodCAxriaVWqfabCInWkHTcCiShy5XhABVYYSXTEQx+gOLED8oVJYHBrskZPmkBSbj8iSZo7wAAsx29NSYhDg4wA7LgiXPYUSAJwgY5AA';

const doc = () => structuredClone(firstCluster) as Record<string, unknown>;

describe('share links', () => {
  it('round-trips a session document and its second', () => {
    const d = { ...doc(), actions: [{ at: 31, action: 'UpdateService', request: { service: 'web', desiredCount: 9 } }] };
    const hash = encodeLink(d, 95);
    expect(hash.startsWith('#s=')).toBe(true);
    expect(hash.length).toBeLessThan(2000);
    const r = decodeLink(hash);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.t).toBe(95);
    expect(r.source).toEqual(d);
    expect(r.scenario.actions[0]!.request).toEqual({ service: 'web', desiredCount: 9 });
  });

  it('carries the learner\'s action log apart from the scenario, with how much of it is in effect', () => {
    const actions = [
      { at: 31, action: 'UpdateService', request: { service: 'web', desiredCount: 9 } },
      { at: 200, action: 'UpdateService', request: { service: 'web', desiredCount: 2 } },
    ];
    const r = decodeLink(encodeLink(doc(), 95, { actions, applied: 1 }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.log).toEqual({ actions, applied: 1 });
    expect(r.source).toEqual(doc());
    // A log out of time order, or an applied count beyond it, is named.
    const unordered = decodeLink(encodeLink(doc(), 95, { actions: [actions[1]!, actions[0]!], applied: 0 }));
    expect(unordered.ok).toBe(false);
    if (!unordered.ok) expect(unordered.problem.field).toBe('actions[1].at');
    const tooMany = decodeLink(encodeLink(doc(), 95, { actions, applied: 3 }));
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.problem.field).toBe('applied');
  });

  it('keeps opening a link made by link format 1', () => {
    const r = decodeLink(LINK_V1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.t).toBe(120);
    expect(r.scenario.name).toBe('Golden link');
    expect(r.scenario.seed).toBe(3);
    expect(r.scenario.services[0]!.serviceName).toBe('api');
    expect(r.scenario.actions).toEqual([{ at: 61, action: 'UpdateService', request: { service: 'api', desiredCount: 4 } }]);
    expect(r.log).toBeNull();
  });

  it('says a truncated link is damaged instead of half-opening it', () => {
    for (const cut of [0.25, 0.5, 0.9]) {
      const r = decodeLink(LINK_V1.slice(0, Math.floor(LINK_V1.length * cut)));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem.title).toMatch(/damaged|changed/);
    }
  });

  it('catches a link edited after it was made (the check does not match)', () => {
    const payload = JSON.parse(LZString.decompressFromEncodedURIComponent(linkPayload(LINK_V1)!)) as Record<string, unknown>;
    (payload.scenario as { seed: number }).seed = 4;
    const r = decodeLink(`#s=${LZString.compressToEncodedURIComponent(JSON.stringify(payload))}`);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.title).toBe('This link was changed');
      expect(r.problem.field).toBe('check');
    }
    // The action log is covered by the check too.
    const withLog = JSON.parse(LZString.decompressFromEncodedURIComponent(linkPayload(encodeLink(doc(), 50, { actions: [{ at: 11, action: 'UpdateService', request: { service: 'web', desiredCount: 9 } }], applied: 1 }))!)) as { actions: { request: { desiredCount: number } }[] };
    withLog.actions[0]!.request.desiredCount = 90;
    const r2 = decodeLink(`#s=${LZString.compressToEncodedURIComponent(JSON.stringify(withLog))}`);
    expect(r2.ok).toBe(false);
  });

  it('opens a hand-made link without a check, and names the field of a bad scenario', () => {
    const ok = decodeLink(`#s=${LZString.compressToEncodedURIComponent(JSON.stringify({ link: 1, t: 5, scenario: doc() }))}`);
    expect(ok.ok).toBe(true);
    const bad = { ...doc(), services: [{ serviceName: 'web', taskDefinition: 'web', desiredCount: 'six' }] };
    const r = decodeLink(`#s=${LZString.compressToEncodedURIComponent(JSON.stringify({ link: 1, t: 5, scenario: bad }))}`);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.field).toBe('services[0].desiredCount');
      expect(r.problem.value).toBe('"six"');
      expect(r.problem.accepted).toMatch(/number/);
    }
  });

  it('turns garbage, an empty payload and a newer format into clear problems', () => {
    for (const h of ['#s=', '#s=%%%%', '#s=hello-world', `#s=${LZString.compressToEncodedURIComponent('[1,2]')}`]) {
      const r = decodeLink(h);
      expect(r.ok).toBe(false);
    }
    const newer = decodeLink(`#s=${LZString.compressToEncodedURIComponent(JSON.stringify({ link: 99, t: 0, scenario: doc() }))}`);
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(newer.problem.message).toMatch(/newer version of ECS Lab/);
    const negative = decodeLink(`#s=${LZString.compressToEncodedURIComponent(JSON.stringify({ link: 1, t: -3, scenario: doc() }))}`);
    expect(negative.ok).toBe(false);
    if (!negative.ok) expect(negative.problem.field).toBe('t');
  });

  it('is not a share link unless the fragment says so', () => {
    expect(linkPayload('#panel')).toBeNull();
    expect(linkPayload('')).toBeNull();
    expect(linkPayload('#s=abc')).toBe('abc');
  });

  it('hashes stably (FNV-1a)', () => {
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
  });
});

describe('migrations', () => {
  const chain: MigrationChain = {
    field: 'v', current: 3, noun: 'test document',
    steps: {
      1: (d) => ({ ...d, renamed: d.old, old: undefined }),
      2: (d) => (typeof d.renamed === 'number' ? { ...d, doubled: d.renamed * 2 } : { field: 'renamed', value: d.renamed, accepted: 'a number', message: 'renamed must be a number' }),
    },
  };

  it('brings an old document up one version at a time', () => {
    const r = migrate({ v: 1, old: 21 }, chain);
    expect(r).toEqual({ ok: true, doc: { v: 3, renamed: 21, old: undefined, doubled: 42 } });
  });

  it('reports a step that cannot convert, a missing version and a newer one', () => {
    const bad = migrate({ v: 1, old: 'x' }, chain);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('renamed');
    const missing = migrate({}, chain);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.field).toBe('v');
    const newer = migrate({ v: 4 }, chain);
    expect(newer.ok).toBe(false);
  });

  it('the current chains read their own version', () => {
    expect(migrate({ link: LINK_CHAIN.current }, LINK_CHAIN).ok).toBe(true);
    expect(migrate({ schemaVersion: SCENARIO_CHAIN.current }, SCENARIO_CHAIN).ok).toBe(true);
  });
});

describe('opening scenario documents', () => {
  it('opens the bundled scenario and rejects broken text with the field named', () => {
    expect(openScenarioObject(doc()).ok).toBe(true);
    const notJson = openScenarioText('{"schemaVersion": 1,');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.problem.message).toMatch(/not valid JSON/);
    const noCluster = openScenarioText('{"schemaVersion": 1}');
    expect(noCluster.ok).toBe(false);
    if (!noCluster.ok) expect(noCluster.problem.field).toBe('cluster');
    const array = openScenarioObject([1]);
    expect(array.ok).toBe(false);
  });
});
