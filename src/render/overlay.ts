/**
 * Selection and hover outlines (drawn on the live layer) and the hover tooltip (a small DOM
 * element over the canvas: crisp text, readable by assistive technology, no GPU cost).
 */
import { SHAPE } from './shape';
import type { QuadLayer } from './quads';
import type { Rect } from './layout';
import type { Theme } from './palette';

/** Draws an outline around a world rect, `pad` world units outside it. */
export function outline(layer: QuadLayer, r: Rect, color: number, width: number, pad: number, radius: number): void {
  layer.push(r.x - pad, r.y - pad, r.w + 2 * pad, r.h + 2 * pad, color, 0, color, 1, radius + pad, width, 1, SHAPE.SOLID);
}

const hex = (c: number) => `#${c.toString(16).padStart(6, '0')}`;

/** A one-line tooltip near the pointer, kept inside the canvas. */
export class Tooltip {
  readonly el: HTMLDivElement;

  constructor(host: HTMLElement) {
    this.el = document.createElement('div');
    this.el.className = 'canvas-tooltip';
    this.el.setAttribute('role', 'tooltip');
    Object.assign(this.el.style, {
      position: 'absolute', left: '0', top: '0', pointerEvents: 'none', display: 'none', zIndex: '2',
      font: '12px "Liberation Sans", Arial, sans-serif', padding: '5px 8px', borderRadius: '6px',
      whiteSpace: 'nowrap', maxWidth: '70%', overflow: 'hidden', textOverflow: 'ellipsis',
      boxShadow: '0 2px 8px rgba(0,0,0,0.35)',
    } satisfies Partial<CSSStyleDeclaration>);
    host.appendChild(this.el);
  }

  show(text: string, sx: number, sy: number, screenW: number, screenH: number, theme: Theme): void {
    const el = this.el;
    if (el.textContent !== text) el.textContent = text;
    el.style.background = hex(theme.name === 'dark' ? 0xe2e8f0 : 0x0f172a);
    el.style.color = hex(theme.name === 'dark' ? 0x0b1220 : 0xffffff);
    el.style.display = 'block';
    const w = el.offsetWidth, h = el.offsetHeight;
    let x = sx + 14, y = sy + 16;
    if (x + w > screenW - 4) x = Math.max(4, sx - w - 10);
    if (y + h > screenH - 4) y = Math.max(4, sy - h - 10);
    el.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  }

  hide(): void { this.el.style.display = 'none'; }

  destroy(): void { this.el.remove(); }
}
