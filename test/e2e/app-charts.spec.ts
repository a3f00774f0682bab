import { test, expect, openLab, advanceTo, openTab, consoleGroup } from './fixtures';

test('charts of counts, CPU, requests, latency, errors and cost follow the simulation and the rewind', async ({ page }) => {
  await openLab(page);
  await advanceTo(page, 120);
  await openTab(page, 'Charts');
  const figures = page.locator('#tabpanel-charts figure.chart');
  await expect(figures).toHaveCount(6);
  await expect(figures.locator('figcaption')).toHaveText(['Tasks · web', 'CPU utilization · web', 'Requests per second · web', 'Latency (p50) · web', 'Errors · web', 'Cost (cluster)']);
  await expect(figures.locator('canvas')).toHaveCount(6);
  await expect(page.locator('#chart-counts-summary')).toHaveText('At 00:02:00: desired 6, running 6, healthy 6.');
  await expect(page.locator('#chart-rps-summary')).toContainText('requests/s 300 req/s');
  await expect(page.locator('#chart-cost-summary')).toContainText('USD per hour 0.576 USD');
  // The plot is drawn: its canvas is not blank.
  const inked = await page.locator('#chart-counts canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(500);

  // Scale out: the counts chart follows.
  const services = await consoleGroup(page, 'Services');
  await services.locator('#form-update-service').getByLabel('Desired tasks').fill('9');
  await services.locator('#form-update-service').getByRole('button', { name: 'Update service' }).click();
  await advanceTo(page, 200);
  await openTab(page, 'Charts');
  await expect(page.locator('#chart-counts-summary')).toHaveText('At 00:03:20: desired 9, running 9, healthy 9.');
  // Rewind: the charts show the past again.
  await page.getByLabel('Time line').fill('100');
  await expect(page.locator('#chart-counts-summary')).toHaveText('At 00:01:40: desired 6, running 6, healthy 6.');
});
