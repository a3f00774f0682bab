/**
 * Wiring the lesson player to the page's App: the session on screen, the app's act path (so a
 * lesson's actions are recorded, replayed and shared like any other), opening a lesson's scenario
 * through the same validation as the scenario picker, and the clock.
 *
 * `mountLessonsFromUrl(app)` is the page's entry: with `?lessons` in the address it shows the
 * course in a side column; `?lesson=<id>` opens that lesson directly.
 */
import type { App } from '../../app/app';
import { openScenarioObject } from '../../app/share/document';
import { mountLessonPlayer, type LessonPlayer, type LessonPlayerDeps } from './player';
import { replayInSlices } from '../replay-progress';
import { addSheetToggle } from './sheet';
import { LESSONS } from '../../../lessons/index';
import { PresenterCaption } from './caption';

/** The deps of `mountLessonPlayer` for an App. */
export function appDeps(app: App): LessonPlayerDeps {
  return {
    session: () => app.session,
    act: (action, request) => app.act(action, request, 'A'),
    openScenario: (doc, { t, name }) => {
      const opened = openScenarioObject(doc, `${name} cannot be opened`);
      if (!opened.ok) return opened.problem.message;
      if (app.compare) app.stopCompare();
      const err = app.open(opened.scenario, opened.source, { t, name });
      if (err) return err.message;
      const where = document.getElementById('where');
      if (where) where.textContent = `${opened.scenario.region} · ${opened.scenario.cluster.clusterName}`;
      return null;
    },
    openScenarioInSlices: async (doc, { t, name }) => {
      const opened = openScenarioObject(doc, `${name} cannot be opened`);
      if (!opened.ok) return { error: opened.problem.message, stopped: false };
      if (app.compare) app.stopCompare();
      const r = app.openInSlices(opened.scenario, opened.source, { t, name });
      if (!r.ok) return { error: r.error.message, stopped: false };
      const done = await replayInSlices(r.slices, t, `Resuming ${name}`);
      const where = document.getElementById('where');
      if (where) where.textContent = `${opened.scenario.region} · ${opened.scenario.cluster.clusterName}`;
      return { error: null, stopped: !done };
    },
    play: () => app.stores.clock.getState().setPlaying(true),
    notify: (message) => app.stores.ui.getState().say(message),
  };
}

/** Mounts the player in `host` and re-checks its goals after every publish of the App. */
export function mountLessonsOnApp(app: App, host: HTMLElement): LessonPlayer {
  const player = mountLessonPlayer(host, appDeps(app));
  const previous = app.onPublish;
  app.onPublish = (a, b) => {
    try {
      previous?.(a, b);
    } finally {
      player.update();
    }
  };
  return player;
}

/** The page's entry point for `?lessons` and `?lesson=<id>`. Returns null when neither is present. */
export function mountLessonsFromUrl(app: App): LessonPlayer | null {
  const params = new URLSearchParams(location.search);
  if (!params.has('lessons') && !params.has('lesson')) return null;
  let host = document.getElementById('lessons-host');
  if (!host) {
    host = document.createElement('aside');
    host.id = 'lessons-host';
    host.className = 'lessons-column';
    const layout = document.querySelector('main.layout');
    if (!layout) return null;
    layout.classList.add('with-lessons');
    layout.prepend(host);
    window.dispatchEvent(new Event('resize'));
  }
  const player = mountLessonsOnApp(app, host);
  addSheetToggle(host);
  const caption = new PresenterCaption(host);
  document.getElementById('presenter-hud')?.before(caption.element);
  const previous = app.onPublish;
  app.onPublish = (a, b) => { try { previous?.(a, b); } finally { caption.update(); } };
  app.stores.ui.subscribe(() => caption.update());
  // `?lesson=7` (the scenario picker's lesson entries) names a lesson by its number.
  const asked = params.get('lesson');
  const id = asked && /^\d+$/.test(asked) ? (LESSONS.find((l) => l.number === Number(asked))?.id ?? asked) : asked;
  if (id) player.open(id);
  return player;
}
