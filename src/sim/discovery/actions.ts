/**
 * Discovery queries as actions, so scenarios, buttons and lessons can ask them too:
 * `DiscoverInstances` (the Cloud Map API), `ResolveDns` (what `dig` in the VPC would show) and
 * `ServiceConnectResolve` (what a client task's proxy does). They change nothing.
 */
import type { Simulation } from '../engine';
import type { CommandResult } from '../commands';
import { invalidParameter, isApiError } from '../errors';
import { discoverInstances, resolveDns } from './cloudmap';
import { serviceConnectResolve } from './serviceconnect';

type Req = Record<string, unknown>;

/** Actions that only read; a scenario that calls them gets their answer as an ActionResult event. */
export const QUERY_ACTIONS: ReadonlySet<string> = new Set(['DiscoverInstances', 'ResolveDns', 'ServiceConnectResolve']);

export const discoveryActions = {
  DiscoverInstances: (sim: Simulation, req: Req): CommandResult => discoverInstances(sim, req),
  ResolveDns: (sim: Simulation, req: Req): CommandResult => {
    const type = req.type ?? 'A';
    if (type !== 'A' && type !== 'SRV') return { ok: false, error: invalidParameter('type', type, 'A or SRV', 'type must be A or SRV.') };
    const r = resolveDns(sim, String(req.name ?? ''), type);
    return isApiError(r) ? { ok: false, error: r } : { ok: true, value: r };
  },
  ServiceConnectResolve: (sim: Simulation, req: Req): CommandResult => {
    const from = String(req.fromService ?? '');
    const client = sim.tasks.find((t) => t.service === from && t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
    if (!client) return { ok: false, error: invalidParameter('fromService', req.fromService, `a service with a RUNNING task: ${[...sim.services.keys()].join(', ')}`, `No RUNNING task of ${from} to ask.`) };
    return { ok: true, value: serviceConnectResolve(sim, client, String(req.endpoint ?? '')) };
  },
};
