/**
 * What the AWS CLI prints: `--query` (JMESPath, with the JMESPath Community library), then
 * `--output json` (4-space indented, as the CLI v2 prints), `text` (tab-separated rows named by
 * their list) or `table` (boxed, titled by the operation). Timestamps print as ISO 8601.
 */
import { search } from '@jmespath-community/jmespath';
import type { JSONValue } from '@jmespath-community/jmespath';
import type { ServiceModel } from './model';
import { mapTimestamps } from './wire';

export type OutputFormat = 'json' | 'text' | 'table';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'text', 'table'];

/** `2026-12-01T00:01:05+00:00`, the CLI's ISO 8601 form. */
export function isoTime(epochSeconds: number): string {
  const d = new Date(Math.round(epochSeconds * 1000));
  const ms = d.getUTCMilliseconds();
  return `${d.toISOString().slice(0, 19)}${ms ? `.${String(ms * 1000).padStart(6, '0')}` : ''}+00:00`;
}

export function printable(model: ServiceModel, operation: string, output: Record<string, unknown>): unknown {
  return mapTimestamps(model, model.operations[operation]!.output, output, isoTime);
}

export type Queried = { ok: true; value: unknown } | { ok: false; message: string };

export function query(value: unknown, expression: string | undefined): Queried {
  if (expression === undefined) return { ok: true, value };
  try {
    return { ok: true, value: search(value as JSONValue, expression) };
  } catch (e) {
    return { ok: false, message: `Bad value for --query ${expression}: ${(e as Error).message}` };
  }
}

export function format(value: unknown, as: OutputFormat, title: string): string {
  if (as === 'text') return text(value).join('\n');
  if (as === 'table') return table(value, title).join('\n');
  if (value === null || value === undefined) return '';
  return JSON.stringify(value, null, 4);
}

// ---- text --------------------------------------------------------------------------------------

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const scalarText = (v: unknown): string => (v === null || v === undefined ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));

function text(v: unknown, name?: string): string[] {
  if (v === null || v === undefined) return [];
  if (!isObj(v) && !Array.isArray(v)) return [scalarText(v)];
  if (Array.isArray(v)) {
    if (v.every((x) => !isObj(x) && !Array.isArray(x))) return v.length ? [[...(name ? [name] : []), ...v.map(scalarText)].join('\t')] : [];
    return v.flatMap((x) => text(x, name));
  }
  const keys = Object.keys(v).sort();
  const scalars = keys.filter((k) => !isObj(v[k]) && !Array.isArray(v[k]));
  const out: string[] = [];
  if (scalars.length) out.push([...(name ? [name] : []), ...scalars.map((k) => scalarText(v[k]))].join('\t'));
  for (const k of keys.filter((x) => !scalars.includes(x))) out.push(...text(v[k], k.toUpperCase()));
  return out;
}

// ---- table -------------------------------------------------------------------------------------

function box(title: string, rows: string[][], width: number, depth: number): string[] {
  const cols = rows[0]?.length ?? 0;
  const widths = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => r[c]!.length)) + 4);
  const inner = Math.max(width, widths.reduce((a, b) => a + b, 0) + Math.max(0, cols - 1), title.length + 4);
  if (cols) widths[cols - 1]! += inner - (widths.reduce((a, b) => a + b, 0) + cols - 1);
  const bar = '|'.repeat(depth);
  const line = (s: string) => `${bar}${s}${bar}`;
  const pad = Math.max(0, inner - title.length);
  const out = [line(`+${'-'.repeat(inner)}+`), line(`|${' '.repeat(Math.floor(pad / 2))}${title}${' '.repeat(Math.ceil(pad / 2))}|`), line(`+${widths.map((w) => '-'.repeat(w)).join('+')}+`)];
  for (const r of rows) out.push(line(`|${r.map((cell, c) => `  ${cell}`.padEnd(widths[c]!)).join('|')}|`));
  if (rows.length) out.push(line(`+${widths.map((w) => '-'.repeat(w)).join('+')}+`));
  return out;
}

function table(v: unknown, title: string, depth = 0): string[] {
  if (v === null || v === undefined) return [];
  if (!isObj(v) && !Array.isArray(v)) return box(title, [[scalarText(v)]], 0, depth);
  if (Array.isArray(v)) {
    if (v.every((x) => !isObj(x) && !Array.isArray(x))) return box(title, v.map((x) => [scalarText(x)]), 0, depth);
    const flat = v.every((x) => isObj(x) && Object.values(x).every((y) => !isObj(y) && !Array.isArray(y)));
    if (flat && v.length) {
      const keys = [...new Set(v.flatMap((x) => Object.keys(x as object)))].sort();
      return box(title, [keys, ...v.map((x) => keys.map((k) => scalarText((x as Record<string, unknown>)[k] ?? '')))], 0, depth);
    }
    return v.flatMap((x) => table(x, title, depth));
  }
  const keys = Object.keys(v).sort();
  const scalars = keys.filter((k) => !isObj(v[k]) && !Array.isArray(v[k]));
  const out = box(title, scalars.map((k) => [k, scalarText(v[k])]), 0, depth);
  if (!scalars.length) out.splice(2, 1);
  for (const k of keys.filter((x) => !scalars.includes(x))) out.push(...table(v[k], k, depth + 1));
  return out;
}
