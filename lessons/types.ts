/**
 * The lesson format. A lesson is data: Markdown prose, a starting scenario, steps whose goals are
 * named predicates over a read-only view of the running cluster, hints, a reference solution (a
 * list of API commands), questions, and a declaration of how to withhold the mechanic it teaches.
 *
 * `npm run lessons:check` replays every lesson's reference solution headlessly (it must win) and
 * replays it again with the mechanic withheld (the named goal must stay unmet).
 *
 * @example
 * const goal: Goal = {
 *   id: 'web-on-2', label: 'web runs 4 healthy tasks on web:2',
 *   check: (v) => {
 *     const n = v.tasksOf('web').filter((t) => t.revision === 2 && t.healthy).length;
 *     return { met: n >= 4, unmet: `web runs ${n} of 4 healthy tasks on revision 2.` };
 *   },
 * };
 */
import type { LessonView } from './view';
import type { SafeMarkdown } from '../src/text/markdown-safe';

export type { LessonView } from './view';

/** Markdown text. Cite the reference as "(§3.1)"; say "modelled" for a behaviour AWS does not publish. */
export type Markdown = string;

/** What a goal says about the cluster now. `unmet` is one sentence naming what is still missing. */
export interface GoalResult {
  met: boolean;
  /** When unmet: what is still missing, in one sentence ("web runs 3 of 4 tasks on revision 2."). */
  unmet: string;
}

/**
 * Per-goal scratch space for the current step (reset when the step starts). Goals that watch an
 * invariant over time ("never fewer than 2 healthy tasks") keep their running figures here.
 */
export type Memo = Record<string, unknown>;

export interface Goal {
  /** Stable id, unique in its step (progress and the checker refer to it). */
  id: string;
  /** The goal as the learner reads it ("web runs 4 healthy tasks on web:2"). */
  label: Markdown;
  /** Reads the view (never writes) and says whether the goal holds now. */
  check(view: LessonView, memo: Memo): GoalResult;
  /** Once met during the step it stays met (for goals about something that happened). */
  latch?: boolean;
}

/** A request, or a function that builds it from the cluster as it is (e.g. "a RUNNING web task"). */
export type RequestOf = Record<string, unknown> | ((view: LessonView) => Record<string, unknown> | null);

/** One API call of a reference solution. */
export interface Command {
  /** Seconds after the step starts (or after "Show me" is pressed). Default 0. */
  at?: number;
  /** The API action, by its real name (`UpdateService`, `StopTask`, ...). */
  action: string;
  request: RequestOf;
  /** What the call does, for the learner ("Stop one of web's tasks"). */
  note: string;
}

export interface Choice {
  id: string;
  text: Markdown;
  correct?: boolean;
}

/**
 * A multiple-choice question. `predict` questions are asked before the learner acts and are
 * answered by running it; `quiz` questions check understanding. Explanations cite the reference.
 */
export interface Question {
  id: string;
  kind: 'predict' | 'quiz';
  prompt: Markdown;
  choices: Choice[];
  explanation: Markdown;
}

export interface Step {
  id: string;
  title: string;
  /** The narration: what to do and why. */
  body: Markdown;
  goals: Goal[];
  /** Revealed one at a time. */
  hints: Markdown[];
  /** The reference solution: what "Show me" plays and what the checker replays. */
  solution: Command[];
  questions?: Question[];
  /**
   * Shown once the step is complete: why it came out the way it did, read from the cluster. Built
   * with the `md` template (src/text/markdown-safe.ts): names and messages from the cluster are
   * escaped, so they read as text whatever they contain.
   */
  reveal?(view: LessonView): SafeMarkdown;
  /** Simulated seconds the checker allows for the goals after the step starts (default 900). */
  timeLimit?: number;
  /** The step completes by watching; doing nothing is a valid answer. */
  passive?: boolean;
}

/**
 * How to withhold the lesson's mechanic. The checker applies the scenario patch and the solution
 * transform, replays, and requires `goal` of `step` to stay unmet (the lesson is load-bearing).
 */
export interface Withheld {
  /** What is withheld, in a sentence ("maximumPercent 100 and minimumHealthyPercent 100"). */
  mechanic: string;
  /** Changes the starting scenario (receives a deep copy). */
  scenario?(doc: Record<string, unknown>): Record<string, unknown>;
  /** Changes a step's reference commands. */
  solution?(step: Step, commands: Command[]): Command[];
  /** The step and goal that must then stay unmet. */
  step: string;
  goal: string;
}

export interface Lesson {
  /** URL-safe id (`rolling-update`). */
  id: string;
  /** Position in the course, from 1. */
  number: number;
  title: string;
  /** One sentence for the lesson list. */
  summary: string;
  /** Estimated minutes. */
  minutes: number;
  /** The starting scenario (a scenario document, contract v1). */
  scenario: Record<string, unknown>;
  /**
   * The second of the scenario at which the lesson begins (default 0): the scenario's own setup
   * actions and first tasks have settled by then. The player opens the scenario at this second.
   */
  startAt?: number;
  intro: Markdown;
  steps: Step[];
  /** Shown when the last step is complete. */
  outro: Markdown;
  withheld: Withheld;
}
