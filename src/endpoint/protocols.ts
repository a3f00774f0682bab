/**
 * The AWS wire protocols the endpoint speaks, as pure functions of a request's headers and body:
 * JSON 1.0 and 1.1 (`X-Amz-Target: <prefix>.<Operation>`) and the query protocol (a form body
 * with `Action=`, answered in XML), which Elastic Load Balancing v2 uses.
 */
import type { AwsModels, ServiceModel, ShapeRef } from '../awscli/model';
import { PRIMITIVES, shapeOf } from '../awscli/model';
import { coerce } from '../awscli/params';
import { mapTimestamps } from '../awscli/wire';

export type Json = Record<string, unknown>;

export interface WireRequest { service: ServiceModel; operation: string; input: Json }
export type Decoded = { ok: true; request: WireRequest } | { ok: false; status: number; code: string; message: string; protocol: 'json' | 'query'; model?: ServiceModel };

/** Input timestamps arrive as epoch seconds (JSON) or ISO text (query): the engine takes ISO text. */
function isoTimestamps(model: ServiceModel, ref: ShapeRef, input: Json): Json {
  return mapTimestamps(model, ref, input, (s) => new Date(s * 1000).toISOString()) as Json;
}

export function decode(models: AwsModels, headers: Record<string, string | string[] | undefined>, body: string): Decoded {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, dot);
    const operation = target.slice(dot + 1);
    const service = Object.values(models.services).find((s) => s.protocol !== 'query' && s.targetPrefix === prefix);
    if (!service || !service.operations[operation]) return { ok: false, status: 400, code: 'UnknownOperationException', message: '', protocol: 'json', model: service };
    let input: unknown;
    try { input = body.trim() ? JSON.parse(body) : {}; } catch {
      return { ok: false, status: 400, code: 'SerializationException', message: 'The request body is not valid JSON.', protocol: 'json', model: service };
    }
    if (!input || typeof input !== 'object' || Array.isArray(input)) return { ok: false, status: 400, code: 'SerializationException', message: 'The request body must be a JSON object.', protocol: 'json', model: service };
    return { ok: true, request: { service, operation, input: isoTimestamps(service, service.operations[operation]!.input, input as Json) } };
  }
  const form = new URLSearchParams(body);
  const action = form.get('Action');
  const service = Object.values(models.services).find((s) => s.protocol === 'query' && (!form.get('Version') || s.apiVersion === form.get('Version')));
  if (!action || !service || !service.operations[action]) {
    return { ok: false, status: 400, code: action ? 'InvalidAction' : 'MissingAction', message: action ? `The action ${action} is not valid for this web service.` : 'No Action was given.', protocol: 'query', model: service };
  }
  const raw: Json = {};
  for (const [k, v] of form) if (k !== 'Action' && k !== 'Version') setPath(raw, k.split('.'), v);
  const ref = service.operations[action]!.input;
  return { ok: true, request: { service, operation: action, input: coerce(service, ref, unflatten(service, ref, raw)) as Json } };
}

function setPath(o: Json, path: string[], v: string): void {
  let cur = o;
  for (let i = 0; i < path.length - 1; i++) cur = (cur[path[i]!] ??= {}) as Json;
  cur[path[path.length - 1]!] = v;
}

/** Query lists come as `Name.member.N`: turn those `{ member: { 1: … } }` objects into arrays. */
function unflatten(model: ServiceModel, ref: ShapeRef, v: unknown): unknown {
  const shape = shapeOf(model, ref);
  if (!shape || typeof v !== 'object' || v === null) return v;
  if (shape.type === 'list') {
    const items = (v as Json).member as Json | undefined;
    return items ? Object.keys(items).sort((a, b) => Number(a) - Number(b)).map((k) => unflatten(model, shape.member, items[k])) : [];
  }
  if (shape.type === 'map') {
    const entries = (v as Json).entry as Record<string, { key: string; value: unknown }> | undefined;
    return Object.fromEntries(Object.values(entries ?? {}).map((e) => [e.key, unflatten(model, shape.value, e.value)]));
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape.members[k] ? unflatten(model, shape.members[k]!, x) : x]));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A value as query-protocol XML (lists as `<member>`, timestamps ISO 8601). */
export function xml(model: ServiceModel, ref: ShapeRef, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (ref === 'timestamp') return typeof v === 'number' ? new Date(v * 1000).toISOString() : esc(String(v));
  if (PRIMITIVES.has(ref)) return esc(String(v));
  const shape = shapeOf(model, ref);
  if (!shape) return esc(JSON.stringify(v));
  if (shape.type === 'list') return (v as unknown[]).map((x) => `<member>${xml(model, shape.member, x)}</member>`).join('');
  if (shape.type === 'map') return Object.entries(v as Json).map(([k, x]) => `<entry><key>${esc(k)}</key><value>${xml(model, shape.value, x)}</value></entry>`).join('');
  return Object.entries(v as Json).filter(([k]) => shape.members[k]).map(([k, x]) => `<${k}>${xml(model, shape.members[k]!, x)}</${k}>`).join('');
}

export interface WireResponse { status: number; contentType: string; body: string }

export function encodeOk(model: ServiceModel, operation: string, output: Json, requestId: string): WireResponse {
  if (model.protocol === 'query') {
    const body = `<${operation}Response xmlns="${model.xmlNamespace}"><${operation}Result>${xml(model, model.operations[operation]!.output, output)}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
    return { status: 200, contentType: 'text/xml', body };
  }
  return { status: 200, contentType: `application/x-amz-json-${model.protocol === 'json1.0' ? '1.0' : '1.1'}`, body: JSON.stringify(output) };
}

export function encodeError(protocol: 'json' | 'query', model: ServiceModel | undefined, status: number, code: string, message: string, requestId: string): WireResponse {
  if (protocol === 'query') {
    const body = `<ErrorResponse xmlns="${model?.xmlNamespace ?? ''}"><Error><Type>Sender</Type><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status, contentType: 'text/xml', body };
  }
  return { status, contentType: `application/x-amz-json-${model?.protocol === 'json1.0' ? '1.0' : '1.1'}`, body: JSON.stringify(message ? { __type: code, message } : { __type: code }) };
}
