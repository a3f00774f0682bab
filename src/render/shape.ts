/**
 * The quad shader's vocabulary, kept free of Pixi so layout and layer writers run anywhere (unit
 * tests in Node included).
 */

/** Pattern codes understood by the fragment shader (`aParam.w`). */
export const SHAPE = {
  /** Filled (up to the fill fraction), with an optional border. */
  SOLID: 0,
  /** A diagonal slash over the fill: marks an older task-definition revision. */
  SLASH: 1,
  /** Only the fill fraction is opaque; the rest shows a faint tint (image pull, draining). */
  PROGRESS: 2,
  /** A cross over the box: failed requests, rejected work. */
  CROSS: 3,
} as const;

/** Packs 0xRRGGBB and an alpha into the little-endian RGBA bytes of a unorm8x4 attribute. */
export function rgba(color: number, alpha: number): number {
  const a = Math.max(0, Math.min(255, Math.round(alpha * 255)));
  return (((a << 24) | ((color & 0xff) << 16) | (color & 0xff00) | ((color >> 16) & 0xff)) >>> 0);
}
