/**
 * The resources CreateExpressGatewayService makes (express-service-work, §13.1), each through the
 * engine's ordinary path so that the ordinary APIs can change it afterwards (§13.4):
 *
 * - the cluster's FARGATE capacity provider association (the `default` cluster "with Fargate
 *   capacity providers");
 * - a shared Application Load Balancer per scheme (internet-facing for public subnets, internal
 *   for private ones), up to 25 Express services each, with an HTTPS:443 listener and one
 *   host-header rule per service;
 * - two target groups per service (production and the canary's), ALB defaults, `ip` targets;
 * - a load balancer security group (443 from anywhere) and a service security group (the
 *   container port from the load balancer's group);
 * - the CloudWatch alarm that rolls a deployment back (4XX + 5XX > 1 % for 2 of 3 minutes).
 */
import type { Simulation } from '../engine';
import type { TargetGroup } from '../model';
import { capacityState } from '../capacity/state';
import { DEFAULT_SECURITY_GROUP } from '../network/vpc';
import { parseAlarm, putAlarm } from '../deployments/alarms';
import { EXPRESS_CANARY, EXPRESS_DEFAULTS, type ExpressLoadBalancer } from './model';

const ACCOUNT = '123456789012';

/** A deterministic 32-hex id from a string (Express's URLs and ARNs carry one; AWS's are random). */
export function hash32(s: string): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i) + round; h = Math.imul(h, 0x01000193) >>> 0; }
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

/** Express needs FARGATE associated with the cluster; it adds it if a scenario left it out. */
export function ensureFargateProvider(sim: Simulation): boolean {
  const cs = capacityState(sim);
  if (!cs.associated || cs.associated.includes('FARGATE')) return false;
  cs.associated = [...cs.associated, 'FARGATE'];
  return true;
}

/** The subnets Express uses: the request's, else the VPC's public subnets (express-service-work). */
export function defaultSubnets(sim: Simulation): string[] {
  return sim.network.subnets.filter((s) => s.type === 'public').map((s) => s.subnetId);
}

export function isPrivate(sim: Simulation, subnets: string[]): boolean {
  return subnets.length > 0 && subnets.every((id) => sim.network.subnets.find((s) => s.subnetId === id)?.type === 'private');
}

function addGroup(sim: Simulation, id: string, name: string, perms: { IpProtocol: string; FromPort: number; ToPort: number; UserIdGroupPairs?: { GroupId: string }[]; IpRanges?: { CidrIp: string }[] }[]): void {
  sim.network.securityGroups.set(id, { GroupId: id, GroupName: name, IpPermissions: perms });
  sim.network.rulesVersion++;
  sim.network.reachCache.clear();
}

/** A shared load balancer of this scheme with room for one more service, created when none has. */
export function loadBalancerFor(sim: Simulation, scheme: ExpressLoadBalancer['scheme'], subnets: string[]): { lb: ExpressLoadBalancer; created: boolean } {
  const room = sim.express.loadBalancers.find((l) => l.scheme === scheme && l.rules.length < EXPRESS_DEFAULTS.servicesPerAlb);
  if (room) return { lb: room, created: false };
  const n = sim.express.loadBalancers.length + 1;
  const id = hash32(`alb-${scheme}-${n}`).slice(0, 16);
  const name = `ecs-express-gateway-alb-${n}`;
  const sg = `sg-0express${n}alb`;
  addGroup(sim, sg, `${name}-sg`, [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
  const lb: ExpressLoadBalancer = {
    name, scheme, subnets, securityGroup: sg,
    arn: `arn:aws:elasticloadbalancing:${sim.region}:${ACCOUNT}:loadbalancer/app/${name}/${id}`,
    dnsName: `${scheme === 'internal' ? 'internal-' : ''}${name}-${id.slice(0, 10)}.${sim.region}.elb.amazonaws.com`,
    listenerArn: `arn:aws:elasticloadbalancing:${sim.region}:${ACCOUNT}:listener/app/${name}/${id}/${hash32(`${name}-443`).slice(0, 16)}`,
    rules: [], createdAt: sim.t,
  };
  sim.express.loadBalancers.push(lb);
  return { lb, created: true };
}

/** Two target groups for a service on `lb` (ALB defaults, §12; target-group defaults of express-service-work). */
export function addTargetGroups(sim: Simulation, lb: ExpressLoadBalancer, serviceName: string): [string, string] {
  const stem = `${serviceName.slice(0, 20)}-tg`;
  const names: string[] = [];
  for (const suffix of ['1', '2']) {
    let name = `${stem}-${suffix}`;
    for (let k = 2; sim.targetGroups.has(name); k++) name = `${stem}${k}-${suffix}`;
    const tg: TargetGroup = {
      targetGroupName: name, loadBalancerName: lb.name, intervalSeconds: 30, healthyThresholdCount: 5, unhealthyThresholdCount: 2,
      deregistrationDelaySeconds: 300, securityGroups: [lb.securityGroup], algorithm: 'round_robin', targets: [],
    };
    sim.targetGroups.set(name, tg);
    names.push(name);
  }
  return [names[0]!, names[1]!];
}

/** The service's own group: the container port, from the load balancer's group only (minimal ingress). */
export function addServiceGroup(sim: Simulation, serviceName: string, lb: ExpressLoadBalancer, port: number): string {
  let id = `sg-0${serviceName.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12)}svc`;
  for (let k = 2; sim.network.securityGroups.has(id); k++) id = `${id}${k}`;
  addGroup(sim, id, `${serviceName}-service-sg`, [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, UserIdGroupPairs: [{ GroupId: lb.securityGroup }] }]);
  return id;
}

/** Lets the load balancer's group reach the service on a new container port (an update changed it). */
export function openServicePort(sim: Simulation, groupId: string, lb: ExpressLoadBalancer, port: number): void {
  const sg = sim.network.securityGroups.get(groupId);
  if (!sg || sg.IpPermissions.some((p) => p.FromPort === port && p.UserIdGroupPairs?.some((g) => g.GroupId === lb.securityGroup))) return;
  sg.IpPermissions.push({ IpProtocol: 'tcp', FromPort: port, ToPort: port, UserIdGroupPairs: [{ GroupId: lb.securityGroup }] });
  sim.network.rulesVersion++;
  sim.network.reachCache.clear();
}

/** The listener rule for the service's host (priority: the next free one). */
export function addRule(sim: Simulation, lb: ExpressLoadBalancer, serviceName: string, host: string): string {
  const priority = lb.rules.reduce((m, r) => Math.max(m, r.priority), 0) + 1;
  const arn = `${lb.listenerArn.replace(':listener/', ':listener-rule/')}/${hash32(`${lb.name}-${priority}-${serviceName}`).slice(0, 16)}`;
  lb.rules.push({ priority, host, service: serviceName, arn });
  return arn;
}

/** The rollback alarm (express-service-update-full): 4XX + 5XX percentage > 1 for 2 of 3 one-minute datapoints. */
export function putRollbackAlarm(sim: Simulation, serviceName: string, alarmName: string): void {
  const a = parseAlarm(sim, {
    AlarmName: alarmName, service: serviceName, MetricName: 'HTTPCode_4XX_5XX_Percent', ComparisonOperator: 'GreaterThanThreshold',
    Threshold: EXPRESS_CANARY.alarmThresholdPercent, Period: EXPRESS_CANARY.alarmPeriodSeconds,
    EvaluationPeriods: EXPRESS_CANARY.alarmEvaluationPeriods, DatapointsToAlarm: EXPRESS_CANARY.alarmDatapoints, TreatMissingData: 'notBreaching',
  }, 'alarm');
  if (!('accepted' in a)) putAlarm(sim, a);
}

/** Removes what only one service used: its rule, its groups, and the load balancer once empty. */
export function releaseResources(sim: Simulation, serviceName: string, lbName: string, targetGroups: string[], serviceGroup: string): void {
  const lb = sim.express.loadBalancers.find((l) => l.name === lbName);
  if (lb) {
    lb.rules = lb.rules.filter((r) => r.service !== serviceName);
    // Express deprovisions load balancers it no longer needs (express-service-work, resource sharing).
    if (!lb.rules.length) {
      sim.express.loadBalancers = sim.express.loadBalancers.filter((l) => l !== lb);
      sim.network.securityGroups.delete(lb.securityGroup);
    }
  }
  for (const name of targetGroups) if (!sim.targetGroups.get(name)?.targets.length) sim.targetGroups.delete(name);
  if (serviceGroup !== DEFAULT_SECURITY_GROUP) sim.network.securityGroups.delete(serviceGroup);
  sim.network.rulesVersion++;
  sim.network.reachCache.clear();
}
