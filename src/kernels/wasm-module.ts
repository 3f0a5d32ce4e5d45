import { LeptonError } from "../model/errors.js";

/** Exports of build/kernels.wasm; pointers and lengths are plain numbers (byte addresses, element counts). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  fleetTotals(demand: number, tasks: number, rowLen: number, out: number): void;
  fleetTotalsScalar(demand: number, tasks: number, rowLen: number, out: number): void;
  nodeLoads(demand: number, tasks: number, rowLen: number, assign: number, nodes: number, out: number): void;
  nodeLoadsScalar(demand: number, tasks: number, rowLen: number, assign: number, nodes: number, out: number): void;
  utilisation(loads: number, nodes: number, resources: number, slots: number, capacity: number, out: number): void;
  rowMax(values: number, rowCount: number, len: number, out: number): void;
  // Aggregation variants, windowed statistics and forecasts (see assembly/aggregate.ts, window.ts, forecast.ts).
  fleetTotalsStream(demand: number, tasks: number, rowLen: number, c0: number, c1: number, out: number): void;
  fleetTotalsRows4(demand: number, tasks: number, rowLen: number, c0: number, c1: number, out: number): void;
  fleetTotalsTile(demand: number, tasks: number, rowLen: number, c0: number, c1: number, out: number): void;
  fleetTotalsScalarRange(demand: number, tasks: number, rowLen: number, c0: number, c1: number, out: number): void;
  weightedTotals(demand: number, tasks: number, rowLen: number, weights: number, out: number): void;
  weightedTotalsScalar(demand: number, tasks: number, rowLen: number, weights: number, out: number): void;
  nodeLoadsRange(
    demand: number,
    tasks: number,
    rowLen: number,
    assign: number,
    nodes: number,
    c0: number,
    c1: number,
    out: number,
  ): void;
  groupByNode(assign: number, tasks: number, nodes: number, scratch: number): void;
  nodeLoadsGrouped(demand: number, rowLen: number, nodes: number, scratch: number, n0: number, n1: number, out: number): void;
  headroom(loads: number, nodes: number, resources: number, slots: number, capacity: number, out: number, minOut: number): void;
  headroomScalar(
    loads: number,
    nodes: number,
    resources: number,
    slots: number,
    capacity: number,
    out: number,
    minOut: number,
  ): void;
  readProbe(ptr: number, len: number): number;
  rollingMaxSimd(values: number, rows: number, len: number, window: number, out: number): void;
  rollingMaxVhgw(values: number, rows: number, len: number, window: number, out: number, scratch: number): void;
  rowPercentile(
    values: number,
    rows: number,
    stride: number,
    from: number,
    len: number,
    q: number,
    out: number,
    scratch: number,
  ): void;
  forecastBatch(
    method: number,
    series: number,
    count: number,
    len: number,
    season: number,
    horizon: number,
    z: number,
    fit: number,
    params: number,
    point: number,
    lower: number,
    upper: number,
  ): void;
}

const cache = new Map<string, Promise<WebAssembly.Module>>();

/**
 * Compiles a module from build/ once per process (or page) and caches the compiled module, so each
 * instance is cheap. Works in Node (file read) and in browsers (fetch), both via `import.meta.url`.
 */
export function compileModule(name: string): Promise<WebAssembly.Module> {
  let p = cache.get(name);
  if (!p) {
    p = loadBytes(new URL(`../../build/${name}.wasm`, import.meta.url)).then((bytes) => WebAssembly.compile(bytes));
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}

async function loadBytes(url: URL): Promise<ArrayBuffer> {
  try {
    if (url.protocol === "file:") {
      const { readFile } = await import("node:fs/promises");
      const buf = await readFile(url);
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    }
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return await res.arrayBuffer();
  } catch (e) {
    throw new LeptonError(
      "WASM_LOAD_FAILED",
      `cannot load ${url.href}: ${(e as Error).message}. Maybe run \`npm run build\` first.`,
    );
  }
}

/** AssemblyScript's abort import: turns a kernel assertion into a JS error with its location. */
export function abortImport(memory: () => WebAssembly.Memory) {
  return (msgPtr: number, filePtr: number, line: number, col: number): never => {
    const m = memory();
    throw new LeptonError("INTERNAL", `kernel abort: ${readAsString(m, msgPtr)} at ${readAsString(m, filePtr)}:${line}:${col}`);
  };
}

function readAsString(memory: WebAssembly.Memory, ptr: number): string {
  if (ptr === 0) return "?";
  const len = new Uint32Array(memory.buffer, ptr - 4, 1)[0] >>> 1;
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, len));
}

/**
 * Instantiates build/<name>.wasm with its own memory. Every module gets `abort` (kernel assertions
 * become LeptonErrors) and a fixed `seed` for AssemblyScript's Math.random, so nothing depends on
 * the clock unless a module asks for it through `env`.
 */
export async function instantiateModule<T extends { memory: WebAssembly.Memory }>(
  name: string,
  env: Record<string, unknown> = {},
): Promise<T> {
  const module = await compileModule(name);
  let exports: T | undefined;
  const instance = await WebAssembly.instantiate(module, {
    env: { abort: abortImport(() => (exports as T).memory), seed: () => 1, ...env },
  });
  exports = instance.exports as unknown as T;
  return exports;
}

/** Instantiates build/kernels.wasm with its own memory. */
export function instantiateKernels(): Promise<KernelExports> {
  return instantiateModule<KernelExports>("kernels");
}
