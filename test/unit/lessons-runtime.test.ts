/**
 * The lesson runtime on a real session: goals, latching and watched invariants, "Show me" at its
 * offsets, rewinds, the read-only view, and the headless replay that `lessons:check` runs.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadCoreModule } from '../../src/core/load-node';
import type { Lesson } from '../../lessons/types';
import { LessonRun } from '../../lessons/runtime';
import { openLesson, replay, checkLesson } from '../../lessons/replay';
import { always, goal, result, serviceRuns } from '../../lessons/goals';
import { buildingBlocks } from '../../lessons/01-building-blocks';

const module = await loadCoreModule();

function lessonWith(steps: Lesson['steps']): Lesson {
  return { ...buildingBlocks, id: 'test-lesson', steps, withheld: { mechanic: 'nothing', solution: (_s, c) => c, step: steps[0]!.id, goal: steps[0]!.goals[0]!.id } };
}

function open(lesson: Lesson) {
  const o = openLesson(lesson, module);
  if (!o.ok) throw new Error(o.error);
  return o.session;
}

const SERVICE = { serviceName: 'web', taskDefinition: 'web:1', desiredCount: 3, launchType: 'EC2' };

describe('LessonRun', () => {
  it('completes a step only when every goal holds, and keeps it complete after a rewind', () => {
    const lesson = lessonWith([{ id: 'svc', title: 'svc', body: '', hints: ['h'], goals: [serviceRuns('web', 3)], solution: [{ action: 'CreateService', request: SERVICE, note: 'n' }] }]);
    const session = open(lesson);
    session.seek(10);
    const run = new LessonRun(lesson, { stepStart: 10 });
    expect(run.evaluate(session).goals[0]).toEqual({ id: 'web-runs-3', label: 'web runs 3 healthy tasks', met: false, unmet: 'There is no service named web yet.' });
    run.showMe(session.t);
    run.pump(session, (a, r) => session.act(a, r));
    for (let i = 0; i < 20; i++) session.step();
    expect(run.evaluate(session).goals[0]!.unmet).toMatch(/^web runs [0-2] of 3 healthy tasks\.$/);
    expect(run.completed.size).toBe(0);
    for (let i = 0; i < 60 && !run.evaluate(session).complete; i++) session.step();
    expect(run.completed.has('svc')).toBe(true);
    session.seek(5);
    const after = run.evaluate(session);
    expect(after.complete).toBe(false);
    expect(run.stepStart).toBe(5);
    expect(run.completed.has('svc')).toBe(true);
  });

  it('latches goals about events and keeps watched invariants broken until the step restarts', () => {
    let flag = true;
    const latched = goal('once', 'once', () => result(flag, 'not yet'), true);
    const watched = always('never', 'never', () => ({ ok: flag, why: 'it broke' }));
    const lesson = lessonWith([{ id: 's', title: 's', body: '', hints: ['h'], goals: [latched, watched], solution: [] }]);
    const session = open(lesson);
    const run = new LessonRun(lesson);
    expect(run.evaluate(session).complete).toBe(true);
    flag = false;
    const st = run.evaluate(session);
    expect(st.goals.map((g) => [g.id, g.met, g.unmet])).toEqual([['once', true, ''], ['never', false, 'it broke']]);
    flag = true;
    expect(run.evaluate(session).goals[1]!.met).toBe(false);
    run.startStep(0, session.t);
    expect(run.evaluate(session).goals[1]!.met).toBe(true);
  });

  it('sends "Show me" commands at their offsets, waits for requests that need the cluster, never twice', () => {
    const lesson = lessonWith([{ id: 's', title: 's', body: '', hints: ['h'], goals: [serviceRuns('web', 3)], solution: [
      { action: 'CreateService', request: SERVICE, note: 'create' },
      { at: 5, action: 'StopTask', request: (v) => { const t = v.tasksOf('web').find((x) => x.lastStatus === 'RUNNING'); return t ? { task: t.taskId } : null; }, note: 'stop' },
    ] }]);
    const session = open(lesson);
    const run = new LessonRun(lesson);
    run.showMe(session.t);
    const sent: string[] = [];
    const act = (a: string, r: Record<string, unknown>) => {
      sent.push(a);
      run.pump(session, act); // a publish inside act may call back: it must not send again
      return session.act(a, r);
    };
    run.pump(session, act);
    expect(sent).toEqual(['CreateService']);
    for (let i = 0; i < 6; i++) { session.step(); run.pump(session, act); }
    // Due, but no task is RUNNING yet: it waits.
    expect(sent).toEqual(['CreateService']);
    expect(run.playing).toBe(true);
    for (let i = 0; i < 30 && run.playing; i++) { session.step(); run.pump(session, act); }
    expect(sent).toEqual(['CreateService', 'StopTask']);
    expect(run.queue.every((d) => d.result?.ok)).toBe(true);
  });

  it('reports a goal that throws as unmet, without stopping the others', () => {
    const bad = goal('bad', 'bad', () => { throw new Error('boom'); });
    const lesson = lessonWith([{ id: 's', title: 's', body: '', hints: ['h'], goals: [bad, serviceRuns('web', 1)], solution: [] }]);
    const run = new LessonRun(lesson);
    const st = run.evaluate(open(lesson));
    expect(st.goals[0]).toMatchObject({ met: false, unmet: 'This goal could not be checked: boom' });
    expect(st.goals[1]!.unmet).toBe('There is no service named web yet.');
  });

  it('gives goals a view that cannot change the cluster', () => {
    const session = open(buildingBlocks);
    const run = new LessonRun(buildingBlocks);
    const v = run.view(session);
    const rng = session.sim.rng.state;
    const r = v.ask('CreateService', SERVICE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/goals may only ask queries/);
    expect(v.ask('DiscoverInstances', { NamespaceName: 'lab.local', ServiceName: 'nope' }).ok).toBe(false);
    expect(session.sim.services.size).toBe(0);
    expect(session.sim.rng.state).toBe(rng);
    expect(Object.isFrozen(v.taskDefinitions[0])).toBe(true);
  });

  it('keeps the events of the lesson across a rewind of the session', () => {
    const lesson = lessonWith([{ id: 's', title: 's', body: '', hints: ['h'], goals: [serviceRuns('web', 3)], solution: [{ action: 'CreateService', request: SERVICE, note: 'n' }] }]);
    const session = open(lesson);
    const run = new LessonRun(lesson);
    run.showMe(0);
    run.pump(session, (a, r) => session.act(a, r));
    for (let i = 0; i < 80; i++) { session.step(); run.evaluate(session); }
    const steady = (msgs: readonly { type: string; message?: string }[]) => msgs.filter((e) => e.type === 'ServiceEvent' && e.message === '(service web) has reached a steady state.').length;
    expect(steady(run.view(session).events)).toBe(1);
    session.seek(60);
    run.evaluate(session);
    expect(steady(run.view(session).events)).toBe(1);
  });
});

describe('replay', () => {
  it('wins lesson 1 with its reference solution, and loses it with the mechanic withheld', () => {
    const won = replay(buildingBlocks, module);
    expect(won.error).toBeNull();
    expect(won.steps.map((s) => [s.step, s.won])).toEqual(buildingBlocks.steps.map((s) => [s.id, true]));
    expect(won.steps.every((s) => s.rejected.length === 0)).toBe(true);
    const held = replay(buildingBlocks, module, { withheld: true });
    expect(held.won).toBe(false);
    const last = held.steps.at(-1)!;
    expect(last.step).toBe('service');
    expect(last.unmet.map((g) => g.unmet)).toContain("web's healthy tasks cover 1 Availability Zone of 3.");
  });

  it('does not award a step to a learner who does nothing', () => {
    const idle = replay(buildingBlocks, module, { idleStep: 1 });
    expect(idle.steps.map((s) => s.won)).toEqual([true, false]);
    expect(idle.steps[1]!.unmet[0]!.unmet).toBe('There is no service named web yet.');
  });

  it('checkLesson reports the whole verdict for a lesson', () => {
    const c = checkLesson(buildingBlocks, module);
    expect(c).toMatchObject({ id: 'building-blocks', winnable: true, loadBearing: true, idleChecked: 5, idleFailures: [], problems: [] });
  });
});

describe('npm run lessons:check', () => {
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'lessons/check.ts', ...args], { encoding: 'utf8' });

  it('prints a line per lesson and, last, the LessonsCheck summary', () => {
    const r = run(['--lesson', 'building-blocks']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ok {4}1 building-blocks: winnable \[run-task \d+s; .*load-bearing .*"web's healthy tasks cover 1 Availability Zone of 3\."\); 5\/5 steps need the learner$/);
    expect(JSON.parse(lines.at(-1)!)).toEqual({ type: 'LessonsCheck', lessons: 1, winnable: 1, loadBearing: 1, failed: 0 });
  });

  it('names the lessons when asked for one that does not exist', () => {
    const r = run(['--lesson', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^No lesson "nope"; lessons: building-blocks, ec2-vs-fargate, /);
    expect(r.stdout).toBe('');
  });
});
