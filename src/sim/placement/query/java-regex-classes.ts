/**
 * Java regular expressions (java.util.regex.Pattern), the part read the same way inside and
 * outside character classes: escapes, `\p{…}` properties and `[...]` classes. The translator in
 * java-regex.ts builds on this reader.
 */
import { MAX_NESTING } from './ast';
import { isSpace } from './chars';

/** A piece of a character class: one code point, or a set written as a JS class body. */
export type Piece =
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

export class RegexFailure {
  constructor(readonly index: number, readonly message: string) {}
}

function isAsciiAlnum(cp: number): boolean {
  return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
}
/** A code point as JS pattern text, safe inside and outside classes under the `u` flag. */
export function lit(cp: number): string {
  return isAsciiAlnum(cp) ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`;
}

/** A cursor over a Java pattern that reads escapes and character classes. */
export abstract class PatternReader {
  protected i = 0;
  protected readonly flags = { i: false, m: false, s: false, x: false };

  constructor(protected readonly p: string) {}

  /** How many groups are open (the outermost pattern counts as one), for the nesting limit. */
  protected abstract openDepth(): number;

  protected fail(index: number, message: string): never {
    throw new RegexFailure(index, message);
  }

  /** `\Q...\E` (or to the end when there is no `\E`): the quoted text; the cursor is on the backslash. */
  protected quotedText(): string {
    const p = this.p;
    const end = p.indexOf('\\E', this.i + 2);
    const text = end < 0 ? p.slice(this.i + 2) : p.slice(this.i + 2, end);
    this.i = end < 0 ? p.length : end + 2;
    return text;
  }

  /** Escapes valid both in and out of classes; the cursor is on the backslash. */
  protected escapePiece(inClass: boolean): Piece {
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
  protected charClass(): string {
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
        if (this.openDepth() + 1 > MAX_NESTING) this.fail(this.i, 'Character classes are nested too deeply');
        const inner = this.classBody();
        if (inner.negated) this.fail(this.i - 1, 'A negated class nested in a class is not supported; write the set out in one class');
        body += inner.body;
        continue;
      }
      if (c === '&' && p[this.i + 1] === '&') this.fail(this.i, 'Character class intersection (&&) is not supported');
      if (c === '\\' && p[this.i + 1] === 'Q') {
        for (const ch of this.quotedText()) body += lit(ch.codePointAt(0)!);
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
