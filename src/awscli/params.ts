/**
 * An operation's parameters as the AWS CLI takes them: one `--kebab-case` flag per top-level input
 * member (from the model), booleans as `--flag` / `--no-flag`, lists as several words, structures
 * as JSON or shorthand, `--cli-input-json` for the whole request. Then the request is checked
 * against the input shape the way the CLI checks it before sending ("Parameter validation
 * failed: …").
 */
import { kebab, PRIMITIVES, shapeOf, type ServiceModel, type ShapeRef } from './model';
import { shorthand, type ShorthandValue } from './shorthand';

export type Json = Record<string, unknown>;
export type Parsed = { ok: true; input: Json } | { ok: false; message: string };

export interface Flag { flag: string; member: string; ref: ShapeRef; required: boolean }

/** The flags of an operation, in the model's order (required ones first). */
export function flagsOf(model: ServiceModel, operation: string): Flag[] {
  const input = shapeOf(model, model.operations[operation]!.input);
  if (!input || input.type !== 'structure') return [];
  return Object.entries(input.members).map(([member, ref]) => ({ flag: `--${kebab(member)}`, member, ref, required: input.required.includes(member) }));
}

const FILE_PREFIX = /^fileb?:\/\//;

function isScalar(model: ServiceModel, ref: ShapeRef): boolean {
  return PRIMITIVES.has(ref) && ref !== 'document';
}

/** A word given for a structure, map or list of structures: JSON, or shorthand. */
function structured(word: string, flag: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const t = word.trim();
  if (t.startsWith('{') || t.startsWith('[') || t.startsWith('"')) {
    try {
      return { ok: true, value: JSON.parse(t) };
    } catch (e) {
      return { ok: false, message: `Error parsing parameter '${flag.slice(2)}': Invalid JSON: ${(e as Error).message}\nJSON received: ${t}` };
    }
  }
  const s = shorthand(word);
  return s.ok ? { ok: true, value: s.value } : { ok: false, message: `Error parsing parameter '${flag.slice(2)}': ${s.message}` };
}

/** Gives shorthand's strings the model's types (numbers, booleans), recursively. */
export function coerce(model: ServiceModel, ref: ShapeRef, v: unknown): unknown {
  if (ref === 'number' && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (ref === 'boolean' && typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  const shape = shapeOf(model, ref);
  if (!shape) return v;
  if (shape.type === 'list') {
    const items = Array.isArray(v) ? v : v === undefined ? v : [v];
    return Array.isArray(items) ? items.map((x) => coerce(model, shape.member, x)) : items;
  }
  if (shape.type === 'map' && v && typeof v === 'object' && !Array.isArray(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, coerce(model, shape.value, x)]));
  }
  if (shape.type === 'structure' && v && typeof v === 'object' && !Array.isArray(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape.members[k] ? coerce(model, shape.members[k]!, x) : x]));
  }
  return v;
}

/** One flag's words → its value. */
function flagValue(model: ServiceModel, f: Flag, values: string[]): { ok: true; value: unknown } | { ok: false; message: string } {
  const file = values.find((w) => FILE_PREFIX.test(w));
  if (file) return { ok: false, message: `Error parsing parameter '${f.flag.slice(2)}': ${file.split('//')[0]}// reads a file from your disk, which a web page cannot do. Paste the file's contents instead (JSON in single quotes).` };
  const shape = shapeOf(model, f.ref);
  if (!shape) {
    if (values.length !== 1) return { ok: false, message: `aws: error: argument ${f.flag}: expected one argument` };
    if (f.ref === 'document') return structured(values[0]!, f.flag);
    const v = coerce(model, f.ref, values[0]);
    if (f.ref === 'number' && typeof v !== 'number') return { ok: false, message: `aws: error: argument ${f.flag}: invalid ${'int'} value: '${values[0]}'` };
    return { ok: true, value: v };
  }
  if (shape.type === 'list') {
    if (isScalar(model, shape.member)) {
      const one = values.length === 1 ? values[0]!.trim() : '';
      if (one.startsWith('[')) return structured(one, f.flag);
      const items = values.length === 1 && !one.startsWith('"') ? one.split(',').map((x) => x.trim()).filter((x) => x !== '') : values;
      return { ok: true, value: coerce(model, f.ref, items) };
    }
    if (values.length === 1) {
      const r = structured(values[0]!, f.flag);
      if (!r.ok) return r;
      return { ok: true, value: coerce(model, f.ref, Array.isArray(r.value) && values[0]!.trim().startsWith('[') ? r.value : [r.value].flat()) };
    }
    const items: unknown[] = [];
    for (const w of values) {
      const r = structured(w, f.flag);
      if (!r.ok) return r;
      items.push(r.value);
    }
    return { ok: true, value: coerce(model, f.ref, items) };
  }
  if (values.length !== 1) return { ok: false, message: `aws: error: argument ${f.flag}: expected one argument` };
  const r = structured(values[0]!, f.flag);
  return r.ok ? { ok: true, value: coerce(model, f.ref, r.value as ShorthandValue) } : r;
}

/**
 * Parses an operation's arguments (the words after `aws <service> <command>`, global options
 * removed) into its request.
 */
export function parseParams(model: ServiceModel, operation: string, args: string[], cliInputJson?: string): Parsed {
  const flags = flagsOf(model, operation);
  const byFlag = new Map(flags.map((f) => [f.flag, f]));
  const input: Json = {};
  if (cliInputJson !== undefined) {
    if (FILE_PREFIX.test(cliInputJson)) return { ok: false, message: "Error parsing parameter 'cli-input-json': file:// reads a file from your disk, which a web page cannot do. Paste the JSON instead, in single quotes." };
    try {
      const v = JSON.parse(cliInputJson) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, message: 'The --cli-input-json value must be a JSON object.' };
      Object.assign(input, v);
    } catch (e) {
      return { ok: false, message: `Error parsing parameter 'cli-input-json': Invalid JSON received.\n${(e as Error).message}` };
    }
  }
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (!word.startsWith('--')) { unknown.push(word); continue; }
    const [name, inline] = word.includes('=') && !byFlag.has(word) ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    const f = byFlag.get(name);
    if (!f && name.startsWith('--no-')) {
      const positive = byFlag.get(`--${name.slice(5)}`);
      if (positive?.ref === 'boolean') { input[positive.member] = false; continue; }
    }
    if (!f) { unknown.push(word); continue; }
    if (f.ref === 'boolean' && inline === undefined) {
      const next = args[i + 1];
      if (next === 'true' || next === 'false') { input[f.member] = next === 'true'; i++; } else input[f.member] = true;
      continue;
    }
    const values: string[] = inline !== undefined ? [inline] : [];
    while (inline === undefined && i + 1 < args.length && !(args[i + 1]!.startsWith('--') && args[i + 1]!.length > 2)) values.push(args[++i]!);
    if (!values.length) return { ok: false, message: `aws: error: argument ${f.flag}: expected one argument` };
    const v = flagValue(model, f, values);
    if (!v.ok) return v;
    input[f.member] = v.value;
  }
  if (unknown.length) return { ok: false, message: `aws: error: Unknown options: ${unknown.join(', ')}` };
  const missing = flags.filter((f) => f.required && input[f.member] === undefined).map((f) => f.flag);
  if (missing.length) return { ok: false, message: `aws: error: the following arguments are required: ${missing.join(', ')}` };
  const problems = validate(model, model.operations[operation]!.input, input, '');
  if (problems.length) return { ok: false, message: `Parameter validation failed:\n${problems.join('\n')}` };
  return { ok: true, input };
}

const PY_TYPE: Record<string, string> = {
  string: "<class 'str'>", number: "<class 'int'>, <class 'float'>", boolean: "<class 'bool'>",
  timestamp: "<class 'datetime.datetime'>, <class 'str'>", blob: "<class 'bytes'>, <class 'str'>",
};

function pyType(v: unknown): string {
  if (typeof v === 'string') return "<class 'str'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (v === null) return "<class 'NoneType'>";
  return "<class 'dict'>";
}

/** The AWS CLI's client-side checks of a request against its shape: types, required, unknown members. */
export function validate(model: ServiceModel, ref: ShapeRef, v: unknown, path: string): string[] {
  const name = path || 'input';
  if (ref === 'document') return [];
  if (PRIMITIVES.has(ref)) {
    const okType = ref === 'string' ? typeof v === 'string' : ref === 'number' ? typeof v === 'number' && Number.isFinite(v)
      : ref === 'boolean' ? typeof v === 'boolean' : typeof v === 'string' || typeof v === 'number';
    return okType ? [] : [`Invalid type for parameter ${name}, value: ${JSON.stringify(v)}, type: ${pyType(v)}, valid types: ${PY_TYPE[ref]}`];
  }
  const shape = shapeOf(model, ref);
  if (!shape) return [];
  if (shape.type === 'list') {
    if (!Array.isArray(v)) return [`Invalid type for parameter ${name}, value: ${JSON.stringify(v)}, type: ${pyType(v)}, valid types: <class 'list'>, <class 'tuple'>`];
    return v.flatMap((x, i) => validate(model, shape.member, x, `${path}[${i}]`));
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [`Invalid type for parameter ${name}, value: ${JSON.stringify(v)}, type: ${pyType(v)}, valid types: <class 'dict'>`];
  const obj = v as Json;
  if (shape.type === 'map') return Object.entries(obj).flatMap(([k, x]) => validate(model, shape.value, x, `${path}.${k}`));
  const out: string[] = [];
  for (const r of shape.required) if (obj[r] === undefined) out.push(`Missing required parameter in ${name}: "${r}"`);
  for (const [k, x] of Object.entries(obj)) {
    const m = shape.members[k];
    if (!m) out.push(`Unknown parameter in ${name}: "${k}", must be one of: ${Object.keys(shape.members).join(', ')}`);
    else out.push(...validate(model, m, x, path ? `${path}.${k}` : k));
  }
  return out;
}
