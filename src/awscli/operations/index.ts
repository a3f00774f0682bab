/** Every modelled operation, by the AWS CLI's service name. */
import type { ServiceMappings } from '../api';
import { ecsOperations } from './ecs';
import { appRunnerOperations, autoScalingOperations, codeDeployOperations, elbv2Operations, serviceDiscoveryOperations } from './others';

export const MAPPINGS: Record<string, ServiceMappings> = {
  ecs: ecsOperations,
  'application-autoscaling': autoScalingOperations,
  elbv2: elbv2Operations,
  servicediscovery: serviceDiscoveryOperations,
  apprunner: appRunnerOperations,
  deploy: codeDeployOperations,
};
