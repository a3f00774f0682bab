/**
 * `placementStrategy` and `placementConstraints` as CreateService, UpdateService and RunTask take
 * them (reference §1.2–§1.5): validation that returns an ApiError naming the field, the value and
 * what is accepted (never throws), and a normalized, typed form for the scheduler.
 *
 * @example
 * const r = resolvePlacement({ action: 'CreateService',
 *   placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }],
 *   placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }] });
 * // r.ok → r.value.strategy = [{ type: 'spread', field: 'availabilityZone' }, { type: 'binpack', field: 'memory' }]
 *
 * Wording: "distinctInstance expression should not be specified." is the real API's; the other
 * messages follow its style but their exact text is unconfirmed.
 */
import { describeValue, invalidParameter, ok, fail, type ApiError, type ApiResult } from '../errors';
import { MAX_EXPRESSION_LENGTH, parseExpression } from './query';

/** Strategy rules per task or service (§1.3). */
export const MAX_PLACEMENT_STRATEGIES = 5;
/** Constraints per task, task definition and request together (§1.3). */
export const MAX_PLACEMENT_CONSTRAINTS = 10;
/** PlacementStrategy.field length limit in the API model. */
export const MAX_STRATEGY_FIELD_LENGTH = 255;

export type PlacementAction = 'CreateService' | 'UpdateService' | 'RunTask';

export type NormalizedStrategy =
  | { type: 'binpack'; field: 'cpu' | 'memory' }
  | { type: 'spread'; field: 'instanceId' | 'availabilityZone' | { attribute: string } }
  | { type: 'random' };

export type NormalizedConstraint = { type: 'distinctInstance' } | { type: 'memberOf'; expression: string };

/** What the scheduler needs from a request's placement fields. */
export interface ResolvedPlacement {
  /** The strategy chain, with the default applied when the request gave none. */
  strategy: NormalizedStrategy[];
  /** The request's constraints, then the task definition's. */
  constraints: NormalizedConstraint[];
  /** Every memberOf expression (request and task definition); all must hold. */
  memberOf: string[];
  distinctInstance: boolean;
}

const AZ_ATTRIBUTE = 'ecs.availability-zone';
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.\-/\\]{1,128}$/;
const STRATEGY_TYPES = 'random | spread | binpack';
const SPREAD_FIELDS = 'instanceId, host, or attribute:<name> such as attribute:ecs.availability-zone';
const CONSTRAINT_TYPES = 'distinctInstance | memberOf';
const EXPRESSION_ACCEPTED =
  `a cluster query language expression of 1 to ${MAX_EXPRESSION_LENGTH} characters, e.g. attribute:ecs.instance-type =~ t2.*`;

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function absent(v: unknown): boolean {
  return v === undefined || v === null;
}
function own(o: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Strategies

function validateStrategyRule(rule: unknown, at: string): ApiError | null {
  if (!isObject(rule)) {
    return invalidParameter(at, rule, 'an object { type, field }', `${at} must be a placement strategy object with a type and, for spread and binpack, a field.`);
  }
  const type = own(rule, 'type');
  const field = own(rule, 'field');
  if (type !== 'random' && type !== 'spread' && type !== 'binpack') {
    return invalidParameter(`${at}.type`, type, `one of ${STRATEGY_TYPES}`,
      absent(type)
        ? `${at}.type is required. Valid values: ${STRATEGY_TYPES}.`
        : `Invalid placement strategy type ${describeValue(type)}. Valid values: ${STRATEGY_TYPES}.`);
  }
  if (type === 'random') {
    if (absent(field)) return null;
    return invalidParameter(`${at}.field`, field, 'no field (random does not use one)',
      `The random placement strategy does not take a field; remove ${at}.field.`);
  }
  if (absent(field)) {
    const accepted = type === 'binpack' ? 'cpu or memory' : SPREAD_FIELDS;
    return invalidParameter(`${at}.field`, field, accepted, `The ${type} placement strategy requires a field: ${accepted}.`);
  }
  if (typeof field !== 'string') {
    return invalidParameter(`${at}.field`, field, 'a string', `${at}.field must be a string, not ${describeValue(field)}.`);
  }
  if (field.length > MAX_STRATEGY_FIELD_LENGTH) {
    return invalidParameter(`${at}.field`, field, `at most ${MAX_STRATEGY_FIELD_LENGTH} characters`,
      `${at}.field is ${field.length} characters long; the maximum is ${MAX_STRATEGY_FIELD_LENGTH}.`);
  }
  if (type === 'binpack') {
    // Documented in lower case; client code sends MEMORY too, so case is ignored (unconfirmed).
    const f = field.toLowerCase();
    if (f === 'cpu' || f === 'memory') return null;
    return invalidParameter(`${at}.field`, field, 'cpu or memory',
      `Invalid field ${describeValue(field)} for the binpack placement strategy. Valid fields are cpu and memory.`);
  }
  if (field === 'instanceId' || field === 'host') return null;
  if (field.startsWith('attribute:')) {
    const name = field.slice('attribute:'.length);
    if (ATTRIBUTE_NAME.test(name)) return null;
    return invalidParameter(`${at}.field`, field, 'attribute:<name> with a name of 1 to 128 letters, digits, hyphens, underscores, periods or slashes',
      `Invalid attribute name ${describeValue(name)} in spread field ${describeValue(field)}.`);
  }
  return invalidParameter(`${at}.field`, field, SPREAD_FIELDS,
    `Invalid field ${describeValue(field)} for the spread placement strategy. Valid fields are ${SPREAD_FIELDS}.`);
}

/**
 * Checks a request's `placementStrategy`: a list of at most 5 rules; binpack needs field cpu or
 * memory, spread needs instanceId, host or attribute:<name>, random takes no field. Absent
 * (undefined or null) is valid. Returns the first problem, or null.
 */
export function validatePlacementStrategy(strategy: unknown, field = 'placementStrategy'): ApiError | null {
  if (absent(strategy)) return null;
  if (!Array.isArray(strategy)) {
    return invalidParameter(field, strategy, `a list of at most ${MAX_PLACEMENT_STRATEGIES} placement strategy objects`,
      `${field} must be a list of placement strategy objects.`);
  }
  if (strategy.length > MAX_PLACEMENT_STRATEGIES) {
    return invalidParameter(field, strategy, `at most ${MAX_PLACEMENT_STRATEGIES} strategy rules`,
      `Too many placement strategies: ${strategy.length}. The maximum is ${MAX_PLACEMENT_STRATEGIES} strategy rules per task or service.`);
  }
  for (let i = 0; i < strategy.length; i++) {
    const e = validateStrategyRule(strategy[i], `${field}[${i}]`);
    if (e) return e;
  }
  return null;
}

function normalizeStrategyRule(rule: Obj): NormalizedStrategy | null {
  const type = own(rule, 'type');
  const field = own(rule, 'field');
  if (type === 'random') return { type: 'random' };
  if (typeof field !== 'string') return null;
  if (type === 'binpack') {
    const f = field.toLowerCase();
    return f === 'cpu' || f === 'memory' ? { type: 'binpack', field: f } : null;
  }
  if (type !== 'spread') return null;
  if (field === 'instanceId' || field === 'host') return { type: 'spread', field: 'instanceId' };
  if (!field.startsWith('attribute:')) return null;
  const name = field.slice('attribute:'.length);
  if (name === AZ_ATTRIBUTE) return { type: 'spread', field: 'availabilityZone' };
  return ATTRIBUTE_NAME.test(name) ? { type: 'spread', field: { attribute: name } } : null;
}

/**
 * The typed form of a validated `placementStrategy` (`host` becomes instanceId,
 * `attribute:ecs.availability-zone` becomes availabilityZone). Rules that do not validate are
 * skipped; absent gives [].
 */
export function normalizePlacementStrategy(strategy: unknown): NormalizedStrategy[] {
  if (!Array.isArray(strategy)) return [];
  const out: NormalizedStrategy[] = [];
  for (const rule of strategy) {
    const n = isObject(rule) ? normalizeStrategyRule(rule) : null;
    if (n) out.push(n);
  }
  return out;
}

/**
 * The strategy used when a request gives none (§1.5): a service on EC2 spreads across
 * Availability Zones, then across instances within a zone; RunTask places at random.
 */
export function defaultPlacementStrategy(action: PlacementAction): NormalizedStrategy[] {
  if (action === 'RunTask') return [{ type: 'random' }];
  return [{ type: 'spread', field: 'availabilityZone' }, { type: 'spread', field: 'instanceId' }];
}

// ---------------------------------------------------------------------------------------------
// Constraints

function validateConstraint(c: unknown, at: string): ApiError | null {
  if (!isObject(c)) {
    return invalidParameter(at, c, 'an object { type, expression }', `${at} must be a placement constraint object with a type.`);
  }
  const type = own(c, 'type');
  const expression = own(c, 'expression');
  if (type === 'distinctInstance') {
    // The API refuses any expression here, even an empty string.
    if (expression === undefined || expression === null) return null;
    return invalidParameter(`${at}.expression`, expression, 'no expression (distinctInstance takes none)',
      'distinctInstance expression should not be specified.');
  }
  if (type !== 'memberOf') {
    return invalidParameter(`${at}.type`, type, `one of ${CONSTRAINT_TYPES}`,
      absent(type)
        ? `${at}.type is required. Valid values: ${CONSTRAINT_TYPES}.`
        : `Invalid placement constraint type ${describeValue(type)}. Valid values: ${CONSTRAINT_TYPES}.`);
  }
  if (typeof expression !== 'string' || expression.trim() === '') {
    return invalidParameter(`${at}.expression`, expression, EXPRESSION_ACCEPTED,
      typeof expression === 'string' || absent(expression)
        ? 'A memberOf placement constraint requires an expression.'
        : `${at}.expression must be a string, not ${describeValue(expression)}.`);
  }
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    return invalidParameter(`${at}.expression`, expression, EXPRESSION_ACCEPTED,
      `The memberOf expression is ${expression.length} characters long; the maximum is ${MAX_EXPRESSION_LENGTH}.`);
  }
  const parsed = parseExpression(expression);
  if (!parsed.ok) {
    return invalidParameter(`${at}.expression`, expression, EXPRESSION_ACCEPTED,
      `Invalid memberOf expression at character ${parsed.error.position + 1}: ${parsed.error.message}.`);
  }
  return null;
}

/**
 * Checks a request's `placementConstraints`: distinctInstance (no expression) or memberOf (an
 * expression that parses), at most 10 counting the task definition's constraints too. Absent
 * (undefined or null) is valid. Returns the first problem, or null.
 */
export function validatePlacementConstraints(
  constraints: unknown,
  taskDefinitionConstraints: unknown = [],
  field = 'placementConstraints',
): ApiError | null {
  if (absent(constraints)) constraints = [];
  if (!Array.isArray(constraints)) {
    return invalidParameter(field, constraints, `a list of at most ${MAX_PLACEMENT_CONSTRAINTS} placement constraint objects`,
      `${field} must be a list of placement constraint objects.`);
  }
  const fromTaskDefinition = Array.isArray(taskDefinitionConstraints) ? taskDefinitionConstraints.length : 0;
  const total = constraints.length + fromTaskDefinition;
  if (total > MAX_PLACEMENT_CONSTRAINTS) {
    return invalidParameter(field, constraints,
      `at most ${MAX_PLACEMENT_CONSTRAINTS} placement constraints in total; the task definition has ${fromTaskDefinition}, so at most ${Math.max(0, MAX_PLACEMENT_CONSTRAINTS - fromTaskDefinition)} here`,
      `Too many placement constraints: ${constraints.length} in the request and ${fromTaskDefinition} in the task definition. The maximum is ${MAX_PLACEMENT_CONSTRAINTS} per task.`);
  }
  for (let i = 0; i < constraints.length; i++) {
    const e = validateConstraint(constraints[i], `${field}[${i}]`);
    if (e) return e;
  }
  return null;
}

/** The typed form of validated constraints; entries that do not validate are skipped. */
export function normalizePlacementConstraints(constraints: unknown): NormalizedConstraint[] {
  if (!Array.isArray(constraints)) return [];
  const out: NormalizedConstraint[] = [];
  for (const c of constraints) {
    if (!isObject(c)) continue;
    const type = own(c, 'type');
    const expression = own(c, 'expression');
    if (type === 'distinctInstance') out.push({ type: 'distinctInstance' });
    else if (type === 'memberOf' && typeof expression === 'string' && expression.trim() !== '') out.push({ type: 'memberOf', expression });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Both together

export interface PlacementRequest {
  action: PlacementAction;
  placementStrategy?: unknown;
  placementConstraints?: unknown;
  /** The task definition's placementConstraints (memberOf only; validated at registration). */
  taskDefinitionPlacementConstraints?: unknown;
}

/**
 * Validates and normalizes a request's placement fields, applying the default strategy when none
 * is given (an empty list counts as none, which is how UpdateService clears a strategy). For
 * UpdateService, call it only when the request carries the fields.
 */
export function resolvePlacement(req: PlacementRequest): ApiResult<ResolvedPlacement> {
  const se = validatePlacementStrategy(req.placementStrategy);
  if (se) return fail(se);
  const ce = validatePlacementConstraints(req.placementConstraints, req.taskDefinitionPlacementConstraints ?? []);
  if (ce) return fail(ce);
  const given = normalizePlacementStrategy(req.placementStrategy);
  const constraints = [
    ...normalizePlacementConstraints(req.placementConstraints),
    ...normalizePlacementConstraints(req.taskDefinitionPlacementConstraints).filter((c) => c.type === 'memberOf'),
  ];
  return ok({
    strategy: given.length ? given : defaultPlacementStrategy(req.action),
    constraints,
    memberOf: constraints.flatMap((c) => (c.type === 'memberOf' ? [c.expression] : [])),
    distinctInstance: constraints.some((c) => c.type === 'distinctInstance'),
  });
}
