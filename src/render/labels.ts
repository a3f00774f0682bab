/**
 * Text on the canvas, drawn in screen space: a label keeps its pixel size at every zoom (crisp at
 * the renderer's resolution, HiDPI included) and follows its world anchor. A label that would not
 * fit the room its owner has on screen is hidden rather than overlapping its neighbours.
 */
import { CanvasTextMetrics, Container, Text, TextStyle } from 'pixi.js';

export interface LabelOptions {
  size?: number;
  color: number;
  bold?: boolean;
  mono?: boolean;
  /** 0: anchor is the left edge, 0.5: centre, 1: right edge. */
  align?: 0 | 0.5 | 1;
  /** 0: anchor is the top, 0.5: middle. */
  valign?: 0 | 0.5;
  /** World width available; the label hides when its text is wider on screen. */
  room?: number;
  /** World height available; the label hides when its text is taller on screen. */
  roomH?: number;
}

interface Entry { text: Text; used: boolean }

/** The smallest label size in pixels (presenter mode raises it so the back of a room can read it). */
let floor = 0;
export function setLabelFloor(px: number): void { floor = px; }

/** At most this many labels at once (the rest are off screen or too small to read anyway). */
const BUDGET = 600;

export class Labels {
  readonly container = new Container();
  private entries = new Map<string, Entry>();
  private styles = new Map<string, TextStyle>();
  private zoom = 1;
  private ox = 0;
  private oy = 0;
  private w = 0;
  private h = 0;
  private shown = 0;
  resolution = 1;

  constructor() {
    this.container.eventMode = 'none';
  }

  /** Starts a frame: the camera (screen = world × zoom + offset) and the screen size. */
  begin(zoom: number, ox: number, oy: number, w: number, h: number): void {
    this.zoom = zoom; this.ox = ox; this.oy = oy; this.w = w; this.h = h;
    this.shown = 0;
    for (const e of this.entries.values()) e.used = false;
  }

  private style(o: LabelOptions): TextStyle {
    const key = `${o.size ?? 12}|${o.bold ? 1 : 0}|${o.mono ? 1 : 0}|${o.color}`;
    let s = this.styles.get(key);
    if (!s) {
      s = new TextStyle({
        fontFamily: o.mono ? ['Liberation Mono', 'DejaVu Sans Mono', 'monospace'] : ['Liberation Sans', 'Arial', 'Helvetica', 'sans-serif'],
        fontSize: o.size ?? 12, fontWeight: o.bold ? '700' : '400', fill: o.color,
      });
      this.styles.set(key, s);
    }
    return s;
  }

  private widths = new Map<string, number>();

  private measure(text: string, style: TextStyle, key: string): number {
    const k = `${key}|${text}`;
    let w = this.widths.get(k);
    if (w === undefined) {
      if (this.widths.size > 8000) this.widths.clear();
      w = CanvasTextMetrics.measureText(text, style).width;
      this.widths.set(k, w);
    }
    return w;
  }

  /**
   * Shows a text at a world point this frame: the first of `text` (a string or alternatives,
   * longest first) that fits the room. Returns false when none fits or it is off screen.
   */
  add(key: string, text: string | string[], wx: number, wy: number, o: LabelOptions): boolean {
    const sx = wx * this.zoom + this.ox;
    const sy = wy * this.zoom + this.oy;
    // Text grows a little with the zoom (never below 90 % or past 150 % of its size), in half-pixel
    // steps so a zoom gesture re-renders few distinct sizes.
    const size = Math.max(floor, Math.round((o.size ?? 12) * Math.min(1.5, Math.max(0.9, this.zoom)) * 2) / 2);
    if (o.roomH !== undefined && size * 1.15 > o.roomH * this.zoom) return false;
    if (sy > this.h + size || sy < -2 * size || this.shown >= BUDGET) return false;
    const style = this.style({ ...o, size });
    const styleKey = `${size}|${o.bold ? 1 : 0}|${o.mono ? 1 : 0}`;
    let chosen: string | null = null;
    let width = 0;
    for (const candidate of Array.isArray(text) ? text : [text]) {
      width = this.measure(candidate, style, styleKey);
      if (o.room === undefined || width <= o.room * this.zoom) { chosen = candidate; break; }
    }
    if (chosen === null) return false;
    text = chosen;
    const left = sx - width * (o.align ?? 0);
    if (left > this.w || left + width < 0) return false;
    let e = this.entries.get(key);
    if (!e) {
      e = { text: new Text({ text, style, resolution: this.resolution, roundPixels: true }), used: true };
      this.entries.set(key, e);
      this.container.addChild(e.text);
    }
    const t = e.text;
    if (t.text !== text) t.text = text;
    if (t.style !== style) t.style = style;
    if (t.resolution !== this.resolution) t.resolution = this.resolution;
    t.anchor.set(o.align ?? 0, o.valign ?? 0);
    t.position.set(Math.round(sx), Math.round(sy));
    t.visible = true;
    e.used = true;
    this.shown++;
    return true;
  }

  /** The labels shown this frame, with their screen rectangles (the scene's model reads them). */
  shownLabels(): { key: string; text: string; x: number; y: number; w: number; h: number }[] {
    const out: { key: string; text: string; x: number; y: number; w: number; h: number }[] = [];
    for (const [key, e] of this.entries) {
      if (!e.used || !e.text.visible) continue;
      const t = e.text;
      const w = t.width, h = t.height;
      out.push({ key, text: t.text, x: Math.round(t.x - w * t.anchor.x), y: Math.round(t.y - h * t.anchor.y), w: Math.round(w), h: Math.round(h) });
    }
    return out;
  }

  /** Hides the labels not added this frame; drops those unused for long. */
  end(): void {
    for (const [key, e] of this.entries) {
      if (e.used) continue;
      e.text.visible = false;
      if (this.entries.size > BUDGET * 2) { e.text.destroy(); this.entries.delete(key); }
    }
  }

  /** Drops cached styles (after a theme change) and every label. */
  reset(): void {
    for (const e of this.entries.values()) e.text.destroy();
    this.entries.clear();
    this.styles.clear();
    this.widths.clear();
  }
}
