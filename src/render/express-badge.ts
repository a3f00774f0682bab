/** The "Express" pill on what ECS Express Mode created (§13): a service's card, its load balancer. */
import type { Graphics } from 'pixi.js';
import type { Labels } from './labels';
import type { DrawContext } from './context';
import { box } from './draw';
import { EXPRESS_BADGE_W } from './layout';

export function expressBadge(q: Graphics, labels: Labels, ctx: DrawContext, key: string, x: number, y: number, text = 'Express', w = EXPRESS_BADGE_W): void {
  box(q, ctx.zoom, x, y, w, 14, 7, ctx.theme.selection, 1, 0, 0, 0);
  labels.add(key, text, x + w / 2, y + 7, { roomH: 14, size: 9, color: ctx.theme.card, bold: true, align: 0.5, valign: 0.5, room: w - 4 });
}
