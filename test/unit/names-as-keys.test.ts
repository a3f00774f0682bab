/**
 * Names are data: a service or target group may be called `__proto__`, `constructor`, `toString`
 * or any other member of Object.prototype (all valid ECS names), and still appear in Metrics,
 * Summary, cost and listener weights like any other name.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../../src/cli/run';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { module } from '../support/sim';
import { PROTO_NAMES } from '../support/payloads';

const scenarioDir = join(import.meta.dirname, '../../lessons/scenarios');

function run(doc: unknown, until: number): Record<string, unknown>[] {
  const parsed = parseScenarioObject(doc);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const lines: string[] = [];
  const r = runScenario(module, parsed.scenario, { json: true, metricsInterval: 60, until }, (l) => lines.push(l));
  if (!r.ok) throw new Error(r.error.message);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('names from Object.prototype', () => {
  it('every service shows in Metrics and Summary with a number for its cost', () => {
    const names = PROTO_NAMES.filter((n) => /^[A-Za-z0-9_-]+$/.test(n));
    expect(names).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']));
    const doc = {
      schemaVersion: 1, seed: 3, durationSeconds: 120,
      cluster: { clusterName: 'keys', availabilityZones: ['us-east-1a'], containerInstances: [] },
      taskDefinitions: [{ family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: [{ name: 'app', image: 'app:1', essential: true }] }],
      services: names.map((n) => ({ serviceName: n, taskDefinition: 'app', desiredCount: 1, launchType: 'FARGATE' })),
    };
    const events = run(doc, 120);
    const metrics = events.filter((e) => e.type === 'Metrics').at(-1) as { services: Record<string, { desiredCount: number; costUsdPerHour?: number }> };
    const summary = events.at(-1) as { type: string; services: Record<string, unknown> };
    expect(summary.type).toBe('Summary');
    for (const n of names) {
      expect(Object.prototype.hasOwnProperty.call(metrics.services, n), `Metrics has ${n}`).toBe(true);
      expect(metrics.services[n]!.desiredCount).toBe(1);
      expect(typeof metrics.services[n]!.costUsdPerHour, `cost of ${n}`).toBe('number');
      expect(Object.prototype.hasOwnProperty.call(summary.services, n), `Summary has ${n}`).toBe(true);
    }
  });

  it('a target group named __proto__ keeps its listener weight through a blue/green shift', () => {
    const text = readFileSync(join(scenarioDir, 'deploy-blue-green.json'), 'utf8').replaceAll('"web-green"', '"__proto__"');
    const shifts = run(JSON.parse(text), 900).filter((e) => e.type === 'TrafficShift') as { weights?: Record<string, number> }[];
    const withGreen = shifts.filter((s) => s.weights && Object.prototype.hasOwnProperty.call(s.weights, '__proto__'));
    expect(withGreen.length).toBeGreaterThan(0);
    expect(withGreen.some((s) => s.weights!.__proto__ === 100)).toBe(true);
  });
});
