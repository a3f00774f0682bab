/**
 * RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition and
 * ListTaskDefinitions, as the real ECS API does them.
 *
 * ```ts
 * const registry = new TaskDefinitionRegistry();
 * const r = registry.register({
 *   family: 'web', cpu: '512', memory: '1 GB', networkMode: 'awsvpc',
 *   requiresCompatibilities: ['FARGATE'],
 *   containerDefinitions: [{ name: 'app', image: 'web:1.0', portMappings: [{ containerPort: 8080 }] }],
 * });
 * // r.ok → r.taskDefinition.taskDefinitionArn === 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
 * //        r.taskDefinition.memory === 1024, containerDefinitions[0].portMappings[0].hostPort === 8080
 * registry.resolve('web');        // latest ACTIVE revision
 * registry.resolve('web:1');      // that revision
 * ```
 *
 * Bad input never throws: it returns an `ApiError` naming the field, the value and what is
 * accepted. The API returns one error per call; so does this module, checking in a fixed order.
 *
 * Error wording: messages marked "confirmed" in this folder were seen verbatim from the real API
 * (AWS docs or users' transcripts of API responses). The others follow the API's style but their
 * exact wording is unconfirmed.
 *
 * The registry's state is plain data (`TaskDefinitionStore`), so the engine can checkpoint it
 * with `structuredClone`. Registered definitions are deep-frozen.
 *
 * Files: `types.ts` (request and registered shapes), `sizes.ts` (task cpu/memory, the Fargate
 * table §7.1), `containers.ts` (container definitions, port mappings, health checks §2.1–§2.3),
 * `constraints.ts` (memberOf §1.3–§1.4), `sim.ts` (the `sim` object), `arn.ts` (ARNs and
 * references), `validate.ts` (a request as a whole), `registry.ts` (the store and its actions).
 */
export type {
  Compatibility,
  ContainerDefinition,
  ContainerDefinitionRequest,
  CpuArchitecture,
  HealthCheck,
  HealthCheckRequest,
  NetworkMode,
  OperatingSystemFamily,
  PortMapping,
  PortMappingRequest,
  RuntimePlatform,
  RuntimePlatformRequest,
  SimSettings,
  SimSettingsRequest,
  TaskDefinition,
  TaskDefinitionPlacementConstraint,
  TaskDefinitionRequest,
  TaskDefinitionResult,
  TaskDefinitionStatus,
  TransportProtocol,
} from './types';
export { SIM_DEFAULTS } from './sim';
export {
  FARGATE_MAX_STOP_TIMEOUT_SECONDS,
  HEALTH_CHECK_LIMITS,
  MAX_CONTAINERS_PER_TASK_DEFINITION,
  STOP_TIMEOUT_DEFAULT_SECONDS,
} from './containers';
export { MAX_CONSTRAINT_EXPRESSION_LENGTH, MAX_PLACEMENT_CONSTRAINTS } from './constraints';
export {
  EC2_TASK_CPU_MAX,
  EC2_TASK_MEMORY_MAX,
  EC2_TASK_MEMORY_MIN,
  EC2_TASK_CPU_MIN,
  FARGATE_SIZES,
  fargateMemoryOptions,
  isValidFargatePair,
  parseCpuUnits,
  parseMemoryMiB,
  type FargateSize,
  type SizeParse,
} from './sizes';
export { ACCOUNT_ID, DEFAULT_REGION, taskDefinitionArn, taskDefinitionRef } from './arn';
export { deriveCompatibilities, validateTaskDefinitionRequest } from './validate';
export {
  TaskDefinitionRegistry,
  createTaskDefinitionStore,
  deregisterTaskDefinition,
  listTaskDefinitions,
  registerTaskDefinition,
  resolveTaskDefinition,
  type FamilyRecord,
  type ListFilter,
  type ResolveOptions,
  type TaskDefinitionStore,
} from './registry';
