/**
 * The session log's capped maps (task histories, placement explanations) keep exactly the keys a
 * plain Map trimmed from its oldest insertion would keep, in the same order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CappedMap } from '../../src/app/log';

function reference<K, V>(max: number) {
  const m = new Map<K, V>();
  return {
    set(k: K, v: V) { m.set(k, v); while (m.size > max) m.delete(m.keys().next().value as K); },
    entries: () => [...m.entries()],
  };
}

describe('CappedMap', () => {
  it('keeps the same entries as a map trimmed from its oldest key, for any sequence of sets', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer()), { maxLength: 3000 }),
      (max, ops) => {
        const a = new CappedMap<number, number>(max);
        const b = reference<number, number>(max);
        for (const [k, v] of ops) {
          a.set(k, v);
          b.set(k, v);
          expect(a.size).toBeLessThanOrEqual(max);
        }
        expect([...a.entries()]).toEqual(b.entries());
      },
    ), { numRuns: 300 });
  });

  it('keeps the newest 5,000 of 200,000 keys, oldest first', () => {
    const m = new CappedMap<string, number>(5000);
    for (let i = 0; i < 200_000; i++) m.set(`task-${i}`, i);
    expect(m.size).toBe(5000);
    expect(m.has('task-194999')).toBe(false);
    expect(m.has('task-195000')).toBe(true);
    expect([...m.keys()][0]).toBe('task-195000');
  });
});
