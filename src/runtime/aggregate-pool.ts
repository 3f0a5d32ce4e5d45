import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { chooseFleetVariant, fleetKernelName } from "../kernels/aggregate.js";
import { createSharedMemory, instantiateMtKernels, type MtKernelExports } from "../kernels/kernels-mt.js";
import { LeptonError } from "../model/errors.js";
import type { AggregateTask } from "./aggregate-worker.js";

/** Options of `ParallelAggregator.create`. */
export interface ParallelAggregatorOptions {
  /** Threads sharing each call, the calling thread included (default: available cores, at most 8). */
  threads?: number;
}

/**
 * How `nodeLoads` splits the work: "partial" gives each thread a range of tasks and its own partial
 * node-load buffer, summed afterwards (sequential reads: the form for tensors out of cache);
 * "grouped" groups tasks by node once and gives each thread a range of nodes (no reduction, rows
 * gathered in node order: the form for tensors in cache).
 */
export type ParallelScatterMode = "partial" | "grouped";

function workerUrl(): URL {
  // Node cannot run the .ts worker: under vitest (src/) use the built worker in dist/.
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL("../../dist/runtime/aggregate-worker.js", here) : new URL("./aggregate-worker.js", here);
}

/** Splits [0, n) into at most `parts` contiguous ranges of near-equal size. */
function split(n: number, parts: number): [number, number][] {
  const p = Math.max(1, Math.min(parts, n));
  const out: [number, number][] = [];
  for (let i = 0; i < p; i++) {
    const a = Math.floor((n * i) / p);
    const b = Math.floor((n * (i + 1)) / p);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/**
 * Parallel load aggregation over one shared `WebAssembly.Memory`. The caller allocates the demand
 * tensor, assignment and outputs in it (`alloc`/`free`; fill them through `memory.buffer`), and
 * each call hands every thread a range of the same bytes: inputs are never copied. Threads write
 * only their own output range or their own partial buffer. Call `destroy()` when done.
 *
 * Pays only for large tensors: each call is a round trip to the workers (tens to hundreds of
 * microseconds); see docs/kernels.md for where it wins on the measured machine.
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
      // The calling thread takes one share of every call, so the pool needs one thread fewer.
      minThreads: Math.max(1, threads - 1),
      maxThreads: Math.max(1, threads - 1),
      idleTimeout: 60_000,
      workerData: { memory },
    });
    return new ParallelAggregator(memory, k, pool, threads);
  }

  /** Allocates `bytes` of zeroed shared memory; release it with `free`. */
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

  /** Sum of `len` f32 values read by all threads at once: the parallel memory-bandwidth ceiling. */
  async readProbe(ptr: number, len: number): Promise<number> {
    this.check();
    // 16-float (64-byte) blocks keep every share on whole cache lines.
    const parts = await this.runShared(
      split(Math.ceil(len / 16), this.threads).map(
        ([a, b]): AggregateTask => ({ kernel: "readProbe", args: [ptr + a * 64, Math.min(len, b * 16) - a * 16] }),
      ),
    );
    return parts.reduce((s, x) => s + x, 0);
  }

  /**
   * out[k] = sum_t D[t*rowLen + k]. Each thread sums a range of tasks into its own partial row with
   * the variant that suits its share's size; the partial rows are then added here.
   */
  async fleetTotals(demand: number, tasks: number, rowLen: number, out: number): Promise<void> {
    this.check();
    const ranges = split(tasks, this.threads);
    const rowBytes = rowLen * 4;
    const partial = this.alloc(Math.max(1, ranges.length) * rowBytes);
    try {
      await this.runShared(
        ranges.map(([a, b], i): AggregateTask => {
          const kernel = fleetKernelName(chooseFleetVariant((b - a) * rowBytes));
          return { kernel, args: [demand + a * rowBytes, b - a, rowLen, 0, rowLen, partial + i * rowBytes] };
        }),
      );
      this.k.fleetTotalsStream(partial, ranges.length, rowLen, 0, rowLen, out);
    } finally {
      this.free(partial);
    }
  }

  /** Per-node loads under an assignment (i32 node per task; outside [0, nodes) = unplaced). */
  async nodeLoads(
    demand: number,
    tasks: number,
    rowLen: number,
    assign: number,
    nodes: number,
    out: number,
    mode: ParallelScatterMode = "partial",
  ): Promise<void> {
    this.check();
    const rowBytes = rowLen * 4;
    if (mode === "grouped") {
      const scratch = this.alloc((tasks + nodes + 1) * 4);
      try {
        this.k.groupByNode(assign, tasks, nodes, scratch);
        // Balance node ranges by the number of task rows each covers.
        const offsets = new Int32Array(this.memory.buffer, scratch, nodes + 1);
        const cuts = [0];
        const total = offsets[nodes];
        for (let i = 1; i < this.threads; i++) {
          const target = (total * i) / this.threads;
          let n = cuts[cuts.length - 1];
          while (n < nodes && offsets[n] < target) n++;
          cuts.push(n);
        }
        cuts.push(nodes);
        const jobs: AggregateTask[] = [];
        for (let i = 0; i + 1 < cuts.length; i++) {
          if (cuts[i + 1] > cuts[i]) {
            jobs.push({ kernel: "nodeLoadsGrouped", args: [demand, rowLen, nodes, scratch, cuts[i], cuts[i + 1], out] });
          }
        }
        await this.runShared(jobs);
      } finally {
        this.free(scratch);
      }
      return;
    }
    const ranges = split(tasks, this.threads);
    if (ranges.length <= 1) {
      this.k.nodeLoadsRange(demand, tasks, rowLen, assign, nodes, 0, rowLen, out);
      return;
    }
    const loadBytes = nodes * rowBytes;
    const partial = this.alloc(ranges.length * loadBytes);
    try {
      await this.runShared(
        ranges.map(
          ([a, b], i): AggregateTask => ({
            kernel: "nodeLoadsRange",
            args: [demand + a * rowBytes, b - a, rowLen, assign + a * 4, nodes, 0, rowLen, partial + i * loadBytes],
          }),
        ),
      );
      // Reduction of the partial buffers, split by columns of the (nodes*rowLen)-long rows.
      const width = nodes * rowLen;
      await this.runShared(
        split(Math.ceil(width / 16), this.threads).map(
          ([a, b]): AggregateTask => ({
            kernel: "fleetTotalsStream",
            args: [partial, ranges.length, width, a * 16, Math.min(width, b * 16), out],
          }),
        ),
      );
    } finally {
      this.free(partial);
    }
  }

  /**
   * Runs the first job on the calling thread and the others in the pool, all at once: the calling
   * thread works while the workers do, and one pool round trip fewer is paid.
   */
  private async runShared(jobs: AggregateTask[]): Promise<number[]> {
    const remote = jobs.slice(1).map((j) => this.pool.run(j));
    let local = 0;
    if (jobs.length > 0) {
      const f = this.k[jobs[0].kernel] as (...a: number[]) => number | undefined;
      local = f(...jobs[0].args) ?? 0;
    }
    return [local, ...(await Promise.all(remote))];
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.pool.destroy();
  }

  private check(): void {
    if (this.destroyed) throw new LeptonError("DISPOSED", "this ParallelAggregator was destroyed; create a new one");
  }
}
