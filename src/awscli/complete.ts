/**
 * Tab completion for the command line: `aws`, the services, their modelled commands and waiters,
 * the operation's flags not yet given, and for a few flags the values the running simulation
 * has (the cluster, services, task definitions, target groups, tasks).
 */
import type { Simulation } from '../sim/engine';
import { taskArn } from '../app/describe';
import { operationFor, type AwsModels } from './model';
import { flagsOf } from './params';
import { MAPPINGS } from './operations';
import { commandsOf } from './run';
import { WAITERS } from './waiters';
import { targetGroupArnOf } from './operations/others';
import { OUTPUT_FORMATS } from './output';

export interface Completion { /** Where the word being completed starts. */ from: number; candidates: string[] }

const GLOBAL_FLAGS = ['--output', '--query', '--cli-input-json'];

function values(sim: Simulation | null, flag: string): string[] {
  if (flag === '--output') return [...OUTPUT_FORMATS];
  if (!sim) return [];
  const services = [...sim.services.values()].filter((s) => s.status === 'ACTIVE').map((s) => s.serviceName);
  switch (flag) {
    case '--cluster': return [sim.clusterName];
    case '--service': case '--services': return services;
    case '--task-definition': {
      const tds = sim.taskDefinitions.list({ status: 'ACTIVE' });
      return [...new Set(tds.map((t) => t.family)), ...tds.map((t) => `${t.family}:${t.revision}`)];
    }
    case '--target-group-arn': return [...sim.targetGroups.keys()].map((n) => targetGroupArnOf(sim, n)!).filter(Boolean);
    case '--launch-type': return ['EC2', 'FARGATE'];
    case '--task': case '--tasks': return sim.tasks.filter((t) => t.lastStatus !== 'STOPPED').slice(0, 30).map((t) => taskArn(sim, t).split('/').pop()!);
    case '--desired-status': return ['RUNNING', 'PENDING', 'STOPPED'];
    default: return [];
  }
}

export function complete(models: AwsModels, sim: Simulation | null, line: string): Completion {
  const from = /\S*$/.exec(line)!.index;
  const word = line.slice(from);
  const before = line.slice(0, from).trim().split(/\s+/).filter(Boolean);
  const pick = (all: string[]) => ({ from, candidates: all.filter((c) => c.startsWith(word)) });
  if (before.length === 0) return pick(['aws']);
  if (before[0] !== 'aws') return { from, candidates: [] };
  const positional = before.filter((w, i) => !w.startsWith('--') && !before[i - 1]?.startsWith('--'));
  const [, service, command, waiter] = positional;
  if (!service) return pick([...Object.keys(MAPPINGS), 'help']);
  if (!MAPPINGS[service] || !models.services[service]) return { from, candidates: [] };
  if (!command) return pick([...commandsOf(service), ...(WAITERS[service] ? ['wait'] : []), 'help']);
  const prev = before[before.length - 1]!;
  if (prev.startsWith('--') && !word.startsWith('--')) {
    const v = values(sim, prev);
    if (v.length) return pick(v);
  }
  let op: string | null;
  if (command === 'wait') {
    if (!waiter) return pick(Object.keys(WAITERS[service] ?? {}));
    op = WAITERS[service]?.[waiter]?.operation ?? null;
  } else op = operationFor(models.services[service]!, command);
  if (!op || !models.services[service]!.operations[op]) return { from, candidates: [] };
  const used = new Set(before.filter((w) => w.startsWith('--')));
  const flags = flagsOf(models.services[service]!, op).map((f) => f.flag);
  return pick([...flags, ...GLOBAL_FLAGS].filter((f) => !used.has(f)));
}
