/** Play/pause, single step and the logarithmic speed control. */
import { SPEEDS, type ClockStore } from '../state/stores';

export function speedLabel(i: number): string {
  const s = SPEEDS[i]!;
  return `${s < 1 ? s.toString().replace(/^0/, '') : s}×`;
}

export function bindControls(clock: ClockStore, onStep: () => void): void {
  const play = document.getElementById('play') as HTMLButtonElement;
  const step = document.getElementById('step') as HTMLButtonElement;
  const speed = document.getElementById('speed') as HTMLInputElement;
  const out = document.getElementById('speed-out') as HTMLOutputElement;
  speed.max = String(SPEEDS.length - 1);
  const render = () => {
    const { playing, speedIndex } = clock.getState();
    play.textContent = playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(playing));
    speed.value = String(speedIndex);
    out.textContent = speedLabel(speedIndex);
    speed.setAttribute('aria-valuetext', speedLabel(speedIndex));
    step.disabled = playing;
  };
  play.addEventListener('click', () => clock.getState().setPlaying(!clock.getState().playing));
  step.addEventListener('click', onStep);
  speed.addEventListener('input', () => clock.getState().setSpeedIndex(Number(speed.value)));
  clock.subscribe(render);
  render();
}
