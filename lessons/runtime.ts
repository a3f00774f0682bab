/**
 * Running a lesson on a session: which step is current, whether its goals hold, and "Show me"
 * (the reference commands, dispatched at their offsets through the same act path as every other
 * action). The lesson player and the headless checker both drive a LessonRun, so what the page
 * shows and what CI checks are the same logic.
 *
 * @example
 * const run = new LessonRun(lesson);
 * run.showMe(session.t);
 * for (;;) {
 *   run.pump(session, (a, r) => session.act(a, r));
 *   if (run.evaluate(session).complete) break;
 *   session.step();
 * }
 */
import type { CommandResult } from '../src/sim/commands';
import type { FeedEvent } from '../src/app/log';
import type { Command, Goal, Lesson, Memo, Step } from './types';
import { buildView, type LessonView, type RecordedCall, type SessionLike } from './view';
import { md } from '../src/text/markdown-safe';

export interface GoalStatus { id: string; label: string; met: boolean; unmet: string }

export interface StepStatus {
  stepIndex: number;
  goals: GoalStatus[];
  /** Every goal holds (or held, for latching goals). */
  complete: boolean;
}

/** One command of "Show me", dispatched or waiting. */
export interface Dispatch {
  command: Command;
  due: number;
  /** Null while waiting; the API's answer once sent. */
  result: CommandResult | null;
  /** The request as sent. */
  request: Record<string, unknown> | null;
}

export type Act = (action: string, request: Record<string, unknown>) => CommandResult;

/** Feed events kept for goals (the oldest go first). */
const JOURNAL_MAX = 5000;

export interface RunState {
  stepIndex: number;
  lessonStart: number;
  stepStart: number;
  completed: string[];
  earlierActions?: RecordedCall[];
}

export class LessonRun {
  stepIndex: number;
  lessonStart: number;
  stepStart: number;
  /** Ids of completed steps (sticky: a rewind does not undo them). */
  readonly completed: Set<string>;
  /** Commands of the current "Show me", in order. */
  queue: Dispatch[] = [];
  private memos = new Map<string, Memo>();
  private latched = new Set<string>();
  private journal: FeedEvent[] = [];
  private logRef: unknown = null;
  private logVersion = 0;
  private earlierActions: RecordedCall[];
  private pumping = false;

  constructor(readonly lesson: Lesson, state: Partial<RunState> = {}) {
    this.stepIndex = Math.min(Math.max(0, state.stepIndex ?? 0), lesson.steps.length - 1);
    this.lessonStart = state.lessonStart ?? 0;
    this.stepStart = state.stepStart ?? this.lessonStart;
    this.completed = new Set(state.completed ?? []);
    this.earlierActions = state.earlierActions ?? [];
  }

  get step(): Step { return this.lesson.steps[this.stepIndex]!; }

  /** Whether every step is complete. */
  get finished(): boolean { return this.lesson.steps.every((s) => this.completed.has(s.id)); }

  /** Makes step `i` current from second `t`: fresh memos, nothing latched, no "Show me" pending. */
  startStep(i: number, t: number): void {
    this.stepIndex = Math.min(Math.max(0, i), this.lesson.steps.length - 1);
    this.stepStart = t;
    this.memos.clear();
    this.latched.clear();
    this.queue = [];
  }

  /** Moves to the next step (after the current one is complete). Returns false at the end. */
  next(t: number): boolean {
    if (this.stepIndex >= this.lesson.steps.length - 1) return false;
    this.startStep(this.stepIndex + 1, t);
    return true;
  }

  /** Schedules the current step's reference solution from second `t` (optionally transformed). */
  showMe(t: number, transform?: (step: Step, commands: Command[]) => Command[]): void {
    const commands = transform ? transform(this.step, this.step.solution.slice()) : this.step.solution;
    this.queue = commands.map((command) => ({ command, due: t + (command.at ?? 0), result: null, request: null }));
  }

  /** Whether "Show me" still has commands to send. */
  get playing(): boolean { return this.queue.some((d) => d.result === null); }

  /**
   * Sends the "Show me" commands that are due, in order. A command whose request cannot be built
   * yet (it needs, say, a RUNNING task) waits for a later second. Returns the ones sent now.
   */
  pump(session: SessionLike, act: Act): Dispatch[] {
    // `act` may publish, and a publish may call back here: one pump at a time.
    if (this.pumping) return [];
    this.pumping = true;
    const sent: Dispatch[] = [];
    try {
      for (const d of this.queue) {
        if (d.result !== null) continue;
        const t = session.sim.t;
        if (d.due > t) break;
        const req = typeof d.command.request === 'function' ? d.command.request(this.view(session)) : structuredClone(d.command.request);
        if (req === null) break;
        d.request = req;
        d.result = act(d.command.action, structuredClone(req));
        sent.push(d);
      }
    } finally {
      this.pumping = false;
    }
    return sent;
  }

  private syncJournal(session: SessionLike): void {
    const log = session.log;
    const t = session.sim.t;
    if (log !== this.logRef) {
      // The session was rebuilt (a rewind): keep what is older than the new feed, then the feed.
      const first = log.recent[0]?.t ?? Infinity;
      this.journal = this.journal.filter((e) => e.t < first && e.t <= t)
        .concat(log.recent.filter((e) => e.t >= this.lessonStart && e.t <= t));
      this.logRef = log;
      this.logVersion = log.version;
    } else if (log.version !== this.logVersion) {
      const n = Math.min(log.version - this.logVersion, log.recent.length);
      for (const e of log.recent.slice(log.recent.length - n)) if (e.t >= this.lessonStart) this.journal.push(e);
      this.logVersion = log.version;
    }
    if (this.journal.length > JOURNAL_MAX) this.journal.splice(0, this.journal.length - JOURNAL_MAX);
  }

  /** The view the current step's goals read. */
  view(session: SessionLike): LessonView {
    this.syncJournal(session);
    return buildView(session, { stepStart: this.stepStart, lessonStart: this.lessonStart, events: this.journal, earlierActions: this.earlierActions });
  }

  private memo(goal: Goal): Memo {
    let m = this.memos.get(goal.id);
    if (!m) { m = {}; this.memos.set(goal.id, m); }
    return m;
  }

  /**
   * Checks the current step's goals. A rewind to before the step began restarts the step from
   * there. When every goal holds, the step is marked complete (and stays so).
   */
  evaluate(session: SessionLike): StepStatus {
    if (session.sim.t < this.stepStart) this.startStep(this.stepIndex, session.sim.t);
    const view = this.view(session);
    const goals = this.step.goals.map((g) => {
      let r;
      try {
        r = g.check(view, this.memo(g));
      } catch (e) {
        r = { met: false, unmet: `This goal could not be checked: ${e instanceof Error ? e.message : String(e)}` };
      }
      if (r.met && g.latch) this.latched.add(g.id);
      const met = r.met || this.latched.has(g.id);
      return { id: g.id, label: g.label, met, unmet: met ? '' : r.unmet };
    });
    const complete = goals.every((g) => g.met);
    if (complete) this.completed.add(this.step.id);
    return { stepIndex: this.stepIndex, goals, complete };
  }

  /** The current step's invariants ("never fewer than 2 healthy tasks") that broke, with when. */
  brokenInvariants(): { goal: string; why: string; at: number }[] {
    const out: { goal: string; why: string; at: number }[] = [];
    for (const g of this.step.goals) {
      const m = this.memos.get(g.id);
      if (m && typeof m.broken === 'string' && typeof m.brokenAt === 'number') out.push({ goal: g.id, why: m.broken, at: m.brokenAt });
    }
    return out;
  }

  /** The reveal of the current step ("why"), if it has one: Markdown with the cluster's values escaped. */
  reveal(session: SessionLike): string | null {
    const f = this.step.reveal;
    if (!f) return null;
    try {
      return f(this.view(session)).text;
    } catch (e) {
      return md`(The explanation could not be read from the cluster: ${e instanceof Error ? e.message : String(e)})`.text;
    }
  }

  state(): RunState {
    return { stepIndex: this.stepIndex, lessonStart: this.lessonStart, stepStart: this.stepStart, completed: [...this.completed] };
  }
}

/** Renders a command's request for display (functions are resolved against the view, if given). */
export function describeCommand(c: Command, view?: LessonView): string {
  let req: Record<string, unknown> | null;
  if (typeof c.request === 'function') req = view ? c.request(view) : null;
  else req = c.request;
  return `${c.action} ${req ? JSON.stringify(req) : '(built from the cluster when it is sent)'}`;
}
