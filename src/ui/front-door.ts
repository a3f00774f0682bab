/**
 * The front door: the first view says what ECS Lab and ECS are, with "Start the course" (the
 * lesson list) and "Open the sandbox" (the cluster, remembered). It stays away from a page opened
 * on a lesson or a share link, and from a learner who has opened the sandbox before.
 */
const KEY = 'ecs-lab.front-door';

function dismissed(): boolean {
  try { return localStorage.getItem(KEY) === 'sandbox'; } catch { return false; }
}

export function bindFrontDoor(): void {
  const door = document.getElementById('front-door');
  if (!door) return;
  const deepLink = /[?&]lessons?(=|&|$)/.test(location.search) || location.hash.length > 1;
  if (deepLink || dismissed()) { door.hidden = true; return; }
  document.getElementById('open-sandbox')?.addEventListener('click', () => {
    try { localStorage.setItem(KEY, 'sandbox'); } catch { /* a private window: the door just closes */ }
    door.hidden = true;
    window.dispatchEvent(new Event('resize'));
    document.querySelector<HTMLElement>('.stage')?.focus();
  });
}
