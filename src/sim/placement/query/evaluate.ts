/**
 * Evaluating a parsed expression against a container instance. Pure: the same AST and instance
 * always give the same answer.
 */
import type { QueryCondition, QueryInstance, QueryNode, QueryOperator } from './ast';

/** A decimal number as the comparison operators read one. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function isNumeric(s: string): boolean {
  return NUMBER.test(s);
}

/** Numeric when both sides are numbers, else by UTF-16 code units. */
function compareLoose(a: string, b: string): number {
  if (isNumeric(a) && isNumeric(b)) return Math.sign(Number(a) - Number(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Dotted versions part by part, numerically where both parts are numbers (1.9.0 < 1.14.5). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let k = 0; k < Math.max(pa.length, pb.length); k++) {
    const x = pa[k] ?? '0';
    const y = pb[k] ?? '0';
    const c = /^\d+$/.test(x) && /^\d+$/.test(y) ? Math.sign(Number(x) - Number(y)) : (x < y ? -1 : x > y ? 1 : 0);
    if (c !== 0) return c;
  }
  return 0;
}

function ordered(op: QueryOperator, c: number): boolean {
  switch (op) {
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    default: return c === 0;
  }
}

const NEGATION: Partial<Record<QueryOperator, QueryOperator>> = { '!=': '==', '!exists': 'exists', '!in': 'in', '!~': '=~' };

/** The subject's values on an instance: none (attribute absent), one, or several (task:group). */
function subjectValues(c: QueryCondition, inst: QueryInstance): readonly string[] {
  switch (c.subject) {
    case 'attribute': {
      const name = c.attribute!;
      return Object.prototype.hasOwnProperty.call(inst.attributes, name) ? [inst.attributes[name]!] : [];
    }
    case 'ec2InstanceId': return [inst.ec2InstanceId];
    case 'agentConnected': return [inst.agentConnected ? 'true' : 'false'];
    case 'agentVersion': return [inst.agentVersion];
    case 'task:group': return [...inst.taskGroups];
    case 'registeredAt': return [String(inst.registeredAt)];
    case 'runningTasksCount': return [String(inst.runningTasksCount)];
  }
}

/** The positive form of a test (==, exists, in, =~, >, >=, <, <=): true when some value satisfies it. */
function holds(c: QueryCondition, op: QueryOperator, inst: QueryInstance): boolean {
  if (c.subject === 'registeredAt' || c.subject === 'runningTasksCount') {
    const v = c.subject === 'registeredAt' ? inst.registeredAt : inst.runningTasksCount;
    return ordered(op, Math.sign(v - c.number!));
  }
  if (c.subject === 'task:group' && op === '==') return inst.taskGroups.has(c.values[0]!);
  const values = subjectValues(c, inst);
  const fold = c.subject === 'agentConnected' ? (s: string) => s.toLowerCase() : (s: string) => s;
  switch (op) {
    case 'exists': return values.length > 0;
    case 'in': return values.some((v) => c.values.some((a) => fold(a) === v));
    case '=~': return values.some((v) => c.regex!.test(v));
    case '==': return values.some((v) => v === fold(c.values[0]!));
    default: {
      const arg = c.values[0]!;
      const cmp = c.subject === 'agentVersion' ? compareVersions : compareLoose;
      return values.some((v) => ordered(op, cmp(v, arg)));
    }
  }
}

/**
 * Whether a condition is true for an instance. Negated operators are the exact negation of their
 * positive forms: `attribute:x != a` is true on an instance without `x`, and `task:group != db` is
 * true on an instance running no task of group `db` (anti-affinity).
 */
export function evaluateCondition(c: QueryCondition, inst: QueryInstance): boolean {
  const positive = NEGATION[c.operator];
  return positive ? !holds(c, positive, inst) : holds(c, c.operator, inst);
}

/** Evaluates a parsed expression against one container instance. */
export function evaluate(ast: QueryNode, instance: QueryInstance): boolean {
  switch (ast.kind) {
    case 'and': return evaluate(ast.left, instance) && evaluate(ast.right, instance);
    case 'or': return evaluate(ast.left, instance) || evaluate(ast.right, instance);
    case 'not': return !evaluate(ast.operand, instance);
    case 'condition': return evaluateCondition(ast, instance);
  }
}
