/**
 * Start-up and wiring: compile the wasm core, open the scenario (from a share link, or the
 * default), and connect the canvas, panels, console, inspector, charts, time line, compare,
 * presenter mode and keys to the App. Anything that goes wrong is shown on the page.
 */
import { loadCoreModule } from '../core/load-browser';
import { ClusterScene } from '../render/scene';
import type { Snapshot } from '../sim/snapshot';
import { showValue } from '../sim/scenario/parse';
import type { SetupError } from '../sim/systems';
import { createClockStore, createTimelineStore, createUiStore, createViewStore, type PanelTab, type Selection } from '../state/stores';
import { App } from './app';
import { Runner } from './runner';
import { CATALOG, DEFAULT_SCENARIO, catalogEntry } from './scenarios';
import { openScenarioObject, openScenarioText, type OpenedScenario } from './share/document';
import { decodeLink, linkPayload, type LinkLog } from './share/link';
import { bindKeys, keyActions } from './keys';
import { Panel, statusLine } from '../ui/panel';
import { bindControls } from '../ui/controls';
import { Inspector } from '../ui/inspector';
import { SandboxConsole } from '../ui/console/console';
import { Charts } from '../ui/charts';
import { CompareView } from '../ui/compare';
import { bindToolbar } from '../ui/toolbar';
import { bindProblem } from '../ui/problem';
import { bindPresenter } from '../ui/presenter';
import { bindTheme, resolveTheme, savedTheme } from '../ui/theme';
import { bindTabs } from '../ui/tabs';

const INSPECTABLE = new Set<string>(['task', 'instance', 'service', 'targetGroup']);

/** A click on the canvas selects what the inspector can describe; empty space clears. */
function wireSelection(scene: ClusterScene, side: 'A' | 'B', select: (s: Selection | null) => void): void {
  scene.onSelect = (sel) => {
    if (!sel) { select(null); return; }
    if (INSPECTABLE.has(sel.kind)) select({ kind: sel.kind as Selection['kind'], id: sel.id, side });
  };
}

/** Runs `f` at most every `ms` (the last call always lands). */
function throttle(ms: number, f: () => void): () => void {
  let last = 0;
  let timer = 0;
  return () => {
    const now = performance.now();
    clearTimeout(timer);
    if (now - last >= ms) { last = now; f(); } else timer = window.setTimeout(() => { last = performance.now(); f(); }, ms - (now - last));
  };
}

export async function startApp(): Promise<App> {
  const module = await loadCoreModule();
  const ui = createUiStore(savedTheme());
  const stores = { clock: createClockStore(), view: createViewStore(), timeline: createTimelineStore(), ui };
  const app = new App(module, stores);
  const themeOf = () => resolveTheme(ui.getState().theme);
  const scene = await ClusterScene.create({ host: document.getElementById('canvas-host')!, theme: themeOf() });
  document.body.dataset.renderer = scene.rendererName;
  let sceneB: ClusterScene | null = null;

  const select = (s: Selection | null) => ui.getState().select(s);
  const panel = new Panel((s) => select(s));
  const inspector = new Inspector(document.getElementById('tabpanel-inspect')!, () => select(null));
  const consoleView: SandboxConsole = new SandboxConsole(document.getElementById('tabpanel-console')!, {
    sim: () => app.session?.sim ?? null,
    act: (action, request) => app.act(action, request, app.compare ? consoleView.target : 'A'),
    knows: (action) => app.knows(action),
  });
  let charts: Charts | null = null;
  const compare = new CompareView(app);
  wireSelection(scene, 'A', select);

  // Tab-specific views refresh a few times a second at most.
  const refreshInspector = throttle(250, () => {
    const sel = ui.getState().selection;
    inspector.update(sel, sel?.side === 'B' ? app.compare : app.session);
  });
  const refreshCharts = throttle(250, () => { if (charts && app.session) charts.update(app.session.history, app.compare?.history ?? null); });
  const refreshConsole = throttle(500, () => { if (app.session) consoleView.refresh(app.session.actions); });
  const onTab = (tab: PanelTab) => {
    if (tab === 'charts') {
      charts ??= new Charts(document.getElementById('tabpanel-charts')!);
      charts.resize();
      if (app.session) charts.update(app.session.history, app.compare?.history ?? null, true);
    }
    if (tab === 'inspect') refreshInspector();
    if (tab === 'console') refreshConsole();
  };

  let generation = -1;
  app.onPublish = (a: Snapshot, b: Snapshot | null) => {
    const gen = stores.view.getState().generation;
    if (gen !== generation) { generation = gen; panel.reset(); }
    scene.draw(a, stores.view.getState().alpha);
    panel.update(a, stores.view.getState().recentEvents);
    if (b && sceneB) sceneB.draw(b, stores.view.getState().alpha);
    if (b) compare.update(a, b);
    const tab = ui.getState().tab;
    if (tab === 'inspect') refreshInspector();
    else if (tab === 'charts') refreshCharts();
    else if (tab === 'console') refreshConsole();
  };
  ui.subscribe((s, prev) => {
    if (s.selection !== prev.selection) {
      scene.setSelection(s.selection && s.selection.side !== 'B' ? s.selection : null);
      sceneB?.setSelection(s.selection?.side === 'B' ? s.selection : null);
      refreshInspector();
    }
  });

  const runner = new Runner({ step: () => app.step(), publish: (x) => app.publish(x), tween: (x) => app.tween(x) }, stores.clock);
  bindControls(stores.clock, stores.timeline, {
    step: () => runner.stepOnce(),
    seek: (t) => { runner.reset(); app.seek(t); },
    fork: () => {
      const n = app.fork();
      ui.getState().say(`Forked at this second: ${n} recorded action${n === 1 ? '' : 's'} dropped; what you do now is a new future.`);
    },
  });
  bindTabs(ui, onTab);
  stores.view.subscribe((v, prev) => {
    if (v.alpha === prev.alpha) return;
    scene.setAlpha(v.alpha);
    sceneB?.setAlpha(v.alpha);
  });
  bindTheme(ui, (resolved) => {
    scene.setTheme(resolved);
    sceneB?.setTheme(resolved);
    charts?.invalidate();
    if (ui.getState().tab === 'charts') refreshCharts();
  });
  const stage = document.querySelector<HTMLElement>('.stage')!;
  bindPresenter(ui, stores.clock, stores.timeline, () => {
    const s = stores.view.getState().snapshot;
    return s ? statusLine(s) : '';
  });
  ui.subscribe((s, prev) => { if (s.presenter && !prev.presenter) stage.focus(); });
  bindKeys(keyActions(stores.clock, ui, {
    step: () => runner.stepOnce(),
    seekBy: (dt) => { runner.reset(); app.seek(Math.max(0, (app.session?.t ?? 0) + dt)); },
  }), ui, stage);

  // Opening scenarios: the picker, imports, share links; failures go to the problem view.
  const setupProblem = (e: SetupError) => ui.getState().setProblem({
    title: 'This scenario cannot be started', message: e.message, field: e.field, value: showValue(e.value), accepted: e.accepted,
  });
  const toolbar = bindToolbar(ui, {
    openCatalog: (id, seed) => {
      const entry = catalogEntry(id);
      if (!entry) return;
      const doc = seed === null ? entry.doc : { ...(entry.doc as object), seed };
      open(openScenarioObject(doc), { catalogId: id });
    },
    shareHash: () => app.shareHash(),
    exportJson: () => {
      const name = (app.session?.scenario.name ?? 'scenario').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';
      return { text: app.exportJson(), fileName: `${name}-t${app.session?.t ?? 0}.json` };
    },
    importText: (text, fileName) => open(openScenarioText(text, `${fileName} cannot be opened`), { catalogId: null }),
  });
  let openingFrom: string | null = null;
  app.onOpen = (scenario) => {
    runner.reset();
    ui.getState().select(null);
    if (ui.getState().tab === 'inspect') ui.getState().setTab('cluster');
    const id = openingFrom ?? CATALOG.find((c) => c.name === scenario.name)?.id ?? null;
    toolbar.setScenario(id, scenario.seed);
    document.getElementById('where')!.textContent = `${scenario.region} · ${scenario.cluster.clusterName}`;
  };
  function open(opened: OpenedScenario, opts: { catalogId: string | null; t?: number; paused?: boolean; log?: LinkLog | null }): boolean {
    if (!opened.ok) { ui.getState().setProblem(opened.problem); return false; }
    if (app.compare) compare.stop();
    openingFrom = opts.catalogId;
    const err = app.open(opened.scenario, opened.source, { t: opts.t, log: opts.log });
    openingFrom = null;
    if (err) { setupProblem(err); return false; }
    if (opts.paused) stores.clock.getState().setPlaying(false);
    ui.getState().say(`Opened ${opened.scenario.name ?? 'the scenario'}${opts.t ? ` at ${opts.t} s` : ''}.`);
    return true;
  }
  const openDefault = () => open(openScenarioObject(catalogEntry(DEFAULT_SCENARIO)?.doc ?? CATALOG[0]?.doc), { catalogId: DEFAULT_SCENARIO });
  const openLink = (hash: string): boolean => {
    const link = decodeLink(hash);
    if (!link.ok) { ui.getState().setProblem(link.problem); return false; }
    return open({ ok: true, scenario: link.scenario, source: link.source }, { catalogId: null, t: link.t, paused: true, log: link.log });
  };
  bindProblem(ui, openDefault);

  ui.subscribe((s, prev) => {
    if (s.comparing === prev.comparing) return;
    compare.layout(s.comparing);
    consoleView.setComparing(s.comparing);
    if (s.comparing && !sceneB) {
      void ClusterScene.create({ host: document.getElementById('canvas-host-b')!, theme: themeOf() }).then((b) => {
        sceneB = b;
        wireSelection(b, 'B', select);
        app.publish(0);
      });
    }
    window.dispatchEvent(new Event('resize'));
  });

  const hash = location.hash;
  if (!(linkPayload(hash) !== null && openLink(hash))) {
    if (!app.session) openDefault();
  }
  window.addEventListener('hashchange', () => { if (linkPayload(location.hash) !== null) openLink(location.hash); });
  runner.start();
  return app;
}
