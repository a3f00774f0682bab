import { test, expect, openLab, pause, clockSeconds } from './fixtures';
import { clock } from '../../src/sim/timeline';

/**
 * A cluster at scale from the picker: the wasm core places 10,000 tasks, the panel counts them from
 * the canvas's per-task frame and its table lists the first 200; the canvas starts afresh for the
 * new cluster (every zone's lane holds that zone's instances).
 */
test('the picker opens a cluster of 10,000 tasks that runs, counts and draws like any other', async ({ page }) => {
  await openLab(page);
  await page.locator('#scenario-select').selectOption('at-scale-10000');
  await expect(page.locator('#scenario-select option[value="at-scale-10000"]')).toHaveAttribute('title', /2 worker services of 5,000 tasks each/);
  await page.locator('#open-scenario').click();
  await expect(page.locator('#notice')).toHaveText('Opened At scale: 10,000 tasks.');
  await expect(page.locator('#where')).toHaveText('us-east-1 · scale');
  await page.locator('#speed').fill('6');
  await expect(page.locator('#status')).toHaveText(
    '10,000 tasks, 10,000 RUNNING, 0 starting; 10,000 placed on 175 container instances across 3 Availability Zones.', { timeout: 45_000 });
  await expect(page.locator('#services .svc')).toHaveCount(2);
  await expect(page.locator('#services .svc').first()).toContainText('5000');
  // The feed names the first ten of the 5,000 tasks a service started, then how many more.
  await expect(page.locator('#events')).toContainText(/has started 5000 tasks: (task [0-9a-f]{32} ){10}and 4,990 more\./);
  // The tasks table is open from the start; the instances table opens on request.
  await expect(page.locator('details', { has: page.locator('#task-table') })).toHaveAttribute('open', '');
  await expect(page.locator('#task-table caption')).toHaveText('Tasks not yet stopped: the first 200 of 10,000 (select any task on the canvas to inspect it)');
  await expect(page.locator('#task-table tbody tr')).toHaveCount(200);
  await page.locator('details', { has: page.locator('#instance-table') }).locator('summary').click();
  await expect(page.locator('#instance-table caption')).toHaveText('Registered container instances');
  await expect(page.locator('#instance-table tbody tr')).toHaveCount(175);
  // The canvas says what it shows: every instance of this cluster, in zones of its own.
  await expect(page.locator('#canvas-host canvas[role="img"]')).toHaveAttribute('aria-label', /Cluster scale in us-east-1: 3 Availability Zones, 175 container instances; 10,000 tasks \(10,000 running, 0 starting, 0 stopping\)/);
  // A task row opens the inspector on that task.
  const first = page.locator('#task-table tbody tr').first();
  const id = await first.getAttribute('data-task-id');
  await first.getByRole('button').click();
  await expect(page.getByRole('tab', { name: 'Inspect' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#tabpanel-inspect')).toContainText(id!.slice(0, 12));
  await page.getByRole('tab', { name: 'Cluster' }).click();
  await page.screenshot({ path: 'test-results/screenshots/at-scale-10000.png' });

  // Rewinding replays from the start: at this size the page says so, then lands on the second asked for.
  await pause(page);
  await page.locator('.stage').focus();
  const now = await clockSeconds(page);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(page.locator('#notice')).toHaveText(`Rewound to ${clock(now - 10)}.`, { timeout: 30_000 });
  await expect(page.locator('#clock')).toHaveText(clock(now - 10));
  await expect(page.locator('body')).not.toHaveAttribute('aria-busy', /./);
  await expect(page.locator('#status')).toContainText('10,000 tasks');
});

