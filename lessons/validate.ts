/**
 * Static checks of a lesson's data: ids unique, every step gated on at least one goal and given a
 * hint and a solution, every question with a right answer and an explanation, every "§" citation
 * naming a section of the behaviour reference, and the withheld mechanic naming a real goal.
 */
import type { Lesson } from './types';
import { ACTIONS } from '../src/sim/commands';
import { SECTIONS, citations } from './sections';

/** All the Markdown of a lesson, with where each piece lives. */
export function lessonTexts(lesson: Lesson): { where: string; text: string }[] {
  const out = [{ where: 'intro', text: lesson.intro }, { where: 'outro', text: lesson.outro }];
  for (const s of lesson.steps) {
    out.push({ where: `${s.id}.body`, text: s.body });
    s.hints.forEach((h, i) => out.push({ where: `${s.id}.hints[${i}]`, text: h }));
    for (const g of s.goals) out.push({ where: `${s.id}.${g.id}.label`, text: g.label });
    for (const q of s.questions ?? []) {
      out.push({ where: `${s.id}.${q.id}.prompt`, text: q.prompt }, { where: `${s.id}.${q.id}.explanation`, text: q.explanation });
      for (const c of q.choices) out.push({ where: `${s.id}.${q.id}.${c.id}`, text: c.text });
    }
  }
  return out;
}

export function validateLesson(lesson: Lesson): string[] {
  const problems: string[] = [];
  const p = (m: string) => problems.push(m);
  if (!/^[a-z0-9-]+$/.test(lesson.id)) p(`id ${lesson.id} is not URL-safe`);
  if (!lesson.steps.length) p('has no steps');
  const stepIds = new Set<string>();
  const questionIds = new Set<string>();
  for (const s of lesson.steps) {
    if (stepIds.has(s.id)) p(`step id ${s.id} is used twice`);
    stepIds.add(s.id);
    if (!s.goals.length) p(`step ${s.id} has no goals`);
    if (!s.hints.length) p(`step ${s.id} has no hints`);
    if (!s.passive && !s.solution.length) p(`step ${s.id} has no reference solution`);
    const goalIds = new Set<string>();
    for (const g of s.goals) {
      if (goalIds.has(g.id)) p(`step ${s.id}: goal id ${g.id} is used twice`);
      goalIds.add(g.id);
      if (!g.label.trim()) p(`step ${s.id}: goal ${g.id} has no label`);
    }
    for (const c of s.solution) {
      if (!Object.prototype.hasOwnProperty.call(ACTIONS, c.action)) p(`step ${s.id}: the solution sends ${c.action}, which the engine does not model`);
      if (!c.note.trim()) p(`step ${s.id}: a ${c.action} command has no note`);
    }
    for (const q of s.questions ?? []) {
      if (questionIds.has(q.id)) p(`question id ${q.id} is used twice`);
      questionIds.add(q.id);
      const right = q.choices.filter((c) => c.correct).length;
      if (right !== 1) p(`question ${q.id} has ${right} right answers; it needs exactly 1`);
      if (q.choices.length < 2) p(`question ${q.id} has fewer than 2 choices`);
      if (new Set(q.choices.map((c) => c.id)).size !== q.choices.length) p(`question ${q.id} repeats a choice id`);
      if (!q.explanation.trim()) p(`question ${q.id} has no explanation`);
    }
  }
  const w = lesson.withheld;
  const ws = lesson.steps.find((s) => s.id === w.step);
  if (!ws) p(`withheld names step ${w.step}, which does not exist`);
  else if (!ws.goals.some((g) => g.id === w.goal)) p(`withheld names goal ${w.goal}, which step ${w.step} does not have`);
  if (!w.scenario && !w.solution) p('withheld changes neither the scenario nor the solution');
  let cited = 0;
  for (const { where, text } of lessonTexts(lesson)) {
    for (const c of citations(text)) {
      cited++;
      if (!SECTIONS[c]) p(`${where} cites §${c}, which the reference does not have`);
    }
  }
  if (!cited) p('cites no section of the reference');
  return problems;
}
