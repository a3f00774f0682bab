/**
 * Start-up and wiring: compile the wasm core, open the scenario (from a share link, or the
 * default), and connect the canvas, panels, console, inspector, charts, time line, compare,
 * presenter mode and keys to the App. Anything that goes wrong is shown on the page.
 *
 * The first view (the canvas, the status line and the cluster tab, ./first-view/) is on the
 * screen before this module loads; for the default scenario it already shows the cluster. What
 * the page does not need at once loads on first use, with dynamic import(): the console's forms,
 * the inspector, the charts (uPlot), compare mode and the catalogue of bundled scenarios beyond
 * the default one (loaded once the first cluster is drawn). `document.body.dataset.loaded` lists
 * the parts loaded so far.
 */
import { loadCoreModule } from '../core/load-browser';
import { ClusterScene } from '../render/scene';
import type { Snapshot } from '../sim/snapshot';
import { showValue } from '../sim/scenario/parse';
import type { SetupError } from '../sim/systems';
import { createClockStore, createTimelineStore, createViewStore, type PanelTab, type Selection } from '../state/stores';
import { App, FULL_SNAPSHOT_TASKS } from './app';
import { clock } from '../sim/timeline';
import { Runner } from './runner';
import { DEFAULT_SCENARIO, DEFAULT_SCENARIO_DOC, loadCatalog, type CatalogEntry } from './catalog';
import { openScenarioObject, openScenarioText, type OpenedScenario } from './share/document';
import { decodeLink, linkPayload, type LinkLog } from './share/link';
import { checkShareable } from './share/limits';
import { bindKeys, keyActions } from './keys';
import { statusLine } from '../ui/panel';
import { bindControls } from '../ui/controls';
import type { Inspector } from '../ui/inspector';
import type { SandboxConsole } from '../ui/console/console';
import type { Charts } from '../ui/charts';
import type { CompareView } from '../ui/compare';
import { bindToolbar } from '../ui/toolbar';
import { bindProblem } from '../ui/problem';
import { bindPresenter } from '../ui/presenter';
import { bindTheme, resolveTheme } from '../ui/theme';
import { markDrawn, nextFrame, type FirstView } from './first-view/first-view';
import { openedNotice } from './notices';
import { bindTabs } from '../ui/tabs';

const INSPECTABLE = new Set<string>(['task', 'instance', 'service', 'targetGroup', 'loadBalancer', 'appRunner', 'namespace']);

/** A click on the canvas selects what the inspector can describe; empty space clears. */
function wireSelection(scene: ClusterScene, side: 'A' | 'B', select: (s: Selection | null) => void): void {
  scene.onSelect = (sel) => {
    if (!sel) { select(null); return; }
    if (INSPECTABLE.has(sel.kind)) select({ kind: sel.kind as Selection['kind'], id: sel.id, side });
  };
}

/**
 * A part of the page loaded on first use: `get()` starts loading it (once) and resolves to it;
 * `now` is the part once loaded, or null. A part that fails to load is tried again on next use.
 */
class Lazy<T> {
  now: T | null = null;
  private loading: Promise<T> | null = null;
  constructor(private readonly name: string, private readonly load: () => Promise<T>) {}
  get(): Promise<T> {
    this.loading ??= this.load().then((v) => {
      this.now = v;
      const loaded = new Set((document.body.dataset.loaded ?? '').split(' ').filter(Boolean));
      loaded.add(this.name);
      document.body.dataset.loaded = [...loaded].join(' ');
      return v;
    }, (e: unknown) => { this.loading = null; throw e; });
    return this.loading;
  }
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

type Stores = App['stores'];

/** The parts of the page loaded on first use. */
interface LazyParts {
  readonly catalog: Lazy<readonly CatalogEntry[]>;
  readonly inspector: Lazy<Inspector>;
  readonly consoleView: Lazy<SandboxConsole>;
  readonly charts: Lazy<Charts>;
  readonly compare: Lazy<CompareView>;
}

/** What the wiring pieces of the page share. */
interface Wiring {
  readonly app: App;
  readonly stores: Stores;
  readonly ui: FirstView['ui'];
  readonly scene: ClusterScene;
  readonly panel: FirstView['panel'];
  readonly parts: LazyParts;
  /** Compare mode's second canvas, made on first use. */
  readonly scenes: { b: ClusterScene | null };
  select(s: Selection | null): void;
  /** Loading failures of a lazy part: said on the notice line; the next use tries again. */
  failed(what: string): (e: unknown) => void;
}

/** The views of the side panel's tabs, refreshed a few times a second at most. */
interface Refreshers {
  inspector(): void;
  charts(): void;
  console(): void;
  onTab(tab: PanelTab): void;
}

function lazyParts(app: App, ui: FirstView['ui'], select: (s: Selection | null) => void): LazyParts {
  const consoleView: Lazy<SandboxConsole> = new Lazy('console', async () => {
    const { SandboxConsole } = await import('../ui/console/console');
    const view: SandboxConsole = new SandboxConsole(document.getElementById('tabpanel-console')!, {
      sim: () => app.session?.sim ?? null,
      act: (action, request) => app.act(action, request, app.compare ? view.target : 'A'),
      knows: (action) => app.knows(action),
      log: () => app.session?.log ?? null,
    });
    view.setComparing(ui.getState().comparing);
    return view;
  });
  return {
    catalog: new Lazy<readonly CatalogEntry[]>('catalog', loadCatalog),
    inspector: new Lazy<Inspector>('inspector', async () => {
      const { Inspector } = await import('../ui/inspector');
      return new Inspector(document.getElementById('tabpanel-inspect')!, () => select(null));
    }),
    consoleView,
    charts: new Lazy<Charts>('charts', async () => {
      const { Charts } = await import('../ui/charts');
      return new Charts(document.getElementById('tabpanel-charts')!);
    }),
    compare: new Lazy<CompareView>('compare', async () => {
      const { CompareView } = await import('../ui/compare');
      return new CompareView(app);
    }),
  };
}

function tabRefreshers(w: Wiring): Refreshers {
  const { app, ui, parts, failed } = w;
  const inspector = throttle(250, () => {
    const sel = ui.getState().selection;
    const view = parts.inspector.now;
    if (view) view.update(sel, sel?.side === 'B' ? app.compare : app.session);
    else parts.inspector.get().then(() => inspector(), failed('inspector'));
  });
  const charts = throttle(250, () => {
    const view = parts.charts.now;
    if (view && app.session) view.update(app.session.history, app.compare?.history ?? null);
  });
  const consoleTab = throttle(500, () => {
    const view = parts.consoleView.now;
    if (view && app.session) view.refresh(app.session.actions);
  });
  const onTab = (tab: PanelTab) => {
    if (tab === 'charts') {
      parts.charts.get().then((view) => {
        if (ui.getState().tab !== 'charts') return;
        view.resize();
        if (app.session) view.update(app.session.history, app.compare?.history ?? null, true);
      }, failed('charts'));
    }
    if (tab === 'inspect') inspector();
    if (tab === 'console') parts.consoleView.get().then(() => consoleTab(), failed('console'));
  };
  return { inspector, charts, console: consoleTab, onTab };
}

/** Every publish draws the canvases, the status panel, compare mode and the open tab; selection follows the store. */
function wirePublish(w: Wiring, refresh: Refreshers): void {
  const { app, stores, ui, scene, panel, scenes, parts } = w;
  let generation = -1;
  app.onPublish = (a: Snapshot, b: Snapshot | null) => {
    const gen = stores.view.getState().generation;
    if (gen !== generation) { generation = gen; panel.reset(); }
    scene.draw(a, stores.view.getState().alpha);
    panel.update(a, stores.view.getState().recentEvents);
    if (b && scenes.b) scenes.b.draw(b, stores.view.getState().alpha);
    if (b) parts.compare.now?.update(a, b);
    const tab = ui.getState().tab;
    if (tab === 'inspect') refresh.inspector();
    else if (tab === 'charts') refresh.charts();
    else if (tab === 'console') refresh.console();
  };
  ui.subscribe((s, prev) => {
    if (s.selection !== prev.selection) {
      scene.setSelection(s.selection && s.selection.side !== 'B' ? s.selection : null);
      scenes.b?.setSelection(s.selection?.side === 'B' ? s.selection : null);
      refresh.inspector();
    }
  });
}

/**
 * Seeking: moves the clock to second `t`. Going back replays from the start, which takes seconds
 * on a cluster at scale: the page says so and replays after it has painted that (a scrubber
 * dragged meanwhile, or more key presses, land on the last second asked for).
 */
function seeker(w: Wiring, runner: Runner): { seekTo(t: number): void; target(): number } {
  const { app, ui } = w;
  let pendingSeek: number | null = null;
  const seekTo = (t: number) => {
    runner.reset();
    const s = app.session;
    if (!s || t >= s.t || s.sim.tasks.length <= FULL_SNAPSHOT_TASKS) { pendingSeek = null; app.seek(t); return; }
    const waiting = pendingSeek !== null;
    pendingSeek = t;
    if (waiting) return;
    ui.getState().say(`Rewinding to ${clock(t)}: replaying ${s.sim.tasks.length.toLocaleString('en-US')} tasks from the start…`);
    document.body.setAttribute('aria-busy', 'true');
    void nextFrame().then(() => setTimeout(() => {
      const to = pendingSeek ?? t;
      pendingSeek = null;
      app.seek(to);
      document.body.removeAttribute('aria-busy');
      ui.getState().say(`Rewound to ${clock(to)}.`);
    }, 0));
  };
  return { seekTo, target: () => pendingSeek ?? app.session?.t ?? 0 };
}

/** The clock's controls, the tabs, the theme, presenter mode and the keys. */
function wireControls(w: Wiring, runner: Runner, refresh: Refreshers): void {
  const { app, stores, ui, scene, scenes, parts } = w;
  const seek = seeker(w, runner);
  bindControls(stores.clock, stores.timeline, {
    step: () => runner.stepOnce(),
    seek: seek.seekTo,
    fork: () => {
      const n = app.fork();
      ui.getState().say(`Forked at this second: ${n} recorded action${n === 1 ? '' : 's'} dropped; what you do now is a new future.`);
    },
  });
  bindTabs(ui, refresh.onTab);
  stores.view.subscribe((v, prev) => {
    if (v.alpha === prev.alpha) return;
    scene.setAlpha(v.alpha);
    scenes.b?.setAlpha(v.alpha);
  });
  bindTheme(ui, (resolved) => {
    scene.setTheme(resolved);
    scenes.b?.setTheme(resolved);
    parts.charts.now?.invalidate();
    if (ui.getState().tab === 'charts') refresh.charts();
  });
  const stage = document.querySelector<HTMLElement>('.stage')!;
  bindPresenter(ui, stores.clock, stores.timeline, () => {
    const s = stores.view.getState().snapshot;
    return s ? statusLine(s) : '';
  });
  ui.subscribe((s, prev) => { if (s.presenter && !prev.presenter) stage.focus(); });
  bindKeys(keyActions(stores.clock, ui, {
    step: () => runner.stepOnce(),
    seekBy: (dt) => seek.seekTo(Math.max(0, seek.target() + dt)),
  }), ui, stage);
}

interface Opening {
  readonly toolbar: ReturnType<typeof bindToolbar>;
  openDefault(): boolean;
  openLink(hash: string): boolean;
}

/** Opening scenarios: the picker, imports, share links; failures go to the problem view. */
function wireOpening(w: Wiring, runner: Runner): Opening {
  const { app, stores, ui, scene, parts, failed } = w;
  const setupProblem = (e: SetupError) => ui.getState().setProblem({
    title: 'This scenario cannot be started', message: e.message, field: e.field, value: showValue(e.value), accepted: e.accepted,
  });
  const toolbar = bindToolbar(ui, {
    openCatalog: (id, seed) => {
      void parts.catalog.get().then((entries) => {
        const entry = entries.find((e) => e.id === id);
        if (!entry) return;
        const doc = seed === null ? entry.doc : { ...(entry.doc as object), seed };
        open(openScenarioObject(doc), { catalogId: id });
      }, failed('scenario catalogue'));
    },
    shareHash: () => app.shareHash(),
    shareRefusal: (hash) => checkShareable(hash, app.session?.t ?? 0),
    exportJson: () => {
      const name = (app.session?.scenario.name ?? 'scenario').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';
      return { text: app.exportJson(), fileName: `${name}-t${app.session?.t ?? 0}.json` };
    },
    importText: (text, fileName) => open(openScenarioText(text, `${fileName} cannot be opened`), { catalogId: null }),
  });
  let openingFrom: string | null = null;
  app.onOpen = (scenario) => {
    runner.reset();
    scene.reset();
    ui.getState().select(null);
    if (ui.getState().tab === 'inspect') ui.getState().setTab('cluster');
    const id = openingFrom ?? parts.catalog.now?.find((c) => c.name === scenario.name)?.id ?? null;
    toolbar.setScenario(id, scenario.seed);
    if (openingFrom === null && !parts.catalog.now) {
      // Opened from a link or a file before the catalogue arrived: name it in the picker once it has.
      void parts.catalog.get().then((entries) => {
        if (app.session?.scenario !== scenario) return;
        toolbar.setScenario(entries.find((c) => c.name === scenario.name)?.id ?? null, scenario.seed);
      }, () => { /* the picker keeps "(imported or shared scenario)" */ });
    }
    document.getElementById('where')!.textContent = `${scenario.region} · ${scenario.cluster.clusterName}`;
  };
  function open(opened: OpenedScenario, opts: { catalogId: string | null; t?: number; paused?: boolean; log?: LinkLog | null }): boolean {
    if (!opened.ok) { ui.getState().setProblem(opened.problem); return false; }
    if (app.compare) parts.compare.now?.stop();
    openingFrom = opts.catalogId;
    let err: SetupError | null;
    try {
      err = app.open(opened.scenario, opened.source, { t: opts.t, log: opts.log });
    } catch (e) {
      // The simulator could not be built for this document (say, a count too large to allocate):
      // the page keeps the session it had and says why.
      openingFrom = null;
      ui.getState().setProblem({
        title: 'This scenario cannot be started',
        message: `The simulator could not be built for it (${e instanceof Error ? e.message : String(e)}). Check the sizes it asks for: instance counts, desired counts, scaling limits.`,
      });
      return false;
    }
    openingFrom = null;
    if (err) { setupProblem(err); return false; }
    if (opts.paused) stores.clock.getState().setPlaying(false);
    ui.getState().say(openedNotice(opened.scenario.name, opts.t));
    return true;
  }
  const openDefault = () => open(openScenarioObject(DEFAULT_SCENARIO_DOC), { catalogId: DEFAULT_SCENARIO });
  const openLink = (hash: string): boolean => {
    // The decoder refuses links past one simulated day: opening replays every second up to t.
    const link = decodeLink(hash);
    if (!link.ok) { ui.getState().setProblem(link.problem); return false; }
    return open({ ok: true, scenario: link.scenario, source: link.source }, { catalogId: null, t: link.t, paused: true, log: link.log });
  };
  bindProblem(ui, openDefault);
  return { toolbar, openDefault, openLink };
}

/** Compare mode: the second canvas on first use, and the drawer built on the toggle's first press. */
function wireCompare(w: Wiring, themeOf: () => ReturnType<typeof resolveTheme>): void {
  const { app, ui, parts, scenes, select, failed } = w;
  ui.subscribe((s, prev) => {
    if (s.comparing === prev.comparing) return;
    parts.compare.now?.layout(s.comparing);
    parts.consoleView.now?.setComparing(s.comparing);
    if (s.comparing && !scenes.b) {
      void ClusterScene.create({ host: document.getElementById('canvas-host-b')!, theme: themeOf() }).then((b) => {
        scenes.b = b;
        wireSelection(b, 'B', select);
        app.publish(0);
      });
    }
    window.dispatchEvent(new Event('resize'));
  });

  // From its first use on, compare mode handles its toggle itself.
  const compareToggle = document.getElementById('compare-toggle') as HTMLButtonElement;
  const firstCompare = () => {
    compareToggle.removeEventListener('click', firstCompare);
    compareToggle.setAttribute('aria-busy', 'true');
    parts.compare.get().then((view) => {
      compareToggle.removeAttribute('aria-busy');
      view.open(true);
    }, (e: unknown) => {
      compareToggle.removeAttribute('aria-busy');
      compareToggle.addEventListener('click', firstCompare);
      failed('compare view')(e);
    });
  };
  compareToggle.addEventListener('click', firstCompare);
}

/** The share link in the address, or else the default scenario; later links open as they arrive. */
function openFirstScenario(w: Wiring, opening: Opening, settings: FirstView['settings']): void {
  const hash = location.hash;
  if (!(linkPayload(hash) !== null && opening.openLink(hash))) {
    if (!w.app.session) opening.openDefault();
  }
  // What recovering the saved settings took (a corrupt or old copy), after the "Opened …" notice.
  if (settings.messages.length) w.ui.getState().say(settings.messages.join(' '));
  window.addEventListener('hashchange', () => { if (linkPayload(location.hash) !== null) opening.openLink(location.hash); });
}

/** Starts the live page around the first view (src/app/first-view/), which is already on the screen. */
export async function startApp(first: FirstView): Promise<App> {
  const module = await loadCoreModule();
  const { settings, ui, scene, panel } = first;
  const stores = { clock: createClockStore(), view: createViewStore(), timeline: createTimelineStore(), ui };
  const app = new App(module, stores);
  const select = (s: Selection | null) => ui.getState().select(s);
  const w: Wiring = {
    app, stores, ui, scene, panel, select,
    parts: lazyParts(app, ui, select),
    scenes: { b: null },
    failed: (what) => (e) => {
      ui.getState().say(`The ${what} could not be loaded (${e instanceof Error ? e.message : String(e)}). Try again.`);
    },
  };
  wireSelection(scene, 'A', select);
  const refresh = tabRefreshers(w);
  wirePublish(w, refresh);
  const runner = new Runner({ step: () => app.step(), publish: (x) => app.publish(x), tween: (x) => app.tween(x) }, stores.clock);
  wireControls(w, runner, refresh);
  const opening = wireOpening(w, runner);
  wireCompare(w, () => resolveTheme(ui.getState().theme));
  openFirstScenario(w, opening, settings);
  runner.start();
  // Unless the first view drew it already, the first cluster is drawn on the next animation frame
  // (the scene asked for it first), and `data-drawn` marks it; only then does the page load what
  // the picker lists beyond it.
  if (!first.drawn) {
    await nextFrame();
    markDrawn();
  }
  try {
    opening.toolbar.setCatalog(await w.parts.catalog.get());
  } catch (e) {
    w.failed('scenario catalogue')(e);
  }
  return app;
}
