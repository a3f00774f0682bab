/**
 * Choice order per learner: each learner gets a seed once (kept in localStorage), and each
 * question's choices are shuffled by that seed and the question's id, so the right answer is not
 * always first, and the order stays the same across reloads.
 */
const KEY = 'ecs-lab.learner-seed';
let memo: number | null = null;

/** This learner's seed (a fresh one when storage is unavailable, kept for the page's life). */
export function learnerSeed(): number {
  if (memo !== null) return memo;
  try {
    const saved = Number(localStorage.getItem(KEY));
    if (Number.isInteger(saved) && saved > 0) return (memo = saved);
    memo = 1 + Math.floor(Math.random() * 0x7ffffffe);
    localStorage.setItem(KEY, String(memo));
  } catch {
    memo ??= 1 + Math.floor(Math.random() * 0x7ffffffe);
  }
  return memo;
}

/** FNV-1a of a text, mixed with a seed. */
function hash(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The items in an order fixed by the seed and the key (Fisher–Yates over a small xorshift). */
export function shuffled<T>(items: readonly T[], seed: number, key: string): T[] {
  const out = items.slice();
  let x = hash(seed, key) || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
