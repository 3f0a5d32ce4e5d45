// `lepton bench kernels`: the load-aggregation kernels against plain JS and against the memory
// bandwidth ceiling, all in one process and one run so the ratios are comparable. Measured with
// benchmark.js (warm-up, adaptive sample count; we report the median sample).
import { fleetTotalsAuto, groupScratchBytes, nodeLoadsGrouped } from "../kernels/aggregate.js";
import { getKernels } from "../kernels/kernels.js";
import { WasmArena } from "../kernels/wasm-memory.js";
import type { KernelExports } from "../kernels/wasm-module.js";
import { LeptonError } from "../model/errors.js";
import { ParallelAggregator } from "../runtime/aggregate-pool.js";
import { RESOURCES_NAIVE, naiveFleetSum, naiveNodeScatter, type NaiveTask, toNaiveTasks } from "./kernels-naive.js";
import { mulberry32 } from "./kernels-random.js";

/** One measurement line (`--json` prints exactly these objects, one per line). */
export interface Measurement {
  case: string;
  elements: number;
  variant: string;
  /** Bytes of the f32 tensor processed per second (elements * 4 / time), 1e9 bytes per GB. */
  gbPerSec: number;
  /** Kernel calls per second (for forecasts: series per second). */
  opsPerSec: number;
  /** Relative margin of error of the mean, in percent (benchmark.js). */
  rme: number;
  samples: number;
}

export interface KernelBenchOptions {
  /** Tensor sizes in elements (default 1e4, 1e6, 3e7). */
  sizes?: number[];
  /** Threads of the parallel variant (default 2). */
  threads?: number;
  /** Seconds benchmark.js may spend per measurement at the small sizes (default 0.4). */
  maxTime?: number;
  /** Called after every measurement (for streaming output and progress). */
  onMeasurement?: (m: Measurement) => void;
  seed?: number;
}

/** Resources x slots of one task row: 4 resources x 96 quarter-hour slots, as in a one-day scenario. */
export const BENCH_ROW_LEN = 4 * 96;
/** Tasks per node in the scatter case. */
const TASKS_PER_NODE = 20;

type BenchmarkCtor = typeof import("benchmark");

async function loadBenchmark(): Promise<BenchmarkCtor> {
  try {
    return (await import("benchmark")).default as BenchmarkCtor;
  } catch {
    throw new LeptonError("INTERNAL", "benchmark.js is not installed; it is a dev dependency: run from a checkout with `npm ci`");
  }
}

/** Runs every case and returns the measurements (also streamed through onMeasurement). */
export async function benchKernels(options: KernelBenchOptions = {}): Promise<Measurement[]> {
  const Benchmark = await loadBenchmark();
  const sizes = options.sizes ?? [1e4, 1e6, 3e7];
  const out: Measurement[] = [];
  const k = await getKernels();
  const pool = await ParallelAggregator.create({ threads: options.threads ?? 2 });
  const emit = (m: Measurement) => {
    out.push(m);
    options.onMeasurement?.(m);
  };
  try {
    for (const size of sizes) {
      await benchSize(Benchmark, k, pool, size, options, emit);
    }
  } finally {
    await pool.destroy();
  }
  return out;
}

let sink = 0;

async function benchSize(
  Benchmark: BenchmarkCtor,
  k: KernelExports,
  pool: ParallelAggregator,
  size: number,
  options: KernelBenchOptions,
  emit: (m: Measurement) => void,
): Promise<void> {
  const rowLen = BENCH_ROW_LEN;
  const tasks = Math.max(1, Math.round(size / rowLen));
  const elements = tasks * rowLen;
  const nodes = Math.max(2, Math.ceil(tasks / TASKS_PER_NODE));
  const rand = mulberry32(options.seed ?? 1);
  const demand = new Float32Array(elements);
  for (let i = 0; i < elements; i++) demand[i] = rand();
  const assign = new Int32Array(tasks);
  for (let t = 0; t < tasks; t++) assign[t] = Math.floor(rand() * nodes);

  // Big tensors: fewer, longer samples keep the run short; each sample is still a whole pass.
  const big = elements >= 1e7;
  const maxTime = big ? 1 : (options.maxTime ?? 0.4);
  const minSamples = big ? 4 : 8;

  const measure = (name: string, variant: string, fn: () => void) => {
    const b = new Benchmark(`${name}/${variant}`, fn, { maxTime, minSamples, initCount: 1 });
    b.run();
    if (b.error) throw new LeptonError("INTERNAL", `benchmark ${name}/${variant} failed: ${String(b.error)}`);
    emit(result(name, elements, variant, b));
  };
  const measureAsync = (name: string, variant: string, fn: () => Promise<void>) =>
    new Promise<void>((resolve, reject) => {
      const b = new Benchmark(`${name}/${variant}`, {
        defer: true,
        maxTime,
        minSamples,
        fn: (d: { resolve(): void }) => {
          fn().then(
            () => d.resolve(),
            (e) => reject(e),
          );
        },
        onComplete() {
          if (b.error) reject(new LeptonError("INTERNAL", `benchmark ${name}/${variant} failed: ${String(b.error)}`));
          else {
            emit(result(name, elements, variant, b));
            resolve();
          }
        },
      });
      b.run({ async: true });
    });

  // Single-threaded WASM buffers.
  const arena = new WasmArena(k);
  // Shared-memory buffers of the parallel variant.
  const mt = { demand: 0, assign: 0, out: 0, loads: 0 };
  try {
    const d = arena.f32(elements);
    d.write(demand);
    const a = arena.i32(tasks);
    a.write(assign);
    const totals = arena.f32(rowLen);
    const loads = arena.f32(nodes * rowLen);
    const scratch = arena.u8(groupScratchBytes(tasks, nodes));

    mt.demand = pool.alloc(elements * 4);
    mt.assign = pool.alloc(tasks * 4);
    mt.out = pool.alloc(rowLen * 4);
    mt.loads = pool.alloc(nodes * rowLen * 4);
    new Float32Array(pool.memory.buffer, mt.demand, elements).set(demand);
    new Int32Array(pool.memory.buffer, mt.assign, tasks).set(assign);

    const jsTotals = new Float32Array(rowLen);
    const jsLoads = new Float32Array(nodes * rowLen);

    // --- fleet-sum: T(t) = sum_i T_i(t) -----------------------------------------------------
    const fleet = "fleet-sum";
    measure(fleet, "read-probe", () => {
      sink += k.readProbe(d.ptr, elements);
    });
    measure(fleet, "wasm-simd", () => fleetTotalsAuto(k, d.ptr, tasks, rowLen, totals.ptr));
    measure(fleet, "wasm-simd-stream", () => k.fleetTotalsStream(d.ptr, tasks, rowLen, 0, rowLen, totals.ptr));
    measure(fleet, "wasm-simd-rows4", () => k.fleetTotalsRows4(d.ptr, tasks, rowLen, 0, rowLen, totals.ptr));
    measure(fleet, "wasm-simd-tile", () => k.fleetTotalsTile(d.ptr, tasks, rowLen, 0, rowLen, totals.ptr));
    measure(fleet, "wasm-scalar", () => k.fleetTotalsScalarRange(d.ptr, tasks, rowLen, 0, rowLen, totals.ptr));
    await measureAsync(fleet, `read-probe-mt${pool.threads}`, async () => {
      sink += await pool.readProbe(mt.demand, elements);
    });
    await measureAsync(fleet, `wasm-mt${pool.threads}`, () => pool.fleetTotals(mt.demand, tasks, rowLen, mt.out));
    measure(fleet, "js-typed", () => jsFleetSum(demand, tasks, rowLen, jsTotals));

    // --- node-scatter: per-node loads under an assignment -------------------------------------
    const scatter = "node-scatter";
    measure(scatter, "read-probe", () => {
      sink += k.readProbe(d.ptr, elements);
    });
    measure(scatter, "wasm-simd", () => k.nodeLoadsRange(d.ptr, tasks, rowLen, a.ptr, nodes, 0, rowLen, loads.ptr));
    measure(scatter, "wasm-simd-grouped", () => nodeLoadsGrouped(k, d.ptr, tasks, rowLen, a.ptr, nodes, loads.ptr, scratch.ptr));
    measure(scatter, "wasm-scalar", () => k.nodeLoadsScalar(d.ptr, tasks, rowLen, a.ptr, nodes, loads.ptr));
    await measureAsync(scatter, `wasm-mt${pool.threads}-partial`, () =>
      pool.nodeLoads(mt.demand, tasks, rowLen, mt.assign, nodes, mt.loads, "partial"),
    );
    await measureAsync(scatter, `wasm-mt${pool.threads}-grouped`, () =>
      pool.nodeLoads(mt.demand, tasks, rowLen, mt.assign, nodes, mt.loads, "grouped"),
    );
    measure(scatter, "js-typed", () => jsNodeScatter(demand, tasks, rowLen, assign, nodes, jsLoads));

    // js-naive last: its objects are the largest allocation of the run and are dropped right after.
    let naive: NaiveTask[] | undefined = toNaiveTasks(demand, tasks, rowLen / RESOURCES_NAIVE.length, assign);
    const slots = rowLen / RESOURCES_NAIVE.length;
    measure(fleet, "js-naive", () => {
      sink += naiveFleetSum(naive as NaiveTask[], slots).cpu[0];
    });
    measure(scatter, "js-naive", () => {
      sink += naiveNodeScatter(naive as NaiveTask[], nodes, slots)[0].cpu[0];
    });
    naive = undefined;
  } finally {
    arena.dispose();
    for (const p of [mt.demand, mt.assign, mt.out, mt.loads]) if (p) pool.free(p);
  }
}

function result(name: string, elements: number, variant: string, b: import("benchmark")): Measurement {
  // The median sample, not the mean: other processes share the cores, and the median shrugs off
  // the samples they disturb.
  const sorted = [...b.stats.sample].sort((x, y) => x - y);
  const mean = sorted.length ? sorted[(sorted.length - 1) >> 1] : b.stats.mean;
  return {
    case: name,
    elements,
    variant,
    gbPerSec: (elements * 4) / mean / 1e9,
    opsPerSec: 1 / mean,
    rme: b.stats.rme,
    samples: b.stats.sample.length,
  };
}

/** A good plain-JS typed-array fleet sum: hoisted bounds, one pass, Float32Array in and out. */
export function jsFleetSum(d: Float32Array, tasks: number, rowLen: number, out: Float32Array): void {
  out.fill(0);
  for (let t = 0; t < tasks; t++) {
    const base = t * rowLen;
    for (let i = 0; i < rowLen; i++) out[i] += d[base + i];
  }
}

/** A good plain-JS typed-array scatter-add (same semantics as the nodeLoads kernel). */
export function jsNodeScatter(
  d: Float32Array,
  tasks: number,
  rowLen: number,
  assign: Int32Array,
  nodes: number,
  out: Float32Array,
): void {
  out.fill(0);
  for (let t = 0; t < tasks; t++) {
    const n = assign[t];
    if (n < 0 || n >= nodes) continue;
    const src = t * rowLen;
    const dst = n * rowLen;
    for (let i = 0; i < rowLen; i++) out[dst + i] += d[src + i];
  }
}

/** Side effect the optimiser cannot remove; read by the CLI so the probe sums are live. */
export function benchSink(): number {
  return sink;
}
