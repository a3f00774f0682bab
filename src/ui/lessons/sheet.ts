/**
 * The lesson as a bottom sheet on a phone: a bar at the top of the lesson column folds the sheet
 * down to that bar (to see the whole cluster) and opens it again. Wider layouts hide the bar (CSS).
 */
export function addSheetToggle(column: HTMLElement): HTMLButtonElement {
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'sheet-toggle';
  const set = (open: boolean) => {
    column.classList.toggle('collapsed', !open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Lesson ▾ (fold down to see the cluster)' : 'Lesson ▴ (open)';
  };
  toggle.addEventListener('click', () => set(column.classList.contains('collapsed')));
  set(true);
  column.prepend(toggle);
  return toggle;
}
