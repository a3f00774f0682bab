/**
 * What a learner reads of failures (issue 15): a RunTask that cannot place a task shows the API's
 * failures[] beside the call (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html),
 * and the feed shows the console's form of the API's service events
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html).
 * Screenshots go to test-results/fidelity/ (git-ignored) at three screen sizes.
 */
import { test, expect, openLab, advanceTo, consoleGroup, openTab } from './fixtures';

for (const [width, height] of [[1440, 900], [1024, 768], [390, 844]] as const) {
  test(`RunTask failures beside the call and the feed's wording at ${width}x${height}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openLab(page);
    await advanceTo(page, 40);
    const run = (await consoleGroup(page, 'Tasks')).locator('#form-run-task');
    await run.getByLabel('Placement constraints (JSON)').fill('[{"type":"memberOf","expression":"attribute:ecs.instance-type == t2.micro"}]');
    await run.getByRole('button', { name: 'Run task' }).click();
    const result = run.locator('.form-result');
    await expect(result).toContainText('No task started.');
    await expect(result).toContainText(/Failures: MemberOf placement constraint unsatisfied \(container instance [0-9a-f]{8}\)\./);
    await result.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/fidelity/runtask-failure-${width}x${height}.png` });

    await openTab(page, 'Cluster');
    const feed = page.locator('#events');
    await expect(feed).toContainText(/service web has started 6 tasks: task [0-9a-f]{32}/);
    await expect(feed).toContainText('service web has reached a steady state.');
    await expect(feed).not.toContainText('(service web)');
    await feed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/fidelity/feed-${width}x${height}.png` });
  });
}
