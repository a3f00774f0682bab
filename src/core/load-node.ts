import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiles build/core.wasm once per process (Node: CLI, tests, benchmarks). */
export function loadCoreModule(): Promise<WebAssembly.Module> {
  compiled ??= readFile(fileURLToPath(new URL('../../build/core.wasm', import.meta.url)))
    .then((bytes) => WebAssembly.compile(bytes));
  return compiled;
}
