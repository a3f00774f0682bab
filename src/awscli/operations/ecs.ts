/**
 * Amazon ECS operations on the simulation: each entry maps the API request onto the engine's
 * action (by its real name) and shapes the response from the state after, with the inspector's
 * describe functions (src/app/describe.ts).
 */
import type { Simulation } from '../../sim/engine';
import type { TaskDefinition } from '../../sim/taskdef';
import { ACCOUNT_ID } from '../../sim/taskdef';
import { capacityState } from '../../sim/capacity/state';
import { clusterArn, containerInstanceArn, describeContainerInstance, describeService, describeTask, serviceArn, taskArn } from '../../app/describe';
import { findExpress } from '../../sim/express/actions';
import { describeExpressService } from '../../sim/express/describe';
import { failure, fromEngineError, type Backend, type Json, type OperationMapping } from '../api';

const nameOf = (ref: unknown): string => String(ref ?? '').split('/').pop() ?? '';
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The target group's name in an ELBv2 ARN (`…:targetgroup/<name>/<id>`), or the value itself. */
export function targetGroupName(ref: unknown): string {
  const m = /:targetgroup\/([^/]+)/.exec(String(ref ?? ''));
  return m ? m[1]! : String(ref ?? '');
}

/** An API request less what the engine does not take (`cluster`, tags, client tokens). */
function engineRequest(input: Json): Json {
  const { cluster: _c, clientToken: _t, tags: _g, propagateTags: _p, enableECSManagedTags: _e, enableExecuteCommand: _x, ...rest } = input;
  return rest;
}

/** Load balancers by ARN (the API) → by target group name (the engine's scenario form). */
function loadBalancersIn(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  return v.map((lb: Json) => {
    const { targetGroupArn, advancedConfiguration, ...rest } = lb;
    const adv = advancedConfiguration as Json | undefined;
    return {
      ...rest,
      ...(targetGroupArn !== undefined ? { targetGroupName: targetGroupName(targetGroupArn) } : {}),
      ...(adv ? { advancedConfiguration: { ...adv, ...(adv.alternateTargetGroupArn !== undefined ? { alternateTargetGroupName: targetGroupName(adv.alternateTargetGroupArn) } : {}) } } : {}),
    };
  });
}

function serviceRequest(input: Json): Json {
  const req = engineRequest(input);
  if (req.loadBalancers !== undefined) req.loadBalancers = loadBalancersIn(req.loadBalancers);
  return req;
}

export function describeCluster(b: Backend): Json {
  const sim = b.sim;
  const live = sim.tasks.filter((t) => t.lastStatus !== 'STOPPED');
  const cs = capacityState(sim);
  return {
    clusterArn: clusterArn(sim), clusterName: sim.clusterName, status: 'ACTIVE',
    registeredContainerInstancesCount: sim.instances.filter((i) => i.status !== 'DEREGISTERED').length,
    runningTasksCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: live.filter((t) => t.lastStatus !== 'RUNNING').length,
    activeServicesCount: [...sim.services.values()].filter((s) => s.status === 'ACTIVE').length,
    capacityProviders: cs.associated ?? [...cs.providers.keys()],
    defaultCapacityProviderStrategy: sim.scenario.cluster.defaultCapacityProviderStrategy ?? [],
  };
}

export function describeTaskDefinition(td: TaskDefinition): Json {
  return {
    taskDefinitionArn: td.taskDefinitionArn, family: td.family, revision: td.revision, status: td.status,
    networkMode: td.networkMode, requiresCompatibilities: [...td.requiresCompatibilities], compatibilities: [...td.compatibilities],
    cpu: td.cpu !== null ? String(td.cpu) : undefined, memory: td.memory !== null ? String(td.memory) : undefined,
    runtimePlatform: td.runtimePlatform ?? undefined,
    placementConstraints: td.placementConstraints.map((c) => ({ ...c })),
    containerDefinitions: td.containerDefinitions.map((c) => ({
      name: c.name, image: c.image, essential: c.essential, cpu: c.cpu,
      memory: c.memory ?? undefined, memoryReservation: c.memoryReservation ?? undefined,
      portMappings: c.portMappings.map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol, name: p.name ?? undefined })),
      healthCheck: c.healthCheck ? { command: [...c.healthCheck.command], interval: c.healthCheck.interval, timeout: c.healthCheck.timeout, retries: c.healthCheck.retries, startPeriod: c.healthCheck.startPeriod } : undefined,
      stopTimeout: c.stopTimeout,
    })),
  };
}

function taskDefinitionOf(sim: Simulation, ref: unknown): TaskDefinition | null {
  const r = sim.taskDefinitions.resolve(ref, { field: 'taskDefinition' });
  return r.ok ? r.taskDefinition : null;
}

function services(b: Backend, refs: unknown[]): Json {
  const out: Json[] = [];
  const failures: Json[] = [];
  for (const ref of refs) {
    const svc = b.sim.services.get(nameOf(ref));
    if (svc) out.push(describeService(b.sim, svc, b.log));
    else failures.push({ arn: String(ref).startsWith('arn:') ? ref : serviceArn(b.sim, String(ref)), reason: 'MISSING' });
  }
  return { services: out, failures };
}

function tasks(b: Backend, refs: unknown[]): Json {
  const out: Json[] = [];
  const failures: Json[] = [];
  for (const ref of refs) {
    const t = b.sim.tasks.find((x) => x.taskId === nameOf(ref));
    if (t) out.push(describeTask(b.sim, t, b.log));
    else failures.push({ arn: String(ref), reason: 'MISSING' });
  }
  return { tasks: out, failures };
}

const serviceAfter = (input: Json, b: Backend): Json => {
  const svc = b.sim.services.get(nameOf(input.service ?? input.serviceName));
  return svc ? { service: describeService(b.sim, svc, b.log) } : {};
};

function capacityProviders(b: Backend, names: unknown[] | undefined): Json {
  const cs = capacityState(b.sim);
  const out: Json[] = [];
  for (const p of cs.providers.values()) {
    if (names && !names.some((n) => nameOf(n) === p.name)) continue;
    out.push({
      capacityProviderArn: `arn:aws:ecs:${b.sim.region}:${ACCOUNT_ID}:capacity-provider/${p.name}`, name: p.name, status: 'ACTIVE',
      autoScalingGroupProvider: {
        autoScalingGroupArn: `arn:aws:autoscaling:${b.sim.region}:${ACCOUNT_ID}:autoScalingGroup:${p.index}:autoScalingGroupName/${p.autoScalingGroupName}`,
        managedScaling: { ...p.managedScaling }, managedTerminationProtection: p.managedTerminationProtection,
      },
    });
  }
  for (const f of ['FARGATE', 'FARGATE_SPOT']) {
    if (!names || names.some((n) => nameOf(n) === f)) out.push({ capacityProviderArn: `arn:aws:ecs:${b.sim.region}:${ACCOUNT_ID}:capacity-provider/${f}`, name: f, status: 'ACTIVE' });
  }
  return { capacityProviders: out };
}

export const ecsOperations: Record<string, OperationMapping> = {
  CreateCluster: {
    response: (input, b) => {
      const name = String(input.clusterName ?? 'default');
      return name === b.sim.clusterName ? { cluster: describeCluster(b) }
        : failure('InvalidParameterException', `The simulation runs one cluster, "${b.sim.clusterName}" (the scenario's). create-cluster with that name returns it, as CreateCluster does for a cluster that exists.`);
    },
  },
  DescribeClusters: {
    response: (input, b) => {
      const refs = input.clusters === undefined ? ['default'] : list(input.clusters);
      const hit = refs.filter((r) => nameOf(r) === b.sim.clusterName || (nameOf(r) === 'default' && input.clusters === undefined));
      return { clusters: hit.length ? [describeCluster(b)] : [], failures: refs.filter((r) => !hit.includes(r)).map((r) => ({ arn: String(r), reason: 'MISSING' })) };
    },
  },
  ListClusters: { response: (_i, b) => ({ clusterArns: [clusterArn(b.sim)] }) },
  RegisterTaskDefinition: {
    action: 'RegisterTaskDefinition',
    request: (input) => { const { tags: _t, ...rest } = input; return rest; },
    response: (_i, b, value) => {
      const td = taskDefinitionOf(b.sim, (value as { taskDefinition: string }).taskDefinition);
      return td ? { taskDefinition: describeTaskDefinition(td) } : {};
    },
  },
  DescribeTaskDefinition: {
    response: (input, b) => {
      const td = taskDefinitionOf(b.sim, input.taskDefinition);
      return td ? { taskDefinition: describeTaskDefinition(td) } : failure('ClientException', 'Unable to describe task definition.');
    },
  },
  ListTaskDefinitions: {
    response: (input, b) => {
      const all = b.sim.taskDefinitions.list({ status: (input.status as 'ACTIVE' | 'INACTIVE' | undefined) ?? 'ACTIVE' });
      const arns = all.filter((td) => input.familyPrefix === undefined || td.family === String(input.familyPrefix)).map((td) => td.taskDefinitionArn);
      return { taskDefinitionArns: input.sort === 'DESC' ? arns.reverse() : arns };
    },
  },
  ListTaskDefinitionFamilies: {
    response: (input, b) => ({ families: [...new Set(b.sim.taskDefinitions.list().map((td) => td.family))].filter((f) => input.familyPrefix === undefined || f.startsWith(String(input.familyPrefix))) }),
  },
  CreateService: { action: 'CreateService', request: serviceRequest, response: serviceAfter },
  UpdateService: { action: 'UpdateService', request: serviceRequest, response: serviceAfter },
  DeleteService: { action: 'DeleteService', request: engineRequest, response: serviceAfter },
  DescribeServices: { response: (input, b) => services(b, list(input.services)) },
  ListServices: {
    response: (input, b) => ({
      serviceArns: [...b.sim.services.values()].filter((s) => s.status !== 'INACTIVE')
        .filter((s) => input.launchType === undefined || s.launchType === input.launchType)
        .map((s) => serviceArn(b.sim, s.serviceName)),
    }),
  },
  RunTask: {
    action: 'RunTask', request: engineRequest,
    response: (_i, b, value) => {
      const v = value as { tasks: string[]; failures: { arn: string | null; reason: string }[] };
      return { tasks: (tasks(b, v.tasks).tasks as Json[]), failures: v.failures.map((f) => ({ ...(f.arn ? { arn: f.arn } : {}), reason: f.reason })) };
    },
  },
  StopTask: {
    action: 'StopTask', request: engineRequest,
    response: (input, b) => ({ task: (tasks(b, [input.task]).tasks as Json[])[0] }),
  },
  DescribeTasks: { response: (input, b) => tasks(b, list(input.tasks)) },
  ListTasks: {
    response: (input, b) => {
      const desired = (input.desiredStatus as string | undefined) ?? 'RUNNING';
      const family = input.family as string | undefined;
      const inst = input.containerInstance !== undefined ? nameOf(input.containerInstance) : undefined;
      return {
        taskArns: b.sim.tasks.filter((t) => t.desiredStatus === desired && !(desired === 'STOPPED' && t.lastStatus !== 'STOPPED'))
          .filter((t) => input.serviceName === undefined || t.service === nameOf(input.serviceName))
          .filter((t) => family === undefined || t.taskDefinition.startsWith(`${family}:`))
          .filter((t) => input.startedBy === undefined || t.deploymentId === input.startedBy)
          .filter((t) => inst === undefined || b.sim.instanceOf(t)?.id === inst)
          .map((t) => taskArn(b.sim, t)),
      };
    },
  },
  DescribeContainerInstances: {
    response: (input, b) => {
      const found: Json[] = [];
      const failures: Json[] = [];
      for (const ref of list(input.containerInstances)) {
        const inst = b.sim.instances.find((i) => i.id === nameOf(ref) || i.ec2InstanceId === nameOf(ref));
        if (inst) found.push(describeContainerInstance(b.sim, inst)); else failures.push({ arn: String(ref), reason: 'MISSING' });
      }
      return { containerInstances: found, failures };
    },
  },
  ListContainerInstances: {
    response: (input, b) => ({
      containerInstanceArns: b.sim.instances.filter((i) => i.status !== 'DEREGISTERED')
        .filter((i) => input.status === undefined || i.status === input.status)
        .map((i) => containerInstanceArn(b.sim, i)),
    }),
  },
  UpdateContainerInstancesState: {
    action: 'UpdateContainerInstancesState', request: engineRequest,
    response: (input, b) => ecsOperations.DescribeContainerInstances!.response(input, b, undefined),
  },
  CreateCapacityProvider: {
    action: 'CreateCapacityProvider', request: engineRequest,
    response: (input, b) => ({ capacityProvider: (capacityProviders(b, [input.name]).capacityProviders as Json[])[0] }),
  },
  DescribeCapacityProviders: { response: (input, b) => capacityProviders(b, input.capacityProviders as unknown[] | undefined) },
  PutClusterCapacityProviders: {
    action: 'PutClusterCapacityProviders', request: engineRequest,
    response: (_i, b) => ({ cluster: describeCluster(b) }),
  },
  // ECS Express Mode: the engine takes the API's requests and answers in its shapes.
  CreateExpressGatewayService: { action: 'CreateExpressGatewayService', response: (_i, _b, v) => v as Json },
  UpdateExpressGatewayService: { action: 'UpdateExpressGatewayService', response: (_i, _b, v) => v as Json },
  DeleteExpressGatewayService: { action: 'DeleteExpressGatewayService', response: (_i, _b, v) => v as Json },
  DescribeExpressGatewayService: {
    response: (input, b) => {
      const e = findExpress(b.sim, input.serviceArn);
      if ('message' in e) return fromEngineError(e);
      const d = describeExpressService(b.sim, e);
      return { service: Array.isArray(input.include) ? d : { ...d, tags: undefined } };
    },
  },
};
