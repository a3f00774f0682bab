import AxeBuilder from '@axe-core/playwright';
import { test, expect, openLab, advanceTo, openTab, consoleGroup, type Page } from './fixtures';

/** Runs axe-core on the page as it is; returns the serious and critical violations, readably. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const theme of ['dark', 'light'] as const) {
  test(`axe finds no serious or critical violation in any panel (${theme} theme)`, async ({ page }) => {
    test.setTimeout(150_000);
    await page.emulateMedia({ colorScheme: theme });
    await openLab(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await advanceTo(page, 60);
    await page.locator('details', { has: page.locator('#instance-table') }).locator('summary').click();
    expect(await seriousViolations(page), 'cluster panel').toEqual([]);

    const services = await consoleGroup(page, 'Services');
    await services.locator('#form-create-service').getByLabel('Desired tasks').fill('-1');
    await services.locator('#form-create-service').getByRole('button', { name: 'Create service' }).click();
    await expect(services.locator('.field-error')).toBeVisible();
    for (const g of ['Task definitions', 'Tasks', 'Container instances', 'Service auto scaling', 'Traffic', 'Service discovery', 'App Runner', 'Faults']) await consoleGroup(page, g);
    expect(await seriousViolations(page), 'console (with an error shown)').toEqual([]);

    await openTab(page, 'Cluster');
    await page.locator('#task-table tbody tr').first().getByRole('button').click();
    await expect(page.locator('#placement-explanation')).toBeVisible();
    expect(await seriousViolations(page), 'inspector').toEqual([]);

    await openTab(page, 'Charts');
    await expect(page.locator('figure.chart')).toHaveCount(6);
    expect(await seriousViolations(page), 'charts').toEqual([]);

    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByRole('button', { name: 'Compare' }).click();
    expect(await seriousViolations(page), 'share and compare drawers').toEqual([]);

    await page.goto('./#s=broken');
    await page.reload();
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    await expect(page.getByRole('alert')).toBeVisible();
    expect(await seriousViolations(page), 'problem view').toEqual([]);

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('button', { name: 'Present' }).click();
    expect(await seriousViolations(page), 'presenter mode').toEqual([]);
  });
}

test('every fact on the canvas is also in the DOM: a live summary and tables of instances and tasks', async ({ page }) => {
  await openLab(page);
  await advanceTo(page, 60);
  const status = page.getByRole('status').filter({ hasText: 'tasks' }).first();
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(status).toHaveText('6 tasks, 6 RUNNING, 0 starting; 6 placed on 6 container instances across 3 Availability Zones.');
  await expect(page.getByRole('img', { name: /^Cluster lab in us-east-1/ })).toBeVisible();
  const tasks = page.getByRole('table', { name: 'Tasks not yet stopped' });
  await expect(tasks.getByRole('row')).toHaveCount(7);
  await expect(tasks.getByRole('columnheader')).toHaveText(['Task', 'Service', 'Revision', 'Status', 'Zone', 'Instance', 'Health']);
  await page.locator('details', { has: page.locator('#instance-table') }).locator('summary').click();
  const instances = page.getByRole('table', { name: 'Registered container instances' });
  await expect(instances.getByRole('row')).toHaveCount(7);
  // Each instance row says how much CPU is left, which the canvas shows as a bar.
  await expect(instances.getByRole('row').nth(1)).toContainText('1792 / 2048');
});

test('every control is reachable by keyboard, with a visible focus ring', async ({ page }) => {
  await openLab(page);
  const seen = new Set<string>();
  const ringless: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return { id: el.id || el.textContent?.trim().slice(0, 20) || el.tagName, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
    });
    if (!info) continue;
    seen.add(info.id);
    if (!info.ring) ringless.push(info.id);
  }
  for (const id of ['play', 'speed', 'scrubber', 'share', 'export', 'import', 'compare-toggle', 'presenter-toggle', 'theme-toggle', 'scenario-select', 'tab-cluster']) {
    expect([...seen], `reached #${id}`).toContain(id);
  }
  expect(ringless).toEqual([]);
  // Arrow keys move between the panel tabs (WAI-ARIA tabs).
  await page.locator('#tab-cluster').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#tab-console')).toBeFocused();
  await expect(page.locator('#tab-console')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page.locator('#tab-charts')).toBeFocused();
});

test('dark and light themes switch the page and are remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLab(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const dark = await bg();
  await page.getByRole('button', { name: /Theme: system/ }).click();
  await expect(page.getByRole('button', { name: /Theme: dark/ })).toBeVisible();
  await page.getByRole('button', { name: /Theme: dark/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await bg()).not.toBe(dark);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('button', { name: /Theme: light/ })).toBeVisible();
});

test('responsive down to a tablet: nothing overflows and the panel sits under the canvas', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await openLab(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const stage = await page.locator('.stage').boundingBox();
  const panel = await page.locator('#panel').boundingBox();
  expect(panel!.y).toBeGreaterThanOrEqual(stage!.y + stage!.height - 1);
  expect(stage!.width).toBeGreaterThan(700);
  await expect(page.getByRole('button', { name: 'Pause' })).toBeInViewport();
  await expect(page.getByLabel('Time line')).toBeInViewport();
  await openTab(page, 'Console');
  await expect(page.locator('#tabpanel-console')).toBeVisible();
  const after = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(after).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page)).toEqual([]);
});

test('the axe check itself catches a violation (so the checks above can fail)', async ({ page }) => {
  await openLab(page);
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'nameless';
    document.body.append(b);
    const i = document.createElement('input');
    i.id = 'unlabelled';
    document.body.append(i);
  });
  const found = await seriousViolations(page);
  expect(found.some((v) => v.startsWith('button-name (critical)') && v.includes('#nameless'))).toBe(true);
  expect(found.some((v) => v.startsWith('label (critical)') && v.includes('#unlabelled'))).toBe(true);
});

for (const theme of ['dark', 'light'] as const) {
  test(`the front door and a lesson at 1440×900, 1024×768 and 390×844: axe clean, nothing scrolls sideways (${theme} theme)`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: theme });
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const [width, height] of [[1440, 900], [1024, 768], [390, 844]] as const) {
      await page.setViewportSize({ width, height });
      await page.evaluate(() => localStorage.removeItem('ecs-lab.front-door')).catch(() => {});
      await openLab(page);
      const door = page.locator('#front-door');
      await expect(door.getByRole('heading', { level: 1 })).toHaveText('Learn Amazon ECS by running it');
      await expect(door.getByRole('link', { name: 'Start the course' })).toHaveAttribute('href', '?lessons');
      await expect(door.getByRole('button', { name: 'Open the sandbox' })).toBeVisible();
      expect(await sideways(), `front door at ${width}`).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page), `front door at ${width}`).toEqual([]);

      await page.goto('./?lesson=canary-linear');
      await expect(page.locator('body')).toHaveAttribute('data-lessons', 'ready', { timeout: 20_000 });
      await expect(page.locator('#front-door')).toBeHidden();
      expect(await sideways(), `lesson at ${width}`).toBeLessThanOrEqual(0);
      if (width === 1024) {
        // A projector: the lesson text gets a full column, and the page itself does not scroll.
        const column = (await page.locator('.lessons-column').boundingBox())!;
        expect(column.width).toBeGreaterThanOrEqual(300);
        expect(column.height).toBeGreaterThanOrEqual(300);
        expect(await page.evaluate(() => document.documentElement.scrollHeight - innerHeight)).toBeLessThanOrEqual(0);
      }
      if (width === 390) {
        // A phone: the lesson is a bottom sheet that folds down to its bar.
        const toggle = page.getByRole('button', { name: /^Lesson ▾/ });
        await expect(toggle).toBeVisible();
        await toggle.click();
        await expect(page.locator('.lessons-column')).toHaveClass(/collapsed/);
        await page.getByRole('button', { name: /^Lesson ▴/ }).click();
      }
      expect(await seriousViolations(page), `lesson at ${width}`).toEqual([]);
    }
  });
}
