/**
 * The soak run: a large cluster for a long simulated time with a fault every few minutes
 * (instance loss, AZ failure and recovery, bad releases, traffic spikes), invariants checked
 * every tick, wasm memory watched. Prints a table and, last, one JSON line:
 * {"type":"SoakSummary","tasks":…,"simSeconds":…,"simSecondsPerWallSecond":…,"peakHeapMiB":…,"wasmMemoryMiB":{"start":…,"end":…},"faults":…,"violations":0}
 *
 * `npm run soak` runs one simulated day at 10,000 tasks; `npm run soak -- --tasks 1000 --seconds 3600`
 * is the CI size.
 */
import { performance } from 'node:perf_hooks';
import { createCore } from '../../src/core/core';
import { loadCoreModule } from '../../src/core/load-node';
import { Simulation } from '../../src/sim/engine';
import { capacityFor } from '../../src/sim/core-capacity';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { STATE_NAMES } from '../../src/core/core';
import { nextU32, seedState } from '../../src/sim/rng';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const TASKS = arg('--tasks', 10_000);
const SECONDS = arg('--seconds', 86_400);
const FAULT_EVERY = arg('--fault-every', 240);
const SERVICES = 10;
const perService = Math.floor(TASKS / SERVICES);
const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
// m5.4xlarge: 16 vCPU and 64 GiB; tasks of 256 CPU units / 512 MiB: 64 per instance at most.
const instancesPerZone = Math.ceil((TASKS * 1.6) / 64 / zones.length);

const doc = {
  schemaVersion: 1, name: 'soak', seed: 2026, durationSeconds: SECONDS,
  cluster: { clusterName: 'soak', availabilityZones: zones,
    containerInstances: zones.map((z) => ({ instanceType: 'm5.4xlarge', availabilityZone: z, count: instancesPerZone })) },
  taskDefinitions: [
    { family: 'app', cpu: '256', memory: '512', networkMode: 'bridge', requiresCompatibilities: ['EC2'],
      containerDefinitions: [{ name: 'app', image: 'app:1', essential: true, portMappings: [{ containerPort: 8080, hostPort: 0 }] }],
      sim: { imageSizeMiB: 100, appStartSeconds: 3, cpuPerRequest: 1, serviceTimeMs: 30 } },
    { family: 'app', cpu: '256', memory: '512', networkMode: 'bridge', requiresCompatibilities: ['EC2'],
      containerDefinitions: [{ name: 'app', image: 'app:2-broken', essential: true, portMappings: [{ containerPort: 8080, hostPort: 0 }] }],
      sim: { imageSizeMiB: 100, appStartSeconds: 3, healthy: false } },
  ],
  loadBalancers: [{ name: 'alb', type: 'application', targetGroups: Array.from({ length: SERVICES }, (_, i) => ({ targetGroupName: `tg-${i}`, deregistrationDelaySeconds: 20, healthCheck: { intervalSeconds: 15, healthyThresholdCount: 2, unhealthyThresholdCount: 2 } })) }],
  services: Array.from({ length: SERVICES }, (_, i) => ({
    serviceName: `svc-${i}`, taskDefinition: 'app:1', desiredCount: perService, launchType: 'EC2', healthCheckGracePeriodSeconds: 30,
    loadBalancers: [{ targetGroupName: `tg-${i}`, containerName: 'app', containerPort: 8080 }],
    deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } },
  })),
  traffic: Array.from({ length: SERVICES }, (_, i) => ({ at: 0, target: `svc-${i}`, requestsPerSecond: perService * 20 })),
};

function check(sim: Simulation): string | null {
  const cpu = new Float64Array(sim.instances.length);
  const mem = new Float64Array(sim.instances.length);
  for (const t of sim.tasks) {
    if (STATE_NAMES[sim.core.taskState[t.slot]!] !== t.lastStatus) return `task ${t.taskId}: core says ${STATE_NAMES[sim.core.taskState[t.slot]!]}, engine ${t.lastStatus}`;
    if (t.lastStatus === 'STOPPED' || t.instanceSlot < 0) continue;
    cpu[t.instanceSlot] += t.cpu;
    mem[t.instanceSlot] += t.memory;
  }
  for (const inst of sim.instances) {
    if (inst.status === 'DEREGISTERED') continue;
    const c = sim.core.instCpu[inst.slot]!;
    const m = sim.core.instMem[inst.slot]!;
    if (c < 0 || m < 0) return `instance ${inst.id}: negative remaining capacity`;
    if (c !== inst.registeredCpu - cpu[inst.slot]! || m !== inst.registeredMemory - mem[inst.slot]!) return `instance ${inst.id}: remaining capacity drifted`;
  }
  return null;
}

const parsed = parseScenarioObject(doc);
if (!parsed.ok) throw new Error(parsed.error.message);
const core = createCore(await loadCoreModule(), capacityFor(parsed.scenario));
const built = Simulation.fromScenario(parsed.scenario, core, { metricsInterval: 0, maxEvents: 2000 });
if (!built.ok) throw new Error(built.error.message);
const sim = built.sim;
const rng = { state: seedState(99) };
const memory = core.memoryBytes();
const wasmStart = memory / 2 ** 20;
let faults = 0;
let violations = 0;
let firstViolation: string | null = null;
let peakHeap = 0;
const log: string[] = [];
const started = performance.now();

function fault(t: number): void {
  const kind = nextU32(rng) % 5;
  const live = sim.instances.filter((i) => i.status === 'ACTIVE');
  const svc = `svc-${nextU32(rng) % SERVICES}`;
  faults++;
  switch (kind) {
    case 0: {
      const inst = live[nextU32(rng) % live.length]!;
      sim.act('TerminateInstance', { containerInstance: inst.id });
      sim.act('RegisterContainerInstance', { instanceType: 'm5.4xlarge', availabilityZone: inst.availabilityZone });
      log.push(`${t}: terminated ${inst.ec2InstanceId} (and launched a replacement)`);
      break;
    }
    case 1: {
      const z = zones[nextU32(rng) % zones.length]!;
      sim.act('FailAvailabilityZone', { availabilityZone: z });
      sim.pendingActions.push({ at: t + 120, action: 'RecoverAvailabilityZone', request: { availabilityZone: z } });
      log.push(`${t}: ${z} failed for 2 minutes`);
      break;
    }
    case 2: sim.act('UpdateService', { service: svc, taskDefinition: 'app:2' }); log.push(`${t}: bad release on ${svc}`); break;
    case 3: sim.act('SetTraffic', { target: svc, requestsPerSecond: perService * 60 }); log.push(`${t}: traffic spike on ${svc}`); break;
    default: sim.act('SetTraffic', { target: svc, requestsPerSecond: perService * 20 }); break;
  }
}

sim.start();
let lastReport = started;
while (sim.t < SECONDS) {
  sim.step();
  if (sim.t % FAULT_EVERY === 0) fault(sim.t);
  const v = check(sim);
  if (v) { violations++; firstViolation ??= `t=${sim.t}: ${v}`; }
  if (sim.t % 600 === 0) {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed / 2 ** 20);
    const now = performance.now();
    if (now - lastReport > 10_000) {
      process.stderr.write(`  t=${sim.t}s  ${(sim.t / ((now - started) / 1000)).toFixed(0)} sim s/s\n`);
      lastReport = now;
    }
  }
}
const wall = (performance.now() - started) / 1000;
const live = sim.tasks.filter((t) => t.lastStatus !== 'STOPPED').length;
const wasmEnd = core.memoryBytes() / 2 ** 20;
console.log(`soak: ${TASKS} tasks, ${SECONDS} simulated s, a fault every ${FAULT_EVERY} s`);
console.log(`  wall time               ${wall.toFixed(1)} s`);
console.log(`  simulated s per wall s  ${(SECONDS / wall).toFixed(0)}`);
console.log(`  faults                  ${faults}`);
console.log(`  live tasks at the end   ${live}`);
console.log(`  peak JS heap            ${peakHeap.toFixed(0)} MiB`);
console.log(`  wasm memory             ${wasmStart.toFixed(1)} MiB -> ${wasmEnd.toFixed(1)} MiB`);
console.log(`  invariant violations    ${violations}${firstViolation ? ` (first: ${firstViolation})` : ''}`);
console.log(JSON.stringify({ type: 'SoakSummary', tasks: TASKS, simSeconds: SECONDS, simSecondsPerWallSecond: Math.round(SECONDS / wall),
  peakHeapMiB: Math.round(peakHeap), wasmMemoryMiB: { start: +wasmStart.toFixed(1), end: +wasmEnd.toFixed(1) }, faults, violations }));
if (violations || wasmEnd !== wasmStart) process.exit(1);
