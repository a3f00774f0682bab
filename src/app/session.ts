/**
 * A session: one scenario running in the browser, plus every API action the learner sent, each
 * stamped with the simulated second it takes effect. The session *is* a scenario: its document
 * (`document()`) is the starting scenario with the learner's actions merged into `actions`, which
 * is what share links and exports carry and what `npm run sim` replays to the same events.
 *
 * Time travel is replay: the engine is deterministic, so the state at any second is a fresh core
 * and a fresh simulation run from t = 0 to that second with the recorded actions (a 6-hour
 * session of the first cluster replays in well under 100 ms). Rewinding keeps the recorded future:
 * playing on replays it; acting, or `fork()`, drops it and starts a new one.
 *
 * When an action takes effect: the engine dispatches a scenario action `{ at }` at the start of the
 * step that brings the clock to `at` (or past it), before that second's lifecycle, traffic, health
 * and scheduler run. An action sent live at second T is dispatched at once with the engine's clock
 * at T + 1, which is exactly what that step would do, and recorded with an `at` that sorts it
 * before any scenario action the step has yet to dispatch (T + 1, or that action's own `at` when
 * it is earlier). Replaying the document therefore reproduces the live session event for event.
 */
import { Simulation } from '../sim/engine';
import { createCore } from '../core/core';
import { capacityFor } from '../sim/core-capacity';
import type { CommandResult } from '../sim/commands';
import type { Scenario } from '../sim/scenario/schema';
import type { SetupError } from '../sim/systems';
import { SessionLog } from './log';
import { MetricsHistory } from './history';

export interface RecordedAction { at: number; action: string; request: Record<string, unknown> }

export type OpenResult = { ok: true; session: Session } | { ok: false; error: SetupError };

/** The engine keeps this many events itself; the page reads them through the session log. */
const ENGINE_EVENTS = 200;

interface Built { sim: Simulation; log: SessionLog; history: MetricsHistory }

function build(module: WebAssembly.Module, scenario: Scenario): { ok: true; built: Built } | { ok: false; error: SetupError } {
  const core = createCore(module, capacityFor(scenario));
  const log = new SessionLog();
  const r = Simulation.fromScenario(scenario, core, { metricsInterval: 0, maxEvents: ENGINE_EVENTS });
  if (!r.ok) return r;
  r.sim.onEvent = log.record;
  const history = new MetricsHistory();
  history.sample(r.sim);
  return { ok: true, built: { sim: r.sim, log, history } };
}

/**
 * Merges scenario actions and the learner's by `at`; at equal `at` the learner's come first (they
 * were dispatched before the step that dispatches the scenario's), each side keeping its order.
 */
export function mergeActions<T extends { at: number }>(scripted: readonly T[], learner: readonly T[]): T[] {
  const tagged = [...learner.map((x, i) => ({ x, k: 0, i })), ...scripted.map((x, i) => ({ x, k: 1, i }))];
  return tagged.sort((p, q) => p.x.at - q.x.at || p.k - q.k || p.i - q.i).map((p) => p.x);
}

export class Session {
  sim: Simulation;
  log: SessionLog;
  history: MetricsHistory;
  /** The furthest second reached. */
  maxT = 0;
  /** Bumped when the simulation is rebuilt (rewind, fork). */
  generation = 0;
  /** The learner's actions, in the order sent (so also by `at`). */
  private recorded: RecordedAction[] = [];
  /** How many of `recorded` have been dispatched. */
  private applied = 0;

  private constructor(
    /** The starting scenario, parsed (defaults filled in). */
    readonly scenario: Scenario,
    /** The starting document as written (what exports and links carry, plus the recorded actions). */
    readonly source: Record<string, unknown>,
    private readonly module: WebAssembly.Module,
    built: Built,
  ) {
    this.sim = built.sim;
    this.log = built.log;
    this.history = built.history;
  }

  /** Builds a session from a parsed scenario and its source document; the setup error names the field. */
  static open(scenario: Scenario, source: Record<string, unknown>, module: WebAssembly.Module): OpenResult {
    const r = build(module, scenario);
    if (!r.ok) return r;
    return { ok: true, session: new Session(scenario, source, module, r.built) };
  }

  get t(): number { return this.sim.t; }

  /** The learner's actions so far (copies). */
  get actions(): RecordedAction[] { return this.recorded.map((a) => ({ ...a })); }

  /** Recorded actions not yet dispatched: the future a rewind keeps until the learner forks. */
  get futureActions(): number { return this.recorded.length - this.applied; }

  /** One fixed step of the engine, with the chart sample for that second. */
  step(): void {
    this.sim.step();
    while (this.applied < this.recorded.length && this.recorded[this.applied]!.at <= this.sim.t) this.applied++;
    this.history.maybeSample(this.sim);
    if (this.sim.t > this.maxT) this.maxT = this.sim.t;
  }

  /**
   * Sends an API action now (a console button, a key, a lesson step). Acting while a recorded
   * future is pending forks: that future is dropped first. Returns the API's result; a rejected
   * action changes nothing and is not recorded.
   */
  act(action: string, request: Record<string, unknown>): CommandResult {
    if (this.futureActions > 0) this.fork();
    const sim = this.sim;
    const next = sim.pendingActions[0];
    const at = next && next.at <= sim.t + 1 ? next.at : sim.t + 1;
    const copy = structuredClone(request);
    const r = this.dispatchAt(sim.t + 1, action, request);
    // Calls are atomic (test/property/atomic-calls.test.ts): a rejected one changed nothing, so a
    // replay without it matches.
    if (r.ok) {
      this.recorded.push({ at, action, request: copy });
      this.applied = this.recorded.length;
    }
    return r;
  }

  /** Dispatches an action with the engine's clock at `clockAt`, as the step to that second would. */
  private dispatchAt(clockAt: number, action: string, request: Record<string, unknown>): CommandResult {
    const sim = this.sim;
    const now = sim.t;
    sim.t = clockAt;
    try {
      return sim.act(action, request);
    } finally {
      sim.t = now;
    }
  }

  /** Moves to second `t` (clamped to 0..maxT when going back): forward by stepping, back by replay. */
  seek(t: number): void {
    const target = Math.max(0, Math.floor(t));
    if (target >= this.sim.t) {
      while (this.sim.t < target) this.step();
      return;
    }
    this.rebuild(target);
  }

  /** Drops the recorded future (actions not yet dispatched) and makes now the end of the time line. */
  fork(): number {
    const applied = this.applied;
    const dropped = this.recorded.length - applied;
    this.recorded = this.recorded.slice(0, applied);
    const t = this.sim.t;
    this.replayTo(t, applied);
    this.maxT = t;
    return dropped;
  }

  /**
   * Restores a learner's action log (a share link's): replays to second `t` with those actions,
   * the first `applied` of them in effect (the rest are the recorded future).
   */
  restore(actions: RecordedAction[], t: number, applied = actions.filter((a) => a.at <= t).length): void {
    this.recorded = actions.map((a) => ({ at: a.at, action: a.action, request: structuredClone(a.request) }));
    this.replayTo(t, Math.min(applied, this.recorded.length));
    this.maxT = Math.max(t, this.recorded.length ? this.recorded[this.recorded.length - 1]!.at : 0);
  }

  /**
   * Replays to second `t`; then actions sent live at that second, which were in effect before
   * (the first `applied`), are dispatched again the same way: they lead the engine's queue, since
   * they sort before the scenario's at equal `at`.
   */
  private replayTo(t: number, applied: number): void {
    this.rebuild(t);
    while (this.applied < applied) {
      const a = this.recorded[this.applied]!;
      const head = this.sim.pendingActions[0];
      if (!head || head.action !== a.action || head.at !== a.at) break;
      this.sim.pendingActions.shift();
      this.dispatchAt(t + 1, a.action, a.request);
      this.applied++;
    }
  }

  private rebuild(t: number): void {
    const r = build(this.module, this.withActions());
    // The same scenario opened once already, so setup cannot fail here; keep the old state if it does.
    if (!r.ok) return;
    this.sim = r.built.sim;
    this.log = r.built.log;
    this.history = r.built.history;
    this.applied = 0;
    while (this.sim.t < t) this.step();
    this.generation++;
  }

  private withActions(): Scenario {
    return { ...this.scenario, actions: mergeActions<RecordedAction>(this.scenario.actions, this.recorded) as Scenario['actions'] };
  }

  /**
   * The session as a scenario document: the starting document with the recorded actions merged
   * into `actions`. Loading it (or `npm run sim` on it) replays this session.
   */
  document(): Record<string, unknown> {
    const own = Array.isArray(this.source.actions) ? (this.source.actions as RecordedAction[]) : [];
    return { ...structuredClone(this.source), actions: mergeActions(own, this.recorded).map((a) => structuredClone(a)) };
  }
}
