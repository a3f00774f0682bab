/**
 * The side panel's tabs (WAI-ARIA tabs pattern): click or arrow keys to move, Home/End for the
 * ends; the selected tab is the only one in the tab order. State lives in the ui store, so a
 * selection in the canvas or a table can open the inspector.
 */
import type { PanelTab, UiStore } from '../state/stores';

export const TABS: PanelTab[] = ['cluster', 'console', 'inspect', 'charts'];

export function bindTabs(ui: UiStore, onShow: (tab: PanelTab) => void): void {
  const buttons = TABS.map((t) => document.getElementById(`tab-${t}`) as HTMLButtonElement);
  const panels = TABS.map((t) => document.getElementById(`tabpanel-${t}`)!);
  const render = () => {
    const current = ui.getState().tab;
    TABS.forEach((t, i) => {
      const on = t === current;
      buttons[i]!.setAttribute('aria-selected', String(on));
      buttons[i]!.tabIndex = on ? 0 : -1;
      panels[i]!.hidden = !on;
    });
    onShow(current);
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => ui.getState().setTab(TABS[i]!));
    b.addEventListener('keydown', (e) => {
      const n = TABS.length;
      const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i + n - 1) % n
        : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
      if (to < 0) return;
      e.preventDefault();
      ui.getState().setTab(TABS[to]!);
      buttons[to]!.focus();
    });
  });
  let last = ui.getState().tab;
  ui.subscribe((s) => { if (s.tab !== last) { last = s.tab; render(); } });
  render();
}
