/**
 * The expression parser: scannerless recursive descent, since how an argument is read depends on
 * its operator. Never throws to its callers; reports the 0-based position of the first problem.
 */
import { MAX_EXPRESSION_LENGTH, MAX_NESTING, type ParseResult, type QueryCondition, type QueryNode, type QueryOperator, type QuerySubject } from './ast';
import { isSpace, isWordChar } from './chars';
import { translateJavaRegex } from './java-regex';
import {
  ATTRIBUTE_NAME,
  OPERATOR_LIST,
  SUBJECTS,
  SUBJECT_LIST,
  SUBJECT_OPERATORS,
  SYMBOL_OPERATORS,
  VERSION,
  WORD_OPERATORS,
} from './vocabulary';

class Failure {
  constructor(readonly position: number, readonly message: string) {}
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
    return this.parseChain('or', '||', () => this.parseAnd());
  }

  private parseAnd(): QueryNode {
    return this.parseChain('and', '&&', () => this.parseUnary());
  }

  /** Operands joined by `kind` (the word, any case) or `symbol`, grouped from the left. */
  private parseChain(kind: 'and' | 'or', symbol: '&&' | '||', operand: () => QueryNode): QueryNode {
    let left = operand();
    for (;;) {
      this.skipSpace();
      if (this.s.startsWith(symbol, this.pos)) this.pos += symbol.length;
      else if (this.keyword() === kind) this.pos += kind.length;
      else return left;
      left = { kind, left, right: operand() };
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
