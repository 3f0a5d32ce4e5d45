// Piscina worker for the exact ILP solver: one solve per task on this thread, so the caller's
// event loop never waits on branch and bound. The caller stops a solve and reads progress through
// a SharedArrayBuffer (no message round trips): int32 slot 0 is the stop flag; float64 slots
// 1..5 hold [sequence, objective (NaN: none), bound, nodes, elapsed ms], the sequence written last.
import type { MilpModel } from "../solve/ilp/model.js";
import { type IlpResult, solveMilpHere } from "../solve/ilp/solve.js";

export interface IlpTask {
  model: MilpModel;
  timeLimitMs?: number;
  nodeLimit?: number;
  gapTolerance?: number;
  incumbent?: number[];
  /** 48 bytes: see the file comment. */
  control: SharedArrayBuffer;
}

export const CONTROL_BYTES = 48;

export default async function run(task: IlpTask): Promise<IlpResult> {
  const stop = new Int32Array(task.control, 0, 1);
  const progress = new Float64Array(task.control, 8, 5);
  // A signal the driver's slice loop checks between slices; the stop flag is polled at that pace.
  const ac = new AbortController();
  const poll = setInterval(() => {
    if (Atomics.load(stop, 0) !== 0) ac.abort();
  }, 5);
  try {
    return await solveMilpHere(task.model, {
      timeLimitMs: task.timeLimitMs,
      nodeLimit: task.nodeLimit,
      gapTolerance: task.gapTolerance,
      incumbent: task.incumbent,
      signal: ac.signal,
      onProgress: (p) => {
        progress[1] = p.objective ?? Number.NaN;
        progress[2] = p.bound;
        progress[3] = p.nodes;
        progress[4] = p.elapsedMs;
        progress[0] += 1;
      },
      shouldStop: () => Atomics.load(stop, 0) !== 0,
    });
  } finally {
    clearInterval(poll);
  }
}
