/**
 * The canvas, checked as data. Each scenario of lessons/scenarios/ is drawn at the second it is
 * about (fixed seed, particle clock frozen, no tweens), and what the frame shows is read through
 * the scene's model (`window.renderScene.model()`, src/render/model.ts): which marks, in which lane
 * and state shape, in which hue; each service's deployment card; the listener's weights; the labels
 * and the layer order. Assertions name what a learner should see, not pixels.
 *
 * Nine stored images keep the look itself (the two themes, the rolling, blue/green and canary
 * cards and weights, ghost chips, a selection, and the per-instance and per-zone aggregates); they are
 * compared with render.spec.ts-snapshots/. After an intended change of the look, review and store
 * them again: `npx playwright test test/e2e/render.spec.ts --update-snapshots`. Copies of the frames
 * are written to test-results/ (ignored by git).
 */
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import type { SceneModel } from '../../src/render/model';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The second each scenario is about. */
const MOMENTS: Record<string, number> = {
  'apprunner-vs-ecs': 2400,
  'deploy-blue-green': 360,
  'deploy-canary': 400,
  'deploy-codedeploy': 450,
  'deploy-linear': 540,
  'deploy-rolling': 330,
  'discovery': 700,
  'ec2-vs-fargate': 640,
  'express-mode': 1300,
  'first-cluster': 25,
  'heal-az-failure': 330,
  'network-vpc': 660,
  'placement-ec2': 650,
  'scaling-cluster-scale-out': 960,
  'scaling-fargate-rolling': 640,
  'scaling-target-tracking-spike': 900,
  'spot-ec2-draining': 640,
  'spot-fargate-interruption': 640,
};

async function frame(page: Page, query: string): Promise<SceneModel> {
  await page.goto(`bench.html?${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-frame', /ready|error/, { timeout: 45_000 });
  const r = await page.evaluate(() => window.renderFrame);
  expect(r?.error ?? null, 'the frame was drawn').toBeNull();
  const model = await page.evaluate(() => window.renderScene!.model());
  expect(model, 'the scene has a model').not.toBeNull();
  return model!;
}

/** One of the stored images: the look itself. */
async function look(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: here(`../../test-results/render/${name}.png`) });
  await expect(page).toHaveScreenshot(`${name}.png`, { maxDiffPixelRatio: 0.002 });
}

const labelTexts = (m: SceneModel) => m.labels.map((l) => l.text);

/** What every frame must show, whatever the scenario. */
function checkFrame(m: SceneModel): void {
  // The whole cluster is on the canvas and fills it along one side at least.
  const { drawn: d, canvas: c } = m;
  expect(d.x, 'left edge on the canvas').toBeGreaterThanOrEqual(0);
  expect(d.y, 'top edge on the canvas').toBeGreaterThanOrEqual(0);
  expect(d.x + d.w, 'right edge on the canvas').toBeLessThanOrEqual(c.width + 1);
  expect(d.y + d.h, 'bottom edge on the canvas').toBeLessThanOrEqual(c.height + 1);
  expect(Math.max(d.w / c.width, d.h / c.height), 'the cluster fills the canvas along one side').toBeGreaterThan(0.9);
  // Labels are drawn last: nothing that moves covers them.
  expect(m.layers.at(-1)).toBe('labels');
  expect(m.layers.indexOf('labels')).toBeGreaterThan(m.layers.indexOf('particles'));
  for (const s of m.services) {
    if (m.zoom >= 0.8) expect(s.labels, `the card of ${s.name} names it`).toContain(s.name);
    const hues = s.revisions.map((r) => r.hue);
    expect(new Set(hues).size, `each revision of ${s.name} has its own hue`).toBe(hues.length);
    expect(s.revisions.filter((r) => r.role === 'new').length, `${s.name} deploys one revision`).toBeLessThanOrEqual(1);
    for (const r of s.revisions) expect(r.slashed, 'older revisions are slashed, the new one is not').toBe(r.role === 'old');
    // Every mark of the service has its revision's hue and shape.
    for (const t of m.tasks.filter((x) => x.service === s.name)) {
      const rev = s.revisions.find((r) => r.revision === t.revision);
      if (!rev) continue;
      expect(t.hue, `task ${t.id.slice(0, 8)} of ${s.name}:${t.revision}`).toBe(rev.hue);
      expect(t.slashed).toBe(rev.slashed);
    }
    expect(s.band.minHealthy).toBeLessThanOrEqual(s.band.maxTotal);
  }
  for (const lb of m.loadBalancers) {
    const hues = lb.targetGroups.map((t) => t.hue);
    expect(new Set(hues).size, `each target group of ${lb.name} has its own hue`).toBe(hues.length);
    const sum = lb.weights.reduce((n, w) => n + w.percent, 0);
    expect(sum === 0 || Math.abs(sum - 100) <= 1, `the weights of ${lb.name} add up to 100 %`).toBe(true);
  }
  // At a readable zoom every instance box carries its short container instance ID.
  if (m.zoom >= 0.8 && m.lod === 'detail') {
    for (const i of m.instances.filter((x) => x.status !== 'DEREGISTERED')) expect(i.labels, `instance ${i.shortId}`).toContain(i.shortId);
  }
}

test.describe('every scenario at the moment it is about', () => {
  for (const [id, t] of Object.entries(MOMENTS)) {
    test(`${id} at ${t} s`, async ({ page }) => {
      const m = await frame(page, `scenario=${id}&t=${t}`);
      await page.screenshot({ path: here(`../../test-results/render/${id}-t${t}.png`) });
      checkFrame(m);
    });
  }
});

test.describe('the concept on the canvas', () => {
  test('a rolling update: two revisions in two hues and two shapes, with a legend, the band and the breaker', async ({ page }) => {
    const m = await frame(page, 'scenario=deploy-rolling&t=330');
    const web = m.services.find((s) => s.name === 'web')!;
    expect(web.status).toBe('deploying');
    expect(web.revisions.map((r) => `${r.taskDefinition} ${r.role}`)).toEqual(['web:2 new', 'web:1 old']);
    expect(web.labels).toEqual(expect.arrayContaining([expect.stringMatching(/^web:2 new · \d+\/\d+$/), expect.stringMatching(/^web:1 old · \d+\/\d+$/)]));
    const marks = m.tasks.filter((t) => t.service === 'web');
    expect(new Set(marks.map((t) => t.revision))).toEqual(new Set([1, 2]));
    expect(marks.filter((t) => t.revision === 2).every((t) => !t.slashed && t.hue === web.hue)).toBe(true);
    expect(marks.filter((t) => t.revision === 1).every((t) => t.slashed && t.hue === web.revisions[1]!.hue)).toBe(true);
    expect(web.bandText).toMatch(/^healthy \d+ \(min 2\) · tasks \d+ \(max 8\)$/);
    expect(web.labels).toContain(web.bandText);
    expect(web.breaker?.threshold).toBe(3);
    expect(web.labels).toContain(`breaker ${web.breaker!.failed}/3`);
    checkFrame(m);
    await look(page, 'deploy-rolling-t330');
  });

  test('blue/green: each target group in its hue, the listener weights as a bar, the bake counting down', async ({ page }) => {
    const m = await frame(page, 'scenario=deploy-blue-green&t=360');
    const lb = m.loadBalancers[0]!;
    expect(lb.targetGroups.map((t) => t.name)).toEqual(['web-blue', 'web-green']);
    expect(lb.weights.map((w) => [w.targetGroup, w.percent])).toEqual([['web-blue', 100], ['web-green', 0]]);
    expect(lb.labels).toContain('weights: web-blue 100 % | web-green 0 %');
    expect(lb.weights.map((w) => w.hue)).toEqual(lb.targetGroups.map((t) => t.hue));
    await look(page, 'deploy-blue-green-t360');
    const bake = await frame(page, 'scenario=deploy-blue-green&t=500');
    const web = bake.services[0]!;
    expect(web.status).toBe('bake time');
    expect(web.wait).toBe('bake 3:06 left');
    expect(web.labels).toContain('bake 3:06 left');
    expect(bake.loadBalancers[0]!.weights.map((w) => w.percent)).toEqual([0, 100]);
  });

  test('a canary: 5 % on green, 95 % on blue, and the next step counting down', async ({ page }) => {
    const m = await frame(page, 'scenario=deploy-canary&t=400');
    const lb = m.loadBalancers[0]!;
    expect(lb.labels).toContain('weights: web-blue 95 % | web-green 5 %');
    expect(m.services[0]!.wait).toMatch(/^next traffic step in \d+:\d\d$/);
    checkFrame(m);
    await look(page, 'deploy-canary-t400');
  });

  test('tasks that cannot be placed are ghost chips, and the reason names an instance the canvas shows', async ({ page }) => {
    const m = await frame(page, 'scenario=cannot-place&t=30');
    const batch = m.services[0]!;
    expect(batch.ghosts).toMatchObject({ unplaced: 2, waiting: 0 });
    expect(batch.labels).toContain('2 cannot be placed');
    const why = batch.labels.find((l) => /: insufficient CPU units$/.test(l))!;
    expect(why).toBeTruthy();
    const id = why.split(':')[0]!;
    expect(m.instances.map((i) => i.shortId)).toContain(id);
    expect(m.instances.find((i) => i.shortId === id)!.labels).toContain(id);
    checkFrame(m);
    await look(page, 'cannot-place-t30');
  });

  test('tasks waiting for instance capacity are ghost chips, not marks in a Fargate pool', async ({ page }) => {
    const m = await frame(page, 'scenario=scaling-cluster-scale-out&t=960');
    const web = m.services.find((s) => s.name === 'web')!;
    expect(web.ghosts.waiting).toBeGreaterThan(0);
    expect(web.labels).toContain(`${web.ghosts.waiting} waiting for capacity`);
    expect(m.tasks.filter((t) => t.host === 'fargate')).toEqual([]);
    expect(labelTexts(m).some((t) => t.startsWith('Fargate'))).toBe(false);
  });

  for (const [w, h] of [[1440, 900], [1024, 768], [390, 844]] as const) {
    test(`the cluster fits the canvas at ${w}×${h}, lanes stacked on a tall one`, async ({ page }) => {
      await page.setViewportSize({ width: w, height: h });
      const m = await frame(page, 'scenario=deploy-blue-green&t=360');
      checkFrame(m);
      await page.screenshot({ path: here(`../../test-results/render/fit-${w}x${h}.png`) });
      if (h > w) expect(m.drawn.h / m.canvas.height, 'a tall canvas is used down its height').toBeGreaterThan(0.45);
    });
  }
});

test.describe('views', () => {
  test('dark and light themes', async ({ page }) => {
    const m = await frame(page, 'scenario=first-cluster&t=120');
    checkFrame(m);
    await look(page, 'first-cluster-t120');
    await frame(page, 'scenario=first-cluster&t=120&theme=light');
    await look(page, 'first-cluster-t120-light');
  });

  test('reduced motion: bands without particles', async ({ page }) => {
    await frame(page, 'scenario=first-cluster&t=120&reduced=1');
    expect((await page.evaluate(() => window.renderScene!.stats)).particles).toBe(0);
  });

  test('zoomed in on a rolling update: pulls, old and new revisions, draining', async ({ page }) => {
    const m = await frame(page, 'scenario=deploy-rolling&t=330&focus=starting&zoom=1.4');
    const shapes = new Set(m.tasks.map((t) => t.shape));
    expect(shapes.has('solid')).toBe(true);
    expect([...shapes].some((s) => s !== 'solid'), 'a task in a timed state is on screen').toBe(true);
    expect(new Set(m.tasks.map((t) => t.slashed))).toEqual(new Set([true, false]));
  });

  test('a selected service dims the others', async ({ page }) => {
    await frame(page, 'scenario=placement-ec2&t=650&select=service:worker');
    expect(await page.evaluate(() => window.renderScene!.selection)).toEqual({ kind: 'service', id: 'worker' });
    await look(page, 'placement-ec2-t650-worker');
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
    const m = await frame(page, 'scenario=fleet-12k&t=40');
    expect(m.lod).toBe('dots');
    expect(m.tasks.length).toBeGreaterThan(1000);
    checkFrame(m);
  });

  test('45,000 tasks summed per instance, per zone when zoomed out, as tasks when zoomed in', async ({ page }) => {
    test.setTimeout(150_000);
    expect((await frame(page, 'scenario=fleet-45k&t=40')).lod).toBe('instances');
    await look(page, 'fleet-45k-t40');
    expect((await frame(page, 'scenario=fleet-45k&t=40&zoom=0.7')).lod).toBe('zones');
    await look(page, 'fleet-45k-t40-out');
    const inside = await frame(page, 'scenario=fleet-45k&t=40&zoom=8');
    expect(inside.lod).toBe('detail');
    expect(inside.tasks.length).toBeGreaterThan(0);
  });
});
