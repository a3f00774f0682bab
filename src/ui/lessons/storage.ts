/**
 * Lesson progress in localStorage, under a versioned key (`ecs-lab.lessons.progress.v1`): a page
 * never overwrites a copy saved in a format newer than its own, and reads copies saved under older
 * keys by migrating them.
 *
 * Nothing is dropped silently. A copy that cannot be read at all, or only in part, is kept under
 * `ecs-lab.lessons.progress.kept` (with the reason) before anything replaces it, and the player
 * shows what happened and offers the kept copy as a download. Storage that refuses to work
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
export interface KeptCopy { reason: string; text: string }

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
  kept: KeptCopy | null = null;

  constructor(private readonly storage: StorageLike | null, private readonly lessons: readonly Lesson[]) {}

  private get(key: string): string | null {
    try { return this.storage?.getItem(key) ?? null; } catch { return null; }
  }

  private set(key: string, value: string): string | null {
    if (!this.storage) return 'this browser does not allow local storage';
    try { this.storage.setItem(key, value); return null; } catch (e) { return e instanceof Error ? e.message : String(e); }
  }

  /** Keeps a copy that is about to be replaced (the last one kept wins; the player offers it as a download). */
  keep(text: string, reason: string): void {
    this.kept = { reason, text };
    const err = this.set(KEPT_KEY, JSON.stringify(this.kept));
    if (err) this.messages.push(`The copy could not be kept in the browser (${err}); download it now from the message below.`);
  }

  /** Loads the saved progress (or the newest older copy, migrated). Returns the messages for the learner. */
  load(): string[] {
    this.messages = [];
    const keptRaw = this.get(KEPT_KEY);
    if (keptRaw) {
      try {
        const k = JSON.parse(keptRaw) as KeptCopy;
        if (typeof k.text === 'string' && typeof k.reason === 'string') this.kept = k;
      } catch { /* an unreadable kept copy is itself left in place */ }
    }
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
      this.keep(text, r.message);
      this.messages.push(`Your saved lesson progress could not be read (${r.message.replace(/\.$/, '')}), so you start afresh. The unreadable copy was kept: download it below.`);
      this.doc = emptyProgress();
      this.save();
      return this.messages;
    }
    this.doc = r.doc;
    if (r.lossy) {
      this.keep(text, `Parts of it no longer matched the lessons: ${r.notes.join(' ')}`);
      this.messages.push('Your saved lesson progress was recovered, but the lessons have changed since it was saved and not everything fit. The original copy was kept: download it below.', ...r.notes);
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
    if (Object.keys(this.doc.lessons).length) this.keep(progressText(this.doc), `Replaced by an import of ${fileName}.`);
    this.doc = r.doc;
    const saved = this.save();
    const messages = [`Imported ${fileName}: ${Object.keys(r.doc.lessons).length} lesson${Object.keys(r.doc.lessons).length === 1 ? '' : 's'} of progress.${this.kept ? ' Your previous progress was kept; you can download it below.' : ''}`, ...r.notes];
    if (saved) messages.push(saved);
    return { ok: true, messages };
  }

  /** Forgets the kept copy (after the learner downloaded or dismissed it). */
  dropKept(): void {
    this.kept = null;
    try { this.storage?.removeItem(KEPT_KEY); } catch { /* nothing to do */ }
  }
}
