/**
 * Dead ends: a learner's own action that leaves a step's goals out of reach (a service the step
 * needs deleted, a deployment started with another strategy than the one the step teaches, an
 * invariant such as "never fewer than 2 healthy tasks" broken). The player names the action and
 * offers to go back to the start of the step, instead of leaving a goal that can never turn ✓.
 *
 * @example
 * const end = findDeadEnd(run.step, view, run.brokenInvariants());
 * if (end) show(`${end.why} (${end.action?.action} at ${clock(end.action.at)})`);
 */
import type { Step } from './types';
import type { LessonView, RecordedCall } from './view';
import { clock } from './goals';

export interface DeadEnd {
  /** The learner's action that caused it (the latest one before it happened), or null. */
  action: RecordedCall | null;
  /** One sentence: what happened and why the step cannot be finished from here. */
  why: string;
}

const str = (x: unknown): string | null => (typeof x === 'string' && x ? x : null);

/** The ECS services a step's reference solution acts on. */
export function servicesOfStep(step: Step): Set<string> {
  const out = new Set<string>();
  for (const c of step.solution) {
    if (typeof c.request === 'function') continue;
    const r = c.request;
    for (const name of [r.service, r.serviceName, r.fromService]) if (str(name)) out.add(name as string);
  }
  return out;
}

/** The strategy each service's deployment must use in this step, where the solution names one. */
function strategiesOfStep(step: Step): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of step.solution) {
    if (typeof c.request === 'function' || c.action !== 'UpdateService') continue;
    const dc = c.request.deploymentConfiguration as { strategy?: string } | undefined;
    const svc = str(c.request.service);
    if (svc && dc?.strategy) out.set(svc, dc.strategy);
  }
  return out;
}

/** The learner's latest action at or before second `t`. */
function actionBefore(actions: readonly RecordedCall[], t: number): RecordedCall | null {
  let last: RecordedCall | null = null;
  for (const a of actions) if (a.at <= t) last = a;
  return last;
}

export function findDeadEnd(step: Step, view: LessonView, broken: readonly { goal: string; why: string; at: number }[]): DeadEnd | null {
  const needed = servicesOfStep(step);
  for (const a of view.stepActions) {
    const svc = str(a.request.service);
    if (a.action === 'DeleteService' && svc && needed.has(svc)) {
      return { action: a, why: `You deleted service ${svc}, which this step works on: its goals cannot be met without it.` };
    }
  }
  const wanted = strategiesOfStep(step);
  for (const a of view.stepActions) {
    const svc = str(a.request.service);
    if (a.action !== 'UpdateService' || !svc || !wanted.has(svc) || !str(a.request.taskDefinition)) continue;
    const sent = (a.request.deploymentConfiguration as { strategy?: string } | undefined)?.strategy;
    const used = sent ?? view.services.get(svc)?.strategy ?? 'ROLLING';
    if (used !== wanted.get(svc)) {
      return { action: a, why: `Your UpdateService deployed ${String(a.request.taskDefinition)} to ${svc} with the ${used} strategy; this step needs a ${wanted.get(svc)} deployment.` };
    }
  }
  const first = broken[0];
  if (first) {
    const label = step.goals.find((g) => g.id === first.goal)?.label ?? first.goal;
    return { action: actionBefore(view.stepActions, first.at), why: `“${label.replace(/\*\*/g, '')}” can no longer be met in this step: ${first.why}` };
  }
  return null;
}

/** The dead end as the learner reads it, naming the action and its second. */
export function deadEndText(end: DeadEnd): string {
  const who = end.action ? ` It followed your ${end.action.action} at ${clock(end.action.at)}.` : '';
  return `${end.why}${who}`;
}
