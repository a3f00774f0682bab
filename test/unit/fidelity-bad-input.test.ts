/**
 * Bad input (issue 15, item 6): one message naming the field path and the value, after the API's
 * own wording (../shared/design/architecture.md "Errors"; the API wordings are
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html and each action's
 * "Errors" section); nesting thousands of levels deep exits 2, never a stack overflow; 1e309 is a
 * number JSON cannot hold (RFC 8259 §6 leaves such numbers to the parser; JavaScript reads Infinity).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/cli/run';
import { parseScenarioText } from '../../src/sim/scenario/parse';
import { module } from '../support/sim';

const SCENARIOS = join(import.meta.dirname, '../../lessons/scenarios');
const baseText = readFileSync(join(SCENARIOS, 'first-cluster.json'), 'utf8');
const base = JSON.parse(baseText) as { services: Record<string, unknown>[]; actions?: unknown[] };

/** The message a scenario text gets, whichever stage refuses it (parse or setup). */
function refusal(text: string): string | null {
  const p = parseScenarioText(text);
  if (!p.ok) return p.error.message;
  const r = runScenario(module, p.scenario, { json: true, until: 0 }, () => {});
  return r.ok ? null : r.error.message;
}

const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('deeply nested JSON in any field: one message naming the field, never a stack overflow', () => {
  for (const [where, text] of [
    ['a free-text field (name)', baseText.replace('"name": "', `"name": ${nest(20000)}, "was": "`)],
    ['a number field (services[0].desiredCount)', baseText.replace('"desiredCount": ', `"desiredCount": ${'{"a":'.repeat(20000)}1${'}'.repeat(20000)}, "was": `)],
    ['an action request', JSON.stringify({ ...base, actions: [{ at: 1, action: 'RunTask', request: { taskDefinition: 'x', overrides: 0 } }] }).replace('"overrides":0', `"overrides":${nest(50000)}`)],
  ] as const) {
    it(where, () => {
      const m = refusal(text);
      expect(m).toMatch(/^Invalid scenario: '[^']+' holds arrays or objects nested more than 100 levels deep; expected at most 100 levels\.$/);
    });
  }

  it('the CLI exits 2 with that one line on stderr and nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-deep-'));
    const file = join(dir, 'deep.json');
    writeFileSync(file, baseText.replace('"name": "', `"name": ${nest(100000)}, "was": "`));
    const r = spawnSync(join(import.meta.dirname, '../../node_modules/.bin/tsx'), [join(import.meta.dirname, '../../src/cli/sim.ts'), file], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("'name[0][0]…' holds arrays or objects nested more than 100 levels deep");
  });
});

describe('a number JSON cannot hold (1e309) is reported as such, never as null', () => {
  it('in the scenario schema', () => {
    const m = refusal(baseText.replace('"desiredCount": ', '"desiredCount": 1e309, "was": '))!;
    expect(m).toBe("Invalid scenario: 'services[0].desiredCount' is a number too large for JSON to hold (it reads as Infinity); expected a number JSON can hold (below about 1.8e308).");
    expect(refusal(baseText.replace('"desiredCount": ', '"desiredCount": -1e309, "was": '))).toContain('a number too far below zero for JSON to hold');
  });

  it('in an action the API rejects', () => {
    const doc = { ...base, actions: [{ at: 1, action: 'UpdateService', request: { service: base.services[0]!.serviceName, desiredCount: 'INF' } }] };
    const p = parseScenarioText(JSON.stringify(doc).replace('"INF"', '1e309'));
    if (!p.ok) throw new Error(p.error.message);
    const lines: string[] = [];
    runScenario(module, p.scenario, { json: true, until: 2 }, (l) => lines.push(l));
    const result = lines.map((l) => JSON.parse(l) as { type: string; error?: { message: string } }).find((e) => e.type === 'ActionResult')!;
    expect(result.error!.message).toMatch(/ \(request field 'desiredCount' is a number too large for JSON to hold \(it reads as Infinity\)\)$/);
    expect(result.error!.message).not.toContain('null');
  });
});

describe("every validation message names the field path and the value, the API's wording first", () => {
  it('a placement strategy type the API does not know', () => {
    const doc = { ...base, services: [{ ...base.services[0], placementStrategy: [{ type: 'roundrobin' }] }] };
    expect(refusal(JSON.stringify(doc))).toBe('InvalidParameterException: Invalid placement strategy type "roundrobin". Valid values: random | spread | binpack. (scenario field \'services[0].placementStrategy[0].type\' is "roundrobin")');
  });

  it('a task definition the API rejects names its path in the scenario', () => {
    const td = (JSON.parse(baseText) as { taskDefinitions: Record<string, unknown>[] }).taskDefinitions[0]!;
    const doc = { ...base, taskDefinitions: [{ ...td, cpu: '64' }] };
    expect(refusal(JSON.stringify(doc))).toMatch(/^ClientException: .* \(scenario field 'taskDefinitions\[0\]\.cpu' is "64"\)$/);
  });

  it('a message that already names its field is left as it is', () => {
    const doc = { ...base, services: [{ ...base.services[0], desiredCount: 'six' }] };
    expect(refusal(JSON.stringify(doc))).toBe("Invalid scenario: 'services[0].desiredCount' is \"six\"; expected a value of type number.");
  });
});
