/**
 * Second configurations for compare mode, made from the first one's scenario document: the same
 * cluster, services and traffic with one thing changed. Pure functions over plain JSON; the
 * result goes through the scenario contract and the engine like any other scenario, so a variant
 * that the API would reject says why, naming the field.
 */

type Doc = Record<string, unknown>;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

export interface Variant {
  id: string;
  label: string;
  /** What changes, in one sentence. */
  description: string;
  apply(doc: Doc): Doc;
}

/**
 * Fargate instead of EC2: task definitions become FARGATE with awsvpc networking (host ports go,
 * §7.2), REPLICA services launch on Fargate without placement rules (§1.1), and container
 * instances are dropped unless a DAEMON service still needs them.
 */
export function toFargate(doc: Doc): Doc {
  const out = structuredClone(doc);
  for (const td of list(out.taskDefinitions)) {
    td.requiresCompatibilities = ['FARGATE'];
    td.networkMode = 'awsvpc';
    for (const c of list(td.containerDefinitions)) {
      for (const pm of list(c.portMappings)) delete pm.hostPort;
    }
  }
  let daemon = false;
  for (const svc of list(out.services)) {
    if (svc.schedulingStrategy === 'DAEMON') { daemon = true; continue; }
    svc.launchType = 'FARGATE';
    delete svc.capacityProviderStrategy;
    delete svc.placementStrategy;
    delete svc.placementConstraints;
  }
  if (!daemon && isObj(out.cluster)) out.cluster = { ...out.cluster, containerInstances: [] };
  out.name = `${typeof doc.name === 'string' ? doc.name : 'Scenario'} (on Fargate)`;
  return out;
}

/**
 * Canary instead of rolling (ECS-native, §4.2): every service behind a load balancer gets a green
 * target group on the same load balancer and `strategy: CANARY` (10 % for 5 minutes, then a
 * 5-minute bake). Services without a load balancer keep rolling.
 */
export function toCanary(doc: Doc): Doc {
  const out = structuredClone(doc);
  const lbs = list(out.loadBalancers);
  for (const svc of list(out.services)) {
    const first = list(svc.loadBalancers)[0];
    if (!first || typeof first.targetGroupName !== 'string') continue;
    const blue = first.targetGroupName;
    const green = `${blue}-green`;
    const owner = lbs.find((lb) => list(lb.targetGroups).some((tg) => tg.targetGroupName === blue));
    if (owner && !list(owner.targetGroups).some((tg) => tg.targetGroupName === green)) {
      const blueTg = list(owner.targetGroups).find((tg) => tg.targetGroupName === blue)!;
      (owner.targetGroups as Obj[]).push({ ...structuredClone(blueTg), targetGroupName: green });
    }
    first.advancedConfiguration = { ...(isObj(first.advancedConfiguration) ? first.advancedConfiguration : {}), alternateTargetGroupName: green };
    const dc = isObj(svc.deploymentConfiguration) ? svc.deploymentConfiguration : {};
    svc.deploymentConfiguration = { ...dc, strategy: 'CANARY', bakeTimeInMinutes: 5, canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 } };
  }
  out.name = `${typeof doc.name === 'string' ? doc.name : 'Scenario'} (canary)`;
  return out;
}

/** Replaces `doc`'s offered traffic with `from`'s: the same requests, scripted and sent. */
export function withTrafficOf(doc: Doc, from: Doc): Doc {
  const out = structuredClone(doc);
  out.traffic = structuredClone(Array.isArray(from.traffic) ? from.traffic : []);
  const others = list(out.actions).filter((a) => a.action !== 'SetTraffic');
  const sent = list(from.actions).filter((a) => a.action === 'SetTraffic').map((a) => structuredClone(a));
  out.actions = [...others, ...sent].sort((a, b) => Number(a.at ?? 0) - Number(b.at ?? 0));
  return out;
}

export const VARIANTS: readonly Variant[] = [
  { id: 'same', label: 'The same scenario (edit it below)', description: 'An identical copy: change anything in the JSON.', apply: (d) => structuredClone(d) },
  { id: 'fargate', label: 'Fargate instead of EC2', description: 'Task definitions and services move to Fargate; the EC2 instances go.', apply: toFargate },
  { id: 'canary', label: 'Canary instead of rolling', description: 'Services behind a load balancer deploy with CANARY (10 % for 5 minutes).', apply: toCanary },
];
