import { LeptonError } from "../../model/errors.js";
import type { SolveStatus } from "../../problems/gap.js";
import { IlpEngine, KERNEL_INFEASIBLE, KERNEL_OPTIMAL, KERNEL_RUNNING, KERNEL_UNBOUNDED } from "./engine.js";
import type { MilpModel } from "./model.js";

/** Progress of a running solve: a new incumbent or a better bound. */
export interface IlpProgress {
  objective: number | null;
  bound: number;
  gap: number | null;
  nodes: number;
  elapsedMs: number;
}

export interface IlpOptions {
  /** Wall-clock limit; the solve returns within about 10% of it. Default: no limit. */
  timeLimitMs?: number;
  /** Stop after this many branch-and-bound nodes. */
  nodeLimit?: number;
  /** Stop when the relative gap is at most this (default 0: prove optimality). */
  gapTolerance?: number;
  /** Aborting stops the search; the result then carries the best solution found so far. */
  signal?: AbortSignal;
  onProgress?: (p: IlpProgress) => void;
  /** A known solution (column values), e.g. from the GA or greedy: used as the first incumbent if feasible. */
  incumbent?: ArrayLike<number>;
  /** How long one uninterrupted slice of kernel work may last, in ms (default 20). */
  sliceMs?: number;
  /** Polled between slices: true stops the search like an abort (used by the worker's stop flag). */
  shouldStop?: () => boolean;
}

export interface IlpResult {
  status: SolveStatus | "unbounded";
  objective: number | null;
  bound: number | null;
  /** |objective - bound| / max(1, |objective|), or null without an incumbent. */
  gap: number | null;
  nodes: number;
  lpIterations: number;
  cuts: number;
  timeMs: number;
  stoppedBy: "done" | "time" | "nodes" | "gap" | "abort";
  /** Column values of the best solution, or null. */
  x: number[] | null;
}

/** Checks solve options; throws INVALID_INPUT naming the option. */
export function validateIlpOptions(o: IlpOptions): void {
  if (o.timeLimitMs !== undefined && !(o.timeLimitMs > 0)) {
    throw new LeptonError("INVALID_INPUT", `timeLimitMs must be a positive number of milliseconds (got ${o.timeLimitMs})`);
  }
  if (o.nodeLimit !== undefined && !(o.nodeLimit >= 1)) {
    throw new LeptonError("INVALID_INPUT", `nodeLimit must be at least 1 (got ${o.nodeLimit})`);
  }
  if (o.gapTolerance !== undefined && !(o.gapTolerance >= 0)) {
    throw new LeptonError("INVALID_INPUT", `gapTolerance must be >= 0 (got ${o.gapTolerance})`);
  }
}

function relGap(obj: number | null, bound: number | null): number | null {
  if (obj === null || bound === null || !Number.isFinite(bound)) return null;
  return Math.abs(obj - bound) / Math.max(1, Math.abs(obj));
}

/**
 * Solves a MILP on the calling thread, in slices of `sliceMs` with the event loop served between
 * slices. Use `IlpWorker` (src/runtime/ilp-worker.ts) to keep the work off the caller's thread.
 */
export async function solveMilpHere(model: MilpModel, options: IlpOptions = {}): Promise<IlpResult> {
  validateIlpOptions(options);
  const t0 = performance.now();
  const deadline = options.timeLimitMs !== undefined ? t0 + options.timeLimitMs : Number.POSITIVE_INFINITY;
  const nodeLimit = options.nodeLimit ?? Number.POSITIVE_INFINITY;
  const slice = options.sliceMs ?? 20;
  const gapTol = options.gapTolerance ?? 0;
  const engine = await IlpEngine.create(model);
  try {
    if (options.incumbent) engine.offer(options.incumbent);
    let code = KERNEL_RUNNING;
    let stoppedBy: IlpResult["stoppedBy"] = "done";
    let lastObj: number | null = null;
    let lastBound = Number.NaN;
    while (true) {
      if (options.signal?.aborted || options.shouldStop?.()) {
        stoppedBy = "abort";
        break;
      }
      code = engine.run(Math.min(deadline, performance.now() + slice), deadline, nodeLimit);
      if (code !== KERNEL_RUNNING) break;
      const obj = engine.objective();
      const bound = engine.bound();
      if (options.onProgress && (obj !== lastObj || bound !== lastBound)) {
        options.onProgress({
          objective: obj,
          bound,
          gap: relGap(obj, bound),
          nodes: engine.stats().nodes,
          elapsedMs: performance.now() - t0,
        });
      }
      lastObj = obj;
      lastBound = bound;
      if (performance.now() >= deadline) {
        stoppedBy = "time";
        break;
      }
      if (engine.stats().nodes >= nodeLimit) {
        stoppedBy = "nodes";
        break;
      }
      const g = relGap(obj, bound);
      if (gapTol > 0 && g !== null && g <= gapTol) {
        stoppedBy = "gap";
        break;
      }
      await yieldToLoop();
    }
    const stats = engine.stats();
    const objective = engine.objective();
    const x = engine.incumbent();
    let status: IlpResult["status"];
    let bound: number | null = engine.bound();
    if (code === KERNEL_OPTIMAL) status = "optimal";
    else if (code === KERNEL_INFEASIBLE) {
      status = "infeasible";
      bound = null;
    } else if (code === KERNEL_UNBOUNDED) {
      status = "unbounded";
      bound = null;
    } else status = objective !== null ? "feasible" : "unknown";
    if (bound !== null && !Number.isFinite(bound)) bound = null;
    if (status === "feasible" && stats.incomplete) bound = null;
    return {
      status,
      objective,
      bound,
      gap: status === "optimal" ? 0 : relGap(objective, bound),
      nodes: stats.nodes,
      lpIterations: stats.lpIterations,
      cuts: stats.cuts,
      timeMs: performance.now() - t0,
      stoppedBy,
      x: x ? Array.from(x) : null,
    };
  } finally {
    engine.dispose();
  }
}

/**
 * Lets the event loop run (abort signals, progress) between B&B slices. setImmediate in Node;
 * browsers have none, and a zero timeout is the portable fallback.
 */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === "function") setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
