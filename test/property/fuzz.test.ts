/**
 * Fuzzing the two doors bad input comes through: scenario documents and API commands. Valid or
 * broken, nothing may throw or hang, no invariant may break, and every rejection names the field,
 * the value's place and what is accepted.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { Simulation } from '../../src/sim/engine';
import { createCore } from '../../src/core/core';
import { ACTIONS } from '../../src/sim/commands';
import { ec2TaskDef, fargateTaskDef, makeSim, module } from '../support/sim';
import { mutate, paths, type Json } from '../support/json-mutate';
import { LONG_PAYLOAD, MARKUP_PAYLOADS, PROTO_NAMES, markupIn } from '../support/payloads';
import { md } from '../../src/text/markdown-safe';
import { markdownToHtml } from '../../src/ui/lessons/markdown';
import { metricsEvent } from '../../src/sim/metrics';

const dir = join(import.meta.dirname, '../../lessons/scenarios');
const bases = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);


const junkArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e12, Number.MAX_SAFE_INTEGER, '', 'FARGATE', 'us-east-1z', '<script>alert(1)</script>', [], {}),
  // Markup, script URLs, Object.prototype's names and very long strings: the payloads of test/support/payloads.ts.
  fc.constantFrom<Json>(...MARKUP_PAYLOADS, ...PROTO_NAMES, LONG_PAYLOAD),
  fc.string({ maxLength: 20 }), fc.integer(), fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

describe('fuzzing scenario documents', () => {
  it('10,000 mutated scenarios: parsed or rejected with the field named, never a crash', () => {
    let accepted = 0;
    fc.assert(fc.property(fc.nat(bases.length - 1), fc.nat(), fc.nat(), junkArb, (b, pick, op, junk) => {
      const base = bases[b] as Json;
      const all = paths(base);
      const doc = mutate(base, all[pick % all.length]!, op, junk);
      const parsed = parseScenarioObject(doc);
      if (!parsed.ok) {
        expect(parsed.error.field.length).toBeGreaterThan(0);
        expect(parsed.error.accepted.length).toBeGreaterThan(0);
        expect(parsed.error.message).toContain(parsed.error.field === '(document)' ? 'scenario' : parsed.error.field);
        return;
      }
      const s = parsed.scenario;
      const built = Simulation.fromScenario(s, createCore(module, { instances: 128, tasks: 4096, groups: 64 }), { metricsInterval: 0 });
      if (!built.ok) {
        expect(built.error.field.length).toBeGreaterThan(0);
        expect(built.error.message.length).toBeGreaterThan(0);
        expect(built.error.accepted.length).toBeGreaterThan(0);
        return;
      }
      accepted++;
      built.sim.runUntil(20);
      for (const inst of built.sim.instances) {
        expect(built.sim.core.instCpu[inst.slot]!).toBeGreaterThanOrEqual(0);
        expect(built.sim.core.instMem[inst.slot]!).toBeGreaterThanOrEqual(0);
      }
    }), { numRuns: 10_000 });
    expect(accepted).toBeGreaterThan(100);
  }, 600_000);
});

const NAMES = Object.keys(ACTIONS);
const requestArb = fc.oneof(
  fc.dictionary(fc.constantFrom('service', 'serviceName', 'taskDefinition', 'desiredCount', 'count', 'task', 'containerInstance', 'containerInstances', 'status', 'availabilityZone', 'launchType', 'placementStrategy', 'placementConstraints', 'GroupId', 'IpPermissions', 'name', 'target', 'requestsPerSecond', 'family', 'containerDefinitions', 'instanceType', 'NamespaceName', 'ServiceName', 'forceNewDeployment', 'deploymentConfiguration'), junkArb as fc.Arbitrary<unknown>),
  fc.constantFrom<Record<string, unknown>>(
    { service: 'api', desiredCount: 5 }, { taskDefinition: 'api', count: 3 }, { taskDefinition: 'fg', launchType: 'FARGATE' },
    { service: 'api', forceNewDeployment: true }, { availabilityZone: 'us-east-1a' }, { target: 'api', requestsPerSecond: 500 },
    { instanceType: 'm5.large', availabilityZone: 'us-east-1b' }, { serviceName: 'more', taskDefinition: 'api', desiredCount: 2, launchType: 'EC2' },
  ),
);

describe('fuzzing API commands', () => {
  it('10,000 random commands never throw; every rejection names a field and what is accepted', () => {
    const fresh = () => makeSim({
      cluster: { containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a', count: 2 }, { instanceType: 'c5.large', availabilityZone: 'us-east-1b', count: 2 }] },
      taskDefinitions: [ec2TaskDef('api', 256, 512), fargateTaskDef('fg')],
      services: [{ serviceName: 'api', taskDefinition: 'api', desiredCount: 2, launchType: 'EC2' }],
    });
    let sim = fresh();
    let n = 0;
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 })), requestArb, fc.nat(20), (action, request, wait) => {
      if (++n % 500 === 0) sim = fresh();
      const r = sim.act(action, request as Record<string, unknown>);
      if (!r.ok) {
        expect(typeof r.error.field).toBe('string');
        expect(r.error.field.length).toBeGreaterThan(0);
        expect(r.error.accepted.length).toBeGreaterThan(0);
        expect(r.error.message.length).toBeGreaterThan(0);
      }
      for (let k = 0; k < wait; k++) sim.step();
      for (const inst of sim.instances) expect(sim.core.instMem[inst.slot]!).toBeGreaterThanOrEqual(0);
    }), { numRuns: 10_000 });
  }, 600_000);
});

describe('fuzzing names', () => {
  const nameArb = fc.oneof(fc.constantFrom(...MARKUP_PAYLOADS, ...PROTO_NAMES), fc.string({ minLength: 1, maxLength: 30 }));
  it('300 clusters with services named from markup and Object.prototype: every one in Metrics with a numeric cost, every message text once escaped', () => {
    fc.assert(fc.property(fc.uniqueArray(nameArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(...MARKUP_PAYLOADS), (names, attr) => {
      const doc = {
        schemaVersion: 1, seed: 5, durationSeconds: 60,
        cluster: { clusterName: 'fuzz', availabilityZones: ['us-east-1a'], containerInstances: [{ instanceType: 'm5.large', availabilityZone: 'us-east-1a', attributes: { name: attr } }] },
        taskDefinitions: [ec2TaskDef('app', 256, 512)],
        services: names.map((n) => ({ serviceName: n, taskDefinition: 'app', desiredCount: 1, launchType: 'EC2' })),
      };
      const parsed = parseScenarioObject(doc);
      if (!parsed.ok) return;
      const built = Simulation.fromScenario(parsed.scenario, createCore(module, { instances: 16, tasks: 256, groups: 16 }), { metricsInterval: 0 });
      if (!built.ok) return;
      const messages: string[] = [];
      built.sim.onEvent = (e) => { if ('message' in e && typeof e.message === 'string') messages.push(e.message); };
      built.sim.runUntil(30);
      const m = metricsEvent(built.sim);
      for (const n of built.sim.services.keys()) {
        expect(Object.prototype.hasOwnProperty.call(m.services, n), n).toBe(true);
        expect(typeof m.services[n]!.desiredCount).toBe('number');
      }
      for (const msg of messages) expect(markupIn(markdownToHtml(md`The event: ${msg}.`.text))).toEqual([]);
    }), { numRuns: 300 });
  }, 300_000);
});

