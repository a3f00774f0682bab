/**
 * What the page accepts from outside (a share link, a scenario file, a lesson progress file), and
 * the checks that hold it to that before any work is done: sizes first (before unpacking or
 * parsing), then a single walk over the parsed JSON (nesting depth, string lengths), then the size
 * of the cluster it asks for (services, tasks, container instances), counted from the document
 * without building anything. Each refusal names the field, the value and the limit.
 *
 * The limits are stated in the README (Security: untrusted input); change them together.
 *
 * @example
 * const p = checkDocument(doc, 'scenario') ?? checkScale(doc, []);
 * if (p) return { ok: false, problem: problemOf('This scenario cannot be opened', p) };
 */
import type { MigrationError } from './migrations';

export const LIMITS = {
  /** A share link's packed fragment, in characters: every browser opens it, and unpacking it stays quick. */
  linkChars: 32_000,
  /** A scenario or progress file, in bytes (a share link's unpacked JSON too). */
  fileBytes: 5 * 1024 * 1024,
  /** A name or ID (service, cluster, family, target group, attribute, ...), in characters (the ECS limit). */
  nameChars: 255,
  /** Any other string (a description, a command line), in characters. */
  stringChars: 4096,
  /** Objects and lists inside one another. */
  depth: 32,
  /** Services, counting those created by actions. */
  services: 200,
  /** Tasks the cluster can reach: desired counts, scaling maximums and RunTask counts added up. */
  tasks: 100_000,
  /** Container instances the cluster can reach: registered, added by actions, Auto Scaling group maximums. */
  instances: 5_000,
  /** Actions in a scenario, a link's action log or a lesson's resume point. */
  actions: 10_000,
  /** Simulated seconds a link or a resumed lesson replays to: one day. */
  seconds: 86_400,
} as const;

export type LimitError = MigrationError;

const fmt = (n: number) => n.toLocaleString('en-US');

/** Keys whose string values are names or IDs. */
const NAME_KEY = /(?:name|family|service|target|cluster|instance|group|arn|id|namespace)$/i;

const error = (field: string, value: unknown, accepted: string, message: string): LimitError => ({ field, value, accepted, message });

/** The file or text is too large to read at all. */
export function checkTextSize(length: number, what: string, limit: number = LIMITS.fileBytes, unit = 'bytes'): LimitError | null {
  if (length <= limit) return null;
  return error('(document)', `${fmt(length)} ${unit}`, `at most ${fmt(limit)} ${unit}`,
    `This ${what} is ${fmt(length)} ${unit}, larger than the ${fmt(limit)} ${unit} ECS Lab reads.`);
}

function path(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;
}

/**
 * One walk over parsed JSON: nesting depth, key lengths, and string lengths (names and IDs to
 * `nameChars`, anything else to `stringChars`). Iterative, so a deep document cannot overflow
 * the stack here.
 */
export function checkDocument(doc: unknown, what: string): LimitError | null {
  const stack: { v: unknown; at: string; key: string; depth: number }[] = [{ v: doc, at: '', key: '', depth: 0 }];
  while (stack.length) {
    const { v, at, key, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const name = NAME_KEY.test(key);
      const limit = name ? LIMITS.nameChars : LIMITS.stringChars;
      if (v.length > limit) {
        return error(at || '(document)', `${v.slice(0, 40)}… (${fmt(v.length)} characters)`, `at most ${fmt(limit)} characters`,
          `'${at}' in this ${what} is ${fmt(v.length)} characters long; ${name ? 'a name or ID' : 'a text'} may have at most ${fmt(limit)}.`);
      }
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= LIMITS.depth) {
      return error(at || '(document)', '(nested deeper)', `at most ${LIMITS.depth} levels of objects and lists`,
        `'${at}' in this ${what} is nested more than ${LIMITS.depth} levels deep (objects and lists inside one another); ECS Lab reads at most ${LIMITS.depth}.`);
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], at: path(at, i), key, depth: depth + 1 });
      continue;
    }
    for (const k of Object.keys(v)) {
      if (k.length > LIMITS.nameChars) {
        return error(path(at, k.slice(0, 40)), k.slice(0, 40), `field names of at most ${LIMITS.nameChars} characters`, `A field name in this ${what} is ${fmt(k.length)} characters long; at most ${LIMITS.nameChars} are read.`);
      }
      stack.push({ v: (v as Record<string, unknown>)[k], at: path(at, k), key: k, depth: depth + 1 });
    }
  }
  return null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * The most services, tasks and container instances a scenario (with extra actions: a link's log,
 * a lesson's resume point) can reach, counted from the document: each service at the largest
 * desired count or scaling maximum anything gives it, plus every RunTask count; every registered
 * and added instance, plus each Auto Scaling group's maximum. An upper bound, never built.
 */
export function scaleOf(doc: Record<string, unknown>, extra: readonly unknown[] = []): { services: number; tasks: number; instances: number; actions: number } {
  const desired = new Map<string, number>();
  const raise = (name: unknown, n: number) => {
    const key = typeof name === 'string' ? name.split('/').pop()! : '';
    desired.set(key, Math.max(desired.get(key) ?? 0, n));
  };
  let runTasks = 0;
  let instances = 0;
  const cluster = isObj(doc.cluster) ? doc.cluster : {};
  for (const c of list(cluster.containerInstances)) if (isObj(c)) instances += count(c.count, 1);
  const provider = (p: unknown) => {
    const asg = isObj(p) && isObj(p.autoScalingGroupProvider) && isObj(p.autoScalingGroupProvider.autoScalingGroup) ? p.autoScalingGroupProvider.autoScalingGroup : null;
    if (asg) instances += count(asg.maxSize ?? asg.MaxSize, 0);
  };
  for (const p of list(doc.capacityProviders)) provider(p);
  for (const s of list(doc.services)) if (isObj(s)) raise(s.serviceName, count(s.desiredCount, 0));
  for (const t of list(doc.scalableTargets)) if (isObj(t)) raise(t.ResourceId, count(t.MaxCapacity, 0));
  const actions = [...list(doc.actions), ...extra];
  for (const a of actions) {
    if (!isObj(a) || !isObj(a.request)) continue;
    const r = a.request;
    switch (a.action) {
      case 'CreateService': raise(r.serviceName, count(r.desiredCount, 0)); break;
      case 'UpdateService': if (typeof r.service === 'string') raise(r.service, count(r.desiredCount, 0)); break;
      case 'RegisterScalableTarget': raise(r.ResourceId, count(r.MaxCapacity, 0)); break;
      case 'PutScheduledAction': if (isObj(r.ScalableTargetAction)) raise(r.ResourceId, count(r.ScalableTargetAction.MaxCapacity, 0)); break;
      case 'RunTask': runTasks += count(r.count, 1); break;
      case 'RegisterContainerInstance': instances += count(r.count, 1); break;
      case 'CreateCapacityProvider': provider(r); break;
      case 'UpdateAutoScalingGroup': instances += count(r.MaxSize, 0); break;
      default: break;
    }
  }
  let tasks = runTasks;
  for (const n of desired.values()) tasks += n;
  const named = new Set<string>();
  for (const s of list(doc.services)) if (isObj(s) && typeof s.serviceName === 'string') named.add(s.serviceName);
  for (const a of actions) if (isObj(a) && a.action === 'CreateService' && isObj(a.request) && typeof a.request.serviceName === 'string') named.add(a.request.serviceName);
  return { services: named.size, tasks, instances, actions: actions.length };
}

/** The cluster a document asks for, against the limits. */
export function checkScale(doc: Record<string, unknown>, extra: readonly unknown[] = []): LimitError | null {
  const s = scaleOf(doc, extra);
  const over = (field: string, n: number, limit: number, noun: string, how: string) => error(field, n, `at most ${fmt(limit)} ${noun}`,
    `This scenario can reach ${fmt(n)} ${noun} (${how}); ECS Lab runs at most ${fmt(limit)} ${noun} in the page.`);
  if (s.actions > LIMITS.actions) return over('actions', s.actions, LIMITS.actions, 'actions', 'in the scenario and its action log');
  if (s.services > LIMITS.services) return over('services', s.services, LIMITS.services, 'services', 'created by the scenario and its actions');
  if (s.tasks > LIMITS.tasks) return over('services', s.tasks, LIMITS.tasks, 'tasks', 'desired counts, scaling maximums and RunTask counts added up');
  if (s.instances > LIMITS.instances) return over('cluster.containerInstances', s.instances, LIMITS.instances, 'container instances', 'registered, added by actions and Auto Scaling group maximums');
  return null;
}

/**
 * Whether Share can offer a link for this fragment at second `t`: null when it opens, else the
 * sentence to show instead (the page then offers Export).
 */
export function checkShareable(hash: string, t: number): string | null {
  if (t > LIMITS.seconds) {
    return `A share link replays every second up to where you are, and opens at most one simulated day (${fmt(LIMITS.seconds)} s); this session is at ${fmt(Math.floor(t))} s. Export it as a file instead: the file replays to the same events.`;
  }
  const packed = hash.length - (hash.indexOf('=') + 1);
  if (packed > LIMITS.linkChars) {
    return `This session makes a link of ${fmt(packed)} characters, more than the ${fmt(LIMITS.linkChars)} a link may carry. Export it as a file instead.`;
  }
  return null;
}
