/**
 * The sections of the behaviour reference (../shared/reference/ecs-behaviour.md) that lessons
 * cite as "(§3.1)". The player shows a citation's title beside it; `lessons:check` fails on a
 * citation of a section that does not exist, and, when the reference file is present, on a
 * title here that no longer matches a heading there.
 */
export const SECTIONS: Readonly<Record<string, string>> = {
  '1': 'Task placement',
  '1.1': 'Placement pipeline',
  '1.2': 'Placement strategy types',
  '1.3': 'Chaining and limits',
  '1.4': 'Constraints and the cluster query language',
  '1.5': 'Placement defaults',
  '1.6': 'When nothing fits',
  '1.7': 'Resource accounting on EC2 instances',
  '2': 'Task lifecycle, health checks, essential containers',
  '2.1': 'Task states (lastStatus)',
  '2.2': 'The essential flag',
  '2.3': 'Container health checks',
  '2.4': 'When a service counts a task as healthy',
  '2.5': 'healthCheckGracePeriodSeconds',
  '3': 'Rolling update',
  '3.1': 'Rolling update parameters and rounding',
  '3.2': 'How a rolling deployment proceeds',
  '3.3': 'Deployment circuit breaker',
  '4': 'Blue/green',
  '4.1': 'CodeDeploy-controlled blue/green',
  '4.2': 'ECS-native blue/green, linear, canary',
  '5': 'Service auto scaling',
  '5.1': 'Service auto scaling basics',
  '5.2': 'Target tracking behaviour',
  '5.3': 'Step scaling',
  '5.4': 'Scheduled scaling',
  '6': 'Capacity providers',
  '6.1': 'Capacity provider strategy semantics',
  '6.2': 'Fargate and Fargate Spot',
  '6.3': 'EC2 Auto Scaling group capacity providers',
  '7': 'Fargate',
  '7.1': 'Valid Fargate CPU/memory combinations',
  '7.2': 'Other Fargate facts',
  '7.3': 'Fargate and EC2 pricing',
  '8': 'AWS App Runner (comparison)',
  '9': 'Service Connect and Cloud Map',
  '9.1': 'Service discovery (Cloud Map DNS)',
  '9.2': 'Service Connect',
  '10': 'ECR and image pulls',
  '11': 'Quotas',
  '12': 'Load balancing (ALB target groups)',
  '13': 'ECS Express Mode',
};

/** The reference's heading text for each section (what the check compares against, lowercased prefix). */
export const HEADING_PREFIX: Readonly<Record<string, string>> = {
  '1': 'Task placement', '1.1': 'Pipeline', '1.2': 'Strategy types', '1.3': 'Chaining and limits',
  '1.4': 'Constraints and the cluster query language', '1.5': 'Defaults', '1.6': 'When nothing fits',
  '1.7': 'Resource accounting on EC2 instances', '2': 'Task lifecycle', '2.1': 'States', '2.2': '`essential` flag',
  '2.3': 'Container health checks', '2.4': 'When a service counts a task', '2.5': '`healthCheckGracePeriodSeconds`',
  '3': 'Rolling update', '3.1': 'Parameters and rounding', '3.2': 'How a rolling deployment proceeds',
  '3.3': 'Deployment circuit breaker', '4': 'Blue/green', '4.1': 'CodeDeploy-controlled', '4.2': 'ECS-native blue/green',
  '5': 'Service auto scaling', '5.1': 'Basics', '5.2': 'Target tracking behaviour', '5.3': 'Step scaling',
  '5.4': 'Scheduled scaling', '6': 'Capacity providers', '6.1': 'Strategy semantics', '6.2': 'Fargate and Fargate Spot',
  '6.3': 'EC2 Auto Scaling group capacity providers', '7': 'Fargate', '7.1': 'Valid task CPU/memory combinations',
  '7.2': 'Other Fargate facts', '7.3': 'Pricing', '8': 'AWS App Runner', '9': 'Service Connect and Cloud Map',
  '9.1': 'Service discovery', '9.2': 'Service Connect', '10': 'ECR and image pulls', '11': 'Quotas', '12': 'Load balancing',
  '13': 'ECS Express Mode',
};

/** Every "§n" or "§n.m" cited in a text (a list like "§1.5, §3.2" gives both). */
export function citations(text: string): string[] {
  return [...text.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => m[1]!);
}

/** Headings of a reference document: section number → heading text. */
export function referenceHeadings(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of markdown.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? (.+)$/gm)) out.set(m[1]!, m[2]!.trim());
  return out;
}
