/**
 * The page's model: the session on screen (and, while comparing, a second one sharing its clock),
 * the stores the panels read, and the few verbs every control uses: act, step, seek, fork, open.
 * A button, a key, a lesson step and a share link all come through here, so they all record,
 * replay and share the same way.
 *
 * @example
 * const app = new App(module, stores);
 * app.open(scenario, source);                              // a session at t = 0
 * app.act('UpdateService', { service: 'web', desiredCount: 9 });
 * app.seek(30);                                            // rewind by replay
 * location.hash = app.shareHash();                         // the session as a link
 */
import type { CommandResult } from '../sim/commands';
import type { Scenario } from '../sim/scenario/schema';
import type { SetupError } from '../sim/systems';
import { ACTIONS } from '../sim/commands';
import { snapshot, type Snapshot } from '../sim/snapshot';
import type { ClockStore, TimelineStore, UiStore, ViewStore } from '../state/stores';
import { Session } from './session';
import { encodeLink, type LinkLog } from './share/link';
import { documentText } from './share/document';
import { checkDocument } from './share/limits';

/**
 * Past this many tasks (a cluster at scale), a published snapshot carries the first
 * LARGE_TASK_OBJECTS task objects only, and no target lists: building 100,000 objects per frame
 * would cost tens of milliseconds. The canvas reads the per-task frame, the panel counts from it,
 * and its tables show a few hundred rows (src/ui/panel.ts).
 */
export const FULL_SNAPSHOT_TASKS = 2000;
const LARGE_TASK_OBJECTS = 200;

/** The snapshot the page shows of a simulation (see FULL_SNAPSHOT_TASKS). */
export function pageSnapshot(sim: Session['sim']): Snapshot {
  return snapshot(sim, sim.tasks.length > FULL_SNAPSHOT_TASKS ? { taskObjects: LARGE_TASK_OBJECTS } : {});
}

export interface Stores { clock: ClockStore; view: ViewStore; timeline: TimelineStore; ui: UiStore }

export type Target = 'A' | 'B' | 'both';

export class App {
  session: Session | null = null;
  /** The second configuration while comparing. */
  compare: Session | null = null;
  /** The display name of each configuration. */
  names = { A: '', B: '' };
  private generation = 0;
  /** Called when a scenario opens (any way: picker, link, import, a lesson), before the first publish. */
  onOpen: ((scenario: Scenario) => void) | null = null;
  /** Called after each publish with both snapshots (the canvas, panels and charts listen). */
  onPublish: ((a: Snapshot, b: Snapshot | null) => void) | null = null;

  constructor(readonly module: WebAssembly.Module, readonly stores: Stores) {}

  /** Opens a scenario as the session on screen, at second `t` (by replay). Returns the setup error, if any. */
  open(scenario: Scenario, source: Record<string, unknown>, opts: { t?: number; name?: string; log?: LinkLog | null } = {}): SetupError | null {
    const r = Session.open(scenario, source, this.module);
    if (!r.ok) return r.error;
    this.session = r.session;
    this.names.A = opts.name ?? scenario.name ?? 'Scenario';
    if (opts.log) r.session.restore(opts.log.actions, opts.t ?? 0, opts.log.applied);
    else if (opts.t) r.session.seek(opts.t);
    if (this.compare) this.compare.seek(r.session.t);
    this.onOpen?.(scenario);
    this.rebuilt();
    return null;
  }

  /** Starts comparing: a second session, fast-forwarded to the first one's second. */
  startCompare(scenario: Scenario, source: Record<string, unknown>, name: string): SetupError | null {
    const r = Session.open(scenario, source, this.module);
    if (!r.ok) return r.error;
    if (this.session) r.session.seek(this.session.t);
    this.compare = r.session;
    this.names.B = name;
    this.stores.ui.setState({ comparing: true });
    this.rebuilt();
    return null;
  }

  stopCompare(): void {
    this.compare = null;
    this.stores.ui.setState({ comparing: false });
    this.rebuilt();
  }

  /** Sends an API action now, to one or both configurations. Returns the first configuration's result. */
  act(action: string, request: Record<string, unknown>, target: Target = 'both'): CommandResult {
    const a = this.session;
    if (!a) return { ok: false, error: { code: 'ClientException', field: 'cluster', value: null, accepted: 'an open scenario', message: 'ClientException: No scenario is open.' } };
    // A request is recorded, shared and exported: one nested past the limits is refused here.
    const limit = checkDocument(request, 'request');
    if (limit) return { ok: false, error: { code: 'ClientException', field: limit.field, value: limit.value, accepted: limit.accepted, message: `ClientException: ${limit.message}` } };
    const hadFuture = a.futureActions > 0 || (this.compare?.futureActions ?? 0) > 0;
    let first: CommandResult | null = null;
    if (target !== 'B') first = a.act(action, structuredClone(request));
    if (this.compare && target !== 'A') {
      const rb = this.compare.act(action, structuredClone(request));
      first ??= rb;
    }
    if (hadFuture) this.rebuilt(); else this.publish(0);
    return first ?? { ok: false, error: { code: 'ClientException', field: 'target', value: target, accepted: 'A, B or both while comparing', message: 'ClientException: There is no second configuration to send this to.' } };
  }

  /** Whether the engine models an action. */
  knows(action: string): boolean { return Object.prototype.hasOwnProperty.call(ACTIONS, action); }

  step(): void {
    this.session?.step();
    this.compare?.step();
  }

  stepOnce(): void {
    this.step();
    this.publish(0);
  }

  /** Moves both configurations to second `t`: back by replay, forward by stepping. */
  seek(t: number): void {
    const s = this.session;
    if (!s) return;
    const back = t < s.t;
    s.seek(t);
    this.compare?.seek(s.t);
    if (back) this.rebuilt(); else this.publish(0);
  }

  /** Drops the recorded future of both configurations. */
  fork(): number {
    const n = (this.session?.fork() ?? 0) + (this.compare?.fork() ?? 0);
    this.rebuilt();
    return n;
  }

  /** The session as a share-link fragment (`#s=…`) at the current second. */
  shareHash(): string {
    const s = this.session!;
    return encodeLink(s.source, s.t, { actions: s.actions, applied: s.actions.length - s.futureActions });
  }

  /** The session as a scenario file (pretty JSON); throws with a message saying why it cannot be written. */
  exportJson(): string {
    return documentText(this.session!.document());
  }

  private rebuilt(): void {
    this.generation++;
    this.stores.view.setState({ generation: this.generation });
    this.publish(0);
  }

  /** Snapshots for the canvas and panels, and the time line for the controls. */
  publish(alpha: number): void {
    const a = this.session;
    if (!a) return;
    const snapA = pageSnapshot(a.sim);
    const snapB = this.compare ? pageSnapshot(this.compare.sim) : null;
    this.stores.view.setState({ snapshot: snapA, compareSnapshot: snapB, alpha, recentEvents: a.log.recent });
    const maxT = Math.max(a.maxT, this.compare?.maxT ?? 0);
    this.stores.timeline.setState({ t: a.t, maxT, futureActions: a.futureActions + (this.compare?.futureActions ?? 0), recordedActions: a.actions.length });
    this.onPublish?.(snapA, snapB);
  }

  tween(alpha: number): void {
    this.stores.view.setState({ alpha });
  }
}
