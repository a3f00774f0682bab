/**
 * DOM pieces of the lesson player: the lesson list, a question, the goal list, the "Show me"
 * log. Every text that comes from a lesson goes through the Markdown renderer (sanitized); every
 * text that comes from the engine (goal sentences, API errors) is set as plain text.
 */
import type { Lesson, Question } from '../../../lessons/types';
import type { Dispatch, GoalStatus } from '../../../lessons/runtime';
import { describeCommand } from '../../../lessons/runtime';
import { setMarkdown } from './markdown';
import { lessonCounts, type ProgressDoc } from './progress';
import { learnerSeed, shuffled } from './shuffle';

/** `document.createElement` with a class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function button(text: string, cls: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', cls, text);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

export function md(tag: 'div' | 'span' | 'p', md: string, cls = 'md', inline = false): HTMLElement {
  const e = el(tag, cls);
  setMarkdown(e, md, inline);
  return e;
}

/** The course: one entry per lesson with its progress. */
export function lessonList(lessons: readonly Lesson[], doc: ProgressDoc, open: (id: string, restart: boolean) => void): HTMLElement {
  const list = el('ol', 'lesson-list');
  for (const l of lessons) {
    const c = lessonCounts(doc, l);
    const li = el('li', 'lesson-item');
    li.dataset.lesson = l.id;
    li.dataset.state = c.finished ? 'finished' : c.started ? 'started' : 'new';
    const head = el('div', 'lesson-item-head');
    const title = el('h3', 'lesson-item-title', `${l.number}. ${l.title}`);
    const status = el('span', 'lesson-item-status', c.finished ? '✓ Finished' : c.started ? `${c.done} of ${c.total} steps` : `${c.total} steps · about ${l.minutes} min`);
    head.append(title, status);
    li.append(head, el('p', 'lesson-item-summary', l.summary));
    const actions = el('div', 'lesson-item-actions');
    const main = button(c.finished ? 'Review' : c.started ? 'Continue' : 'Start', 'primary', () => open(l.id, false));
    main.setAttribute('aria-label', `${main.textContent} lesson ${l.number}: ${l.title}`);
    actions.append(main);
    if (c.started) {
      const again = button('Restart', '', () => open(l.id, true));
      again.setAttribute('aria-label', `Restart lesson ${l.number}: ${l.title}`);
      actions.append(again);
    }
    li.append(actions);
    list.append(li);
  }
  return list;
}

/**
 * A multiple-choice question. Once answered it shows whether the choice was right and the
 * explanation; the answer can be changed.
 */
export function questionView(q: Question, answered: string | undefined, onAnswer: (choice: string) => void): HTMLElement {
  const fs = el('fieldset', `question question-${q.kind}`);
  fs.dataset.question = q.id;
  const legend = el('legend');
  legend.append(el('span', 'question-kind', q.kind === 'predict' ? 'Predict' : 'Check'), md('span', q.prompt, 'md question-prompt', true));
  fs.append(legend);
  const name = `q-${q.id}`;
  const feedback = el('div', 'question-feedback');
  feedback.setAttribute('aria-live', 'polite');
  const show = (choice: string | undefined) => {
    feedback.replaceChildren();
    fs.dataset.answered = choice ? 'true' : 'false';
    if (!choice) return;
    const right = q.choices.find((c) => c.id === choice)?.correct === true;
    fs.dataset.correct = String(right);
    const verdict = el('p', `verdict ${right ? 'right' : 'wrong'}`, right ? '✓ Right.' : q.kind === 'predict' ? '✗ Not quite: run it and see.' : '✗ Not quite.');
    feedback.append(verdict, explanationFor(q, right));
  };
  for (const c of shuffled(q.choices, learnerSeed(), q.id)) {
    const id = `${name}-${c.id}`;
    const row = el('div', 'choice');
    const input = el('input');
    input.type = 'radio';
    input.name = name;
    input.id = id;
    input.value = c.id;
    input.checked = answered === c.id;
    input.addEventListener('change', () => { if (input.checked) { onAnswer(c.id); show(c.id); } });
    const label = el('label');
    label.htmlFor = id;
    label.append(md('span', c.text, 'md', true));
    row.append(input, label);
    fs.append(row);
  }
  fs.append(feedback);
  show(answered);
  return fs;
}

/**
 * The explanation of an answer. After a wrong prediction it waits, folded, under an invitation to
 * watch the cluster first: seeing it happen teaches more than reading why.
 */
function explanationFor(q: Question, right: boolean): HTMLElement {
  const text = md('div', q.explanation, 'md explanation');
  if (right || q.kind !== 'predict') return text;
  const folded = el('details', 'explanation-later');
  folded.append(el('summary', '', 'Watch it happen on the cluster first, then open the explanation'), text);
  return folded;
}

/** The goal list, updated in place (only what changed is touched). */
export class GoalList {
  readonly element: HTMLElement;
  private items = new Map<string, { li: HTMLElement; unmet: HTMLElement; mark: HTMLElement; state: string }>();

  constructor(goals: { id: string; label: string }[]) {
    this.element = el('ul', 'goal-list');
    for (const g of goals) {
      const li = el('li', 'goal');
      li.dataset.goal = g.id;
      li.dataset.met = 'false';
      const mark = el('span', 'goal-mark', '✗');
      mark.setAttribute('aria-hidden', 'true');
      const body = el('div', 'goal-body');
      const sr = el('span', 'visually-hidden goal-state', 'Not met: ');
      const unmet = el('p', 'goal-unmet');
      body.append(sr, md('span', g.label, 'md goal-label', true), unmet);
      li.append(mark, body);
      this.element.append(li);
      this.items.set(g.id, { li, unmet, mark, state: '' });
    }
  }

  update(goals: GoalStatus[]): void {
    for (const g of goals) {
      const item = this.items.get(g.id);
      if (!item) continue;
      const state = `${g.met}|${g.unmet}`;
      if (state === item.state) continue;
      item.state = state;
      item.li.dataset.met = String(g.met);
      item.mark.textContent = g.met ? '✓' : '✗';
      (item.li.querySelector('.goal-state') as HTMLElement).textContent = g.met ? 'Met: ' : 'Not met: ';
      item.unmet.textContent = g.met ? '' : g.unmet;
    }
  }
}

/** The commands "Show me" sends, each with its status. */
export function showMeLog(queue: Dispatch[]): HTMLElement {
  const ol = el('ol', 'showme-log');
  for (const d of queue) {
    const li = el('li', 'showme-command');
    li.dataset.state = d.result === null ? 'waiting' : d.result.ok ? 'sent' : 'rejected';
    const status = d.result === null ? '… waiting' : d.result.ok ? '✓ sent' : '✗ rejected';
    li.append(el('span', 'showme-status', status), md('span', d.command.note, 'md showme-note', true));
    const code = el('code', 'showme-request', d.request ? `${d.command.action} ${JSON.stringify(d.request)}` : describeCommand(d.command));
    li.append(code);
    if (d.result && !d.result.ok) li.append(el('p', 'showme-error', d.result.error.message));
    ol.append(li);
  }
  return ol;
}

/** The step dots: done, current, to do. */
export function stepDots(lesson: Lesson, current: number, completed: ReadonlySet<string>): HTMLElement {
  const ol = el('ol', 'step-dots');
  ol.setAttribute('aria-label', 'Steps');
  lesson.steps.forEach((s, i) => {
    const li = el('li', 'step-dot');
    li.dataset.state = completed.has(s.id) ? 'done' : i === current ? 'current' : 'todo';
    li.title = `${i + 1}. ${s.title}${completed.has(s.id) ? ' (done)' : ''}`;
    li.append(el('span', 'visually-hidden', li.title));
    if (i === current) li.setAttribute('aria-current', 'step');
    ol.append(li);
  });
  return ol;
}
