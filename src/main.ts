/**
 * ECS Lab's entry point: styles, the first view (src/app/first-view/: the canvas and the panel,
 * with the default scenario's first frame drawn before the engine loads), then the live app
 * (src/app/boot.ts: the engine, the wasm core, the controls). A failure to start is shown on the
 * page, never as a blank screen.
 *
 * Two things come before anything is drawn:
 * - ./app/csp: the page runs under a Content Security Policy without eval (Pixi's static shader
 *   code).
 * - Pixi's browser environment extension is removed: it would load Pixi's event system,
 *   accessibility layer, DOM containers and filters on the first frame. The cluster view uses
 *   none of them (the canvas takes its input with DOM listeners, src/render/camera.ts, and every
 *   fact it draws is in the panel's text), and leaving them out keeps them off the first view.
 */
import './app/csp';
import { browserExt, extensions } from 'pixi.js';
import './styles.css';
import { bindFrontDoor } from './ui/front-door';

extensions.remove(browserExt);
bindFrontDoor();

// Lessons: `?lessons` shows the course beside the cluster, `?lesson=<id>` opens one (src/ui/lessons/).
const wantsLessons = /[?&]lessons?(=|&|$)/.test(location.search);
let lessons: Promise<typeof import('./ui/lessons/mount-app')> | null = null;

import('./app/first-view/first-view').then(({ showFirstView }) => showFirstView()).then(async (first) => {
  // zod's setting first, in a chunk of its own: the app's schemas read it as their modules load.
  await import('./app/jitless');
  // The lesson player loads beside the app (it needs zod's setting too), so a lesson opens as soon as the app is live.
  if (wantsLessons) lessons = import('./ui/lessons/mount-app');
  const { startApp } = await import('./app/boot');
  return startApp(first);
}).then((app) => {
  document.body.dataset.ready = 'true';
  void lessons?.then((m) => { if (m.mountLessonsFromUrl(app)) document.body.dataset.lessons = 'ready'; });
}).catch((e: unknown) => {
  const status = document.getElementById('status');
  if (status) status.textContent = `ECS Lab could not start: ${e instanceof Error ? e.message : String(e)}`;
  document.body.dataset.ready = 'error';
});
