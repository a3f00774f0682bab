/**
 * What a session remembers of the engine's event stream for the page: the console's event feed
 * (the 100 most recent, as the ECS console keeps, §1.6), each task's state history, each task's
 * placement explanation and each service's own events (DescribeServices `events`).
 *
 * Everything here is rebuilt by a replay, so a rewind shows exactly what was shown at that second.
 */
import { consoleText } from '../sim/messages';
import { shiftText } from '../sim/timeline';
import type { ActionResult, DeploymentStateChange, PlacementDecision, ScalingActivity, ServiceEvent, SimEvent, TrafficShift } from '../sim/events';

/** The console keeps the 100 most recent service events (§1.6). */
export const RECENT_EVENTS = 100;
/** Task histories and placement explanations are kept for this many tasks (the newest). */
export const TRACKED_TASKS = 5000;

export type FeedEvent = ServiceEvent | DeploymentStateChange | ScalingActivity | TrafficShift | ActionResult;

export interface TaskStep {
  t: number; lastStatus: string; desiredStatus: string; stopCode: string | null; stoppedReason: string | null;
}

/**
 * A map that keeps only its `max` most recently added keys (setting a key it has keeps its place).
 * The keys are queued apart: dropping the oldest through the map's own iterator
 * (`keys().next()`) gets slower with every deletion, as the iterator steps over the holes the
 * earlier deletions left, which made a launch of 100,000 tasks spend most of its time here.
 */
export class CappedMap<K, V> extends Map<K, V> {
  private order: K[] = [];
  private head = 0;

  constructor(private readonly max: number) { super(); }

  override set(key: K, value: V): this {
    if (!this.has(key)) {
      this.order.push(key);
      while (this.size >= this.max && this.head < this.order.length) this.delete(this.order[this.head++]!);
      if (this.head > 1024 && this.head * 2 > this.order.length) { this.order = this.order.slice(this.head); this.head = 0; }
    }
    return super.set(key, value);
  }

  override clear(): void {
    super.clear();
    this.order = [];
    this.head = 0;
  }
}

export class SessionLog {
  /** The feed, oldest first, at most RECENT_EVENTS. */
  recent: FeedEvent[] = [];
  readonly taskHistory = new CappedMap<string, TaskStep[]>(TRACKED_TASKS);
  readonly placements = new CappedMap<string, PlacementDecision>(TRACKED_TASKS);
  readonly serviceEvents = new Map<string, ServiceEvent[]>();
  /** Bumped whenever the feed changes, so panels can skip identical redraws. */
  version = 0;

  /** The engine's `onEvent` hook. */
  readonly record = (e: SimEvent): void => {
    switch (e.type) {
      case 'TaskStateChange': {
        let h = this.taskHistory.get(e.taskId);
        if (!h) {
          h = [];
          this.taskHistory.set(e.taskId, h);
        }
        const last = h[h.length - 1];
        if (!last || last.lastStatus !== e.lastStatus || last.desiredStatus !== e.desiredStatus) {
          h.push({ t: e.t, lastStatus: e.lastStatus, desiredStatus: e.desiredStatus, stopCode: e.stopCode, stoppedReason: e.stoppedReason });
        }
        return;
      }
      case 'PlacementDecision':
        this.placements.set(e.taskId, e);
        return;
      case 'Metrics':
        return;
      case 'ServiceEvent': {
        const list = this.serviceEvents.get(e.service) ?? [];
        list.push(e);
        if (list.length > RECENT_EVENTS) list.splice(0, list.length - RECENT_EVENTS);
        this.serviceEvents.set(e.service, list);
        break;
      }
      default:
        break;
    }
    this.recent.push(e);
    if (this.recent.length > RECENT_EVENTS) this.recent = this.recent.slice(-RECENT_EVENTS);
    this.version++;
  };
}

/** A service event names at most this many tasks in the feed (a service at scale starts thousands in one step). */
const LISTED_TASKS = 10;

/** "has started 5000 tasks: task a task b … ." → the first LISTED_TASKS, then how many more. */
export function elideTaskList(message: string): string {
  const m = /^(.*?: )((?:task [0-9a-f]+ )*task [0-9a-f]+)(\.?)$/s.exec(message);
  if (!m) return message;
  const names = m[2]!.split(/ (?=task )/);
  if (names.length <= LISTED_TASKS) return message;
  return `${m[1]}${names.slice(0, LISTED_TASKS).join(' ')} and ${(names.length - LISTED_TASKS).toLocaleString('en-US')} more${m[3]}`;
}

/** One line in the ECS console's voice for a feed event. */
export function feedText(e: FeedEvent): string {
  switch (e.type) {
    // The engine's message is the API's form; the feed shows the console's, derived from it.
    case 'ServiceEvent': return elideTaskList(consoleText(e.message));
    case 'DeploymentStateChange': {
      const what = e.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS' ? 'started' : e.eventName === 'SERVICE_DEPLOYMENT_COMPLETED' ? 'completed' : 'failed';
      return `service ${e.service} deployment ${e.deploymentId} ${what} (${e.taskDefinition}): ${e.reason}`;
    }
    case 'ScalingActivity': return `${e.resource}: desired count ${e.from} → ${e.to} (${e.cause})`;
    case 'TrafficShift': return `service ${e.service} ${shiftText(e)}`;
    case 'ActionResult': return e.ok ? `${e.action}: ${JSON.stringify(e.value)}` : `${e.action} was rejected: ${e.error?.message ?? 'no reason given'}`;
  }
}
