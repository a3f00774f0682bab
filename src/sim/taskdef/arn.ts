/**
 * Task definition names: the simulated account and Region, ARNs, `family:revision` references,
 * and reading the forms DescribeTaskDefinition accepts.
 */
import type { TaskDefinition } from './types';

export const DEFAULT_REGION = 'us-east-1';
/** The simulated account. */
export const ACCOUNT_ID = '123456789012';

/** An AWS Region code such as us-east-1. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>`. */
export function taskDefinitionArn(region: string, family: string, revision: number): string {
  return `arn:aws:ecs:${region}:${ACCOUNT_ID}:task-definition/${family}:${revision}`;
}

/** `family:revision`, the form events and summaries use. */
export function taskDefinitionRef(td: Pick<TaskDefinition, 'family' | 'revision'>): string {
  return `${td.family}:${td.revision}`;
}

/** A task definition reference read from `"family"`, `"family:revision"` or a full ARN. */
export interface ParsedRef {
  family: string;
  revision: number | null;
  region: string | null;
}

const ARN_PATTERN = /^arn:aws:ecs:([a-z0-9-]+):(\d{12}):task-definition\/([A-Za-z0-9_-]{1,255}):(\d{1,9})$/;
const FAMILY_REVISION_PATTERN = /^([A-Za-z0-9_-]{1,255}):(\d{1,9})$/;
const FAMILY_ONLY_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/** Reads a reference; null when it is none of the three forms, or an ARN of another account. */
export function parseRef(ref: unknown): ParsedRef | null {
  if (typeof ref !== 'string') return null;
  let m = ARN_PATTERN.exec(ref);
  if (m) return m[2] === ACCOUNT_ID ? { family: m[3]!, revision: Number(m[4]), region: m[1]! } : null;
  m = FAMILY_REVISION_PATTERN.exec(ref);
  if (m) return { family: m[1]!, revision: Number(m[2]), region: null };
  if (FAMILY_ONLY_PATTERN.test(ref)) return { family: ref, revision: null, region: null };
  return null;
}

export function regionOfArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}
