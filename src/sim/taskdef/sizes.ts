/**
 * Task-level `cpu` and `memory`: how the API reads them, the Fargate CPU/memory table
 * (reference §7.1) and the EC2 / EXTERNAL range (§1.7).
 */
import { type ApiError, clientException } from '../errors';
import { listWords } from './checks';
import type { Compatibility, NetworkMode, RuntimePlatform } from './types';

/** Task-level CPU range on EC2 / EXTERNAL, in CPU units (reference §1.7). */
export const EC2_TASK_CPU_MIN = 128;
export const EC2_TASK_CPU_MAX = 196_608;
/**
 * Task memory on EC2 and EXTERNAL, MiB: at least 6 (the API's floor for a container) and at most
 * 25,165,824 (24 TiB, the largest EC2 instance). The upper bound is a model: the API publishes none,
 * but no instance could ever place a larger task.
 */
export const EC2_TASK_MEMORY_MIN = 6;
export const EC2_TASK_MEMORY_MAX = 25_165_824;

export interface FargateSize {
  /** CPU units */
  readonly cpu: number;
  /** Valid task memory values for this CPU, MiB, ascending. */
  readonly memoryMiB: readonly number[];
  /** Windows is supported at 1, 2 and 4 vCPU only. */
  readonly windows: boolean;
}

function steps(fromGiB: number, toGiB: number, stepGiB: number): number[] {
  const out: number[] = [];
  for (let g = fromGiB; g <= toGiB; g += stepGiB) out.push(g * 1024);
  return out;
}

/** The Fargate task CPU/memory table (reference §7.1), exactly. */
export const FARGATE_SIZES: readonly FargateSize[] = Object.freeze(
  [
    { cpu: 256, memoryMiB: [512, 1024, 2048], windows: false },
    { cpu: 512, memoryMiB: steps(1, 4, 1), windows: false },
    { cpu: 1024, memoryMiB: steps(2, 8, 1), windows: true },
    { cpu: 2048, memoryMiB: steps(4, 16, 1), windows: true },
    { cpu: 4096, memoryMiB: steps(8, 30, 1), windows: true },
    { cpu: 8192, memoryMiB: steps(16, 60, 4), windows: false },
    { cpu: 16384, memoryMiB: steps(32, 120, 8), windows: false },
  ].map((s) => Object.freeze({ ...s, memoryMiB: Object.freeze(s.memoryMiB) })),
);

/** Valid Fargate memory values (MiB) for a CPU value, or null if the CPU value is not a Fargate size. */
export function fargateMemoryOptions(cpu: number): readonly number[] | null {
  return FARGATE_SIZES.find((s) => s.cpu === cpu)?.memoryMiB ?? null;
}

/** True when (cpu units, memory MiB) is a valid Fargate pair (Linux). */
export function isValidFargatePair(cpu: number, memoryMiB: number): boolean {
  return fargateMemoryOptions(cpu)?.includes(memoryMiB) ?? false;
}

// Confirmed wording (AWS troubleshooting page task-cpu-memory-error; API responses quoted in issues).
export const INVALID_TASK_CPU =
  "Invalid 'cpu' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

function gb(mib: number): string {
  return String(mib / 1024);
}

/** "512, 1024 or 2048 MiB (0.5, 1 or 2 GB)" or "4096 to 16384 MiB in steps of 1024 (4 to 16 GB)". */
function describeMemoryOptions(options: readonly number[]): string {
  if (options.length <= 4) {
    return `${listWords(options)} MiB (${listWords(options.map(gb))} GB)`;
  }
  const first = options[0]!;
  const last = options[options.length - 1]!;
  const step = options[1]! - first;
  return `${first} to ${last} MiB in steps of ${step} (${gb(first)} to ${gb(last)} GB in ${gb(step)} GB steps)`;
}

export function describeFargateTable(): string {
  return FARGATE_SIZES.map((s) => `cpu ${s.cpu} (${s.cpu / 1024} vCPU) with memory ${describeMemoryOptions(s.memoryMiB)}`).join('; ');
}

// ---------------------------------------------------------------------------------------------
// Parsing task-level cpu and memory

export type SizeParse = number | 'absent' | 'invalid';

const VCPU = /^(\d{1,6}(?:\.\d{1,6})?|\.\d{1,6})\s*vcpu$/i;
const GB = /^(\d{1,6}(?:\.\d{1,6})?|\.\d{1,6})\s*gb$/i;

/**
 * A size as an integer or a digit string in the base unit, or as a string in the unit 1024 times
 * larger (`scaled`, whose first group is the number). Converted to the base unit.
 */
function parseSize(v: unknown, scaled: RegExp): SizeParse {
  if (v === undefined || v === null) return 'absent';
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : 'invalid';
  if (typeof v !== 'string') return 'invalid';
  const s = v.trim();
  if (/^\d{1,9}$/.test(s)) {
    const n = Number(s);
    return n > 0 ? n : 'invalid';
  }
  const m = scaled.exec(s);
  if (m) {
    const units = Number(m[1]) * 1024;
    return Number.isInteger(units) && units > 0 ? units : 'invalid';
  }
  return 'invalid';
}

/**
 * Task-level `cpu` as the API accepts it: CPU units as an integer or a digit string (`"256"`),
 * or vCPU as a string (`"1 vCPU"`, `"0.25 vcpu"`, `".5 vCPU"`). Converted to integer CPU units.
 */
export function parseCpuUnits(v: unknown): SizeParse {
  return parseSize(v, VCPU);
}

/**
 * Task-level `memory` as the API accepts it: MiB as an integer or a digit string (`"512"`), or GB
 * as a string (`"1 GB"`, `"1GB"`, `"0.5 GB"`). Converted to integer MiB.
 */
export function parseMemoryMiB(v: unknown): SizeParse {
  return parseSize(v, GB);
}

// ---------------------------------------------------------------------------------------------
// Checking the task size against the launch type

/** The task size rules for the requested launch types: Fargate §7.1–§7.2, EC2 / EXTERNAL §1.7. */
export function validateTaskSize(
  cpu: number | null,
  memory: number | null,
  rawCpu: unknown,
  rawMemory: unknown,
  networkMode: NetworkMode,
  rawNetworkMode: unknown,
  compat: readonly Compatibility[],
  platform: RuntimePlatform | null,
): ApiError | undefined {
  if (compat.includes('FARGATE')) {
    // §7.2: Fargate supports awsvpc only. Confirmed wording.
    if (networkMode !== 'awsvpc') {
      return clientException(
        'networkMode',
        rawNetworkMode,
        "'awsvpc' (Fargate supports no other network mode; when omitted the default is 'bridge')",
        "Fargate only supports network mode 'awsvpc'.",
      );
    }
    // §7.1: Fargate requires task-level cpu and memory. Confirmed wording.
    if (cpu === null) {
      return clientException(
        'cpu',
        rawCpu,
        `a task-level cpu value: ${FARGATE_SIZES.map((s) => s.cpu).join(', ')} CPU units`,
        "Fargate requires that 'cpu' be defined at the task level.",
      );
    }
    if (memory === null) {
      return clientException(
        'memory',
        rawMemory,
        fargateMemoryOptions(cpu) === null
          ? `a task-level memory value; Fargate task sizes: ${describeFargateTable()}`
          : `a task-level memory value; with cpu ${cpu}: ${describeMemoryOptions(fargateMemoryOptions(cpu)!)}`,
        "Fargate requires that 'memory' be defined at the task level.",
      );
    }
    // §7.1: the table, exactly. Confirmed wording (the API names 'cpu' for either half of a bad pair).
    const options = fargateMemoryOptions(cpu);
    if (options === null) {
      return clientException('cpu', rawCpu, `a Fargate task size: ${describeFargateTable()}`, INVALID_TASK_CPU);
    }
    if (!options.includes(memory)) {
      return clientException(
        'memory',
        rawMemory,
        `with cpu ${cpu} (${cpu / 1024} vCPU), memory ${describeMemoryOptions(options)}`,
        INVALID_TASK_CPU,
      );
    }
    // §7.1: Windows on Fargate only at 1, 2 or 4 vCPU ("cannot be less than 1 vCPU"; 8 and 16 vCPU are Linux only).
    if (platform !== null && platform.operatingSystemFamily !== 'LINUX') {
      const windowsCpus = FARGATE_SIZES.filter((s) => s.windows).map((s) => s.cpu);
      if (!windowsCpus.includes(cpu)) {
        return clientException(
          'cpu',
          rawCpu,
          `for Windows on Fargate: ${listWords(windowsCpus)} CPU units`,
          INVALID_TASK_CPU, // wording for this case unconfirmed
        );
      }
    }
    return undefined;
  }
  // §1.7: EC2 / EXTERNAL task-level cpu is 128 to 196,608 units when given. (The 2023 guide's
  // maximum was 10,240; the current troubleshooting page says 0.25 to 192 vCPU: the minimum is
  // the reference's value, 128.) Same message as for Fargate; unconfirmed for EC2.
  if (cpu !== null && (cpu < EC2_TASK_CPU_MIN || cpu > EC2_TASK_CPU_MAX)) {
    return clientException(
      'cpu',
      rawCpu,
      `${EC2_TASK_CPU_MIN} to ${EC2_TASK_CPU_MAX} CPU units (0.125 to 192 vCPU) on EC2 and EXTERNAL`,
      INVALID_TASK_CPU,
    );
  }
  if (memory !== null && (memory < EC2_TASK_MEMORY_MIN || memory > EC2_TASK_MEMORY_MAX)) {
    return clientException(
      'memory',
      rawMemory,
      `${EC2_TASK_MEMORY_MIN} to ${EC2_TASK_MEMORY_MAX} MiB (the largest EC2 instance holds 24 TiB)`,
      "Invalid 'memory' setting for task.", // wording unconfirmed
    );
  }
  return undefined;
}
