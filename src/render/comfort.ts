/**
 * Comfort settings that follow the system unless the learner chooses: dark or light theme
 * (prefers-color-scheme), reduced motion (prefers-reduced-motion), and the screen's pixel ratio
 * (re-render crisp when the window moves to another screen).
 */
import { DARK, LIGHT, type Theme, type ThemeName } from './palette';

const matches = (q: string) => typeof matchMedia === 'function' && matchMedia(q).matches;

/** A theme object from a choice: a Theme (kept, missing colours filled), a name, or 'system'. */
export function resolveTheme(choice: Theme | ThemeName | 'system'): Theme {
  const next = typeof choice === 'object' ? choice
    : choice === 'system' ? (matches('(prefers-color-scheme: light)') ? LIGHT : DARK) : choice === 'light' ? LIGHT : DARK;
  return { ...(next.name === 'light' ? LIGHT : DARK), ...next };
}

export function resolveReducedMotion(choice: boolean | 'system'): boolean {
  return choice === 'system' ? matches('(prefers-reduced-motion: reduce)') : choice;
}

/** The pixel ratio to render at: the screen's, capped at 2. */
export function screenResolution(): number {
  return Math.min(2, globalThis.devicePixelRatio || 1);
}

/**
 * Calls `changed` when the system theme or motion preference changes, and `ratio` with the new
 * pixel ratio when the screen's changes. Returns a function that stops watching.
 */
export function watchComfort(changed: () => void, ratio: (r: number) => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const watched: { query: MediaQueryList; fn: () => void }[] = [];
  const watch = (q: string, fn: () => void) => {
    const query = matchMedia(q);
    query.addEventListener('change', fn);
    watched.push({ query, fn });
  };
  watch('(prefers-color-scheme: light)', changed);
  watch('(prefers-reduced-motion: reduce)', changed);
  // A resolution query matches one ratio only: re-arm it for the new ratio after each change.
  const onRatio = () => {
    ratio(screenResolution());
    watch(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`, onRatio);
  };
  watch(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`, onRatio);
  return () => { for (const w of watched) w.query.removeEventListener('change', w.fn); };
}
