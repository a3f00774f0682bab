/**
 * Java regular expressions (java.util.regex.Pattern) to JavaScript: groups, quantifiers, anchors
 * and flags. Escapes and character classes are read by PatternReader (java-regex-classes.ts).
 */
import { MAX_NESTING } from './ast';
import { isSpace } from './chars';
import { PatternReader, RegexFailure, lit } from './java-regex-classes';

/** The JavaScript source and flags, or the offset and reason the pattern is refused. */
export type RegexTranslation =
  | { ok: true; source: string; flags: string }
  | { ok: false; index: number; message: string };

const LINE_END = '\\n\\r\\u{85}\\u{2028}\\u{2029}';

interface Frame { kind: 'group' | 'atomic' | 'look'; outStart: number; at: number; nested: boolean; helper: string }

class JavaRegex extends PatternReader {
  private out = '';
  /** JS group name for each Java capturing group, by number - 1. */
  private readonly groups: string[] = [];
  private helpers = 0;
  private readonly stack: Frame[] = [{ kind: 'group', outStart: 0, at: 0, nested: false, helper: '' }];
  /** Output offset where the last quantifiable atom starts, or -1. */
  private atomStart = -1;
  /** That atom contains unbounded repetition. */
  private atomNested = false;

  protected openDepth(): number {
    return this.stack.length;
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
        for (const ch of this.quotedText()) {
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
