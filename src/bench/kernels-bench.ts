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
import { mulberry32 } from "../util/random.js";

/** One measurement line (`--json` prints exactly these objects, one per line). */
export interface Measurement {
  case: string;
  elements: number;
  variant: string;
  /** Bytes of the f32 tensor processed per second (elements * 4 / time), 1e9 bytes per GB. */
  gbPerSec: number;
  /** Kernel calls per second (for forecasts: series per second). */
  opsPerSec: number;
  /** 95% margin of error of the mean over the pooled samples, in percent. */
  rme: number;
  samples: number;
  /** GB/s of each round-robin pass (median sample of the pass): ratios are taken pass by pass. */
  rounds?: number[];
}

/**
 * Throughput ratio a / b: the median of the per-pass ratios when both have passes (variants of one
 * case measured back to back in the same pass see the same machine load), else of the medians.
 */
export function throughputRatio(a: Measurement, b: Measurement): number {
  if (a.rounds && b.rounds && a.rounds.length === b.rounds.length && a.rounds.length > 0) {
    return median(a.rounds.map((x, i) => x / (b.rounds as number[])[i]));
  }
  return a.gbPerSec / b.gbPerSec;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const n = s.length;
  return n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export interface KernelBenchOptions {
  /** Tensor sizes in elements (default 1e4, 1e6, 3e7). */
  sizes?: number[];
  /** Threads of the parallel variant (default 2). */
  threads?: number;
  /** Seconds benchmark.js may spend per measurement at the small sizes (default 0.25). */
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
  const maxTime = (big ? 0.6 : (options.maxTime ?? 0.25)) / ROUNDS;
  const minSamples = big ? 2 : 3;
  // 20 ms per sample is thousands of timer ticks; benchmark.js's default (50 ms) would make every
  // pass of every variant cost a quarter of a second even at 1e4 elements.
  const minTime = 0.02;

  /** benchmark.js samples (seconds per call) of one variant for one round. */
  const sampleSync = (label: string, fn: () => void): number[] => {
    const b = new Benchmark(label, fn, { maxTime, minSamples, minTime, initCount: 1 });
    b.run();
    if (b.error) throw new LeptonError("INTERNAL", `benchmark ${label} failed: ${String(b.error)}`);
    return b.stats.sample;
  };
  const sampleAsync = (label: string, fn: () => Promise<void>) =>
    new Promise<number[]>((resolve, reject) => {
      const b = new Benchmark(label, {
        defer: true,
        maxTime,
        minSamples,
        minTime,
        fn: (d: { resolve(): void }) => {
          fn().then(
            () => d.resolve(),
            (e) => reject(e),
          );
        },
        onComplete() {
          if (b.error) reject(new LeptonError("INTERNAL", `benchmark ${label} failed: ${String(b.error)}`));
          else resolve(b.stats.sample);
        },
      });
      b.run({ async: true });
    });
  /**
   * Measures every variant of a case in ROUNDS round-robin passes and pools each variant's samples:
   * a slow spell of the shared machine then hits all variants alike, so their ratios hold.
   */
  const suite = async (name: string, variants: Variant[]) => {
    const pooled = variants.map(() => [] as number[]);
    const rounds = variants.map(() => [] as number[]);
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < variants.length; i++) {
        const v = variants[i];
        const label = `${name}/${v.name}`;
        const samples = v.async ? await sampleAsync(label, v.async) : sampleSync(label, v.sync as () => void);
        pooled[i].push(...samples);
        rounds[i].push((elements * 4) / median(samples) / 1e9);
      }
    }
    variants.forEach((v, i) => {
      emit({ ...result(name, elements, v.name, pooled[i]), rounds: rounds[i] });
    });
  };

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

    // js-naive: the object form a user would have; the largest allocation of the run, dropped after.
    const slots = rowLen / RESOURCES_NAIVE.length;
    let naive: NaiveTask[] | undefined = toNaiveTasks(demand, tasks, slots, assign);
    const t = pool.threads;

    // --- fleet-sum: T(t) = sum_i T_i(t) -----------------------------------------------------
    await suite("fleet-sum", [
      sync("read-probe", () => {
        sink += k.readProbe(d.ptr, elements);
      }),
      sync("wasm-simd", () => fleetTotalsAuto(k, d.ptr, tasks, rowLen, totals.ptr)),
      sync("wasm-simd-stream", () => k.fleetTotalsStream(d.ptr, tasks, rowLen, 0, rowLen, totals.ptr)),
      sync("wasm-simd-rows4", () => k.fleetTotalsRows4(d.ptr, tasks, rowLen, 0, rowLen, totals.ptr)),
      sync("wasm-simd-tile", () => k.fleetTotalsTile(d.ptr, tasks, rowLen, 0, rowLen, totals.ptr)),
      sync("wasm-scalar", () => k.fleetTotalsScalarRange(d.ptr, tasks, rowLen, 0, rowLen, totals.ptr)),
      async(`read-probe-mt${t}`, async () => {
        sink += await pool.readProbe(mt.demand, elements);
      }),
      async(`wasm-mt${t}`, () => pool.fleetTotals(mt.demand, tasks, rowLen, mt.out)),
      sync("js-typed", () => jsFleetSum(demand, tasks, rowLen, jsTotals)),
      sync("js-naive", () => {
        sink += naiveFleetSum(naive as NaiveTask[], slots).cpu[0];
      }),
    ]);

    // --- node-scatter: per-node loads under an assignment -------------------------------------
    await suite("node-scatter", [
      sync("read-probe", () => {
        sink += k.readProbe(d.ptr, elements);
      }),
      sync("wasm-simd", () => k.nodeLoadsRange(d.ptr, tasks, rowLen, a.ptr, nodes, 0, rowLen, loads.ptr)),
      sync("wasm-simd-grouped", () => nodeLoadsGrouped(k, d.ptr, tasks, rowLen, a.ptr, nodes, loads.ptr, scratch.ptr)),
      sync("wasm-scalar", () => k.nodeLoadsScalar(d.ptr, tasks, rowLen, a.ptr, nodes, loads.ptr)),
      async(`wasm-mt${t}-partial`, () => pool.nodeLoads(mt.demand, tasks, rowLen, mt.assign, nodes, mt.loads, "partial")),
      async(`wasm-mt${t}-grouped`, () => pool.nodeLoads(mt.demand, tasks, rowLen, mt.assign, nodes, mt.loads, "grouped")),
      sync("js-typed", () => jsNodeScatter(demand, tasks, rowLen, assign, nodes, jsLoads)),
      sync("js-naive", () => {
        sink += naiveNodeScatter(naive as NaiveTask[], nodes, slots)[0].cpu[0];
      }),
    ]);
    naive = undefined;
  } finally {
    arena.dispose();
    for (const p of [mt.demand, mt.assign, mt.out, mt.loads]) if (p) pool.free(p);
  }
}

function result(name: string, elements: number, variant: string, samples: number[]): Measurement {
  // The median sample, not the mean: other processes share the cores, and the median shrugs off
  // the samples they disturb.
  const sorted = [...samples].sort((x, y) => x - y);
  const median = sorted[(sorted.length - 1) >> 1];
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, samples.length - 1));
  return {
    case: name,
    elements,
    variant,
    gbPerSec: (elements * 4) / median / 1e9,
    opsPerSec: 1 / median,
    // 95% margin of error of the mean, in percent (as benchmark.js reports it).
    rme: (100 * 1.96 * sd) / Math.sqrt(samples.length) / mean,
    samples: samples.length,
  };
}

interface Variant {
  name: string;
  sync?: () => void;
  async?: () => Promise<void>;
}

const sync = (name: string, fn: () => void): Variant => ({ name, sync: fn });
const async = (name: string, fn: () => Promise<void>): Variant => ({ name, async: fn });

/** Round-robin passes over the variants of a case. */
const ROUNDS = 4;

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
