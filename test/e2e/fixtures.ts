import { test as base, expect, type Locator, type Page } from '@playwright/test';

/** A page that fails the test on any console error or uncaught exception. */
export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await use(page);
    expect(errors, 'console errors').toEqual([]);
  },
});

export { expect };
export type { Page } from '@playwright/test';

/** Opens the site and waits until the cluster is on the canvas. */
export async function openLab(page: Page, path = './'): Promise<void> {
  await page.goto(path);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await expect(page.locator('canvas').first()).toBeVisible();
}

/** "00:01:05" → 65. */
export function seconds(clock: string): number {
  const [h, m, s] = clock.split(':').map(Number);
  return h! * 3600 + m! * 60 + s!;
}

export async function clockSeconds(page: Page): Promise<number> {
  return seconds((await page.locator('#clock').textContent())!);
}

/** Pauses the clock (a no-op when already paused). */
export async function pause(page: Page): Promise<void> {
  const button = page.locator('#play');
  if ((await button.getAttribute('aria-pressed')) === 'true') await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
}

/**
 * Pauses, then moves the clock forward to exactly `t` with the keyboard on the cluster view
 * (Shift+→ is ten seconds, → one).
 */
export async function advanceTo(page: Page, t: number): Promise<void> {
  await pause(page);
  await page.locator('.stage').focus();
  let now = await clockSeconds(page);
  while (now + 10 <= t) {
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => clockSeconds(page)).toBe(now + 10);
    now += 10;
  }
  while (now < t) {
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => clockSeconds(page)).toBe(now + 1);
    now += 1;
  }
}

/** Opens a side-panel tab. */
export async function openTab(page: Page, name: 'Cluster' | 'Console' | 'Inspect' | 'Charts'): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/** Opens a console group (Task definitions, Services, …) and returns it. */
export async function consoleGroup(page: Page, title: string): Promise<Locator> {
  await openTab(page, 'Console');
  const group = page.locator('details.console-group', { has: page.locator('summary', { hasText: title }) });
  if ((await group.getAttribute('open')) === null) await group.locator('summary').click();
  return group;
}

/** Live (not yet stopped) task rows in the tasks table. */
export const taskRows = (page: Page) => page.locator('#task-table tbody tr');
