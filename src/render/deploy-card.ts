/**
 * A service's deployment card, in the region header: the service's colour and strategy; each
 * revision in flight with its hue and its shape (older revisions are slashed, as their task marks
 * are); the band the scheduler keeps (healthy tasks at or above `minimumHealthyPercent`, all tasks
 * at or under `maximumPercent`); the circuit breaker's failures out of its threshold; the bake or
 * the next traffic step still to wait; and ghost chips for tasks that wait for capacity or could
 * not be placed.
 *
 *   ┌──────────────────────────────────────────────┐
 *   │ ■ web                      ROLLING · deploying │
 *   │ ■ web:3 new 2/4   ▨ web:2 old 3/3              │
 *   │ [████████▓▓▓▓░░░|░░░░░░░]  healthy 4 ≥ 2 · 6 ≤ 8 │
 *   │ b71223c2: insufficient CPU units               │
 *   │ breaker 1/3 · bake 4:10   ⬚⬚ 2 cannot be placed │
 *   └──────────────────────────────────────────────┘
 */
import type { Graphics } from 'pixi.js';
import type { DeploymentCardSnap } from '../sim/deployments/card';
import type { Labels } from './labels';
import type { Rect } from './layout';
import type { DrawContext } from './context';
import { box } from './draw';
import { revisionColor } from './palette';

/** Ghost chips drawn at most; more are counted in the label. */
const GHOSTS_SHOWN = 6;

function mmss(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The state the card's title gives: deploying, steady, failed, or the blue/green stage. */
export function cardStatus(c: DeploymentCardSnap): string {
  if (c.stage && c.stage !== 'DONE') return c.stage.replace(/_/g, ' ').toLowerCase();
  const primary = c.revisions.find((r) => r.role === 'new');
  if (primary?.rolloutState === 'FAILED') return 'failed';
  return c.inProgress ? 'deploying' : 'steady';
}

/** "bake 4:10 left" or "next traffic step in 2:00". */
export function waitText(c: DeploymentCardSnap): string | null {
  if (!c.wait) return null;
  return c.wait.kind === 'bake' ? `bake ${mmss(c.wait.remainingSeconds)} left` : `next traffic step in ${mmss(c.wait.remainingSeconds)}`;
}

/**
 * Why a task could not be placed, short enough for the card: the closest instance by the short ID
 * its box shows, and what it lacked ("b71223c2: insufficient CPU units").
 */
export function placementWhy(reason: string): string {
  const m = /container-instance (\w+) (?:has |is |does )?(.*?)(?: available)?\.$/.exec(reason);
  return m ? `${m[1]!.slice(0, 8)}: ${m[2]}` : reason;
}

/** The band as a sentence: what the scheduler must keep and must not pass. */
export function bandText(c: DeploymentCardSnap): string {
  const b = c.band;
  return `healthy ${b.healthy} (min ${b.minHealthy}) · tasks ${b.total} (max ${b.maxTotal})`;
}

/** The hue of a revision on the card: the same as its task marks. */
export function revisionHue(serviceColor: number, c: DeploymentCardSnap, index: number): number {
  return revisionColor(serviceColor, c.revisions[index]!.role === 'new' ? 0 : Math.max(1, index));
}

export function writeDeploymentCard(q: Graphics, labels: Labels, ctx: DrawContext, name: string, r: Rect): void {
  const { theme, zoom } = ctx;
  const c = ctx.snapshot.deploymentCards?.find((x) => x.service === name);
  const color = ctx.colors.get(name);
  const selected = ctx.focus.service === name;
  box(q, zoom, r.x, r.y, r.w, r.h, 10, theme.card, 1, selected ? theme.selection : theme.cardBorder, selected ? 2 : 1, 1);
  box(q, zoom, r.x + 10, r.y + 9, 14, 14, 3, color, 1, 0, 0, 0);
  labels.add(`legend-${name}`, name, r.x + 30, r.y + 16, { roomH: 22, size: 13, color: theme.text, bold: true, valign: 0.5, room: r.w * 0.5 });
  if (!c) return;
  const status = cardStatus(c);
  labels.add(`dc-status-${name}`, [`${c.strategy.replace('_', ' ')} · ${status}`, status], r.x + r.w - 10, r.y + 16,
    { roomH: 20, size: 11, color: status === 'failed' ? theme.unhealthy : theme.muted, align: 1, valign: 0.5, room: r.w * 0.45 });
  writeRevisions(q, labels, ctx, c, color, r);
  writeBand(q, labels, ctx, c, r);
  writeBreakerAndGhosts(q, labels, ctx, c, r);
}

function writeRevisions(q: Graphics, labels: Labels, ctx: DrawContext, c: DeploymentCardSnap, color: number, r: Rect): void {
  const { theme, zoom } = ctx;
  let x = r.x + 10;
  const y = r.y + 32;
  c.revisions.slice(0, 3).forEach((rev, i) => {
    const hue = revisionHue(color, c, i);
    const w = (r.w - 20) / Math.min(3, Math.max(2, c.revisions.length));
    box(q, zoom, x, y + 2, 12, 12, 3, hue, 1, 0, 0, 0);
    // Older revisions carry the slash their task marks carry: colour is never the only cue.
    if (rev.role === 'old') q.moveTo(x + 1, y + 13).lineTo(x + 11, y + 3).stroke({ color: theme.card, width: 2.2 / zoom, alpha: 1 });
    const family = rev.taskDefinition.replace(/^.*task-definition\//, '');
    labels.add(`dc-rev-${c.service}-${i}`, [`${family} ${rev.role} · ${rev.healthy}/${rev.tasks}`, `${family} ${rev.role}`, `:${rev.revision}`],
      x + 17, y + 8, { roomH: 18, size: 11, color: theme.text, valign: 0.5, room: w - 22 });
    x += w;
  });
}

function writeBand(q: Graphics, labels: Labels, ctx: DrawContext, c: DeploymentCardSnap, r: Rect): void {
  const { theme, zoom } = ctx;
  const b = c.band;
  const x = r.x + 10, y = r.y + 56, w = r.w - 20, h = 10;
  const scale = Math.max(1, b.maxTotal, b.total);
  const at = (n: number) => x + (w * n) / scale;
  box(q, zoom, x, y, w, h, 3, theme.laneBorder, 0.6, 0, 0, 0);
  // What may run: up to the maximum; what must stay healthy: up to the minimum (a tick).
  box(q, zoom, x, y, at(b.total) - x, h, 3, theme.cpu, 0.35, 0, 0, 0);
  box(q, zoom, x, y, at(b.healthy) - x, h, 3, theme.cpu, 1, 0, 0, 0);
  box(q, zoom, at(b.minHealthy) - 1, y - 4, 2.5, h + 8, 1, theme.draining, 1, 0, 0, 0);
  box(q, zoom, at(b.maxTotal) - 1.5, y - 4, 2.5, h + 8, 1, theme.text, 1, 0, 0, 0);
  labels.add(`dc-band-${c.service}`, [bandText(c), `healthy ${b.healthy}/${b.minHealthy} · tasks ${b.total}/${b.maxTotal}`], x, y + h + 3,
    { roomH: 16, size: 11, color: theme.muted, room: w });
}

function writeBreakerAndGhosts(q: Graphics, labels: Labels, ctx: DrawContext, c: DeploymentCardSnap, r: Rect): void {
  const { theme, zoom } = ctx;
  const y = r.y + r.h - 22;
  const parts: string[] = [];
  if (c.breaker) parts.push(`breaker ${c.breaker.failed}/${c.breaker.threshold}`);
  const wait = waitText(c);
  if (wait) parts.push(wait);
  const tripping = c.breaker !== null && c.breaker.failed > 0;
  if (parts.length) labels.add(`dc-state-${c.service}`, parts.join(' · '), r.x + 10, y + 7, { roomH: 18, size: 11, color: tripping ? theme.unhealthy : theme.text, valign: 0.5, room: r.w * 0.5 });
  const ghosts = c.waiting + c.unplaced;
  if (!ghosts) return;
  // Ghost chips: the outline of a task that is not there, from the right edge leftwards.
  const shown = Math.min(GHOSTS_SHOWN, ghosts);
  const gx = r.x + r.w - 10 - shown * 14;
  for (let k = 0; k < shown; k++) {
    const unplaced = k < c.unplaced;
    box(q, zoom, gx + k * 14, y + 1, 11, 11, 3, null, 0, unplaced ? theme.unhealthy : theme.muted, 1.5, 0.9);
  }
  if (c.unplacedReason) {
    const why = placementWhy(c.unplacedReason);
    labels.add(`dc-why-${c.service}`, why, r.x + 10, r.y + 88, { roomH: 16, size: 11, color: theme.unhealthy, room: r.w - 20 });
  }
  const text = c.unplaced ? `${c.unplaced} cannot be placed` : `${c.waiting} waiting for capacity`;
  const short = c.unplaced ? `${c.unplaced} unplaced` : `${c.waiting} waiting`;
  labels.add(`dc-ghost-${c.service}`, [text, short], gx - 6, y + 7, { roomH: 18, size: 11, color: c.unplaced ? theme.unhealthy : theme.muted, align: 1, valign: 0.5, room: r.w * 0.5 });
}
