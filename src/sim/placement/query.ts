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
 */

/** Longest expression the API accepts (PlacementConstraint.expression). */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Deepest nesting of parentheses and `not` accepted; keeps evaluation off deep recursion. */
export const MAX_NESTING = 100;

export type QuerySubject =
  | 'agentConnected' | 'agentVersion' | 'attribute' | 'ec2InstanceId'
  | 'registeredAt' | 'runningTasksCount' | 'task:group';

/** Operators in their symbol form; the word forms (`equals`, `not_in`, ...) parse to these. */
export type QueryOperator =
  | '==' | '!=' | '>' | '>=' | '<' | '<='
  | 'exists' | '!exists' | 'in' | '!in' | '=~' | '!~';

/** One `subject operator [argument]` test. */
export interface QueryCondition {
  readonly kind: 'condition';
  readonly subject: QuerySubject;
  /** The name after `attribute:` (subject `attribute` only). */
  readonly attribute?: string;
  readonly operator: QueryOperator;
  /** Arguments as written, quotes removed: none for exists, several for in / !in, else one. */
  readonly values: readonly string[];
  /** registeredAt (seconds since the Unix epoch, UTC) and runningTasksCount: the argument as a number. */
  readonly number?: number;
  /** =~ / !~: the Java pattern translated to an anchored JavaScript RegExp. */
  readonly regex?: RegExp;
  /** Offset of the subject in the expression text. */
  readonly position: number;
}

export type QueryNode =
  | QueryCondition
  | { readonly kind: 'and' | 'or'; readonly left: QueryNode; readonly right: QueryNode }
  | { readonly kind: 'not'; readonly operand: QueryNode };

/** What an expression can see of a container instance. */
export interface QueryInstance {
  /** Built-in (`ecs.availability-zone`, `ecs.instance-type`, ...) and custom attributes. */
  attributes: Readonly<Record<string, string>>;
  agentConnected: boolean;
  agentVersion: string;
  ec2InstanceId: string;
  /** Registration time in seconds since the Unix epoch (UTC). */
  registeredAt: number;
  runningTasksCount: number;
  /** Groups of the tasks on the instance (`service:web`, `family:batch`, ...). */
  taskGroups: ReadonlySet<string>;
}

export interface QueryParseError {
  /** 0-based offset into the expression text. */
  position: number;
  message: string;
}

export type ParseResult = { ok: true; ast: QueryNode } | { ok: false; error: QueryParseError };

export type CompileResult =
  | { ok: true; ast: QueryNode; test: (instance: QueryInstance) => boolean }
  | { ok: false; error: QueryParseError };

// ---------------------------------------------------------------------------------------------
// Vocabulary

const SUBJECTS: readonly QuerySubject[] = [
  'agentConnected', 'agentVersion', 'ec2InstanceId', 'registeredAt', 'runningTasksCount', 'task:group',
];
const SUBJECT_LIST =
  'agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, runningTasksCount or task:group';

const WORD_OPERATORS: Readonly<Record<string, QueryOperator>> = {
  equals: '==', not_equals: '!=',
  greater_than: '>', greater_than_equal: '>=', less_than: '<', less_than_equal: '<=',
  exists: 'exists', not_exists: '!exists',
  in: 'in', not_in: '!in',
  matches: '=~', not_matches: '!~',
};
/** Longest first, so `!=` is not read as `!` and `>=` not as `>`. */
const SYMBOL_OPERATORS: readonly QueryOperator[] = ['!=', '!~', '==', '=~', '>=', '<=', '>', '<'];
const OPERATOR_LIST = '==, !=, >, >=, <, <=, exists, !exists, in, !in, =~, !~ (or equals, not_equals, '
  + 'greater_than, greater_than_equal, less_than, less_than_equal, not_exists, not_in, matches, not_matches)';

const EQUALITY_LIST_REGEX: readonly QueryOperator[] = ['==', '!=', 'in', '!in', '=~', '!~'];
const ORDERED: readonly QueryOperator[] = ['==', '!=', '>', '>=', '<', '<='];
/** Valid operators per subject, as the developer guide lists them; attribute and task:group take all. */
const SUBJECT_OPERATORS: Readonly<Record<QuerySubject, readonly QueryOperator[] | null>> = {
  agentConnected: EQUALITY_LIST_REGEX,
  agentVersion: ORDERED,
  ec2InstanceId: EQUALITY_LIST_REGEX,
  registeredAt: ORDERED,
  runningTasksCount: ORDERED,
  attribute: null,
  'task:group': null,
};

const ATTRIBUTE_NAME = /^[A-Za-z0-9_.\-/\\]{1,128}$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const VERSION = /^\d+(?:\.\d+)*$/;

// ---------------------------------------------------------------------------------------------
// Expression parser (scannerless recursive descent: how an argument is read depends on its operator)

class Failure {
  constructor(readonly position: number, readonly message: string) {}
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}
function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}
/** Characters that end a subject. */
function endsSubject(c: string): boolean {
  return isSpace(c) || '=!<>()[],&|\'"~'.includes(c);
}
function quoteForMessage(s: string): string {
  return s.length > 40 ? `'${s.slice(0, 37)}...'` : `'${s}'`;
}

interface Value { text: string; start: number; quoted: boolean }

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly s: string) {}

  parse(): QueryNode {
    this.skipSpace();
    if (this.pos >= this.s.length) throw new Failure(0, 'The expression is empty; expected subject operator [argument], e.g. task:group == databases');
    const node = this.parseOr();
    this.skipSpace();
    if (this.pos < this.s.length) {
      const c = this.s[this.pos];
      const hint = c === ')' ? "Unmatched ')'" : `Unexpected ${quoteForMessage(this.s.slice(this.pos, this.pos + 12))}`;
      throw new Failure(this.pos, `${hint}; expected and, or, && or || between conditions, or the end of the expression`);
    }
    return node;
  }

  private skipSpace(): void {
    while (isSpace(this.s[this.pos])) this.pos++;
  }

  /** The keyword at the cursor (a whole word, lower-cased), or ''. */
  private keyword(): string {
    let end = this.pos;
    while (isWordChar(this.s[end])) end++;
    return this.s.slice(this.pos, end).toLowerCase();
  }

  private parseOr(): QueryNode {
    let left = this.parseAnd();
    for (;;) {
      this.skipSpace();
      if (this.s.startsWith('||', this.pos)) this.pos += 2;
      else if (this.keyword() === 'or') this.pos += 2;
      else return left;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
  }

  private parseAnd(): QueryNode {
    let left = this.parseUnary();
    for (;;) {
      this.skipSpace();
      if (this.s.startsWith('&&', this.pos)) this.pos += 2;
      else if (this.keyword() === 'and') this.pos += 3;
      else return left;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
  }

  private enter(at: number): void {
    if (++this.depth > MAX_NESTING) throw new Failure(at, `Nesting is deeper than ${MAX_NESTING} levels of parentheses and not`);
  }

  private parseUnary(): QueryNode {
    this.skipSpace();
    const at = this.pos;
    let negate = false;
    if (this.s[this.pos] === '!') { this.pos++; negate = true; }
    else if (this.keyword() === 'not') { this.pos += 3; negate = true; }
    if (negate) {
      this.enter(at);
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'not', operand };
    }
    if (this.s[this.pos] === '(') {
      this.enter(at);
      this.pos++;
      const inner = this.parseOr();
      this.skipSpace();
      if (this.s[this.pos] !== ')') {
        const found = this.pos >= this.s.length ? 'the end of the expression' : quoteForMessage(this.s.slice(this.pos, this.pos + 12));
        throw new Failure(this.pos, `Expected ')' to close the '(' at position ${at}, found ${found}`);
      }
      this.pos++;
      this.depth--;
      return inner;
    }
    return this.parseCondition();
  }

  private parseCondition(): QueryCondition {
    const start = this.pos;
    let end = start;
    while (end < this.s.length && !endsSubject(this.s[end]!)) end++;
    const word = this.s.slice(start, end);
    if (word === '') {
      const found = start >= this.s.length ? 'the end of the expression' : quoteForMessage(this.s[start]!);
      throw new Failure(start, `Expected a subject (${SUBJECT_LIST}), found ${found}`);
    }
    if (/^(?:and|or)$/i.test(word)) throw new Failure(start, `Expected a subject (${SUBJECT_LIST}) before '${word}'`);
    let subject: QuerySubject;
    let attribute: string | undefined;
    if (word.startsWith('attribute:')) {
      attribute = word.slice('attribute:'.length);
      if (!ATTRIBUTE_NAME.test(attribute)) {
        throw new Failure(start + 10, `Invalid attribute name ${quoteForMessage(attribute)}: a name is 1 to 128 letters, digits, hyphens, underscores, periods, forward or back slashes`);
      }
      subject = 'attribute';
    } else if ((SUBJECTS as readonly string[]).includes(word)) {
      subject = word as QuerySubject;
    } else {
      const near = SUBJECTS.find((x) => x.toLowerCase() === word.toLowerCase())
        ?? (word.toLowerCase().startsWith('attribute:') ? `attribute:${word.slice(10)}` : undefined);
      const hint = near ? ` (did you mean ${near}?)` : '';
      throw new Failure(start, `Unknown subject ${quoteForMessage(word)}${hint}; expected ${SUBJECT_LIST}`);
    }
    this.pos = end;
    this.skipSpace();
    const opAt = this.pos;
    const operator = this.parseOperator(word);
    const allowed = SUBJECT_OPERATORS[subject];
    if (allowed && !allowed.includes(operator)) {
      throw new Failure(opAt, `Operator ${operator} is not valid for ${subject}; valid operators are ${allowed.join(', ')}`);
    }
    const base = { kind: 'condition' as const, subject, operator, position: start, ...(attribute !== undefined ? { attribute } : {}) };

    if (operator === 'exists' || operator === '!exists') return { ...base, values: [] };

    if (operator === 'in' || operator === '!in') {
      const values = this.parseList(operator);
      for (const v of values) this.checkArgument(subject, v);
      return { ...base, values: values.map((v) => v.text) };
    }

    const regex = operator === '=~' || operator === '!~';
    const value = this.parseValue(regex ? 'regex' : 'single', operator);
    if (regex) return { ...base, values: [value.text], regex: compilePattern(value) };
    const number = this.checkArgument(subject, value);
    return { ...base, values: [value.text], ...(number !== undefined ? { number } : {}) };
  }

  private parseOperator(subjectWord: string): QueryOperator {
    const s = this.s;
    const at = this.pos;
    if (at >= s.length) throw new Failure(at, `Expected an operator after ${quoteForMessage(subjectWord)}: ${OPERATOR_LIST}`);
    if (s[at] === '!') {
      for (const w of ['exists', 'in'] as const) {
        if (s.slice(at + 1, at + 1 + w.length).toLowerCase() === w && !isWordChar(s[at + 1 + w.length])) {
          this.pos = at + 1 + w.length;
          return w === 'in' ? '!in' : '!exists';
        }
      }
    }
    for (const op of SYMBOL_OPERATORS) {
      if (s.startsWith(op, at)) { this.pos = at + op.length; return op; }
    }
    const word = this.keyword();
    const op = WORD_OPERATORS[word];
    if (op !== undefined && Object.prototype.hasOwnProperty.call(WORD_OPERATORS, word)) {
      this.pos = at + word.length;
      return op;
    }
    let end = at;
    while (end < s.length && !isSpace(s[end])) end++;
    const found = s.slice(at, Math.max(end, at + 1));
    const hint = found.startsWith('=') && !found.startsWith('==') ? " (use == or equals for equality)" : '';
    throw new Failure(at, `Unknown operator ${quoteForMessage(found)}${hint}; expected ${OPERATOR_LIST}`);
  }

  private parseList(operator: QueryOperator): Value[] {
    this.skipSpace();
    if (this.s[this.pos] !== '[') {
      throw new Failure(this.pos, `The ${operator} operator takes a list such as [us-east-1a, us-east-1b]`);
    }
    const open = this.pos++;
    const values: Value[] = [];
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === ']' && values.length === 0) {
        throw new Failure(this.pos, `The list after ${operator} is empty; give at least one value`);
      }
      values.push(this.parseValue('list', operator));
      this.skipSpace();
      const c = this.s[this.pos];
      if (c === ',') { this.pos++; continue; }
      if (c === ']') { this.pos++; return values; }
      if (c === undefined) throw new Failure(open, "The list is not closed: expected ']'");
      throw new Failure(this.pos, `Expected ',' or ']' in the list, found ${quoteForMessage(c)}`);
    }
  }

  /** Reads one argument: quoted, or an unquoted token (regex tokens may hold balanced ( ) and [ ]). */
  private parseValue(mode: 'single' | 'list' | 'regex', operator: QueryOperator): Value {
    this.skipSpace();
    const s = this.s;
    const start = this.pos;
    const q = s[start];
    if (q === '\'' || q === '"') {
      let text = '';
      let i = start + 1;
      for (;;) {
        const c = s[i];
        if (c === undefined) throw new Failure(start, `The quoted value starting here has no closing ${q}`);
        if (c === q) break;
        if (c === '\\' && s[i + 1] === q) { text += q; i += 2; continue; }
        text += c;
        i++;
      }
      this.pos = i + 1;
      return { text, start, quoted: true };
    }
    let i = start;
    if (mode === 'regex') {
      let depth = 0;
      let inClass = false;
      while (i < s.length) {
        const c = s[i]!;
        if (isSpace(c)) break;
        if (c === '\\') { i += 2; continue; }
        if (inClass) { if (c === ']') inClass = false; i++; continue; }
        if (c === '[') inClass = true;
        else if (c === '(') depth++;
        else if (c === ')') { if (depth === 0) break; depth--; }
        else if (depth === 0 && (s.startsWith('&&', i) || s.startsWith('||', i))) break;
        i++;
      }
      i = Math.min(i, s.length);
    } else {
      while (i < s.length) {
        const c = s[i]!;
        if (isSpace(c) || '()[],\'"'.includes(c) || s.startsWith('&&', i) || s.startsWith('||', i)) break;
        i++;
      }
    }
    if (i === start) {
      const c = s[start];
      const found = c === undefined ? 'the end of the expression' : quoteForMessage(c);
      const hint = c === '[' && mode === 'single' ? ' (lists are taken only by in and !in)' : '';
      throw new Failure(start, `Expected a value after ${operator}, found ${found}${hint}`);
    }
    this.pos = i;
    return { text: s.slice(start, i), start, quoted: false };
  }

  /** Checks an argument against what its subject accepts; returns its number where one is needed. */
  private checkArgument(subject: QuerySubject, v: Value): number | undefined {
    switch (subject) {
      case 'runningTasksCount':
        if (!/^\d+$/.test(v.text)) throw new Failure(v.start, `runningTasksCount compares with a whole number, not ${quoteForMessage(v.text)}`);
        return Number(v.text);
      case 'registeredAt': {
        const t = parseRegisteredAt(v.text);
        if (t === undefined) {
          throw new Failure(v.start, `registeredAt compares with a date such as 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18 (or seconds since the epoch), not ${quoteForMessage(v.text)}`);
        }
        return t;
      }
      case 'agentVersion':
        if (!VERSION.test(v.text)) throw new Failure(v.start, `agentVersion compares with a version such as 1.14.5, not ${quoteForMessage(v.text)}`);
        return undefined;
      case 'agentConnected':
        if (!/^(true|false)$/i.test(v.text)) throw new Failure(v.start, `agentConnected is true or false, not ${quoteForMessage(v.text)}`);
        return undefined;
      default:
        return undefined;
    }
  }
}

function compilePattern(v: Value): RegExp {
  const at = v.start + (v.quoted ? 1 : 0);
  const t = translateJavaRegex(v.text);
  if (!t.ok) throw new Failure(at + t.index, `Invalid regular expression ${quoteForMessage(v.text)}: ${t.message}`);
  try {
    return new RegExp(t.source, t.flags);
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const reason = /\/[a-z]*: (.*)$/.exec(raw)?.[1] ?? raw;
    throw new Failure(at, `Invalid regular expression ${quoteForMessage(v.text)}: ${reason}`);
  }
}

/**
 * registeredAt arguments: the documented date forms (2018-06-18T22:28:28+00:00, ...Z, ...28 as UTC,
 * 2018-06-18) or a plain number of seconds since the epoch. Returns epoch seconds.
 */
export function parseRegisteredAt(text: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  if (!m) return undefined;
  const n = (k: number): number => Number(m[k] ?? 0);
  const [y, mo, d, h, mi, se] = [n(1), n(2), n(3), n(4), n(5), n(6)];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // not Date.UTC, which maps years below 100 to 19xx
  date.setUTCHours(h, mi, se, 0);
  if (date.getUTCDate() !== d) return undefined; // 2018-02-30
  const ms = date.getTime();
  let offset = 0;
  const z = m[7];
  if (z !== undefined && z !== 'Z') {
    const oh = Number(z.slice(1, 3));
    const om = Number(z.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offset = (z.startsWith('-') ? -1 : 1) * (oh * 3600 + om * 60);
  }
  return ms / 1000 - offset;
}

/**
 * Parses a cluster query language expression. Never throws.
 *
 * @example
 * parseExpression('task:group == databases');
 * // { ok: true, ast: { kind: 'condition', subject: 'task:group', operator: '==', values: ['databases'], ... } }
 * parseExpression('task:group = databases');
 * // { ok: false, error: { position: 11, message: "Unknown operator '=' (use == or equals ...)..." } }
 */
export function parseExpression(text: string): ParseResult {
  if (typeof text !== 'string') return { ok: false, error: { position: 0, message: 'The expression must be a string' } };
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, error: { position: MAX_EXPRESSION_LENGTH, message: `The expression is ${text.length} characters long; the maximum is ${MAX_EXPRESSION_LENGTH}` } };
  }
  try {
    return { ok: true, ast: new Parser(text).parse() };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, error: { position: e.position, message: e.message } };
    return { ok: false, error: { position: 0, message: 'The expression could not be read' } };
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

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

/** Writes an AST back as text with explicit parentheses (for messages and tests). */
export function formatExpression(n: QueryNode): string {
  switch (n.kind) {
    case 'and': return `(${formatExpression(n.left)} and ${formatExpression(n.right)})`;
    case 'or': return `(${formatExpression(n.left)} or ${formatExpression(n.right)})`;
    case 'not': return `not ${formatExpression(n.operand)}`;
    case 'condition': {
      const subject = n.subject === 'attribute' ? `attribute:${n.attribute}` : n.subject;
      const show = (v: string) => (/^[^\s()[\],'"]+$/.test(v) && !v.includes('&&') && !v.includes('||') ? v : `'${v.replace(/'/g, "\\'")}'`);
      if (n.values.length === 0) return `${subject} ${n.operator}`;
      if (n.operator === 'in' || n.operator === '!in') return `${subject} ${n.operator} [${n.values.map(show).join(', ')}]`;
      return `${subject} ${n.operator} ${show(n.values[0]!)}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Java regular expressions (java.util.regex.Pattern) to JavaScript

export type RegexTranslation =
  | { ok: true; source: string; flags: string }
  | { ok: false; index: number; message: string };

const LINE_END = '\\n\\r\\u{85}\\u{2028}\\u{2029}';

/** A piece of a character class: one code point, or a set written as a JS class body. */
type Piece =
  | { kind: 'char'; cp: number }
  | { kind: 'set'; body: string; negated: boolean; inClassNegated?: string };

const POSIX: Readonly<Record<string, string>> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '\\x21-\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\x7E', Graph: '\\x21-\\x7E', Print: '\\x20-\\x7E',
  Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F', XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r',
};
const JAVA_PROPERTIES: Readonly<Record<string, string>> = {
  javaLowerCase: 'Lowercase', javaUpperCase: 'Uppercase', javaAlphabetic: 'Alphabetic', javaDigit: 'Nd',
  javaLetter: 'L', javaWhitespace: 'White_Space', javaMirrored: 'Bidi_Mirrored', javaTitleCase: 'Lt',
  javaIdeographic: 'Ideographic', javaISOControl: 'Cc', javaDefined: 'Assigned',
};
const BINARY_PROPERTIES: Readonly<Record<string, string>> = {
  Alphabetic: 'Alphabetic', Ideographic: 'Ideographic', Letter: 'L', Lowercase: 'Lowercase',
  Uppercase: 'Uppercase', Titlecase: 'Lt', Punctuation: 'P', Control: 'Cc', White_Space: 'White_Space',
  WhiteSpace: 'White_Space', Digit: 'Nd', Hex_Digit: 'Hex_Digit', HexDigit: 'Hex_Digit',
  Join_Control: 'Join_Control', JoinControl: 'Join_Control', Noncharacter_Code_Point: 'Noncharacter_Code_Point',
  NoncharacterCodePoint: 'Noncharacter_Code_Point', Assigned: 'Assigned', Emoji: 'Emoji',
};
const CATEGORY = /^(?:L[ultmoC]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfosn]?)$/;

class RegexFailure {
  constructor(readonly index: number, readonly message: string) {}
}

interface Frame { kind: 'group' | 'atomic' | 'look'; outStart: number; at: number; nested: boolean; helper: string }

function isAsciiAlnum(cp: number): boolean {
  return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
}
/** A code point as JS pattern text, safe inside and outside classes under the `u` flag. */
function lit(cp: number): string {
  return isAsciiAlnum(cp) ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`;
}

class JavaRegex {
  private i = 0;
  private out = '';
  private readonly flags = { i: false, m: false, s: false, x: false };
  /** JS group name for each Java capturing group, by number - 1. */
  private readonly groups: string[] = [];
  private helpers = 0;
  private readonly stack: Frame[] = [{ kind: 'group', outStart: 0, at: 0, nested: false, helper: '' }];
  /** Output offset where the last quantifiable atom starts, or -1. */
  private atomStart = -1;
  /** That atom contains unbounded repetition. */
  private atomNested = false;

  constructor(private readonly p: string) {}

  private fail(index: number, message: string): never {
    throw new RegexFailure(index, message);
  }

  private setAtom(start: number, nested: boolean): void {
    this.atomStart = start;
    this.atomNested = nested;
  }

  run(): { source: string; flags: string } {
    this.leadingFlags();
    const p = this.p;
    while (this.i < p.length) {
      if (this.flags.x && this.skipComments()) continue;
      const cp = p.codePointAt(this.i)!;
      const ch = String.fromCodePoint(cp);
      const start = this.out.length;
      switch (ch) {
        case '\\': this.escape(); break;
        case '[': this.out += this.charClass(); this.setAtom(start, false); break;
        case '(': this.openGroup(); break;
        case ')': this.closeGroup(); break;
        case '|': this.i++; this.out += '|'; this.atomStart = -1; break;
        case '*': case '+': case '?': case '{': this.quantifier(); break;
        case '.':
          this.i++;
          this.out += this.flags.s ? '[\\s\\S]' : `[^${LINE_END}]`;
          this.setAtom(start, false);
          break;
        case '^': this.i++; this.out += '^'; this.atomStart = -1; break;
        case '$':
          this.i++;
          this.out += this.flags.m ? '$' : `(?=(?:\\r\\n|[${LINE_END}])?$)`;
          this.atomStart = -1;
          break;
        default:
          this.i += ch.length;
          this.out += lit(cp);
          this.setAtom(start, false);
      }
    }
    if (this.stack.length > 1) this.fail(this.stack[this.stack.length - 1]!.at, 'Unclosed group');
    const flags = `u${this.flags.i ? 'i' : ''}${this.flags.m ? 'm' : ''}`;
    // Java's matches(): the whole input, not a substring.
    const source = this.flags.m ? `(?<![\\s\\S])(?:${this.out})(?![\\s\\S])` : `^(?:${this.out})$`;
    return { source, flags };
  }

  /** `(?imsx)` at the very start sets flags for the whole pattern. */
  private leadingFlags(): void {
    for (;;) {
      const m = /^\(\?([idmsuxU]*)(?:-([idmsuxU]*))?\)/.exec(this.p.slice(this.i));
      if (!m) return;
      for (const [set, on] of [[m[1] ?? '', true], [m[2] ?? '', false]] as const) {
        for (const f of set) if (f === 'i' || f === 'm' || f === 's' || f === 'x') this.flags[f] = on;
      }
      this.i += m[0].length;
    }
  }

  /** COMMENTS mode: whitespace and #-comments are ignored. Returns whether anything was skipped. */
  private skipComments(): boolean {
    const from = this.i;
    const p = this.p;
    for (;;) {
      if (isSpace(p[this.i])) this.i++;
      else if (p[this.i] === '#') { while (this.i < p.length && p[this.i] !== '\n') this.i++; }
      else break;
    }
    return this.i > from;
  }

  private openGroup(): void {
    const at = this.i;
    const p = this.p;
    if (this.stack.length > MAX_NESTING) this.fail(at, `Groups are nested deeper than ${MAX_NESTING} levels`);
    const frame: Frame = { kind: 'group', outStart: this.out.length, at, nested: false, helper: '' };
    if (p[at + 1] !== '?') {
      this.i++;
      const name = `_g${this.groups.length + 1}`;
      this.groups.push(name);
      this.out += `(?<${name}>`;
    } else if (p.startsWith('(?:', at)) {
      this.i += 3; this.out += '(?:';
    } else if (p.startsWith('(?=', at) || p.startsWith('(?!', at)) {
      this.out += p.slice(at, at + 3); this.i += 3; frame.kind = 'look';
    } else if (p.startsWith('(?<=', at) || p.startsWith('(?<!', at)) {
      this.out += p.slice(at, at + 4); this.i += 4; frame.kind = 'look';
    } else if (p.startsWith('(?<', at)) {
      const m = /^([A-Za-z][A-Za-z0-9]*)>/.exec(p.slice(at + 3));
      if (!m) this.fail(at + 3, 'A named group needs a name of letters and digits, starting with a letter, then >');
      const name = m[1]!;
      if (this.groups.includes(name)) this.fail(at + 3, `Named capturing group <${name}> is already defined`);
      this.groups.push(name);
      this.out += `(?<${name}>`;
      this.i = at + 3 + m[0].length;
    } else if (p.startsWith('(?>', at)) {
      // Atomic group: a lookahead captures what the group matches once, a backreference consumes it.
      frame.kind = 'atomic';
      frame.helper = `_a${++this.helpers}`;
      this.out += `(?:(?=(?<${frame.helper}>`;
      this.i += 3;
    } else if (/^\(\?[idmsuxU-]*[:)]/.test(p.slice(at))) {
      this.fail(at, 'Inline flags are accepted only at the start of the pattern, as in (?i)t2\\..*');
    } else {
      this.fail(at + 2, 'Unknown inline modifier');
    }
    this.stack.push(frame);
    this.atomStart = -1;
  }

  private closeGroup(): void {
    if (this.stack.length === 1) this.fail(this.i, "Unmatched closing ')'");
    const f = this.stack.pop()!;
    this.i++;
    const parent = this.stack[this.stack.length - 1]!;
    if (f.kind === 'atomic') {
      this.out += `))\\k<${f.helper}>)`;
      this.setAtom(f.outStart, false);
    } else {
      this.out += ')';
      if (f.kind === 'group') parent.nested ||= f.nested;
      this.setAtom(f.outStart, f.kind === 'group' && f.nested);
    }
  }

  private quantifier(): void {
    const at = this.i;
    const p = this.p;
    const c = p[at]!;
    let text: string;
    let max: number;
    if (c === '{') {
      const m = /^\{(\d{1,9})(,(\d{0,9}))?\}/.exec(p.slice(at));
      if (!m) this.fail(at, 'Illegal repetition: { starts a count such as {2}, {2,} or {2,5}; write \\{ for a brace');
      const min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (max < min) this.fail(at, `Illegal repetition range ${m[0]}`);
      if (min > 10000 || (max !== Infinity && max > 10000)) this.fail(at, 'Repetition counts above 10000 are not accepted');
      text = m[0];
      this.i += m[0].length;
    } else {
      max = c === '?' ? 1 : Infinity;
      text = c;
      this.i++;
    }
    if (this.atomStart < 0) this.fail(at, `Dangling meta character '${c}'`);
    let possessive = false;
    if (p[this.i] === '?') { text += '?'; this.i++; }
    else if (p[this.i] === '+') { possessive = true; this.i++; }
    const top = this.stack[this.stack.length - 1]!;
    if (possessive) {
      // X*+ is (?>X*): it never gives back, so it cannot backtrack catastrophically.
      const h = `_a${++this.helpers}`;
      this.out = `${this.out.slice(0, this.atomStart)}(?:(?=(?<${h}>${this.out.slice(this.atomStart)}${text}))\\k<${h}>)`;
    } else {
      if (this.atomNested && max > 10) {
        this.fail(at, 'Repeating something that itself repeats without bound, as in (a+)+, can take exponential time and is not accepted here; make the inner part possessive (a++) or atomic (?>a+)');
      }
      this.out += text;
      if (max === Infinity) top.nested = true;
    }
    this.atomStart = -1;
  }

  /** `\` outside a class. */
  private escape(): void {
    const at = this.i;
    const p = this.p;
    const c = p[at + 1];
    const start = this.out.length;
    if (c === undefined) this.fail(at, 'Trailing backslash');
    switch (c) {
      case 'Q': {
        const end = p.indexOf('\\E', at + 2);
        const text = end < 0 ? p.slice(at + 2) : p.slice(at + 2, end);
        this.i = end < 0 ? p.length : end + 2;
        for (const ch of text) {
          const s = this.out.length;
          this.out += lit(ch.codePointAt(0)!);
          this.setAtom(s, false);
        }
        return;
      }
      case 'b': case 'B': this.i += 2; this.out += `\\${c}`; this.atomStart = -1; return;
      case 'A': this.i += 2; this.out += '(?<![\\s\\S])'; this.atomStart = -1; return;
      case 'z': this.i += 2; this.out += '(?![\\s\\S])'; this.atomStart = -1; return;
      case 'Z': this.i += 2; this.out += `(?=(?:\\r\\n|[${LINE_END}])?(?![\\s\\S]))`; this.atomStart = -1; return;
      case 'R':
        this.i += 2;
        this.out += '(?:\\r\\n|[\\n\\x0B\\f\\r\\u{85}\\u{2028}\\u{2029}])';
        this.setAtom(start, false);
        return;
      case 'G': case 'X': case 'N': return this.fail(at, `\\${c} is not supported`);
      case 'k': {
        const m = /^k<([A-Za-z][A-Za-z0-9]*)>/.exec(p.slice(at + 1));
        if (!m) this.fail(at, '\\k must be followed by a group name in angle brackets, as in \\k<name>');
        if (!this.groups.includes(m[1]!)) this.fail(at, `Named capturing group <${m[1]}> does not exist`);
        this.i = at + 1 + m[0].length;
        this.out += `\\k<${m[1]}>`;
        this.setAtom(start, false);
        return;
      }
      default:
        break;
    }
    if (c >= '1' && c <= '9') {
      // Java reads as many digits as still name an existing group.
      let n = Number(c);
      let j = at + 2;
      while (j < p.length && /[0-9]/.test(p[j]!) && n * 10 + Number(p[j]) <= this.groups.length) n = n * 10 + Number(p[j++]);
      if (n > this.groups.length) this.fail(at, `Backreference \\${n} names a group that is not defined before it`);
      this.i = j;
      this.out += `\\k<${this.groups[n - 1]}>`;
      this.setAtom(start, false);
      return;
    }
    const piece = this.escapePiece(false);
    this.out += piece.kind === 'char' ? lit(piece.cp) : `[${piece.negated ? '^' : ''}${piece.body}]`;
    this.setAtom(start, false);
  }

  /** Escapes valid both in and out of classes; the cursor is on the backslash. */
  private escapePiece(inClass: boolean): Piece {
    const at = this.i;
    const p = this.p;
    const c = p[at + 1];
    if (c === undefined) this.fail(at, 'Trailing backslash');
    this.i = at + 2;
    const char = (cp: number): Piece => ({ kind: 'char', cp });
    const set = (body: string, negated = false, inClassNegated?: string): Piece =>
      ({ kind: 'set', body, negated, ...(inClassNegated ? { inClassNegated } : {}) });
    switch (c) {
      case 't': return char(9);
      case 'n': return char(10);
      case 'r': return char(13);
      case 'f': return char(12);
      case 'a': return char(7);
      case 'e': return char(27);
      case 'c': {
        const x = p.codePointAt(at + 2);
        if (x === undefined) this.fail(at, 'Illegal control escape sequence');
        this.i = at + 2 + String.fromCodePoint(x).length;
        return char(x ^ 64);
      }
      case '0': {
        const m = /^(?:[0-3][0-7]{2}|[0-7]{1,2})/.exec(p.slice(at + 2));
        if (!m) this.fail(at, 'Illegal octal escape sequence');
        this.i = at + 2 + m[0].length;
        return char(parseInt(m[0], 8));
      }
      case 'x': {
        const m = /^(?:([0-9a-fA-F]{2})|\{([0-9a-fA-F]{1,6})\})/.exec(p.slice(at + 2));
        const v = m ? parseInt(m[1] ?? m[2]!, 16) : NaN;
        if (!m || v > 0x10ffff) this.fail(at, 'Illegal hexadecimal escape sequence');
        this.i = at + 2 + m[0].length;
        return char(v);
      }
      case 'u': {
        const m = /^[0-9a-fA-F]{4}/.exec(p.slice(at + 2));
        if (!m) this.fail(at, 'Illegal Unicode escape sequence');
        let v = parseInt(m[0], 16);
        this.i = at + 6;
        const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(p.slice(this.i));
        if (v >= 0xd800 && v <= 0xdbff && low) {
          v = 0x10000 + ((v - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00);
          this.i += 6;
        }
        return char(v);
      }
      case 'd': return set('0-9');
      case 'D': return set('0-9', true, '\\D');
      case 'w': return set('a-zA-Z_0-9');
      case 'W': return set('a-zA-Z_0-9', true, '\\W');
      case 's': return set(' \\t\\n\\x0B\\f\\r');
      case 'S': return set(' \\t\\n\\x0B\\f\\r', true, '\\S');
      case 'h': return set(' \\t\\xA0\\u{1680}\\u{180e}\\u{2000}-\\u{200a}\\u{202f}\\u{205f}\\u{3000}');
      case 'H': return set(' \\t\\xA0\\u{1680}\\u{180e}\\u{2000}-\\u{200a}\\u{202f}\\u{205f}\\u{3000}', true);
      case 'v': return set('\\n\\x0B\\f\\r\\x85\\u{2028}\\u{2029}');
      case 'V': return set('\\n\\x0B\\f\\r\\x85\\u{2028}\\u{2029}', true);
      case 'p': case 'P': return this.property(at, c === 'P');
      default: break;
    }
    const cp = p.codePointAt(at + 1)!;
    if (isAsciiAlnum(cp)) {
      this.fail(at, inClass && /[1-9bBAzZGRQkE]/.test(c) ? `\\${c} cannot be used inside a character class` : `Illegal/unsupported escape sequence \\${c}`);
    }
    this.i = at + 1 + String.fromCodePoint(cp).length;
    return char(cp);
  }

  /** `\p{Name}`, `\P{Name}`, `\pL`. */
  private property(at: number, negated: boolean): Piece {
    const p = this.p;
    let name: string;
    if (p[at + 2] === '{') {
      const end = p.indexOf('}', at + 3);
      if (end < 0) this.fail(at, 'Unclosed character family');
      name = p.slice(at + 3, end);
      this.i = end + 1;
    } else {
      name = p[at + 2] ?? '';
      if (!/^[A-Za-z]$/.test(name)) this.fail(at, 'Illegal character family');
      this.i = at + 3;
    }
    const posix = POSIX[name];
    if (posix !== undefined && Object.prototype.hasOwnProperty.call(POSIX, name)) return { kind: 'set', body: posix, negated };
    let js: string | undefined;
    const bare = name.startsWith('Is') ? name.slice(2) : name;
    const eq = /^(?:general_category|gc|script|sc)=(.+)$/i.exec(name);
    if (Object.prototype.hasOwnProperty.call(JAVA_PROPERTIES, name)) js = JAVA_PROPERTIES[name];
    else if (CATEGORY.test(bare)) js = bare;
    else if (Object.prototype.hasOwnProperty.call(BINARY_PROPERTIES, bare)) js = BINARY_PROPERTIES[bare];
    else if (eq) js = /^g/i.test(name) ? eq[1] : `Script=${eq[1]}`;
    else if (name.startsWith('In') || /^(?:block|blk)=/i.test(name)) this.fail(at, `Unicode blocks (${name}) are not supported; use a script such as \\p{IsLatin}`);
    else if (name.startsWith('Is') && /^[A-Za-z_]+$/.test(bare)) js = `Script=${bare}`;
    if (js === undefined || !/^[A-Za-z_=]+$/.test(js)) this.fail(at, `Unknown character property name {${name}}`);
    const esc = `\\${negated ? 'P' : 'p'}{${js}}`;
    return { kind: 'set', body: esc, negated: false };
  }

  /** `[...]`, returned as a JS class. Unions of nested classes are flattened. */
  private charClass(): string {
    const { negated, body } = this.classBody();
    return `[${negated ? '^' : ''}${body}]`;
  }

  private classBody(): { negated: boolean; body: string } {
    const open = this.i;
    const p = this.p;
    this.i++;
    let negated = false;
    if (p[this.i] === '^') { negated = true; this.i++; }
    let body = '';
    let first = true;
    for (;;) {
      if (this.flags.x) while (isSpace(p[this.i])) this.i++;
      const c = p[this.i];
      if (c === undefined) this.fail(open, 'Unclosed character class');
      if (c === ']' && !first) { this.i++; return { negated, body }; }
      first = false;
      if (c === '[') {
        if (this.stack.length + 1 > MAX_NESTING) this.fail(this.i, 'Character classes are nested too deeply');
        const inner = this.classBody();
        if (inner.negated) this.fail(this.i - 1, 'A negated class nested in a class is not supported; write the set out in one class');
        body += inner.body;
        continue;
      }
      if (c === '&' && p[this.i + 1] === '&') this.fail(this.i, 'Character class intersection (&&) is not supported');
      if (c === '\\' && p[this.i + 1] === 'Q') {
        const end = p.indexOf('\\E', this.i + 2);
        const text = end < 0 ? p.slice(this.i + 2) : p.slice(this.i + 2, end);
        this.i = end < 0 ? p.length : end + 2;
        for (const ch of text) body += lit(ch.codePointAt(0)!);
        continue;
      }
      const from = this.i;
      const piece = this.classPiece();
      if (piece.kind === 'set') {
        if (!piece.negated) body += piece.body;
        else if (piece.inClassNegated) body += piece.inClassNegated;
        else this.fail(from, 'This negated escape is not supported inside a character class');
        continue;
      }
      if (p[this.i] === '-' && p[this.i + 1] !== undefined && p[this.i + 1] !== ']' && p[this.i + 1] !== '[') {
        this.i++;
        const endAt = this.i;
        const end = this.classPiece();
        if (end.kind !== 'char') this.fail(endAt, 'Illegal character range');
        if (end.cp < piece.cp) this.fail(endAt, 'Illegal character range');
        body += `${lit(piece.cp)}-${lit(end.cp)}`;
      } else {
        body += lit(piece.cp);
      }
    }
  }

  private classPiece(): Piece {
    if (this.p[this.i] === '\\') return this.escapePiece(true);
    const cp = this.p.codePointAt(this.i)!;
    this.i += String.fromCodePoint(cp).length;
    return { kind: 'char', cp };
  }
}

/**
 * Translates a Java regular expression into an anchored JavaScript one that matches what Java's
 * `String.matches` would: the whole value. Unsupported Java constructs (class intersection, \G,
 * mid-pattern flags, Unicode blocks) are refused with the offset of the offending character, and
 * so is unbounded repetition of something that itself repeats without bound (`(a+)+`), the usual
 * cause of catastrophic backtracking. Ambiguous alternatives under repetition (`(a|a)*`) are not
 * detected.
 *
 * @example
 * translateJavaRegex('t2.*'); // { ok: true, source: '^(?:t2[^\\n\\r...]*)$', flags: 'u' }
 */
export function translateJavaRegex(pattern: string): RegexTranslation {
  try {
    return { ok: true, ...new JavaRegex(pattern).run() };
  } catch (e) {
    if (e instanceof RegexFailure) return { ok: false, index: e.index, message: e.message };
    return { ok: false, index: 0, message: 'The pattern could not be read' };
  }
}
