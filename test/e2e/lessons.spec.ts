/**
 * The lesson player on the real page: every lesson walked step by step with "Show me" (the goals
 * must turn ✓ and the step complete), with screenshots; progress saved, exported, imported, and
 * a corrupt saved copy recovered with a message and kept.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, openLab } from './fixtures';
import { LESSONS } from '../../lessons/index';

/** Opens the page with the lesson column and waits for it. */
async function openLessons(page: Page, query: string): Promise<void> {
  await openLab(page, `./?${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-lessons', 'ready', { timeout: 20_000 });
}

async function fastest(page: Page): Promise<void> {
  await page.getByLabel('Speed').fill('11');
  await expect(page.locator('#speed-out')).toHaveText('512×');
}

for (const lesson of LESSONS) {
  test(`lesson ${lesson.number}, ${lesson.title}: every step completes with Show me`, async ({ page }) => {
    test.setTimeout(240_000);
    await openLessons(page, `lesson=${lesson.id}`);
    const panel = page.locator('.lessons');
    await expect(panel.locator('.lesson-title')).toHaveText(`${lesson.number}. ${lesson.title}`);
    // Lesson prose is rendered Markdown: citations of the reference carry the section's title.
    await expect(panel.locator('.lesson-intro abbr.cite').first()).toHaveAttribute('title', /^Reference §\d/);
    await fastest(page);
    for (const [i, step] of lesson.steps.entries()) {
      const article = panel.locator(`article.lesson-step[data-step="${step.id}"]`);
      await expect(article).toBeVisible();
      await expect(panel.locator('.lesson-progress')).toHaveText(`Step ${i + 1} of ${lesson.steps.length}: ${step.title}`);
      await expect(article.locator('.goal')).toHaveCount(step.goals.length);
      if (!step.passive) await expect(article.locator('.goal[data-met="false"]').first()).toBeVisible();
      // Predictions first: pick the right answer and read the explanation.
      for (const q of (step.questions ?? []).filter((x) => x.kind === 'predict')) {
        const right = q.choices.find((c) => c.correct)!;
        await article.locator(`#q-${q.id}-${right.id}`).check();
        await expect(article.locator(`fieldset[data-question="${q.id}"] .verdict`)).toHaveText('✓ Right.');
      }
      if (step.hints.length) {
        await article.getByRole('button', { name: /^Hint/ }).click();
        await expect(article.locator('.hint')).toHaveCount(1);
      }
      await article.getByRole('button', { name: 'Show me' }).click();
      await expect(article.locator('.showme-command').first()).toBeVisible();
      await expect(article.locator('.step-done')).toBeVisible({ timeout: 180_000 });
      await expect(article.locator('.goal[data-met="true"]')).toHaveCount(step.goals.length);
      await expect(article.locator('.showme-command[data-state="rejected"]')).toHaveCount(0);
      for (const q of (step.questions ?? []).filter((x) => x.kind === 'quiz')) {
        const wrong = q.choices.find((c) => !c.correct)!;
        await article.locator(`#q-${q.id}-${wrong.id}`).check();
        await expect(article.locator(`fieldset[data-question="${q.id}"] .verdict`)).toHaveText('✗ Not quite.');
      }
      if (i === 0 || i === lesson.steps.length - 1) {
        await page.screenshot({ path: `test-results/screenshots/lessons/${String(lesson.number).padStart(2, '0')}-${lesson.id}-${step.id}.png` });
      }
      if (i < lesson.steps.length - 1) await article.getByRole('button', { name: 'Next step →' }).click();
    }
    await expect(panel.locator('.lesson-finished')).toHaveText(`Lesson ${lesson.number} finished`);
    await panel.getByRole('button', { name: 'Back to all lessons' }).click();
    await expect(panel.locator(`.lesson-item[data-lesson="${lesson.id}"]`)).toHaveAttribute('data-state', 'finished');
  });
}

test('progress survives a reload, exports and imports; a corrupt copy is kept with a message', async ({ page }) => {
  test.setTimeout(120_000);
  await openLessons(page, 'lessons');
  const panel = page.locator('.lessons');
  await expect(panel.locator('.lesson-item')).toHaveCount(LESSONS.length);
  await page.screenshot({ path: 'test-results/screenshots/lessons/course.png' });
  const first = LESSONS[0]!;
  await panel.getByRole('button', { name: `Start lesson 1: ${first.title}` }).click();
  await fastest(page);
  const article = panel.locator(`article.lesson-step[data-step="${first.steps[0]!.id}"]`);
  await article.getByRole('button', { name: 'Show me' }).click();
  await expect(article.locator('.step-done')).toBeVisible({ timeout: 60_000 });
  // A step goes on once its questions are answered too.
  await expect(article.locator('.questions-due')).toBeVisible();
  for (const q of first.steps[0]!.questions ?? []) await article.locator(`#q-${q.id}-${q.choices[0]!.id}`).check();
  await article.getByRole('button', { name: 'Next step →' }).click();
  await expect(panel.locator('.lesson-progress')).toContainText('Step 2 of');

  // Reload: the lesson list remembers one step done, and Continue resumes at step 2.
  await openLessons(page, 'lessons');
  await expect(panel.locator(`.lesson-item[data-lesson="${first.id}"] .lesson-item-status`)).toHaveText(`1 of ${first.steps.length} steps`);
  await panel.getByRole('button', { name: `Continue lesson 1: ${first.title}` }).click();
  await expect(panel.locator('.lesson-progress')).toContainText('Step 2 of');
  await expect(panel.locator('.step-dot[data-state="done"]')).toHaveCount(1);
  await panel.getByRole('button', { name: '← All lessons' }).click();

  // Export, then import into a fresh page.
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export progress' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { kind: string; version: number; lessons: Record<string, { completed: string[] }> };
  expect(exported.kind).toBe('ecs-lab-lesson-progress');
  expect(exported.lessons[first.id]!.completed).toEqual([first.steps[0]!.id]);
  await page.evaluate(() => localStorage.clear());
  await openLessons(page, 'lessons');
  await expect(panel.locator(`.lesson-item[data-lesson="${first.id}"]`)).toHaveAttribute('data-state', 'new');
  await panel.locator('input[type="file"]').setInputFiles(file);
  await expect(panel.locator('.lessons-message').first()).toContainText('Imported');
  await expect(panel.locator(`.lesson-item[data-lesson="${first.id}"] .lesson-item-status`)).toHaveText(`1 of ${first.steps.length} steps`);

  // A corrupt saved copy: the page says so, keeps it for download, and starts afresh.
  await page.evaluate(() => localStorage.setItem('ecs-lab.lessons.progress.v1', '{"kind":"ecs-lab-lesson-progress","version":1,"lessons":{"building-blocks":{"completed":["run-task","nope"],"stepIndex":1}}'));
  await openLessons(page, 'lessons');
  await expect(panel.locator('.lessons-message.warn').first()).toContainText('could not be read');
  await expect(panel.locator('.lessons-kept')).toBeVisible();
  const kept = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download the kept copy' }).click();
  expect(readFileSync(await (await kept).path(), 'utf8')).toContain('"nope"');
  await page.screenshot({ path: 'test-results/screenshots/lessons/recovered.png' });

  // A partly stale copy is recovered: what still fits is kept, what does not is listed.
  await page.evaluate(() => localStorage.setItem('ecs-lab.lessons.progress.v1', JSON.stringify({ kind: 'ecs-lab-lesson-progress', version: 1, current: null,
    lessons: { 'building-blocks': { completed: ['run-task', 'a-step-that-was-removed'], stepIndex: 1 }, 'no-such-lesson': {} } })));
  await openLessons(page, 'lessons');
  await expect(panel.locator('.lessons-messages')).toContainText('a-step-that-was-removed');
  await expect(panel.locator('.lessons-messages')).toContainText('no-such-lesson');
  await expect(panel.locator(`.lesson-item[data-lesson="${first.id}"] .lesson-item-status`)).toHaveText(`1 of ${first.steps.length} steps`);
});

test('a lesson notices when another scenario replaces its cluster, and reopens it', async ({ page }) => {
  await openLessons(page, 'lesson=placement');
  const panel = page.locator('.lessons');
  await expect(panel.locator('.lesson-title')).toHaveText('3. Task placement');
  await expect(page.locator('#where')).toHaveText('us-east-1 · placement');
  await page.locator('#scenario-select').selectOption({ index: 0 });
  await page.locator('#open-scenario').click();
  await expect(panel.locator('.lesson-lost')).toBeVisible();
  await expect(panel.locator('.lesson-lost')).toContainText('no longer on screen');
  await panel.getByRole('button', { name: "Reopen the lesson's cluster" }).click();
  await expect(panel.locator('.lesson-lost')).toBeHidden();
  await expect(page.locator('#where')).toHaveText('us-east-1 · placement');
  await expect(panel.locator('.goal').first()).toBeVisible();
});

for (const theme of ['dark', 'light'] as const) {
  test(`axe finds no serious or critical violation in the lesson player (${theme} theme)`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: theme });
    const serious = async () => (await new AxeBuilder({ page }).include('.lessons').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze())
      .violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
    await openLessons(page, 'lessons');
    expect(await serious(), 'course list').toEqual([]);
    await page.locator('.lessons').getByRole('button', { name: /^Start lesson 3:/ }).click();
    const article = page.locator('article.lesson-step');
    await article.locator('#q-binpack-predict-alpha').check();
    await article.getByRole('button', { name: /^Hint/ }).click();
    await fastest(page);
    await article.getByRole('button', { name: 'Show me' }).click();
    await expect(article.locator('.step-done')).toBeVisible({ timeout: 60_000 });
    expect(await serious(), 'a completed step with a wrong prediction, a hint and Show me').toEqual([]);
  });
}
