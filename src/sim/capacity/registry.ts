/**
 * Creating capacity providers and associating them with the cluster (§6.1, §6.3):
 * `CreateCapacityProvider` (the scenario's `capacityProviders` go through it too) and
 * `PutClusterCapacityProviders`. FARGATE and FARGATE_SPOT are built in (§6.2).
 *
 * Defaults follow the API where it has one (managed scaling: target 100 %, steps 1..10000, warm-up
 * 300 s) and the console where it does not: managed scaling ENABLED, managed termination
 * protection DISABLED.
 */
import type { Simulation } from '../engine';
import type { Scenario } from '../scenario/schema';
import type { SetupError } from '../systems';
import { invalidParameter, clientException, type ApiError } from '../errors';
import { lookupInstanceType } from '../catalog';
import { MAX_CP } from '../../core/core';
import { capacityState, isFargateProvider, scenarioError, type AsgProvider, type ManagedScaling } from './state';
import { launchAsgInstance } from './asg';
import { PROVIDER_ATTRIBUTE } from './launch';

type Req = Record<string, unknown>;
const isObj = (v: unknown): v is Req => typeof v === 'object' && v !== null && !Array.isArray(v);

function wholeIn(v: unknown, field: string, min: number, max: number, dflt: number, what: string): number | ApiError {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    return invalidParameter(field, v, `a whole number from ${min} to ${max}`, `The ${what} must be a whole number from ${min} to ${max}.`);
  }
  return v;
}

const isErr = (x: unknown): x is ApiError => isObj(x) && typeof x.message === 'string' && typeof x.field === 'string';

/** Validates a CreateCapacityProvider request into a provider (not yet registered). */
export function parseCapacityProvider(sim: Simulation, req: Req, index: number): AsgProvider | ApiError {
  const name = req.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    return invalidParameter('name', name, 'up to 255 letters, numbers, underscores and hyphens', 'The capacity provider name is invalid. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.');
  }
  if (/^(aws|ecs|fargate)/i.test(name)) {
    return invalidParameter('name', name, "a name that does not start with 'aws', 'ecs' or 'fargate'", "The capacity provider name cannot be prefixed with 'aws', 'ecs', or 'fargate'.");
  }
  if (capacityState(sim).providers.has(name)) {
    return clientException('name', name, 'a name not used by another capacity provider', `The specified capacity provider ${name} already exists. Specify a unique name and try again.`);
  }
  const p = req.autoScalingGroupProvider;
  if (!isObj(p)) return invalidParameter('autoScalingGroupProvider', p, 'an object { autoScalingGroup, managedScaling?, managedTerminationProtection? }', 'autoScalingGroupProvider is required.');
  const g = p.autoScalingGroup;
  if (!isObj(g)) return invalidParameter('autoScalingGroupProvider.autoScalingGroup', g, 'an object { instanceType, minSize, maxSize, desiredCapacity?, availabilityZones? }', 'The Auto Scaling group is required.');
  const it = lookupInstanceType(g.instanceType, 'autoScalingGroupProvider.autoScalingGroup.instanceType');
  if (!it.ok) return it.error;
  const f = 'autoScalingGroupProvider.autoScalingGroup';
  const minSize = wholeIn(g.minSize, `${f}.minSize`, 0, 1000, 0, 'minimum size of the Auto Scaling group');
  if (isErr(minSize)) return minSize;
  const maxSize = wholeIn(g.maxSize, `${f}.maxSize`, 0, 1000, 0, 'maximum size of the Auto Scaling group');
  if (isErr(maxSize)) return maxSize;
  if (maxSize < minSize) return invalidParameter(`${f}.maxSize`, maxSize, `at least minSize (${minSize})`, `ValidationError: Max bound, ${maxSize}, must be greater than or equal to min bound, ${minSize}.`);
  const desired = wholeIn(g.desiredCapacity, `${f}.desiredCapacity`, minSize, maxSize, minSize, `desired capacity (between minSize ${minSize} and maxSize ${maxSize})`);
  if (isErr(desired)) return desired;
  const azs = g.availabilityZones ?? sim.availabilityZones;
  if (!Array.isArray(azs) || azs.length === 0 || azs.some((z) => typeof z !== 'string' || !sim.availabilityZones.includes(z))) {
    return invalidParameter(`${f}.availabilityZones`, azs, `zones of the cluster: ${sim.availabilityZones.join(', ')}`, "The Auto Scaling group's Availability Zones must be zones of the cluster.");
  }
  const ms = p.managedScaling;
  if (ms !== undefined && !isObj(ms)) return invalidParameter('autoScalingGroupProvider.managedScaling', ms, 'an object', 'managedScaling must be an object.');
  const m = (ms ?? {}) as Req;
  const mf = 'autoScalingGroupProvider.managedScaling';
  const status = m.status ?? 'ENABLED';
  if (status !== 'ENABLED' && status !== 'DISABLED') return invalidParameter(`${mf}.status`, status, 'ENABLED or DISABLED', 'managedScaling.status must be ENABLED or DISABLED.');
  const targetCapacity = wholeIn(m.targetCapacity, `${mf}.targetCapacity`, 1, 100, 100, 'managed scaling target capacity');
  if (isErr(targetCapacity)) return targetCapacity;
  const minStep = wholeIn(m.minimumScalingStepSize, `${mf}.minimumScalingStepSize`, 1, 10000, 1, 'minimum scaling step size');
  if (isErr(minStep)) return minStep;
  const maxStep = wholeIn(m.maximumScalingStepSize, `${mf}.maximumScalingStepSize`, 1, 10000, 10000, 'maximum scaling step size');
  if (isErr(maxStep)) return maxStep;
  if (maxStep < minStep) return invalidParameter(`${mf}.maximumScalingStepSize`, maxStep, `at least minimumScalingStepSize (${minStep})`, 'The maximum scaling step size must be greater than or equal to the minimum scaling step size.');
  const warmup = wholeIn(m.instanceWarmupPeriod, `${mf}.instanceWarmupPeriod`, 0, 10000, 300, 'instance warm-up period');
  if (isErr(warmup)) return warmup;
  const mtp = p.managedTerminationProtection ?? 'DISABLED';
  if (mtp !== 'ENABLED' && mtp !== 'DISABLED') return invalidParameter('autoScalingGroupProvider.managedTerminationProtection', mtp, 'ENABLED or DISABLED', 'managedTerminationProtection must be ENABLED or DISABLED.');
  if (mtp === 'ENABLED' && status !== 'ENABLED') {
    return invalidParameter('autoScalingGroupProvider.managedTerminationProtection', mtp, 'DISABLED unless managed scaling is ENABLED', 'The managed termination protection setting for the capacity provider is invalid. Managed termination protection requires managed scaling to be enabled.');
  }
  const market = isObj(g.instanceMarketOptions) ? g.instanceMarketOptions.marketType : undefined;
  if (market !== undefined && market !== 'spot') return invalidParameter(`${f}.instanceMarketOptions.marketType`, market, '"spot"', 'instanceMarketOptions.marketType must be "spot".');
  const agent = isObj(g.ecsAgentConfig) ? g.ecsAgentConfig : {};
  const managedScaling: ManagedScaling = { status, targetCapacity, minimumScalingStepSize: minStep, maximumScalingStepSize: maxStep, instanceWarmupPeriod: warmup };
  return {
    name, index,
    autoScalingGroupName: typeof g.autoScalingGroupName === 'string' ? g.autoScalingGroupName : name,
    instanceType: it.value.name, minSize, maxSize, desiredCapacity: desired,
    availabilityZones: azs as string[],
    lifecycle: market === 'spot' ? 'spot' : 'on-demand',
    spotInstanceDraining: agent.ECS_ENABLE_SPOT_INSTANCE_DRAINING === true || agent.ECS_ENABLE_SPOT_INSTANCE_DRAINING === 'true',
    managedScaling, managedTerminationProtection: mtp,
    instances: [], reservation: [], last: null,
  };
}

function nextIndex(sim: Simulation): number {
  const used = new Set([...capacityState(sim).providers.values()].map((p) => p.index));
  const declared = (sim.scenario.capacityProviders ?? []).map((c) => c.name);
  // Indexes below the scenario's declared count stay reserved for the declared providers.
  for (let i = declared.length; i < MAX_CP; i++) if (!used.has(i)) return i;
  return -1;
}

/** Registers a provider and starts its Auto Scaling group's instances. */
export function createCapacityProvider(sim: Simulation, req: Req, opts: { index?: number; alreadyRunning?: boolean } = {}): AsgProvider | ApiError {
  const index = opts.index ?? nextIndex(sim);
  if (index < 0) return clientException('name', req.name, `at most ${MAX_CP} capacity providers`, `LimitExceededException: this simulation holds at most ${MAX_CP} Auto Scaling group capacity providers.`);
  const p = parseCapacityProvider(sim, req, index);
  if (isErr(p)) return p;
  capacityState(sim).providers.set(p.name, p);
  // Instances registered with this provider before it existed (the scenario's starting
  // instances) belong to its group.
  for (const inst of sim.instances) {
    if (inst.capacityProvider !== p.name || inst.status === 'DEREGISTERED') continue;
    inst.attributes[PROVIDER_ATTRIBUTE] = p.name;
    inst.lifecycle = p.lifecycle;
    p.instances.push({ ec2InstanceId: inst.ec2InstanceId, availabilityZone: inst.availabilityZone, lifecycle: p.lifecycle,
      launchedAt: inst.registeredAt, registersAt: inst.registeredAt, warmUntil: inst.registeredAt, slot: inst.slot, state: 'InService', terminatedAt: null, interruptAt: null });
  }
  while (p.instances.length < p.desiredCapacity) {
    const e = launchAsgInstance(sim, p, opts.alreadyRunning ?? false);
    if (e) return e;
  }
  return p;
}

/** The providers a strategy may name: associated with the cluster (§6.1). */
export function associatedProviders(sim: Simulation): string[] {
  const cs = capacityState(sim);
  return cs.associated ?? ['FARGATE', 'FARGATE_SPOT', ...cs.providers.keys()];
}

/**
 * Checks a capacity provider strategy against the cluster (§6.1): every provider exists and is
 * associated, at most 6 items, Fargate and Auto Scaling group providers not mixed. Weight and
 * base rules are checked by CreateService/RunTask themselves.
 */
export function checkStrategy(sim: Simulation, items: unknown, field: string): ApiError | null {
  if (items === undefined) return null;
  if (!Array.isArray(items)) return invalidParameter(field, items, 'a list of { capacityProvider, base?, weight? }', `${field} must be a list.`);
  if (items.length > 6) return invalidParameter(field, items, 'at most 6 capacity providers', 'The capacity provider strategy can contain at most 6 capacity providers.');
  const assoc = associatedProviders(sim);
  let fargate = 0;
  for (const [i, it] of items.entries()) {
    const name = isObj(it) ? it.capacityProvider : undefined;
    if (typeof name !== 'string' || !assoc.includes(name)) {
      return invalidParameter(`${field}[${i}].capacityProvider`, name, `a capacity provider associated with the cluster: ${assoc.join(', ')}`,
        'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.');
    }
    if (isFargateProvider(name)) fargate++;
  }
  if (fargate > 0 && fargate < items.length) {
    return invalidParameter(field, items, 'only Fargate providers, or only Auto Scaling group providers',
      'The specified capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate providers. Specify one or the other and try again.');
  }
  return null;
}

/** PutClusterCapacityProviders: replaces the cluster's providers and its default strategy (§6.1). */
export function putClusterCapacityProviders(sim: Simulation, req: Req): ApiError | null {
  const list = req.capacityProviders;
  if (!Array.isArray(list) || list.some((n) => typeof n !== 'string')) {
    return invalidParameter('capacityProviders', list, 'a list of capacity provider names (may be empty)', 'capacityProviders is required and must be a list of names.');
  }
  if (list.length > 20) return invalidParameter('capacityProviders', list, 'at most 20 capacity providers', 'A cluster can have at most 20 capacity providers.');
  const cs = capacityState(sim);
  for (const [i, n] of (list as string[]).entries()) {
    if (!isFargateProvider(n) && !cs.providers.has(n)) {
      return invalidParameter(`capacityProviders[${i}]`, n, `FARGATE, FARGATE_SPOT or a created provider: ${[...cs.providers.keys()].join(', ') || '(none)'}`, `The specified capacity provider ${n} does not exist.`);
    }
  }
  const strategy = req.defaultCapacityProviderStrategy ?? [];
  const before = cs.associated;
  cs.associated = [...(list as string[])];
  const e = checkStrategy(sim, strategy, 'defaultCapacityProviderStrategy');
  if (e) { cs.associated = before; return e; }
  for (const inUse of sim.services.values()) {
    for (const item of inUse.capacityProviderStrategy) {
      if (inUse.status === 'ACTIVE' && !list.includes(item.capacityProvider)) {
        cs.associated = before;
        return clientException('capacityProviders', list, `a list that keeps ${item.capacityProvider} (service ${inUse.serviceName} uses it)`, `ResourceInUseException: The specified capacity provider ${item.capacityProvider} is in use and cannot be removed.`);
      }
    }
  }
  sim.scenario.cluster.defaultCapacityProviderStrategy = (strategy as { capacityProvider: string; base?: number; weight?: number }[]).map((s) => ({ ...s }));
  return null;
}

/**
 * Setup (§6): the scenario's providers in order (their core index is their position), the
 * starting instances of each group already running, then the cluster's association list.
 */
export function setupCapacityProviders(sim: Simulation, s: Scenario): SetupError | null {
  const declared = s.capacityProviders ?? [];
  for (const [i, inst] of s.cluster.containerInstances.entries()) {
    const cp = inst.capacityProvider;
    if (cp !== undefined && !declared.some((d) => d.name === cp)) {
      return { field: `cluster.containerInstances[${i}].capacityProvider`, value: cp, accepted: `a provider declared in capacityProviders: ${declared.map((d) => d.name).join(', ') || '(none)'}`, message: `Invalid scenario: container instances name capacity provider '${cp}', which capacityProviders does not declare.` };
    }
  }
  for (const [i, d] of declared.entries()) {
    const r = createCapacityProvider(sim, d as Req, { index: i, alreadyRunning: true });
    if (isErr(r)) return scenarioError(`capacityProviders[${i}].${r.field}`, r);
  }
  if (s.cluster.capacityProviders) {
    const e = putClusterCapacityProviders(sim, { capacityProviders: s.cluster.capacityProviders, defaultCapacityProviderStrategy: s.cluster.defaultCapacityProviderStrategy ?? [] });
    if (e) return scenarioError(`cluster.${e.field}`, e);
  } else if (s.cluster.defaultCapacityProviderStrategy) {
    const e = checkStrategy(sim, s.cluster.defaultCapacityProviderStrategy, 'cluster.defaultCapacityProviderStrategy');
    if (e) return scenarioError(e.field, e);
  }
  return null;
}
