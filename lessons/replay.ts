/**
 * Replaying a lesson headless: the reference solution of every step, through a Session (the same
 * object the page runs) and a LessonRun (the same logic the player uses). Used by
 * `npm run lessons:check` and the unit tests.
 *
 * - `replay(lesson)`: plays each step's solution and steps simulated time until the step's goals
 *   hold or its time limit passes.
 * - with `withheld: true`: the lesson's mechanic is withheld (scenario patch, solution transform).
 * - with `idleStep: i`: steps before i are played, step i gets no commands (it must not win).
 */
import { Session } from '../src/app/session';
import { parseScenarioObject } from '../src/sim/scenario/parse';
import type { Command, Lesson, Step } from './types';
import { LessonRun, type GoalStatus } from './runtime';

/** Simulated seconds a step may take when it names no limit. */
export const DEFAULT_STEP_LIMIT = 900;

export interface StepOutcome {
  step: string;
  won: boolean;
  /** Simulated seconds from the step's start to its goals holding (or to the limit). */
  seconds: number;
  /** The goals still unmet when the step gave up. */
  unmet: GoalStatus[];
  /** Commands the API rejected (a reference solution must not send bad requests). */
  rejected: string[];
  /** The step's reveal text, read once it was won. */
  reveal: string | null;
}

export interface ReplayResult {
  won: boolean;
  steps: StepOutcome[];
  /** Why the replay could not start (a scenario the engine rejects). */
  error: string | null;
  /** Simulated seconds at the end. */
  t: number;
}

export interface ReplayOptions {
  withheld?: boolean;
  idleStep?: number;
}

/** Opens a lesson's scenario (optionally patched) as a Session. */
export function openLesson(lesson: Lesson, module: WebAssembly.Module, patch?: (doc: Record<string, unknown>) => Record<string, unknown>):
  { ok: true; session: Session } | { ok: false; error: string } {
  const doc = patch ? patch(structuredClone(lesson.scenario)) : structuredClone(lesson.scenario);
  const parsed = parseScenarioObject(doc);
  if (!parsed.ok) return { ok: false, error: parsed.error.message };
  const r = Session.open(parsed.scenario, doc, module);
  return r.ok ? { ok: true, session: r.session } : { ok: false, error: r.error.message };
}

export function replay(lesson: Lesson, module: WebAssembly.Module, opts: ReplayOptions = {}): ReplayResult {
  const w = opts.withheld ? lesson.withheld : null;
  const opened = openLesson(lesson, module, w?.scenario);
  if (!opened.ok) return { won: false, steps: [], error: opened.error, t: 0 };
  const session = opened.session;
  session.seek(lesson.startAt ?? 0);
  const run = new LessonRun(lesson, { lessonStart: session.t });
  const steps: StepOutcome[] = [];
  const transform: ((s: Step, c: Command[]) => Command[]) | undefined = w?.solution;
  for (let i = 0; i < lesson.steps.length; i++) {
    const step = lesson.steps[i]!;
    run.startStep(i, session.t);
    if (opts.idleStep !== i) run.showMe(session.t, transform);
    const limit = step.timeLimit ?? DEFAULT_STEP_LIMIT;
    const rejected: string[] = [];
    let status = run.evaluate(session);
    for (;;) {
      for (const d of run.pump(session, (a, r) => session.act(a, r))) {
        if (d.result && !d.result.ok) rejected.push(`${d.command.action}: ${d.result.error.message}`);
      }
      status = run.evaluate(session);
      if (status.complete || session.t - run.stepStart >= limit) break;
      session.step();
    }
    const won = status.complete;
    steps.push({ step: step.id, won, seconds: session.t - run.stepStart, unmet: status.goals.filter((g) => !g.met), rejected,
      reveal: won ? run.reveal(session) : null });
    if (!won) return { won: false, steps, error: null, t: session.t };
  }
  return { won: true, steps, error: null, t: session.t };
}

export interface LessonCheck {
  id: string;
  winnable: boolean;
  loadBearing: boolean;
  /** Steps that a learner doing nothing would not win (passive steps excluded). */
  idleChecked: number;
  idleFailures: string[];
  problems: string[];
  win: ReplayResult;
  withheld: ReplayResult;
}

/** Everything `lessons:check` asks of one lesson. */
export function checkLesson(lesson: Lesson, module: WebAssembly.Module): LessonCheck {
  const problems: string[] = [];
  const win = replay(lesson, module);
  if (win.error) problems.push(`the scenario does not start: ${win.error}`);
  for (const s of win.steps) for (const r of s.rejected) problems.push(`step ${s.step}: the reference solution sent a rejected request (${r})`);
  const withheld = replay(lesson, module, { withheld: true });
  const w = lesson.withheld;
  const last = withheld.steps[withheld.steps.length - 1];
  const loadBearing = !withheld.won && !withheld.error && last?.step === w.step && last.unmet.some((g) => g.id === w.goal);
  if (!loadBearing) {
    problems.push(withheld.won
      ? `with ${w.mechanic} withheld the lesson is still won`
      : withheld.error ? `with ${w.mechanic} withheld the scenario does not start: ${withheld.error}`
        : `with ${w.mechanic} withheld the lesson fails at step ${last?.step ?? '?'} (${last?.unmet.map((g) => g.id).join(', ')}), not at ${w.step} / ${w.goal}`);
  }
  let idleChecked = 0;
  const idleFailures: string[] = [];
  if (win.won) {
    lesson.steps.forEach((s, i) => {
      if (s.passive) return;
      idleChecked++;
      const idle = replay(lesson, module, { idleStep: i });
      const at = idle.steps[i];
      if (!at || at.won) idleFailures.push(s.id);
    });
    for (const s of idleFailures) problems.push(`step ${s} is won without doing anything (mark it passive, or give it a goal that needs the learner)`);
  }
  return { id: lesson.id, winnable: win.won, loadBearing, idleChecked, idleFailures, problems, win, withheld };
}
