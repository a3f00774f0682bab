/**
 * Lesson progress as a versioned document (the same shape in localStorage and in an exported
 * progress file), and the reading of untrusted copies of it: a file from another machine, a copy
 * saved by an older or newer page, a copy a lesson revision made partly stale. Reading never
 * throws and never silently drops anything: what cannot be kept is listed in `notes`, and `lossy`
 * tells the caller to keep the original copy.
 *
 * @example
 * const r = readProgress(JSON.parse(text), LESSONS);
 * if (r.ok) { doc = r.doc; for (const n of r.notes) show(n); }
 */
import type { Lesson } from '../../../lessons/types';
import type { RecordedCall } from '../../../lessons/view';
import { migrate, type MigrationChain } from '../../app/share/migrations';
import { readActionLog } from '../../app/share/link';
import { LIMITS, checkTextSize } from '../../app/share/limits';

export const PROGRESS_KIND = 'ecs-lab-lesson-progress';

/** Version 1 is the first published format; a change adds a step to `PROGRESS_CHAIN.steps`. */
export const PROGRESS_CHAIN: MigrationChain = { field: 'version', current: 1, steps: {}, noun: 'lesson progress file' };

/** Where the learner was in a lesson's cluster, to reopen it there. */
export interface ResumePoint {
  /** Simulated second. */
  t: number;
  /** When the current step began. */
  stepStart: number;
  /** Actions sent since the lesson began, stamped with the second they took effect. */
  actions: RecordedCall[];
}

export interface LessonProgress {
  /** The step on screen (index into the lesson's steps). */
  stepIndex: number;
  /** Ids of completed steps. */
  completed: string[];
  /** Question id → chosen choice id. */
  answers: Record<string, string>;
  /** Step id → hints revealed. */
  hints: Record<string, number>;
  /** Steps where "Show me" was used. */
  shown: string[];
  finished: boolean;
  resume: ResumePoint | null;
}

export interface ProgressDoc {
  kind: typeof PROGRESS_KIND;
  version: number;
  /** The lesson open when the copy was saved. */
  current: string | null;
  lessons: Record<string, LessonProgress>;
}

export const emptyProgress = (): ProgressDoc => ({ kind: PROGRESS_KIND, version: PROGRESS_CHAIN.current, current: null, lessons: {} });

export const emptyLessonProgress = (): LessonProgress => ({ stepIndex: 0, completed: [], answers: {}, hints: {}, shown: [], finished: false, resume: null });

export type ReadResult =
  | { ok: true; doc: ProgressDoc; notes: string[]; lossy: boolean }
  | { ok: false; message: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Where the learner was: the second (at most one simulated day, as a share link), and the actions
 * sent, which are untrusted API calls checked exactly as a share link's action log.
 */
function readResume(r: unknown): { ok: true; resume: ResumePoint } | { ok: false; why: string } {
  if (!isObj(r)) return { ok: false, why: 'it is not an object { t, stepStart, actions }' };
  if (typeof r.t !== 'number' || !Number.isFinite(r.t) || r.t < 0 || r.t > LIMITS.seconds) {
    return { ok: false, why: `its second 't' is ${JSON.stringify(r.t) ?? 'missing'}; a lesson resumes from 0 to ${LIMITS.seconds.toLocaleString('en-US')} s (one simulated day)` };
  }
  if (typeof r.stepStart !== 'number' || !(r.stepStart >= 0) || r.stepStart > r.t) return { ok: false, why: `its 'stepStart' is ${JSON.stringify(r.stepStart) ?? 'missing'}; expected a second from 0 to ${Math.floor(r.t)}` };
  const log = readActionLog(r.actions, undefined, 'progress file');
  if ('message' in log) return { ok: false, why: log.message.replace(/\.$/, '') };
  return { ok: true, resume: { t: Math.floor(r.t), stepStart: Math.floor(r.stepStart), actions: log.actions } };
}

/** One lesson's entry against the lesson as it is now; what no longer fits goes into `notes`. */
function readLesson(lesson: Lesson, raw: Record<string, unknown>, notes: string[]): { p: LessonProgress; lossy: boolean } {
  const p = emptyLessonProgress();
  let lossy = false;
  const drop = (what: string) => { notes.push(`Lesson ${lesson.number} (${lesson.title}): ${what}`); lossy = true; };
  const stepIds = new Set(lesson.steps.map((s) => s.id));
  const questions = new Map(lesson.steps.flatMap((s) => (s.questions ?? []).map((q) => [q.id, q] as const)));
  if (Array.isArray(raw.completed)) {
    for (const id of raw.completed) {
      if (typeof id === 'string' && stepIds.has(id)) { if (!p.completed.includes(id)) p.completed.push(id); } else drop(`a completed step "${String(id)}" that the lesson no longer has was dropped.`);
    }
  } else if (raw.completed !== undefined) drop('its list of completed steps was unreadable and was dropped.');
  if (isWhole(raw.stepIndex)) {
    p.stepIndex = Math.min(raw.stepIndex, lesson.steps.length - 1);
    if (p.stepIndex !== raw.stepIndex) drop(`it was at step ${raw.stepIndex + 1}, past the lesson's last step; it now resumes at step ${p.stepIndex + 1}.`);
  } else if (raw.stepIndex !== undefined) drop('its current step was unreadable; it restarts at step 1.');
  if (isObj(raw.answers)) {
    for (const [qid, choice] of Object.entries(raw.answers)) {
      const q = questions.get(qid);
      if (q && typeof choice === 'string' && q.choices.some((c) => c.id === choice)) p.answers[qid] = choice;
      else drop(`an answer to question "${qid}" no longer matches the lesson and was dropped.`);
    }
  }
  if (isObj(raw.hints)) {
    for (const [sid, n] of Object.entries(raw.hints)) {
      const step = lesson.steps.find((s) => s.id === sid);
      if (step && isWhole(n)) p.hints[sid] = Math.min(n, step.hints.length);
      else drop(`hints shown for step "${sid}" were dropped.`);
    }
  }
  if (Array.isArray(raw.shown)) p.shown = raw.shown.filter((s): s is string => typeof s === 'string' && stepIds.has(s));
  p.finished = raw.finished === true && lesson.steps.every((s) => p.completed.includes(s.id));
  if (raw.finished === true && !p.finished) drop('it was finished, but the lesson has steps it had not done; it is marked unfinished.');
  if (raw.resume !== undefined && raw.resume !== null) {
    const r = readResume(raw.resume);
    if (r.ok) p.resume = r.resume;
    else drop(`where you were in its cluster could not be read (${r.why}); the current step restarts from the lesson's starting cluster.`);
  }
  return { p, lossy };
}

/**
 * Reads a progress document from untrusted data: migrates older versions, refuses newer ones and
 * other kinds of file, and checks every entry against the lessons as they are now.
 */
export function readProgress(data: unknown, lessons: readonly Lesson[]): ReadResult {
  if (!isObj(data)) return { ok: false, message: 'This is not a lesson progress file: expected a JSON object.' };
  if (data.kind !== PROGRESS_KIND) {
    return { ok: false, message: `This is not a lesson progress file: 'kind' is ${JSON.stringify(data.kind) ?? 'missing'}; expected "${PROGRESS_KIND}".` };
  }
  const m = migrate(data, PROGRESS_CHAIN);
  if (!m.ok) return { ok: false, message: m.error.message };
  const doc = m.doc;
  const notes: string[] = [];
  let lossy = false;
  const out = emptyProgress();
  if (!isObj(doc.lessons)) {
    if (doc.lessons !== undefined) { notes.push('The list of lessons was unreadable and was dropped.'); lossy = true; }
  } else {
    for (const [id, raw] of Object.entries(doc.lessons)) {
      const lesson = lessons.find((l) => l.id === id);
      if (!lesson) { notes.push(`Progress for a lesson "${id}" that this version of ECS Lab does not have was dropped.`); lossy = true; continue; }
      if (!isObj(raw)) { notes.push(`Progress for lesson ${lesson.number} (${lesson.title}) was unreadable and was dropped.`); lossy = true; continue; }
      const r = readLesson(lesson, raw, notes);
      out.lessons[id] = r.p;
      lossy ||= r.lossy;
    }
  }
  out.current = typeof doc.current === 'string' && out.lessons[doc.current] ? doc.current : null;
  if (data.version !== PROGRESS_CHAIN.current) notes.push(`The progress was saved in format version ${String(data.version)} and was brought up to version ${PROGRESS_CHAIN.current}.`);
  return { ok: true, doc: out, notes, lossy };
}

/** Reads progress from text (an imported file, a stored copy). */
export function parseProgress(text: string, lessons: readonly Lesson[]): ReadResult {
  const size = checkTextSize(text.length, 'progress file');
  if (size) return { ok: false, message: size.message };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `The progress is not valid JSON (${e instanceof Error ? e.message : String(e)}).` };
  }
  return readProgress(data, lessons);
}

/** The document as a file's text. */
export function progressText(doc: ProgressDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Counts for the lesson list: steps done of steps in all. */
export function lessonCounts(doc: ProgressDoc, lesson: Lesson): { done: number; total: number; finished: boolean; started: boolean } {
  const p = doc.lessons[lesson.id];
  return { done: p?.completed.length ?? 0, total: lesson.steps.length, finished: p?.finished ?? false, started: !!p };
}
