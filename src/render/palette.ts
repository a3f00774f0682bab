/**
 * Colours. Services take the Okabe–Ito palette (distinguishable with the common forms of colour
 * blindness); revisions of one service are told apart by shade, and state by shape and opacity,
 * never by colour alone.
 */
export const SERVICE_COLORS = [0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442, 0x0072b2, 0xd55e00, 0xcc79a7, 0x999999] as const;

export interface Theme {
  background: number; lane: number; laneBorder: number; text: number; muted: number;
  box: number; boxBorder: number; cpu: number; mem: number; unhealthy: number; failed: number;
}

export const DARK: Theme = {
  background: 0x0b1220, lane: 0x111a2e, laneBorder: 0x23304d, text: 0xe2e8f0, muted: 0x8b9bb4,
  box: 0x16223a, boxBorder: 0x2d3b5c, cpu: 0x38bdf8, mem: 0xa78bfa, unhealthy: 0xef4444, failed: 0x7f1d1d,
};

export const LIGHT: Theme = {
  background: 0xf8fafc, lane: 0xeef2f7, laneBorder: 0xcbd5e1, text: 0x0f172a, muted: 0x475569,
  box: 0xffffff, boxBorder: 0x94a3b8, cpu: 0x0284c7, mem: 0x7c3aed, unhealthy: 0xdc2626, failed: 0xfecaca,
};

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
}

/** Lighter or darker shade of a colour; revisions alternate shades so a rollout shows two kinds. */
export function shade(color: number, amount: number): number {
  const r = (color >> 16) & 0xff, g = (color >> 8) & 0xff, b = color & 0xff;
  const f = (c: number) => Math.max(0, Math.min(255, Math.round(amount >= 0 ? c + (255 - c) * amount : c * (1 + amount))));
  return (f(r) << 16) | (f(g) << 8) | f(b);
}
