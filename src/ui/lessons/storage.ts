/**
 * Lesson progress in localStorage, under a versioned key (`ecs-lab.lessons.progress.v1`): a page
 * never overwrites a copy saved in a format newer than its own, and reads copies saved under older
 * keys by migrating them.
 *
 * Nothing is dropped silently. A copy that cannot be read at all, or only in part, is kept under
 * `ecs-lab.lessons.progress.kept` (a list, oldest first, each with its reason) before anything
 * replaces it, and the player shows what happened and offers each kept copy as a download. A
 * readable kept copy is never pushed out by an unreadable one; every message says what was kept. Storage that refuses to work
 * (private browsing, a full quota) degrades to progress that lasts for the page's lifetime, with a
 * message.
 */
import type { Lesson } from '../../../lessons/types';
import { PROGRESS_CHAIN, emptyProgress, parseProgress, progressText, type ProgressDoc } from './progress';

/** What the store needs of `window.localStorage` (tests pass a Map-backed one). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const storageKey = (version: number) => `ecs-lab.lessons.progress.v${version}`;
export const STORAGE_KEY = storageKey(PROGRESS_CHAIN.current);
export const KEPT_KEY = 'ecs-lab.lessons.progress.kept';

/** A copy of progress that could not be used as it was, kept for the learner. */
export interface KeptCopy {
  reason: string;
  text: string;
  /** Whether the copy reads as progress (a replaced or partly stale copy) or not (a damaged one). */
  readable: boolean;
}

/** Kept copies at most; past it the oldest unreadable one goes first, and a readable one is never pushed out by an unreadable one. */
export const MAX_KEPT = 10;

function readKept(raw: string | null): KeptCopy[] {
  if (!raw) return [];
  let v: unknown;
  try { v = JSON.parse(raw); } catch { return []; }
  // The first format kept a single copy, as an object.
  const items = Array.isArray(v) ? v : [v];
  return items.flatMap((k) => (k && typeof k === 'object' && typeof (k as KeptCopy).text === 'string' && typeof (k as KeptCopy).reason === 'string'
    ? [{ reason: (k as KeptCopy).reason, text: (k as KeptCopy).text, readable: (k as KeptCopy).readable === true }] : []));
}

/** `window.localStorage`, or null when the browser refuses it. */
export function browserStorage(): StorageLike | null {
  try {
    const s = window.localStorage;
    const probe = '__ecs-lab-probe__';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

export class ProgressStore {
  doc: ProgressDoc = emptyProgress();
  /** Messages for the learner about what loading or saving did. */
  messages: string[] = [];
  /** Kept copies, oldest first. */
  kept: KeptCopy[] = [];

  constructor(private readonly storage: StorageLike | null, private readonly lessons: readonly Lesson[]) {}

  private get(key: string): string | null {
    try { return this.storage?.getItem(key) ?? null; } catch { return null; }
  }

  private set(key: string, value: string): string | null {
    if (!this.storage) return 'this browser does not allow local storage';
    try { this.storage.setItem(key, value); return null; } catch (e) { return e instanceof Error ? e.message : String(e); }
  }

  /**
   * Keeps a copy that is about to be replaced, beside those kept before, and says exactly what
   * happened: kept (and how many copies are kept now), already kept, or not kept and why.
   */
  keep(text: string, reason: string, readable: boolean): string {
    if (this.kept.some((k) => k.text === text)) return `That copy was already kept (${this.keptCount()}).`;
    const next = [...this.kept, { reason, text, readable }];
    let dropped: KeptCopy | null = null;
    if (next.length > MAX_KEPT) {
      const i = next.findIndex((k) => !k.readable);
      if (i === next.length - 1 && !readable) return `That copy was not kept: ${MAX_KEPT} readable copies are kept already, and an unreadable copy never replaces a readable one. Download or forget one of them below.`;
      dropped = next.splice(i >= 0 ? i : 0, 1)[0]!;
    }
    const err = this.set(KEPT_KEY, JSON.stringify(next));
    if (err) {
      this.kept = next;
      return `That copy could not be stored in the browser (${err}); it is kept on this page only: download it now from below.`;
    }
    this.kept = next;
    return `That copy was kept (${this.keptCount()})${dropped ? `; to make room, the oldest ${dropped.readable ? 'readable' : 'unreadable'} kept copy ("${dropped.reason.slice(0, 80)}") was dropped` : ''}.`;
  }

  private keptCount(): string {
    return this.kept.length === 1 ? '1 kept copy' : `${this.kept.length} kept copies`;
  }

  /** Loads the saved progress (or the newest older copy, migrated). Returns the messages for the learner. */
  load(): string[] {
    this.messages = [];
    // An unreadable list of kept copies is itself left in place until a copy is kept.
    this.kept = readKept(this.get(KEPT_KEY));
    if (!this.storage) {
      this.messages.push('This browser does not allow local storage: progress lasts until you leave the page. Export it to keep it.');
      return this.messages;
    }
    let text = this.get(STORAGE_KEY);
    let from = STORAGE_KEY;
    for (let v = PROGRESS_CHAIN.current - 1; text === null && v >= 1; v--) {
      text = this.get(storageKey(v));
      from = storageKey(v);
    }
    if (text === null) return this.messages;
    const r = parseProgress(text, this.lessons);
    if (!r.ok) {
      const kept = this.keep(text, r.message, false);
      this.messages.push(`Your saved lesson progress could not be read (${r.message.replace(/\.$/, '')}), so you start afresh. ${kept.replace('That copy', 'The unreadable copy')}`);
      this.doc = emptyProgress();
      this.save();
      return this.messages;
    }
    this.doc = r.doc;
    if (r.lossy) {
      const kept = this.keep(text, `Parts of it no longer matched the lessons: ${r.notes.join(' ')}`, true);
      this.messages.push(`Your saved lesson progress was recovered, but the lessons have changed since it was saved and not everything fit. ${kept.replace('That copy', 'The original copy')}`, ...r.notes);
    } else if (r.notes.length) this.messages.push(...r.notes);
    if (from !== STORAGE_KEY) this.save();
    return this.messages;
  }

  /** Saves the document; returns an error message, or null. */
  save(): string | null {
    const err = this.set(STORAGE_KEY, progressText(this.doc));
    return err ? `Lesson progress could not be saved (${err}). Export it to keep it.` : null;
  }

  /**
   * Replaces the progress with an imported file's. The progress it replaces is kept first.
   * Returns the messages for the learner and whether the import happened.
   */
  importText(text: string, fileName: string): { ok: boolean; messages: string[] } {
    const r = parseProgress(text, this.lessons);
    if (!r.ok) return { ok: false, messages: [`${fileName} could not be imported: ${r.message} Your progress is unchanged.`] };
    const kept = Object.keys(this.doc.lessons).length ? this.keep(progressText(this.doc), `Replaced by an import of ${fileName}.`, true) : '';
    this.doc = r.doc;
    const saved = this.save();
    const messages = [`Imported ${fileName}: ${Object.keys(r.doc.lessons).length} lesson${Object.keys(r.doc.lessons).length === 1 ? '' : 's'} of progress.${kept ? ` ${kept.replace('That copy', 'Your previous progress')}` : ''}`, ...r.notes];
    if (saved) messages.push(saved);
    return { ok: true, messages };
  }

  /** Forgets one kept copy (after the learner downloaded or dismissed it). */
  dropKept(copy: KeptCopy): void {
    this.kept = this.kept.filter((k) => k !== copy);
    try {
      if (this.kept.length) this.storage?.setItem(KEPT_KEY, JSON.stringify(this.kept));
      else this.storage?.removeItem(KEPT_KEY);
    } catch { /* nothing to do */ }
  }
}
