/**
 * Zoom and pan: screen = world × zoom + offset. Wheel zooms around the pointer, dragging pans,
 * two fingers pinch; on the focused canvas `+`/`-` zoom, arrows pan and `0` fits the cluster.
 * Until the learner moves the view, it keeps fitting the cluster as the cluster grows.
 */
import type { Rect } from './layout';

export const MAX_ZOOM = 6;

export class Camera {
  zoom = 1;
  x = 0;
  y = 0;
  /** The screen size in CSS pixels. */
  width = 1;
  height = 1;
  /** Set once the learner zooms or pans; until then the view follows the cluster's bounds. */
  userMoved = false;
  private minZoom = 0.02;

  /** Fits `bounds` into the screen with a margin. */
  fit(bounds: Rect, margin = 16): void {
    const zx = (this.width - 2 * margin) / Math.max(1, bounds.w);
    const zy = (this.height - 2 * margin) / Math.max(1, bounds.h);
    this.zoom = Math.max(0.005, Math.min(MAX_ZOOM / 2, zx, zy));
    this.minZoom = Math.min(this.zoom * 0.5, 1);
    this.x = Math.round((this.width - bounds.w * this.zoom) / 2 - bounds.x * this.zoom);
    // Centred both ways: the layout aims at the canvas's shape, what is left over is split evenly.
    this.y = Math.round(Math.max(margin, (this.height - bounds.h * this.zoom) / 2) - bounds.y * this.zoom);
  }

  /** Zooms by `factor` keeping the world point under (sx, sy) in place. */
  zoomAt(sx: number, sy: number, factor: number): void {
    const z = Math.max(this.minZoom, Math.min(MAX_ZOOM, this.zoom * factor));
    const wx = (sx - this.x) / this.zoom, wy = (sy - this.y) / this.zoom;
    this.zoom = z;
    this.x = sx - wx * z;
    this.y = sy - wy * z;
    this.userMoved = true;
  }

  panBy(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
    this.userMoved = true;
  }

  /** Centres a world rect on screen, zooming in so it is comfortably visible. */
  centreOn(r: Rect, minZoom: number): void {
    this.zoom = Math.max(this.zoom, Math.min(MAX_ZOOM, minZoom));
    this.x = this.width / 2 - (r.x + r.w / 2) * this.zoom;
    this.y = this.height / 2 - (r.y + r.h / 2) * this.zoom;
    this.userMoved = true;
  }

  toWorld(sx: number, sy: number): { x: number; y: number } {
    return { x: (sx - this.x) / this.zoom, y: (sy - this.y) / this.zoom };
  }

  /** The world rect on screen, grown by `margin` screen pixels. */
  view(margin = 24): Rect {
    return { x: (-margin - this.x) / this.zoom, y: (-margin - this.y) / this.zoom, w: (this.width + 2 * margin) / this.zoom, h: (this.height + 2 * margin) / this.zoom };
  }

  key(): string { return `${this.zoom.toFixed(5)}|${this.x.toFixed(1)}|${this.y.toFixed(1)}|${this.width}|${this.height}`; }
}

export interface InputHandlers {
  changed(): void;
  hover(sx: number, sy: number): void;
  click(sx: number, sy: number): void;
  leave(): void;
  fit(): void;
}

/** Wires pointer, wheel and keyboard input on the canvas to the camera. Returns an unbind function. */
export function bindInput(el: HTMLElement, cam: Camera, h: InputHandlers): () => void {
  const pointers = new Map<number, { x: number; y: number }>();
  let dragged = 0;
  let pinch = 0;
  const local = (e: { clientX: number; clientY: number }) => {
    const r = el.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    const p = local(e);
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    cam.zoomAt(p.x, p.y, Math.exp(-delta * (e.ctrlKey ? 0.01 : 0.0015)));
    h.changed();
  };
  const onDown = (e: PointerEvent) => {
    el.setPointerCapture?.(e.pointerId);
    pointers.set(e.pointerId, local(e));
    dragged = 0;
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = Math.hypot(a!.x - b!.x, a!.y - b!.y);
    }
  };
  const onMove = (e: PointerEvent) => {
    const p = local(e);
    const prev = pointers.get(e.pointerId);
    if (!prev) { h.hover(p.x, p.y); return; }
    if (pointers.size === 2) {
      pointers.set(e.pointerId, p);
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      if (pinch > 0) cam.zoomAt((a!.x + b!.x) / 2, (a!.y + b!.y) / 2, d / pinch);
      pinch = d;
      dragged += 10;
      h.changed();
      return;
    }
    cam.panBy(p.x - prev.x, p.y - prev.y);
    dragged += Math.abs(p.x - prev.x) + Math.abs(p.y - prev.y);
    pointers.set(e.pointerId, p);
    h.changed();
  };
  const onUp = (e: PointerEvent) => {
    const had = pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = 0;
    if (had && dragged < 5 && pointers.size === 0) {
      const p = local(e);
      h.click(p.x, p.y);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    const step = 60;
    switch (e.key) {
      case '+': case '=': cam.zoomAt(cam.width / 2, cam.height / 2, 1.25); break;
      case '-': case '_': cam.zoomAt(cam.width / 2, cam.height / 2, 0.8); break;
      case '0': h.fit(); return;
      case 'ArrowLeft': cam.panBy(step, 0); break;
      case 'ArrowRight': cam.panBy(-step, 0); break;
      case 'ArrowUp': cam.panBy(0, step); break;
      case 'ArrowDown': cam.panBy(0, -step); break;
      default: return;
    }
    e.preventDefault();
    h.changed();
  };
  const onLeave = () => h.leave();
  const onDbl = (e: MouseEvent) => { const p = local(e); cam.zoomAt(p.x, p.y, 2); h.changed(); };
  el.addEventListener('wheel', onWheel, { passive: false });
  el.addEventListener('pointerdown', onDown);
  el.addEventListener('pointermove', onMove);
  el.addEventListener('pointerup', onUp);
  el.addEventListener('pointercancel', onUp);
  el.addEventListener('pointerleave', onLeave);
  el.addEventListener('keydown', onKey);
  el.addEventListener('dblclick', onDbl);
  return () => {
    el.removeEventListener('wheel', onWheel);
    el.removeEventListener('pointerdown', onDown);
    el.removeEventListener('pointermove', onMove);
    el.removeEventListener('pointerup', onUp);
    el.removeEventListener('pointercancel', onUp);
    el.removeEventListener('pointerleave', onLeave);
    el.removeEventListener('keydown', onKey);
    el.removeEventListener('dblclick', onDbl);
  };
}
