/**
 * The page's settings in localStorage: one versioned document under `ecs-lab.settings.v1`
 * (`{ kind: "ecs-lab-settings", version: 1, theme }`), read through the same numbered migrations
 * as links and scenarios (src/app/share/migrations.ts).
 *
 * A saved copy is never dropped silently. A copy that cannot be read, or only in part, and the
 * copy under the first format's key (`ecs-lab-theme`, a bare theme name) are kept under
 * `ecs-lab.settings.kept` (a list of `{ key, reason, text, keptAt }`, newest last) before anything
 * replaces them, and `load()` returns one sentence per thing it did, for the page to show. A copy
 * saved by a newer page is read where it fits and never overwritten. Storage that refuses to work
 * (private browsing, a full quota) leaves the settings in effect until the page is closed.
 *
 * @example
 * const store = new SettingsStore(browserSettingsStorage());
 * const { settings, messages } = store.load();   // messages: [] for a clean copy
 * store.save({ ...settings, theme: 'dark' });      // null, or why it could not be saved
 */
import type { ThemeChoice } from '../state/stores';
import { migrate, type MigrationChain } from '../app/share/migrations';

/** What the store needs of `window.localStorage` (tests pass a Map-backed one). */
export interface SettingsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SETTINGS_KIND = 'ecs-lab-settings';
export const SETTINGS_KEY = 'ecs-lab.settings.v1';
export const SETTINGS_KEPT_KEY = 'ecs-lab.settings.kept';
/** The first format: the theme name alone, under its own key. */
export const LEGACY_THEME_KEY = 'ecs-lab-theme';
/** Kept copies beyond this many make room by dropping the oldest, and the message says so. */
export const MAX_KEPT = 10;

/** Version 1 is the first versioned format; a change adds a step to `steps`. */
export const SETTINGS_CHAIN: MigrationChain = { field: 'version', current: 1, steps: {}, noun: 'settings copy' };

export const THEMES: readonly ThemeChoice[] = ['system', 'dark', 'light'];

export interface Settings { theme: ThemeChoice }

export const DEFAULT_SETTINGS: Readonly<Settings> = { theme: 'system' };

/** A copy that could not be used as it was. */
export interface KeptSettings { key: string; reason: string; text: string; keptAt: string }

export interface LoadedSettings {
  settings: Settings;
  /** One sentence per recovery, migration or refusal, for the page's notice line. */
  messages: string[];
}

const isTheme = (v: unknown): v is ThemeChoice => typeof v === 'string' && (THEMES as readonly string[]).includes(v);
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v));

/** `window.localStorage`, or null when the browser refuses it. */
export function browserSettingsStorage(): SettingsStorage | null {
  try {
    const s = window.localStorage;
    const probe = '__ecs-lab-settings-probe__';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

export class SettingsStore {
  /** False when the saved copy came from a newer page: it is left as it is. */
  writable = true;
  /** Fields of the saved document this page does not know (a newer page's), carried along on save. */
  private extra: Record<string, unknown> = {};

  constructor(private readonly storage: SettingsStorage | null) {}

  private get(key: string): string | null {
    try { return this.storage?.getItem(key) ?? null; } catch { return null; }
  }

  private set(key: string, value: string): string | null {
    if (!this.storage) return 'this browser does not allow local storage';
    try { this.storage.setItem(key, value); return null; } catch (e) { return e instanceof Error ? e.message : String(e); }
  }

  /** Every kept copy, oldest first (an unreadable list is returned as one entry of its own text). */
  kept(): KeptSettings[] {
    const raw = this.get(SETTINGS_KEPT_KEY);
    if (raw === null) return [];
    try {
      const list = JSON.parse(raw) as unknown;
      if (Array.isArray(list) && list.every((k) => k && typeof k === 'object' && typeof (k as KeptSettings).text === 'string')) return list as KeptSettings[];
    } catch { /* fall through */ }
    return [{ key: SETTINGS_KEPT_KEY, reason: 'The list of kept copies could not be read.', text: raw, keptAt: '' }];
  }

  /** Keeps a copy before it is replaced; returns a sentence when keeping it cost something. */
  private keep(key: string, text: string, reason: string): string[] {
    const list = [...this.kept(), { key, reason, text, keptAt: new Date().toISOString() }];
    const out: string[] = [];
    if (list.length > MAX_KEPT) {
      const n = list.length - MAX_KEPT;
      list.splice(0, n);
      out.push(`The oldest kept settings cop${n === 1 ? 'y was' : 'ies were'} removed to make room (${MAX_KEPT} are kept).`);
    }
    const err = this.set(SETTINGS_KEPT_KEY, JSON.stringify(list));
    if (err) {
      // Nothing could be kept, so nothing may be replaced: leave the copy where it is.
      this.writable = false;
      out.push(`It could not be kept in the browser (${err}), so it was left as it is and changes last until you leave the page.`);
    }
    return out;
  }

  /** Reads the saved settings, recovering or migrating what it must. Never throws. */
  load(): LoadedSettings {
    this.writable = true;
    this.extra = {};
    if (!this.storage) return { settings: { ...DEFAULT_SETTINGS }, messages: [] };
    const text = this.get(SETTINGS_KEY);
    if (text === null) return this.loadLegacy();
    const messages: string[] = [];
    const fail = (what: string): LoadedSettings => {
      messages.push(`Your saved settings could not be read (${what}), so the defaults are used. The unreadable copy was kept in this browser under ${SETTINGS_KEPT_KEY}.`);
      messages.push(...this.keep(SETTINGS_KEY, text, what));
      if (this.writable) this.save(DEFAULT_SETTINGS);
      return { settings: { ...DEFAULT_SETTINGS }, messages };
    };
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return fail(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return fail(`expected a JSON object, found ${show(doc)}`);
    const d = doc as Record<string, unknown>;
    if (d.kind !== SETTINGS_KIND) return fail(`'kind' is ${show(d.kind)}; expected "${SETTINGS_KIND}"`);
    const v = d.version;
    if (typeof v === 'number' && Number.isInteger(v) && v > SETTINGS_CHAIN.current) {
      // A newer page saved this: read what fits, and never overwrite it.
      this.writable = false;
      const settings = { theme: isTheme(d.theme) ? d.theme : DEFAULT_SETTINGS.theme };
      messages.push(`Your settings were saved by a newer version of ECS Lab (version ${v}; this page reads up to ${SETTINGS_CHAIN.current}). They are used where they fit and left as they are: changes here last until you leave the page.`);
      return { settings, messages };
    }
    const m = migrate(d, SETTINGS_CHAIN);
    if (!m.ok) return fail(m.error.message.replace(/\.$/, ''));
    const { kind: _kind, version: _version, theme, ...rest } = m.doc;
    this.extra = rest;
    const settings: Settings = { ...DEFAULT_SETTINGS };
    const lost: string[] = [];
    if (theme === undefined) { /* not set yet: the default */ } else if (isTheme(theme)) settings.theme = theme;
    else lost.push(`'theme' was ${show(theme)}; expected one of ${THEMES.join(', ')}, so it is ${DEFAULT_SETTINGS.theme}`);
    if (lost.length) {
      messages.push(`Some saved settings could not be used: ${lost.join('; ')}. The previous copy was kept in this browser under ${SETTINGS_KEPT_KEY}.`);
      messages.push(...this.keep(SETTINGS_KEY, text, lost.join('; ')));
      if (this.writable) this.save(settings);
    } else if (m.doc.version !== v) {
      messages.push(`Your settings were brought up to date from version ${show(v)}; the previous copy was kept in this browser under ${SETTINGS_KEPT_KEY}.`);
      messages.push(...this.keep(SETTINGS_KEY, text, `migrated from version ${show(v)}`));
      if (this.writable) this.save(settings);
    }
    return { settings, messages };
  }

  /** The first format: `ecs-lab-theme` holding the theme name. Moved into the versioned document. */
  private loadLegacy(): LoadedSettings {
    const old = this.get(LEGACY_THEME_KEY);
    if (old === null) return { settings: { ...DEFAULT_SETTINGS }, messages: [] };
    const messages: string[] = [];
    const settings: Settings = { theme: isTheme(old) ? old : DEFAULT_SETTINGS.theme };
    messages.push(isTheme(old)
      ? `Your theme (${old}) was moved to the new settings format; the previous copy was kept in this browser under ${SETTINGS_KEPT_KEY}.`
      : `Your saved theme ${show(old)} is not one of ${THEMES.join(', ')}, so the theme is ${DEFAULT_SETTINGS.theme}. The previous copy was kept in this browser under ${SETTINGS_KEPT_KEY}.`);
    messages.push(...this.keep(LEGACY_THEME_KEY, old, isTheme(old) ? 'moved to the versioned settings (version 1)' : `not a theme: expected one of ${THEMES.join(', ')}`));
    if (!this.writable) return { settings, messages };
    if (this.save(settings) === null) {
      try { this.storage?.removeItem(LEGACY_THEME_KEY); } catch { /* left in place: nothing lost */ }
    }
    return { settings, messages };
  }

  /**
   * Saves the settings (fields this page does not know are carried along). Returns why it could
   * not, or null; a copy from a newer page is never overwritten.
   */
  save(settings: Settings): string | null {
    if (!this.writable) return 'the saved settings come from a newer version of ECS Lab and are left as they are';
    const doc = { ...this.extra, kind: SETTINGS_KIND, version: SETTINGS_CHAIN.current, theme: settings.theme };
    return this.set(SETTINGS_KEY, JSON.stringify(doc));
  }
}
