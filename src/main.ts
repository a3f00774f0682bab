/**
 * ECS Lab's entry point: styles, then the app (src/app/boot.ts). A failure to start is shown on
 * the page, never as a blank screen.
 */
import './styles.css';
import { startApp } from './app/boot';

startApp().then((app) => {
  document.body.dataset.ready = 'true';
  // Lessons: `?lessons` shows the course beside the cluster, `?lesson=<id>` opens one (src/ui/lessons/).
  if (/[?&]lessons?(=|&|$)/.test(location.search)) {
    void import('./ui/lessons/mount-app').then((m) => { if (m.mountLessonsFromUrl(app)) document.body.dataset.lessons = 'ready'; });
  }
}).catch((e: unknown) => {
  const status = document.getElementById('status');
  if (status) status.textContent = `ECS Lab could not start: ${e instanceof Error ? e.message : String(e)}`;
  document.body.dataset.ready = 'error';
});
