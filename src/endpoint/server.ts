/**
 * The local AWS endpoint: an HTTP server on 127.0.0.1 that answers the AWS wire protocols from a
 * running session, whose simulated time advances at `speed` × wall time. It is a thin layer: the
 * protocols decode a request into an operation and its input, `callApi` (the page's command line
 * calls the same) runs it on the session, and the answer is encoded back. The wall clock lives
 * here, never in the engine.
 *
 * Any credentials and any signature are accepted: the server never checks `Authorization`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Session } from '../app/session';
import type { AwsModels } from '../awscli/model';
import { callApi, type Backend } from '../awscli/api';
import { MAPPINGS } from '../awscli/operations';
import { decode, encodeError, encodeOk, type WireResponse } from './protocols';

/** Request bodies above this many bytes are refused (the largest ECS request, a task definition, is far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface EndpointOptions {
  session: Session;
  models: AwsModels;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  /** One line per call. */
  log?: (line: string) => void;
  /** The wall clock, in milliseconds (tests may pass their own). */
  now?: () => number;
}

export interface Endpoint { server: Server; advance(): void; stop(): Promise<void> }

/** The most simulated seconds one catch-up steps before answering (the rest follows on the timer). */
const MAX_CATCH_UP = 20_000;

export function createEndpoint(opts: EndpointOptions): Endpoint {
  const now = opts.now ?? (() => Date.now());
  const start = now();
  const { session, models } = opts;
  const backend: Backend = {
    get sim() { return session.sim; },
    get log() { return session.log; },
    act: (action, request) => session.act(action, request),
  };

  /** Steps the simulation to where the wall clock says it should be. */
  function advance(): void {
    const target = Math.floor(((now() - start) / 1000) * opts.speed);
    const stop = Math.min(target, session.t + MAX_CATCH_UP);
    while (session.t < stop) session.step();
  }

  function handle(headers: IncomingMessage['headers'], body: string): { res: WireResponse; what: string } {
    const requestId = randomUUID();
    const d = decode(models, headers, body);
    if (!d.ok) return { res: encodeError(d.protocol, d.model, d.status, d.code, d.message, requestId), what: `${d.model?.cli ?? '?'} ${String(headers['x-amz-target'] ?? new URLSearchParams(body).get('Action') ?? '?')}` };
    const { service, operation, input } = d.request;
    advance();
    const r = callApi(models, MAPPINGS, backend, service.cli, operation, input);
    const protocol = service.protocol === 'query' ? 'query' : 'json';
    const res = r.ok ? encodeOk(service, operation, r.output, requestId) : encodeError(protocol, service, r.status, r.code, r.message, requestId);
    return { res, what: `${service.cli} ${operation}${r.ok ? '' : ` ${r.code}`}` };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES && !refused) {
        refused = true;
        const r = encodeError(req.headers['x-amz-target'] ? 'json' : 'query', undefined, 413, 'RequestEntityTooLarge', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`, randomUUID());
        send(res, r);
        opts.log?.(`${new Date(now()).toISOString()} t=${session.t}s 413 request body over ${MAX_BODY_BYTES} bytes`);
        req.destroy();
      }
      if (!refused) chunks.push(c);
    });
    req.on('end', () => {
      if (refused) return;
      const began = now();
      let out: { res: WireResponse; what: string };
      try {
        out = handle(req.headers, Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        out = { res: encodeError(req.headers['x-amz-target'] ? 'json' : 'query', undefined, 500, 'InternalFailure', (e as Error).message, randomUUID()), what: 'error' };
      }
      send(res, out.res);
      opts.log?.(`${new Date(began).toISOString()} t=${session.t}s ${out.res.status} ${out.what} ${now() - began}ms`);
    });
  });

  const timer = setInterval(advance, 100);
  timer.unref();
  return {
    server, advance,
    stop: () => new Promise<void>((resolve) => { clearInterval(timer); server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

function send(res: ServerResponse, r: WireResponse): void {
  res.writeHead(r.status, { 'content-type': r.contentType, 'content-length': Buffer.byteLength(r.body), 'x-amzn-requestid': randomUUID() });
  res.end(r.body);
}
