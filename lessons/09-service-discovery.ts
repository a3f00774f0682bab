/**
 * Lesson 9: service discovery. Cloud Map DNS (A records, the 8-record answer), the Cloud Map API
 * (DiscoverInstances), and Service Connect (endpoints, and why clients must be redeployed to see a
 * new one).
 */
import type { Lesson } from './types';
import type { LessonView } from './view';
import scenario from './scenarios/lesson-discovery.json' with { type: 'json' };
import { goal, result, sent, serviceRuns } from './goals';
import { md, NO_MARKDOWN } from '../src/text/markdown-safe';

interface DnsAnswer { records: string[]; ttl: number; note: string }
interface ConnectAnswer { resolves: boolean; targets: string[]; note: string }

function dns(v: LessonView, name: string): DnsAnswer | string {
  const r = v.ask('ResolveDns', { name, type: 'A' });
  return r.ok ? (r.value as DnsAnswer) : r.error.message;
}

function connect(v: LessonView): ConnectAnswer | string {
  const r = v.ask('ServiceConnectResolve', { fromService: 'frontend', endpoint: 'http://checkout:80' });
  return r.ok ? (r.value as ConnectAnswer) : r.error.message;
}

const CHECKOUT = {
  serviceName: 'checkout', taskDefinition: 'checkout', desiredCount: 2, launchType: 'FARGATE',
  serviceConnectConfiguration: { enabled: true, namespace: 'corp.local', services: [{ portName: 'http', clientAliases: [{ port: 80, dnsName: 'checkout' }] }] },
};

export const serviceDiscovery: Lesson = {
  id: 'service-discovery',
  number: 9,
  title: 'Service discovery',
  summary: 'Cloud Map DNS, the Cloud Map API, and Service Connect endpoints.',
  minutes: 15,
  scenario,
  startAt: 90,
  intro: `
Tasks come and go, and so do their addresses. Three ways let other software find them:

- **Cloud Map DNS**: each task of a service is a record under \`<service>.<namespace>\` in a private
  DNS namespace (a Route 53 private hosted zone). \`awsvpc\` tasks can have **A** records with their
  own private IP; \`bridge\` and \`host\` tasks only **SRV** records (§9.1).
- **The Cloud Map API**: \`DiscoverInstances\` lists the registered instances, with no DNS involved
  (§9.1).
- **Service Connect**: ECS adds a proxy to every new task of a service in the namespace; clients call
  a short name such as \`http://checkout:80\` and the proxy spreads connections over the server's
  healthy tasks, without depending on VPC DNS (§9.2).

\`orders\` (3 Fargate tasks) registers A records in \`corp.local\` with a 60-second TTL. \`frontend\`
(2 tasks) uses Service Connect in the same namespace as a client.`,
  steps: [
    {
      id: 'dns',
      title: 'DNS answers up to eight',
      body: `
Resolve \`orders.corp.local\` (**ResolveDns**, type A): three addresses, one per task. Then scale
\`orders\` to **10** tasks and resolve it again. Route 53 returns **all healthy records when there are
at most 8**, and 8 of them otherwise; if every record is unhealthy it returns up to 8 unhealthy ones
rather than nothing (§9.1). ECS pushes each task's health to Cloud Map, so a task that is not healthy
leaves the answers (§9.1).`,
      goals: [
        serviceRuns('orders', 10),
        goal('resolved', 'You resolved orders.corp.local after scaling', (v) => {
          const scaled = v.stepActions.find((a) => a.action === 'UpdateService' && a.request.service === 'orders' && Number(a.request.desiredCount) >= 10);
          const asked = v.stepActions.some((a) => a.action === 'ResolveDns' && a.request.name === 'orders.corp.local' && scaled && a.at > scaled.at);
          return result(asked, scaled ? 'Resolve orders.corp.local again with ResolveDns, now that orders is scaling to 10.' : 'Scale orders to 10, then resolve orders.corp.local with ResolveDns.');
        }, true),
        goal('eight', 'The answer holds 8 of the 10 healthy records', (v) => {
          const a = dns(v, 'orders.corp.local');
          if (typeof a === 'string') return result(false, `DNS answers: ${a}`);
          return result(a.records.length === 8 && (v.service('orders')?.metrics.healthyCount ?? 0) >= 10, `The answer holds ${a.records.length} records (${a.note}).`);
        }),
      ],
      hints: [
        '`UpdateService { "service": "orders", "desiredCount": 10 }`, then, once the tasks are healthy, `ResolveDns { "name": "orders.corp.local" }`.',
        'A task counts healthy 40 s after RUNNING here (no load balancer, no container health check, §2.4).',
      ],
      solution: [
        { action: 'ResolveDns', request: { name: 'orders.corp.local', type: 'A' }, note: 'Resolve orders.corp.local: 3 records.' },
        { action: 'UpdateService', request: { service: 'orders', desiredCount: 10 }, note: 'Scale orders to 10.' },
        { at: 120, action: 'ResolveDns', request: { name: 'orders.corp.local', type: 'A' }, note: 'Resolve again: 8 of 10 records.' },
      ],
      questions: [
        {
          id: 'ttl', kind: 'quiz',
          prompt: 'A task of orders stops. How long may a client keep sending requests to its old address?',
          choices: [
            { id: 'a', text: 'Up to the record\'s TTL (60 s here): resolvers may cache the answer that long.', correct: true },
            { id: 'b', text: 'Not at all: Route 53 pushes the change to every client.' },
            { id: 'c', text: 'Until the client restarts.' },
          ],
          explanation: 'The TTL is set per record in the Cloud Map service (the CLI example uses 300 s, §9.1). The task itself is deregistered while DEACTIVATING (§2.1, §9.1), but cached answers live on for the TTL.',
        },
      ],
      reveal: (v) => {
        const a = dns(v, 'orders.corp.local');
        return typeof a === 'string' ? NO_MARKDOWN : md`orders.corp.local → ${a.records.join(', ')} (TTL ${a.ttl} s; ${a.note}).`;
      },
    },
    {
      id: 'api',
      title: 'Ask the Cloud Map API',
      body: `
DNS is capped at 8 answers; the API is not. Call **DiscoverInstances** for \`orders\` in \`corp.local\`:
every healthy instance comes back with its attributes (\`AWS_INSTANCE_IPV4\`). The API needs no DNS
and also works with namespaces that have none (HTTP namespaces, §9.1).`,
      goals: [
        sent('asked', 'You called DiscoverInstances for orders', 'DiscoverInstances', (r) => r.NamespaceName === 'corp.local' && r.ServiceName === 'orders',
          'Call DiscoverInstances with NamespaceName corp.local and ServiceName orders.'),
        goal('all-ten', 'Cloud Map lists all 10 healthy instances', (v) => {
          const r = v.ask('DiscoverInstances', { NamespaceName: 'corp.local', ServiceName: 'orders' });
          const n = r.ok ? (r.value as { Instances: unknown[] }).Instances.length : 0;
          return result(n >= 10, `Cloud Map lists ${n} of 10 healthy instances.`);
        }),
      ],
      hints: ['`DiscoverInstances { "NamespaceName": "corp.local", "ServiceName": "orders" }`'],
      solution: [{ action: 'DiscoverInstances', request: { NamespaceName: 'corp.local', ServiceName: 'orders' }, note: 'List orders\' instances through the API.' }],
    },
    {
      id: 'connect',
      title: 'Publish a Service Connect endpoint',
      body: `
Create service \`checkout\` (2 Fargate tasks) with Service Connect in \`corp.local\`, publishing its
port \`http\` as the endpoint **checkout:80**:
\`serviceConnectConfiguration: { enabled: true, namespace: "corp.local", services: [{ portName: "http",
clientAliases: [{ port: 80, dnsName: "checkout" }] }] }\` (\`portName\` comes from the task definition,
\`clientAliases\` from the service, §9.2).

Then ask what a \`frontend\` task's proxy does with \`http://checkout:80\` (**ServiceConnectResolve**).
Only tasks started **after** an endpoint exists can resolve it (§9.2): frontend's tasks are older than
checkout. Redeploy frontend (**UpdateService** with \`forceNewDeployment: true\`) so its new tasks'
proxies learn the endpoint.`,
      questions: [
        {
          id: 'connect-predict', kind: 'predict',
          prompt: 'Right after checkout is created, can frontend reach http://checkout:80?',
          choices: [
            { id: 'a', text: 'No: frontend\'s proxies were configured when its tasks started; redeploy frontend.', correct: true },
            { id: 'b', text: 'Yes: Service Connect updates every proxy at once.' },
            { id: 'c', text: 'Only after the DNS TTL expires.' },
          ],
          explanation: 'Only tasks started after an endpoint exists can resolve it, so clients must be redeployed to see a new server endpoint; after that, new connections are balanced as the server scales (§9.2). No DNS TTL is involved: Service Connect creates no hosted zone (§9.2).',
        },
      ],
      goals: [
        serviceRuns('checkout', 2),
        goal('frontend-resolves', 'frontend\'s tasks reach checkout:80 through their proxy', (v) => {
          const a = connect(v);
          if (typeof a === 'string') return result(false, a);
          if (!a.resolves) return result(false, `frontend's proxy cannot reach checkout:80: ${a.note}.`);
          const front = v.services.get('frontend')?.deployments[0];
          const server = v.services.get('checkout')?.deployments.at(-1);
          const fresh = front && server && front.createdAt >= server.createdAt && front.rolloutState === 'COMPLETED';
          return result(!!fresh && a.targets.length >= 2, fresh ? `checkout has ${a.targets.length} of 2 healthy tasks behind the endpoint.` : 'Some of frontend\'s tasks started before checkout:80 existed: let the redeployment finish.');
        }),
      ],
      hints: [
        'Create checkout with the serviceConnectConfiguration above, then `ServiceConnectResolve { "fromService": "frontend", "endpoint": "http://checkout:80" }`.',
        '`UpdateService { "service": "frontend", "forceNewDeployment": true }`',
      ],
      solution: [
        { action: 'CreateService', request: CHECKOUT, note: 'Create checkout, publishing checkout:80 with Service Connect.' },
        { at: 60, action: 'ServiceConnectResolve', request: { fromService: 'frontend', endpoint: 'http://checkout:80' }, note: 'Ask frontend\'s proxy: it does not know checkout:80 yet.' },
        { at: 61, action: 'UpdateService', request: { service: 'frontend', forceNewDeployment: true }, note: 'Redeploy frontend so its new tasks learn the endpoint.' },
      ],
      reveal: (v) => {
        const a = connect(v);
        return typeof a === 'string' ? NO_MARKDOWN : md`frontend → checkout:80: ${a.note}.`;
      },
      timeLimit: 1200,
    },
  ],
  outro: `
DNS discovery is simple and universal but capped (8 answers) and cached (TTL). The Cloud Map API lists
everything, for clients that call it. Service Connect puts a proxy in every task, so clients use short
names, connections spread over healthy tasks and nothing depends on VPC DNS, at the price of a proxy
per task and redeploying clients to see new endpoints (§9.2). Each service using any of these is
limited to 1,000 tasks (§9.1, §11).`,
  withheld: {
    mechanic: 'redeploying the client (no forceNewDeployment of frontend)',
    solution: (step, commands) => (step.id !== 'connect' ? commands : commands.filter((c) => c.action !== 'UpdateService')),
    step: 'connect',
    goal: 'frontend-resolves',
  },
};
