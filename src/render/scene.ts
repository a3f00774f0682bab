/**
 * The cluster on a Pixi v8 canvas: Availability Zone lanes, container instances as capacity boxes
 * (CPU and memory fill), Fargate capacity as a pool per zone, and tasks as marks whose fill and
 * outline show their lifecycle. Reads snapshots; never changes the engine.
 */
import { Application, Container, Graphics, Text, TextStyle } from 'pixi.js';
import type { Snapshot, TaskSnap, InstanceSnap } from '../sim/snapshot';
import { DARK, ServiceColors, shade, type Theme } from './palette';

const LANE_GAP = 16;
const PAD = 16;
const HEADER = 40;
const BOX_H = 96;
const MARK = 12;
const MARK_GAP = 4;

export interface SceneOptions { host: HTMLElement; theme?: Theme }

export class ClusterScene {
  readonly app = new Application();
  private root = new Container();
  private static = new Graphics();
  private dynamic = new Graphics();
  private labels = new Container();
  private colors = new ServiceColors();
  private theme: Theme;
  private last: Snapshot | null = null;
  private labelCache = new Map<string, Text>();

  private constructor(private host: HTMLElement, theme: Theme) {
    this.theme = theme;
  }

  static async create(opts: SceneOptions): Promise<ClusterScene> {
    const s = new ClusterScene(opts.host, opts.theme ?? DARK);
    await s.app.init({
      resizeTo: opts.host,
      background: s.theme.background,
      antialias: true,
      autoDensity: true,
      resolution: Math.min(2, globalThis.devicePixelRatio || 1),
      preference: 'webgl',
    });
    s.app.canvas.setAttribute('role', 'img');
    s.app.canvas.setAttribute('aria-label', 'Live view of the cluster. The same facts are listed in the summary panel.');
    opts.host.appendChild(s.app.canvas);
    s.root.addChild(s.static, s.dynamic, s.labels);
    s.app.stage.addChild(s.root);
    s.app.renderer.on('resize', () => { if (s.last) s.draw(s.last); });
    return s;
  }

  get rendererName(): string { return this.app.renderer.name; }

  private label(key: string, text: string, size: number, color: number, x: number, y: number, bold = false): void {
    let t = this.labelCache.get(key);
    if (!t) {
      t = new Text({ text, style: new TextStyle({ fontFamily: 'Liberation Sans, Arial, sans-serif', fontSize: size, fill: color, fontWeight: bold ? '700' : '400' }) });
      this.labelCache.set(key, t);
      this.labels.addChild(t);
    }
    if (t.text !== text) t.text = text;
    t.visible = true;
    t.position.set(x, y);
  }

  /** Redraws from a snapshot. Layout depends only on stable facts (zones, instance slots). */
  draw(s: Snapshot): void {
    this.last = s;
    const th = this.theme;
    const w = this.app.renderer.width / this.app.renderer.resolution;
    const h = this.app.renderer.height / this.app.renderer.resolution;
    for (const t of this.labelCache.values()) t.visible = false;
    const g = this.static.clear();
    const d = this.dynamic.clear();
    const zones = s.availabilityZones;
    const laneW = (w - PAD * 2 - LANE_GAP * (zones.length - 1)) / zones.length;
    this.label('region', `${s.region} · cluster ${s.clusterName}`, 13, th.muted, PAD, 10);
    const byZone = new Map<string, InstanceSnap[]>();
    for (const z of zones) byZone.set(z, []);
    for (const i of s.instances) if (i.status !== 'DEREGISTERED') byZone.get(i.availabilityZone)?.push(i);
    const tasksByInstance = new Map<number, TaskSnap[]>();
    const fargateByZone = new Map<string, TaskSnap[]>();
    for (const t of s.tasks) {
      if (t.instanceSlot >= 0) {
        const list = tasksByInstance.get(t.instanceSlot) ?? [];
        list.push(t);
        tasksByInstance.set(t.instanceSlot, list);
      } else {
        const list = fargateByZone.get(t.availabilityZone) ?? [];
        list.push(t);
        fargateByZone.set(t.availabilityZone, list);
      }
    }
    zones.forEach((z, zi) => {
      const x = PAD + zi * (laneW + LANE_GAP);
      const y = 32;
      const failed = s.failedAzs.includes(z);
      g.roundRect(x, y, laneW, h - y - PAD, 10).fill({ color: failed ? th.failed : th.lane }).stroke({ width: 1, color: th.laneBorder });
      this.label(`az-${z}`, failed ? `${z} (impaired)` : z, 14, th.text, x + 12, y + 10, true);
      const insts = byZone.get(z)!;
      const cols = Math.max(1, Math.floor((laneW - 12) / 190));
      const boxW = (laneW - 12 - (cols - 1) * 8) / cols - 4;
      insts.forEach((inst, k) => {
        const bx = x + 8 + (k % cols) * (boxW + 8);
        const by = y + HEADER + Math.floor(k / cols) * (BOX_H + 8);
        this.drawInstance(g, d, inst, bx, by, boxW, tasksByInstance.get(inst.slot) ?? [], s.t);
      });
      const fargate = fargateByZone.get(z) ?? [];
      if (fargate.length) {
        const rows = Math.ceil(insts.length / cols);
        const fy = y + HEADER + rows * (BOX_H + 8) + 4;
        const perRow = Math.max(1, Math.floor((laneW - 32) / (MARK + MARK_GAP)));
        const fh = 30 + Math.ceil(fargate.length / perRow) * (MARK + MARK_GAP);
        g.roundRect(x + 8, fy, laneW - 16, fh, 8).stroke({ width: 1, color: th.boxBorder, alpha: 0.8 });
        this.label(`fg-${z}`, `Fargate · ${fargate.length} tasks`, 12, th.muted, x + 18, fy + 6);
        fargate.forEach((t, i) => this.drawTask(d, t, x + 18 + (i % perRow) * (MARK + MARK_GAP), fy + 24 + Math.floor(i / perRow) * (MARK + MARK_GAP), s.t));
      }
    });
  }

  private drawInstance(g: Graphics, d: Graphics, inst: InstanceSnap, x: number, y: number, w: number, tasks: TaskSnap[], now: number): void {
    const th = this.theme;
    const draining = inst.status === 'DRAINING';
    g.roundRect(x, y, w, BOX_H, 8).fill({ color: th.box, alpha: inst.agentConnected ? 1 : 0.4 })
      .stroke({ width: draining ? 2 : 1, color: draining ? 0xf59e0b : th.boxBorder });
    this.label(`it-${inst.slot}`, `${inst.instanceType}${draining ? ' · DRAINING' : ''}`, 12, th.text, x + 8, y + 6, true);
    this.label(`id-${inst.slot}`, inst.id.slice(0, 8), 10, th.muted, x + w - 56, y + 8);
    const barW = w - 16;
    const cpuUsed = 1 - inst.cpuFree / inst.cpuTotal;
    const memUsed = 1 - inst.memFree / inst.memTotal;
    g.rect(x + 8, y + 26, barW, 5).fill({ color: th.laneBorder });
    d.rect(x + 8, y + 26, barW * cpuUsed, 5).fill({ color: th.cpu });
    g.rect(x + 8, y + 35, barW, 5).fill({ color: th.laneBorder });
    d.rect(x + 8, y + 35, barW * memUsed, 5).fill({ color: th.mem });
    const perRow = Math.max(1, Math.floor((w - 16) / (MARK + MARK_GAP)));
    tasks.forEach((t, i) => this.drawTask(d, t, x + 8 + (i % perRow) * (MARK + MARK_GAP), y + 48 + Math.floor(i / perRow) * (MARK + MARK_GAP), now));
  }

  /**
   * A task mark: outline while PROVISIONING, filling from the bottom while PENDING (image pull),
   * solid when RUNNING, a red ring when unhealthy, fading out while stopping.
   */
  private drawTask(d: Graphics, t: TaskSnap, x: number, y: number, now: number): void {
    const base = this.colors.get(t.service);
    const color = t.revision % 2 === 0 ? shade(base, 0.45) : base;
    const stopping = t.desiredStatus === 'STOPPED';
    const alpha = t.lastStatus === 'STOPPED' ? 0.15 : stopping ? 0.45 : 1;
    switch (t.lastStatus) {
      case 'PROVISIONING':
        d.roundRect(x, y, MARK, MARK, 3).stroke({ width: 1.5, color, alpha });
        break;
      case 'PENDING': {
        const since = t.pullStartedAt ?? now;
        const frac = Math.min(1, 0.2 + (now - since) / 20);
        d.roundRect(x, y, MARK, MARK, 3).stroke({ width: 1.5, color, alpha });
        d.rect(x + 1.5, y + MARK - 1.5 - (MARK - 3) * frac, MARK - 3, (MARK - 3) * frac).fill({ color, alpha: 0.7 * alpha });
        break;
      }
      default:
        d.roundRect(x, y, MARK, MARK, 3).fill({ color, alpha: t.lastStatus === 'ACTIVATING' ? 0.6 : alpha });
    }
    if (t.lastStatus === 'RUNNING' && !t.healthy && t.startedAt !== null && t.healthStatus === 'UNHEALTHY') {
      d.roundRect(x - 2, y - 2, MARK + 4, MARK + 4, 4).stroke({ width: 1.5, color: this.theme.unhealthy });
    }
  }
}
