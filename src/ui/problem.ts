/**
 * The "this cannot be opened" view for a scenario or link that fails: the title, the message, and
 * the field, the value and what is accepted. The page behind it keeps working.
 */
import type { Problem, UiStore } from '../state/stores';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

export function bindProblem(ui: UiStore, openDefault: () => void): void {
  const host = document.getElementById('problem')!;
  host.setAttribute('role', 'alert');
  host.setAttribute('aria-labelledby', 'problem-title');
  let last: Problem | null = null;
  const render = (p: Problem | null) => {
    if (p === last) return;
    last = p;
    host.hidden = !p;
    if (!p) { host.replaceChildren(); return; }
    const box = el('div', undefined, 'problem-box');
    const h = el('h2', p.title);
    h.id = 'problem-title';
    box.append(h, el('p', p.message, 'problem-message'));
    if (p.field !== undefined) {
      const dl = el('dl', undefined, 'problem-fields');
      for (const [k, v] of [['Field', p.field], ['Value', p.value], ['Accepted', p.accepted]] as const) {
        if (v === undefined) continue;
        const row = el('div');
        row.append(el('dt', k), el('dd', v));
        dl.append(row);
      }
      box.append(dl);
    }
    const actions = el('div', undefined, 'inline-row');
    const open = el('button', 'Open the default scenario', 'primary');
    open.type = 'button';
    open.addEventListener('click', () => { ui.getState().setProblem(null); openDefault(); });
    const dismiss = el('button', 'Dismiss');
    dismiss.type = 'button';
    dismiss.addEventListener('click', () => ui.getState().setProblem(null));
    actions.append(open, dismiss);
    box.append(actions);
    host.replaceChildren(box);
    open.focus();
  };
  ui.subscribe((s) => render(s.problem));
  render(ui.getState().problem);
}
