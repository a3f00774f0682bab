/**
 * The live picture of the cluster, drawn with Pixi v8. It reads snapshots and never changes the
 * engine. Three stacked canvases, one per kind of layer:
 * - the base (Pixi's Canvas 2D renderer): region, zones, Fargate pools, instance boxes with their
 *   CPU and memory fill, header cards, each service's deployment card, traffic bands, steady tasks
 *   (RUNNING, STOPPED), dots and per-instance and per-zone aggregates. It is redrawn only when a
 *   snapshot, the camera, the theme or the selection changes.
 * - the live layer (Pixi's WebGL renderer, transparent): tasks in a timed state (starting, pulling,
 *   draining, stopping), request particles and the selection outlines, redrawn while something moves.
 * - the labels (Canvas 2D, transparent, on top; in screen space, so text stays crisp at every
 *   zoom), rendered with the base: a particle never covers a label.
 * Large filled areas cost almost nothing on the CPU rasteriser but a great deal under software GL
 * (one full-screen quad measured 15–30 ms per frame here), so they live in the base; the GPU draws
 * only what moves (see surfaces.ts).
 *
 * Drawing stops when nothing changes: the scene renders only when a snapshot, the tween fraction,
 * the camera, the theme or the selection changed, or while something moves (particles while the
 * simulation plays, tasks in a timed state, boxes gliding after a reflow).
 *
 * @example
 * const scene = await ClusterScene.create({ host: document.getElementById('canvas-host')! });
 * scene.onSelect = (sel) => ui.getState().select(sel);   // task, instance, service, targetGroup
 * view.subscribe((s) => { if (s.snapshot) scene.draw(s.snapshot); scene.setAlpha(s.alpha); });
 * scene.setTheme('light'); scene.setReducedMotion(true); scene.zoomToFit();
 */
import type { Snapshot, TaskFrame } from '../sim/snapshot';
import { ClusterLayout } from './layout';
import { DARK, ServiceColors, type Theme, type ThemeName } from './palette';
import { Camera, bindInput } from './camera';
import { writeStructure, writeZoneLabels } from './structure';
import { Aggregates, tasksInView, writeDots, writeInstanceAggregates, writeSteadyMarks, writeTasks, writeZoneAggregates } from './tasks';
import { Traffic } from './traffic';
import { chooseLod, focusOf, groupColors, type DrawContext, type Lod } from './context';
import { hitTest, selectionRect, type CanvasSelection, type Hit } from './hit';
import { frameOf } from './frame';
import { outline } from './overlay';
import { Surfaces } from './surfaces';
import { describeScene } from './describe';
import { sceneModel, type SceneModel } from './model';
import { resolveReducedMotion, resolveTheme, screenResolution, watchComfort } from './comfort';
import { BoxTween } from './tween';

export type { CanvasSelection } from './hit';
export type { Lod } from './context';
export type { SceneModel } from './model';

export interface SceneOptions {
  host: HTMLElement;
  /** A theme object, a name, or 'system' (follows prefers-color-scheme). Default 'system'. */
  theme?: Theme | ThemeName | 'system';
  /** true/false, or 'system' (follows prefers-reduced-motion). Default 'system'. */
  reducedMotion?: boolean | 'system';
  /** Freeze the particle clock at this value (deterministic frames for screenshots). */
  fixedClock?: number;
  /** Device pixel ratio to render at; default the screen's (capped at 2). */
  resolution?: number;
}

/**
 * The shape the layout aims at, in steps of a tenth, so that a window dragged wider by a few
 * pixels does not reflow the lanes.
 */
function aspectOf(w: number, h: number): number {
  return Math.round(Math.max(0.4, Math.min(4, w / Math.max(1, h))) * 10) / 10;
}

/** Kinds the app's inspector describes; other canvas hits only highlight. */
const SELECTABLE = new Set<CanvasSelection['kind']>(['task', 'instance', 'service', 'targetGroup', 'loadBalancer', 'appRunner', 'namespace']);
/** The simulation counts as playing if visual time moved this recently (wall ms). */
const PLAYING_WINDOW_MS = 1500;

export class ClusterScene {
  private surfaces = new Surfaces();
  /** Called when the learner clicks a task, instance, service or target group (null: empty space). */
  onSelect: ((selection: CanvasSelection | null) => void) | null = null;
  /** Called when the pointer moves over something on the canvas (null: nothing). */
  onHover: ((selection: CanvasSelection | null) => void) | null = null;

  private camera = new Camera();
  private layout = new ClusterLayout();
  private traffic = new Traffic();
  private colors = new ServiceColors();
  private theme: Theme = DARK;
  private themeChoice: Theme | ThemeName | 'system' = 'system';
  private motionChoice: boolean | 'system' = 'system';
  private reduced = false;
  private snapshot: Snapshot | null = null;
  private frame: TaskFrame | null = null;
  private agg: Aggregates | null = null;
  private alpha = 0;
  private lastVt = NaN;
  private lastMovedAt = -Infinity;
  private clock = 0;
  private lastWall = 0;
  private raf = 0;
  private baseDirty = true;
  private tasksDirty = true;
  private overlayDirty = true;
  private trafficDirty = true;
  private camKey = '';
  private lodNow: Lod = 'detail';
  private tween = new BoxTween();
  private remaining = 0;
  private selected: CanvasSelection | null = null;
  private hovered: Hit | null = null;
  private pointer: { x: number; y: number } | null = null;
  private transitional = false;
  private continuous = false;
  private ready = false;
  private unbind: (() => void) | null = null;
  private unwatch: (() => void) | null = null;
  private resizeObserver: ResizeObserver | null = null;
  /** Frames drawn since creation (tests check that a paused, idle scene stops drawing). */
  framesRendered = 0;
  /** Times the base layer was redrawn. */
  baseRenders = 0;
  /** Wall milliseconds spent building and submitting the last frame. */
  lastFrameMs = 0;

  private constructor(private host: HTMLElement, private opts: SceneOptions) {}

  static async create(opts: SceneOptions): Promise<ClusterScene> {
    const s = new ClusterScene(opts.host, opts);
    s.themeChoice = opts.theme ?? 'system';
    s.motionChoice = opts.reducedMotion ?? 'system';
    s.resolveComfort();
    if (opts.fixedClock !== undefined) s.clock = opts.fixedClock;
    const dpr = opts.resolution ?? screenResolution();
    const width = Math.max(1, opts.host.clientWidth), height = Math.max(1, opts.host.clientHeight);
    await s.surfaces.init(opts.host, width, height, dpr, s.theme.background);
    const canvas = s.surfaces.canvas;
    s.camera.width = width;
    s.camera.height = height;
    s.layout.aspect = aspectOf(width, height);
    s.unbind = bindInput(canvas, s.camera, {
      changed: () => s.request(),
      hover: (x, y) => { s.pointer = { x, y }; s.updateHover(); },
      click: (x, y) => s.click(x, y),
      leave: () => { s.pointer = null; s.updateHover(); },
      fit: () => s.zoomToFit(),
    });
    if (typeof ResizeObserver !== 'undefined') {
      s.resizeObserver = new ResizeObserver(() => s.resize());
      s.resizeObserver.observe(opts.host);
    }
    s.unwatch = watchComfort(() => s.resolveComfort(), (r) => s.setResolution(r));
    s.ready = true;
    s.updateAria();
    s.request();
    return s;
  }

  /** The live layer's renderer ('webgl' where WebGL works). */
  get rendererName(): string { return this.surfaces.live.renderer.name; }
  /** The current level of detail. */
  get lod(): Lod { return this.lodNow; }
  get zoom(): number { return this.camera.zoom; }
  get reducedMotion(): boolean { return this.reduced; }
  get themeName(): ThemeName { return this.theme.name; }
  get selection(): CanvasSelection | null { return this.selected; }

  /** Numbers for tests and the benchmark. */
  get stats(): { frames: number; baseRenders: number; lod: Lod; zoom: number; quads: number; particles: number; lastFrameMs: number } {
    return { frames: this.framesRendered, baseRenders: this.baseRenders, lod: this.lodNow, zoom: this.camera.zoom,
      quads: this.surfaces.tasks.count + this.surfaces.particles.count + this.surfaces.overlay.count,
      particles: this.surfaces.particles.count, lastFrameMs: this.lastFrameMs };
  }

  /** Shows a snapshot (the same object twice is ignored). */
  draw(s: Snapshot, alpha?: number): void {
    if (alpha !== undefined) this.alpha = alpha;
    if (s === this.snapshot) { this.request(); return; }
    this.snapshot = s;
    this.frame = frameOf(s);
    for (const svc of s.services) this.colors.get(svc.serviceName);
    for (const g of this.frame.groups) this.colors.get(g.service ?? g.name.replace(/^family:/, ''));
    for (const a of s.appRunnerServices ?? []) this.colors.get(a.serviceName);
    const before = BoxTween.positions(this.layout);
    const changed = this.layout.update(s, this.frame, s.services.map((x) => x.serviceName));
    if (changed) {
      if (!this.reduced && before.size) this.tween.start(before, this.layout, performance.now());
      if (!this.camera.userMoved) this.fitCamera();
    }
    this.agg = new Aggregates({ frame: this.frame, layout: this.layout });
    this.baseDirty = this.tasksDirty = this.overlayDirty = this.trafficDirty = true;
    this.refreshHover();
    this.updateAria();
    this.request();
  }

  /**
   * Forgets the cluster on screen, for another scenario: instance places, task cells, service
   * colours and traffic start afresh, and the camera fits the new cluster once it is drawn. (A
   * rewind of the same scenario keeps them: every box and cell stays where it was.)
   */
  reset(): void {
    this.layout = new ClusterLayout();
    this.traffic = new Traffic();
    this.colors = new ServiceColors();
    this.tween = new BoxTween();
    this.snapshot = null;
    this.frame = null;
    this.agg = null;
    this.selected = null;
    this.hovered = null;
    this.camera.userMoved = false;
    this.baseDirty = this.tasksDirty = this.overlayDirty = this.trafficDirty = true;
    this.request();
  }

  /** Fraction (0..1) of the next simulated step already elapsed; tweens marks between steps. */
  setAlpha(alpha: number): void {
    if (alpha === this.alpha) return;
    this.alpha = alpha;
    this.request();
  }

  /** Dark, light, or 'system' (follows the operating system). Accepts the palette's Theme objects. */
  setTheme(theme: Theme | ThemeName | 'system'): void {
    this.themeChoice = theme;
    this.resolveComfort();
  }

  /** Reduced motion on/off, or 'system' (prefers-reduced-motion). No particles or tweens when on. */
  setReducedMotion(on: boolean | 'system'): void {
    this.motionChoice = on;
    this.resolveComfort();
  }

  /** Highlights a selection from the app (the inspector's), or clears it. Does not call onSelect. */
  setSelection(sel: { kind: string; id: string } | null): void {
    const next = sel ? { kind: sel.kind as CanvasSelection['kind'], id: sel.id } : null;
    if (next?.kind === this.selected?.kind && next?.id === this.selected?.id) return;
    this.selected = next;
    this.baseDirty = this.tasksDirty = this.overlayDirty = true;
    this.request();
  }

  zoomIn(): void { this.camera.zoomAt(this.camera.width / 2, this.camera.height / 2, 1.4); this.request(); }
  zoomOut(): void { this.camera.zoomAt(this.camera.width / 2, this.camera.height / 2, 1 / 1.4); this.request(); }
  /** Fits the whole cluster and follows it again as it grows. */
  zoomToFit(): void { this.camera.userMoved = false; this.fitCamera(); this.request(); }
  /** Pans by screen pixels. */
  panBy(dx: number, dy: number): void { this.camera.panBy(dx, dy); this.request(); }
  /** Centres the view on a selection (zooming in until tasks are drawn in full). */
  focus(sel: { kind: string; id: string }): boolean {
    const r = this.snapshot && this.frame ? selectionRect(this.layout, this.snapshot, this.frame, sel, this.offset) : null;
    if (!r) return false;
    this.camera.centreOn(r, sel.kind === 'task' ? 1.5 : this.camera.zoom);
    this.request();
    return true;
  }

  /** Renders every animation frame until turned off (the render benchmark). */
  setContinuous(on: boolean): void { this.continuous = on; this.request(); }

  /** Builds and renders one frame now, synchronously. */
  renderNow(): void { cancelAnimationFrame(this.raf); this.frameTick(performance.now()); }

  /** What the frame on screen shows, as data: marks, cards, weights, labels, layers (see model.ts). */
  model(): SceneModel | null {
    const ctx = this.context(performance.now());
    if (!ctx) return null;
    ctx.lod = this.lodNow;
    const b = this.layout.bounds, cam = this.camera;
    const drawn = { x: Math.round(b.x * cam.zoom + cam.x), y: Math.round(b.y * cam.zoom + cam.y), w: Math.round(b.w * cam.zoom), h: Math.round(b.h * cam.zoom) };
    return sceneModel(ctx, this.surfaces.labels.shownLabels(), { width: cam.width, height: cam.height }, drawn, this.surfaces.layerOrder());
  }

  /** A sentence describing what the canvas shows (also its aria-label). */
  describe(): string { return this.snapshot && this.frame ? describeScene(this.snapshot, this.frame, this.lodNow) : 'Loading the cluster.'; }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    this.unbind?.();
    this.resizeObserver?.disconnect();
    this.unwatch?.();
    this.surfaces.destroy();
  }

  private request(): void {
    if (this.ready && !this.raf) this.raf = requestAnimationFrame((now) => this.frameTick(now));
  }

  private resolveComfort(): void {
    const theme = resolveTheme(this.themeChoice);
    if (JSON.stringify(theme) !== JSON.stringify(this.theme)) {
      this.theme = theme;
      if (this.ready) this.surfaces.setBackground(theme.background);
      this.surfaces.labels.reset();
    }
    this.reduced = resolveReducedMotion(this.motionChoice);
    if (this.reduced) this.tween.stop();
    this.baseDirty = this.tasksDirty = this.overlayDirty = this.trafficDirty = true;
    this.request();
  }

  /** Re-renders crisp at a new pixel ratio (the window moved to another screen). */
  private setResolution(r: number): void {
    if (this.opts.resolution || r === this.surfaces.resolution) return;
    this.surfaces.setResolution(r);
    this.camera.width = -1;
    this.resize();
  }

  private resize(): void {
    const w = Math.max(1, this.host.clientWidth), h = Math.max(1, this.host.clientHeight);
    if (w === this.camera.width && h === this.camera.height) return;
    this.camera.width = w;
    this.camera.height = h;
    this.surfaces.resize(w, h);
    this.layout.aspect = aspectOf(w, h);
    this.relayout();
    if (!this.camera.userMoved) this.fitCamera();
    this.baseDirty = this.tasksDirty = true;
    this.request();
  }

  /** Lays the cluster on screen out again for the same snapshot (the canvas changed shape). */
  private relayout(): void {
    const s = this.snapshot, frame = this.frame;
    if (!s || !frame) return;
    if (this.layout.update(s, frame, s.services.map((x) => x.serviceName))) {
      this.agg = new Aggregates({ frame, layout: this.layout });
      this.trafficDirty = this.overlayDirty = true;
    }
  }

  private fitCamera(): void {
    if (this.layout.bounds.w > 0) this.camera.fit(this.layout.bounds);
  }

  private context(now: number): DrawContext | null {
    const s = this.snapshot, frame = this.frame, agg = this.agg;
    if (!s || !frame || !agg) return null;
    const remaining = this.remaining = this.tween.remaining(now);
    const { color, old, byRevision } = groupColors(frame, this.colors, s);
    const view = this.camera.view();
    const ctx: DrawContext = {
      snapshot: s, frame, layout: this.layout, theme: this.theme, colors: this.colors, vt: s.t + this.alpha,
      lod: this.lodNow, zoom: this.camera.zoom, view, focus: focusOf(this.selected, s, frame), reducedMotion: this.reduced,
      groupColor: color, groupOldColor: old, revisionColors: byRevision, agg,
      offsetX: (o) => this.tween.offset(o, remaining).dx,
      offsetY: (o) => this.tween.offset(o, remaining).dy,
    };
    ctx.lod = chooseLod(this.camera.zoom, tasksInView(ctx, agg));
    return ctx;
  }

  private frameTick(now: number): void {
    this.raf = 0;
    if (!this.ready) return;
    const t0 = performance.now();
    const wallDt = this.lastWall ? Math.min(0.1, (now - this.lastWall) / 1000) : 0;
    this.lastWall = now;
    const ctx = this.context(now);
    const cam = this.camera;
    this.surfaces.place(cam);
    let again = this.continuous;
    let baseChanged = false;
    if (ctx) {
      const vt = ctx.vt;
      const moved = vt !== this.lastVt;
      if (moved) { this.lastVt = vt; this.lastMovedAt = now; }
      const playing = now - this.lastMovedAt < PLAYING_WINDOW_MS;
      if (this.opts.fixedClock === undefined && !this.reduced && playing) this.clock += wallDt;
      const key = cam.key();
      const tweening = this.tween.active;
      if (key !== this.camKey || ctx.lod !== this.lodNow) { this.camKey = key; this.baseDirty = this.tasksDirty = this.overlayDirty = true; }
      this.lodNow = ctx.lod;
      if (this.trafficDirty) { this.traffic.update(ctx, this.clock); this.trafficDirty = false; this.baseDirty = true; }
      if (this.baseDirty || tweening) { this.buildBase(ctx); baseChanged = true; }
      if (this.tasksDirty || tweening || this.continuous || (moved && this.transitional)) this.buildTasks(ctx);
      const particles = !this.reduced && this.traffic.active;
      const pl = this.surfaces.particles;
      pl.begin();
      if (particles) this.traffic.writeParticles(pl, ctx, this.clock);
      pl.end();
      if (this.overlayDirty || tweening) this.buildOverlay(ctx);
      again ||= tweening || (particles && playing && this.opts.fixedClock === undefined) || (this.transitional && playing);
    } else if (this.baseDirty) {
      this.surfaces.structure.clear();
      baseChanged = true;
      this.baseDirty = false;
    }
    if (baseChanged) { this.surfaces.renderBase(); this.baseRenders++; }
    this.surfaces.renderLive();
    this.framesRendered++;
    this.lastFrameMs = performance.now() - t0;
    if (again) this.request();
  }

  /** The base layer: frame, bands, aggregates and labels (Canvas 2D). */
  private buildBase(ctx: DrawContext): void {
    const cam = this.camera;
    const { labels, dense: d } = this.surfaces;
    const g = this.surfaces.structure.clear();
    labels.begin(cam.zoom, cam.x, cam.y, cam.width, cam.height);
    d.begin(cam.width, cam.height, this.surfaces.resolution, cam.zoom, cam.x, cam.y);
    writeStructure(g, labels, ctx);
    this.traffic.writeBands(g, ctx.zoom);
    if (ctx.lod === 'zones') { writeZoneAggregates(d, ctx, ctx.agg); writeZoneLabels(d, labels, ctx); }
    else if (ctx.lod === 'instances') writeInstanceAggregates(d, ctx, ctx.agg);
    else if (ctx.lod === 'dots') writeDots(d, ctx);
    else writeSteadyMarks(d, ctx);
    d.end();
    labels.end();
    this.baseDirty = false;
  }

  /** The live task layer: marks (detail) or dots; aggregates are drawn in the base. */
  private buildTasks(ctx: DrawContext): void {
    const layer = this.surfaces.tasks;
    layer.begin();
    const live = ctx.lod === 'detail' ? writeTasks(layer, ctx) : 0;
    layer.end();
    this.transitional = live > 0;
    this.tasksDirty = false;
  }

  private buildOverlay(ctx: DrawContext): void {
    const o = this.surfaces.overlay;
    o.begin();
    const w = 2 / ctx.zoom;
    if (this.selected) {
      const r = selectionRect(this.layout, ctx.snapshot, ctx.frame, this.selected, this.offset);
      if (r) outline(o, r, ctx.theme.selection, Math.max(1.5, w), Math.max(2, 3 / ctx.zoom), 4);
    }
    if (this.hovered && !(this.selected && this.hovered.kind === this.selected.kind && this.hovered.id === this.selected.id)) {
      outline(o, this.hovered.rect, ctx.theme.hover, Math.max(1, w * 0.6), Math.max(1.5, 2 / ctx.zoom), 4);
    }
    o.end();
    this.overlayDirty = false;
    if (this.hovered && this.pointer) {
      this.surfaces.tooltip.show(this.hovered.text, this.pointer.x, this.pointer.y, this.camera.width, this.camera.height, ctx.theme);
    } else this.surfaces.tooltip.hide();
  }

  private offset = (owner: number) => this.tween.offset(owner, this.remaining);

  private hitAt(sx: number, sy: number): Hit | null {
    if (!this.snapshot || !this.frame) return null;
    const p = this.camera.toWorld(sx, sy);
    return hitTest(this.layout, this.snapshot, this.frame, p.x, p.y, this.offset);
  }

  private updateHover(): void {
    const hit = this.pointer ? this.hitAt(this.pointer.x, this.pointer.y) : null;
    const same = hit?.kind === this.hovered?.kind && hit?.id === this.hovered?.id;
    this.hovered = hit;
    this.surfaces.canvas.style.cursor = hit ? 'pointer' : 'default';
    if (!same) this.onHover?.(hit ? { kind: hit.kind, id: hit.id } : null);
    this.overlayDirty = true;
    this.request();
  }

  private refreshHover(): void { if (this.pointer) this.updateHover(); }

  private click(sx: number, sy: number): void {
    const hit = this.hitAt(sx, sy);
    const sel = hit ? { kind: hit.kind, id: hit.id } : null;
    this.selected = sel;
    this.baseDirty = this.tasksDirty = this.overlayDirty = true;
    this.request();
    if (!sel || SELECTABLE.has(sel.kind)) this.onSelect?.(sel);
  }

  private lastAria = '';
  private updateAria(): void {
    const text = `${this.describe()} Zoom with the wheel or + and -, pan by dragging or with the arrow keys, 0 fits the cluster.`;
    if (text !== this.lastAria) { this.lastAria = text; if (this.ready) this.surfaces.canvas.setAttribute('aria-label', text); }
  }
}

