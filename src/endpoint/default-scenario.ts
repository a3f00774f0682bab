/**
 * The scenario `npm run serve:aws` runs when it is given none: an empty cluster named `default`
 * in three Availability Zones (Fargate needs no instances), a VPC with a public subnet per zone
 * (`subnet-a`, `subnet-b`, `subnet-c`) and one open security group (`sg-default`), and one
 * Application Load Balancer with two target groups to put a service behind.
 */
export const DEFAULT_SCENARIO = {
  schemaVersion: 1,
  name: 'Local endpoint',
  seed: 1,
  durationSeconds: 86_400,
  network: {
    subnets: ['a', 'b', 'c'].map((z, i) => ({ subnetId: `subnet-${z}`, availabilityZone: `us-east-1${z}`, type: 'public', cidrBlock: `10.0.${i * 16}.0/20` })),
    natGateway: true,
    securityGroups: [{ GroupId: 'sg-default', GroupName: 'default', IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }],
  },
  cluster: { clusterName: 'default', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], containerInstances: [] },
  loadBalancers: [{ name: 'web-alb', type: 'application', targetGroups: [{ targetGroupName: 'web-tg' }, { targetGroupName: 'web-tg-green' }] }],
};
