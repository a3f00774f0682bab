/**
 * Dead ends: the learner's own action that puts a step's goals out of reach is named, on a real
 * session of the lesson's scenario.
 */
import { describe, expect, it } from 'vitest';
import { loadCoreModule } from '../../src/core/load-node';
import { LessonRun } from '../../lessons/runtime';
import { openLesson } from '../../lessons/replay';
import { findDeadEnd, deadEndText, servicesOfStep } from '../../lessons/dead-ends';
import { canaryLinear } from '../../lessons/07-canary-linear';
import { rollingUpdate } from '../../lessons/05-rolling-update';
import type { Lesson } from '../../lessons/types';

const module = await loadCoreModule();

function start(lesson: Lesson) {
  const o = openLesson(lesson, module);
  if (!o.ok) throw new Error(o.error);
  o.session.seek(lesson.startAt ?? 0);
  const run = new LessonRun(lesson, { lessonStart: o.session.t, stepStart: o.session.t });
  return { session: o.session, run };
}

const deadEnd = (run: LessonRun, session: Parameters<LessonRun['view']>[0]) => {
  run.evaluate(session);
  return findDeadEnd(run.step, run.view(session), run.brokenInvariants());
};

describe('findDeadEnd', () => {
  it('names a deployment started with another strategy than the step teaches', () => {
    const { session, run } = start(canaryLinear);
    expect(deadEnd(run, session)).toBeNull();
    expect(session.act('UpdateService', { service: 'web', taskDefinition: 'web:2' }).ok).toBe(true);
    for (let i = 0; i < 5; i++) session.step();
    const end = deadEnd(run, session)!;
    expect(end.action?.action).toBe('UpdateService');
    expect(deadEndText(end)).toMatch(/^Your UpdateService deployed web:2 to web with the \w+ strategy; this step needs a LINEAR deployment\. It followed your UpdateService at 00:0\d:\d\d\.$/);
  });

  it('says nothing for the strategy the step teaches', () => {
    const { session, run } = start(canaryLinear);
    session.act('UpdateService', { service: 'web', taskDefinition: 'web:2', deploymentConfiguration: { strategy: 'LINEAR', linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 3 } } });
    for (let i = 0; i < 5; i++) session.step();
    expect(deadEnd(run, session)).toBeNull();
  });

  it('names a deleted service the step works on', () => {
    const { session, run } = start(canaryLinear);
    expect(servicesOfStep(run.step)).toEqual(new Set(['web']));
    expect(session.act('DeleteService', { service: 'web', force: true }).ok).toBe(true);
    session.step();
    expect(deadEnd(run, session)?.why).toBe('You deleted service web, which this step works on: its goals cannot be met without it.');
  });

  it('names the action after which an invariant broke', () => {
    const { session, run } = start(rollingUpdate);
    session.act('UpdateService', { service: 'web', taskDefinition: 'web:2', deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 } });
    let end = null;
    for (let i = 0; i < 120 && !end; i++) { session.step(); end = deadEnd(run, session); }
    expect(end?.action?.action).toBe('UpdateService');
    expect(end?.why).toMatch(/can no longer be met in this step/);
  });
});
