import { LeptonError } from "../../model/errors.js";
import { CONTROL_BYTES, type IlpTask } from "../../runtime/ilp-worker.js";
import { WorkerPool } from "../../runtime/pool.js";
import type { MilpModel } from "./model.js";
import { validateModel } from "./model.js";
import { type IlpOptions, type IlpProgress, type IlpResult, validateIlpOptions } from "./solve.js";

/**
 * Runs exact MILP solves on worker threads (piscina), so a Node service's event loop never blocks
 * on branch and bound. One solver can run many solves (workers start once); `destroy()` it when done.
 */
export class IlpSolver {
  private readonly pool: WorkerPool<IlpTask, IlpResult>;

  constructor(threads = 1) {
    this.pool = new WorkerPool<IlpTask, IlpResult>("ilp-worker", threads);
  }

  /**
   * Solves `model`. Rejects on bad input; otherwise resolves with status optimal | feasible |
   * infeasible | unknown (| unbounded), objective, bound, gap and node count. The time limit is
   * honoured within slices of ~20 ms; aborting stops the search and resolves with the best so far.
   */
  async solve(model: MilpModel, options: IlpOptions = {}): Promise<IlpResult> {
    validateModel(model);
    validateIlpOptions(options);
    if (options.incumbent && options.incumbent.length !== model.cost.length) {
      throw new LeptonError(
        "INVALID_INPUT",
        `incumbent must have one value per column (${model.cost.length}), got ${options.incumbent.length}`,
      );
    }
    const control = new SharedArrayBuffer(CONTROL_BYTES);
    const stop = new Int32Array(control, 0, 1);
    const progress = new Float64Array(control, 8, 5);
    const onAbort = () => Atomics.store(stop, 0, 1);
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    let seen = 0;
    const report = () => {
      if (!options.onProgress || progress[0] === seen) return;
      seen = progress[0];
      const p: IlpProgress = {
        objective: Number.isNaN(progress[1]) ? null : progress[1],
        bound: progress[2],
        gap: null,
        nodes: progress[3],
        elapsedMs: progress[4],
      };
      if (p.objective !== null && Number.isFinite(p.bound))
        p.gap = Math.abs(p.objective - p.bound) / Math.max(1, Math.abs(p.objective));
      options.onProgress(p);
    };
    const timer = options.onProgress ? setInterval(report, 100) : undefined;
    try {
      return await this.pool.run({
        model,
        timeLimitMs: options.timeLimitMs,
        nodeLimit: options.nodeLimit,
        gapTolerance: options.gapTolerance,
        incumbent: options.incumbent ? Array.from(options.incumbent) : undefined,
        control,
      });
    } finally {
      if (timer) clearInterval(timer);
      report();
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}

/** Solves one model on a temporary worker (use `IlpSolver` for many solves). */
export async function solveMilp(model: MilpModel, options: IlpOptions = {}): Promise<IlpResult> {
  const solver = new IlpSolver(1);
  try {
    return await solver.solve(model, options);
  } finally {
    await solver.destroy();
  }
}
