/**
 * Where everything sits on the canvas, in world units (CSS pixels at zoom 1). The layout is stable:
 * an instance keeps its place in its zone's lane for as long as it exists, and a task keeps its cell
 * in its instance box or Fargate pool until it has stopped and faded, so nothing jumps when others
 * come and go. Lanes only reflow when the cluster outgrows them several times over; the scene then
 * tweens every box to its new place.
 *
 *   [Clients] → [ALB: listeners, target groups]  [App Runner]  [Cloud Map]
 *   ┌ region · cluster ─────────────────────────────── legend ┐
 *   │ ┌ zone a ──────┐ ┌ zone b ──────┐ ┌ zone c ──────┐       │
 *   │ │ Fargate pool │ │ Fargate pool │ │ Fargate pool │       │
 *   │ │ [i][i][i]    │ │ [i][i]       │ │ [i][i][i]    │       │
 */
import type { Snapshot, InstanceSnap, TaskFrame } from '../sim/snapshot';

/** Task cell pitch and mark size (world units). */
export const CELL = 16;
export const MARK = 12;
/** Task columns in an instance box. */
export const BOX_COLS = 8;
export const BOX_PAD = 8;
export const BOX_HEAD = 36;
export const BOX_W = BOX_COLS * CELL + 2 * BOX_PAD;
export const SLOT_GAP = 10;
const LANE_PAD = 12;
const LANE_HEAD = 34;
const POOL_HEAD = 24;
const REGION_PAD = 16;
const REGION_HEAD = 40;
const HEADER_H = 150;
/** A service's deployment card in the region header (see deploy-card.ts). */
export const DEPLOY_CARD_W = 312;
export const DEPLOY_CARD_H = 128;
/** Height of one Service Connect endpoint in a namespace card (two lines). */
export const SERVICE_CONNECT_ROW = 30;
const HEADER_GAP = 44;
/** Aspect ratio (width / height) the lanes aim for until the scene says what the canvas has. */
const DEFAULT_ASPECT = 1.6;
/** An instance that left the cluster keeps its place this long (simulated seconds), then frees it. */
const GONE_KEEP_SECONDS = 60;

export interface Rect { x: number; y: number; w: number; h: number }

/** A grid of task cells (an instance box's task area or a Fargate pool). */
export interface CellArea extends Rect {
  cols: number;
  /** Cells the area was sized for. */
  capacity: number;
}

export interface InstanceBox extends Rect {
  slot: number;
  lane: number;
  /** Where the task cells start, and how many the box was sized for (CPU / 256, at least 4). */
  area: CellArea;
}

export interface Lane extends Rect {
  az: string;
  index: number;
  /** Fargate capacity in this zone: tasks with no visible host. Null when the cluster has no Fargate. */
  pool: CellArea | null;
  /** Top of the instance grid. */
  gridY: number;
  cols: number;
}

export interface Card extends Rect { kind: 'clients' | 'loadBalancer' | 'appRunner' | 'namespace'; name: string }

export interface LoadBalancerCard extends Card {
  listeners: Rect[];
  /** The listener's weights across its target groups, as a bar. */
  weights: Rect;
  targetGroups: Map<string, Rect>;
}

/** Cells a container instance gets: one per 256 CPU units, at least 4 (about one small task each). */
export function cellsFor(cpuUnits: number): number {
  return Math.max(4, Math.min(256, Math.ceil(cpuUnits / 256)));
}

function roundUp(n: number, m: number): number { return Math.ceil(n / m) * m; }

/**
 * The stable layout. Call `update(snapshot, frame)` with every snapshot; it returns true when any
 * box moved or appeared (the scene then rebuilds its static layer and tweens).
 */
export class ClusterLayout {
  lanes: Lane[] = [];
  boxes = new Map<number, InstanceBox>();
  region: Rect = { x: 0, y: 0, w: 0, h: 0 };
  header: Rect = { x: 0, y: 0, w: 0, h: 0 };
  clients: Card = { kind: 'clients', name: 'Clients', x: 0, y: 0, w: 0, h: 0 };
  loadBalancers: LoadBalancerCard[] = [];
  appRunners: Card[] = [];
  namespaces: Card[] = [];
  /**
   * Deployment cards per service name (world rects in the region header). They are the services'
   * legend as well: a card's swatch is the service's colour.
   */
  legend = new Map<string, Rect>();
  /**
   * Width / height of the canvas the layout is drawn in: the lanes take as many columns as make
   * the cluster fill it. Set by the scene; a change reflows on the next update.
   */
  aspect = DEFAULT_ASPECT;
  private laidOutAspect = 0;
  bounds: Rect = { x: 0, y: 0, w: 0, h: 0 };
  /** Bumped whenever geometry changes. */
  version = 0;

  private zones: string[] = [];
  private laneCols = 0;
  /** Zone lanes to a row: all of them, or fewer on a tall canvas. */
  private zoneCols = 0;
  private slotH = 0;
  private maxCells = 0;
  /** Per lane: instance slot at each grid position, -1 when free. */
  private grids: number[][] = [];
  private placeOf = new Map<number, { lane: number; index: number }>();
  private goneSince = new Map<number, number>();
  private fargatePeak: number[] = [];
  private hasFargate = false;
  private headerKey = '';
  private legendKey = '';

  /** Task slot → cell index in its instance box or pool; -1 when it has none. */
  cellOf = new Int32Array(0);
  /** Task slot → the instance (≥ 0) or pool (-1 - zone) its cell belongs to. */
  ownerOf = new Int32Array(0);
  /** Per owner: the task slot in each cell, -1 when free. */
  private occupants = new Map<number, Int32Array>();

  update(s: Snapshot, frame: TaskFrame, serviceOrder: string[]): boolean {
    let changed = false;
    if (this.zones.join() !== s.availabilityZones.join()) {
      this.zones = s.availabilityZones.slice();
      this.grids = this.zones.map(() => []);
      this.placeOf.clear();
      this.fargatePeak = this.zones.map(() => 0);
      changed = true;
    }
    if (this.aspect !== this.laidOutAspect) { this.laidOutAspect = this.aspect; this.laneCols = 0; this.zoneCols = 0; changed = true; }
    changed = this.placeInstances(s) || changed;
    changed = this.sizePools(s, frame) || changed;
    changed = this.updateHeader(s) || changed;
    const legendKey = serviceOrder.join('\u0000');
    if (legendKey !== this.legendKey) { this.legendKey = legendKey; changed = true; }
    changed = this.chooseColumns(serviceOrder.length) || changed;
    if (changed) {
      this.reflow(serviceOrder);
      this.sizeBoxes(s.instances);
      this.version++;
    }
    this.assignCells(frame);
    return changed;
  }

  private placeInstances(s: Snapshot): boolean {
    let changed = false;
    const seen = new Set<number>();
    const byLane = this.zones.map(() => 0);
    for (const inst of s.instances) {
      const lane = this.zones.indexOf(inst.availabilityZone);
      if (lane < 0) continue;
      const gone = inst.status === 'DEREGISTERED';
      if (gone && !this.placeOf.has(inst.slot)) continue;
      if (gone) {
        const since = this.goneSince.get(inst.slot) ?? s.t;
        this.goneSince.set(inst.slot, since);
        if (s.t - since >= GONE_KEEP_SECONDS) { this.free(inst.slot); changed = true; continue; }
      }
      seen.add(inst.slot);
      byLane[lane]!++;
      // A slot now held by an instance of another zone (the engine reuses slots) moves to that zone's lane.
      const placed = this.placeOf.get(inst.slot);
      if (placed && placed.lane !== lane) { this.free(inst.slot); changed = true; }
      const cells = cellsFor(inst.cpuTotal);
      if (cells > this.maxCells) { this.maxCells = cells; changed = true; }
      if (!this.placeOf.has(inst.slot)) {
        const grid = this.grids[lane]!;
        let index = grid.indexOf(-1);
        if (index < 0) { index = grid.length; grid.push(inst.slot); } else grid[index] = inst.slot;
        this.placeOf.set(inst.slot, { lane, index });
        changed = true;
      }
    }
    for (const slot of [...this.placeOf.keys()]) if (!seen.has(slot)) { this.free(slot); changed = true; }
    const rows = Math.ceil(this.maxCells / BOX_COLS);
    const slotH = BOX_HEAD + rows * CELL + BOX_PAD + SLOT_GAP;
    if (slotH !== this.slotH) { this.slotH = slotH; changed = true; }
    return changed;
  }

  /**
   * The whole cluster (header, deployment cards, lanes) on screen at this many instance columns
   * per lane: the zoom at which it fits a canvas of unit height and the layout's aspect.
   */
  private fitAt(cols: number, zoneCols: number, services: number): number {
    const laneInner = cols * (BOX_W + SLOT_GAP) - SLOT_GAP;
    const laneW = laneInner + 2 * LANE_PAD;
    const regionW = Math.max(REGION_PAD * 2 + zoneCols * (laneW + 14) - 14, 420, services ? DEPLOY_CARD_W + 2 * REGION_PAD : 0);
    const perRow = Math.max(1, Math.floor((regionW - 2 * REGION_PAD + 10) / (DEPLOY_CARD_W + 10)));
    const cardsH = services ? Math.ceil(services / perRow) * (DEPLOY_CARD_H + 10) + 6 : 0;
    const poolCols = Math.max(1, Math.floor(laneInner / CELL));
    const poolH = this.hasFargate ? Math.max(0, ...this.fargatePeak.map((n) => POOL_HEAD + Math.max(1, Math.ceil(n / poolCols)) * CELL + 14)) : 0;
    const most = Math.max(0, ...this.grids.map((g) => g.length));
    const laneH = Math.max(64, LANE_HEAD + poolH + Math.ceil(most / cols) * this.slotH + LANE_PAD);
    const headerW = this.headerRight();
    const headerH = headerW > 0 ? HEADER_H + 28 : 0;
    const laneRows = Math.ceil(Math.max(1, this.zones.length) / zoneCols);
    const w = Math.max(regionW, headerW) + 16, h = headerH + REGION_HEAD + cardsH + laneRows * (laneH + 14) + REGION_PAD + 8;
    return Math.min(this.aspect / w, 1 / h);
  }

  /** The right edge of the header's cards (0 without any). */
  private headerRight(): number {
    const cards = [...this.loadBalancers, ...this.appRunners, ...this.namespaces];
    return cards.length || this.clients.w > 0 ? Math.max(this.clients.x + this.clients.w, ...cards.map((c) => c.x + c.w)) : 0;
  }

  /**
   * Columns per lane: those that let the whole cluster fill the canvas's shape best (width and
   * height). The choice changes only when another fills it clearly better (a tenth), so lanes do
   * not reflow as single instances come and go.
   */
  private chooseColumns(services: number): boolean {
    const most = Math.max(1, ...this.grids.map((g) => g.length));
    const zones = Math.max(1, this.zones.length);
    const current = this.laneCols && this.zoneCols ? this.fitAt(this.laneCols, this.zoneCols, services) : 0;
    let best = { cols: this.laneCols, zoneCols: this.zoneCols, fit: current };
    // All zones side by side first: a stacked layout wins only when it fits clearly better.
    for (let z = zones; z >= 1; z--) {
      for (let c = 1; c <= Math.min(64, Math.max(4, most)); c++) {
        const fit = this.fitAt(c, z, services) * (z === zones ? 1 : 0.95);
        if (fit > best.fit * 1.0001) best = { cols: c, zoneCols: z, fit };
      }
    }
    if (this.laneCols !== 0 && best.fit < current * 1.1) return false;
    if (best.cols === this.laneCols && best.zoneCols === this.zoneCols) return false;
    this.laneCols = best.cols;
    this.zoneCols = best.zoneCols;
    return true;
  }

  private free(slot: number): void {
    const p = this.placeOf.get(slot);
    if (p) this.grids[p.lane]![p.index] = -1;
    this.placeOf.delete(slot);
    this.goneSince.delete(slot);
    this.occupants.delete(slot);
  }

  private sizePools(s: Snapshot, frame: TaskFrame): boolean {
    const counts = this.zones.map(() => 0);
    for (let i = 0; i < frame.count; i++) {
      if (frame.state[i] !== 0 && frame.instance[i]! < 0) counts[frame.az[i]!]!++;
    }
    let changed = false;
    const fargateService = s.services.some((x) => x.launchType === 'FARGATE');
    if (!this.hasFargate && (fargateService || counts.some((c) => c > 0))) { this.hasFargate = true; changed = true; }
    counts.forEach((c, z) => {
      // Pools grow with headroom and never shrink while the view lives: no jumps on churn.
      if (c > this.fargatePeak[z]!) { this.fargatePeak[z] = Math.ceil(c * 1.25); changed = true; }
    });
    return changed;
  }

  private updateHeader(s: Snapshot): boolean {
    const lbs = s.loadBalancers ?? s.targetGroups.reduce<{ name: string; listeners: string[]; targetGroups: { targetGroupName: string }[] }[]>((acc, tg) => {
      let lb = acc.find((x) => x.name === tg.loadBalancerName);
      if (!lb) { lb = { name: tg.loadBalancerName, listeners: ['HTTP:80'], targetGroups: [] }; acc.push(lb); }
      lb.targetGroups.push(tg);
      return acc;
    }, []);
    const key = JSON.stringify([lbs.map((l) => [l.name, l.listeners, l.targetGroups.map((t) => t.targetGroupName)]),
      (s.appRunnerServices ?? []).map((a) => [a.serviceName, a.maxSize]),
      (s.namespaces ?? []).map((n) => [n.name, n.services.map((x) => x.name), (n.serviceConnect ?? []).map((x) => x.endpoint)])]);
    if (key === this.headerKey) return false;
    this.headerKey = key;
    let x = 0;
    const y = 0;
    // The clients card only when requests have somewhere to go (a load balancer or App Runner).
    const clients = lbs.length > 0 || (s.appRunnerServices ?? []).length > 0;
    this.clients = { kind: 'clients', name: 'Clients', x, y: y + 20, w: clients ? 104 : 0, h: clients ? 72 : 0 };
    if (clients) x += this.clients.w + HEADER_GAP;
    this.loadBalancers = lbs.map((lb) => {
      const tgW = 156;
      const w = Math.max(260, lb.targetGroups.length * (tgW + 10) + 14);
      const card: LoadBalancerCard = {
        kind: 'loadBalancer', name: lb.name, x, y, w, h: HEADER_H - 20,
        listeners: lb.listeners.map((_, i) => ({ x: x + 12 + i * 84, y: y + 34, w: 76, h: 20 })),
        weights: { x: x + 12, y: y + 78, w: w - 24, h: 10 },
        targetGroups: new Map(lb.targetGroups.map((tg, i) => [tg.targetGroupName, { x: x + 12 + i * (tgW + 10), y: y + 96, w: tgW, h: 30 }])),
      };
      x += w + HEADER_GAP;
      return card;
    });
    this.appRunners = (s.appRunnerServices ?? []).map((a) => {
      const card: Card = { kind: 'appRunner', name: a.serviceName, x, y, w: Math.max(250, a.maxSize * 10 + 28), h: HEADER_H - 20 };
      x += card.w + HEADER_GAP;
      return card;
    });
    this.namespaces = (s.namespaces ?? []).map((n) => {
      const rows = 40 + n.services.length * 34 + (n.serviceConnect?.length ?? 0) * SERVICE_CONNECT_ROW;
      const card: Card = { kind: 'namespace', name: n.name, x, y, w: 280, h: Math.max(HEADER_H - 20, rows) };
      x += card.w + HEADER_GAP;
      return card;
    });
    return true;
  }

  private reflow(serviceOrder: string[]): void {
    const laneInner = this.laneCols * (BOX_W + SLOT_GAP) - SLOT_GAP;
    const laneW = laneInner + 2 * LANE_PAD;
    const perRow = Math.max(1, Math.min(this.zones.length, this.zoneCols));
    const regionW = Math.max(REGION_PAD * 2 + perRow * (laneW + 14) - 14, 420, serviceOrder.length ? DEPLOY_CARD_W + 2 * REGION_PAD : 0);
    const anyCard = this.clients.w > 0 || this.namespaces.length > 0;
    const headerH = anyCard ? Math.max(HEADER_H, ...this.namespaces.map((n) => n.h + 20)) : 0;
    const top = anyCard ? headerH + 28 : 0;
    // Deployment cards (one per service) under the region's title, wrapping within its width.
    this.legend.clear();
    let lx = REGION_PAD, ly = top + REGION_HEAD - 4;
    for (const name of serviceOrder) {
      const w = DEPLOY_CARD_W;
      if (lx + w > regionW - REGION_PAD && lx > REGION_PAD) { lx = REGION_PAD; ly += DEPLOY_CARD_H + 10; }
      this.legend.set(name, { x: lx, y: ly, w, h: DEPLOY_CARD_H });
      lx += w + 10;
    }
    const laneY = serviceOrder.length ? ly + DEPLOY_CARD_H + 12 : top + REGION_HEAD;
    // Lanes side by side, `perRow` to a row (a tall canvas stacks them); laid out from y = 0, then
    // moved down to their row once the tallest lane is known.
    this.lanes = this.zones.map((az, i) => {
      const x = REGION_PAD + (i % perRow) * (laneW + 14);
      let y = LANE_HEAD;
      let pool: CellArea | null = null;
      if (this.hasFargate) {
        const cols = Math.floor(laneInner / CELL);
        const rows = Math.max(1, Math.ceil(this.fargatePeak[i]! / cols));
        pool = { x: x + LANE_PAD, y: y + POOL_HEAD, w: laneInner, h: rows * CELL, cols, capacity: rows * cols };
        y += POOL_HEAD + rows * CELL + 14;
      }
      const n = this.grids[i]!.length;
      const rows = Math.ceil(n / this.laneCols);
      return { az, index: i, x, y: 0, w: laneW, h: y + rows * this.slotH + LANE_PAD, pool, gridY: y, cols: this.laneCols };
    });
    const laneH = Math.max(64, ...this.lanes.map((l) => l.h));
    for (const l of this.lanes) {
      const dy = laneY + Math.floor(l.index / perRow) * (laneH + 14);
      l.h = laneH;
      l.y += dy;
      l.gridY += dy;
      if (l.pool) l.pool.y += dy;
    }
    const laneRows = Math.ceil(this.zones.length / perRow);
    this.region = { x: 0, y: top, w: regionW, h: laneY - top + laneRows * (laneH + 14) - 14 + REGION_PAD };
    this.boxes.clear();
    for (const [slot, p] of this.placeOf) {
      const lane = this.lanes[p.lane]!;
      const col = p.index % this.laneCols;
      const row = Math.floor(p.index / this.laneCols);
      const x = lane.x + LANE_PAD + col * (BOX_W + SLOT_GAP);
      const y = lane.gridY + row * this.slotH;
      this.boxes.set(slot, { slot, lane: p.lane, x, y, w: BOX_W, h: 0, area: { x: x + BOX_PAD, y: y + BOX_HEAD, w: BOX_COLS * CELL, h: 0, cols: BOX_COLS, capacity: 0 } });
    }
    const right = Math.max(this.region.x + this.region.w, ...[...this.loadBalancers, ...this.appRunners, ...this.namespaces].map((c) => c.x + c.w));
    this.header = { x: 0, y: 0, w: right, h: headerH };
    // Traffic bands to later cards run above the header (up to 30 units over it).
    const above = this.loadBalancers.length > 1 || this.appRunners.length ? 34 : 8;
    this.bounds = { x: -8, y: -above, w: right + 16, h: this.region.y + this.region.h + 8 + above };
  }

  /** Sizes each box for its own instance (boxes share a slot height: the largest instance's). */
  sizeBoxes(instances: InstanceSnap[]): void {
    for (const inst of instances) {
      const b = this.boxes.get(inst.slot);
      if (!b) continue;
      const cells = roundUp(cellsFor(inst.cpuTotal), BOX_COLS);
      b.area.capacity = cells;
      b.area.h = (cells / BOX_COLS) * CELL;
      b.h = BOX_HEAD + b.area.h + BOX_PAD;
    }
  }

  /** Gives each visible task a cell: the first free one in its box or pool, kept until it fades. */
  private assignCells(frame: TaskFrame): void {
    if (this.cellOf.length < frame.count) {
      const cell = new Int32Array(Math.max(frame.count, this.cellOf.length * 2, 64)).fill(-1);
      const owner = new Int32Array(cell.length).fill(-1);
      cell.set(this.cellOf);
      owner.set(this.ownerOf);
      this.cellOf = cell;
      this.ownerOf = owner;
    }
    for (let i = 0; i < frame.count; i++) {
      const st = frame.state[i]!;
      const owner = frame.instance[i]! >= 0 ? frame.instance[i]! : -1 - frame.az[i]!;
      const has = this.cellOf[i]! >= 0;
      if (has && (st === 0 || this.ownerOf[i] !== owner)) this.release(i);
      if (st === 0 || this.cellOf[i]! >= 0) continue;
      if (owner >= 0 && !this.boxes.has(owner)) continue;
      let occ = this.occupants.get(owner);
      if (!occ) { occ = new Int32Array(64).fill(-1); this.occupants.set(owner, occ); }
      let c = occ.indexOf(-1);
      if (c < 0) {
        c = occ.length;
        const grown = new Int32Array(occ.length * 2).fill(-1);
        grown.set(occ);
        occ = grown;
        this.occupants.set(owner, occ);
      }
      occ[c] = i;
      this.cellOf[i] = c;
      this.ownerOf[i] = owner;
    }
    for (let i = frame.count; i < this.cellOf.length; i++) if (this.cellOf[i]! >= 0) this.release(i);
    this.usedCache.clear();
    for (const [owner, occ] of this.occupants) {
      let u = 0;
      for (let k = occ.length - 1; k >= 0; k--) if (occ[k]! >= 0) { u = k + 1; break; }
      this.usedCache.set(owner, u);
    }
  }

  private usedCache = new Map<number, number>();

  private release(slot: number): void {
    const occ = this.occupants.get(this.ownerOf[slot]!);
    if (occ && occ[this.cellOf[slot]!] === slot) occ[this.cellOf[slot]!] = -1;
    this.cellOf[slot] = -1;
    this.ownerOf[slot] = -1;
  }

  /** Cells in use in a box or pool (the highest assigned index + 1), for overflow scaling. */
  used(owner: number): number {
    return this.usedCache.get(owner) ?? 0;
  }

  /** The task slot in cell `index` of an owner, or -1. */
  occupant(owner: number, index: number): number {
    const occ = this.occupants.get(owner);
    return occ && index >= 0 && index < occ.length ? occ[index]! : -1;
  }

  /** The cell area of an owner: an instance box's task area, or a zone's Fargate pool (-1 - zone). */
  areaOf(owner: number): CellArea | null {
    if (owner >= 0) return this.boxes.get(owner)?.area ?? null;
    return this.lanes[-1 - owner]?.pool ?? null;
  }
}

/**
 * Position of cell `index` in an area. When more tasks than cells share an area (tasks smaller
 * than 256 CPU units), the pitch halves until they fit.
 */
export function cellPitch(area: CellArea, used: number): { pitch: number; cols: number } {
  let pitch = CELL;
  let cols = area.cols;
  while (used > cols * Math.max(1, Math.floor(area.h / pitch)) && pitch > 2) { pitch /= 2; cols *= 2; }
  return { pitch, cols };
}

export function cellRect(area: CellArea, index: number, used: number): { x: number; y: number; size: number } {
  const { pitch, cols } = cellPitch(area, used);
  const size = pitch * (MARK / CELL);
  return { x: area.x + (index % cols) * pitch + (pitch - size) / 2, y: area.y + Math.floor(index / cols) * pitch + (pitch - size) / 2, size };
}

/** The cell index under a world point in an area, or -1. */
export function cellIndexAt(area: CellArea, used: number, x: number, y: number): number {
  const { pitch, cols } = cellPitch(area, used);
  const cx = Math.floor((x - area.x) / pitch);
  const cy = Math.floor((y - area.y) / pitch);
  if (cx < 0 || cy < 0 || cx >= cols || y > area.y + Math.max(area.h, pitch * Math.ceil(used / cols))) return -1;
  return cy * cols + cx;
}
