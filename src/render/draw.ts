/** Small drawing helpers for the base layer (Pixi Graphics on the Canvas 2D renderer). */
import type { Graphics } from 'pixi.js';

/**
 * A rectangle with an optional fill and border. Border widths are screen pixels (divided by the
 * zoom), so hairlines stay hairlines at every zoom. Borders are centred on the edge: any other
 * alignment makes Pixi's Canvas 2D renderer tessellate the stroke into triangles.
 */
export function box(g: Graphics, zoom: number, x: number, y: number, w: number, h: number, radius: number,
  fill: number | null, fillAlpha: number, stroke: number | null = null, strokePx = 1, strokeAlpha = 1): void {
  const filled = fill !== null && fillAlpha > 0, stroked = stroke !== null && strokeAlpha > 0;
  // A shape with neither would stay in the current path and be filled by the next fill().
  if (w <= 0 || h <= 0 || (!filled && !stroked)) return;
  if (radius > 0) g.roundRect(x, y, w, h, Math.min(radius, w / 2, h / 2)); else g.rect(x, y, w, h);
  if (filled) g.fill({ color: fill, alpha: fillAlpha });
  if (stroked) g.stroke({ color: stroke, width: strokePx / zoom, alpha: strokeAlpha, alignment: 0.5 });
}
