/**
 * Boxes glide to their new places when the layout reflows (a zone's lane widens, a Fargate pool
 * grows): each moved box or pool is drawn at an offset that eases to zero over a few hundred
 * milliseconds of wall time. Nothing moves when motion is reduced.
 */
import type { ClusterLayout } from './layout';

const TWEEN_MS = 380;

export type Positions = Map<number, { x: number; y: number }>;

export class BoxTween {
  private from: Map<number, { dx: number; dy: number }> | null = null;
  private started = 0;

  get active(): boolean { return this.from !== null; }

  /** Where every box (by instance slot) and pool (-1 - zone) is now. */
  static positions(layout: ClusterLayout): Positions {
    const m: Positions = new Map();
    for (const b of layout.boxes.values()) m.set(b.slot, { x: b.x, y: b.y });
    for (const l of layout.lanes) if (l.pool) m.set(-1 - l.index, { x: l.pool.x, y: l.pool.y });
    return m;
  }

  /** Starts gliding from `before` to the layout's current places. */
  start(before: Positions, layout: ClusterLayout, now: number): void {
    const from = new Map<number, { dx: number; dy: number }>();
    for (const [k, p] of BoxTween.positions(layout)) {
      const b = before.get(k);
      if (b && (b.x !== p.x || b.y !== p.y)) from.set(k, { dx: b.x - p.x, dy: b.y - p.y });
    }
    this.from = from.size ? from : null;
    this.started = now;
  }

  stop(): void { this.from = null; }

  /** Remaining fraction of the way (1 at the start, 0 once arrived); ends the tween at 0. */
  remaining(now: number): number {
    if (!this.from) return 0;
    const k = Math.min(1, (now - this.started) / TWEEN_MS);
    if (k >= 1) { this.from = null; return 0; }
    return (1 - k) ** 3;
  }

  /** The offset of an owner (instance slot, or -1 - zone for a pool) at `now`. */
  offset(owner: number, remaining: number): { dx: number; dy: number } {
    const f = this.from?.get(owner);
    return f ? { dx: f.dx * remaining, dy: f.dy * remaining } : { dx: 0, dy: 0 };
  }
}
