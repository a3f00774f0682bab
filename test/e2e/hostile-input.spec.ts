/**
 * Hostile input, opened the way a learner would be tricked into opening it: a scenario file through
 * the Import control, a share link, and a lesson progress file through the player's own Import
 * progress control. Every string field a learner reads carries Markdown links and images, HTML
 * tags and `javascript:` URLs. Through the cluster tab (cards, feed, tables), the inspector, the
 * charts, the canvas and a lesson's placement reveal, no element, link or image comes from the
 * payload, and the page asks no other host for anything. Past the stated limits, links and files
 * are refused at once with a message, and Share offers Export instead of a link that would not open.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { test, expect, openLab, pause, advanceTo, type Page } from './fixtures';
import { encodeLink } from '../../src/app/share/link';
import { LIMITS } from '../../src/app/share/limits';
import { hostileScenario, LINK_PAYLOAD } from '../support/payloads';

const P = `${LINK_PAYLOAD} <img src=https://evil.example/i.png onerror=alert(1)> <a href="javascript:alert(1)">js</a> [js](javascript:alert(1))`;
const MARK = 'Sign in again to save progress';
const base = () => JSON.parse(readFileSync(new URL('../../lessons/scenarios/first-cluster.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const SIZES = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }, { width: 390, height: 844 }];
const SHOTS = 'test-results/hostile-input';

/** Requests to any host but the page's own (the payload's images and links would be the first). */
async function watchHosts(page: Page): Promise<string[]> {
  const foreign: string[] = [];
  await page.route((url) => url.hostname !== '127.0.0.1', (route) => { foreign.push(route.request().url()); return route.abort(); });
  page.on('request', (r) => { const u = new URL(r.url()); if (/^https?:$/.test(u.protocol) && u.hostname !== '127.0.0.1') foreign.push(r.url()); });
  return foreign;
}

/** Anything in the DOM the payload made: links or sources to its hosts, script URLs, handlers, its link text in a link, its image. */
const madeByPayload = (page: Page) => page.evaluate((mark) => {
  const out: string[] = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.getAttributeNames()) {
      const v = el.getAttribute(a) ?? '';
      if (/^on/i.test(a)) out.push(`${el.tagName.toLowerCase()}[${a}]`);
      if (['href', 'src', 'srcset', 'action', 'formaction', 'poster', 'xlink:href', 'style'].includes(a) && /evil\.example|javascript:/i.test(v)) out.push(`${el.tagName.toLowerCase()}[${a}=${v.slice(0, 40)}]`);
    }
  }
  for (const a of document.querySelectorAll('a')) if (a.textContent?.includes(mark) || a.textContent === 'js') out.push(`<a> ${a.textContent.slice(0, 40)}`);
  for (const img of document.querySelectorAll('img')) out.push(`<img src=${img.getAttribute('src')} alt=${img.getAttribute('alt')}>`);
  for (const s of document.querySelectorAll('script')) if (!s.src) out.push('inline <script>');
  return out;
}, MARK);

async function expectClean(page: Page, where: string, foreign: string[]): Promise<void> {
  expect(await madeByPayload(page), `${where}: elements made by the payload`).toEqual([]);
  expect(foreign, `${where}: requests to other hosts`).toEqual([]);
}

async function shoot(page: Page, name: string, show?: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const s of SIZES) {
    await page.setViewportSize(s);
    // On a phone the panels stack: bring what the payload reached into view.
    if (show) await page.locator(show).first().scrollIntoViewIfNeeded({ timeout: 3000 }).catch(() => undefined);
    await page.screenshot({ path: `${SHOTS}/${name}-${s.width}x${s.height}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The cluster tab, a service and a task in the inspector, the charts: the payload shows as text in each, and makes nothing. */
async function visitEverything(page: Page, foreign: string[], name: string): Promise<void> {
  const cluster = page.locator('#tabpanel-cluster');
  await expect(cluster).toContainText(MARK);
  await expect(page.locator('#where')).toContainText(MARK);
  await expectClean(page, `${name}: cluster tab`, foreign);
  await shoot(page, `${name}-cluster`, '#tabpanel-cluster');
  await page.locator('#task-table tbody tr').first().getByRole('button').click();
  await expect(page.getByRole('tab', { name: 'Inspect' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#tabpanel-inspect')).toContainText(MARK);
  await expectClean(page, `${name}: inspector (task)`, foreign);
  await shoot(page, `${name}-inspect-task`, '#tabpanel-inspect');
  await page.getByRole('tab', { name: 'Cluster' }).click();
  await page.getByRole('button', { name: /^Inspect service / }).first().click();
  await expect(page.locator('#tabpanel-inspect')).toContainText(MARK);
  await expectClean(page, `${name}: inspector (service)`, foreign);
  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(page.locator('#tabpanel-charts select')).toBeVisible();
  await expect(page.locator('#tabpanel-charts select')).toContainText(MARK);
  await expectClean(page, `${name}: charts`, foreign);
  await shoot(page, `${name}-charts`, '#tabpanel-charts');
  // The canvas draws names with Pixi text (pixels, not markup); its description is an attribute.
  const label = await page.locator('canvas').first().getAttribute('aria-label');
  expect(label ?? '').not.toMatch(/<img|<a /);
  await page.getByRole('tab', { name: 'Cluster' }).click();
}

test.describe('hostile input', () => {
  test('a scenario file with markup in every name, imported through the page', async ({ page }) => {
    test.setTimeout(120_000);
    const foreign = await watchHosts(page);
    await openLab(page);
    await page.locator('#import-file').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostileScenario(base(), P))) });
    await expect(page.locator('#notice')).toContainText(`Opened ${P.slice(0, 20)}`);
    await advanceTo(page, 40);
    await visitEverything(page, foreign, 'file');
  });

  test('a share link with markup in its scenario and in its action log', async ({ page }) => {
    test.setTimeout(120_000);
    const foreign = await watchHosts(page);
    const actions = [
      { at: 5, action: 'RegisterContainerInstance', request: { instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 1, attributes: { name: `${P} added` } } },
      { at: 8, action: 'CreateService', request: { serviceName: `${P} second`, taskDefinition: 'web', desiredCount: 1, launchType: 'EC2' } },
    ];
    await openLab(page, `./${encodeLink(hostileScenario(base(), P), 45, { actions, applied: 2 })}`);
    await pause(page);
    await expect(page.locator('#clock')).toHaveText('00:00:45');
    await visitEverything(page, foreign, 'link');
  });

  test('the probe: a progress file whose resume actions add an instance named with a link and an image', async ({ page }) => {
    test.setTimeout(180_000);
    const foreign = await watchHosts(page);
    await openLab(page, './?lessons');
    await expect(page.locator('body')).toHaveAttribute('data-lessons', 'ready', { timeout: 20_000 });
    const panel = page.locator('.lessons');
    const progress = {
      kind: 'ecs-lab-lesson-progress', version: 1, current: 'placement',
      lessons: { placement: { stepIndex: 0, completed: [], answers: {}, hints: {}, shown: [], finished: false,
        resume: { t: 64, stepStart: 60, actions: [{ at: 61, action: 'RegisterContainerInstance', request: { instanceType: 'm5.large', availabilityZone: 'us-east-1b', count: 1, attributes: { name: LINK_PAYLOAD } } }] } } },
    };
    await panel.locator('input[type=file]').setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(progress)) });
    await expect(panel.locator('.lessons-message').first()).toContainText('Imported progress.json: 1 lesson');
    await panel.getByRole('button', { name: /^Continue lesson 3/ }).click();
    const article = panel.locator('article.lesson-step[data-step="binpack"]');
    await expect(article).toBeVisible();
    await page.getByLabel('Speed').fill('8');
    await article.getByRole('button', { name: 'Show me' }).click();
    const reveal = article.locator('.reveal');
    await expect(reveal).toBeVisible({ timeout: 120_000 });
    await expect(reveal).toContainText(LINK_PAYLOAD);
    await pause(page);
    expect(await reveal.locator('a, img').count()).toBe(0);
    await expectClean(page, 'lesson 3 reveal', foreign);
    await shoot(page, 'progress-reveal', '.lessons .reveal');
  });

  test('a progress file whose resume is a billion seconds away opens the lesson at once, saying why it starts over', async ({ page }) => {
    await openLab(page, './?lessons');
    await expect(page.locator('body')).toHaveAttribute('data-lessons', 'ready', { timeout: 20_000 });
    const panel = page.locator('.lessons');
    const progress = { kind: 'ecs-lab-lesson-progress', version: 1, current: 'placement',
      lessons: { placement: { stepIndex: 0, completed: [], resume: { t: 1e9, stepStart: 0, actions: [] } } } };
    await panel.locator('input[type=file]').setInputFiles({ name: 'far.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(progress)) });
    await expect(panel.locator('.lessons-messages')).toContainText('86,400');
    const started = Date.now();
    await panel.getByRole('button', { name: /^Continue lesson 3/ }).click();
    await expect(panel.locator('article.lesson-step[data-step="binpack"]')).toBeVisible();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('past the limits: a short link to a million tasks is refused at once; a session too big for a link offers Export', async ({ page }) => {
    const scenario = base();
    scenario.services = Array.from({ length: 200 }, (_, i) => ({ serviceName: `s${i}`, taskDefinition: 'web', desiredCount: 5000, launchType: 'EC2' }));
    const started = Date.now();
    await openLab(page, `./${encodeLink(scenario, 10)}`);
    await expect(page.locator('#problem')).toBeVisible();
    await expect(page.locator('#problem')).toContainText('100,000 tasks');
    expect(Date.now() - started).toBeLessThan(20_000);
    await shoot(page, 'limit-refused');
    await page.getByRole('button', { name: /default scenario/i }).click();

    // Names that do not compress: the link would be longer than a link may be.
    const big = base();
    let seed = 7;
    const noise = (n: number) => Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % 62]).join('');
    big.services = Array.from({ length: 190 }, () => ({ serviceName: noise(250), taskDefinition: 'web', desiredCount: 0, launchType: 'EC2' }));
    await page.locator('#import-file').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big)) });
    await expect(page.locator('#notice')).toContainText('Opened');
    await page.locator('#share').click();
    await expect(page.locator('#share-refused')).toBeVisible();
    await expect(page.locator('#share-refused')).toContainText(`${LIMITS.linkChars.toLocaleString('en-US')} a link may carry`);
    await expect(page.locator('#share-url')).toBeHidden();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export instead' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.json$/);
    await shoot(page, 'share-refused');
  });

  // Flaky: the Stop click can land as the replay finishes, and then no "stopped" message is said.
  // The slices themselves are covered by test/unit/replay-slices.test.ts.
  test.fixme('a long resume or link replays in slices with progress, and the learner can stop it', async ({ page }) => {
    test.setTimeout(120_000);
    await openLab(page, './?lessons');
    await expect(page.locator('body')).toHaveAttribute('data-lessons', 'ready', { timeout: 20_000 });
    const panel = page.locator('.lessons');
    const progress = { kind: 'ecs-lab-lesson-progress', version: 1, current: 'placement',
      lessons: { placement: { stepIndex: 0, completed: [], resume: { t: 86_400, stepStart: 60, actions: [] } } } };
    await panel.locator('input[type=file]').setInputFiles({ name: 'day.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(progress)) });
    await panel.getByRole('button', { name: /^Continue lesson 3/ }).click();
    const bar = page.locator('#replay-progress');
    await expect(bar).toBeVisible();
    await expect(bar).toContainText('replaying to 24:00:00');
    // The page answers while it replays: the theme toggles.
    await page.locator('#theme-toggle').click();
    await bar.getByRole('button', { name: 'Stop here' }).click({ force: true });
    await expect(bar).toBeHidden();
    await expect(panel.locator('.lessons-messages')).toContainText('you stopped the replay');
    await expect(panel.locator('article.lesson-step[data-step="binpack"]')).toBeVisible();

    await page.goto(`./${encodeLink(base(), 86_400)}`);
    await expect(page.locator('#replay-progress')).toBeVisible();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/replay-progress-1280x800.png` });
    await page.locator('#replay-progress').getByRole('button', { name: 'Stop here' }).click({ force: true });
    await expect(page.locator('#notice')).toContainText('Stopped the replay at');
    await page.goto(`./${encodeLink(base(), 4000)}`);
    await expect(page.locator('#replay-progress')).toBeVisible();
    await expect(page.locator('#clock')).toHaveText('01:06:40', { timeout: 60_000 });
    await expect(page.locator('#replay-progress')).toBeHidden();
  });

  test('bench.html carries the same Content Security Policy as the lab, and draws under it', async ({ page, request }) => {
    const csp = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const index = await (await request.get('./')).text();
    const bench = await (await request.get('./bench.html')).text();
    expect(csp(bench)).toBeTruthy();
    expect(csp(bench)).toBe(csp(index));
    expect(bench).not.toMatch(/<style|style="/);
    await page.addInitScript(() => {
      (window as unknown as { __csp: string[] }).__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await page.goto('./bench.html?scenario=first-cluster&t=25');
    await expect(page.locator('canvas').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('body')).toHaveCSS('margin-top', '0px');
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  });
});

