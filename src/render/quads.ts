/**
 * A layer of many rectangles drawn in one instanced draw call: task marks, instance boxes,
 * traffic particles, aggregate bars. Each quad carries its rectangle, a fill and a border colour,
 * and a few shape parameters that the fragment shader turns into a rounded box with an
 * anti-aliased border, a partial fill (image-pull progress) or stripes (an older revision).
 *
 * One plain Sprite per task measured 8–12 fps at 10,000 tasks under software GL. This layer writes
 * 4 × 28 bytes per quad into one vertex buffer and issues one draw call. It does not use instancing:
 * SwiftShader (the software GL here) pays a full draw setup per instance, which measured slower
 * than sprites.
 *
 * @example
 * const layer = new QuadLayer();
 * stage.addChild(layer.mesh);
 * layer.begin();
 * layer.push(10, 10, 12, 12, 0xe69f00, 1, 0x000000, 0, 3, 0, 1, SHAPE.SOLID);
 * layer.end(); // uploads the quads written since begin()
 */
import { Buffer, BufferUsage, Geometry, Mesh, Shader, UniformGroup } from 'pixi.js';

import { rgba } from './shape';

export { SHAPE, rgba } from './shape';

/** 32-bit words per vertex: centre (2 floats), size (2 floats), fill, line, params (unorm8x4 each). */
const WORDS = 7;
/** Vertices per quad; the corner is gl_VertexID & 3 (WebGL2). */
const CORNERS = 4;
/** Parameter encodings in the params byte vector (kept in sync with the shader). */
const RADIUS_SCALE = 8;
const BORDER_SCALE = 32;

const vertex = /* glsl */ `#version 300 es
in vec2 aPosition;
in vec2 aSize;
in vec4 aFill;
in vec4 aLine;
in vec4 aParam;

uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform float uMinSize;

out vec2 vLocal;
out vec2 vHalf;
out vec4 vFill;
out vec4 vLine;
out vec4 vParam;

void main() {
  int corner = gl_VertexID & 3;
  vec2 c = vec2(corner == 1 || corner == 2 ? 0.5 : -0.5, corner >= 2 ? 0.5 : -0.5);
  // A quad never shrinks below one screen pixel: far-out marks stay visible as dots.
  vec2 size = max(aSize, vec2(uMinSize));
  vHalf = size * 0.5;
  vLocal = c * size;
  vFill = aFill;
  vLine = aLine;
  vParam = vec4(aParam.x * 255.0 / ${RADIUS_SCALE}.0, aParam.y * 255.0 / ${BORDER_SCALE}.0, aParam.z, aParam.w * 255.0);
  mat3 mvp = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  gl_Position = vec4((mvp * vec3(aPosition + vLocal, 1.0)).xy, 0.0, 1.0);
}
`;

const fragment = /* glsl */ `#version 300 es
in vec2 vLocal;
in vec2 vHalf;
in vec4 vFill;
in vec4 vLine;
in vec4 vParam;

out vec4 finalColor;

float roundBox(vec2 p, vec2 b, float r) {
  vec2 q = abs(p) - b + r;
  return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;
}

void main() {
  float radius = min(vParam.x, min(vHalf.x, vHalf.y));
  float d = roundBox(vLocal, vHalf, radius);
  float aa = max(fwidth(d), 1e-4);
  float inside = clamp(0.5 - d / aa, 0.0, 1.0);
  if (inside <= 0.0) discard;
  float border = vParam.y;
  float inner = border > 0.0 ? clamp(0.5 - (d + border) / aa, 0.0, 1.0) : 1.0;
  int pattern = int(vParam.w + 0.5);

  vec4 fill = vFill;
  // Fill fraction, measured from the bottom edge (y grows downwards).
  float fromBottom = (vHalf.y - vLocal.y) / max(2.0 * vHalf.y, 1e-4);
  if (fromBottom > vParam.z) fill.a *= (pattern == 2 ? 0.18 : 0.0);
  if (pattern == 1) {
    // A slash from the top-right to the bottom-left corner.
    vec2 n = vLocal / max(vHalf, vec2(1e-4));
    float m = min(vHalf.x, vHalf.y);
    float dist = abs(n.x + n.y) * m * 0.7071;
    float w = max(aa * 0.8, m * 0.16);
    fill.rgb = mix(fill.rgb, fill.rgb * 0.45, clamp(1.0 - (dist - w) / aa, 0.0, 1.0));
  } else if (pattern == 3) {
    vec2 n = abs(vLocal / max(vHalf, vec2(1e-4)));
    float diag = abs(n.x - n.y) * min(vHalf.x, vHalf.y);
    float w = max(aa * 0.9, min(vHalf.x, vHalf.y) * 0.28);
    fill.a *= clamp(1.0 - (diag - w) / aa, 0.0, 1.0);
  }
  vec4 color = mix(vLine, fill, inner);
  color.a *= inside;
  finalColor = vec4(color.rgb * color.a, color.a);
}
`;

let sharedShader: Shader | null = null;
let sharedUniforms: UniformGroup | null = null;

function quadShader(): { shader: Shader; uniforms: UniformGroup } {
  if (!sharedShader || !sharedUniforms) {
    sharedUniforms = new UniformGroup({ uMinSize: { value: 0, type: 'f32' } });
    sharedShader = Shader.from({ gl: { vertex, fragment, name: 'ecs-lab-quads' }, resources: { quadUniforms: sharedUniforms } });
  }
  return { shader: sharedShader, uniforms: sharedUniforms };
}

/** Sets the smallest on-screen size of every quad, in world units (1 screen pixel / zoom). */
export function setMinQuadSize(worldUnits: number): void {
  const { uniforms } = quadShader();
  if (uniforms.uniforms.uMinSize !== worldUnits) {
    uniforms.uniforms.uMinSize = worldUnits;
    uniforms.update();
  }
}

/** The shared index buffer: six indices per quad, for the largest layer so far. */
let sharedIndex = new Uint32Array(0);
function indicesFor(quads: number): Uint32Array {
  if (sharedIndex.length >= quads * 6) return sharedIndex;
  const n = Math.max(quads, 1024, (sharedIndex.length / 6) * 2);
  const idx = new Uint32Array(n * 6);
  for (let q = 0; q < n; q++) {
    const v = q * 4, o = q * 6;
    idx[o] = v; idx[o + 1] = v + 1; idx[o + 2] = v + 2; idx[o + 3] = v; idx[o + 4] = v + 2; idx[o + 5] = v + 3;
  }
  sharedIndex = idx;
  return idx;
}

export class QuadLayer {
  readonly mesh: Mesh<Geometry, Shader>;
  private f32: Float32Array;
  private u32: Uint32Array;
  private capacity: number;
  private readonly buffer: Buffer;
  private readonly index: Buffer;
  private readonly geometry: Geometry;
  private n = 0;
  /** Quads written since the last begin(). */
  get count(): number { return this.n; }

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.f32 = new Float32Array(this.capacity * CORNERS * WORDS);
    this.u32 = new Uint32Array(this.f32.buffer);
    this.buffer = new Buffer({ data: this.f32, usage: BufferUsage.VERTEX | BufferUsage.COPY_DST, shrinkToFit: false });
    this.index = new Buffer({ data: indicesFor(this.capacity), usage: BufferUsage.INDEX | BufferUsage.COPY_DST, shrinkToFit: false });
    const stride = WORDS * 4;
    this.geometry = new Geometry({
      attributes: {
        aPosition: { buffer: this.buffer, format: 'float32x2', stride, offset: 0 },
        aSize: { buffer: this.buffer, format: 'float32x2', stride, offset: 8 },
        aFill: { buffer: this.buffer, format: 'unorm8x4', stride, offset: 16 },
        aLine: { buffer: this.buffer, format: 'unorm8x4', stride, offset: 20 },
        aParam: { buffer: this.buffer, format: 'unorm8x4', stride, offset: 24 },
      },
      indexBuffer: this.index,
    });
    this.mesh = new Mesh({ geometry: this.geometry, shader: quadShader().shader });
    this.mesh.eventMode = 'none';
    this.mesh.visible = false;
  }

  begin(): void { this.n = 0; }

  private grow(): void {
    this.capacity *= 2;
    const next = new Float32Array(this.capacity * CORNERS * WORDS);
    next.set(this.f32);
    this.f32 = next;
    this.u32 = new Uint32Array(next.buffer);
  }

  /**
   * Adds a quad by its top-left corner and size. Colours are 0xRRGGBB with a separate alpha in
   * 0..1; `radius` (up to 31 world units) and `border` (up to 7.9) are in world units; `fillFrac`
   * 0..1 fills from the bottom; `pattern` is a SHAPE code.
   */
  push(x: number, y: number, w: number, h: number, fill: number, fillAlpha: number,
    line: number, lineAlpha: number, radius: number, border: number, fillFrac: number, pattern: number): void {
    if (this.n >= this.capacity) this.grow();
    const cx = x + w / 2, cy = y + h / 2;
    const f = rgba(fill, fillAlpha);
    const l = rgba(line, lineAlpha);
    const p = ((pattern & 0xff) << 24) | ((Math.round(clamp01(fillFrac) * 255)) << 16)
      | (Math.min(255, Math.round(border * BORDER_SCALE)) << 8) | Math.min(255, Math.round(radius * RADIUS_SCALE));
    const f32 = this.f32, u32 = this.u32;
    let o = this.n * CORNERS * WORDS;
    for (let k = 0; k < CORNERS; k++, o += WORDS) {
      f32[o] = cx; f32[o + 1] = cy; f32[o + 2] = w; f32[o + 3] = h;
      u32[o + 4] = f; u32[o + 5] = l; u32[o + 6] = p >>> 0;
    }
    this.n++;
  }

  /** Uploads what was written since begin() and draws that many quads. */
  end(): void {
    if (this.buffer.data !== this.f32) this.buffer.data = this.f32;
    else this.buffer.update(this.n * CORNERS * WORDS * 4);
    const idx = indicesFor(this.capacity);
    if (this.index.data !== idx) this.index.data = idx;
    this.geometry.indexCount = this.n * 6;
    this.mesh.visible = this.n > 0;
  }

  destroy(): void {
    this.mesh.destroy();
    this.geometry.destroy();
    this.buffer.destroy();
    this.index.destroy();
  }
}

function clamp01(x: number): number { return x < 0 ? 0 : x > 1 ? 1 : x; }
