/**
 * The headless CLI's contract (scenario-format.md "The CLI"): JSON Lines with `t` and `type`, a
 * final Summary, byte-identical output for the same scenario and seed, and bad input rejected with
 * status 2, one message naming the field, nothing on stdout and no stack trace.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../../src/cli/run';
import { parseScenarioText } from '../../src/sim/scenario/parse';
import { module } from '../support/sim';

const SCENARIOS = join(import.meta.dirname, '../../lessons/scenarios');
const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json')).sort();

function runJson(file: string, until?: number): string[] {
  const parsed = parseScenarioText(readFileSync(join(SCENARIOS, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
  const lines: string[] = [];
  const r = runScenario(module, parsed.scenario, { json: true, until: until ?? Math.min(parsed.scenario.durationSeconds, 3600) }, (l) => lines.push(l));
  if (!r.ok) throw new Error(`${file}: ${r.error.message}`);
  return lines;
}

describe('every scenario in lessons/scenarios runs and is deterministic', () => {
  for (const file of files) {
    it(file, () => {
      const a = runJson(file);
      const b = runJson(file);
      expect(a.join('\n')).toBe(b.join('\n'));
      const objs = a.map((l) => JSON.parse(l) as { t: number; type: string });
      expect(objs.every((o) => typeof o.t === 'number' && typeof o.type === 'string')).toBe(true);
      expect(objs.at(-1)!.type).toBe('Summary');
      for (let i = 1; i < objs.length; i++) expect(objs[i]!.t).toBeGreaterThanOrEqual(objs[i - 1]!.t);
    });
  }
});

const tsx = join(import.meta.dirname, '../../node_modules/.bin/tsx');
const cli = join(import.meta.dirname, '../../src/cli/sim.ts');
const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-cli-'));

function sim(args: string[]) {
  return spawnSync(tsx, [cli, ...args], { encoding: 'utf8' });
}

function writeScenario(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
}

const base = JSON.parse(readFileSync(join(SCENARIOS, 'first-cluster.json'), 'utf8')) as Record<string, unknown>;

describe('npm run sim: bad input', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{ "schemaVersion": 1, ', /not valid JSON/],
    ['a wrong type', JSON.stringify({ ...base, services: [{ ...(base.services as object[])[0], desiredCount: 'six' }] }), /'services\[0\]\.desiredCount' is "six"; expected a value of type number/],
    ['an unknown action', JSON.stringify({ ...base, actions: [{ at: 10, action: 'ScaleEverything', request: {} }] }), /'actions\[0\]\.action' is "ScaleEverything"; expected one of RegisterTaskDefinition/],
    ['an invalid task definition', JSON.stringify({ ...base, taskDefinitions: [{ family: 'web', cpu: '300', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: [{ name: 'web', image: 'web:1' }] }] }), /ClientException: Invalid 'cpu' setting for task/],
    ['a schema version from the future', JSON.stringify({ ...base, schemaVersion: 9 }), /'schemaVersion' is 9; expected one of 1/],
  ];
  for (const [what, body, pattern] of cases) {
    it(`${what}: exit 2, one message, nothing on stdout`, () => {
      const r = sim([writeScenario(`${what.replace(/\W+/g, '-')}.json`, body), '--json']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('a missing file and an unknown option are usage errors (exit 2)', () => {
    expect(sim([join(dir, 'nope.json')]).status).toBe(2);
    expect(sim([join(SCENARIOS, 'first-cluster.json'), '--fast']).status).toBe(2);
  });

  it('--json --until --metrics-interval shape the output', () => {
    const r = sim([join(SCENARIOS, 'first-cluster.json'), '--json', '--until', '120', '--metrics-interval', '30']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { t: number; type: string });
    expect(lines.filter((l) => l.type === 'Metrics').map((l) => l.t)).toEqual([0, 30, 60, 90, 120]);
    expect(lines.at(-1)).toMatchObject({ type: 'Summary', t: 120 });
  });

  it('--seed changes the ids and keeps the outcome', () => {
    const a = sim([join(SCENARIOS, 'first-cluster.json'), '--json', '--until', '60', '--seed', '1']).stdout;
    const b = sim([join(SCENARIOS, 'first-cluster.json'), '--json', '--until', '60', '--seed', '2']).stdout;
    expect(a).not.toBe(b);
    const running = (out: string) => (JSON.parse(out.trim().split('\n').at(-1)!) as { services: { web: { runningCount: number } } }).services.web.runningCount;
    expect(running(a)).toBe(6);
    expect(running(b)).toBe(6);
  });
});
