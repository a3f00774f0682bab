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
