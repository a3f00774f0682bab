/**
 * The page's settings in localStorage: a clean copy reads back, the first format migrates, a
 * corrupt or partly wrong copy is recovered with a message, a newer page's copy is never
 * overwritten, and every replaced copy is kept.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LEGACY_THEME_KEY, MAX_KEPT, SETTINGS_KEPT_KEY, SETTINGS_KEY, SETTINGS_KIND, SettingsStore, type KeptSettings, type SettingsStorage,
} from '../../src/ui/settings';

function memory(initial: Record<string, string> = {}, opts: { failWrites?: boolean; failKeptWrites?: boolean } = {}): SettingsStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      if (opts.failWrites || (opts.failKeptWrites && k === SETTINGS_KEPT_KEY)) throw new Error('QuotaExceededError');
      data.set(k, v);
    },
    removeItem: (k) => { data.delete(k); },
  };
}

const doc = (o: Record<string, unknown>) => JSON.stringify({ kind: SETTINGS_KIND, version: 1, ...o });
const kept = (s: { data: Map<string, string> }) => JSON.parse(s.data.get(SETTINGS_KEPT_KEY) ?? '[]') as KeptSettings[];

describe('SettingsStore', () => {
  it('starts from the defaults with nothing saved, and says nothing', () => {
    const s = memory();
    expect(new SettingsStore(s).load()).toEqual({ settings: { theme: 'system' }, messages: [] });
    expect(s.data.size).toBe(0);
  });

  it('reads back what it saved, with no message and nothing kept', () => {
    const s = memory();
    const store = new SettingsStore(s);
    expect(store.save({ theme: 'light' })).toBeNull();
    expect(JSON.parse(s.data.get(SETTINGS_KEY)!)).toEqual({ kind: SETTINGS_KIND, version: 1, theme: 'light' });
    expect(new SettingsStore(s).load()).toEqual({ settings: { theme: 'light' }, messages: [] });
    expect(s.data.has(SETTINGS_KEPT_KEY)).toBe(false);
  });

  it('moves the first format (a bare theme under ecs-lab-theme) into the versioned copy, keeping the old one', () => {
    const s = memory({ [LEGACY_THEME_KEY]: 'dark' });
    const r = new SettingsStore(s).load();
    expect(r.settings.theme).toBe('dark');
    expect(r.messages.join(' ')).toMatch(/Your theme \(dark\) was moved to the new settings format; the previous copy was kept .*ecs-lab\.settings\.kept/);
    expect(JSON.parse(s.data.get(SETTINGS_KEY)!)).toMatchObject({ kind: SETTINGS_KIND, version: 1, theme: 'dark' });
    expect(s.data.has(LEGACY_THEME_KEY)).toBe(false);
    expect(kept(s)).toMatchObject([{ key: LEGACY_THEME_KEY, text: 'dark' }]);
    // The next page reads the new copy silently.
    expect(new SettingsStore(s).load()).toEqual({ settings: { theme: 'dark' }, messages: [] });
  });

  it('an old copy that is not a theme: the default, a message naming what is accepted, the copy kept', () => {
    const s = memory({ [LEGACY_THEME_KEY]: 'purple' });
    const r = new SettingsStore(s).load();
    expect(r.settings.theme).toBe('system');
    expect(r.messages[0]).toContain('"purple" is not one of system, dark, light');
    expect(kept(s)[0]).toMatchObject({ key: LEGACY_THEME_KEY, text: 'purple' });
  });

  it('a copy that is not JSON: the defaults, the reason, and the copy kept', () => {
    const s = memory({ [SETTINGS_KEY]: '{"kind": "ecs-lab-settings", "vers' });
    const r = new SettingsStore(s).load();
    expect(r.settings).toEqual({ theme: 'system' });
    expect(r.messages[0]).toMatch(/^Your saved settings could not be read \(not valid JSON: .+\), so the defaults are used\. The unreadable copy was kept/);
    expect(kept(s)).toMatchObject([{ key: SETTINGS_KEY, text: '{"kind": "ecs-lab-settings", "vers' }]);
    expect(JSON.parse(s.data.get(SETTINGS_KEY)!)).toEqual({ kind: SETTINGS_KIND, version: 1, theme: 'system' });
  });

  it('names the field when the kind or the version is wrong', () => {
    const wrongKind = new SettingsStore(memory({ [SETTINGS_KEY]: JSON.stringify({ kind: 'something-else', version: 1 }) })).load();
    expect(wrongKind.messages[0]).toContain(`'kind' is "something-else"; expected "${SETTINGS_KIND}"`);
    const noVersion = new SettingsStore(memory({ [SETTINGS_KEY]: JSON.stringify({ kind: SETTINGS_KIND, version: 'one', theme: 'dark' }) })).load();
    expect(noVersion.settings.theme).toBe('system');
    expect(noVersion.messages[0]).toContain("no valid 'version' (found \"one\"); expected a whole number from 1 to 1");
    const array = new SettingsStore(memory({ [SETTINGS_KEY]: '[1,2]' })).load();
    expect(array.messages[0]).toContain('expected a JSON object, found [1,2]');
  });

  it('a copy with a wrong theme keeps what fits, names the field, and keeps the copy', () => {
    const s = memory({ [SETTINGS_KEY]: doc({ theme: 'sepia', fontScale: 1.2 }) });
    const r = new SettingsStore(s).load();
    expect(r.settings.theme).toBe('system');
    expect(r.messages[0]).toContain(`'theme' was "sepia"; expected one of system, dark, light, so it is system`);
    expect(kept(s)[0]!.text).toBe(doc({ theme: 'sepia', fontScale: 1.2 }));
    // A field this page does not know is carried along, not dropped.
    expect(JSON.parse(s.data.get(SETTINGS_KEY)!)).toEqual({ kind: SETTINGS_KIND, version: 1, theme: 'system', fontScale: 1.2 });
  });

  it('never overwrites a copy saved by a newer page, and reads what fits', () => {
    const newer = doc({ version: 7, theme: 'light', layout: 'wide' });
    const s = memory({ [SETTINGS_KEY]: newer });
    const store = new SettingsStore(s);
    const r = store.load();
    expect(r.settings.theme).toBe('light');
    expect(r.messages[0]).toContain('saved by a newer version of ECS Lab (version 7; this page reads up to 1)');
    expect(store.save({ theme: 'dark' })).toMatch(/newer version/);
    expect(s.data.get(SETTINGS_KEY)).toBe(newer);
  });

  it('a browser without storage: the defaults, and saving says why it cannot', () => {
    const store = new SettingsStore(null);
    expect(store.load()).toEqual({ settings: { theme: 'system' }, messages: [] });
    expect(store.save({ theme: 'dark' })).toBe('this browser does not allow local storage');
  });

  it('a full storage: saving reports the error; a copy that cannot be kept is left in place', () => {
    expect(new SettingsStore(memory({}, { failWrites: true })).save({ theme: 'dark' })).toBe('QuotaExceededError');
    const bad = '{oops';
    const s = memory({ [SETTINGS_KEY]: bad }, { failKeptWrites: true });
    const r = new SettingsStore(s).load();
    expect(r.messages.join(' ')).toContain('could not be kept in the browser (QuotaExceededError), so it was left as it is');
    expect(s.data.get(SETTINGS_KEY)).toBe(bad);
  });

  it(`keeps at most ${MAX_KEPT} copies and says when the oldest make room`, () => {
    const s = memory();
    let last: string[] = [];
    for (let i = 0; i < MAX_KEPT + 2; i++) {
      s.data.set(SETTINGS_KEY, `broken ${i}`);
      last = new SettingsStore(s).load().messages;
    }
    const list = kept(s);
    expect(list).toHaveLength(MAX_KEPT);
    expect(list.at(-1)!.text).toBe(`broken ${MAX_KEPT + 1}`);
    expect(list[0]!.text).toBe('broken 2');
    expect(last.join(' ')).toContain('The oldest kept settings copy was removed to make room');
  });

  it('an unreadable list of kept copies is itself kept, not replaced', () => {
    const s = memory({ [SETTINGS_KEPT_KEY]: 'not a list', [SETTINGS_KEY]: 'nor this' });
    new SettingsStore(s).load();
    expect(kept(s).map((k) => k.text)).toEqual(['not a list', 'nor this']);
  });

  it('any saved text at all: load never throws, always yields a valid theme, and keeps whatever it replaced', () => {
    const anyText = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ kind: fc.oneof(fc.constant(SETTINGS_KIND), fc.string()), version: fc.oneof(fc.integer({ min: -2, max: 4 }), fc.string(), fc.constant(null)), theme: fc.oneof(fc.constantFrom('system', 'dark', 'light'), fc.string(), fc.integer()) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    );
    fc.assert(fc.property(anyText, fc.option(fc.string(), { nil: undefined }), (text, legacy) => {
      const init: Record<string, string> = { [SETTINGS_KEY]: text };
      if (legacy !== undefined) init[LEGACY_THEME_KEY] = legacy;
      const s = memory(init);
      const r = new SettingsStore(s).load();
      expect(['system', 'dark', 'light']).toContain(r.settings.theme);
      const now = s.data.get(SETTINGS_KEY);
      if (now !== text) {
        // Replaced: the original is among the kept copies, and the page said so.
        expect(kept(s).some((k) => k.text === text)).toBe(true);
        expect(r.messages.length).toBeGreaterThan(0);
      }
    }), { numRuns: 2000 });
  });
});
