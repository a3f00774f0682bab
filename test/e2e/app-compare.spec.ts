import { test, expect, openLab, advanceTo, clockSeconds, consoleGroup, openTab } from './fixtures';

test('compare EC2 and Fargate side by side on one clock and the same traffic', async ({ page }) => {
  await openLab(page);
  await advanceTo(page, 5);
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.getByLabel('B starts from').selectOption('variant:fargate');
  await expect(page.getByLabel('Scenario B (JSON)')).toHaveValue(/"launchType": "FARGATE"/);
  await page.getByRole('button', { name: 'Start comparing' }).click();
  await expect(page.locator('#pane-b')).toBeVisible();
  await expect(page.locator('#pane-b canvas[role="img"]')).toBeVisible();
  await expect(page.locator('#pane-a-title')).toHaveText('A · A first cluster');
  await expect(page.locator('#pane-b-title')).toHaveText('B · A first cluster (on Fargate)');

  await advanceTo(page, 120);
  const table = page.locator('#compare-numbers');
  await expect(table).toContainText('A and B at the same second');
  const row = (name: string) => table.locator('tbody tr', { has: page.locator('th', { hasText: name }) });
  await expect(row('web: desired / running / healthy').locator('td')).toHaveText(['6 / 6 / 6', '6 / 6 / 6']);
  // EC2 pays for six m5.large instances; Fargate pays for six 0.25 vCPU tasks.
  const cost = await row('Cost per hour').locator('td').allTextContents();
  const [a, b] = cost.map((c) => Number(c.replace('$', '')));
  expect(a).toBeGreaterThan(b! * 3);

  // Both rewind together.
  await page.getByLabel('Time line').fill('60');
  expect(await clockSeconds(page)).toBe(60);

  // A console action goes to both by default: scale both to 3.
  const services = await consoleGroup(page, 'Services');
  await expect(page.getByRole('group', { name: 'Send actions to' })).toBeVisible();
  await services.locator('#form-update-service').getByLabel('Desired tasks').fill('3');
  await services.locator('#form-update-service').getByRole('button', { name: 'Update service' }).click();
  await openTab(page, 'Cluster');
  await advanceTo(page, 150);
  await expect(row('web: desired / running / healthy').locator('td')).toHaveText(['3 / 3 / 3', '3 / 3 / 3']);

  // Charts draw B dashed beside A.
  await openTab(page, 'Charts');
  await expect(page.locator('#chart-latency-summary')).toContainText('B p50 ms');

  await page.getByRole('button', { name: 'Compare: on' }).click();
  await page.getByRole('button', { name: 'Stop comparing' }).click();
  await expect(page.locator('#pane-b')).toBeHidden();
  await expect(page.locator('#compare-table')).toBeHidden();
});

test('a second configuration the API rejects says which field, and nothing starts', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'Compare' }).click();
  const json = page.getByLabel('Scenario B (JSON)');
  const doc = JSON.parse(await json.inputValue()) as { services: { desiredCount: unknown }[] };
  doc.services[0]!.desiredCount = 'many';
  await json.fill(JSON.stringify(doc));
  await page.getByRole('button', { name: 'Start comparing' }).click();
  await expect(page.locator('#compare-error')).toContainText('services[0].desiredCount');
  await expect(json).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#pane-b')).toBeHidden();
  await json.fill('{ not json');
  await page.getByRole('button', { name: 'Start comparing' }).click();
  await expect(page.locator('#compare-error')).toContainText('not valid JSON');
});

test('compare rolling and canary: one deployment sent to both, two ways of shifting traffic', async ({ page }) => {
  await openLab(page);
  await advanceTo(page, 60);
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.getByLabel('B starts from').selectOption('variant:canary');
  await page.getByRole('button', { name: 'Start comparing' }).click();
  await expect(page.locator('#pane-b-title')).toHaveText('B · A first cluster (canary)');

  const tds = await consoleGroup(page, 'Task definitions');
  await tds.locator('#form-register-td').getByLabel('Image', { exact: true }).fill('123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2.0');
  await tds.locator('#form-register-td').getByRole('button', { name: 'Register revision' }).click();
  await expect(tds.locator('#form-register-td .form-result')).toHaveText('Registered web:2.');
  const update = (await consoleGroup(page, 'Services')).locator('#form-update-service');
  await update.getByLabel('Task definition').selectOption('web:2');
  await update.getByRole('button', { name: 'Update service' }).click();
  await expect(update.locator('.form-result')).toHaveText('Updated service web.');

  await openTab(page, 'Cluster');
  await advanceTo(page, 180);
  const row = (name: string) => page.locator('#compare-numbers tbody tr', { has: page.locator('th', { hasText: name }) });
  // Canary: 10 % of requests to the green target group while both revisions run in full.
  await expect(row('web: traffic').locator('td').nth(1)).toHaveText('web-tg 90%, web-tg-green 10%');
  await expect(row('web: revisions').locator('td').nth(1)).toHaveText('web:1 ×6, web:2 ×6');
  // Rolling: no traffic weights; by now every task runs web:2.
  await expect(row('web: revisions').locator('td').nth(0)).toHaveText('web:2 ×6');
  await expect(row('web: traffic').locator('td').nth(0)).toHaveText("all to the service's target group");
});
