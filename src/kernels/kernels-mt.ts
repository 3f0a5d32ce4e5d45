import { LeptonError } from "../model/errors.js";
import { abortImport, compileModule } from "./wasm-module.js";

/** Exports of build/kernels-mt.wasm: range kernels over one shared, imported memory. */
export interface MtKernelExports {
  alloc(bytes: number): number;
  free(ptr: number): void;
  fleetTotalsStream(demand: number, tasks: number, rowLen: number, c0: number, c1: number, out: number): void;
  fleetTotalsRows4(demand: number, tasks: number, rowLen: number, c0: number, c1: number, out: number): void;
  fleetTotalsTile(demand: number, tasks: number, rowLen: number, c0: number, c1: number, out: number): void;
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
  readProbe(ptr: number, len: number): number;
}

/** Pages (64 KiB) the shared memory may grow to; must equal --maximumMemory in scripts/build-wasm.mjs. */
export const MT_MAX_PAGES = 16384;

/** A shared memory for kernels-mt; `initialPages` grows on demand up to MT_MAX_PAGES (1 GiB). */
export function createSharedMemory(initialPages = 2): WebAssembly.Memory {
  if (typeof SharedArrayBuffer === "undefined") {
    throw new LeptonError(
      "INVALID_INPUT",
      "shared WebAssembly memory is not available here (browsers need cross-origin isolation); use the single-threaded kernels",
    );
  }
  return new WebAssembly.Memory({ initial: initialPages, maximum: MT_MAX_PAGES, shared: true });
}

/** Instantiates build/kernels-mt.wasm on `memory` (one instance per thread, all on the same memory). */
export async function instantiateMtKernels(memory: WebAssembly.Memory): Promise<MtKernelExports> {
  const module = await compileModule("kernels-mt");
  const instance = await WebAssembly.instantiate(module, { env: { memory, abort: abortImport(() => memory) } });
  return instance.exports as unknown as MtKernelExports;
}
