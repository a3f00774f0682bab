/**
 * The canvas as a learner uses it: WebGL under the picture, hover and click selection, zoom and
 * pan, the level of detail following the zoom, reduced motion and themes from the system settings,
 * crisp pixels on HiDPI screens, and no drawing while nothing changes.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`bench.html?${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-frame', 'ready', { timeout: 45_000 });
}

const stats = (page: Page) => page.evaluate(() => window.renderScene!.stats);

/** The screen point of a task's mark (from the scene's layout). */
async function taskPoint(page: Page, index = 0): Promise<{ x: number; y: number; id: string }> {
  return page.evaluate((k) => {
    const s = window.renderScene! as unknown as {
      frame: { taskIds: string[]; state: Uint8Array; count: number };
      layout: { cellOf: Int32Array; ownerOf: Int32Array; used(o: number): number; areaOf(o: number): { x: number; y: number; cols: number; h: number } | null };
      camera: { zoom: number; x: number; y: number };
    };
    const slots = [...Array(s.frame.count).keys()].filter((i) => s.frame.state[i] === 4 && s.layout.cellOf[i]! >= 0);
    const slot = slots[k]!;
    const owner = s.layout.ownerOf[slot]!;
    const a = s.layout.areaOf(owner)!;
    const c = s.layout.cellOf[slot]!;
    const wx = a.x + (c % a.cols) * 16 + 8, wy = a.y + Math.floor(c / a.cols) * 16 + 8;
    const r = document.querySelector('canvas[role="img"]')!.getBoundingClientRect();
    return { x: r.left + wx * s.camera.zoom + s.camera.x, y: r.top + wy * s.camera.zoom + s.camera.y, id: s.frame.taskIds[slot]! };
  }, index);
}

test('the picture is drawn with WebGL between a Canvas 2D base and a Canvas 2D label layer', async ({ page }) => {
  await open(page, 'scenario=first-cluster&t=60');
  expect(await page.evaluate(() => window.renderScene!.rendererName)).toBe('webgl');
  // The static base, the moving tasks (WebGL), and the labels on top so particles never cover them.
  expect(await page.locator('#canvas-host canvas').count()).toBe(3);
  await expect(page.locator('canvas[role="img"]')).toHaveAttribute('aria-label', /6 tasks \(6 running/);
});

test('hovering a task shows what it is; clicking selects it; clicking empty space clears', async ({ page }) => {
  await open(page, 'scenario=first-cluster&t=60');
  const p = await taskPoint(page, 1);
  await page.mouse.move(p.x, p.y);
  const tip = page.locator('.canvas-tooltip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText(`task ${p.id.slice(0, 8)}`);
  await expect(tip).toContainText('RUNNING');
  await page.mouse.click(p.x, p.y);
  expect(await page.evaluate(() => window.canvasSelections!.at(-1))).toEqual({ kind: 'task', id: p.id });
  await page.mouse.click(5, 790);
  expect(await page.evaluate(() => window.canvasSelections!.at(-1))).toBeNull();
  await page.mouse.move(5, 790);
  await expect(tip).toBeHidden();
});

test('clicking a target group chip or a service chip selects it for the inspector', async ({ page }) => {
  await open(page, 'scenario=first-cluster&t=60');
  const point = (kind: 'tg' | 'legend') => page.evaluate((k) => {
    const s = window.renderScene! as unknown as { layout: { loadBalancers: { targetGroups: Map<string, { x: number; y: number; w: number; h: number }> }[]; legend: Map<string, { x: number; y: number }> }; camera: { zoom: number; x: number; y: number } };
    const r = k === 'tg' ? s.layout.loadBalancers[0]!.targetGroups.get('web-tg')! : s.layout.legend.get('web')!;
    return { x: (r.x + 8) * s.camera.zoom + s.camera.x, y: (r.y + 8) * s.camera.zoom + s.camera.y };
  }, kind);
  const tg = await point('tg');
  await page.mouse.click(tg.x, tg.y);
  expect(await page.evaluate(() => window.canvasSelections!.at(-1))).toEqual({ kind: 'targetGroup', id: 'web-tg' });
  const svc = await point('legend');
  await page.mouse.click(svc.x, svc.y);
  expect(await page.evaluate(() => window.canvasSelections!.at(-1))).toEqual({ kind: 'service', id: 'web' });
});

test('wheel zooms around the pointer, dragging pans, 0 fits again', async ({ page }) => {
  await open(page, 'scenario=first-cluster&t=60');
  const z0 = (await stats(page)).zoom;
  await page.mouse.move(640, 400);
  await page.mouse.wheel(0, -600);
  await expect.poll(async () => (await stats(page)).zoom).toBeGreaterThan(z0 * 1.5);
  const cam = () => page.evaluate(() => { const c = (window.renderScene as unknown as { camera: { x: number; y: number } }).camera; return { x: c.x, y: c.y }; });
  const before = await cam();
  await page.mouse.move(600, 400);
  await page.mouse.down();
  await page.mouse.move(500, 350, { steps: 5 });
  await page.mouse.up();
  const after = await cam();
  expect(after.x - before.x).toBeCloseTo(-100, 0);
  expect(after.y - before.y).toBeCloseTo(-50, 0);
  await page.locator('canvas[role="img"]').focus();
  await page.keyboard.press('0');
  await expect.poll(async () => (await stats(page)).zoom).toBeCloseTo(z0, 3);
});

test('zooming into a 12,000-task fleet turns dots into full task marks, and back', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page, 'scenario=fleet-12k&t=40');
  const lods: string[] = [(await stats(page)).lod];
  for (let k = 0; k < 6; k++) {
    await page.evaluate(() => window.renderScene!.zoomIn());
    await page.waitForTimeout(100);
    lods.push((await stats(page)).lod);
  }
  await page.evaluate(() => window.renderScene!.zoomToFit());
  await page.waitForTimeout(100);
  lods.push((await stats(page)).lod);
  expect(lods[0]).toBe('dots');
  expect(lods).toContain('detail');
  expect(lods.at(-1)).toBe('dots');
});

test('drawing stops when the simulation is paused and nothing moves', async ({ page }) => {
  await open(page, 'scenario=first-cluster&t=60&live=1&speed=4');
  const f0 = (await stats(page)).frames;
  await page.waitForTimeout(800);
  const f1 = (await stats(page)).frames;
  expect(f1 - f0, 'frames while playing').toBeGreaterThan(10);
  await page.evaluate(() => window.harness!.pause());
  await page.waitForTimeout(1800);
  const f2 = (await stats(page)).frames;
  await page.waitForTimeout(1000);
  expect((await stats(page)).frames - f2, 'frames while paused').toBe(0);
  await page.evaluate(() => window.harness!.play());
  await page.waitForTimeout(500);
  expect((await stats(page)).frames).toBeGreaterThan(f2);
});

test('prefers-reduced-motion: no particles; the system theme is followed', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
  await open(page, 'scenario=first-cluster&t=60&live=1&speed=4');
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.renderScene!.reducedMotion)).toBe(true);
  expect(await page.evaluate(() => window.renderScene!.themeName)).toBe('light');
  expect((await stats(page)).particles).toBe(0);
  await page.emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'dark' });
  await expect.poll(() => page.evaluate(() => window.renderScene!.themeName)).toBe('dark');
  await expect.poll(async () => (await stats(page)).particles).toBeGreaterThan(0);
  await page.evaluate(() => window.renderScene!.setReducedMotion(true));
  await expect.poll(async () => (await stats(page)).particles).toBe(0);
});

test.describe('HiDPI', () => {
  test.use({ deviceScaleFactor: 2 });
  test('both layers render at the screen\'s pixel ratio', async ({ page }) => {
    await open(page, 'scenario=first-cluster&t=60');
    const sizes = await page.locator('#canvas-host canvas').evaluateAll((cs) => cs.map((c) => {
      const e = c as HTMLCanvasElement;
      return [e.width, e.height, e.getBoundingClientRect().width, e.getBoundingClientRect().height];
    }));
    for (const [w, h, cw, ch] of sizes) {
      expect(w).toBe(2 * cw!);
      expect(h).toBe(2 * ch!);
    }
  });
});
