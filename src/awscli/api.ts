/**
 * AWS API calls on the simulation: one operation of one service, its request as the API takes it
 * (what the CLI builds, what an SDK sends), its response in the API's shapes. The page's command
 * line and the local endpoint both call `callApi`; a call that changes the cluster is sent as the
 * engine's action through `Backend.act`, the path every other control uses, so it is recorded,
 * replayed and shared like them. Calls that only read look at the simulation and change nothing.
 *
 * Adding an operation: its shapes come from the models (build/aws-models.json); add one entry
 * to the service's table in `operations/`.
 */
import type { Simulation } from '../sim/engine';
import type { CommandResult } from '../sim/commands';
import type { SessionLog } from '../app/log';
import type { AwsModels } from './model';
import { toWire } from './wire';
import { DEFAULT_START_TIME } from '../sim/autoscaling/state';

export type Json = Record<string, unknown>;

/** What a call needs: the simulation to read, and the recorded action path to change it. */
export interface Backend {
  readonly sim: Simulation;
  /** Service events and task histories, when the caller keeps them (the page's session does). */
  readonly log?: SessionLog;
  act(action: string, request: Json): CommandResult;
}

/** An API error: its code, message, and the HTTP status the endpoint answers with. */
export interface ApiFailure { readonly fault: true; readonly code: string; readonly message: string; readonly status?: number }

export type ApiOutcome = { ok: true; output: Json } | { ok: false; code: string; message: string; status: number };

export const failure = (code: string, message: string, status = 400): ApiFailure => ({ fault: true, code, message, status });
export const isFailure = (x: unknown): x is ApiFailure => typeof x === 'object' && x !== null && (x as ApiFailure).fault === true;

/**
 * One operation's mapping onto the engine. `action` names the engine action that makes the
 * change (none: a read); `request` turns the API request into the engine's; `response` builds the
 * API response from the engine's result and the state after.
 */
export interface OperationMapping {
  action?: string;
  request?(input: Json, b: Backend): Json | ApiFailure;
  response(input: Json, b: Backend, value: unknown): Json | ApiFailure;
}

export type ServiceMappings = Record<string, OperationMapping>;

/** The engine's errors as the API's: `ClientException: ServiceNotFoundException: Service not found.` → code and message. */
export function fromEngineError(error: { code: string; message: string }, defaultCode?: string): ApiFailure {
  let code: string = error.code;
  let message = error.message.startsWith(`${code}: `) ? error.message.slice(code.length + 2) : error.message;
  const inner = /^([A-Z][A-Za-z]*(?:Exception|Error|Fault)): (.*)$/s.exec(message);
  if (inner) { code = inner[1]!; message = inner[2]!; } else if (defaultCode) code = defaultCode;
  return failure(code, message);
}

/** The cluster a request names (name or ARN; omitted means `default`) must be the simulation's. */
export function checkCluster(sim: Simulation, ref: unknown): ApiFailure | null {
  if (ref === undefined || ref === null) return null;
  const name = String(ref).split('/').pop();
  return name === sim.clusterName ? null : failure('ClusterNotFoundException', 'Cluster not found.');
}

/** The calendar second of simulated second 0 (the scenario's `startTime`). */
export function epochOf(sim: Simulation): number {
  const start = (sim.scenario as { startTime?: unknown }).startTime;
  const ms = typeof start === 'string' ? Date.parse(start) : NaN;
  return (Number.isFinite(ms) ? ms : Date.parse(DEFAULT_START_TIME)) / 1000;
}

/**
 * Calls one operation. The output has the model's members only, timestamps as epoch seconds
 * (the JSON protocols' form); the CLI printer and the XML writer format them from there.
 */
export function callApi(models: AwsModels, mappings: Record<string, ServiceMappings>, b: Backend,
  service: string, operation: string, input: Json): ApiOutcome {
  const model = models.services[service];
  const op = model?.operations[operation];
  if (!model || !op) return { ok: false, code: 'UnknownOperationException', message: '', status: 400 };
  const mapping = mappings[service]?.[operation];
  if (!mapping) {
    const known = Object.keys(mappings[service] ?? {}).join(', ');
    return { ok: false, code: 'UnsupportedOperation', status: 400,
      message: `The simulation does not model ${operation}. Modelled ${service} operations: ${known}.` };
  }
  const clusterError = 'cluster' in input && service === 'ecs' ? checkCluster(b.sim, input.cluster) : null;
  if (clusterError) return outcome(clusterError);
  let value: unknown;
  if (mapping.action) {
    const req = mapping.request ? mapping.request(input, b) : input;
    if (isFailure(req)) return outcome(req);
    const r = b.act(mapping.action, req);
    if (!r.ok) return outcome(fromEngineError(r.error, service === 'application-autoscaling' ? 'ValidationException' : undefined));
    value = r.value;
  }
  const out = mapping.response(input, b, value);
  if (isFailure(out)) return outcome(out);
  return { ok: true, output: toWire(model, op.output, out, epochOf(b.sim)) as Json };
}

function outcome(f: ApiFailure): ApiOutcome {
  return { ok: false, code: f.code, message: f.message, status: f.status ?? 400 };
}
