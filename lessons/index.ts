/**
 * The course: every lesson, in order. The lesson player lists these; `npm run lessons:check`
 * replays each one.
 */
import type { Lesson } from './types';
import { buildingBlocks } from './01-building-blocks';
import { ec2VsFargate } from './02-ec2-vs-fargate';
import { placement } from './03-placement';
import { servicesHeal } from './04-services-heal';
import { rollingUpdate } from './05-rolling-update';
import { blueGreenCodeDeploy } from './06-blue-green-codedeploy';
import { canaryLinear } from './07-canary-linear';
import { scaling } from './08-scaling';
import { serviceDiscovery } from './09-service-discovery';
import { appRunnerToEcs } from './10-apprunner-to-ecs';
import { interviewDrill } from './11-interview-drill';

export const LESSONS: readonly Lesson[] = [
  buildingBlocks,
  ec2VsFargate,
  placement,
  servicesHeal,
  rollingUpdate,
  blueGreenCodeDeploy,
  canaryLinear,
  scaling,
  serviceDiscovery,
  appRunnerToEcs,
  interviewDrill,
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
