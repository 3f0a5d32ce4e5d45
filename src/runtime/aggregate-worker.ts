// Piscina worker for parallel aggregation: one kernels-mt instance on the pool's shared memory.
// Tasks name a kernel and its arguments (byte addresses and counts); nothing is copied.
import { workerData } from "node:worker_threads";
import { instantiateMtKernels, type MtKernelExports } from "../kernels/kernels-mt.js";

/** One kernel call on a column range; `args` are the kernel's parameters in order. */
export interface AggregateTask {
  kernel: "fleetTotalsStream" | "fleetTotalsRows4" | "fleetTotalsTile" | "nodeLoadsRange" | "nodeLoadsGrouped" | "readProbe";
  args: number[];
}

const kernels: MtKernelExports = await instantiateMtKernels((workerData as { memory: WebAssembly.Memory }).memory);

/** Runs one kernel call; returns its result (the probe's sum) or 0. */
export default function run(task: AggregateTask): number {
  const f = kernels[task.kernel] as (...a: number[]) => number | undefined;
  return f(...task.args) ?? 0;
}
