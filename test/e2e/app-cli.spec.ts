import { test, expect, openLab, pause, openTab } from './fixtures';

test('the AWS CLI command line: commands, output, errors, history, completion, waiters', async ({ page }) => {
  await openLab(page);
  await pause(page);
  await openTab(page, 'Console');
  const input = page.getByRole('textbox', { name: 'AWS CLI command' });
  const output = page.getByRole('log', { name: 'AWS CLI output' });
  const latest = output.locator('.cli-entry').first();

  await input.fill('aws ecs update-service --cluster lab --service web --desired-count 5 --query service.desiredCount');
  await input.press('Enter');
  await expect(latest.locator('.cli-stdout')).toHaveText('5');
  await expect(latest.locator('.cli-exit')).toHaveText('exit status 0');
  // The same recorded path as every other control.
  await expect(page.locator('#action-log')).toContainText('UpdateService');
  await expect(page.locator('#action-log')).toContainText('"desiredCount":5');

  await input.fill('aws ecs update-service --cluster lab --service nope --desired-count 1');
  await input.press('Enter');
  await expect(latest.locator('.cli-stderr')).toContainText('An error occurred (');
  await expect(latest.locator('.cli-stderr')).toContainText('when calling the UpdateService operation: ');
  await expect(latest.locator('.cli-exit')).toHaveText('exit status 254');

  // Output is text: a name with markup stays text.
  await input.fill('aws ecs describe-services --cluster lab --services "<b>x</b>" --query failures[0].arn');
  await input.press('Enter');
  await expect(latest.locator('.cli-stdout')).toContainText('<b>x</b>');
  await expect(output.locator('b')).toHaveCount(0);

  await input.press('ArrowUp');
  await expect(input).toHaveValue('aws ecs describe-services --cluster lab --services "<b>x</b>" --query failures[0].arn');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('aws ecs update-service --cluster lab --service nope --desired-count 1');
  await input.press('ArrowDown');
  await input.press('ArrowDown');
  await expect(input).toHaveValue('');

  await input.fill('aws ecs update-se');
  await input.press('Tab');
  await expect(input).toHaveValue('aws ecs update-service ');
  await input.pressSequentially('--desi');
  await input.press('Tab');
  await expect(input).toHaveValue('aws ecs update-service --desired-count ');
  await expect(input).toBeFocused();

  await input.fill('aws ecs wait services-stable --cluster lab --services web');
  await input.press('Enter');
  await expect(latest.locator('.cli-status')).toContainText('Waiting (ServicesStable)');
  await page.locator('#play').click();
  await expect(latest.locator('.cli-exit')).toHaveText('exit status 0', { timeout: 30_000 });
});
