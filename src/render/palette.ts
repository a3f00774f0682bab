/**
 * Colours. Services take the Okabe–Ito palette (distinguishable with the common forms of colour
 * blindness); revisions of one service are told apart by stripes as well as shade, and lifecycle
 * states by shape (outline, partial fill, ring, cross), never by colour alone.
 */
export const SERVICE_COLORS = [0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442, 0x0072b2, 0xd55e00, 0xcc79a7, 0x999999] as const;

export interface Theme {
  name: 'dark' | 'light';
  background: number; lane: number; laneBorder: number; text: number; muted: number;
  box: number; boxBorder: number; cpu: number; mem: number; unhealthy: number; failed: number;
  /** Region frame and header cards (load balancer, App Runner, Cloud Map). */
  region: number; card: number; cardBorder: number;
  /** A DRAINING container instance's border. */
  draining: number;
  /** Traffic: successful requests, failed requests, and the bands that carry them. */
  request: number; requestFailed: number; band: number;
  /** Selection and hover outlines. */
  selection: number; hover: number;
  /** Empty task cells in an instance box. */
  cell: number;
}

export const DARK: Theme = {
  name: 'dark',
  background: 0x0b1220, lane: 0x111a2e, laneBorder: 0x23304d, text: 0xe2e8f0, muted: 0x8b9bb4,
  box: 0x16223a, boxBorder: 0x2d3b5c, cpu: 0x38bdf8, mem: 0xa78bfa, unhealthy: 0xef4444, failed: 0x7f1d1d,
  region: 0x0e1629, card: 0x131d33, cardBorder: 0x2d3b5c, draining: 0xf59e0b,
  request: 0xe2e8f0, requestFailed: 0xff4d6d, band: 0x3b4a6b,
  selection: 0xfbbf24, hover: 0xe2e8f0, cell: 0x1c2a45,
};

export const LIGHT: Theme = {
  name: 'light',
  background: 0xf8fafc, lane: 0xeef2f7, laneBorder: 0xcbd5e1, text: 0x0f172a, muted: 0x475569,
  box: 0xffffff, boxBorder: 0x94a3b8, cpu: 0x0284c7, mem: 0x7c3aed, unhealthy: 0xdc2626, failed: 0xfecaca,
  region: 0xf1f5f9, card: 0xffffff, cardBorder: 0x94a3b8, draining: 0xb45309,
  request: 0x334155, requestFailed: 0xc8102e, band: 0xcbd5e1,
  selection: 0xb45309, hover: 0x0f172a, cell: 0xe8edf4,
};

export const THEMES = { dark: DARK, light: LIGHT } as const;
export type ThemeName = keyof typeof THEMES;

/** A stable colour per service: by order of first appearance. */
export class ServiceColors {
  private map = new Map<string, number>();
  get(service: string | null): number {
    const key = service ?? '(standalone)';
    let c = this.map.get(key);
    if (c === undefined) {
      c = SERVICE_COLORS[this.map.size % SERVICE_COLORS.length]!;
      this.map.set(key, c);
    }
    return c;
  }
  /** Services in the order they got their colour. */
  entries(): [string, number][] { return [...this.map.entries()]; }
}

/** Lighter or darker shade of a colour; revisions alternate shades so a rollout shows two kinds. */
export function shade(color: number, amount: number): number {
  const r = (color >> 16) & 0xff, g = (color >> 8) & 0xff, b = color & 0xff;
  const f = (c: number) => Math.max(0, Math.min(255, Math.round(amount >= 0 ? c + (255 - c) * amount : c * (1 + amount))));
  return (f(r) << 16) | (f(g) << 8) | f(b);
}

/** Linear mix of two colours (t = 0: a, t = 1: b). */
export function mix(a: number, b: number, t: number): number {
  const ch = (s: number) => Math.round(((a >> s) & 0xff) * (1 - t) + ((b >> s) & 0xff) * t);
  return (ch(16) << 16) | (ch(8) << 8) | ch(0);
}

/** Hue rotations for a service's revisions, newest first: the deployment's target keeps the service's hue. */
const REVISION_TURNS = [0, 180, 90, 270] as const;

/** Rotates a colour's hue by `degrees`, keeping its lightness and saturation. */
export function rotateHue(color: number, degrees: number): number {
  const r = ((color >> 16) & 0xff) / 255, g = ((color >> 8) & 0xff) / 255, b = (color & 0xff) / 255;
  const max = Math.max(r, g, b), min = Math.min(r, g, b), l = (max + min) / 2, d = max - min;
  if (d === 0) return color;
  const s = d / (1 - Math.abs(2 * l - 1));
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h = (((h * 60 + degrees) % 360) + 360) % 360;
  const c = (1 - Math.abs(2 * l - 1)) * s, x = c * (1 - Math.abs(((h / 60) % 2) - 1)), m = l - c / 2;
  const [r1, g1, b1] = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  const ch = (v: number) => Math.round((v + m) * 255);
  return (ch(r1) << 16) | (ch(g1) << 8) | ch(b1);
}

/**
 * The hue of a service's revision by its rank (0: the revision the service deploys, 1: the one
 * before it, ...). Ranks past the palette's turns reuse the last one; the shape (a slash on older
 * revisions) tells them apart as well.
 */
export function revisionColor(serviceColor: number, rank: number): number {
  return rotateHue(serviceColor, REVISION_TURNS[Math.min(rank, REVISION_TURNS.length - 1)]!);
}

/**
 * Target groups take their own hues, by position in the snapshot: the first two are the blue and
 * the green of a blue/green pair (Okabe–Ito blue and bluish green), then vermillion, reddish purple,
 * sky blue and yellow.
 */
export const TARGET_GROUP_COLORS = [0x0072b2, 0x009e73, 0xd55e00, 0xcc79a7, 0x56b4e9, 0xf0e442] as const;

export function targetGroupColor(index: number): number {
  return TARGET_GROUP_COLORS[((index % TARGET_GROUP_COLORS.length) + TARGET_GROUP_COLORS.length) % TARGET_GROUP_COLORS.length]!;
}
