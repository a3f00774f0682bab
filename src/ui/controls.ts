/**
 * Time controls: play/pause, single step, the logarithmic speed control, the simulated clock, and
 * the time line: a scrubber that rewinds to any earlier second (by deterministic replay) and a
 * button that forks a new future from there.
 */
import { SPEEDS, type ClockStore, type TimelineStore } from '../state/stores';
import { clock } from '../sim/timeline';

export function speedLabel(i: number): string {
  const s = SPEEDS[i]!;
  return `${s < 1 ? s.toString().replace(/^0/, '') : s}×`;
}

export interface TimeHandlers {
  /** Advances one simulated second. */
  step(): void;
  /** Moves to a second of the time line (back by replay). */
  seek(t: number): void;
  /** Drops the recorded future. */
  fork(): void;
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export function bindControls(clockStore: ClockStore, timeline: TimelineStore, h: TimeHandlers): void {
  const play = byId<HTMLButtonElement>('play');
  const step = byId<HTMLButtonElement>('step');
  const speed = byId<HTMLInputElement>('speed');
  const out = byId<HTMLOutputElement>('speed-out');
  const scrub = byId<HTMLInputElement>('scrubber');
  const info = byId<HTMLElement>('timeline-info');
  const fork = byId<HTMLButtonElement>('fork');
  const clockEl = byId<HTMLElement>('clock');
  speed.max = String(SPEEDS.length - 1);
  const renderClock = () => {
    const { playing, speedIndex } = clockStore.getState();
    play.textContent = playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(playing));
    speed.value = String(speedIndex);
    out.textContent = speedLabel(speedIndex);
    speed.setAttribute('aria-valuetext', speedLabel(speedIndex));
    step.disabled = playing;
  };
  let dragging = false;
  const renderTimeline = () => {
    const { t, maxT, futureActions } = timeline.getState();
    clockEl.textContent = clock(t);
    const max = Math.max(maxT, t);
    if (scrub.max !== String(max)) scrub.max = String(max);
    if (!dragging && scrub.value !== String(t)) scrub.value = String(t);
    scrub.setAttribute('aria-valuetext', `${clock(t)} of ${clock(max)}`);
    const ahead = t < max ? ` · rewound: ${clock(max - t)} recorded ahead` : '';
    const acts = futureActions ? `, ${futureActions === 1 ? '1 action replays' : `${futureActions} actions replay`} on play` : '';
    info.textContent = `${clock(t)} / ${clock(max)}${ahead}${acts}`;
    fork.disabled = t >= max && futureActions === 0;
  };
  play.addEventListener('click', () => clockStore.getState().setPlaying(!clockStore.getState().playing));
  step.addEventListener('click', () => h.step());
  speed.addEventListener('input', () => clockStore.getState().setSpeedIndex(Number(speed.value)));
  // Scrubbing pauses and replays; seeks are coalesced to one per frame while dragging.
  let pending: number | null = null;
  const flush = () => {
    if (pending === null) return;
    const t = pending;
    pending = null;
    h.seek(t);
  };
  scrub.addEventListener('input', () => {
    dragging = true;
    clockStore.getState().setPlaying(false);
    const first = pending === null;
    pending = Number(scrub.value);
    if (first) requestAnimationFrame(flush);
  });
  scrub.addEventListener('change', () => { dragging = false; pending = Number(scrub.value); flush(); });
  fork.addEventListener('click', () => h.fork());
  clockStore.subscribe(renderClock);
  timeline.subscribe(renderTimeline);
  renderClock();
  renderTimeline();
}
