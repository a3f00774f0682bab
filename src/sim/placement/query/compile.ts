/**
 * Compiled expressions: parsed once, turned into a predicate, and kept in a small LRU cache.
 */
import type { CompileResult, QueryInstance, QueryNode } from './ast';
import { evaluateCondition } from './evaluate';
import { parseExpression } from './parse';

type Predicate = (instance: QueryInstance) => boolean;

function toPredicate(n: QueryNode): Predicate {
  switch (n.kind) {
    case 'and': { const a = toPredicate(n.left); const b = toPredicate(n.right); return (i) => a(i) && b(i); }
    case 'or': { const a = toPredicate(n.left); const b = toPredicate(n.right); return (i) => a(i) || b(i); }
    case 'not': { const a = toPredicate(n.operand); return (i) => !a(i); }
    case 'condition': return (i) => evaluateCondition(n, i);
  }
}

const CACHE_SIZE = 256;
const cache = new Map<string, CompileResult>();

/**
 * Parses once and returns a predicate; results (failures too) are kept in a small LRU cache keyed
 * by the expression text, so evaluating the same constraint on every instance every tick is cheap.
 */
export function compileExpression(text: string): CompileResult {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const parsed = parseExpression(text);
  const result: CompileResult = parsed.ok ? { ok: true, ast: parsed.ast, test: toPredicate(parsed.ast) } : parsed;
  if (typeof text === 'string') {
    cache.set(text, result);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return result;
}
