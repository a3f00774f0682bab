import { test, expect, openLab, pause, advanceTo, clockSeconds, consoleGroup, openTab, taskRows } from './fixtures';

test('speed runs on a logarithmic scale from 0.25× to 512×', async ({ page }) => {
  await openLab(page);
  const speed = page.getByLabel('Speed');
  const expected = ['.25×', '.5×', '1×', '2×', '4×', '8×', '16×', '32×', '64×', '128×', '256×', '512×'];
  for (const [i, label] of expected.entries()) {
    await speed.fill(String(i));
    await expect(page.locator('#speed-out')).toHaveText(label);
    await expect(speed).toHaveAttribute('aria-valuetext', label);
  }
  // The keyboard reaches the same control: one notch down from 512×.
  await speed.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('#speed-out')).toHaveText('256×');
});

test('rewinding replays the past exactly, playing on replays the recorded future, acting forks a new one', async ({ page }) => {
  await openLab(page);
  await advanceTo(page, 30);
  // An action at 30 s: scale web from 6 to 9.
  const services = await consoleGroup(page, 'Services');
  const update = services.locator('#form-update-service');
  await update.getByLabel('Desired tasks').fill('9');
  await update.getByRole('button', { name: 'Update service' }).click();
  await expect(update.locator('.form-result')).toHaveText('Updated service web.');
  await openTab(page, 'Cluster');
  await advanceTo(page, 120);
  await expect(page.locator('#task-table tbody tr[data-status="RUNNING"]')).toHaveCount(9);
  const statusAt120 = await page.locator('#status').textContent();
  const idsAt120 = await page.locator('#task-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.taskId));

  // Rewind to 20 s: before the action, six tasks, and the scrubber knows the future.
  const scrubber = page.getByLabel('Time line');
  await scrubber.fill('20');
  await expect(page.locator('#clock')).toHaveText('00:00:20');
  await expect(page.locator('#task-table tbody tr[data-status="RUNNING"]')).toHaveCount(6);
  await expect(page.locator('#timeline-info')).toContainText('1 action replay');
  await expect(page.locator('#fork')).toBeEnabled();

  // Forward again to 120 s: the same tasks, ids and all (deterministic replay of the action).
  await scrubber.fill('120');
  await expect(page.locator('#clock')).toHaveText('00:02:00');
  await expect(page.locator('#status')).toHaveText(statusAt120!);
  expect(await page.locator('#task-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.taskId))).toEqual(idsAt120);

  // Back to 20 s and act differently: the recorded future is dropped.
  await scrubber.fill('20');
  await consoleGroup(page, 'Services');
  await update.getByLabel('Desired tasks').fill('3');
  await update.getByRole('button', { name: 'Update service' }).click();
  await expect(page.locator('#timeline-info')).not.toContainText('replay');
  await expect(page.locator('#action-log li')).toHaveCount(1);
  await expect(page.locator('#action-log')).toContainText('"desiredCount":3');
  await openTab(page, 'Cluster');
  await advanceTo(page, 120);
  await expect(taskRows(page)).toHaveCount(3);
});

test('fork from here drops the recorded future without acting', async ({ page }) => {
  await openLab(page);
  await advanceTo(page, 10);
  const services = await consoleGroup(page, 'Services');
  await services.locator('#form-update-service').getByLabel('Desired tasks').fill('2');
  await services.locator('#form-update-service').getByRole('button', { name: 'Update service' }).click();
  await advanceTo(page, 90);
  await expect(taskRows(page)).toHaveCount(2);
  await page.getByLabel('Time line').fill('5');
  await expect(page.locator('#timeline-info')).toContainText('1 action replays on play');
  await page.getByRole('button', { name: 'Fork from here' }).click();
  await expect(page.locator('#notice')).toContainText('1 recorded action dropped');
  await expect(page.getByRole('button', { name: 'Fork from here' })).toBeDisabled();
  await expect(page.locator('#action-log li')).toHaveText(/None yet/);
  await advanceTo(page, 90);
  await expect(taskRows(page)).toHaveCount(6);
});

test('stepping with the keyboard on the cluster view, and back one second', async ({ page }) => {
  await openLab(page);
  await pause(page);
  const t = await clockSeconds(page);
  await page.locator('.stage').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => clockSeconds(page)).toBe(t + 1);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => clockSeconds(page)).toBe(t);
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveAttribute('aria-pressed', 'true');
});
