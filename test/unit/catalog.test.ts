import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AMI_CHOICES,
  DEFAULT_AMI_ID,
  ECS_RESERVED_MEMORY_MIB,
  ECS_RESERVED_PORTS,
  ECS_RESERVED_PORTS_UDP,
  INSTANCE_TYPES,
  INSTANCE_TYPE_NAMES,
  REGISTERED_MEMORY_MODEL,
  builtInAttributes,
  lookupAmi,
  lookupInstanceType,
  registeredMemoryMiB,
} from '../../src/sim/catalog';
import {
  PRICES,
  appRunnerHourlyUsd,
  ec2HourlyUsd,
  ec2SpotHourlyUsd,
  fargateHourlyUsd,
  parsePriceTable,
  priceSource,
} from '../../src/sim/prices';
import rawPrices from '../../src/sim/data/prices.json' with { type: 'json' };

// AWS's published specs: [vCPU, memory GiB, max ENIs, architecture]
const PUBLISHED: Record<string, [number, number, number, 'x86_64' | 'arm64']> = {
  't3.micro': [2, 1, 2, 'x86_64'],
  't3.small': [2, 2, 3, 'x86_64'],
  't3.medium': [2, 4, 3, 'x86_64'],
  't3.large': [2, 8, 3, 'x86_64'],
  't3.xlarge': [4, 16, 4, 'x86_64'],
  't3.2xlarge': [8, 32, 4, 'x86_64'],
  'm5.large': [2, 8, 3, 'x86_64'],
  'm5.xlarge': [4, 16, 4, 'x86_64'],
  'm5.2xlarge': [8, 32, 4, 'x86_64'],
  'm5.4xlarge': [16, 64, 8, 'x86_64'],
  'c5.large': [2, 4, 3, 'x86_64'],
  'c5.xlarge': [4, 8, 4, 'x86_64'],
  'c5.2xlarge': [8, 16, 4, 'x86_64'],
  'c5.4xlarge': [16, 32, 8, 'x86_64'],
  'r5.large': [2, 16, 3, 'x86_64'],
  'r5.xlarge': [4, 32, 4, 'x86_64'],
  'r5.2xlarge': [8, 64, 4, 'x86_64'],
  'm6g.medium': [1, 4, 2, 'arm64'],
  'm6g.large': [2, 8, 3, 'arm64'],
  'm6g.xlarge': [4, 16, 4, 'arm64'],
  'm6g.2xlarge': [8, 32, 4, 'arm64'],
  'm6g.4xlarge': [16, 64, 8, 'arm64'],
};

// us-east-1 Linux On-Demand, USD per hour
const ON_DEMAND: Record<string, number> = {
  't3.micro': 0.0104, 't3.small': 0.0208, 't3.medium': 0.0416, 't3.large': 0.0832, 't3.xlarge': 0.1664, 't3.2xlarge': 0.3328,
  'm5.large': 0.096, 'm5.xlarge': 0.192, 'm5.2xlarge': 0.384, 'm5.4xlarge': 0.768,
  'c5.large': 0.085, 'c5.xlarge': 0.17, 'c5.2xlarge': 0.34, 'c5.4xlarge': 0.68,
  'r5.large': 0.126, 'r5.xlarge': 0.252, 'r5.2xlarge': 0.504,
  'm6g.medium': 0.0385, 'm6g.large': 0.077, 'm6g.xlarge': 0.154, 'm6g.2xlarge': 0.308, 'm6g.4xlarge': 0.616,
};

describe('instance-type catalogue', () => {
  it('holds exactly t3 micro..2xlarge, m5/c5 large..4xlarge, r5 large..2xlarge and m6g medium..4xlarge', () => {
    expect([...INSTANCE_TYPE_NAMES].sort()).toEqual(Object.keys(PUBLISHED).sort());
    expect(INSTANCE_TYPES).toHaveLength(22);
  });

  it.each(Object.entries(PUBLISHED))('%s has AWS\'s published vCPU, memory, ENIs and architecture', (name, [vcpu, memoryGiB, maxEnis, arch]) => {
    const r = lookupInstanceType(name);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ name, vcpu, memoryGiB, maxEnis, cpuArchitecture: arch });
    expect(r.value.cpuUnits).toBe(vcpu * 1024); // §1.7
    expect(r.value.family).toBe(name.split('.')[0]);
    expect(r.value.burstable).toBe(name.startsWith('t3.'));
  });

  it('a c5.large runs 2 awsvpc tasks: its 3 ENIs less the primary one (§1.7)', () => {
    const r = lookupInstanceType('c5.large');
    expect(r.ok && r.value.maxEnis - 1).toBe(2);
  });

  it('entries are frozen', () => {
    expect(Object.isFrozen(INSTANCE_TYPES)).toBe(true);
    const t = INSTANCE_TYPES[0]!;
    expect(() => { (t as { vcpu: number }).vcpu = 99; }).toThrow(TypeError);
  });

  it('unknown names are rejected with an error naming every accepted type', () => {
    for (const name of ['m9.huge', 'M5.LARGE', '', 42, null, undefined, { name: 'm5.large' }]) {
      const r = lookupInstanceType(name);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('InvalidParameterException');
      expect(r.error.field).toBe('instanceType');
      expect(r.error.value).toBe(name);
      for (const n of INSTANCE_TYPE_NAMES) expect(r.error.accepted).toContain(n);
      expect(r.error.message.startsWith('InvalidParameterException: ')).toBe(true);
    }
    const custom = lookupInstanceType('x', 'cluster.containerInstances[0].instanceType');
    expect(!custom.ok && custom.error.field).toBe('cluster.containerInstances[0].instanceType');
  });

  it('lookup never throws on any input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const r = lookupInstanceType(v);
        if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('registered memory (§1.7; a model anchored on m4.large → 7985 MiB)', () => {
  it('reproduces the anchor', () => {
    expect(registeredMemoryMiB(8)).toBe(7985);
    expect(REGISTERED_MEMORY_MODEL).toMatchObject({ kind: 'model', anchorInstanceType: 'm4.large', anchorNominalMiB: 8192, anchorRegisteredMiB: 7985 });
    expect(REGISTERED_MEMORY_MODEL.description).toMatch(/model/i);
  });

  it('is below nominal memory and grows with it, for every type', () => {
    for (const t of INSTANCE_TYPES) {
      expect(t.registeredMemoryMiB).toBeLessThan(t.memoryGiB * 1024);
      expect(t.registeredMemoryMiB).toBe(registeredMemoryMiB(t.memoryGiB));
      expect(Number.isInteger(t.registeredMemoryMiB)).toBe(true);
    }
    const m5 = ['m5.large', 'm5.xlarge', 'm5.2xlarge', 'm5.4xlarge'].map((n) => INSTANCE_TYPES.find((t) => t.name === n)!.registeredMemoryMiB);
    expect([...m5].sort((a, b) => a - b)).toEqual(m5);
    // an m5.large has the anchor's 8 GiB, so the model gives it the anchor's figure
    expect(INSTANCE_TYPES.find((t) => t.name === 'm5.large')!.registeredMemoryMiB).toBe(7985);
  });
});

describe('ECS agent defaults', () => {
  it('ECS_RESERVED_PORTS is [22, 2375, 2376, 51678, 51679] and frozen', () => {
    expect(ECS_RESERVED_PORTS).toEqual([22, 2375, 2376, 51678, 51679]);
    expect(Object.isFrozen(ECS_RESERVED_PORTS)).toBe(true);
    expect(ECS_RESERVED_PORTS_UDP).toEqual([]);
    expect(ECS_RESERVED_MEMORY_MIB).toBe(0);
  });
});

describe('AMI choices', () => {
  it('offers ECS-optimized AL2023, Bottlerocket and a custom AMI with baked images', () => {
    expect(AMI_CHOICES.map((a) => a.id)).toEqual(['al2023-ecs-optimized', 'bottlerocket', 'custom-baked']);
    expect(AMI_CHOICES.map((a) => a.imagesPreBaked)).toEqual([false, false, true]);
    expect(DEFAULT_AMI_ID).toBe('al2023-ecs-optimized');
  });

  it('each has a well-formed ecs.ami-id per architecture', () => {
    for (const a of AMI_CHOICES) {
      expect(a.amiId.x86_64).toMatch(/^ami-[0-9a-f]{17}$/);
      expect(a.amiId.arm64).toMatch(/^ami-[0-9a-f]{17}$/);
      expect(a.amiId.x86_64).not.toBe(a.amiId.arm64);
      expect(a.osType).toBe('linux');
    }
    const ids = AMI_CHOICES.flatMap((a) => [a.amiId.x86_64, a.amiId.arm64]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(AMI_CHOICES[0]!.ssmParameter?.x86_64).toBe('/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id');
    expect(AMI_CHOICES[2]!.ssmParameter).toBeNull();
  });

  it('lookupAmi rejects unknown ids naming the choices', () => {
    expect(lookupAmi('bottlerocket').ok).toBe(true);
    const r = lookupAmi('ubuntu');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('ami');
      expect(r.error.accepted).toBe('one of al2023-ecs-optimized, bottlerocket, custom-baked');
    }
  });

  it('built-in attributes follow the instance type and AMI (§1.4)', () => {
    const t = lookupInstanceType('m6g.large');
    const a = lookupAmi('al2023-ecs-optimized');
    if (!t.ok || !a.ok) throw new Error('lookup failed');
    expect(builtInAttributes(t.value, a.value, 'us-east-1b')).toEqual({
      'ecs.ami-id': a.value.amiId.arm64,
      'ecs.availability-zone': 'us-east-1b',
      'ecs.instance-type': 'm6g.large',
      'ecs.os-type': 'linux',
      'ecs.os-family': 'LINUX',
      'ecs.cpu-architecture': 'arm64',
    });
  });
});

describe('price table (us-east-1)', () => {
  it('has an asOf date, a region and sources, each with a kind and an https URL', () => {
    expect(PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICES.region).toBe('us-east-1');
    expect(PRICES.sources.length).toBeGreaterThanOrEqual(5);
    for (const s of PRICES.sources) {
      expect(['official', 'secondary', 'model']).toContain(s.kind);
      expect(s.url.startsWith('https://')).toBe(true);
    }
  });

  it('prices every catalogue type at the us-east-1 Linux On-Demand rate', () => {
    expect(Object.keys(PRICES.ec2OnDemand).sort()).toEqual([...INSTANCE_TYPE_NAMES].sort());
    for (const name of INSTANCE_TYPE_NAMES) {
      const r = ec2HourlyUsd(name);
      expect(r.ok && r.value).toBe(ON_DEMAND[name]);
    }
  });

  it('every price cites a listed source', () => {
    const prices = [
      ...Object.values(PRICES.ec2OnDemand),
      PRICES.fargate.linuxX86.vcpuHour, PRICES.fargate.linuxX86.gbHour,
      PRICES.fargate.linuxArm.vcpuHour, PRICES.fargate.linuxArm.gbHour,
      PRICES.appRunner.provisionedGbHour, PRICES.appRunner.activeVcpuHour, PRICES.appRunner.activeGbHour,
      PRICES.ec2Spot, PRICES.fargateSpot,
    ];
    for (const p of prices) expect(priceSource(p)).toBeDefined();
  });

  it('Spot prices are labelled models: EC2 Spot a fixed discount, Fargate Spot 70% off (§6.2, §7.3)', () => {
    expect(priceSource(PRICES.ec2Spot)?.kind).toBe('model');
    expect(priceSource(PRICES.fargateSpot)?.kind).toBe('model');
    expect(PRICES.fargateSpot.discount).toBe(0.7);
    expect(priceSource(PRICES.fargateSpot)?.note).toMatch(/unconfirmed/i);
    const spot = ec2SpotHourlyUsd('m5.large');
    expect(spot.ok && spot.value).toBeCloseTo(0.096 * (1 - PRICES.ec2Spot.discount), 10);
    expect(spot.ok && spot.value).toBeLessThan(0.096);
  });

  it('Fargate rates are §7.3\'s and a task-hour costs vCPU × rate + GB × rate', () => {
    expect(PRICES.fargate.linuxX86.vcpuHour.usd).toBe(0.04048);
    expect(PRICES.fargate.linuxX86.gbHour.usd).toBe(0.004445);
    expect(PRICES.fargate.linuxArm.vcpuHour.usd).toBe(0.03238);
    expect(PRICES.fargate.linuxArm.gbHour.usd).toBe(0.00356);
    expect(fargateHourlyUsd({ cpuUnits: 512, memoryMiB: 1024 })).toBeCloseTo(0.5 * 0.04048 + 1 * 0.004445, 12);
    expect(fargateHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, cpuArchitecture: 'ARM64' })).toBeCloseTo(0.03238 + 2 * 0.00356, 12);
    expect(fargateHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, spot: true })).toBeCloseTo((0.04048 + 2 * 0.004445) * 0.3, 12);
  });

  it('App Runner: provisioned pays memory only, active pays vCPU and memory (§8)', () => {
    expect(PRICES.appRunner.provisionedGbHour.usd).toBe(0.007);
    expect(PRICES.appRunner.activeVcpuHour.usd).toBe(0.064);
    expect(PRICES.appRunner.activeGbHour.usd).toBe(0.007);
    expect(appRunnerHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, active: false })).toBeCloseTo(0.014, 12);
    expect(appRunnerHourlyUsd({ cpuUnits: 1024, memoryMiB: 2048, active: true })).toBeCloseTo(0.064 + 0.014, 12);
  });

  it('unknown instance types have no price, and the error names the priced ones', () => {
    const r = ec2HourlyUsd('p5.48xlarge');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('instanceType');
      expect(r.error.accepted).toContain('m6g.4xlarge');
    }
    expect(ec2HourlyUsd('toString').ok).toBe(false);
    expect(ec2SpotHourlyUsd({}).ok).toBe(false);
  });

  it('the table is frozen', () => {
    expect(() => { (PRICES.fargateSpot as { discount: number }).discount = 0; }).toThrow(TypeError);
  });

  it('parsePriceTable accepts the shipped file and names the field of a broken one', () => {
    expect(parsePriceTable(rawPrices).ok).toBe(true);
    const broken = structuredClone(rawPrices) as Record<string, unknown>;
    (broken.ec2OnDemand as Record<string, { source: string }>)['m5.large']!.source = 'nowhere';
    const r = parsePriceTable(broken);
    expect(!r.ok && r.error.field).toBe('ec2OnDemand.m5.large.source');
    const noDate = { ...structuredClone(rawPrices), asOf: 'yesterday' };
    expect(!parsePriceTable(noDate).ok && (parsePriceTable(noDate) as { error: { field: string } }).error.field).toBe('asOf');
    for (const bad of [null, 5, [], { schemaVersion: 2 }]) expect(parsePriceTable(bad).ok).toBe(false);
  });
});
