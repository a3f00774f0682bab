import { test, expect, openLab, advanceTo, openTab } from './fixtures';

test('the inspector describes a task as DescribeTasks does, with its history and placement', async ({ page }) => {
  await openLab(page);
  await advanceTo(page, 40);
  const row = page.locator('#task-table tbody tr').first();
  const id = await row.getAttribute('data-task-id');
  await row.getByRole('button').click();
  await expect(page.getByRole('tab', { name: 'Inspect' })).toHaveAttribute('aria-selected', 'true');
  const json = page.getByLabel('DescribeTasks response JSON');
  const body = JSON.parse((await json.textContent())!) as { tasks: Record<string, unknown>[]; failures: unknown[] };
  expect(body.failures).toEqual([]);
  const task = body.tasks[0]!;
  expect(task.taskArn).toBe(`arn:aws:ecs:us-east-1:123456789012:task/lab/${id}`);
  expect(task.clusterArn).toBe('arn:aws:ecs:us-east-1:123456789012:cluster/lab');
  expect(task.taskDefinitionArn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web:1');
  expect(task.lastStatus).toBe('RUNNING');
  expect(task.launchType).toBe('EC2');
  expect(task.group).toBe('service:web');
  expect(String(task.startedBy)).toMatch(/^ecs-svc\/\d{19}$/);
  expect(String(task.containerInstanceArn)).toMatch(/^arn:aws:ecs:us-east-1:123456789012:container-instance\/lab\/[0-9a-f]{32}$/);
  expect((task.containers as { name: string }[])[0]!.name).toBe('web');

  // Its state history, in order, PROVISIONING to RUNNING.
  const steps = await page.locator('#task-history li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.status));
  expect(steps).toEqual(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING']);

  // Placement: every candidate instance and why it won or lost; the chosen one is the task's host.
  const placement = page.locator('#placement-explanation');
  await expect(placement).toContainText('Placed on container instance');
  await expect(placement).toContainText('spread(attribute:ecs.availability-zone)');
  await expect(placement.locator('tbody tr')).toHaveCount(6);
  await expect(placement.locator('tr[data-outcome="chosen"]')).toHaveCount(1);
  const chosen = await placement.locator('tr[data-outcome="chosen"] td').first().textContent();
  expect(String(task.containerInstanceArn)).toContain(chosen!);

  // The same object, later: the inspector follows the clock.
  await advanceTo(page, 45);
  await expect(page.getByLabel('DescribeTasks response JSON')).toContainText('"lastStatus": "RUNNING"');
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(page.locator('#tabpanel-inspect')).toContainText('Select a task, service, container instance or target group');
});

test('the inspector describes services and container instances', async ({ page }) => {
  await openLab(page);
  await advanceTo(page, 60);
  await page.getByRole('button', { name: 'Inspect service web' }).click();
  const svc = JSON.parse((await page.getByLabel('DescribeServices response JSON').textContent())!) as { services: Record<string, unknown>[] };
  const s = svc.services[0]!;
  expect(s.serviceArn).toBe('arn:aws:ecs:us-east-1:123456789012:service/lab/web');
  expect(s.desiredCount).toBe(6);
  expect(s.runningCount).toBe(6);
  expect(s.deploymentConfiguration).toEqual({ deploymentCircuitBreaker: { enable: false, rollback: false }, maximumPercent: 200, minimumHealthyPercent: 100 });
  const deployments = s.deployments as { status: string; rolloutState: string }[];
  expect(deployments[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED' });
  expect((s.events as { message: string }[])[0]!.message).toBe('(service web) has reached a steady state.');
  expect((s.loadBalancers as { targetGroupArn: string }[])[0]!.targetGroupArn).toContain('targetgroup/web-tg/');

  await openTab(page, 'Cluster');
  await page.locator('details', { has: page.locator('#instance-table') }).locator('summary').click();
  await page.locator('#instance-table tbody tr').first().getByRole('button').click();
  const ci = JSON.parse((await page.getByLabel('DescribeContainerInstances response JSON').textContent())!) as { containerInstances: Record<string, unknown>[] };
  const inst = ci.containerInstances[0]!;
  expect(inst.status).toBe('ACTIVE');
  expect(inst.agentConnected).toBe(true);
  expect(inst.runningTasksCount).toBe(1);
  const registered = inst.registeredResources as { name: string; integerValue?: number }[];
  const remaining = inst.remainingResources as { name: string; integerValue?: number }[];
  expect(registered.find((r) => r.name === 'CPU')!.integerValue).toBe(2048);
  expect(remaining.find((r) => r.name === 'CPU')!.integerValue).toBe(2048 - 256);
  expect((inst.attributes as { name: string; value: string }[]).some((a) => a.name === 'ecs.availability-zone')).toBe(true);
});

test('clicking the load balancer on the canvas describes it as ELBv2 does', async ({ page }) => {
  await openLab(page);
  await advanceTo(page, 5);
  // The Application Load Balancer card sits above the cluster; where exactly depends on how the
  // layout fits the canvas, so click down the upper part of the canvas as a learner would look for it.
  const host = (await page.locator('#canvas-host').boundingBox())!;
  const title = page.locator('.inspect-title');
  let found = false;
  for (let fy = 0.06; fy < 0.45 && !found; fy += 0.04) {
    for (const fx of [0.5, 0.4, 0.6, 0.3, 0.7]) {
      await page.mouse.click(host.x + host.width * fx, host.y + host.height * fy);
      if ((await title.count()) && (await title.textContent()) === 'Load balancer web-alb') { found = true; break; }
    }
  }
  expect(found, 'a click on the load balancer card opens it in the inspector').toBe(true);
  await expect(page.getByRole('tab', { name: 'Inspect' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.inspect-title')).toHaveText('Load balancer web-alb');
  const lb = JSON.parse((await page.getByLabel('DescribeLoadBalancers response JSON').textContent())!) as { LoadBalancers: { LoadBalancerName: string; Type: string }[] };
  expect(lb.LoadBalancers[0]).toMatchObject({ LoadBalancerName: 'web-alb', Type: 'application' });
  const listeners = JSON.parse((await page.getByLabel('DescribeListeners response JSON').textContent())!) as { Listeners: { Port: number; Protocol: string }[] };
  expect(listeners.Listeners).toEqual([expect.objectContaining({ Port: 80, Protocol: 'HTTP' })]);
  await expect(page.getByLabel('DescribeTargetGroupAttributes (web-tg) response JSON')).toContainText('deregistration_delay.timeout_seconds');
  await page.screenshot({ path: 'test-results/screenshots/inspect-load-balancer.png' });
});
