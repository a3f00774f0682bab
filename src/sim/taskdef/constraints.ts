/**
 * A task definition's `placementConstraints`: memberOf only, at most 10 (reference §1.3–§1.4).
 * The expression is checked for length here; the query language itself is read where tasks are
 * placed (src/sim/placement).
 */
import { clientException, describeValue } from '../errors';
import { type Step, done, isObject, stop, typeError } from './checks';

/** Placement constraints per task (reference §1.3). */
export const MAX_PLACEMENT_CONSTRAINTS = 10;
/** memberOf expression length (reference §1.4). */
export const MAX_CONSTRAINT_EXPRESSION_LENGTH = 2000;

export function parsePlacementConstraints(v: unknown): Step<{ type: 'memberOf'; expression: string }[]> {
  if (v === undefined || v === null) return done([]);
  if (!Array.isArray(v)) return stop(typeError('placementConstraints', v, 'a list of { type: "memberOf", expression }'));
  // §1.3: at most 10 constraints per task. Wording unconfirmed.
  if (v.length > MAX_PLACEMENT_CONSTRAINTS) {
    return stop(
      clientException('placementConstraints', v, `at most ${MAX_PLACEMENT_CONSTRAINTS} placement constraints`, `Too many placement constraints. The maximum is ${MAX_PLACEMENT_CONSTRAINTS}.`),
    );
  }
  const out: { type: 'memberOf'; expression: string }[] = [];
  for (let i = 0; i < v.length; i++) {
    const pc: unknown = v[i];
    const at = `placementConstraints[${i}]`;
    if (!isObject(pc)) return stop(typeError(at, pc, 'an object { type: "memberOf", expression }'));
    // §1.4: only memberOf is allowed in a task definition (distinctInstance goes on RunTask / CreateService).
    if (pc.type !== 'memberOf') {
      const shown = typeof pc.type === 'string' ? pc.type : describeValue(pc.type);
      return stop(
        clientException(
          `${at}.type`,
          pc.type,
          "'memberOf' (distinctInstance can be set on RunTask, CreateService and UpdateService, not in a task definition)",
          `constraint.type '${shown}' is not supported.`, // confirmed wording for distinctInstance
        ),
      );
    }
    const expr = pc.expression;
    if (typeof expr !== 'string' || expr.trim() === '' || expr.length > MAX_CONSTRAINT_EXPRESSION_LENGTH) {
      return stop(
        clientException(
          `${at}.expression`,
          expr,
          `a cluster query language expression of 1 to ${MAX_CONSTRAINT_EXPRESSION_LENGTH} characters, e.g. "attribute:ecs.instance-type =~ t3.*"`,
          'Invalid expression for memberOf placement constraint.', // wording unconfirmed
        ),
      );
    }
    out.push({ type: 'memberOf', expression: expr });
  }
  return done(out);
}
