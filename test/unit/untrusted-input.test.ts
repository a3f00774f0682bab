/**
 * Untrusted input refused or bounded before any work is done on it: progress files (their resume
 * actions are API calls checked exactly as a share link's), share links and scenario files past
 * the stated limits, deep nesting, and kept copies of progress that are never lost.
 */
import { describe, expect, it } from 'vitest';
import LZString from 'lz-string';
import { LESSONS } from '../../lessons/index';
import { PROGRESS_KIND, emptyLessonProgress, emptyProgress, parseProgress, progressText, type ProgressDoc } from '../../src/ui/lessons/progress';
import { KEPT_KEY, ProgressStore, STORAGE_KEY, type StorageLike } from '../../src/ui/lessons/storage';
import { decodeLink, encodeLink, fnv1a } from '../../src/app/share/link';
import { documentText, openScenarioText } from '../../src/app/share/document';
import { LIMITS, checkShareable } from '../../src/app/share/limits';
import firstCluster from '../../lessons/scenarios/first-cluster.json';

const placement = LESSONS.find((l) => l.id === 'placement')!;

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v); }, removeItem: (k) => { data.delete(k); } };
}

function progressWith(resume: unknown): string {
  return JSON.stringify({ kind: PROGRESS_KIND, version: 1, current: placement.id, lessons: { [placement.id]: { ...emptyLessonProgress(), resume } } });
}

function deep(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { x: v };
  return v;
}

/** A link payload as encodeLink writes it, for any content (the check made to match). */
function rawLink(payload: Record<string, unknown>): string {
  const tail = payload.actions !== undefined ? `|${JSON.stringify(payload.actions)}|${JSON.stringify(payload.applied ?? null)}` : '';
  const check = fnv1a(`${payload.t}|${JSON.stringify(payload.scenario)}${tail}`);
  return `#s=${LZString.compressToEncodedURIComponent(JSON.stringify({ link: 1, ...payload, check }))}`;
}

describe('progress files: resume actions are untrusted API calls', () => {
  it('caps resume.t as share links are (one simulated day): 1e9 is dropped with a note, not replayed', () => {
    const r = parseProgress(progressWith({ t: 1e9, stepStart: 0, actions: [] }), LESSONS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.lessons[placement.id]!.resume).toBeNull();
    expect(r.notes.join(' ')).toMatch(/86,?400/);
  });

  it('checks each action as a share link\'s: a known action, in time order, a request object', () => {
    for (const bad of [
      [{ at: 5, action: 'DeleteEverything', request: {} }],
      [{ at: 9, action: 'RunTask', request: { taskDefinition: 'batch' } }, { at: 3, action: 'RunTask', request: { taskDefinition: 'batch' } }],
      [{ at: Infinity, action: 'RunTask', request: {} }],
    ]) {
      const r = parseProgress(progressWith({ t: 100, stepStart: 50, actions: bad }), LESSONS);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.doc.lessons[placement.id]!.resume).toBeNull();
      expect(r.lossy).toBe(true);
      expect(r.notes.join(' ')).toMatch(/actions\[\d\]/);
    }
  });

  it('refuses deep nesting in a request with a message, instead of failing without a word later', () => {
    const text = progressWith({ t: 100, stepStart: 50, actions: [{ at: 3, action: 'RunTask', request: { taskDefinition: 'batch', tags: 'DEEP' } }] })
      .replace('"DEEP"', `${'{"x":'.repeat(5000)}1${'}'.repeat(5000)}`);
    const r = parseProgress(text, LESSONS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.lessons[placement.id]!.resume).toBeNull();
    expect(r.notes.join(' ')).toMatch(/nested/);
    expect(() => progressText(r.doc)).not.toThrow();
  });

  it('refuses a progress file past the size limit before parsing it', () => {
    const r = parseProgress(' '.repeat(LIMITS.fileBytes + 1), LESSONS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(/larger than/);
  });
});

describe('kept copies of progress are never lost', () => {
  it('a second unreadable copy does not overwrite a readable kept copy, and the message says what was kept', () => {
    const storage = memoryStorage();
    const store = new ProgressStore(storage, LESSONS);
    store.load();
    const mine: ProgressDoc = emptyProgress();
    mine.lessons[placement.id] = { ...emptyLessonProgress(), completed: [placement.steps[0]!.id] };
    store.doc = mine;
    store.save();
    const other = emptyProgress();
    other.lessons[placement.id] = emptyLessonProgress();
    expect(store.importText(progressText(other), 'theirs.json').ok).toBe(true);
    expect(store.kept.map((k) => k.readable)).toEqual([true]);
    // The saved copy is damaged; the next page finds it unreadable.
    storage.data.set(STORAGE_KEY, '{"kind":"ecs-lab-lesson-progress","lessons":{');
    const next = new ProgressStore(storage, LESSONS);
    const messages = next.load();
    expect(next.kept.map((k) => k.readable)).toEqual([true, false]);
    expect(JSON.parse(next.kept[0]!.text).lessons[placement.id].completed).toEqual([placement.steps[0]!.id]);
    expect(messages.join(' ')).toMatch(/kept .*2 kept copies/);
    expect(JSON.parse(storage.data.get(KEPT_KEY)!)).toHaveLength(2);
  });

  it('reads a kept copy saved in the first format (one object) as a list of one', () => {
    const storage = memoryStorage({ [KEPT_KEY]: JSON.stringify({ reason: 'old', text: '{}' }) });
    const store = new ProgressStore(storage, LESSONS);
    store.load();
    expect(store.kept).toEqual([{ reason: 'old', text: '{}', readable: false }]);
  });
});

describe('limits, checked before any work is done', () => {
  const base = () => structuredClone(firstCluster) as Record<string, unknown>;

  it('a short link to a million tasks is refused at once, naming the limit', () => {
    const scenario = base();
    scenario.services = Array.from({ length: 200 }, (_, i) => ({ serviceName: `s${i}`, taskDefinition: 'web', desiredCount: 5000, launchType: 'EC2' }));
    const hash = rawLink({ t: 10, scenario });
    expect(hash.length).toBeLessThan(6000);
    const started = performance.now();
    const r = decodeLink(hash);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(`${r.problem.message} ${r.problem.accepted}`).toMatch(/100,000 tasks/);
  });

  it('refuses too many services, instances, and names past the length limit', () => {
    const many = base();
    many.services = Array.from({ length: LIMITS.services + 1 }, (_, i) => ({ serviceName: `s${i}`, taskDefinition: 'web', desiredCount: 0 }));
    expect(decodeLink(rawLink({ t: 0, scenario: many })).ok).toBe(false);
    const inst = base();
    inst.actions = [{ at: 1, action: 'RegisterContainerInstance', request: { instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 5000 } },
      { at: 2, action: 'RegisterContainerInstance', request: { instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 5000 } }];
    const ri = decodeLink(rawLink({ t: 0, scenario: inst }));
    expect(ri.ok).toBe(false);
    if (!ri.ok) expect(ri.problem.message).toMatch(/instances/);
    const long = base();
    (long.cluster as { clusterName: string }).clusterName = 'c'.repeat(LIMITS.nameChars + 1);
    const rl = openScenarioText(JSON.stringify(long));
    expect(rl.ok).toBe(false);
    if (!rl.ok) expect(rl.problem.field).toBe('cluster.clusterName');
  });

  it('refuses a link longer than the link limit, and a file deeper than the nesting limit, with a message', () => {
    const r = decodeLink(`#s=${'A'.repeat(LIMITS.linkChars + 1)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toMatch(/characters/);
    const d = base();
    const text = `{"schemaVersion":1,"cluster":${JSON.stringify(d.cluster)},"extra":${'{"x":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const o = openScenarioText(text);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.problem.message).toMatch(/nested/);
  });

  it('Share offers a link only when it opens: past one simulated day, or past the link size, it says so', () => {
    expect(checkShareable('#s=abc', 86_401)).toMatch(/one simulated day/);
    expect(checkShareable(`#s=${'A'.repeat(LIMITS.linkChars + 1)}`, 10)).toMatch(/Export/);
    expect(checkShareable(encodeLink(base(), 100), 100)).toBeNull();
  });

  it('Export of a session holding deep nesting says why instead of throwing a bare RangeError', () => {
    const d = base();
    let v: Record<string, unknown> = {};
    d.actions = [{ at: 1, action: 'RunTask', request: { taskDefinition: 'web', tags: v } }];
    for (let i = 0; i < 20_000; i++) { const next = {}; v.x = next; v = next; }
    expect(() => documentText(d)).toThrow(/nested more than 32 levels/);
    expect(documentText(base())).toBe(`${JSON.stringify(base(), null, 2)}\n`);
  });
});
