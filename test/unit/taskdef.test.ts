import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FARGATE_SIZES,
  SIM_DEFAULTS,
  TaskDefinitionRegistry,
  createTaskDefinitionStore,
  parseCpuUnits,
  parseMemoryMiB,
  registerTaskDefinition,
  resolveTaskDefinition,
  taskDefinitionRef,
  validateTaskDefinitionRequest,
  type TaskDefinition,
  type TaskDefinitionRequest,
  type TaskDefinitionResult,
} from '../../src/sim/taskdef';
import { formatApiError, isApiError, type ApiError } from '../../src/sim/errors';

// ---------------------------------------------------------------------------------------------
// helpers

type Req = Record<string, unknown>;

function fargate(overrides: Req = {}): Req {
  return {
    family: 'web',
    cpu: '512',
    memory: '1024',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    containerDefinitions: [{ name: 'app', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0', portMappings: [{ containerPort: 8080 }] }],
    ...overrides,
  };
}

function ec2(overrides: Req = {}): Req {
  return {
    family: 'api',
    networkMode: 'bridge',
    requiresCompatibilities: ['EC2'],
    containerDefinitions: [{ name: 'api', image: 'api:3', memory: 512 }],
    ...overrides,
  };
}

function container(overrides: Req = {}): Req {
  return { name: 'app', image: 'web:1.0', ...overrides };
}

function accept(req: unknown): TaskDefinition {
  const r = validateTaskDefinitionRequest(req);
  if (!r.ok) throw new Error(`expected acceptance, got ${formatApiError(r.error)}`);
  return r.taskDefinition;
}

function reject(req: unknown): ApiError {
  const r = validateTaskDefinitionRequest(req);
  if (r.ok) throw new Error(`expected rejection, got ${JSON.stringify(r.taskDefinition)}`);
  return r.error;
}

function expectWellFormed(e: ApiError): void {
  expect(isApiError(e)).toBe(true);
  expect(e.field.length).toBeGreaterThan(0);
  expect(e.accepted.length).toBeGreaterThan(0);
  expect(e.message.startsWith(`${e.code}: `)).toBe(true);
  expect(e.message.length).toBeGreaterThan(e.code.length + 2);
}

const INVALID_CPU_MESSAGE =
  "ClientException: Invalid 'cpu' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

// ---------------------------------------------------------------------------------------------

describe('RegisterTaskDefinition: a valid Fargate definition', () => {
  it('registers revision 1 with the real ARN form and normalized values', () => {
    const reg = new TaskDefinitionRegistry();
    const r = reg.register(fargate());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const td = r.taskDefinition;
    expect(td.taskDefinitionArn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web:1');
    expect(td.family).toBe('web');
    expect(td.revision).toBe(1);
    expect(td.status).toBe('ACTIVE');
    expect(td.cpu).toBe(512);
    expect(td.memory).toBe(1024);
    expect(td.reservation).toEqual({ cpu: 512, memory: 1024 });
    expect(td.networkMode).toBe('awsvpc');
    expect(td.requiresCompatibilities).toEqual(['FARGATE']);
    expect(td.compatibilities).toEqual(['EC2', 'FARGATE']);
    expect(td.runtimePlatform).toBeNull();
    expect(taskDefinitionRef(td)).toBe('web:1');
  });

  it('applies container defaults (§2.1, §2.2) and fills hostPort in awsvpc mode', () => {
    const td = accept(fargate());
    const c = td.containerDefinitions[0]!;
    expect(c).toEqual({
      name: 'app',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0',
      essential: true,
      cpu: 0,
      memory: null,
      memoryReservation: null,
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp', name: null }],
      healthCheck: null,
      stopTimeout: 30,
    });
  });

  it('applies the documented sim defaults, memoryMiBBase being half the task memory', () => {
    const td = accept(fargate({ memory: '2 GB' }));
    expect(td.sim).toEqual({
      imageSizeMiB: SIM_DEFAULTS.imageSizeMiB,
      appStartSeconds: SIM_DEFAULTS.appStartSeconds,
      healthy: SIM_DEFAULTS.healthy,
      imageExists: SIM_DEFAULTS.imageExists,
      exitAfterSeconds: SIM_DEFAULTS.exitAfterSeconds,
      cpuPerRequest: SIM_DEFAULTS.cpuPerRequest,
      serviceTimeMs: SIM_DEFAULTS.serviceTimeMs,
      memoryMiBBase: 1024,
      errorPercent: 0,
    });
    expect(SIM_DEFAULTS).toMatchObject({ imageSizeMiB: 200, appStartSeconds: 5, healthy: true, imageExists: true, exitAfterSeconds: null, cpuPerRequest: 1, serviceTimeMs: 50, memoryMiBBaseFraction: 0.5 });
  });

  it('uses the given region in the ARN and rejects a malformed region', () => {
    const reg = new TaskDefinitionRegistry();
    const r = reg.register(fargate(), 'eu-west-1');
    expect(r.ok && r.taskDefinition.taskDefinitionArn).toBe('arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1');
    const bad = reg.register(fargate(), 'Mars');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.field).toBe('region');
      expectWellFormed(bad.error);
    }
  });

  it('accepts the example scenarios\' task definitions', () => {
    accept({
      family: 'api', cpu: '256', memory: '512', networkMode: 'bridge', requiresCompatibilities: ['EC2'],
      containerDefinitions: [{ name: 'api', image: 'api:3', essential: true, portMappings: [{ containerPort: 3000, hostPort: 0 }] }],
    });
    accept({
      family: 'log-router', cpu: '128', memory: '128', networkMode: 'host', requiresCompatibilities: ['EC2'],
      containerDefinitions: [{ name: 'fluent-bit', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable', essential: true }],
    });
    const web = accept(fargate({ sim: { imageSizeMiB: 180, appStartSeconds: 6, cpuPerRequest: 1.5, serviceTimeMs: 40 } }));
    expect(web.sim).toMatchObject({ imageSizeMiB: 180, appStartSeconds: 6, cpuPerRequest: 1.5, serviceTimeMs: 40, memoryMiBBase: 512, healthy: true });
  });
});

describe('task cpu and memory formats (the API converts them to units and MiB)', () => {
  it.each([
    ['256', 256], [256, 256], ['1024', 1024], ['1 vCPU', 1024], ['1vcpu', 1024], ['.25 vCPU', 256],
    ['0.25 vCPU', 256], ['0.5 vcpu', 512], ['2 VCPU', 2048], [' 4 vCPU ', 4096], ['0.125 vCPU', 128], ['192 vCPU', 196608],
  ])('cpu %j → %i units', (input, units) => {
    expect(parseCpuUnits(input)).toBe(units);
  });

  it.each([['abc'], ['1.5'], ['1 CPU'], ['-256'], [0], [-1], [256.5], ['0.1 vCPU'], [true], [[256]], [{}], ['']])('cpu %j is invalid', (input) => {
    expect(parseCpuUnits(input)).toBe('invalid');
    const e = reject(ec2({ cpu: input }));
    expect(e.field).toBe('cpu');
    expect(e.value).toBe(input);
    expect(e.message).toBe(INVALID_CPU_MESSAGE);
    expectWellFormed(e);
  });

  it.each([
    ['512', 512], [512, 512], ['1 GB', 1024], ['1GB', 1024], ['2 gb', 2048], ['0.5 GB', 512], ['30 GB', 30720], ['120GB', 122880],
  ])('memory %j → %i MiB', (input, mib) => {
    expect(parseMemoryMiB(input)).toBe(mib);
  });

  it.each([['abc'], ['1 GiB'], ['1 MB'], [0], [-512], [1.5], ['0.0001 GB'], [false], [{}]])('memory %j is invalid', (input) => {
    expect(parseMemoryMiB(input)).toBe('invalid');
    const e = reject(ec2({ memory: input }));
    expect(e.field).toBe('memory');
    expect(e.value).toBe(input);
    expect(e.code).toBe('ClientException');
    expectWellFormed(e);
  });

  it('absent cpu and memory are allowed on EC2 and stay null at task level', () => {
    const td = accept(ec2());
    expect(td.cpu).toBeNull();
    expect(td.memory).toBeNull();
    expect(td.reservation).toEqual({ cpu: 0, memory: 512 });
  });
});

describe('family (1-255 letters, digits, hyphens, underscores)', () => {
  it('accepts letters, digits, hyphens and underscores up to 255 characters', () => {
    accept(fargate({ family: 'Web_app-2' }));
    accept(fargate({ family: 'f'.repeat(255) }));
  });

  it('rejects a blank or missing family with the API wording', () => {
    for (const family of [undefined, '']) {
      const e = reject(fargate({ family }));
      expect(e.message).toBe('ClientException: Family can not be blank.');
      expect(e.field).toBe('family');
      expectWellFormed(e);
    }
  });

  it.each([['web app'], ['web.app'], ['web:1'], ['wéb'], ['a/b']])('rejects %j: "Family contains invalid characters."', (family) => {
    const e = reject(fargate({ family }));
    expect(e.message).toBe('ClientException: Family contains invalid characters.');
    expect(e.value).toBe(family);
    expect(e.accepted).toMatch(/letters.*numbers.*hyphens.*underscores/);
  });

  it('rejects 256 characters and a non-string', () => {
    expect(reject(fargate({ family: 'f'.repeat(256) })).field).toBe('family');
    const e = reject(fargate({ family: 42 }));
    expect(e.field).toBe('family');
    expect(e.code).toBe('InvalidParameterException');
  });
});

describe('container definitions', () => {
  it('rejects a missing or empty list: "Container list cannot be empty."', () => {
    for (const list of [undefined, []]) {
      const e = reject(fargate({ containerDefinitions: list }));
      expect(e.message).toBe('ClientException: Container list cannot be empty.');
      expect(e.field).toBe('containerDefinitions');
      expect(e.accepted).toContain('1 to 10');
    }
  });

  it('accepts 10 containers and rejects 11: "Too many containers." (§11)', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => container({ name: `c${i}` }));
    accept(fargate({ containerDefinitions: many(10) }));
    const e = reject(fargate({ containerDefinitions: many(11) }));
    expect(e.message).toBe('ClientException: Too many containers.');
  });

  it('requires unique names', () => {
    const e = reject(fargate({ containerDefinitions: [container({ name: 'a' }), container({ name: 'b' }), container({ name: 'a' })] }));
    expect(e.message).toBe('ClientException: Container names must be unique within a Task Definition.');
    expect(e.field).toBe('containerDefinitions[2].name');
    expect(e.value).toBe('a');
    expect(e.accepted).toContain('a, b');
  });

  it('requires a name and an image, with the API wording', () => {
    let e = reject(fargate({ containerDefinitions: [container({ name: '' })] }));
    expect(e.message).toBe('ClientException: Container.name should not be null or empty.');
    expect(e.field).toBe('containerDefinitions[0].name');
    e = reject(fargate({ containerDefinitions: [container(), container({ name: 'side', image: undefined })] }));
    expect(e.message).toBe('ClientException: Container.image should not be null or empty.');
    expect(e.field).toBe('containerDefinitions[1].image');
    e = reject(fargate({ containerDefinitions: [container({ name: 'my app' })] }));
    expect(e.message).toBe('ClientException: Container.name contains invalid characters.');
  });

  it('defaults essential to true and requires at least one essential container (§2.2)', () => {
    const td = accept(fargate({ containerDefinitions: [container({ essential: false }), container({ name: 'main' })] }));
    expect(td.containerDefinitions.map((c) => c.essential)).toEqual([false, true]);
    const e = reject(fargate({ containerDefinitions: [container({ essential: false }), container({ name: 'b', essential: false })] }));
    expect(e.message).toBe("ClientException: Task definition doesn't have any essential container.");
    expect(e.field).toBe('containerDefinitions');
    expect(e.accepted).toContain('essential');
  });

  it('rejects a non-object container and a non-boolean essential', () => {
    expect(reject(fargate({ containerDefinitions: ['app'] })).field).toBe('containerDefinitions[0]');
    expect(reject(fargate({ containerDefinitions: [container({ essential: 'yes' })] })).field).toBe('containerDefinitions[0].essential');
  });
});

// The table of reference §7.1, written out independently of the implementation.
const FARGATE_TABLE_7_1: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: [1, 2, 3, 4].map((g) => g * 1024),
  1024: [2, 3, 4, 5, 6, 7, 8].map((g) => g * 1024),
  2048: Array.from({ length: 13 }, (_, i) => (4 + i) * 1024),
  4096: Array.from({ length: 23 }, (_, i) => (8 + i) * 1024),
  8192: Array.from({ length: 12 }, (_, i) => (16 + 4 * i) * 1024),
  16384: Array.from({ length: 12 }, (_, i) => (32 + 8 * i) * 1024),
};

describe('Fargate CPU/memory table (§7.1), exhaustively', () => {
  it('the implementation table equals the reference table', () => {
    const impl = Object.fromEntries(FARGATE_SIZES.map((s) => [s.cpu, [...s.memoryMiB]]));
    expect(impl).toEqual(FARGATE_TABLE_7_1);
    expect(FARGATE_TABLE_7_1[8192]!.at(-1)).toBe(60 * 1024);
    expect(FARGATE_TABLE_7_1[16384]!.at(-1)).toBe(120 * 1024);
  });

  for (const [cpuText, memories] of Object.entries(FARGATE_TABLE_7_1)) {
    const cpu = Number(cpuText);
    it(`cpu ${cpu}: accepts every valid memory value (${memories.length}), in MiB and GB forms`, () => {
      for (const m of memories) {
        const td = accept(fargate({ cpu: String(cpu), memory: String(m) }));
        expect([td.cpu, td.memory]).toEqual([cpu, m]);
        const td2 = accept(fargate({ cpu: `${cpu / 1024} vCPU`, memory: `${m / 1024} GB` }));
        expect([td2.cpu, td2.memory]).toEqual([cpu, m]);
      }
    });

    it(`cpu ${cpu}: rejects the neighbours of every valid memory value and the next size's values`, () => {
      const valid = new Set(memories);
      const step = memories.length > 1 ? memories[1]! - memories[0]! : 512;
      const candidates = new Set<number>();
      for (const m of memories) for (const d of [-step, -512, -1, 1, 512, step]) candidates.add(m + d);
      for (const other of Object.values(FARGATE_TABLE_7_1)) for (const m of other) candidates.add(m);
      let rejected = 0;
      for (const m of candidates) {
        if (valid.has(m) || m <= 0) continue;
        const e = reject(fargate({ cpu: String(cpu), memory: String(m) }));
        expect(e.message).toBe(INVALID_CPU_MESSAGE);
        expect(e.field).toBe('memory');
        expect(e.value).toBe(String(m));
        expect(e.accepted).toContain(`cpu ${cpu}`);
        expect(e.accepted).toContain(String(memories[0]));
        expect(e.accepted).toContain(String(memories.at(-1)));
        rejected++;
      }
      expect(rejected).toBeGreaterThan(10);
    });
  }

  it('every (cpu, memory) on a 512 MiB grid is accepted exactly when it is in the table', () => {
    const cpus = [128, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 32768];
    for (const cpu of cpus) {
      for (let m = 512; m <= 128 * 1024; m += 512) {
        const r = validateTaskDefinitionRequest(fargate({ cpu, memory: m }));
        const expected = FARGATE_TABLE_7_1[cpu]?.includes(m) ?? false;
        expect(r.ok, `cpu ${cpu} memory ${m}`).toBe(expected);
        if (!r.ok) expect(r.error.message).toBe(INVALID_CPU_MESSAGE);
      }
    }
  });

  it('names the cpu field and lists the Fargate sizes when the cpu is not a Fargate size', () => {
    const e = reject(fargate({ cpu: '384', memory: '1024' }));
    expect(e.field).toBe('cpu');
    expect(e.value).toBe('384');
    expect(e.message).toBe(INVALID_CPU_MESSAGE);
    for (const c of [256, 512, 1024, 2048, 4096, 8192, 16384]) expect(e.accepted).toContain(`cpu ${c}`);
  });

  it('the accepted text for cpu 256 names 512, 1024 and 2048 MiB', () => {
    const e = reject(fargate({ cpu: '256', memory: '4096' }));
    expect(e.accepted).toBe('with cpu 256 (0.25 vCPU), memory 512, 1024 or 2048 MiB (0.5, 1 or 2 GB)');
  });

  it('applies even when EC2 is also required', () => {
    expect(reject(fargate({ requiresCompatibilities: ['EC2', 'FARGATE'], cpu: '256', memory: '256' })).message).toBe(INVALID_CPU_MESSAGE);
  });

  it('requires task-level cpu and memory', () => {
    let e = reject(fargate({ cpu: undefined }));
    expect(e.message).toBe("ClientException: Fargate requires that 'cpu' be defined at the task level.");
    expect(e.field).toBe('cpu');
    e = reject(fargate({ memory: undefined }));
    expect(e.message).toBe("ClientException: Fargate requires that 'memory' be defined at the task level.");
    expect(e.field).toBe('memory');
    expect(e.accepted).toContain('1024, 2048, 3072 or 4096 MiB');
  });

  it.each([['bridge'], ['host'], ['none'], [undefined]])('requires awsvpc (networkMode %j)', (networkMode) => {
    const e = reject(fargate({ networkMode }));
    expect(e.message).toBe("ClientException: Fargate only supports network mode 'awsvpc'.");
    expect(e.field).toBe('networkMode');
    expect(e.value).toBe(networkMode);
    expect(e.accepted).toContain('awsvpc');
  });

  it('Windows on Fargate needs at least 1 vCPU and at most 4 vCPU (OS column of §7.1)', () => {
    const win = { cpuArchitecture: 'X86_64', operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' };
    const e = reject(fargate({ cpu: '512', memory: '1024', runtimePlatform: win }));
    expect(e.field).toBe('cpu');
    expect(e.accepted).toContain('1024, 2048 or 4096');
    expect(reject(fargate({ cpu: '8192', memory: '16384', runtimePlatform: win })).field).toBe('cpu');
    const td = accept(fargate({ cpu: '1024', memory: '2048', runtimePlatform: win }));
    expect(td.runtimePlatform).toEqual(win);
  });

  it('ARM64 on Fargate is fine; runtimePlatform defaults fill in', () => {
    const td = accept(fargate({ runtimePlatform: { cpuArchitecture: 'ARM64' } }));
    expect(td.runtimePlatform).toEqual({ cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' });
    expect(reject(fargate({ runtimePlatform: { cpuArchitecture: 'ARM' } })).field).toBe('runtimePlatform.cpuArchitecture');
  });
});

describe('EC2 task cpu range and memory rules (§1.7)', () => {
  it('accepts 128..196608 CPU units and rejects outside', () => {
    expect(accept(ec2({ cpu: '128' })).cpu).toBe(128);
    expect(accept(ec2({ cpu: 196608 })).cpu).toBe(196608);
    expect(accept(ec2({ cpu: '192 vCPU' })).cpu).toBe(196608);
    for (const cpu of ['127', '64', 196609, '193 vCPU']) {
      const e = reject(ec2({ cpu }));
      expect(e.field).toBe('cpu');
      expect(e.message).toBe(INVALID_CPU_MESSAGE);
      expect(e.accepted).toContain('128 to 196608');
    }
  });

  it('applies the same range to EXTERNAL and to a definition with no requiresCompatibilities', () => {
    expect(reject(ec2({ requiresCompatibilities: ['EXTERNAL'], cpu: '100' })).field).toBe('cpu');
    expect(reject(ec2({ requiresCompatibilities: undefined, cpu: '100' })).field).toBe('cpu');
  });

  it('any network mode is fine on EC2; the default is bridge', () => {
    for (const networkMode of ['awsvpc', 'bridge', 'host', 'none']) expect(accept(ec2({ networkMode })).networkMode).toBe(networkMode);
    expect(accept(ec2({ networkMode: undefined })).networkMode).toBe('bridge');
    const e = reject(ec2({ networkMode: 'nat' }));
    expect(e.field).toBe('networkMode');
    expect(e.accepted).toBe('one of awsvpc, bridge, host, none');
  });

  it('without task memory every container needs memory or memoryReservation', () => {
    const e = reject(ec2({ containerDefinitions: [container({ memory: 256 }), container({ name: 'side' })] }));
    expect(e.message).toBe("ClientException: Invalid setting for container 'side'. At least one of 'memory' or 'memoryReservation' must be specified.");
    expect(e.field).toBe('containerDefinitions[1].memory');
    expectWellFormed(e);
    const td = accept(ec2({ containerDefinitions: [container({ memory: 256 }), container({ name: 'side', memoryReservation: 64, memory: 128, cpu: 10 })] }));
    expect(td.reservation).toEqual({ cpu: 10, memory: 256 + 64 });
    expect(td.sim.memoryMiBBase).toBe(160);
    accept(ec2({ memory: '1 GB', containerDefinitions: [container({ name: 'side' })] }));
  });

  it('container limits may not exceed the task\'s', () => {
    let e = reject(ec2({ memory: '512', containerDefinitions: [container({ memory: 1024 })] }));
    expect(e.message).toBe("ClientException: The 'memory' setting for container 'app' is greater than for the task.");
    expect(e.field).toBe('containerDefinitions[0].memory');
    expect(e.value).toBe(1024);
    e = reject(ec2({ memory: '512', containerDefinitions: [container({ memoryReservation: 600 })] }));
    expect(e.field).toBe('containerDefinitions[0].memoryReservation');
    e = reject(ec2({ cpu: '256', containerDefinitions: [container({ memory: 128, cpu: 512 })] }));
    expect(e.field).toBe('containerDefinitions[0].cpu');
    e = reject(ec2({ containerDefinitions: [container({ memory: 128, memoryReservation: 256 })] }));
    expect(e.field).toBe('containerDefinitions[0].memoryReservation');
    expect(e.accepted).toContain('128');
  });
});

describe('port mappings', () => {
  const withPorts = (mode: string, portMappings: unknown[], extra: Req = {}) =>
    ec2({ networkMode: mode, containerDefinitions: [container({ memory: 256, portMappings })], ...extra });

  it.each([[0], [65536], [-1], [80.5], ['80'], [undefined]])('rejects containerPort %j with the path of the field', (containerPort) => {
    const e = reject(withPorts('bridge', [{ containerPort: 80 }, { containerPort }]));
    expect(e.message).toBe("ClientException: Invalid 'containerPort' setting for container 'app'.");
    expect(e.field).toBe('containerDefinitions[0].portMappings[1].containerPort');
    expect(e.value).toBe(containerPort);
    expect(e.accepted).toBe('an integer from 1 to 65535');
  });

  it('accepts containerPort 1 and 65535', () => {
    accept(withPorts('bridge', [{ containerPort: 1 }, { containerPort: 65535 }]));
  });

  it.each([['awsvpc'], ['host']])('%s: hostPort must be omitted or equal containerPort', (mode) => {
    const td = accept(withPorts(mode, [{ containerPort: 80 }, { containerPort: 443, hostPort: 443 }]));
    expect(td.containerDefinitions[0]!.portMappings.map((p) => p.hostPort)).toEqual([80, 443]);
    const e = reject(withPorts(mode, [{ containerPort: 80, hostPort: 8080 }]));
    expect(e.message).toBe(`ClientException: When networkMode=${mode}, the host ports and container ports in port mappings must match.`);
    expect(e.field).toBe('containerDefinitions[0].portMappings[0].hostPort');
    expect(e.value).toBe(8080);
    expect(e.accepted).toContain('equal to containerPort (80)');
  });

  it('bridge: hostPort 0 or omitted means dynamic; a static port is kept', () => {
    const td = accept(withPorts('bridge', [{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }, { containerPort: 82, hostPort: 8082, protocol: 'udp' }]));
    expect(td.containerDefinitions[0]!.portMappings).toEqual([
      { containerPort: 80, hostPort: 0, protocol: 'tcp', name: null },
      { containerPort: 81, hostPort: 0, protocol: 'tcp', name: null },
      { containerPort: 82, hostPort: 8082, protocol: 'udp', name: null },
    ]);
  });

  it('rejects hostPort outside 0..65535, an unknown protocol and a bad port list', () => {
    expect(reject(withPorts('bridge', [{ containerPort: 80, hostPort: 70000 }])).field).toBe('containerDefinitions[0].portMappings[0].hostPort');
    expect(reject(withPorts('bridge', [{ containerPort: 80, protocol: 'sctp' }])).field).toBe('containerDefinitions[0].portMappings[0].protocol');
    expect(reject(withPorts('bridge', [42])).field).toBe('containerDefinitions[0].portMappings[0]');
    expect(reject(ec2({ containerDefinitions: [container({ memory: 64, portMappings: 'x' })] })).field).toBe('containerDefinitions[0].portMappings');
  });

  it('keeps the port name (Service Connect)', () => {
    const td = accept(withPorts('awsvpc', [{ containerPort: 80, name: 'http' }]));
    expect(td.containerDefinitions[0]!.portMappings[0]!.name).toBe('http');
  });
});

describe('container health checks (§2.3)', () => {
  const hc = (healthCheck: unknown) => fargate({ containerDefinitions: [container({ healthCheck })] });
  const cmd = ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'];

  it('fills the defaults: interval 30, timeout 5, retries 3, no start period', () => {
    const td = accept(hc({ command: cmd }));
    expect(td.containerDefinitions[0]!.healthCheck).toEqual({ command: cmd, interval: 30, timeout: 5, retries: 3, startPeriod: 0 });
  });

  const ranges: [string, number, number][] = [['interval', 5, 300], ['timeout', 2, 60], ['retries', 1, 10], ['startPeriod', 0, 300]];
  for (const [key, min, max] of ranges) {
    it(`${key}: accepts ${min} and ${max}, rejects ${min - 1}, ${max + 1} and non-integers`, () => {
      expect((accept(hc({ command: cmd, [key]: min })).containerDefinitions[0]!.healthCheck as unknown as Record<string, number>)[key]).toBe(min);
      expect((accept(hc({ command: cmd, [key]: max })).containerDefinitions[0]!.healthCheck as unknown as Record<string, number>)[key]).toBe(max);
      for (const bad of [min - 1, max + 1, min + 0.5, '10']) {
        const e = reject(hc({ command: cmd, [key]: bad }));
        expect(e.field).toBe(`containerDefinitions[0].healthCheck.${key}`);
        expect(e.value).toBe(bad);
        expect(e.accepted).toContain(`from ${min} to ${max}`);
        expectWellFormed(e);
      }
    });
  }

  it('needs a command starting with CMD or CMD-SHELL', () => {
    for (const command of [undefined, [], ['curl localhost'], 'CMD-SHELL curl', [1, 2]]) {
      const e = reject(hc({ command }));
      expect(e.field).toBe('containerDefinitions[0].healthCheck.command');
      expect(e.accepted).toContain('CMD-SHELL');
    }
    accept(hc({ command: ['CMD', '/bin/check'] }));
  });
});

describe('stopTimeout (§2.1)', () => {
  it('defaults to 30 seconds', () => {
    expect(accept(ec2()).containerDefinitions[0]!.stopTimeout).toBe(30);
  });

  it('is at most 120 seconds on Fargate', () => {
    expect(accept(fargate({ containerDefinitions: [container({ stopTimeout: 120 })] })).containerDefinitions[0]!.stopTimeout).toBe(120);
    const e = reject(fargate({ containerDefinitions: [container({ stopTimeout: 121 })] }));
    expect(e.field).toBe('containerDefinitions[0].stopTimeout');
    expect(e.accepted).toContain('0 to 120');
  });

  it('may exceed 120 on EC2, never be negative', () => {
    expect(accept(ec2({ containerDefinitions: [container({ memory: 64, stopTimeout: 300 })] })).containerDefinitions[0]!.stopTimeout).toBe(300);
    expect(reject(ec2({ containerDefinitions: [container({ memory: 64, stopTimeout: -1 })] })).field).toBe('containerDefinitions[0].stopTimeout');
  });

  it('a definition with a stopTimeout over 120 is not Fargate-compatible', () => {
    const td = accept(ec2({ networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [container({ stopTimeout: 300 })] }));
    expect(td.compatibilities).toEqual(['EC2']);
    const td2 = accept(ec2({ networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [container()] }));
    expect(td2.compatibilities).toEqual(['EC2', 'FARGATE']);
  });
});

describe('placement constraints in a task definition (§1.3, §1.4)', () => {
  const member = (expression = 'attribute:ecs.instance-type =~ c5.*') => ({ type: 'memberOf', expression });

  it('accepts memberOf, up to 10', () => {
    const td = accept(ec2({ placementConstraints: Array.from({ length: 10 }, () => member()) }));
    expect(td.placementConstraints).toHaveLength(10);
    expect(td.placementConstraints[0]).toEqual({ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ c5.*' });
  });

  it('rejects 11', () => {
    const e = reject(ec2({ placementConstraints: Array.from({ length: 11 }, () => member()) }));
    expect(e.field).toBe('placementConstraints');
    expect(e.accepted).toContain('10');
  });

  it('rejects distinctInstance with the API wording', () => {
    const e = reject(ec2({ placementConstraints: [member(), { type: 'distinctInstance' }] }));
    expect(e.message).toBe("ClientException: constraint.type 'distinctInstance' is not supported.");
    expect(e.field).toBe('placementConstraints[1].type');
    expect(e.accepted).toContain('memberOf');
  });

  it('needs an expression of 1..2000 characters', () => {
    for (const expression of ['', undefined, 'x'.repeat(2001), 5]) {
      expect(reject(ec2({ placementConstraints: [{ type: 'memberOf', expression }] })).field).toBe('placementConstraints[0].expression');
    }
    accept(ec2({ placementConstraints: [member('x'.repeat(2000))] }));
  });
});

describe('sim settings', () => {
  it('overrides are kept and the rest defaulted', () => {
    const td = accept(fargate({ sim: { healthy: false, exitAfterSeconds: 90, memoryMiBBase: 300 } }));
    expect(td.sim).toEqual({ imageSizeMiB: 200, appStartSeconds: 5, healthy: false, imageExists: true, exitAfterSeconds: 90, cpuPerRequest: 1, serviceTimeMs: 50, memoryMiBBase: 300, errorPercent: 0 });
    expect(accept(fargate({ sim: { exitAfterSeconds: null } })).sim.exitAfterSeconds).toBeNull();
    expect(accept(fargate({ sim: { imageSizeMiB: 0, appStartSeconds: 0 } })).sim.imageSizeMiB).toBe(0);
  });

  it.each([
    ['imageSizeMiB', -1], ['appStartSeconds', '5'], ['cpuPerRequest', Number.NaN], ['serviceTimeMs', Number.POSITIVE_INFINITY],
    ['memoryMiBBase', null], ['exitAfterSeconds', -5], ['healthy', 'yes'], ['healthy', 1], ['imageExists', 'no'],
  ])('rejects sim.%s = %j', (key, value) => {
    const e = reject(fargate({ sim: { [key]: value } }));
    expect(e.field).toBe(`sim.${key}`);
    expect(e.code).toBe('InvalidParameterException');
    expectWellFormed(e);
  });

  it('rejects unknown sim fields (typos) and a non-object', () => {
    const e = reject(fargate({ sim: { appStartSecs: 3 } }));
    expect(e.field).toBe('sim.appStartSecs');
    expect(e.accepted).toContain('appStartSeconds');
    expect(reject(fargate({ sim: [1] })).field).toBe('sim');
  });
});

describe('requiresCompatibilities', () => {
  it('rejects unknown launch types and non-lists; deduplicates', () => {
    expect(reject(fargate({ requiresCompatibilities: ['FARGATE', 'LAMBDA'] })).field).toBe('requiresCompatibilities[1]');
    expect(reject(fargate({ requiresCompatibilities: 'FARGATE' })).field).toBe('requiresCompatibilities');
    expect(accept(fargate({ requiresCompatibilities: ['FARGATE', 'FARGATE'] })).requiresCompatibilities).toEqual(['FARGATE']);
  });

  it('EXTERNAL is listed only when requested', () => {
    expect(accept(ec2({ requiresCompatibilities: ['EXTERNAL'] })).compatibilities).toEqual(['EC2', 'EXTERNAL']);
    expect(accept(ec2()).compatibilities).toEqual(['EC2']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('TaskDefinitionRegistry: revisions', () => {
  function threeRevisions(): { reg: TaskDefinitionRegistry; tds: TaskDefinition[] } {
    const reg = new TaskDefinitionRegistry();
    const tds: TaskDefinition[] = [];
    for (const image of ['web:1.0', 'web:1.1', 'web:1.2']) {
      const r = reg.register(fargate({ containerDefinitions: [container({ image })] }));
      if (!r.ok) throw new Error(r.error.message);
      tds.push(r.taskDefinition);
    }
    return { reg, tds };
  }

  it('registering a family again creates the next revision; earlier ones stay unchanged', () => {
    const { reg, tds } = threeRevisions();
    expect(tds.map((t) => t.revision)).toEqual([1, 2, 3]);
    expect(tds.map((t) => t.containerDefinitions[0]!.image)).toEqual(['web:1.0', 'web:1.1', 'web:1.2']);
    const r1 = reg.resolve('web:1');
    expect(r1.ok && r1.taskDefinition).toBe(tds[0]);
    expect(r1.ok && r1.taskDefinition.containerDefinitions[0]!.image).toBe('web:1.0');
  });

  it('families are numbered independently; a rejected request consumes no revision', () => {
    const reg = new TaskDefinitionRegistry();
    reg.register(fargate());
    expect(reg.register(fargate({ cpu: '300' })).ok).toBe(false);
    const api = reg.register(ec2());
    const web2 = reg.register(fargate());
    expect(api.ok && api.taskDefinition.revision).toBe(1);
    expect(web2.ok && web2.taskDefinition.revision).toBe(2);
  });

  it('resolve accepts "family", "family:revision" and the full ARN', () => {
    const { reg, tds } = threeRevisions();
    const byFamily = reg.resolve('web');
    expect(byFamily.ok && byFamily.taskDefinition).toBe(tds[2]);
    const byRev = reg.resolve('web:2');
    expect(byRev.ok && byRev.taskDefinition).toBe(tds[1]);
    const byArn = reg.resolve('arn:aws:ecs:us-east-1:123456789012:task-definition/web:1');
    expect(byArn.ok && byArn.taskDefinition).toBe(tds[0]);
  });

  it.each([
    ['nope'], ['web:4'], ['web:0'], ['web:x'], ['web:'], [''], ['arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1'],
    ['arn:aws:ecs:us-east-1:999999999999:task-definition/web:1'], [42], [null], [undefined], [{ family: 'web' }],
  ])('resolve(%j) fails with "Unable to describe task definition."', (ref) => {
    const { reg } = threeRevisions();
    const r = reg.resolve(ref);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toBe('ClientException: Unable to describe task definition.');
    expect(r.error.field).toBe('taskDefinition');
    expect(r.error.value).toBe(ref);
    expect(r.error.accepted).toContain('web:1..3');
    expect(r.error.accepted).toContain('latest ACTIVE web:3');
  });

  it('deregister marks a revision INACTIVE; "family" then resolves to the latest ACTIVE one', () => {
    const { reg, tds } = threeRevisions();
    const d = reg.deregister('web:3');
    expect(d.ok && d.taskDefinition.status).toBe('INACTIVE');
    expect(tds[2]!.status).toBe('ACTIVE'); // the earlier snapshot is frozen
    const latest = reg.resolve('web');
    expect(latest.ok && latest.taskDefinition.revision).toBe(2);
    const explicit = reg.resolve('web:3');
    expect(explicit.ok && explicit.taskDefinition.status).toBe('INACTIVE');
    const forLaunch = reg.resolve('web:3', { requireActive: true });
    expect(forLaunch.ok).toBe(false);
    if (!forLaunch.ok) expectWellFormed(forLaunch.error);
    // deregistering again is harmless; the next registration is revision 4
    expect(reg.deregister('web:3').ok).toBe(true);
    const r4 = reg.register(fargate());
    expect(r4.ok && r4.taskDefinition.revision).toBe(4);
  });

  it('when every revision is INACTIVE, "family" no longer resolves', () => {
    const reg = new TaskDefinitionRegistry();
    reg.register(fargate());
    reg.deregister('arn:aws:ecs:us-east-1:123456789012:task-definition/web:1');
    const r = reg.resolve('web');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.accepted).toContain('all INACTIVE');
  });

  it('deregister needs a revision', () => {
    const { reg } = threeRevisions();
    const r = reg.deregister('web');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('taskDefinition');
      expect(r.error.accepted).toContain('family:revision');
    }
    expect(reg.deregister('ghost:1').ok).toBe(false);
  });

  it('list() sorts by family then revision and filters', () => {
    const reg = new TaskDefinitionRegistry();
    reg.register(fargate({ family: 'web' }));
    reg.register(ec2({ family: 'api' }));
    reg.register(fargate({ family: 'web' }));
    reg.register(ec2({ family: 'worker' }));
    reg.deregister('web:1');
    expect(reg.list().map(taskDefinitionRef)).toEqual(['api:1', 'web:1', 'web:2', 'worker:1']);
    expect(reg.list({ status: 'ACTIVE' }).map(taskDefinitionRef)).toEqual(['api:1', 'web:2', 'worker:1']);
    expect(reg.list({ familyPrefix: 'w' }).map(taskDefinitionRef)).toEqual(['web:1', 'web:2', 'worker:1']);
  });

  it('a family named like an Object.prototype key is just a family', () => {
    const reg = new TaskDefinitionRegistry();
    for (const family of ['__proto__', 'constructor', 'toString']) {
      const r = reg.register(fargate({ family }));
      expect(r.ok && r.taskDefinition.revision).toBe(1);
      const got = reg.resolve(family);
      expect(got.ok && got.taskDefinition.family).toBe(family);
    }
  });
});

describe('immutability', () => {
  it('a registered definition is deep-frozen: writes throw and change nothing', () => {
    const reg = new TaskDefinitionRegistry();
    const r = reg.register(fargate());
    if (!r.ok) throw new Error('unexpected');
    const td = r.taskDefinition;
    expect(Object.isFrozen(td)).toBe(true);
    expect(() => { (td as { cpu: number | null }).cpu = 4096; }).toThrow(TypeError);
    expect(() => { (td.containerDefinitions as ContainerList).push(td.containerDefinitions[0]!); }).toThrow(TypeError);
    expect(() => { (td.containerDefinitions[0] as { image: string }).image = 'evil'; }).toThrow(TypeError);
    expect(() => { (td.containerDefinitions[0]!.portMappings[0] as { hostPort: number }).hostPort = 1; }).toThrow(TypeError);
    expect(() => { (td.sim as { healthy: boolean }).healthy = false; }).toThrow(TypeError);
    expect(() => { (td.reservation as { cpu: number }).cpu = 1; }).toThrow(TypeError);
    const again = reg.resolve('web:1');
    expect(again.ok && again.taskDefinition.cpu).toBe(512);
    expect(again.ok && again.taskDefinition.containerDefinitions[0]!.image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0');
  });

  it('changing the request after registering has no effect', () => {
    const reg = new TaskDefinitionRegistry();
    const req = fargate({ sim: { appStartSeconds: 7 } });
    reg.register(req);
    (req.containerDefinitions as Req[])[0]!.image = 'changed';
    ((req.containerDefinitions as Req[])[0]!.portMappings as Req[])[0]!.containerPort = 1;
    (req.sim as Req).appStartSeconds = 99;
    const r = reg.resolve('web:1');
    expect(r.ok && r.taskDefinition.containerDefinitions[0]!.image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0');
    expect(r.ok && r.taskDefinition.containerDefinitions[0]!.portMappings[0]!.containerPort).toBe(8080);
    expect(r.ok && r.taskDefinition.sim.appStartSeconds).toBe(7);
  });
});

type ContainerList = unknown[];

describe('checkpointing: the store is plain data', () => {
  it('structuredClone and JSON round-trips of the state restore an equivalent, independent registry', () => {
    const reg = new TaskDefinitionRegistry();
    reg.register(fargate());
    reg.register(fargate({ cpu: '1 vCPU', memory: '2 GB' }));
    reg.register(ec2());
    reg.deregister('web:1');
    const snapshot = structuredClone(reg.state);
    const viaJson = JSON.parse(JSON.stringify(reg.state)) as typeof snapshot;
    expect(viaJson).toEqual(snapshot);

    const restored = new TaskDefinitionRegistry(snapshot);
    expect(restored.list()).toEqual(reg.list());
    const latest = restored.resolve('web');
    expect(latest.ok && latest.taskDefinition.cpu).toBe(1024);
    expect(latest.ok && Object.isFrozen(latest.taskDefinition.containerDefinitions[0])).toBe(true);

    // the two registries diverge independently
    restored.register(fargate());
    expect(restored.list({ familyPrefix: 'web' })).toHaveLength(3);
    expect(reg.list({ familyPrefix: 'web' })).toHaveLength(2);
  });

  it('the functional API works directly on a store', () => {
    const store = createTaskDefinitionStore();
    const r = registerTaskDefinition(store, fargate());
    expect(r.ok).toBe(true);
    const got = resolveTaskDefinition(store, 'web:1');
    expect(got.ok && got.taskDefinition.revision).toBe(1);
    expect(structuredClone(store)).toEqual(store);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const anyValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(undefined, null, '', 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, [], {}),
);

const cpuArb = fc.oneof(
  fc.constantFrom('256', '512', '1024', '2048', '4096', '8192', '16384', '1 vCPU', '.25 vCPU', '128', '100', '196609'),
  fc.integer({ min: -10, max: 200_000 }),
  anyValue,
);
const memoryArb = fc.oneof(
  fc.constantFrom('512', '1024', '2048', '3 GB', '1GB', '0.5 GB', '30720', '122880'),
  fc.integer({ min: -10, max: 130_000 }),
  anyValue,
);
const portArb = fc.record(
  {
    containerPort: fc.oneof(fc.integer({ min: -5, max: 70_000 }), anyValue),
    hostPort: fc.oneof(fc.integer({ min: -5, max: 70_000 }), anyValue),
    protocol: fc.oneof(fc.constantFrom('tcp', 'udp', 'sctp'), anyValue),
    name: fc.oneof(fc.string(), anyValue),
  },
  { requiredKeys: [] },
);
const healthArb = fc.record(
  {
    command: fc.oneof(fc.constant(['CMD-SHELL', 'true']), fc.array(fc.string()), anyValue),
    interval: fc.oneof(fc.integer({ min: 0, max: 400 }), anyValue),
    timeout: fc.oneof(fc.integer({ min: 0, max: 100 }), anyValue),
    retries: fc.oneof(fc.integer({ min: 0, max: 12 }), anyValue),
    startPeriod: fc.oneof(fc.integer({ min: -1, max: 400 }), anyValue),
  },
  { requiredKeys: [] },
);
const containerArb = fc.record(
  {
    name: fc.oneof(fc.constantFrom('app', 'side', 'web', 'a b'), fc.string(), anyValue),
    image: fc.oneof(fc.constantFrom('web:1', 'nginx'), anyValue),
    essential: fc.oneof(fc.boolean(), anyValue),
    cpu: fc.oneof(fc.integer({ min: -1, max: 5000 }), anyValue),
    memory: fc.oneof(fc.integer({ min: -1, max: 5000 }), anyValue),
    memoryReservation: fc.oneof(fc.integer({ min: -1, max: 5000 }), anyValue),
    portMappings: fc.oneof(fc.array(portArb, { maxLength: 3 }), anyValue),
    healthCheck: fc.oneof(healthArb, anyValue),
    stopTimeout: fc.oneof(fc.integer({ min: -1, max: 300 }), anyValue),
  },
  { requiredKeys: [] },
);
const requestArb = fc.record(
  {
    family: fc.oneof(fc.constantFrom('web', 'api', 'bad name', ''), fc.string(), anyValue),
    cpu: cpuArb,
    memory: memoryArb,
    networkMode: fc.oneof(fc.constantFrom('awsvpc', 'bridge', 'host', 'none', 'nat'), anyValue),
    requiresCompatibilities: fc.oneof(fc.subarray(['EC2', 'FARGATE', 'EXTERNAL']), fc.array(anyValue, { maxLength: 2 }), anyValue),
    runtimePlatform: fc.oneof(
      fc.record({ cpuArchitecture: fc.constantFrom('X86_64', 'ARM64', 'x'), operatingSystemFamily: fc.constantFrom('LINUX', 'WINDOWS_SERVER_2022_CORE', 'DOS') }, { requiredKeys: [] }),
      anyValue,
    ),
    containerDefinitions: fc.oneof(fc.array(containerArb, { maxLength: 12 }), anyValue),
    placementConstraints: fc.oneof(
      fc.array(fc.record({ type: fc.constantFrom('memberOf', 'distinctInstance'), expression: fc.oneof(fc.string(), anyValue) }, { requiredKeys: [] }), { maxLength: 12 }),
      anyValue,
    ),
    sim: fc.oneof(
      fc.record({ imageSizeMiB: fc.double(), healthy: fc.oneof(fc.boolean(), anyValue), exitAfterSeconds: fc.oneof(fc.constant(null), fc.double()), typo: fc.integer() }, { requiredKeys: [] }),
      anyValue,
    ),
  },
  { requiredKeys: [] },
);

function checkOutcome(r: TaskDefinitionResult): void {
  if (r.ok) {
    const td = r.taskDefinition;
    expect(td.taskDefinitionArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task-definition\/[A-Za-z0-9_-]+:\d+$/);
    expect(Object.isFrozen(td)).toBe(true);
    expect(td.containerDefinitions.some((c) => c.essential)).toBe(true);
    expect(td.containerDefinitions.length).toBeGreaterThanOrEqual(1);
    expect(td.containerDefinitions.length).toBeLessThanOrEqual(10);
    if (td.requiresCompatibilities.includes('FARGATE')) {
      expect(td.networkMode).toBe('awsvpc');
      expect(FARGATE_TABLE_7_1[td.cpu!]).toContain(td.memory);
    }
    for (const c of td.containerDefinitions) {
      for (const p of c.portMappings) {
        if (td.networkMode === 'awsvpc' || td.networkMode === 'host') expect(p.hostPort).toBe(p.containerPort);
      }
    }
  } else {
    expectWellFormed(r.error);
  }
}

describe('properties', () => {
  it('any value at all: register never throws, and a rejection names a field, what is accepted and a message', () => {
    fc.assert(
      fc.property(fc.anything(), (req) => {
        const reg = new TaskDefinitionRegistry();
        checkOutcome(reg.register(req));
        const resolved = reg.resolve(req);
        if (!resolved.ok) expectWellFormed(resolved.error);
      }),
      { numRuns: 500 },
    );
  });

  it('random request-shaped objects: register never throws; every outcome is well formed', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const reg = new TaskDefinitionRegistry();
        checkOutcome(reg.register(req));
      }),
      { numRuns: 2000 },
    );
  });

  it('random valid EC2 definitions are accepted and reserve the sum of their containers', () => {
    const ec2Container = fc.record({
      image: fc.constantFrom('web:1', 'nginx:latest'),
      memory: fc.integer({ min: 6, max: 4096 }),
      reservationShare: fc.option(fc.double({ min: 0.1, max: 1, noNaN: true }), { nil: undefined }),
      cpu: fc.integer({ min: 0, max: 2048 }),
      ports: fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }), hostPort: fc.constantFrom(0, undefined) }, { requiredKeys: ['containerPort'] }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(ec2Container, { minLength: 1, maxLength: 10 }), (cs) => {
        const containerDefinitions = cs.map((c, i) => ({
          name: `c${i}`,
          image: c.image,
          memory: c.memory,
          ...(c.reservationShare === undefined ? {} : { memoryReservation: Math.max(1, Math.floor(c.memory * c.reservationShare)) }),
          cpu: c.cpu,
          portMappings: c.ports,
        }));
        const td = accept(ec2({ containerDefinitions }));
        const expectedMemory = containerDefinitions.reduce((s, c) => s + ((c as { memoryReservation?: number }).memoryReservation ?? c.memory), 0);
        expect(td.reservation).toEqual({ cpu: cs.reduce((s, c) => s + c.cpu, 0), memory: expectedMemory });
        expect(td.sim.memoryMiBBase).toBe(Math.floor(expectedMemory / 2));
        for (const c of td.containerDefinitions) for (const p of c.portMappings) expect(p.hostPort).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('random valid Fargate sizes are always accepted, and revisions count up', () => {
    const pairArb = fc.constantFrom(...Object.entries(FARGATE_TABLE_7_1).flatMap(([c, ms]) => ms.map((m) => [Number(c), m] as const)));
    fc.assert(
      fc.property(fc.array(pairArb, { minLength: 1, maxLength: 5 }), (pairs) => {
        const reg = new TaskDefinitionRegistry();
        pairs.forEach(([cpu, memory], i) => {
          const r = reg.register(fargate({ cpu: String(cpu), memory: String(memory) } satisfies Partial<TaskDefinitionRequest>));
          expect(r.ok && r.taskDefinition.revision).toBe(i + 1);
        });
      }),
      { numRuns: 200 },
    );
  });
});
