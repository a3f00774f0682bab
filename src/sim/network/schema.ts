/**
 * The scenario's `network` object (an addition to contract v1): a VPC with public and private
 * subnets per Availability Zone, NAT gateways and VPC endpoints (the routes to ECR), and security
 * groups. Field names follow the EC2 API. Omitted: a roomy default VPC where everything is open.
 */
import { z } from 'zod';

export const ipPermissionSchema = z.looseObject({
  IpProtocol: z.string().optional(),
  FromPort: z.number().int().min(-1).max(65535).optional(),
  ToPort: z.number().int().min(-1).max(65535).optional(),
  UserIdGroupPairs: z.array(z.looseObject({ GroupId: z.string() })).optional(),
  IpRanges: z.array(z.looseObject({ CidrIp: z.string() })).optional(),
});

export const networkSchema = z.looseObject({
  vpc: z.looseObject({ vpcId: z.string().optional(), cidrBlock: z.string().optional() }).optional(),
  subnets: z.array(z.looseObject({
    subnetId: z.string(),
    availabilityZone: z.string(),
    type: z.enum(['public', 'private']),
    cidrBlock: z.string().optional(),
    /** Free addresses when the scenario starts (AWS keeps 5 per subnet). */
    availableIpAddressCount: z.number().int().min(0).optional(),
  })).optional(),
  /** A NAT gateway gives private subnets a route to ECR (and the internet). */
  natGateway: z.boolean().optional(),
  /** Interface/gateway endpoints, e.g. "com.amazonaws.us-east-1.ecr.dkr"; ECR needs ecr.api, ecr.dkr and s3. */
  vpcEndpoints: z.array(z.string()).optional(),
  securityGroups: z.array(z.looseObject({
    GroupId: z.string(),
    GroupName: z.string().optional(),
    IpPermissions: z.array(ipPermissionSchema).default([]),
  })).optional(),
});

export type NetworkSpec = z.infer<typeof networkSchema>;
export type IpPermission = z.infer<typeof ipPermissionSchema>;
