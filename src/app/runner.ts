/**
 * The loop between wall time and simulated time: each animation frame advances the simulation by
 * (elapsed wall seconds × speed), in fixed steps, and publishes a snapshot when anything moved.
 * The engine never sees the wall clock; only this loop does.
 */
import type { Simulation } from '../sim/engine';
import { snapshot } from '../sim/snapshot';
import { SPEEDS, type ClockStore, type ViewStore } from '../state/stores';
import type { SimEvent } from '../sim/events';

/** At most this many simulated steps per frame; past it the clock slows rather than stutters. */
const MAX_STEPS_PER_FRAME = 600;
const RECENT_EVENTS = 60;

export class Runner {
  private acc = 0;
  private last: number | null = null;
  private raf = 0;
  private pending: SimEvent[] = [];

  constructor(private sim: Simulation, private clock: ClockStore, private view: ViewStore) {
    sim.onEvent = (e) => { if (e.type !== 'Metrics' && e.type !== 'TaskStateChange' && e.type !== 'PlacementDecision') this.pending.push(e); };
    this.publish();
  }

  start(): void {
    const frame = (now: number) => {
      this.raf = requestAnimationFrame(frame);
      this.tick(now);
    };
    this.raf = requestAnimationFrame(frame);
  }

  stop(): void { cancelAnimationFrame(this.raf); }

  /** Advances by one simulated second (the Step button). */
  stepOnce(): void {
    this.sim.step();
    this.acc = 0;
    this.publish();
  }

  private tick(now: number): void {
    const dt = this.last === null ? 0 : Math.min(0.25, (now - this.last) / 1000);
    this.last = now;
    const { playing, speedIndex } = this.clock.getState();
    if (!playing) return;
    this.acc += dt * SPEEDS[speedIndex]!;
    let steps = 0;
    while (this.acc >= 1 && steps < MAX_STEPS_PER_FRAME) {
      this.sim.step();
      this.acc -= 1;
      steps++;
    }
    if (steps === MAX_STEPS_PER_FRAME) this.acc = 0;
    if (steps > 0) this.publish();
    else this.view.setState({ alpha: this.acc });
  }

  private publish(): void {
    const recent = this.view.getState().recentEvents.concat(this.pending).slice(-RECENT_EVENTS);
    this.pending = [];
    this.view.setState({ snapshot: snapshot(this.sim), alpha: this.acc, recentEvents: recent });
  }
}
