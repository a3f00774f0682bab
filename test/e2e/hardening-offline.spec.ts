/**
 * Offline: after one visit, the service worker (vite-plugin-pwa, Workbox) serves the whole site
 * from its cache, so a classroom on bad Wi-Fi keeps running: the cluster, every lazily loaded
 * panel and the lessons load with no network at all.
 */
import { test, expect, openLab, openTab } from './fixtures';

test('after one visit the site loads and runs without a network', async ({ page, context }) => {
  test.setTimeout(120_000);
  await openLab(page);
  // The worker installs (precaching every built file, the wasm core included) and takes control.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe('/');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe('activated');

  await context.setOffline(true);
  // The network is really gone: a file the worker did not precache cannot be fetched (from a
  // second page, as the failure is logged to its console).
  const probe = await context.newPage();
  await probe.goto('./favicon.svg');
  expect(await probe.evaluate(() => fetch(`./not-precached-${Date.now()}.txt`).then((r) => `status ${r.status}`, (e: Error) => e.name))).toBe('TypeError');
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await probe.close();

  const fromWorker: string[] = [];
  const fromNetwork: string[] = [];
  page.on('response', (r) => { (r.fromServiceWorker() ? fromWorker : fromNetwork).push(new URL(r.url()).pathname); });
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await expect(page.locator('body')).toHaveAttribute('data-renderer', 'webgl');
  await expect(page.locator('canvas').first()).toBeVisible();
  await expect(page.locator('#status')).toContainText('RUNNING', { timeout: 20_000 });
  expect(fromWorker).toContain('/');
  expect(fromWorker.some((p) => p.endsWith('.wasm'))).toBe(true);
  expect(fromNetwork).toEqual([]);

  // The parts loaded on first use come from the cache too.
  await openTab(page, 'Console');
  await expect(page.locator('details.console-group').first()).toBeVisible();
  await openTab(page, 'Charts');
  await expect(page.locator('figure.chart')).toHaveCount(6);
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByLabel('Scenario B (JSON)')).not.toHaveValue('');
  await page.locator('#scenario-select').selectOption('deploy-canary');
  await page.locator('#open-scenario').click();
  await expect(page.locator('#notice')).toContainText('Opened');

  // A navigation the worker never saw (the lessons) is answered with the cached page.
  await page.goto('./?lesson=rolling-update');
  await expect(page.locator('body')).toHaveAttribute('data-lessons', 'ready', { timeout: 20_000 });
  await expect(page.locator('.lessons .lesson-title')).toBeVisible();
  expect(fromNetwork).toEqual([]);
  await context.setOffline(false);
});
