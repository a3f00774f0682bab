import { readFileSync } from 'node:fs';
import { test, expect, openLab, advanceTo, consoleGroup, openTab, taskRows } from './fixtures';

test('a share link opens the same session at the same second in a new page', async ({ page, context }) => {
  await openLab(page);
  await advanceTo(page, 30);
  const services = await consoleGroup(page, 'Services');
  await services.locator('#form-update-service').getByLabel('Desired tasks').fill('8');
  await services.locator('#form-update-service').getByRole('button', { name: 'Update service' }).click();
  await openTab(page, 'Cluster');
  await advanceTo(page, 95);
  const status = await page.locator('#status').textContent();
  const ids = await taskRows(page).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.taskId).sort());
  expect(ids).toHaveLength(8);

  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByLabel('Link', { exact: true }).inputValue();
  expect(link).toMatch(/#s=[A-Za-z0-9+\-$]+$/);
  expect(page.url()).toBe(link);

  const other = await context.newPage();
  const errors: string[] = [];
  other.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  other.on('pageerror', (e) => errors.push(e.message));
  await other.goto(link);
  await expect(other.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(other.locator('#clock')).toHaveText('00:01:35');
  await expect(other.locator('#play')).toHaveAttribute('aria-pressed', 'false');
  await expect(other.locator('#status')).toHaveText(status!);
  expect(await other.locator('#task-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.taskId).sort())).toEqual(ids);
  await expect(other.locator('#problem')).toBeHidden();
  // The action log came along: it is in the session, and the scrubber can rewind before it.
  await other.getByRole('tab', { name: 'Console' }).click();
  await expect(other.locator('#action-log li')).toHaveCount(1);
  await expect(other.locator('#action-log')).toContainText('UpdateService');
  await other.getByLabel('Time line').fill('10');
  await expect(other.locator('#task-table tbody tr')).toHaveCount(6);
  expect(errors).toEqual([]);
});

test('a truncated or tampered link opens a clear message and a working default page', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByLabel('Link', { exact: true }).inputValue();

  await page.goto(link.slice(0, link.length - Math.floor((link.length - link.indexOf('#s=')) / 2)));
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/This link is damaged|This link was changed/);
  await expect(page.locator('#status')).toContainText('tasks');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.locator('#problem')).toBeHidden();

  // One character changed inside the payload.
  const i = link.indexOf('#s=') + 40;
  const swapped = link.slice(0, i) + (link[i] === 'A' ? 'B' : 'A') + link.slice(i + 1);
  await page.goto(swapped);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByRole('alert')).toContainText(/This link is damaged|This link was changed/);
  await page.getByRole('button', { name: 'Open the default scenario' }).click();
  await expect(page.locator('#problem')).toBeHidden();
  await expect(page.locator('#where')).toHaveText('us-east-1 · lab');
});

test('a link made by the first link format still opens', async ({ page }) => {
  const v1 = 'N4IgNglgdg1iBcBGANCALgxAmADKgzgMYCmUAhgE4QD2CoRAFsQLZkBqxF+NUmq5zYghABxamAAmpAASRYIAsWISEAZlQSArhTJoeAZWKFqUCfjU48IQmE340nOtdv3OAOTKDhAc3ErUZABuZBBgZABGoRBoAJ4AWibE5vAA2iB2ALTEZPYZiGQK6fhZOWh54SAAuqjGUGghUJwAklD2ZFAkySmg0G0dxAAqMQAOQvAgzACsAHRhFN5CAcGhEVGxCY3Cmdm5+YXGmnWYAL7IPa31-UOjwlOzlAuFQSFhkZDriVvFO2WIFTXUQ4YJDHSqndA5GAAEWIADNoNEeF1QLDPKEYsIyMMIPthpphFhJgA2QqCZjUCgY8aTbCFRpoADuFJgAFlqFJhOEqBJHqgKMQAI6aCD8-AAYWozGGuggb0RSQQaQAomKsFUAXUGpwYfCoIiTMiQAIxiAsTjUBBWI9xmakIUkvhSHoyGAEGgKJpiKDQYoKIEIJ1FfROP6SB4vDbsYV6vhoXCEXoTJioxokiLlBKgQgsKgwodCAxriaVWqfabCInWkHTcCiShy5XhABVYYSXTEQx+gOLED8oVJYHBrskZPmkBSbj8iSZo7wAAsx29NSYhDg4wA7LgiXPYUSAJwgY5AA';
  await openLab(page, `./#s=${v1}`);
  await expect(page.locator('#where')).toHaveText('us-east-1 · gold');
  await expect(page.locator('#clock')).toHaveText('00:02:00');
  await expect(page.locator('#task-table tbody tr[data-status="RUNNING"]')).toHaveCount(4);
  await expect(page.locator('#problem')).toBeHidden();
});

test('export and import scenario JSON; a broken file names the field', async ({ page }, info) => {
  await openLab(page);
  await advanceTo(page, 20);
  const services = await consoleGroup(page, 'Services');
  await services.locator('#form-update-service').getByLabel('Desired tasks').fill('4');
  await services.locator('#form-update-service').getByRole('button', { name: 'Update service' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('a-first-cluster-t20.json');
  const path = info.outputPath('exported.json');
  await download.saveAs(path);
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { schemaVersion: number; seed: number; actions: { at: number; action: string; request: Record<string, unknown> }[] };
  expect(doc.schemaVersion).toBe(1);
  expect(doc.seed).toBe(1);
  expect(doc.actions).toEqual([{ at: 21, action: 'UpdateService', request: { service: 'web', desiredCount: 4 } }]);

  // Import it into a fresh page: the same scenario, with the action replayed at 21 s.
  await page.goto('./');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import' }).click();
  await (await choosing).setFiles(path);
  await expect(page.locator('#notice')).toContainText('Opened A first cluster');
  await advanceTo(page, 90);
  await expect(taskRows(page)).toHaveCount(4);

  const choosing2 = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import' }).click();
  await (await choosing2).setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...doc, cluster: { clusterName: 'x', availabilityZones: 'us-east-1a' } })) });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('broken.json cannot be opened');
  await expect(alert).toContainText('cluster.availabilityZones');
  await expect(alert).toContainText('"us-east-1a"');
  await expect(alert).toContainText('array');
  // The running session is untouched.
  await expect(taskRows(page)).toHaveCount(4);
});

test('the scenario picker opens any bundled scenario, with another seed', async ({ page }) => {
  await openLab(page);
  const select = page.getByLabel('Scenario', { exact: true });
  const options = await select.locator('option:not([disabled])').allTextContents();
  expect(options[0]).toBe('A first cluster');
  expect(options.length).toBeGreaterThan(1);
  await select.selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.locator('#notice')).toContainText(`Opened ${options[1]}`);
  await expect(page.locator('#problem')).toBeHidden();

  // Seeds change the draws, not the rules: the first cluster with seed 2 has other ids.
  await select.selectOption({ label: 'A first cluster' });
  await page.getByLabel('Seed').fill('1');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await advanceTo(page, 30);
  const seed1 = await taskRows(page).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.taskId));
  await page.getByLabel('Seed').fill('2');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await advanceTo(page, 30);
  const seed2 = await taskRows(page).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.taskId));
  expect(seed2).toHaveLength(6);
  expect(seed2).not.toEqual(seed1);
  await page.getByLabel('Seed').fill('two');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByLabel('Seed')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#notice')).toContainText('Seed must be a whole number');
});
