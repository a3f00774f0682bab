/**
 * The documentation's screenshots, written to docs/screenshots/ (`npm run screenshots`, after
 * `npm run build`): the first cluster, the canvas during each kind of deployment and with tasks it
 * cannot place, and the course with each lesson's first step. Not part of `npm test`: tests write
 * only under test-results/.
 */
import { fileURLToPath } from 'node:url';
import { test, expect, openLab } from '../e2e/fixtures';
import { LESSONS } from '../../lessons/index';

const out = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/${name}.png`, import.meta.url));

test.use({ viewport: { width: 1440, height: 900 } });

test('the first cluster', async ({ page }) => {
  await openLab(page);
  await expect(page.locator('#task-table tbody tr[data-status="RUNNING"]')).toHaveCount(6, { timeout: 30_000 });
  await page.screenshot({ path: out('first-cluster') });
});

const FRAMES: [string, number][] = [['deploy-rolling', 330], ['deploy-blue-green', 500], ['deploy-canary', 400], ['cannot-place', 30], ['scaling-cluster-scale-out', 960]];
for (const [id, t] of FRAMES) {
  test(`the canvas: ${id} at ${t} s`, async ({ page }) => {
    await page.goto(`bench.html?scenario=${id}&t=${t}`);
    await expect(page.locator('body')).toHaveAttribute('data-frame', 'ready', { timeout: 60_000 });
    await page.screenshot({ path: out(`canvas-${id}`) });
  });
}

test('the course and each lesson\'s first step', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./?lessons');
  await expect(page.locator('body')).toHaveAttribute('data-lessons', 'ready', { timeout: 20_000 });
  await page.screenshot({ path: out('lessons/course') });
  for (const lesson of LESSONS) {
    await page.goto(`./?lesson=${lesson.id}`);
    await expect(page.locator('.lessons .lesson-title')).toHaveText(`${lesson.number}. ${lesson.title}`, { timeout: 20_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: out(`lessons/${String(lesson.number).padStart(2, '0')}-${lesson.id}`) });
  }
});
