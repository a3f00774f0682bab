/**
 * The registry: plain-data store + functions (RegisterTaskDefinition, DescribeTaskDefinition,
 * DeregisterTaskDefinition, ListTaskDefinitions), and a thin class over them.
 */
import { type ApiError, clientException } from '../errors';
import { DEFAULT_REGION, parseRef, regionOfArn } from './arn';
import { deepFreeze, isObject } from './checks';
import type { TaskDefinition, TaskDefinitionResult, TaskDefinitionStatus } from './types';
import { validateTaskDefinitionRequest } from './validate';

export interface FamilyRecord {
  readonly family: string;
  /** `revisions[k].revision === k + 1`; revisions are never removed. */
  readonly revisions: TaskDefinition[];
}

/** The registry's whole state: plain data, safe to `structuredClone` and to JSON-serialize. */
export interface TaskDefinitionStore {
  /** Families in order of first registration. */
  readonly families: FamilyRecord[];
}

export function createTaskDefinitionStore(): TaskDefinitionStore {
  return { families: [] };
}

function findFamily(store: TaskDefinitionStore, family: string): FamilyRecord | undefined {
  return store.families.find((f) => f.family === family);
}

/**
 * RegisterTaskDefinition: validates the request and stores it as the family's next revision
 * (revisions start at 1; earlier revisions stay, unchanged).
 */
export function registerTaskDefinition(
  store: TaskDefinitionStore,
  req: unknown,
  region: string = DEFAULT_REGION,
): TaskDefinitionResult {
  const familyName = isObject(req) && typeof req.family === 'string' ? req.family : '';
  const existing = familyName ? findFamily(store, familyName) : undefined;
  const revision = (existing?.revisions.length ?? 0) + 1;
  const r = validateTaskDefinitionRequest(req, region, revision);
  if (!r.ok) return r;
  const td = deepFreeze(r.taskDefinition);
  if (existing) existing.revisions.push(td);
  else store.families.push({ family: td.family, revisions: [td] });
  return { ok: true, taskDefinition: td };
}

function describeRegistered(store: TaskDefinitionStore): string {
  if (store.families.length === 0) return 'none registered yet';
  const parts = store.families.map((f) => {
    const n = f.revisions.length;
    const active = f.revisions.filter((r) => r.status === 'ACTIVE').map((r) => r.revision);
    const range = n === 1 ? `${f.family}:1` : `${f.family}:1..${n}`;
    return active.length === 0 ? `${range} (all INACTIVE)` : `${range} (latest ACTIVE ${f.family}:${active[active.length - 1]})`;
  });
  const shown = parts.slice(0, 20).join(', ');
  return parts.length > 20 ? `${shown}, and ${parts.length - 20} more families` : shown;
}

function notFound(store: TaskDefinitionStore, ref: unknown, field: string): ApiError {
  return clientException(
    field,
    ref,
    `a registered task definition as "family" (latest ACTIVE revision), "family:revision" or its full ARN; registered: ${describeRegistered(store)}`,
    'Unable to describe task definition.', // confirmed wording (DescribeTaskDefinition)
  );
}

export interface ResolveOptions {
  /** Reject INACTIVE revisions, as RunTask and CreateService do. */
  readonly requireActive?: boolean;
  /** Request field to name in errors (default `taskDefinition`). */
  readonly field?: string;
}

/**
 * DescribeTaskDefinition: `ref` is `"family"` (latest ACTIVE revision), `"family:revision"` or a
 * full ARN. An explicit revision resolves even when INACTIVE unless `requireActive` is set.
 */
export function resolveTaskDefinition(
  store: TaskDefinitionStore,
  ref: unknown,
  options: ResolveOptions = {},
): TaskDefinitionResult {
  const field = options.field ?? 'taskDefinition';
  const parsed = parseRef(ref);
  if (!parsed) return { ok: false, error: notFound(store, ref, field) };
  const fam = findFamily(store, parsed.family);
  if (!fam) return { ok: false, error: notFound(store, ref, field) };
  let td: TaskDefinition | undefined;
  if (parsed.revision === null) {
    for (let k = fam.revisions.length - 1; k >= 0; k--) {
      if (fam.revisions[k]!.status === 'ACTIVE') {
        td = fam.revisions[k];
        break;
      }
    }
  } else {
    td = fam.revisions[parsed.revision - 1];
    if (td && parsed.region !== null && regionOfArn(td.taskDefinitionArn) !== parsed.region) td = undefined;
  }
  if (!td) return { ok: false, error: notFound(store, ref, field) };
  if (options.requireActive && td.status !== 'ACTIVE') {
    return {
      ok: false,
      error: clientException(
        field,
        ref,
        `an ACTIVE revision of ${td.family}; ${describeRegistered({ families: [fam] })}`,
        'TaskDefinition is inactive', // wording unconfirmed
      ),
    };
  }
  return { ok: true, taskDefinition: td };
}

/**
 * DeregisterTaskDefinition: marks one revision INACTIVE. Existing tasks and services keep running
 * it; it can no longer start new ones, and `resolve(family)` skips it. The stored revision is
 * replaced by an INACTIVE copy; objects handed out earlier are frozen snapshots and keep their
 * status. Deregistering an INACTIVE revision returns it unchanged (idempotent; unconfirmed).
 */
export function deregisterTaskDefinition(store: TaskDefinitionStore, ref: unknown, field = 'taskDefinition'): TaskDefinitionResult {
  const parsed = parseRef(ref);
  if (parsed && parsed.revision === null) {
    return {
      ok: false,
      error: clientException(field, ref, 'a "family:revision" or a full task definition ARN', 'Revision must be specified.'), // wording unconfirmed
    };
  }
  const found = resolveTaskDefinition(store, ref, { field });
  if (!found.ok) return found;
  const td = found.taskDefinition;
  if (td.status === 'INACTIVE') return found;
  const fam = findFamily(store, td.family)!;
  // Nested parts are frozen and can be shared with the ACTIVE snapshot.
  const inactive = Object.freeze<TaskDefinition>({ ...td, status: 'INACTIVE' });
  fam.revisions[td.revision - 1] = inactive;
  return { ok: true, taskDefinition: inactive };
}

export interface ListFilter {
  readonly familyPrefix?: string;
  readonly status?: TaskDefinitionStatus;
}

/** ListTaskDefinitions: definitions sorted by family name, then revision. */
export function listTaskDefinitions(store: TaskDefinitionStore, filter: ListFilter = {}): TaskDefinition[] {
  const families = [...store.families].sort((a, b) => (a.family < b.family ? -1 : a.family > b.family ? 1 : 0));
  const out: TaskDefinition[] = [];
  for (const f of families) {
    if (filter.familyPrefix !== undefined && !f.family.startsWith(filter.familyPrefix)) continue;
    for (const td of f.revisions) {
      if (filter.status === undefined || td.status === filter.status) out.push(td);
    }
  }
  return out;
}

/**
 * A thin wrapper over a `TaskDefinitionStore`. All state lives in `state` (plain data):
 * checkpoint with `structuredClone(registry.state)`, restore with `new TaskDefinitionRegistry(copy)`.
 */
export class TaskDefinitionRegistry {
  readonly state: TaskDefinitionStore;

  constructor(state: TaskDefinitionStore = createTaskDefinitionStore()) {
    // A restored checkpoint holds unfrozen copies; freeze them again.
    for (const f of state.families) for (const td of f.revisions) deepFreeze(td);
    this.state = state;
  }

  register(req: unknown, region: string = DEFAULT_REGION): TaskDefinitionResult {
    return registerTaskDefinition(this.state, req, region);
  }

  resolve(ref: unknown, options?: ResolveOptions): TaskDefinitionResult {
    return resolveTaskDefinition(this.state, ref, options);
  }

  deregister(ref: unknown): TaskDefinitionResult {
    return deregisterTaskDefinition(this.state, ref);
  }

  list(filter?: ListFilter): TaskDefinition[] {
    return listTaskDefinitions(this.state, filter);
  }
}
