import { test as base, expect, type Page } from '@playwright/test';

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

/** Opens the site and waits until the cluster is on the canvas. */
export async function openLab(page: Page, path = './'): Promise<void> {
  await page.goto(path);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await expect(page.locator('canvas')).toBeVisible();
}
