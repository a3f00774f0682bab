/**
 * Lesson 10 walked by hand with the console's forms (not "Show me"): App Runner at its ceiling,
 * one CreateExpressGatewayService, DescribeExpressGatewayService, then the scalable target and
 * the subnets changed directly. Screenshots at three sizes go to test-results/express/.
 */
import type { Page } from '@playwright/test';
import { test, expect, openLab, consoleGroup, openTab } from './fixtures';
import { LESSONS } from '../../lessons/index';

/** Answers a step's questions as a learner who read them would: the step moves on only once they are answered. */
async function answerAll(page: Page, stepId: string): Promise<void> {
  const lesson = LESSONS.find((l) => l.number === 10)!;
  const article = page.locator(`.lessons article.lesson-step[data-step="${stepId}"]`);
  for (const q of lesson.steps.find((x) => x.id === stepId)!.questions ?? []) {
    await article.locator(`#q-${q.id}-${q.choices.find((c) => c.correct)!.id}`).check();
  }
}

const SIZES = [[1440, 900], [1024, 768], [390, 844]] as const;

async function shots(page: Page, name: string): Promise<void> {
  const was = page.viewportSize()!;
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `test-results/express/${name}-${w}x${h}.png` });
  }
  await page.setViewportSize(was);
}

async function speed(page: Page, value: string): Promise<void> {
  await page.getByLabel('Speed').fill(value);
}

async function play(page: Page): Promise<void> {
  const button = page.locator('#play');
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
}

async function setTraffic(page: Page, target: string, rps: number): Promise<void> {
  const form = (await consoleGroup(page, 'Traffic')).locator('#form-set-traffic');
  await form.getByLabel('Service', { exact: true }).selectOption(target);
  await form.getByLabel('Requests per second').fill(String(rps));
  await form.getByLabel('Ramp over (s)').fill('0');
  await form.getByRole('button', { name: 'Set traffic' }).click();
  await expect(form.locator('.form-result')).toContainText(`Traffic to ${target}`);
}

test('lesson 10 by hand: App Runner ceiling, one Express call, its resources, then changed directly', async ({ page }) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page, './?lesson=apprunner-to-ecs');
  await expect(page.locator('body')).toHaveAttribute('data-lessons', 'ready', { timeout: 20_000 });
  const panel = page.locator('.lessons');
  const step = (id: string) => panel.locator(`article.lesson-step[data-step="${id}"]`);

  // Step 1: the ceiling.
  await setTraffic(page, 'shop-apprunner', 80000);
  await speed(page, '8');
  await play(page);
  await expect(step('ceiling').locator('.step-done')).toBeVisible({ timeout: 120_000 });
  await shots(page, '1-ceiling');
  await answerAll(page, 'ceiling');
  await step('ceiling').getByRole('button', { name: 'Next step →' }).click();

  // Step 2: one CreateExpressGatewayService, then the load.
  const express = await consoleGroup(page, 'ECS Express Mode');
  const create = express.locator('#form-express-create');
  await create.getByLabel('Service name').fill('shop');
  await create.getByLabel('Image', { exact: true }).fill('123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:5');
  await create.getByLabel('Container port').fill('8080');
  await create.getByLabel('Minimum tasks').fill('10');
  await create.getByRole('button', { name: 'Create Express service' }).click();
  await expect(create.locator('.form-result')).toContainText('https://sh-');
  await page.waitForTimeout(2500);
  await shots(page, '2-created');
  // Once its first deployment has completed (a few simulated minutes), move the load.
  await openTab(page, 'Cluster');
  await expect(page.locator('#events')).toContainText('shop has reached a steady state', { timeout: 120_000 });
  await setTraffic(page, 'shop', 80000);
  await setTraffic(page, 'shop-apprunner', 0);
  await speed(page, '10');
  await expect(step('express').locator('.step-done')).toBeVisible({ timeout: 240_000 });
  await shots(page, '3-at-max');
  await answerAll(page, 'express');
  await step('express').getByRole('button', { name: 'Next step →' }).click();

  // Step 3: describe it, and look at it in the inspector.
  const describe = express.locator('#form-express-describe');
  await describe.getByRole('button', { name: 'Describe' }).click();
  await expect(describe.locator('.form-result')).toContainText('shop: ACTIVE at https://');
  await expect(step('inspect').locator('.step-done')).toBeVisible({ timeout: 60_000 });
  await openTab(page, 'Cluster');
  await expect(page.locator('.svc[data-service="shop"] .express-badge')).toHaveText('Express');
  await page.getByRole('button', { name: 'Inspect service shop' }).click();
  await openTab(page, 'Inspect');
  await expect(page.getByRole('region', { name: 'DescribeExpressGatewayService response' })).toContainText('"ingressPaths"');
  await shots(page, '3b-inspect');
  await answerAll(page, 'inspect');
  await step('inspect').getByRole('button', { name: 'Next step →' }).click();

  // Step 4: change the resources directly.
  const scaling = await consoleGroup(page, 'Service auto scaling');
  const target = scaling.locator('#form-scalable-target');
  await target.getByLabel('Service', { exact: true }).selectOption({ label: 'shop' });
  await target.getByLabel('Minimum tasks').fill('10');
  await target.getByLabel('Maximum tasks').fill('200');
  await target.getByRole('button', { name: 'Register target' }).click();
  await expect(target.locator('.form-result')).toContainText('between 10 and 200');
  const subnets = (await consoleGroup(page, 'ECS Express Mode')).locator('#form-service-subnets');
  await subnets.getByLabel('Service', { exact: true }).selectOption('shop');
  await subnets.getByLabel(/subnet-private-1a/).check();
  await subnets.getByLabel(/subnet-private-1b/).check();
  await subnets.getByRole('button', { name: 'Update subnets' }).click();
  await expect(subnets.locator('.form-result')).toContainText("shop's new tasks");
  await expect(step('direct').locator('.step-done')).toBeVisible({ timeout: 300_000 });
  await shots(page, '4-direct');
  await openTab(page, 'Inspect');
  await shots(page, '5-inspect');
});
