/**
 * Lesson progress: the versioned document, reading untrusted copies (a file, an older or newer
 * page, a copy made stale by a lesson revision), and the localStorage store that keeps what it
 * cannot use and never drops anything silently.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../lessons/index';
import { PROGRESS_KIND, emptyLessonProgress, emptyProgress, parseProgress, progressText, readProgress, type ProgressDoc } from '../../src/ui/lessons/progress';
import { KEPT_KEY, ProgressStore, STORAGE_KEY, type StorageLike } from '../../src/ui/lessons/storage';

const first = LESSONS[0]!;

function memoryStorage(initial: Record<string, string> = {}, opts: { failWrites?: boolean } = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => { if (opts.failWrites) throw new Error('QuotaExceededError'); data.set(k, v); },
    removeItem: (k) => { data.delete(k); },
  };
}

function docWith(progress: Partial<ReturnType<typeof emptyLessonProgress>>): ProgressDoc {
  const d = emptyProgress();
  d.current = first.id;
  d.lessons[first.id] = { ...emptyLessonProgress(), ...progress };
  return d;
}

describe('readProgress', () => {
  it('reads back what it wrote, with nothing lost', () => {
    const q = first.steps.flatMap((s) => s.questions ?? [])[0]!;
    const doc = docWith({ stepIndex: 1, completed: [first.steps[0]!.id], answers: { [q.id]: q.choices[0]!.id }, hints: { [first.steps[0]!.id]: 1 },
      resume: { t: 300, stepStart: 250, actions: [{ at: 12, action: 'RunTask', request: { taskDefinition: 'web:1' } }] } });
    const r = parseProgress(progressText(doc), LESSONS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.lossy).toBe(false);
    expect(r.notes).toEqual([]);
    expect(r.doc).toEqual(doc);
  });

  it('refuses what is not a progress file, naming what it found', () => {
    expect(readProgress([], LESSONS)).toEqual({ ok: false, message: 'This is not a lesson progress file: expected a JSON object.' });
    const r = readProgress({ schemaVersion: 1, cluster: {} }, LESSONS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`expected "${PROGRESS_KIND}"`);
  });

  it('refuses a copy from a newer page instead of guessing', () => {
    const r = readProgress({ ...emptyProgress(), version: 99 }, LESSONS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/newer version of ECS Lab/);
  });

  it('reports invalid JSON with the parser message', () => {
    const r = parseProgress('{"kind": ', LESSONS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^The progress is not valid JSON/);
  });

  it('recovers a copy made stale by a lesson revision and lists every loss', () => {
    const r = readProgress({
      kind: PROGRESS_KIND, version: 1, current: 'gone',
      lessons: {
        [first.id]: { stepIndex: 99, completed: [first.steps[0]!.id, 'removed-step'], answers: { 'no-such-question': 'a' }, hints: { 'removed-step': 2 }, finished: true, resume: { t: 'soon' } },
        'removed-lesson': { stepIndex: 0 },
      },
    }, LESSONS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.lossy).toBe(true);
    const p = r.doc.lessons[first.id]!;
    expect(p.completed).toEqual([first.steps[0]!.id]);
    expect(p.stepIndex).toBe(first.steps.length - 1);
    expect(p.answers).toEqual({});
    expect(p.finished).toBe(false);
    expect(p.resume).toBeNull();
    expect(r.doc.current).toBeNull();
    expect(r.doc.lessons['removed-lesson']).toBeUndefined();
    const notes = r.notes.join('\n');
    for (const lost of ['removed-step', 'no-such-question', 'removed-lesson', 'past the lesson', 'marked unfinished', 'could not be read']) expect(notes).toContain(lost);
  });

  it('keeps only choices that exist for the question they answer', () => {
    const q = first.steps.flatMap((s) => s.questions ?? [])[0]!;
    const r = readProgress({ kind: PROGRESS_KIND, version: 1, lessons: { [first.id]: { answers: { [q.id]: 'zz' } } } }, LESSONS);
    expect(r.ok && r.doc.lessons[first.id]!.answers).toEqual({});
    expect(r.ok && r.lossy).toBe(true);
  });
});

describe('ProgressStore', () => {
  it('starts empty without a message when nothing is saved, then saves under the versioned key', () => {
    const storage = memoryStorage();
    const store = new ProgressStore(storage, LESSONS);
    expect(store.load()).toEqual([]);
    store.doc = docWith({ completed: [first.steps[0]!.id] });
    expect(store.save()).toBeNull();
    expect(STORAGE_KEY).toBe('ecs-lab.lessons.progress.v1');
    const again = new ProgressStore(storage, LESSONS);
    again.load();
    expect(again.doc.lessons[first.id]!.completed).toEqual([first.steps[0]!.id]);
  });

  it('keeps an unreadable copy, says so, and starts afresh', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: '{"kind":"ecs-lab-lesson-progress","version":1,"lessons":{' });
    const store = new ProgressStore(storage, LESSONS);
    const messages = store.load();
    expect(messages[0]).toMatch(/could not be read .* start afresh/);
    expect(store.kept.at(-1)?.text).toBe('{"kind":"ecs-lab-lesson-progress","version":1,"lessons":{');
    expect(JSON.parse(storage.data.get(KEPT_KEY)!).at(-1).text).toBe(store.kept.at(-1)!.text);
    expect(store.doc).toEqual(emptyProgress());
  });

  it('keeps the original of a partly stale copy while using what still fits', () => {
    const raw = JSON.stringify({ kind: PROGRESS_KIND, version: 1, lessons: { [first.id]: { completed: [first.steps[0]!.id, 'old-step'] } } });
    const store = new ProgressStore(memoryStorage({ [STORAGE_KEY]: raw }), LESSONS);
    const messages = store.load();
    expect(messages.join(' ')).toContain('old-step');
    expect(store.kept.at(-1)?.text).toBe(raw);
    expect(store.doc.lessons[first.id]!.completed).toEqual([first.steps[0]!.id]);
  });

  it('never touches a copy saved in a newer format under a newer key', () => {
    const storage = memoryStorage({ 'ecs-lab.lessons.progress.v2': '{"future":true}' });
    const store = new ProgressStore(storage, LESSONS);
    store.load();
    store.save();
    expect(storage.data.get('ecs-lab.lessons.progress.v2')).toBe('{"future":true}');
  });

  it('an import replaces progress only when it reads, keeping the previous progress', () => {
    const storage = memoryStorage();
    const store = new ProgressStore(storage, LESSONS);
    store.load();
    store.doc = docWith({ completed: [first.steps[0]!.id] });
    store.save();
    const bad = store.importText('not json', 'mine.json');
    expect(bad.ok).toBe(false);
    expect(bad.messages[0]).toMatch(/^mine\.json could not be imported: .*Your progress is unchanged\.$/);
    expect(store.doc.lessons[first.id]!.completed).toEqual([first.steps[0]!.id]);
    const other = docWith({ completed: [first.steps[0]!.id, first.steps[1]!.id], stepIndex: 2 });
    const good = store.importText(progressText(other), 'theirs.json');
    expect(good.ok).toBe(true);
    expect(store.doc).toEqual(other);
    expect(store.kept.at(-1)?.reason).toBe('Replaced by an import of theirs.json.');
    expect(JSON.parse(store.kept.at(-1)!.text).lessons[first.id].completed).toEqual([first.steps[0]!.id]);
  });

  it('works without storage, and reports a refused write instead of throwing', () => {
    const none = new ProgressStore(null, LESSONS);
    expect(none.load()[0]).toMatch(/does not allow local storage/);
    expect(none.save()).toMatch(/could not be saved/);
    const full = new ProgressStore(memoryStorage({}, { failWrites: true }), LESSONS);
    full.load();
    expect(full.save()).toMatch(/QuotaExceededError/);
  });
});
