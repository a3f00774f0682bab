/**
 * The AWS CLI's shorthand syntax for structures and lists, as its documentation defines it:
 * `key=value,key2=value2`, nested structures `key={a=1,b=2}`, lists `key=[a,b]` or `key=a,b`
 * (values up to the next `name=`), quoted values `key="a,b"` or `key='a,b'`, and a bare list
 * `a,b,c`. Values come out as strings; `coerce` in params.ts gives them the model's types.
 *
 * @example
 * shorthand('awsvpcConfiguration={subnets=[subnet-a,subnet-b],assignPublicIp=ENABLED}')
 * // → { ok: true, value: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], assignPublicIp: 'ENABLED' } } }
 */
export type ShorthandValue = string | ShorthandValue[] | { [k: string]: ShorthandValue };
export type Shorthand = { ok: true; value: ShorthandValue } | { ok: false; message: string };

class ParseError extends Error {}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new ParseError(`Error parsing parameter: Expected: ${what}, received: '${this.s[this.i] ?? '<end>'}' for input:\n${this.s}\n${' '.repeat(this.i)}^`);
  }

  eof(): boolean { return this.i >= this.s.length; }
  peek(): string | undefined { return this.s[this.i]; }

  /** A `name=` ahead (the start of the next key)? */
  keyAhead(): boolean { return /^\s*[A-Za-z0-9_.:\-/@*]+\s*=/.test(this.s.slice(this.i)); }

  /** `k=v,k2=v2` up to `stop` (a closing brace) or the end. */
  struct(stop?: string): Record<string, ShorthandValue> {
    const out: Record<string, ShorthandValue> = {};
    while (!this.eof() && this.peek() !== stop) {
      const key = /^\s*([A-Za-z0-9_.:\-/@*]+)\s*=/.exec(this.s.slice(this.i));
      if (!key) this.fail('a key name followed by =');
      this.i += key[0].length;
      out[key[1]!] = this.value(stop, true);
      if (this.peek() === ',') this.i++;
    }
    return out;
  }

  /** A value: `{…}`, `[…]`, a quoted string, or a bare word (a list when commas follow without a key). */
  value(stop: string | undefined, inStruct: boolean): ShorthandValue {
    const c = this.peek();
    if (c === '{') {
      this.i++;
      const v = this.struct('}');
      if (this.peek() !== '}') this.fail('}');
      this.i++;
      return v;
    }
    if (c === '[') return this.list();
    const first = this.scalar(stop, ']');
    if (!inStruct || this.peek() !== ',') return first;
    // `key=a,b,c`: following segments that are not `name=` belong to a list.
    const items: ShorthandValue[] = [first];
    while (this.peek() === ',' && !this.keyAheadAfterComma()) {
      this.i++;
      items.push(this.scalar(stop, ']'));
    }
    return items.length > 1 ? items : first;
  }

  keyAheadAfterComma(): boolean {
    this.i++;
    const k = this.keyAhead() || this.peek() === '{';
    this.i--;
    return k;
  }

  list(): ShorthandValue[] {
    this.i++;
    const items: ShorthandValue[] = [];
    while (!this.eof() && this.peek() !== ']') {
      if (this.keyAhead() && this.peek() !== '{' && this.peek() !== '[') items.push(this.struct(']'));
      else items.push(this.value(']', false));
      if (this.peek() === ',') this.i++;
    }
    if (this.peek() !== ']') this.fail(']');
    this.i++;
    return items;
  }

  scalar(stop: string | undefined, stop2: string): string {
    const c = this.peek();
    if (c === '"' || c === "'") {
      const end = this.s.indexOf(c, this.i + 1);
      if (end < 0) this.fail(`a closing ${c}`);
      const v = this.s.slice(this.i + 1, end);
      this.i = end + 1;
      return v;
    }
    let v = '';
    while (!this.eof()) {
      const d = this.peek()!;
      if (d === ',' || d === stop || d === stop2) break;
      v += d;
      this.i++;
    }
    return v.trim();
  }
}

export function shorthand(text: string): Shorthand {
  const p = new Parser(text);
  try {
    if (p.keyAhead()) {
      const v = p.struct();
      if (!p.eof()) p.fail('end of input');
      return { ok: true, value: v };
    }
    const items: ShorthandValue[] = [];
    while (!p.eof()) {
      items.push(p.value(undefined, false));
      if (p.peek() === ',') p.i++;
      else if (!p.eof()) p.fail(',');
    }
    return { ok: true, value: items.length === 1 ? items[0]! : items };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message };
    throw e;
  }
}
