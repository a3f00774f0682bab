/**
 * Long replays on the page (a share link or a resumed lesson up to a simulated day): the slices of
 * App.openInSlices run a few tens of milliseconds at a time, so the page keeps painting and
 * answering; a status bar says how far the replay has got and offers to stop it there.
 *
 * @example
 * const r = app.openInSlices(scenario, source, { t: 86_400, log });
 * if (r.ok) await replayInSlices(r.slices, 86_400, 'Opening the shared session');
 */
import { clock } from '../sim/timeline';

/** Replays shorter than this many simulated seconds run at once: they take well under a second. */
export const SLICED_REPLAY_SECONDS = 1800;

/** Wall time one slice of work may take before the page gets a turn, in milliseconds. */
const BUDGET_MS = 40;

const turn = () => new Promise<void>((resolve) => { setTimeout(resolve, 0); });

/**
 * Runs the slices to the end, with a status bar and a Stop button. Resolves true when the replay
 * reached `target`, false when the learner stopped it (the session is then at the second reached).
 */
export async function replayInSlices(slices: Generator<number, void, void>, target: number, what: string): Promise<boolean> {
  const bar = document.createElement('div');
  bar.id = 'replay-progress';
  bar.className = 'replay-progress';
  bar.setAttribute('role', 'status');
  const text = document.createElement('span');
  const meter = document.createElement('progress');
  meter.max = target;
  meter.value = 0;
  meter.setAttribute('aria-label', 'Replay progress');
  const stop = document.createElement('button');
  stop.type = 'button';
  stop.textContent = 'Stop here';
  let stopped = false;
  stop.addEventListener('click', () => { stopped = true; });
  bar.append(text, meter, stop);
  (document.querySelector('.stage') ?? document.body).prepend(bar);
  document.body.setAttribute('aria-busy', 'true');
  const show = (t: number) => {
    text.textContent = `${what}: replaying to ${clock(target)}, at ${clock(t)} (${Math.floor((100 * t) / Math.max(1, target))} %)…`;
    meter.value = t;
  };
  show(0);
  try {
    for (;;) {
      await turn();
      if (stopped) { slices.return(); return false; }
      const start = performance.now();
      let r = slices.next();
      while (!r.done && performance.now() - start < BUDGET_MS) r = slices.next();
      if (r.done) return true;
      show(r.value);
    }
  } finally {
    bar.remove();
    document.body.removeAttribute('aria-busy');
  }
}
