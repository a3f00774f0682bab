/**
 * Keyboard actions, registered as objects (name, keys, perform) so that a key, a button and a
 * lesson step reach the same verbs. In presenter mode every shortcut is live and comes first (even
 * over the canvas's own pan and zoom keys); otherwise the ones that could clash with page
 * scrolling (the arrows) work only while the cluster view has focus, and a focused canvas keeps
 * its keys. Keys typed into a form field are never taken.
 */
import { SPEEDS, type ClockStore, type UiStore } from '../state/stores';

export interface KeyAction {
  name: string;
  /** How the keys are written in help text. */
  keys: string;
  /** Also outside presenter mode (when focus is not in the cluster view). */
  global: boolean;
  test(e: KeyboardEvent): boolean;
  perform(e: KeyboardEvent): void;
}

export interface KeyVerbs { step(): void; seekBy(dt: number): void }

/** Speed index for each number key: 1 → 1×, 2 → 2×, … 9 → 256×, 0 → 512×. */
export function speedIndexForDigit(d: number): number {
  const one = SPEEDS.indexOf(1 as never);
  return d === 0 ? SPEEDS.length - 1 : Math.min(SPEEDS.length - 1, one + d - 1);
}

export function keyActions(clock: ClockStore, ui: UiStore, verbs: KeyVerbs): KeyAction[] {
  const c = () => clock.getState();
  return [
    { name: 'play-pause', keys: 'Space', global: true, test: (e) => e.key === ' ', perform: () => c().setPlaying(!c().playing) },
    { name: 'step', keys: '→', global: false, test: (e) => e.key === 'ArrowRight' && !e.shiftKey, perform: () => { c().setPlaying(false); verbs.step(); } },
    { name: 'forward-10', keys: 'Shift+→', global: false, test: (e) => e.key === 'ArrowRight' && e.shiftKey, perform: () => { c().setPlaying(false); verbs.seekBy(10); } },
    { name: 'back', keys: '←', global: false, test: (e) => e.key === 'ArrowLeft' && !e.shiftKey, perform: () => { c().setPlaying(false); verbs.seekBy(-1); } },
    { name: 'back-10', keys: 'Shift+←', global: false, test: (e) => e.key === 'ArrowLeft' && e.shiftKey, perform: () => { c().setPlaying(false); verbs.seekBy(-10); } },
    { name: 'faster', keys: '↑ or ]', global: false, test: (e) => e.key === 'ArrowUp' || e.key === ']', perform: () => c().setSpeedIndex(c().speedIndex + 1) },
    { name: 'slower', keys: '↓ or [', global: false, test: (e) => e.key === 'ArrowDown' || e.key === '[', perform: () => c().setSpeedIndex(c().speedIndex - 1) },
    { name: 'speed', keys: '1–9, 0', global: true, test: (e) => /^[0-9]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey, perform: (e) => c().setSpeedIndex(speedIndexForDigit(Number(e.key))) },
    { name: 'presenter', keys: 'P', global: true, test: (e) => (e.key === 'p' || e.key === 'P') && !e.ctrlKey && !e.metaKey && !e.altKey, perform: () => ui.getState().setPresenter(!ui.getState().presenter) },
    { name: 'leave-presenter', keys: 'Esc', global: false, test: (e) => e.key === 'Escape', perform: () => ui.getState().setPresenter(false) },
  ];
}

/** True when a key press belongs to the focused control (typing, choosing, pressing a button). */
export function ownedByControl(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    if (type === 'checkbox' || type === 'radio') return key === ' ';
    return true;
  }
  if (tag === 'BUTTON' || tag === 'SUMMARY' || tag === 'A') return key === ' ' || key === 'Enter';
  if (target.getAttribute('role') === 'tab') return key.startsWith('Arrow') || key === 'Home' || key === 'End';
  return false;
}

export function bindKeys(actions: KeyAction[], ui: UiStore, stage: HTMLElement): void {
  const handle = (e: KeyboardEvent, presenterPhase: boolean) => {
    const presenter = ui.getState().presenter;
    if (presenter !== presenterPhase || e.defaultPrevented || ownedByControl(e.target, e.key)) return;
    const inStage = e.target instanceof Node && stage.contains(e.target);
    for (const a of actions) {
      if (!a.test(e)) continue;
      if (!presenter && !a.global && !inStage) return;
      e.preventDefault();
      if (presenter) e.stopPropagation();
      a.perform(e);
      return;
    }
  };
  // Presenter mode listens in the capture phase, before the canvas; otherwise after it.
  window.addEventListener('keydown', (e) => handle(e, true), { capture: true });
  window.addEventListener('keydown', (e) => handle(e, false));
}
