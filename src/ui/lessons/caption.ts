/**
 * Presenter mode with a lesson open: the lesson stays a lesson. Under the full-width cluster a
 * large caption shows the current step's title, its goals (✓ / ✗) and the question the room is
 * asked, read from the player's own step view (what the learner column would show).
 */
import { el } from './views';

export class PresenterCaption {
  readonly element: HTMLElement;
  private key = '';

  constructor(private readonly player: HTMLElement) {
    this.element = el('section', 'presenter-caption');
    this.element.setAttribute('aria-label', 'Current lesson step');
    this.element.hidden = true;
  }

  /** Re-reads the step (cheap when nothing changed); shown only in presenter mode. */
  update(): void {
    const on = document.body.classList.contains('presenter');
    const step = this.player.querySelector('article.lesson-step');
    this.element.hidden = !on || !step;
    if (!on || !step) return;
    const lesson = this.player.querySelector('.lesson-title')?.textContent ?? '';
    const progress = this.player.querySelector('.lesson-progress')?.textContent ?? '';
    const title = step.querySelector('.step-title')?.textContent ?? '';
    const goals = [...step.querySelectorAll<HTMLElement>('.goal')].map((g) => ({
      met: g.dataset.met === 'true', text: g.querySelector('.goal-label')?.textContent ?? '',
    }));
    const open = [...step.querySelectorAll<HTMLElement>('fieldset.question')].find((q) => q.dataset.answered !== 'true');
    const question = open?.querySelector('.question-prompt')?.textContent ?? '';
    const done = !!step.querySelector('.step-done:not([hidden])');
    const key = JSON.stringify([lesson, progress, title, goals, question, done]);
    if (key === this.key) return;
    this.key = key;
    const list = el('ul', 'caption-goals');
    for (const g of goals) {
      const li = el('li', g.met ? 'met' : 'unmet');
      li.append(el('span', 'caption-mark', g.met ? '✓' : '✗'), ` ${g.text}`);
      list.append(li);
    }
    this.element.replaceChildren(el('p', 'caption-where', `${lesson} · ${progress.replace(/:.*$/, '')}`), el('h2', 'caption-title', title), list);
    if (question) this.element.append(el('p', 'caption-question', `Question: ${question}`));
    if (done) this.element.append(el('p', 'caption-done', '✓ Step complete'));
  }
}
