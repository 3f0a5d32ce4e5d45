import { LeptonError } from "../model/errors.js";
import { abortImport, compileModule, type KernelExports } from "./wasm-module.js";

/**
 * Exports of build/kernels-mt.wasm: the range kernels of build/kernels.wasm, compiled again over one
 * shared, imported memory (same signatures, so the type is a subset of KernelExports).
 */
export type MtKernelExports = Pick<
  KernelExports,
  | "alloc"
  | "free"
  | "fleetTotalsStream"
  | "fleetTotalsRows4"
  | "fleetTotalsTile"
  | "nodeLoadsRange"
  | "groupByNode"
  | "nodeLoadsGrouped"
  | "readProbe"
>;

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
