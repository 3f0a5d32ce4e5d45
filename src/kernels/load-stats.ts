import { LeptonError } from "../model/errors.js";
import { getKernels } from "./kernels.js";
import { WasmArena } from "./wasm-memory.js";

/** Windows up to this many slots use the direct SIMD rolling max; longer ones the O(n) van Herk form. */
export const ROLLING_SIMD_MAX_WINDOW = 32;

function checkMatrix(values: ArrayLike<number>, rows: number, len: number, what: string): void {
  if (!Number.isInteger(rows) || rows < 0)
    throw new LeptonError("INVALID_INPUT", `${what}: rows must be a non-negative integer (got ${rows})`);
  if (!Number.isInteger(len) || len < 0)
    throw new LeptonError("INVALID_INPUT", `${what}: len must be a non-negative integer (got ${len})`);
  if (values.length !== rows * len) {
    throw new LeptonError("INVALID_INPUT", `${what}: values has ${values.length} entries; rows x len = ${rows * len}`);
  }
}

/**
 * Trailing rolling peak of every row: out[i*len + s] = max(values[i*len + max(0, s-window+1) .. s]),
 * e.g. each node's peak CPU over the last hour. Returns a copy.
 */
export async function rollingPeak(values: ArrayLike<number>, rows: number, len: number, window: number): Promise<Float32Array> {
  checkMatrix(values, rows, len, "rollingPeak");
  if (!Number.isInteger(window) || window < 1) {
    throw new LeptonError("INVALID_INPUT", `rollingPeak: window must be a positive integer number of slots (got ${window})`);
  }
  const k = await getKernels();
  const arena = new WasmArena(k);
  try {
    const v = arena.f32(values.length);
    v.write(values);
    const out = arena.f32(values.length);
    if (window <= ROLLING_SIMD_MAX_WINDOW) k.rollingMaxSimd(v.ptr, rows, len, window, out.ptr);
    else k.rollingMaxVhgw(v.ptr, rows, len, window, out.ptr, arena.f32(Math.max(1, len)).ptr);
    return out.read();
  } finally {
    arena.dispose();
  }
}

/** Options of `rowPercentiles`: the window of each row to look at (default the whole row). */
export interface PercentileWindow {
  from?: number;
  count?: number;
}

/**
 * The q-quantile (0..1; 0.95 for p95) of every row over a window of slots, by selection (no full
 * sort), interpolated linearly between order statistics like numpy's default. Returns a copy.
 */
export async function rowPercentiles(
  values: ArrayLike<number>,
  rows: number,
  len: number,
  q: number,
  window: PercentileWindow = {},
): Promise<Float32Array> {
  checkMatrix(values, rows, len, "rowPercentiles");
  if (typeof q !== "number" || !(q >= 0 && q <= 1)) {
    throw new LeptonError("INVALID_INPUT", `rowPercentiles: q must be in [0, 1], e.g. 0.95 for p95 (got ${q})`);
  }
  const from = window.from ?? 0;
  const count = window.count ?? len - from;
  if (!Number.isInteger(from) || !Number.isInteger(count) || from < 0 || count < 1 || from + count > len) {
    throw new LeptonError(
      "INVALID_INPUT",
      `rowPercentiles: window [from ${from}, count ${count}] must lie inside a row of ${len} slots`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new LeptonError("INVALID_INPUT", `rowPercentiles: values[${i}] must be finite (got ${values[i]})`);
  }
  const k = await getKernels();
  const arena = new WasmArena(k);
  try {
    const v = arena.f32(values.length);
    v.write(values);
    const out = arena.f32(rows);
    const scratch = arena.f32(count);
    k.rowPercentile(v.ptr, rows, len, from, count, q, out.ptr, scratch.ptr);
    return out.read();
  } finally {
    arena.dispose();
  }
}

/**
 * Weighted fleet total C_total(t) = sum_i w_i * T_i(t) over a task-major tensor (tasks rows of
 * rowLen values), e.g. the capacity to provision with w_i the headroom factor of task i. Returns a copy.
 */
export async function weightedFleetTotals(
  demand: ArrayLike<number>,
  tasks: number,
  rowLen: number,
  weights: ArrayLike<number>,
): Promise<Float32Array> {
  checkMatrix(demand, tasks, rowLen, "weightedFleetTotals");
  if (weights.length !== tasks) {
    throw new LeptonError(
      "INVALID_INPUT",
      `weightedFleetTotals: weights has ${weights.length} entries; one per task (${tasks}) is needed`,
    );
  }
  const k = await getKernels();
  const arena = new WasmArena(k);
  try {
    const d = arena.f32(demand.length);
    d.write(demand);
    const w = arena.f32(tasks);
    w.write(weights);
    const out = arena.f32(rowLen);
    k.weightedTotals(d.ptr, tasks, rowLen, w.ptr, out.ptr);
    return out.read();
  } finally {
    arena.dispose();
  }
}

/** Headroom of every node-resource-slot and its minimum over the horizon, copied out. */
export interface Headroom {
  /** headroom[(n*R + r)*S + s] = capacity[n*R + r] - load[(n*R + r)*S + s]. */
  headroom: Float32Array;
  /** minHeadroom[n*R + r]: the tightest slot (negative = overloaded by that much). */
  minHeadroom: Float32Array;
}

/** Headroom against capacity for node loads laid out as nodeLoad[(n*R + r)*S + s]. */
export async function headroom(
  loads: ArrayLike<number>,
  nodes: number,
  resources: number,
  slots: number,
  capacity: ArrayLike<number>,
): Promise<Headroom> {
  checkMatrix(loads, nodes * resources, slots, "headroom");
  if (capacity.length !== nodes * resources) {
    throw new LeptonError(
      "INVALID_INPUT",
      `headroom: capacity has ${capacity.length} entries; nodes x resources = ${nodes * resources}`,
    );
  }
  const k = await getKernels();
  const arena = new WasmArena(k);
  try {
    const l = arena.f32(loads.length);
    l.write(loads);
    const c = arena.f32(capacity.length);
    c.write(capacity);
    const out = arena.f32(loads.length);
    const min = arena.f32(capacity.length);
    k.headroom(l.ptr, nodes, resources, slots, c.ptr, out.ptr, min.ptr);
    return { headroom: out.read(), minHeadroom: min.read() };
  } finally {
    arena.dispose();
  }
}
