/**
 * The ECS cluster query language: the expressions of `memberOf` placement constraints and of
 * `ListContainerInstances --filter` (reference §1.4).
 *
 *     subject operator [argument]        e.g.  attribute:ecs.instance-type =~ t2.*
 *
 * joined with `&&`/`and`, `||`/`or`, `!`/`not` and parentheses. Precedence, tightest first:
 * `not`, `and`, `or`. Keywords and word operators are case-insensitive; subjects are not.
 *
 * Parsing never throws and reports the 0-based position of the first problem. Evaluation is pure.
 *
 * @example
 * const q = compileExpression('attribute:ecs.availability-zone in [us-east-1a, us-east-1b]');
 * if (q.ok) q.test(instance); // true when the instance is in one of the two zones
 *
 * Files: `ast.ts` (the parsed form, limits, formatting back to text), `vocabulary.ts` (subjects
 * and operators), `parse.ts` (the parser), `evaluate.ts` (evaluation), `compile.ts` (predicates
 * and their cache), `java-regex.ts` and `java-regex-classes.ts` (Java patterns for =~ and !~).
 */
export {
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING,
  formatExpression,
  type CompileResult,
  type ParseResult,
  type QueryCondition,
  type QueryInstance,
  type QueryNode,
  type QueryOperator,
  type QueryParseError,
  type QuerySubject,
} from './ast';
export { parseExpression, parseRegisteredAt } from './parse';
export { compareVersions, evaluate, evaluateCondition } from './evaluate';
export { compileExpression } from './compile';
export { translateJavaRegex, type RegexTranslation } from './java-regex';
