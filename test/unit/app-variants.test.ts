import { describe, expect, it } from 'vitest';
import { loadCoreModule } from '../../src/core/load-node';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { Session } from '../../src/app/session';
import { toCanary, toFargate, withTrafficOf } from '../../src/app/variants';
import { fieldForError, numberOrRaw, setPath } from '../../src/ui/console/form';
import { speedIndexForDigit } from '../../src/app/keys';
import { SPEEDS } from '../../src/state/stores';
import { CATALOG, DEFAULT_SCENARIO } from '../../src/app/scenarios';
import firstCluster from '../../lessons/scenarios/first-cluster.json';

const module = await loadCoreModule();
const doc = () => structuredClone(firstCluster) as Record<string, unknown>;

function run(d: Record<string, unknown>, until: number): Session {
  const p = parseScenarioObject(d);
  if (!p.ok) throw new Error(`${p.error.field}: ${p.error.message}`);
  const r = Session.open(p.scenario, d, module);
  if (!r.ok) throw new Error(`${r.error.field}: ${r.error.message}`);
  r.session.seek(until);
  return r.session;
}

describe('compare variants', () => {
  it('Fargate instead of EC2 runs the same service on Fargate without instances', () => {
    const s = run(toFargate(doc()), 180);
    expect(s.sim.instances).toHaveLength(0);
    const live = s.sim.tasks.filter((t) => t.lastStatus === 'RUNNING');
    expect(live).toHaveLength(6);
    expect(live.every((t) => t.launchType === 'FARGATE')).toBe(true);
    expect(new Set(live.map((t) => t.availabilityZone)).size).toBe(3);
  });

  it('canary instead of rolling adds a green target group and deploys with CANARY', () => {
    const v = toCanary(doc());
    const svc = (v.services as Record<string, unknown>[])[0]!;
    expect((svc.deploymentConfiguration as Record<string, unknown>).strategy).toBe('CANARY');
    expect(((svc.loadBalancers as Record<string, unknown>[])[0]!.advancedConfiguration as Record<string, unknown>).alternateTargetGroupName).toBe('web-tg-green');
    const s = run(v, 120);
    expect(s.sim.targetGroups.has('web-tg-green')).toBe(true);
    expect(s.sim.tasks.filter((t) => t.lastStatus === 'RUNNING')).toHaveLength(6);
  });

  it('does not change the original document', () => {
    const d = doc();
    const before = JSON.stringify(d);
    toFargate(d);
    toCanary(d);
    expect(JSON.stringify(d)).toBe(before);
  });

  it('same traffic: copies scripted traffic and SetTraffic actions', () => {
    const a = { ...doc(), traffic: [{ at: 0, target: 'web', requestsPerSecond: 700 }], actions: [{ at: 60, action: 'SetTraffic', request: { target: 'web', requestsPerSecond: 900 } }, { at: 70, action: 'UpdateService', request: { service: 'web', desiredCount: 3 } }] };
    const b = { ...doc(), actions: [{ at: 10, action: 'UpdateService', request: { service: 'web', desiredCount: 2 } }] };
    const out = withTrafficOf(b, a);
    expect(out.traffic).toEqual(a.traffic);
    expect((out.actions as { at: number; action: string }[]).map((x) => `${x.at} ${x.action}`)).toEqual(['10 UpdateService', '60 SetTraffic']);
  });
});

describe('console form helpers', () => {
  it('nests request fields by path', () => {
    const req: Record<string, unknown> = {};
    setPath(req, 'deploymentConfiguration.maximumPercent', 150);
    setPath(req, 'containerDefinitions[0].portMappings[0].containerPort', 8080);
    setPath(req, 'containerDefinitions[0].name', 'web');
    expect(req).toEqual({ deploymentConfiguration: { maximumPercent: 150 }, containerDefinitions: [{ portMappings: [{ containerPort: 8080 }], name: 'web' }] });
  });

  it('sends what was typed when it is not a number, so the API answers', () => {
    expect(numberOrRaw(' 12 ')).toBe(12);
    expect(numberOrRaw('1.5')).toBe(1.5);
    expect(numberOrRaw('six')).toBe('six');
  });

  it('puts an error next to the field it names, or the closest parent field', () => {
    const names = ['desiredCount', 'placementStrategy', 'deploymentConfiguration.maximumPercent', 'loadBalancers[0].targetGroupName'];
    expect(fieldForError(names, 'desiredCount')).toBe('desiredCount');
    expect(fieldForError(names, 'placementStrategy[1].field')).toBe('placementStrategy');
    expect(fieldForError(names, 'deploymentConfiguration.maximumPercent')).toBe('deploymentConfiguration.maximumPercent');
    expect(fieldForError(names, 'loadBalancers[0].targetGroupName')).toBe('loadBalancers[0].targetGroupName');
    expect(fieldForError(names, 'desiredCountX')).toBeNull();
    expect(fieldForError(names, 'serviceName')).toBeNull();
  });
});

describe('keys and catalogue', () => {
  it('number keys pick speeds from 1× to 512×', () => {
    expect(SPEEDS[speedIndexForDigit(1)]).toBe(1);
    expect(SPEEDS[speedIndexForDigit(4)]).toBe(8);
    expect(SPEEDS[speedIndexForDigit(9)]).toBe(256);
    expect(SPEEDS[speedIndexForDigit(0)]).toBe(512);
  });

  it('lists every bundled scenario, the default first, and each one opens', () => {
    expect(CATALOG[0]!.id).toBe(DEFAULT_SCENARIO);
    for (const c of CATALOG) {
      const p = parseScenarioObject(c.doc);
      expect(p.ok, `${c.id}: ${p.ok ? '' : p.error.message}`).toBe(true);
      if (!p.ok) continue;
      const r = Session.open(p.scenario, c.doc as Record<string, unknown>, module);
      expect(r.ok, `${c.id}: ${r.ok ? '' : r.error.message}`).toBe(true);
    }
  });
});
