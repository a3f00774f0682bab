/**
 * A missing image tag fails every pull, under every seed (issue 15, item 1).
 * Sources: stopped task error codes, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
 * (CannotPullContainerError; TaskFailedToStart is the stop code of a task that never started) and
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html.
 */
import { describe, expect, it } from 'vitest';
import { ec2TaskDef, fargateTaskDef, makeSim, taskChanges } from '../support/sim';

const m5 = { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a' }] };

function missingImageRun(seed: number, launchType: 'EC2' | 'FARGATE') {
  const td = launchType === 'EC2' ? ec2TaskDef('app', 256, 256, { sim: { imageExists: false } }) : fargateTaskDef('app', 256, 512, { sim: { imageExists: false } });
  const sim = makeSim({ seed, cluster: m5, taskDefinitions: [td],
    services: [{ serviceName: 'app', taskDefinition: 'app', desiredCount: 2, launchType }] });
  sim.act('RunTask', { taskDefinition: 'app', launchType, count: 2 });
  sim.runUntil(240);
  return sim;
}

describe('a missing image fails its pull on every attempt (stopped-task-error-codes.html)', () => {
  for (const launchType of ['EC2', 'FARGATE'] as const) {
    it(`${launchType}: under seeds 0..59 (the default seed 7 among them) no task waits in PENDING past its pull`, () => {
      for (let seed = 0; seed < 60; seed++) {
        const sim = missingImageRun(seed, launchType);
        const stops = taskChanges(sim).filter((e) => e.lastStatus === 'STOPPED');
        expect(stops.length, `seed ${seed}`).toBeGreaterThanOrEqual(4);
        for (const s of stops) {
          expect(s.stopCode, `seed ${seed}`).toBe('TaskFailedToStart');
          expect(s.stoppedReason, `seed ${seed}`).toMatch(/^CannotPullContainerError/);
        }
        // Every task that reached PENDING more than a minute ago has been stopped.
        const stuck = sim.tasks.filter((t) => t.lastStatus === 'PENDING' && t.pullStartedAt !== null && sim.t - t.pullStartedAt > 60);
        expect(stuck.map((t) => t.taskId), `seed ${seed}`).toEqual([]);
      }
    });
  }
});
