/**
 * Dark and light themes: `system` follows the operating system; the choice is remembered in the
 * page's settings (src/ui/settings.ts). The resolved theme is set as `data-theme` on <html> (the
 * stylesheet's variables follow it) and passed to the canvas when the scene supports it.
 */
import type { ThemeChoice, UiStore } from '../state/stores';
import { SettingsStore, browserSettingsStorage, type LoadedSettings } from './settings';

const ORDER: ThemeChoice[] = ['system', 'dark', 'light'];

let store: SettingsStore | null = null;
let loaded: LoadedSettings | null = null;

/** The page's settings store (localStorage), created on first use. */
export function settingsStore(): SettingsStore {
  store ??= new SettingsStore(browserSettingsStorage());
  return store;
}

/** Reads the saved settings once per page: the settings and what recovering them took. */
export function loadSettings(): LoadedSettings {
  loaded ??= settingsStore().load();
  return loaded;
}

export function savedTheme(): ThemeChoice {
  return loadSettings().settings.theme;
}

export function resolveTheme(choice: ThemeChoice): 'dark' | 'light' {
  if (choice !== 'system') return choice;
  return matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

/**
 * Applies the theme now and on every change, and remembers the choice. A choice that cannot be
 * saved is said once through the notice line (it still applies until the page is closed).
 */
export function bindTheme(ui: UiStore, onResolved: (theme: 'dark' | 'light') => void): void {
  const button = document.getElementById('theme-toggle') as HTMLButtonElement;
  let warned = false;
  const apply = (persist: boolean) => {
    const choice = ui.getState().theme;
    const resolved = resolveTheme(choice);
    document.documentElement.dataset.theme = resolved;
    button.textContent = `Theme: ${choice}`;
    button.setAttribute('aria-label', `Theme: ${choice} (showing ${resolved}). Change theme`);
    if (persist) {
      const settings = loadSettings().settings;
      settings.theme = choice;
      const err = settingsStore().save(settings);
      if (err && !warned) {
        warned = true;
        ui.getState().say(`The theme could not be remembered (${err}); it lasts until you leave the page.`);
      }
    }
    onResolved(resolved);
  };
  button.addEventListener('click', () => {
    const i = ORDER.indexOf(ui.getState().theme);
    ui.getState().setTheme(ORDER[(i + 1) % ORDER.length]!);
  });
  matchMedia('(prefers-color-scheme: light)').addEventListener('change', () => { if (ui.getState().theme === 'system') apply(false); });
  let last = ui.getState().theme;
  ui.subscribe((s) => { if (s.theme !== last) { last = s.theme; apply(true); } });
  apply(false);
}
