/**
 * The dense part of the base layer: steady task marks, dots and aggregates, thousands of small
 * shapes that change only with a snapshot. They are painted with the Canvas 2D API in batches (one
 * path per colour and opacity, so ten thousand squares cost a handful of fills) into an offscreen
 * canvas, which the base layer shows as a sprite. Pixi's own Graphics fills each shape separately,
 * which measured an order of magnitude slower for this kind of layer.
 */
import { Sprite, Texture } from 'pixi.js';

type Batch = number[];

/** One layer's batches, painted in this order: rectangles, rounded rectangles, outlines, lines. */
class Layer {
  fills = new Map<string, Batch>();
  rounds = new Map<string, Batch>();
  strokes = new Map<string, Batch>();
  lines = new Map<string, Batch>();
}

export class DensePainter {
  readonly canvas: HTMLCanvasElement;
  readonly sprite: Sprite;
  private ctx: CanvasRenderingContext2D;
  private texture: Texture;
  private layers: Layer[] = [new Layer()];
  private current = 0;
  private zoom = 1;
  private ox = 0;
  private oy = 0;
  private resolution = 1;
  private w = 1;
  private h = 1;
  /** Shapes painted by the last `end()`. */
  painted = 0;

  constructor() {
    this.canvas = document.createElement('canvas');
    this.ctx = this.canvas.getContext('2d')!;
    this.texture = Texture.from(this.canvas, true);
    // The canvas is resized with the view (end()): a dynamic texture tells the sprite, which then
    // takes the new size. A static one would leave the sprite at its first size, the marks
    // stretched away from the boxes they belong in.
    this.texture.dynamic = true;
    this.sprite = new Sprite(this.texture);
    this.sprite.eventMode = 'none';
  }

  /** Starts a frame: screen size (CSS px), pixel ratio and camera (screen = world × zoom + offset). */
  begin(width: number, height: number, resolution: number, zoom: number, ox: number, oy: number): void {
    this.zoom = zoom; this.ox = ox; this.oy = oy; this.resolution = resolution; this.w = width; this.h = height;
    this.layers = [new Layer()];
    this.current = 0;
  }

  /** Shapes added from now on paint over those of lower layers (0 is the first). */
  layer(index: number): void {
    while (this.layers.length <= index) this.layers.push(new Layer());
    this.current = index;
  }

  private get l(): Layer { return this.layers[this.current]!; }

  private batch(m: Map<string, Batch>, key: string): Batch {
    let b = m.get(key);
    if (!b) { b = []; m.set(key, b); }
    return b;
  }

  /** A filled rectangle (world units); `radius` > 0 rounds its corners. */
  rect(x: number, y: number, w: number, h: number, color: number, alpha: number, radius = 0): void {
    if (w <= 0 || h <= 0 || alpha <= 0) return;
    const key = `${color}|${alpha.toFixed(2)}`;
    if (radius > 0 && radius * this.zoom >= 0.75) this.batch(this.l.rounds, key).push(x, y, w, h, radius);
    else this.batch(this.l.fills, key).push(x, y, w, h);
  }

  /** A rectangle's outline, `px` screen pixels wide. */
  outline(x: number, y: number, w: number, h: number, color: number, alpha: number, px: number, radius = 0): void {
    if (w <= 0 || h <= 0 || alpha <= 0) return;
    this.batch(this.l.strokes, `${color}|${alpha.toFixed(2)}|${px}`).push(x, y, w, h, radius);
  }

  /** A line segment, `width` world units wide (at least one screen pixel). */
  line(x1: number, y1: number, x2: number, y2: number, color: number, alpha: number, width: number): void {
    if (alpha <= 0) return;
    this.batch(this.l.lines, `${color}|${alpha.toFixed(2)}|${Math.max(width * this.zoom, 1).toFixed(1)}`).push(x1, y1, x2, y2);
  }

  /** Paints everything batched since begin() and shows it. */
  end(): void {
    const r = this.resolution;
    // Sizes the canvas (width × resolution) through the texture, before painting: resizing clears it.
    this.texture.source.resize(this.w, this.h, r);
    const pw = this.canvas.width, ph = this.canvas.height;
    const c = this.ctx;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.clearRect(0, 0, pw, ph);
    const z = this.zoom * r;
    c.setTransform(z, 0, 0, z, this.ox * r, this.oy * r);
    let n = 0;
    const style = (key: string) => {
      const [color, alpha] = key.split('|');
      c.globalAlpha = Number(alpha);
      return `#${Number(color).toString(16).padStart(6, '0')}`;
    };
    for (const L of this.layers) {
      for (const [key, b] of L.fills) {
        c.fillStyle = style(key);
        c.beginPath();
        for (let i = 0; i < b.length; i += 4) c.rect(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!);
        c.fill();
        n += b.length / 4;
      }
      for (const [key, b] of L.rounds) {
        c.fillStyle = style(key);
        c.beginPath();
        for (let i = 0; i < b.length; i += 5) c.roundRect(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!);
        c.fill();
        n += b.length / 5;
      }
      for (const [key, b] of L.strokes) {
        c.strokeStyle = style(key);
        c.lineWidth = Number(key.split('|')[2]) / this.zoom;
        c.beginPath();
        for (let i = 0; i < b.length; i += 5) {
          if (b[i + 4]! > 0) c.roundRect(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!); else c.rect(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!);
        }
        c.stroke();
        n += b.length / 5;
      }
      for (const [key, b] of L.lines) {
        c.strokeStyle = style(key);
        c.lineWidth = Number(key.split('|')[2]) / this.zoom;
        c.lineCap = 'round';
        c.beginPath();
        for (let i = 0; i < b.length; i += 4) { c.moveTo(b[i]!, b[i + 1]!); c.lineTo(b[i + 2]!, b[i + 3]!); }
        c.stroke();
        n += b.length / 4;
      }
    }
    c.globalAlpha = 1;
    this.painted = n;
    // The sprite sits in screen space, one texel per device pixel.
    this.texture.source.update();
    this.sprite.texture = this.texture;
    this.sprite.position.set(0, 0);
  }

  destroy(): void {
    this.sprite.destroy();
    this.texture.destroy(true);
  }
}
