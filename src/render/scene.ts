/**
 * The live picture of the cluster, drawn with Pixi v8. It reads snapshots and never changes the
 * engine. Two stacked canvases, one per kind of layer:
 * - the base (Pixi's Canvas 2D renderer): region, zones, Fargate pools, instance boxes with their
 *   CPU and memory fill, header cards, traffic bands, per-instance and per-zone aggregates, and the
 *   labels (in screen space, so text stays crisp at every zoom). It is redrawn only when a snapshot,
 *   the camera, the theme or the selection changes.
 * - the live layer (Pixi's WebGL renderer, transparent): task marks, request particles and the
 *   selection outlines, redrawn while something moves.
 * Large filled areas cost almost nothing on the CPU rasteriser but a great deal under software GL
 * (one full-screen quad measured 15–30 ms per frame here), so they live in the base; the GPU draws
 * only what moves.
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
import { Application, Container, Graphics } from 'pixi.js';
import type { Snapshot, TaskFrame } from '../sim/snapshot';
import { ClusterLayout, cellRect as cellRectOf, type Rect } from './layout';
import { DARK, LIGHT, ServiceColors, type Theme, type ThemeName } from './palette';
import { QuadLayer, setMinQuadSize } from './quads';
import { Labels } from './labels';
import { Camera, bindInput } from './camera';
import { writeStructure, writeZoneLabels } from './structure';
import { Aggregates, tasksInView, writeDots, writeInstanceAggregates, writeSteadyMarks, writeTasks, writeZoneAggregates } from './tasks';
import { Traffic } from './traffic';
import { chooseLod, groupColors, NO_FOCUS, type DrawContext, type Focus, type Lod } from './context';
import { hitTest, type CanvasSelection, type Hit } from './hit';
import { frameOf } from './frame';
import { outline, Tooltip } from './overlay';
import { describeScene } from './describe';

export type { CanvasSelection } from './hit';
export type { Lod } from './context';

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

/** Kinds the app's inspector describes; other canvas hits only highlight. */
const SELECTABLE = new Set<CanvasSelection['kind']>(['task', 'instance', 'service', 'targetGroup']);
const TWEEN_MS = 380;
/** The simulation counts as playing if visual time moved this recently (wall ms). */
const PLAYING_WINDOW_MS = 1500;

function layerStyle(c: HTMLCanvasElement): void {
  Object.assign(c.style, { position: 'absolute', left: '0', top: '0', display: 'block' });
}

export class ClusterScene {
  /** The live layer (WebGL): task marks, particles, outlines. Its canvas takes the input. */
  readonly app = new Application();
  /** The base layer (Canvas 2D): everything that changes only with a snapshot or the camera. */
  readonly base = new Application();
  /** Called when the learner clicks a task, instance, service or target group (null: empty space). */
  onSelect: ((selection: CanvasSelection | null) => void) | null = null;
  /** Called when the pointer moves over something on the canvas (null: nothing). */
  onHover: ((selection: CanvasSelection | null) => void) | null = null;

  private baseWorld = new Container();
  private structure = new Graphics();
  private liveWorld = new Container();
  private taskLayer = new QuadLayer(4096);
  private particleLayer = new QuadLayer(1024);
  private overlayLayer = new QuadLayer(16);
  private labels = new Labels();
  private tooltip!: Tooltip;
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
  private tween: { from: Map<number, { dx: number; dy: number }>; start: number } | null = null;
  private selected: CanvasSelection | null = null;
  private hovered: Hit | null = null;
  private pointer: { x: number; y: number } | null = null;
  private transitional = false;
  private continuous = false;
  private ready = false;
  private unbind: (() => void) | null = null;
  private media: { query: MediaQueryList; fn: () => void }[] = [];
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
    const dpr = opts.resolution ?? Math.min(2, globalThis.devicePixelRatio || 1);
    const width = Math.max(1, opts.host.clientWidth), height = Math.max(1, opts.host.clientHeight);
    const common = { width, height, autoDensity: true, resolution: dpr, autoStart: false, sharedTicker: false } as const;
    await s.base.init({ ...common, background: s.theme.background, antialias: true, preference: ['canvas'] });
    // Shapes anti-alias themselves (signed distances in the shader); MSAA under software GL cost
    // more than half the frame.
    await s.app.init({ ...common, backgroundAlpha: 0, antialias: false, preference: 'webgl' });
    s.labels.resolution = dpr;
    layerStyle(s.base.canvas);
    layerStyle(s.app.canvas);
    s.base.canvas.setAttribute('aria-hidden', 'true');
    const canvas = s.app.canvas;
    canvas.setAttribute('role', 'img');
    canvas.tabIndex = 0;
    canvas.style.touchAction = 'none';
    opts.host.append(s.base.canvas, canvas);
    s.tooltip = new Tooltip(opts.host);
    s.baseWorld.addChild(s.structure);
    s.base.stage.addChild(s.baseWorld, s.labels.container);
    s.liveWorld.addChild(s.taskLayer.mesh, s.particleLayer.mesh, s.overlayLayer.mesh);
    s.app.stage.addChild(s.liveWorld);
    s.app.stage.eventMode = 'none';
    s.base.stage.eventMode = 'none';
    s.camera.width = width;
    s.camera.height = height;
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
    s.watchMedia();
    s.ready = true;
    s.updateAria();
    s.request();
    return s;
  }

  /** The live layer's renderer ('webgl' where WebGL works). */
  get rendererName(): string { return this.app.renderer.name; }
  /** The current level of detail. */
  get lod(): Lod { return this.lodNow; }
  get zoom(): number { return this.camera.zoom; }
  get reducedMotion(): boolean { return this.reduced; }
  get themeName(): ThemeName { return this.theme.name; }
  get selection(): CanvasSelection | null { return this.selected; }

  /** Numbers for tests and the benchmark. */
  get stats(): { frames: number; baseRenders: number; lod: Lod; zoom: number; quads: number; particles: number; lastFrameMs: number } {
    return { frames: this.framesRendered, baseRenders: this.baseRenders, lod: this.lodNow, zoom: this.camera.zoom,
      quads: this.taskLayer.count + this.particleLayer.count + this.overlayLayer.count,
      particles: this.particleLayer.count, lastFrameMs: this.lastFrameMs };
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
    const before = this.positions();
    const changed = this.layout.update(s, this.frame, s.services.map((x) => x.serviceName));
    if (changed) {
      this.startTween(before);
      if (!this.camera.userMoved) this.fitCamera();
    }
    this.agg = new Aggregates({ frame: this.frame, layout: this.layout });
    this.baseDirty = this.tasksDirty = this.overlayDirty = this.trafficDirty = true;
    this.refreshHover();
    this.updateAria();
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
    const r = this.rectOf(sel);
    if (!r) return false;
    this.camera.centreOn(r, sel.kind === 'task' ? 1.5 : this.camera.zoom);
    this.request();
    return true;
  }

  /** Renders every animation frame until turned off (the render benchmark). */
  setContinuous(on: boolean): void { this.continuous = on; this.request(); }

  /** Builds and renders one frame now, synchronously. */
  renderNow(): void { cancelAnimationFrame(this.raf); this.frameTick(performance.now()); }

  /** A sentence describing what the canvas shows (also its aria-label). */
  describe(): string { return this.snapshot && this.frame ? describeScene(this.snapshot, this.frame, this.lodNow) : 'Loading the cluster.'; }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    this.unbind?.();
    this.resizeObserver?.disconnect();
    for (const m of this.media) m.query.removeEventListener('change', m.fn);
    this.tooltip?.destroy();
    this.app.destroy(true, { children: true });
    this.base.destroy(true, { children: true });
  }

  private request(): void {
    if (this.ready && !this.raf) this.raf = requestAnimationFrame((now) => this.frameTick(now));
  }

  private resolveComfort(): void {
    const mq = (q: string) => typeof matchMedia === 'function' && matchMedia(q).matches;
    const c = this.themeChoice;
    const next = typeof c === 'object' ? c : c === 'system' ? (mq('(prefers-color-scheme: light)') ? LIGHT : DARK) : c === 'light' ? LIGHT : DARK;
    const theme = { ...(next.name === 'light' ? LIGHT : DARK), ...next };
    if (JSON.stringify(theme) !== JSON.stringify(this.theme)) {
      this.theme = theme;
      if (this.ready) this.base.renderer.background.color = theme.background;
      this.labels.reset();
    }
    this.reduced = this.motionChoice === 'system' ? mq('(prefers-reduced-motion: reduce)') : this.motionChoice;
    if (this.reduced) this.tween = null;
    this.baseDirty = this.tasksDirty = this.overlayDirty = this.trafficDirty = true;
    this.request();
  }

  private watchMedia(): void {
    if (typeof matchMedia !== 'function') return;
    const watch = (q: string, fn: () => void) => {
      const query = matchMedia(q);
      query.addEventListener('change', fn);
      this.media.push({ query, fn });
    };
    watch('(prefers-color-scheme: light)', () => this.resolveComfort());
    watch('(prefers-reduced-motion: reduce)', () => this.resolveComfort());
    // Moving the window to a screen with another pixel ratio: re-render crisp at the new ratio.
    const dpr = () => {
      if (this.opts.resolution) return;
      const r = Math.min(2, globalThis.devicePixelRatio || 1);
      if (r !== this.app.renderer.resolution) {
        this.app.renderer.resolution = r;
        this.base.renderer.resolution = r;
        this.labels.resolution = r;
        this.labels.reset();
        this.camera.width = -1;
        this.resize();
      }
      watch(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`, dpr);
    };
    watch(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`, dpr);
  }

  private resize(): void {
    const w = Math.max(1, this.host.clientWidth), h = Math.max(1, this.host.clientHeight);
    if (w === this.camera.width && h === this.camera.height) return;
    this.camera.width = w;
    this.camera.height = h;
    this.app.renderer.resize(w, h);
    this.base.renderer.resize(w, h);
    if (!this.camera.userMoved) this.fitCamera();
    this.baseDirty = this.tasksDirty = true;
    this.request();
  }

  private fitCamera(): void {
    if (this.layout.bounds.w > 0) this.camera.fit(this.layout.bounds);
  }

  private positions(): Map<number, { x: number; y: number }> {
    const m = new Map<number, { x: number; y: number }>();
    for (const b of this.layout.boxes.values()) m.set(b.slot, { x: b.x, y: b.y });
    for (const l of this.layout.lanes) if (l.pool) m.set(-1 - l.index, { x: l.pool.x, y: l.pool.y });
    return m;
  }

  private startTween(before: Map<number, { x: number; y: number }>): void {
    if (this.reduced || !before.size) { this.tween = null; return; }
    const after = this.positions();
    const from = new Map<number, { dx: number; dy: number }>();
    for (const [k, p] of after) {
      const b = before.get(k);
      if (b && (b.x !== p.x || b.y !== p.y)) from.set(k, { dx: b.x - p.x, dy: b.y - p.y });
    }
    this.tween = from.size ? { from, start: performance.now() } : null;
  }

  private tweenK(now: number): number {
    if (!this.tween) return 1;
    const k = Math.min(1, (now - this.tween.start) / TWEEN_MS);
    if (k >= 1) this.tween = null;
    return 1 - (1 - k) * (1 - k) * (1 - k);
  }

  private focusOf(frame: TaskFrame): Focus {
    const sel = this.selected;
    if (!sel) return NO_FOCUS;
    const f: Focus = { ...NO_FOCUS };
    if (sel.kind === 'task') f.taskSlot = frame.taskIds.indexOf(sel.id);
    else if (sel.kind === 'instance') f.instanceSlot = this.snapshot?.instances.find((i) => i.id === sel.id)?.slot ?? -1;
    else if (sel.kind === 'service') {
      f.service = sel.id;
      f.groups = new Set(frame.groups.map((g, i) => (g.service === sel.id ? i : -1)).filter((i) => i >= 0));
    } else if (sel.kind === 'targetGroup') {
      f.targetGroupName = sel.id;
      f.targetGroup = this.snapshot?.targetGroups.findIndex((t) => t.targetGroupName === sel.id) ?? -1;
    } else if (sel.kind === 'loadBalancer') f.loadBalancer = sel.id;
    else if (sel.kind === 'appRunner') f.appRunner = sel.id;
    else if (sel.kind === 'namespace') f.namespace = sel.id;
    return f;
  }

  private context(now: number): DrawContext | null {
    const s = this.snapshot, frame = this.frame, agg = this.agg;
    if (!s || !frame || !agg) return null;
    const k = this.tweenK(now);
    const from = this.tween?.from;
    const { color, old } = groupColors(frame, this.colors);
    const view = this.camera.view();
    const ctx: DrawContext = {
      snapshot: s, frame, layout: this.layout, theme: this.theme, colors: this.colors, vt: s.t + this.alpha,
      lod: this.lodNow, zoom: this.camera.zoom, view, focus: this.focusOf(frame), reducedMotion: this.reduced,
      groupColor: color, groupOldColor: old, agg,
      offsetX: (o) => (from?.get(o)?.dx ?? 0) * (1 - k),
      offsetY: (o) => (from?.get(o)?.dy ?? 0) * (1 - k),
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
    for (const w of [this.baseWorld, this.liveWorld]) { w.position.set(cam.x, cam.y); w.scale.set(cam.zoom); }
    setMinQuadSize(1 / cam.zoom);
    let again = this.continuous;
    let baseChanged = false;
    if (ctx) {
      const vt = ctx.vt;
      const moved = vt !== this.lastVt;
      if (moved) { this.lastVt = vt; this.lastMovedAt = now; }
      const playing = now - this.lastMovedAt < PLAYING_WINDOW_MS;
      if (this.opts.fixedClock === undefined && !this.reduced && playing) this.clock += wallDt;
      const key = cam.key();
      const tweening = this.tween !== null;
      if (key !== this.camKey || ctx.lod !== this.lodNow) { this.camKey = key; this.baseDirty = this.tasksDirty = this.overlayDirty = true; }
      this.lodNow = ctx.lod;
      if (this.trafficDirty) { this.traffic.update(ctx, this.clock); this.trafficDirty = false; this.baseDirty = true; }
      if (this.baseDirty || tweening) { this.buildBase(ctx); baseChanged = true; }
      if (this.tasksDirty || tweening || this.continuous || (moved && this.transitional)) this.buildTasks(ctx);
      const particles = !this.reduced && this.traffic.active;
      this.particleLayer.begin();
      if (particles) this.traffic.writeParticles(this.particleLayer, ctx, this.clock);
      this.particleLayer.end();
      if (this.overlayDirty || tweening) this.buildOverlay(ctx);
      again ||= tweening || (particles && playing && this.opts.fixedClock === undefined) || (this.transitional && playing);
    } else if (this.baseDirty) {
      this.structure.clear();
      baseChanged = true;
      this.baseDirty = false;
    }
    if (baseChanged) { this.base.render(); this.baseRenders++; }
    this.app.render();
    this.framesRendered++;
    this.lastFrameMs = performance.now() - t0;
    if (again) this.request();
  }

  /** The base layer: frame, bands, aggregates and labels (Canvas 2D). */
  private buildBase(ctx: DrawContext): void {
    const cam = this.camera;
    const g = this.structure.clear();
    this.labels.begin(cam.zoom, cam.x, cam.y, cam.width, cam.height);
    writeStructure(g, this.labels, ctx);
    this.traffic.writeBands(g, ctx.zoom);
    if (ctx.lod === 'zones') { writeZoneAggregates(g, ctx, ctx.agg); writeZoneLabels(g, this.labels, ctx); }
    else if (ctx.lod === 'instances') writeInstanceAggregates(g, ctx, ctx.agg);
    else if (ctx.lod === 'dots') writeDots(g, ctx);
    else writeSteadyMarks(g, ctx);
    this.labels.end();
    this.baseDirty = false;
  }

  /** The live task layer: marks (detail) or dots; aggregates are drawn in the base. */
  private buildTasks(ctx: DrawContext): void {
    this.taskLayer.begin();
    const live = ctx.lod === 'detail' ? writeTasks(this.taskLayer, ctx) : 0;
    this.taskLayer.end();
    this.transitional = live > 0;
    this.tasksDirty = false;
  }

  private buildOverlay(ctx: DrawContext): void {
    const o = this.overlayLayer;
    o.begin();
    const w = 2 / ctx.zoom;
    if (this.selected) {
      const r = this.rectOf(this.selected, ctx);
      if (r) outline(o, r, ctx.theme.selection, Math.max(1.5, w), Math.max(2, 3 / ctx.zoom), 4);
    }
    if (this.hovered && !(this.selected && this.hovered.kind === this.selected.kind && this.hovered.id === this.selected.id)) {
      outline(o, this.hovered.rect, ctx.theme.hover, Math.max(1, w * 0.6), Math.max(1.5, 2 / ctx.zoom), 4);
    }
    o.end();
    this.overlayDirty = false;
    if (this.hovered && this.pointer) {
      this.tooltip.show(this.hovered.text, this.pointer.x, this.pointer.y, this.camera.width, this.camera.height, ctx.theme);
    } else this.tooltip.hide();
  }

  private offset = (owner: number) => {
    const f = this.tween?.from.get(owner);
    const k = this.tween ? this.tweenK(performance.now()) : 1;
    return { dx: (f?.dx ?? 0) * (1 - k), dy: (f?.dy ?? 0) * (1 - k) };
  };

  private hitAt(sx: number, sy: number): Hit | null {
    if (!this.snapshot || !this.frame) return null;
    const p = this.camera.toWorld(sx, sy);
    return hitTest(this.layout, this.snapshot, this.frame, p.x, p.y, this.offset);
  }

  private rectOf(sel: { kind: string; id: string }, ctx?: DrawContext): Rect | null {
    const l = this.layout;
    if (sel.kind === 'instance') {
      const inst = this.snapshot?.instances.find((i) => i.id === sel.id);
      const b = inst ? l.boxes.get(inst.slot) : undefined;
      if (!b) return null;
      const o = this.offset(b.slot);
      return { x: b.x + o.dx, y: b.y + o.dy, w: b.w, h: b.h };
    }
    if (sel.kind === 'task' && this.frame && this.snapshot) {
      const slot = this.frame.taskIds.indexOf(sel.id);
      if (slot < 0 || l.cellOf[slot]! < 0) return null;
      const hit = this.hitTestSlot(slot);
      return hit ?? null;
    }
    if (sel.kind === 'service') return l.legend.get(sel.id) ?? null;
    if (sel.kind === 'targetGroup') for (const lb of l.loadBalancers) { const r = lb.targetGroups.get(sel.id); if (r) return r; }
    if (sel.kind === 'loadBalancer') return l.loadBalancers.find((c) => c.name === sel.id) ?? null;
    if (sel.kind === 'appRunner') return l.appRunners.find((c) => c.name === sel.id) ?? null;
    if (sel.kind === 'namespace') return l.namespaces.find((c) => c.name === sel.id) ?? null;
    void ctx;
    return null;
  }

  private hitTestSlot(slot: number): Rect | null {
    const owner = this.layout.ownerOf[slot]!;
    const area = this.layout.areaOf(owner);
    if (!area) return null;
    const o = this.offset(owner);
    const pitchRect = cellWorldRect(this.layout, slot);
    return pitchRect ? { x: pitchRect.x + o.dx, y: pitchRect.y + o.dy, w: pitchRect.w, h: pitchRect.h } : null;
  }

  private updateHover(): void {
    const hit = this.pointer ? this.hitAt(this.pointer.x, this.pointer.y) : null;
    const same = hit?.kind === this.hovered?.kind && hit?.id === this.hovered?.id;
    this.hovered = hit;
    this.app.canvas.style.cursor = hit ? 'pointer' : 'default';
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
    if (text !== this.lastAria) { this.lastAria = text; this.app.canvas?.setAttribute('aria-label', text); }
  }
}

function cellWorldRect(layout: ClusterLayout, slot: number): Rect | null {
  const owner = layout.ownerOf[slot]!;
  const area = layout.areaOf(owner);
  if (!area) return null;
  const c = cellRectOf(area, layout.cellOf[slot]!, layout.used(owner));
  return { x: c.x, y: c.y, w: c.size, h: c.size };
}
