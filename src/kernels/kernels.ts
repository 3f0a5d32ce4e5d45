import { instantiateKernels, type KernelExports } from "./wasm-module.js";

let shared: Promise<KernelExports> | undefined;

/**
 * The process-wide (or page-wide) kernels instance. One instance serves every owner: each owner
 * allocates its own buffers in it and frees them on dispose, so memory stays flat.
 */
export function getKernels(): Promise<KernelExports> {
  if (!shared) {
    shared = instantiateKernels();
    shared.catch(() => {
      shared = undefined;
    });
  }
  return shared;
}
