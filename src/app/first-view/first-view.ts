/**
 * The first view: the parts of the page that draw (the canvas, the status line, the cluster tab)
 * and the settings they read, without the engine. A fresh page opens the default scenario, whose
 * first frame the build computed with the engine itself (./prerender.ts, `virtual:first-frame`):
 * the cluster is drawn from it at once, and the engine, the wasm core and the controls
 * (src/app/boot.ts) load after it is on the screen, then publish that same frame (t = 0) and
 * start the clock. A page opened on a share link has no prerendered frame: it is drawn once the
 * engine has opened the link's scenario.
 */
import firstFrameText from 'virtual:first-frame';
import { ClusterScene } from '../../render/scene';
import { Panel } from '../../ui/panel';
import { createUiStore, type UiStore } from '../../state/stores';
import { loadSettings, resolveTheme } from '../../ui/theme';
import type { LoadedSettings } from '../../ui/settings';
import { decodeFirstFrame } from './codec';
import { opensDefault } from './opens-default';
import { openedNotice } from '../notices';

export interface FirstView {
  settings: LoadedSettings;
  ui: UiStore;
  scene: ClusterScene;
  panel: Panel;
  /** Whether the cluster is on the screen already (the default scenario's prerendered frame). */
  drawn: boolean;
}

/** Resolves after the next animation frame (or after 250 ms in a hidden tab, which has none). */
export function nextFrame(): Promise<void> {
  return new Promise<void>((resolve) => { requestAnimationFrame(() => resolve()); setTimeout(resolve, 250); });
}

/** Marks the first drawn cluster (`data-drawn`, and the `ecs-lab:drawn` mark npm run bench:load reads). */
export function markDrawn(): void {
  if (document.body.dataset.drawn === 'true') return;
  document.body.dataset.drawn = 'true';
  performance.mark('ecs-lab:drawn');
}

export async function showFirstView(): Promise<FirstView> {
  const settings = loadSettings();
  const ui = createUiStore(settings.settings.theme);
  const scene = await ClusterScene.create({ host: document.getElementById('canvas-host')!, theme: resolveTheme(ui.getState().theme) });
  document.body.dataset.renderer = scene.rendererName;
  const panel = new Panel((s) => ui.getState().select(s));
  if (!opensDefault(location.hash)) return { settings, ui, scene, panel, drawn: false };
  const first = decodeFirstFrame(firstFrameText);
  scene.draw(first.snapshot, 0);
  panel.update(first.snapshot, first.recentEvents);
  document.getElementById('where')!.textContent = `${first.region} · ${first.clusterName}`;
  // The picker as the live page fills it (src/ui/toolbar.ts), so it does not flicker when it does.
  const select = document.getElementById('scenario-select') as HTMLSelectElement;
  if (!select.options.length) select.append(Object.assign(document.createElement('option'), { value: first.catalogId, textContent: first.scenarioName }));
  (document.getElementById('seed-input') as HTMLInputElement).value = String(first.seed);
  // What the live page says when it opens the scenario (src/app/boot.ts), so the page does not shift when it does.
  document.getElementById('notice')!.textContent = openedNotice(first.scenarioName);
  await nextFrame();
  markDrawn();
  return { settings, ui, scene, panel, drawn: true };
}
