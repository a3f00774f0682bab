import { test, expect, openLab } from './fixtures';

// A CodeDeploy blue/green deployment from the scenario picker: lifecycle events, the canary's
// traffic shift and the alarm's rollback show in the console's event feed as the clock runs.
test('a CodeDeploy canary with an alarm plays out in the event feed', async ({ page }) => {
  await openLab(page);
  await page.locator('#scenario-select').selectOption('deploy-codedeploy');
  await page.locator('#open-scenario').click();
  await expect(page.locator('#where')).toHaveText('us-east-1 · lab');
  await page.getByLabel('Speed').fill('11');
  if ((await page.locator('#play').getAttribute('aria-pressed')) !== 'true') await page.locator('#play').click();
  const feed = page.locator('#events');
  await expect(feed).toContainText('lifecycle event AllowTraffic in progress', { timeout: 30_000 });
  await expect(feed).toContainText('web-blue 90%, web-green 10%', { timeout: 30_000 });
  await expect(feed).toContainText('Rolled back: production traffic is back on web:2', { timeout: 40_000 });
});
