import type { GaPool } from "../solve/ga/island-model.js";
import type { GaTask, GaTaskResult } from "./ga-worker.js";
import { WorkerPool } from "./pool.js";

/** Starts `threads` GA workers (Node, piscina). The caller owns the pool and must `destroy()` it. */
export function createGaPool(threads: number): GaPool {
  return new WorkerPool<GaTask, GaTaskResult>("ga-worker", threads);
}
