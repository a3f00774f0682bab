import { test, expect, openLab } from './fixtures';

test('the first cluster starts its service on a WebGL canvas', async ({ page }) => {
  await openLab(page);
  await expect(page.locator('body')).toHaveAttribute('data-renderer', 'webgl');
  await expect(page.locator('#where')).toHaveText('us-east-1 · lab');

  // Tasks placed by the wasm core walk PROVISIONING → PENDING → RUNNING as the clock runs.
  const rows = page.locator('#task-table tbody tr');
  await expect(rows).toHaveCount(6, { timeout: 20_000 });
  await expect(page.locator('#task-table tbody tr[data-status="RUNNING"]')).toHaveCount(6, { timeout: 30_000 });
  await expect(page.locator('#status')).toContainText('6 RUNNING');
  await expect(page.locator('#status')).toContainText('6 placed on 6 container instances across 3 Availability Zones');

  // Every zone holds two of the six tasks (the default spread across Availability Zones).
  const zones = await page.locator('#task-table tbody tr td:nth-child(5)').allTextContents();
  for (const z of ['us-east-1a', 'us-east-1b', 'us-east-1c']) expect(zones.filter((x) => x === z)).toHaveLength(2);

  await expect(page.locator('#events')).toContainText('service web has reached a steady state.');
  await page.screenshot({ path: 'test-results/screenshots/first-cluster.png' });
});

test('play, pause, step and speed control the simulated clock', async ({ page }) => {
  await openLab(page);
  const play = page.getByRole('button', { name: 'Pause' });
  await play.click();
  await expect(page.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
  const clock = page.locator('#clock');
  const paused = await clock.textContent();
  await page.waitForTimeout(600);
  await expect(clock).toHaveText(paused!);

  await page.getByRole('button', { name: 'Step' }).click();
  const [h, m, s] = paused!.split(':').map(Number);
  const next = h! * 3600 + m! * 60 + s! + 1;
  const fmt = (t: number) => [Math.floor(t / 3600), Math.floor((t % 3600) / 60), t % 60].map((x) => String(x).padStart(2, '0')).join(':');
  await expect(clock).toHaveText(fmt(next));

  const speed = page.getByLabel('Speed');
  await speed.fill('11');
  await expect(page.locator('#speed-out')).toHaveText('512×');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(async () => {
    const [hh, mm, ss] = (await clock.textContent())!.split(':').map(Number);
    return hh! * 3600 + mm! * 60 + ss!;
  }, { timeout: 10_000 }).toBeGreaterThan(next + 300);
});
