/**
 * The ECS waiters the AWS CLI offers (`aws ecs wait …`), with the delays, attempt limits and
 * acceptors of the service's published waiter definitions. An acceptor is a JMESPath expression
 * over the describe call's response.
 */
import { search } from '@jmespath-community/jmespath';
import type { JSONValue } from '@jmespath-community/jmespath';

interface Acceptor { state: 'success' | 'failure'; matcher: 'path' | 'pathAll' | 'pathAny'; argument: string; expected: string | boolean }

export interface WaiterDef { name: string; operation: string; delay: number; maxAttempts: number; acceptors: Acceptor[] }

export const WAITERS: Record<string, Record<string, WaiterDef>> = {
  ecs: {
    'services-stable': {
      name: 'ServicesStable', operation: 'DescribeServices', delay: 15, maxAttempts: 40,
      acceptors: [
        { state: 'failure', matcher: 'pathAny', argument: 'failures[].reason', expected: 'MISSING' },
        { state: 'failure', matcher: 'pathAny', argument: 'services[].status', expected: 'DRAINING' },
        { state: 'failure', matcher: 'pathAny', argument: 'services[].status', expected: 'INACTIVE' },
        { state: 'success', matcher: 'path', argument: 'length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`', expected: true },
      ],
    },
    'services-inactive': {
      name: 'ServicesInactive', operation: 'DescribeServices', delay: 15, maxAttempts: 40,
      acceptors: [
        { state: 'failure', matcher: 'pathAny', argument: 'failures[].reason', expected: 'MISSING' },
        { state: 'success', matcher: 'pathAny', argument: 'services[].status', expected: 'INACTIVE' },
      ],
    },
    'tasks-running': {
      name: 'TasksRunning', operation: 'DescribeTasks', delay: 6, maxAttempts: 100,
      acceptors: [
        { state: 'failure', matcher: 'pathAny', argument: 'tasks[].lastStatus', expected: 'STOPPED' },
        { state: 'failure', matcher: 'pathAny', argument: 'failures[].reason', expected: 'MISSING' },
        { state: 'success', matcher: 'pathAll', argument: 'tasks[].lastStatus', expected: 'RUNNING' },
      ],
    },
    'tasks-stopped': {
      name: 'TasksStopped', operation: 'DescribeTasks', delay: 6, maxAttempts: 100,
      acceptors: [{ state: 'success', matcher: 'pathAll', argument: 'tasks[].lastStatus', expected: 'STOPPED' }],
    },
  },
};

export type WaitState = { state: 'success' } | { state: 'retry' } | { state: 'failure'; message: string };

/** Applies a waiter's acceptors to one response, in order, as the CLI does. */
export function accept(w: WaiterDef, response: unknown): WaitState {
  for (const a of w.acceptors) {
    const v = search(response as JSONValue, a.argument);
    const hit = a.matcher === 'path' ? v === a.expected
      : a.matcher === 'pathAll' ? Array.isArray(v) && v.length > 0 && v.every((x) => x === a.expected)
        : Array.isArray(v) && v.some((x) => x === a.expected);
    if (!hit) continue;
    if (a.state === 'success') return { state: 'success' };
    return { state: 'failure', message: `Waiter ${w.name} failed: Waiter encountered a terminal failure state: For expression "${a.argument}" we matched expected path: "${String(a.expected)}"${a.matcher === 'pathAny' ? ' at least once' : ''}` };
  }
  return { state: 'retry' };
}
