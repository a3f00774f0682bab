/**
 * Presenter mode, for a teacher at a projector: large type, the page chrome hidden (the canvas,
 * a big clock and the live summary remain), driven from the keyboard, with a highlight that
 * follows the pointer so the room can see what is pointed at.
 */
import type { UiStore, ClockStore, TimelineStore } from '../state/stores';
import { clock } from '../sim/timeline';
import { speedLabel } from './controls';
import { setLabelFloor } from '../render/labels';

/** Canvas labels in presenter mode are at least this large: readable from the back of a classroom. */
export const PRESENTER_LABEL_PX = 16;

export function bindPresenter(ui: UiStore, clockStore: ClockStore, timeline: TimelineStore, statusText: () => string): void {
  const button = document.getElementById('presenter-toggle') as HTMLButtonElement;
  const hud = document.getElementById('presenter-hud')!;
  const hudClock = document.getElementById('hud-clock')!;
  const hudStatus = document.getElementById('hud-status')!;
  const spot = document.getElementById('pointer-highlight')!;
  button.addEventListener('click', () => ui.getState().setPresenter(!ui.getState().presenter));
  const move = (e: PointerEvent) => {
    spot.hidden = false;
    spot.style.transform = `translate(${e.clientX}px, ${e.clientY}px)`;
  };
  const leave = () => { spot.hidden = true; };
  const hudUpdate = () => {
    if (!ui.getState().presenter) return;
    const { playing, speedIndex } = clockStore.getState();
    hudClock.textContent = `${clock(timeline.getState().t)} · ${playing ? speedLabel(speedIndex) : 'paused'}`;
    hudStatus.textContent = statusText();
  };
  let on = false;
  const render = () => {
    const p = ui.getState().presenter;
    if (p === on) return;
    on = p;
    document.body.classList.toggle('presenter', p);
    setLabelFloor(p ? PRESENTER_LABEL_PX : 0);
    button.setAttribute('aria-pressed', String(p));
    button.textContent = p ? 'Leave presenter mode' : 'Present';
    hud.hidden = !p;
    if (p) {
      window.addEventListener('pointermove', move);
      document.documentElement.addEventListener('pointerleave', leave);
      hudUpdate();
      ui.getState().say('Presenter mode: Space plays or pauses, arrows step, number keys set the speed, P or Escape leaves.');
    } else {
      window.removeEventListener('pointermove', move);
      document.documentElement.removeEventListener('pointerleave', leave);
      spot.hidden = true;
    }
    // The canvas host changed size: let the renderer pick it up.
    window.dispatchEvent(new Event('resize'));
  };
  ui.subscribe(render);
  clockStore.subscribe(hudUpdate);
  timeline.subscribe(hudUpdate);
  render();
}
