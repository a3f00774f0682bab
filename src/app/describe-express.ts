/**
 * ECS Express Mode in the inspector (§13): an Express service as DescribeExpressGatewayService
 * returns it, every resource the call created (DescribeServiceRevisions' ecsManagedResources), the
 * direct changes Express leaves alone, and what it costs beside App Runner for the same traffic;
 * an Express load balancer as ELBv2 describes it, with its host-header rules.
 */
import type { Simulation } from '../sim/engine';
import type { ApiView } from './describe';
import { describeExpressService } from '../sim/express/describe';
import { expressOf } from '../sim/express/model';
import { expressSnap, EXPRESS_MODEL_NOTES } from '../sim/express/report';

type Json = ApiView['body'];
const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Json;

/** The Express views of a service, or null for an ordinary service. */
export function describeExpressViews(sim: Simulation, serviceName: string): ApiView[] | null {
  const e = expressOf(sim.express, serviceName);
  if (!e) return null;
  const s = expressSnap(sim, e);
  return [
    { api: 'DescribeExpressGatewayService', body: json({ service: describeExpressService(sim, e) }) },
    { api: 'Resources it created (ecsManagedResources, as DescribeServiceRevisions lists them)', body: json(s.resources) },
    { api: 'Changed directly (Express leaves these alone until an Express update names them)', model: true, body: json({ directChanges: s.directChanges.length ? s.directChanges : ['none'] }) },
    { api: 'Cost per hour: its Fargate tasks and its share of the load balancer, beside App Runner for the same traffic (bytes and connections per request are a model)', model: true, body: json({
      fargateUsdPerHour: s.cost.fargateUsdPerHour, loadBalancerShareUsdPerHour: s.cost.albUsdPerHour, loadBalancerCapacityUnits: s.cost.lcus,
      totalUsdPerHour: s.cost.totalUsdPerHour,
      appRunnerForSameTraffic: { instances: s.cost.appRunner.instances, instancesConcurrencyAsksFor: s.cost.appRunner.wantedInstances, servesAll: s.cost.appRunner.servesAll, usdPerHour: Math.round(s.cost.appRunner.usdPerHour * 10_000) / 10_000 },
      models: EXPRESS_MODEL_NOTES.map((m) => `${m.topic} (${m.section}): ${m.text}`),
    }) },
  ];
}

/** An Express load balancer, or null when the name is not one. */
export function describeExpressLoadBalancer(sim: Simulation, name: string): ApiView[] | null {
  const lb = sim.express.loadBalancers.find((l) => l.name === name);
  if (!lb) return null;
  const tgs = [...sim.targetGroups.values()].filter((tg) => tg.loadBalancerName === name);
  return [
    { api: 'DescribeLoadBalancers', body: json({ LoadBalancers: [{ LoadBalancerArn: lb.arn, LoadBalancerName: lb.name, DNSName: lb.dnsName, Scheme: lb.scheme, Type: 'application', State: { Code: 'active' },
      AvailabilityZones: lb.subnets.map((id) => ({ SubnetId: id, ZoneName: sim.network.subnets.find((s) => s.subnetId === id)?.availabilityZone })), SecurityGroups: [lb.securityGroup] }] }) },
    { api: 'DescribeListeners', body: json({ Listeners: [{ ListenerArn: lb.listenerArn, LoadBalancerArn: lb.arn, Port: 443, Protocol: 'HTTPS' }] }) },
    { api: 'DescribeRules', body: json({ Rules: lb.rules.map((r) => {
      const e = sim.express.services.get(r.service);
      return { RuleArn: r.arn, Priority: String(r.priority), Conditions: [{ Field: 'host-header', Values: [r.host] }],
        Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: (e?.resources.targetGroups ?? []).map((t) => ({ TargetGroupName: t, Weight: sim.services.get(r.service)?.trafficWeights?.[t] ?? null })) } }] };
    }).concat([{ RuleArn: `${lb.listenerArn.replace(':listener/', ':listener-rule/')}/default`, Priority: 'default', Conditions: [], Actions: [{ Type: 'fixed-response', ForwardConfig: { TargetGroups: [] } }] }]) }) },
    { api: 'DescribeTargetGroups', body: json({ TargetGroups: tgs.map((tg) => ({ TargetGroupName: tg.targetGroupName, TargetType: 'ip', Protocol: 'HTTP', LoadBalancerArns: [lb.arn],
      HealthCheckIntervalSeconds: tg.intervalSeconds, HealthyThresholdCount: tg.healthyThresholdCount, UnhealthyThresholdCount: tg.unhealthyThresholdCount })) }) },
  ];
}
