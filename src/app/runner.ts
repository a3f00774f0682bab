/**
 * The loop between wall time and simulated time: each animation frame advances the simulation by
 * (elapsed wall seconds × speed), in fixed steps, and publishes when anything moved.
 * The engine never sees the wall clock; only this loop does.
 */
import { SPEEDS, type ClockStore } from '../state/stores';

/** At most this many simulated steps per frame; past it the clock slows rather than stutters. */
const MAX_STEPS_PER_FRAME = 600;

export interface Driven {
  /** One fixed simulated second (of every configuration on screen: they share one clock). */
  step(): void;
  /** Makes the latest state visible; `alpha` is the fraction of the next step already elapsed. */
  publish(alpha: number): void;
  /** Called on frames that moved no whole step, for tweening between steps. */
  tween?(alpha: number): void;
}

export class Runner {
  private acc = 0;
  private last: number | null = null;
  private raf = 0;

  constructor(private driven: Driven, private clock: ClockStore) {}

  start(): void {
    const frame = (now: number) => {
      this.raf = requestAnimationFrame(frame);
      this.tick(now);
    };
    this.raf = requestAnimationFrame(frame);
  }

  stop(): void { cancelAnimationFrame(this.raf); }

  /** Advances by one simulated second (the Step button, the right arrow in presenter mode). */
  stepOnce(): void {
    this.driven.step();
    this.acc = 0;
    this.driven.publish(0);
  }

  /** Drops the partial step (after a rewind or a new scenario). */
  reset(): void { this.acc = 0; }

  private tick(now: number): void {
    const dt = this.last === null ? 0 : Math.min(0.25, (now - this.last) / 1000);
    this.last = now;
    const { playing, speedIndex } = this.clock.getState();
    if (!playing) return;
    this.acc += dt * SPEEDS[speedIndex]!;
    let steps = 0;
    while (this.acc >= 1 && steps < MAX_STEPS_PER_FRAME) {
      this.driven.step();
      this.acc -= 1;
      steps++;
    }
    if (steps === MAX_STEPS_PER_FRAME) this.acc = 0;
    if (steps > 0) this.driven.publish(this.acc);
    else this.driven.tween?.(this.acc);
  }
}
