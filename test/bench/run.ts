/**
 * Scheduler-core benchmark (not a test): `npm run bench`. Prints a table, then one JSON line
 * (`BenchSummary`). Every ratio compares measurements taken side by side in this run.
 *
 * Placement: 10,000 instances (3 AZs, 4096 CPU units, 15,700 MiB each), tasks of 256 CPU / 512 MiB,
 * placed in batches of 100 (a service scaling out by 100 per call). Full-scan and JS-build
 * baselines place fewer tasks on the same cluster: rates, not totals, are compared.
 * Lifecycle: 100,000 and 1,000,000 tasks in 200 services, all RUNNING after a launch, then ten ticks
 * of 0.1 s per simulated second with 1% of tasks stopped and relaunched per second, plus one
 * serviceMetrics call per tick.
 */
import { createCore, Rule, Field, TaskStateCode as S, type SchedulerCore, type PlacementRule } from '../../src/core/core';
import { loadCoreModule } from '../../src/core/load-node';
import { createJsCore } from '../../src/core/load-js';

const INSTANCES = 10_000;
const BATCH = 100;
const mod = await loadCoreModule();

function cluster(core: SchedulerCore): SchedulerCore {
  for (let i = 0; i < INSTANCES; i++) core.addInstance(i, i % 3, 4096, 15_700, 4);
  return core;
}

type Placer = 'indexed' | 'scan';

/** Placements per second for `total` tasks in batches, rotating over `groups` groups. */
function placeRate(core: SchedulerCore, how: Placer, total: number, rules: PlacementRule[],
                   distinct: boolean, groups: number): number {
  let placed = 0;
  let seed = 1;
  const perGroup = Math.ceil(total / groups);
  const t0 = performance.now();
  for (let g = 0; g < groups; g++) {
    for (let done = 0; done < perGroup && placed < total;) {
      const req = { count: Math.min(BATCH, perGroup - done), group: g, cpu: 256, memory: 512, enis: 0,
        rules, useMask: false, distinctInstance: distinct, seed: seed++ };
      const n = how === 'indexed' ? core.placeView(req).length : core.placeScan(req).length;
      if (n === 0) throw new Error('cluster full');
      done += n;
      placed += n;
    }
  }
  return placed / ((performance.now() - t0) / 1000);
}

const best = (xs: number[]) => Math.max(...xs);
const CAP = { instances: INSTANCES, tasks: 1000, groups: 10 };
const BINPACK: PlacementRule[] = [{ type: Rule.BINPACK, field: Field.MEMORY }];
const SPREAD_BINPACK: PlacementRule[] = [{ type: Rule.SPREAD, field: Field.AZ }, ...BINPACK];
const SPREAD_AZ: PlacementRule[] = [{ type: Rule.SPREAD, field: Field.AZ }];

function measure(make: () => SchedulerCore, how: Placer, total: number, rules: PlacementRule[],
                 distinct = false, groups = 1, runs = 3): number {
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) rates.push(placeRate(cluster(make()), how, total, rules, distinct, groups));
  return best(rates);
}

const wasm = () => createCore(mod, CAP);

/** Like measure, for the JS build (created asynchronously; one at a time, it is a singleton). */
async function measureJs(how: Placer, total: number, rules: PlacementRule[]): Promise<number> {
  const rates: number[] = [];
  for (let r = 0; r < 3; r++) rates.push(placeRate(cluster(await createJsCore(CAP)), how, total, rules, false, 1));
  return best(rates);
}
const rows: [string, number][] = [];
const binpack = measure(wasm, 'indexed', 100_000, BINPACK);
rows.push(['binpack-memory@10000 (wasm, indexed)', binpack]);
const spreadBinpack = measure(wasm, 'indexed', 100_000, SPREAD_BINPACK);
rows.push(['spread-az+binpack-memory@10000 (wasm, indexed)', spreadBinpack]);
const distinct = measure(wasm, 'indexed', 100_000, SPREAD_AZ, true, 10);
rows.push(['distinctInstance+spread-az@10000 (wasm, indexed, 10 groups)', distinct]);
const scan = measure(wasm, 'scan', 2_000, BINPACK);
rows.push(['binpack-memory@10000 (wasm, full scan)', scan]);
const js = await measureJs('indexed', 100_000, BINPACK);
rows.push(['binpack-memory@10000 (JS build, indexed)', js]);
const jsScan = await measureJs('scan', 2_000, BINPACK);
rows.push(['binpack-memory@10000 (JS build, full scan)', jsScan]);

/** Milliseconds per simulated second of a steady cluster of `tasks` tasks. */
function tickMs(tasks: number): { steady: number; launch: number } {
  const groups = 200;
  const core = createCore(mod, { instances: 1, tasks, groups });
  let rng = 0x2545f491;
  const rand = () => { rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5; return (rng >>> 0) / 4294967296; };
  const plan = new Float64Array(8);
  const launchPlan = () => {
    plan[0] = 0.5 + rand() * 2; plan[1] = 1 + rand() * 5; plan[2] = 0.5 + rand();
    plan[3] = Infinity; plan[4] = 1; plan[5] = 2 + rand() * 3; plan[6] = 1; plan[7] = 0;
    return plan;
  };
  for (let g = 0; g < groups; g++) { core.groupTaskCpu[g] = 256; core.groupTarget[g] = 50; core.groupDemand[g] = 100 * tasks / groups; }
  let now = 0;
  const t0 = performance.now();
  for (let t = 0; t < tasks; t++) { core.bindTask(t, t % groups, -1, 1); core.enterState(t, S.PROVISIONING, now, launchPlan()); }
  for (let k = 0; k < 100; k++) { now += 0.1; core.tick(now, tasks); core.serviceMetrics(groups); }
  const launch = (performance.now() - t0) / 10;
  const seconds = 10;
  const churn = Math.floor(tasks / 100);
  let cursor = 0;
  const t1 = performance.now();
  for (let s = 0; s < seconds; s++) {
    for (let k = 0; k < churn; k++) {
      const t = cursor; cursor = (cursor + 7919) % tasks;
      const st = core.taskState[t];
      if (st === S.RUNNING) core.enterState(t, S.DEACTIVATING, now);
      else if (st === S.STOPPED) core.enterState(t, S.PROVISIONING, now, launchPlan());
    }
    for (let k = 0; k < 10; k++) { now += 0.1; core.tick(now, tasks); core.serviceMetrics(groups); }
  }
  return { steady: (performance.now() - t1) / seconds, launch };
}

const tick100k = [tickMs(100_000), tickMs(100_000), tickMs(100_000)];
const tick1m = [tickMs(1_000_000), tickMs(1_000_000)];
const steady100k = Math.min(...tick100k.map((x) => x.steady));
const steady1m = Math.min(...tick1m.map((x) => x.steady));

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log('scheduler core benchmark (best of 3 runs)');
console.log('');
console.log('placement'.padEnd(64) + 'placements/s');
for (const [name, v] of rows) console.log(name.padEnd(64) + fmt(v).padStart(12));
console.log('');
console.log('ratio'.padEnd(64) + 'x');
console.log('indexed over full scan (binpack-memory@10000)'.padEnd(64) + (binpack / scan).toFixed(1).padStart(12));
console.log('wasm over JS build (binpack-memory@10000, indexed)'.padEnd(64) + (binpack / js).toFixed(2).padStart(12));
console.log('wasm over JS build (binpack-memory@10000, full scan)'.padEnd(64) + (scan / jsScan).toFixed(2).padStart(12));
console.log('');
console.log('lifecycle: ms per simulated second (10 ticks + 10 serviceMetrics)'.padEnd(64) + 'ms');
console.log('100,000 tasks, steady, 1% churn/s'.padEnd(64) + steady100k.toFixed(3).padStart(12));
console.log('1,000,000 tasks, steady, 1% churn/s'.padEnd(64) + steady1m.toFixed(3).padStart(12));
console.log('100,000 tasks, launch storm (all tasks start within 10 s)'.padEnd(64) + Math.min(...tick100k.map((x) => x.launch)).toFixed(3).padStart(12));
console.log('1,000,000 tasks, launch storm (all tasks start within 10 s)'.padEnd(64) + Math.min(...tick1m.map((x) => x.launch)).toFixed(3).padStart(12));
console.log(JSON.stringify({
  type: 'BenchSummary',
  placementsPerSecond: {
    'binpack-memory@10000': Math.round(binpack),
    'spread-az+binpack-memory@10000': Math.round(spreadBinpack),
    'distinctInstance@10000': Math.round(distinct),
  },
  'indexedOverFullScan@10000': Number((binpack / scan).toFixed(1)),
  wasmOverJs: Number((binpack / js).toFixed(2)),
  tickMs: { '100000': Number(steady100k.toFixed(3)), '1000000': Number(steady1m.toFixed(3)) },
}));
