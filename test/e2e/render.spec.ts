/**
 * Every scenario in lessons/scenarios/ as the canvas draws it, at fixed seconds: deterministic
 * frames (fixed seed, the particle clock frozen at the second shown, no tweens), compared with the
 * stored images in render.spec.ts-snapshots/. A copy of each frame is written to
 * test/screenshots/render/ for reading. A new scenario needs its images reviewed and stored once:
 * `E2E_DIST=... npx playwright test test/e2e/render.spec.ts --update-snapshots`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const scenarios = readdirSync(here('../../lessons/scenarios')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

/** Seconds worth seeing, by scenario: while tasks start, then the moment the scenario is about. */
const MOMENTS: Record<string, number[]> = {
  'apprunner-vs-ecs': [25, 2400],
  'deploy-blue-green': [25, 360],
  'deploy-canary': [25, 400],
  'deploy-codedeploy': [25, 450],
  'deploy-linear': [25, 540],
  'deploy-rolling': [25, 330, 990],
  'discovery': [25, 700],
  'ec2-vs-fargate': [25, 640],
  'express-mode': [25, 1300],
  'first-cluster': [8, 25, 120],
  'heal-az-failure': [25, 330],
  'network-vpc': [25, 660],
  'placement-ec2': [25, 650],
  'scaling-cluster-scale-out': [25, 1080],
  'scaling-fargate-rolling': [25, 640],
  'scaling-target-tracking-spike': [25, 900],
  'spot-ec2-draining': [25, 640],
  'spot-fargate-interruption': [25, 640],
};

async function frame(page: Page, query: string): Promise<void> {
  await page.goto(`bench.html?${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-frame', /ready|error/, { timeout: 45_000 });
  const r = await page.evaluate(() => window.renderFrame);
  expect(r?.error ?? null, 'the frame was drawn').toBeNull();
}

async function compare(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: here(`../screenshots/render/${name}.png`) });
  await expect(page).toHaveScreenshot(`${name}.png`, { maxDiffPixelRatio: 0.002 });
}

test.describe('scenario frames', () => {
  for (const id of scenarios) {
    for (const t of MOMENTS[id] ?? [25, 240]) {
      test(`${id} at ${t} s`, async ({ page }) => {
        await frame(page, `scenario=${id}&t=${t}`);
        await compare(page, `${id}-t${t}`);
      });
    }
  }
});

test.describe('views', () => {
  test('light theme', async ({ page }) => {
    await frame(page, 'scenario=first-cluster&t=120&theme=light');
    await compare(page, 'first-cluster-t120-light');
  });

  test('reduced motion: bands without particles', async ({ page }) => {
    await frame(page, 'scenario=first-cluster&t=120&reduced=1');
    expect((await page.evaluate(() => window.renderScene!.stats)).particles).toBe(0);
    await compare(page, 'first-cluster-t120-reduced');
  });

  test('zoomed in on a rolling update: pulls, old and new revisions, draining', async ({ page }) => {
    await frame(page, 'scenario=deploy-rolling&t=330&focus=starting&zoom=1.4');
    await compare(page, 'deploy-rolling-t330-zoom');
  });

  test('a selected service dims the others', async ({ page }) => {
    await frame(page, 'scenario=placement-ec2&t=650&select=service:worker');
    await compare(page, 'placement-ec2-t650-worker');
  });

  test('a frame drawn after the window is resized is the frame drawn at that size', async ({ page, browser }) => {
    // The steady marks live in a canvas the base layer shows as a sprite: it must follow the new size.
    await frame(page, 'scenario=first-cluster&t=120');
    const before = (await page.evaluate(() => window.renderScene!.stats)).baseRenders;
    await page.setViewportSize({ width: 1000, height: 700 });
    await expect.poll(() => page.evaluate(() => window.renderScene!.stats.baseRenders)).toBeGreaterThan(before);
    await page.waitForTimeout(300);
    const resized = await page.screenshot();
    const fresh = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await frame(fresh, 'scenario=first-cluster&t=120');
    const direct = await fresh.screenshot();
    await fresh.close();
    expect(resized.equals(direct), 'the resized frame is pixel for pixel the frame drawn at that size').toBe(true);
  });

  test('12,000 tasks as dots', async ({ page }) => {
    await frame(page, 'scenario=fleet-12k&t=40');
    expect((await page.evaluate(() => window.renderScene!.lod))).toBe('dots');
    await compare(page, 'fleet-12k-t40');
  });

  test('45,000 tasks summed per instance, per zone when zoomed out, as tasks when zoomed in', async ({ page }) => {
    test.setTimeout(150_000);
    const lod = () => page.evaluate(() => window.renderScene!.lod);
    await frame(page, 'scenario=fleet-45k&t=40');
    expect(await lod()).toBe('instances');
    await compare(page, 'fleet-45k-t40');
    await frame(page, 'scenario=fleet-45k&t=40&zoom=0.7');
    expect(await lod()).toBe('zones');
    await compare(page, 'fleet-45k-t40-out');
    await frame(page, 'scenario=fleet-45k&t=40&zoom=8');
    expect(await lod()).toBe('detail');
    await compare(page, 'fleet-45k-t40-in');
  });
});
