import { Piscina } from "piscina";
import { availableParallelism } from "node:os";
import { instantiateMtKernels, createSharedMemory, type MtKernelExports } from "../kernels/kernels-mt.js";
import { LeptonError } from "../model/errors.js";
import type { AggregateTask } from "./aggregate-worker.js";

/** Options of `ParallelAggregator.create`. */
export interface ParallelAggregatorOptions {
  /** Worker threads (default: available cores, at most 8). Each takes one column range per call. */
  threads?: number;
}

/** Fleet-sum kernels the parallel aggregator can run per column range. */
export type ParallelFleetVariant = "stream" | "rows4" | "tile";

// Column ranges are cut on 16-float (64-byte) boundaries so two threads never write one cache line.
const COLUMN_ALIGN = 16;

function workerUrl(): URL {
  // Node cannot run the .ts worker: under vitest (src/) use the built worker in dist/.
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL("../../dist/runtime/aggregate-worker.js", here) : new URL("./aggregate-worker.js", here);
}

/**
 * Parallel load aggregation over one shared `WebAssembly.Memory`: the caller allocates the demand
 * tensor, assignment and output in it (`alloc`/`free`, or `view` to fill them), and each call splits
 * the columns (resource x slot) into one range per thread. Threads read the same tensor in place and
 * write disjoint parts of the output: no copy, no lock. Call `destroy()` when done.
 *
 * Pays only for large tensors: each call costs a round trip to the workers (tens of microseconds).
 */
export class ParallelAggregator {
  private destroyed = false;

  private constructor(
    readonly memory: WebAssembly.Memory,
    private readonly k: MtKernelExports,
    private readonly pool: Piscina<AggregateTask, number>,
    readonly threads: number,
  ) {}

  static async create(options: ParallelAggregatorOptions = {}): Promise<ParallelAggregator> {
    const threads = options.threads ?? Math.min(8, availableParallelism());
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new LeptonError("INVALID_INPUT", `threads must be an integer in [1, 64] (got ${threads})`);
    }
    const memory = createSharedMemory();
    const k = await instantiateMtKernels(memory);
    const pool = new Piscina<AggregateTask, number>({
      filename: workerUrl().href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      workerData: { memory },
    });
    return new ParallelAggregator(memory, k, pool, threads);
  }

  /** Allocates `bytes` of zeroed shared memory; free it with `free`. */
  alloc(bytes: number): number {
    this.check();
    const p = this.k.alloc(bytes);
    if (bytes > 0 && p === 0) throw new LeptonError("INTERNAL", `shared memory allocation of ${bytes} bytes failed`);
    return p;
  }

  free(ptr: number): void {
    this.check();
    this.k.free(ptr);
  }

  /** out[k] = sum_t D[t*rowLen + k], columns split across the threads. */
  async fleetTotals(
    demand: number,
    tasks: number,
    rowLen: number,
    out: number,
    variant: ParallelFleetVariant = "rows4",
  ): Promise<void> {
    this.check();
    const kernel = variant === "tile" ? "fleetTotalsTile" : variant === "stream" ? "fleetTotalsStream" : "fleetTotalsRows4";
    await Promise.all(
      this.ranges(rowLen).map(([c0, c1]) => this.pool.run({ kernel, args: [demand, tasks, rowLen, c0, c1, out] })),
    );
  }

  /**
   * Per-node loads under an assignment (i32 node per task, out of range = unplaced), columns split
   * across the threads. With `scratch` (groupScratchBytes(tasks, nodes) bytes) the tasks are grouped
   * by node once here and each thread builds whole node rows; without it each thread scatters.
   */
  async nodeLoads(
    demand: number,
    tasks: number,
    rowLen: number,
    assign: number,
    nodes: number,
    out: number,
    scratch = 0,
  ): Promise<void> {
    this.check();
    const ranges = this.ranges(rowLen);
    if (scratch !== 0) {
      this.k.groupByNode(assign, tasks, nodes, scratch);
      await Promise.all(
        ranges.map(([c0, c1]) =>
          this.pool.run({ kernel: "nodeLoadsGrouped", args: [demand, rowLen, nodes, scratch, c0, c1, out] }),
        ),
      );
    } else {
      await Promise.all(
        ranges.map(([c0, c1]) =>
          this.pool.run({ kernel: "nodeLoadsRange", args: [demand, tasks, rowLen, assign, nodes, c0, c1, out] }),
        ),
      );
    }
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.pool.destroy();
  }

  private ranges(rowLen: number): [number, number][] {
    const blocks = Math.ceil(rowLen / COLUMN_ALIGN);
    const parts = Math.max(1, Math.min(this.threads, blocks));
    const out: [number, number][] = [];
    for (let i = 0; i < parts; i++) {
      const c0 = Math.min(rowLen, Math.floor((blocks * i) / parts) * COLUMN_ALIGN);
      const c1 = Math.min(rowLen, Math.floor((blocks * (i + 1)) / parts) * COLUMN_ALIGN);
      if (c1 > c0) out.push([c0, c1]);
    }
    return out;
  }

  private check(): void {
    if (this.destroyed) throw new LeptonError("DISPOSED", "this ParallelAggregator was destroyed; create a new one");
  }
}
