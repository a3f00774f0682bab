/**
 * Dark and light themes: `system` follows the operating system; the choice is remembered. The
 * resolved theme is set as `data-theme` on <html> (the stylesheet's variables follow it) and
 * passed to the canvas when the scene supports it.
 */
import type { ThemeChoice, UiStore } from '../state/stores';

const KEY = 'ecs-lab-theme';
const ORDER: ThemeChoice[] = ['system', 'dark', 'light'];

export function savedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'dark' || v === 'light' || v === 'system' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function resolveTheme(choice: ThemeChoice): 'dark' | 'light' {
  if (choice !== 'system') return choice;
  return matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export function bindTheme(ui: UiStore, onResolved: (theme: 'dark' | 'light') => void): void {
  const button = document.getElementById('theme-toggle') as HTMLButtonElement;
  const apply = () => {
    const choice = ui.getState().theme;
    const resolved = resolveTheme(choice);
    document.documentElement.dataset.theme = resolved;
    button.textContent = `Theme: ${choice}`;
    button.setAttribute('aria-label', `Theme: ${choice} (showing ${resolved}). Change theme`);
    try { localStorage.setItem(KEY, choice); } catch { /* private mode: not remembered */ }
    onResolved(resolved);
  };
  button.addEventListener('click', () => {
    const i = ORDER.indexOf(ui.getState().theme);
    ui.getState().setTheme(ORDER[(i + 1) % ORDER.length]!);
  });
  matchMedia('(prefers-color-scheme: light)').addEventListener('change', () => { if (ui.getState().theme === 'system') apply(); });
  let last = ui.getState().theme;
  ui.subscribe((s) => { if (s.theme !== last) { last = s.theme; apply(); } });
  apply();
}
