/**
 * The player's "dead end" box: which of the learner's actions put the step's goals out of reach,
 * and a button back to the start of the step (the cluster as it was then, the actions before it
 * replayed).
 */
import type { DeadEnd } from '../../../lessons/dead-ends';
import { deadEndText } from '../../../lessons/dead-ends';
import { button, el } from './views';

export class DeadEndBox {
  readonly element: HTMLElement;
  private text: HTMLElement;
  private shown = '';

  constructor(back: () => void) {
    this.element = el('div', 'dead-end');
    this.element.setAttribute('role', 'alert');
    this.element.hidden = true;
    this.text = el('p', 'dead-end-text');
    this.element.append(el('p', 'dead-end-title', 'This step cannot be finished from here'), this.text,
      button('Back to the start of this step', 'primary', back));
  }

  update(end: DeadEnd | null): void {
    const text = end ? deadEndText(end) : '';
    if (text === this.shown) return;
    this.shown = text;
    this.text.textContent = text;
    const appearing = this.element.hidden && !!end;
    this.element.hidden = !end;
    // The lesson column may be scrolled to the narration: bring the news into view once.
    if (appearing) this.element.scrollIntoView?.({ block: 'nearest' });
  }
}
