/**
 * The three stacked canvases the scene draws on, each a Pixi v8 application sized to the host:
 * - `base`, Pixi's Canvas 2D renderer: the frame (Graphics) and the dense layer of steady tasks and
 *   aggregates (a sprite of a batch-painted canvas). Redrawn only when a snapshot, the camera, the
 *   theme or the selection changes.
 * - `live`, Pixi's WebGL renderer with a transparent background: task marks in motion, request
 *   particles and selection outlines, each layer one draw call. It takes the input.
 * - `text`, a transparent Canvas 2D canvas on top: the labels (screen-space Text), rebuilt and
 *   rendered with the base, so nothing that moves ever covers them.
 */
import { Application, Container, Graphics } from 'pixi.js';
import { DensePainter } from './dense';
import { Labels } from './labels';
import { QuadLayer, setMinQuadSize } from './quads';
import { Tooltip } from './overlay';
import type { Camera } from './camera';

function layerStyle(c: HTMLCanvasElement): void {
  Object.assign(c.style, { position: 'absolute', left: '0', top: '0', display: 'block' });
}

export class Surfaces {
  readonly base = new Application();
  readonly live = new Application();
  /** Labels, on a Canvas 2D canvas of their own above the live one (see init). */
  readonly text = new Application();
  readonly structure = new Graphics();
  readonly labels = new Labels();
  readonly tasks = new QuadLayer(4096);
  readonly particles = new QuadLayer(1024);
  readonly overlay = new QuadLayer(16);
  dense!: DensePainter;
  tooltip!: Tooltip;
  private baseWorld = new Container();
  private liveWorld = new Container();

  async init(host: HTMLElement, width: number, height: number, resolution: number, background: number): Promise<void> {
    const common = { width, height, autoDensity: true, resolution, autoStart: false, sharedTicker: false } as const;
    await this.base.init({ ...common, background, antialias: true, preference: ['canvas'] });
    // Shapes anti-alias themselves (signed distances in the shader); MSAA under software GL cost
    // more than half the frame.
    await this.live.init({ ...common, backgroundAlpha: 0, antialias: false, preference: 'webgl' });
    // Labels sit above everything that moves, so a request particle never covers a name or a
    // count. They change only with the base, so their canvas renders only with it; it lets the
    // pointer through to the live canvas below.
    await this.text.init({ ...common, backgroundAlpha: 0, antialias: true, preference: ['canvas'] });
    this.labels.resolution = resolution;
    layerStyle(this.base.canvas);
    layerStyle(this.live.canvas);
    layerStyle(this.text.canvas);
    this.text.canvas.style.pointerEvents = 'none';
    this.text.canvas.setAttribute('aria-hidden', 'true');
    this.base.canvas.setAttribute('aria-hidden', 'true');
    const canvas = this.live.canvas;
    canvas.setAttribute('role', 'img');
    canvas.tabIndex = 0;
    canvas.style.touchAction = 'none';
    host.append(this.base.canvas, canvas, this.text.canvas);
    this.tooltip = new Tooltip(host);
    this.dense = new DensePainter();
    this.baseWorld.addChild(this.structure);
    this.base.stage.addChild(this.baseWorld, this.dense.sprite);
    this.liveWorld.addChild(this.tasks.mesh, this.particles.mesh, this.overlay.mesh);
    this.live.stage.addChild(this.liveWorld);
    this.text.stage.addChild(this.labels.container);
    this.text.stage.eventMode = 'none';
    this.live.stage.eventMode = 'none';
    this.base.stage.eventMode = 'none';
  }

  /** The canvas that shows the picture to assistive technology and takes pointer and keys. */
  get canvas(): HTMLCanvasElement { return this.live.canvas; }

  get resolution(): number { return this.base.renderer.resolution; }

  setBackground(color: number): void { this.base.renderer.background.color = color; }

  setResolution(r: number): void {
    this.live.renderer.resolution = r;
    this.text.renderer.resolution = r;
    this.base.renderer.resolution = r;
    this.labels.resolution = r;
    this.labels.reset();
  }

  resize(w: number, h: number): void {
    this.live.renderer.resize(w, h);
    this.base.renderer.resize(w, h);
    this.text.renderer.resize(w, h);
  }

  /** Applies the camera to both worlds (labels and the dense layer follow it when rebuilt). */
  place(cam: Camera): void {
    for (const w of [this.baseWorld, this.liveWorld]) { w.position.set(cam.x, cam.y); w.scale.set(cam.zoom); }
    setMinQuadSize(1 / cam.zoom);
  }

  /** The drawn layers, bottom to top, as the two stages hold them. */
  layerOrder(): string[] {
    const names = new Map<unknown, string>([[this.structure, 'structure'], [this.dense.sprite, 'steady tasks'], [this.tasks.mesh, 'moving tasks'],
      [this.particles.mesh, 'particles'], [this.overlay.mesh, 'outlines'], [this.labels.container, 'labels']]);
    const walk = (c: Container): string[] => c.children.flatMap((k) => names.get(k) ?? walk(k as Container));
    return [...walk(this.base.stage), ...walk(this.live.stage), ...walk(this.text.stage)];
  }

  renderBase(): void { this.base.render(); this.text.render(); }
  renderLive(): void { this.live.render(); }

  destroy(): void {
    this.tooltip?.destroy();
    this.dense?.destroy();
    this.live.destroy(true, { children: true });
    this.base.destroy(true, { children: true });
    this.text.destroy(true, { children: true });
  }
}
