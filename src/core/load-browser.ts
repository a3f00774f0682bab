import wasmUrl from '../../build/core.wasm?url';

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiles the core once per page, streaming it as application/wasm. */
export function loadCoreModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compileStreaming(fetch(wasmUrl));
  return compiled;
}
