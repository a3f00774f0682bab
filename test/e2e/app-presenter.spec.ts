import { test, expect, openLab, clockSeconds } from './fixtures';

test('presenter mode: large type, hidden chrome, keyboard driven, a highlight that follows the pointer', async ({ page }) => {
  await openLab(page);
  const normalSize = await page.locator('#clock').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.locator('body')).toHaveClass(/presenter/);
  await expect(page.getByRole('button', { name: 'Leave presenter mode' })).toHaveAttribute('aria-pressed', 'true');
  // Chrome hidden: the side panel, the picker and the session tools.
  await expect(page.locator('#panel')).toBeHidden();
  await expect(page.locator('#picker')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Export' })).toBeHidden();
  await expect(page.locator('#presenter-hud')).toBeVisible();
  const bigSize = await page.locator('#clock').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(bigSize).toBeGreaterThan(normalSize * 1.4);
  expect(await page.locator('#hud-clock').evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(40);
  // The canvas takes the room the panel left.
  const width = await page.locator('#canvas-host canvas[role="img"]').evaluate((c) => c.getBoundingClientRect().width);
  expect(width).toBeGreaterThan(1200);

  // Space pauses; arrows step and rewind; number keys set the speed; ↑ ↓ nudge it.
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('#hud-clock')).toContainText('paused');
  const t = await clockSeconds(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => clockSeconds(page)).toBe(t + 2);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => clockSeconds(page)).toBe(t + 12);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => clockSeconds(page)).toBe(t + 11);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(() => clockSeconds(page)).toBe(t + 1);
  await page.keyboard.press('7');
  await expect(page.locator('#speed-out')).toHaveText('64×');
  await page.keyboard.press('0');
  await expect(page.locator('#speed-out')).toHaveText('512×');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#speed-out')).toHaveText('256×');
  await page.keyboard.press('1');
  await expect(page.locator('#speed-out')).toHaveText('1×');
  await page.keyboard.press('Space');
  await expect(page.locator('#hud-clock')).toContainText('1×');

  // The highlight follows the pointer.
  const spot = page.locator('#pointer-highlight');
  await page.mouse.move(400, 300);
  await expect(spot).toBeVisible();
  await expect(spot).toHaveCSS('transform', 'matrix(1, 0, 0, 1, 400, 300)');
  await page.mouse.move(700, 450);
  await expect(spot).toHaveCSS('transform', 'matrix(1, 0, 0, 1, 700, 450)');

  // Escape leaves: everything comes back.
  await page.keyboard.press('Escape');
  await expect(page.locator('body')).not.toHaveClass(/presenter/);
  await expect(page.locator('#panel')).toBeVisible();
  await expect(spot).toBeHidden();
  await page.keyboard.press('p');
  await expect(page.locator('body')).toHaveClass(/presenter/);
  await page.keyboard.press('p');
  await expect(page.locator('body')).not.toHaveClass(/presenter/);
});

test('shortcuts never take keys typed into a form field', async ({ page }) => {
  await openLab(page);
  await page.getByRole('tab', { name: 'Console' }).click();
  await page.locator('summary', { hasText: 'Services' }).click();
  const field = page.locator('#form-create-service').getByLabel('Service name');
  await field.fill('');
  await field.pressSequentially('p 7');
  await expect(field).toHaveValue('p 7');
  await expect(page.locator('body')).not.toHaveClass(/presenter/);
  await expect(page.locator('#speed-out')).toHaveText('4×');
  await expect(page.locator('#play')).toHaveAttribute('aria-pressed', 'true');
});
