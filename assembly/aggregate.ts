// Aggregation variants over the demand tensor D[task][k] (f32, task-major, rowLen values per task)
// restricted to a column range [c0, c1). The range form is what the threaded build partitions on:
// workers own disjoint column ranges, so they never write the same output bytes and never copy.
//
// Three ways to walk the same sums, because which one wins depends on where the data sits:
// - stream: one row after another, out[] stays in L1; one sequential pass, the best out of cache.
// - rows4: four rows per step, so out[] is loaded and stored once per four rows; fewer L1 ops.
// - tile: a tile of 32 columns is summed over every row in eight v128 registers and stored once;
//   no out[] traffic at all, but each pass strides through the rows, which only pays in cache.
// The scalar forms are the reference that the SIMD forms must match.

/** out[k] = sum_t D[t*rowLen + k] for k in [c0, c1), one row at a time (streaming). */
export function fleetTotalsStream(demand: usize, tasks: i32, rowLen: i32, c0: i32, c1: i32, out: usize): void {
  if (c1 <= c0) return;
  memory.fill(out + (<usize>c0 << 2), 0, <usize>(c1 - c0) << 2);
  for (let t = 0; t < tasks; t++) {
    const row = demand + ((<usize>t * <usize>rowLen) << 2);
    addRange(out, row, c0, c1);
  }
}

/** Same sums as fleetTotalsStream, four rows per step. */
export function fleetTotalsRows4(demand: usize, tasks: i32, rowLen: i32, c0: i32, c1: i32, out: usize): void {
  if (c1 <= c0) return;
  memory.fill(out + (<usize>c0 << 2), 0, <usize>(c1 - c0) << 2);
  const stride = <usize>rowLen << 2;
  let t = 0;
  for (; t + 4 <= tasks; t += 4) {
    const r0 = demand + <usize>t * stride;
    add4Range(out, r0, r0 + stride, r0 + 2 * stride, r0 + 3 * stride, c0, c1);
  }
  for (; t < tasks; t++) addRange(out, demand + <usize>t * stride, c0, c1);
}

/** Same sums as fleetTotalsStream, 32-column tiles accumulated in registers over all rows. */
export function fleetTotalsTile(demand: usize, tasks: i32, rowLen: i32, c0: i32, c1: i32, out: usize): void {
  if (c1 <= c0) return;
  const stride = <usize>rowLen << 2;
  let c = c0;
  for (; c + 32 <= c1; c += 32) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    let a4 = f32x4.splat(0);
    let a5 = f32x4.splat(0);
    let a6 = f32x4.splat(0);
    let a7 = f32x4.splat(0);
    let p = demand + (<usize>c << 2);
    for (let t = 0; t < tasks; t++) {
      a0 = f32x4.add(a0, v128.load(p));
      a1 = f32x4.add(a1, v128.load(p, 16));
      a2 = f32x4.add(a2, v128.load(p, 32));
      a3 = f32x4.add(a3, v128.load(p, 48));
      a4 = f32x4.add(a4, v128.load(p, 64));
      a5 = f32x4.add(a5, v128.load(p, 80));
      a6 = f32x4.add(a6, v128.load(p, 96));
      a7 = f32x4.add(a7, v128.load(p, 112));
      p += stride;
    }
    const o = out + (<usize>c << 2);
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
    v128.store(o, a4, 64);
    v128.store(o, a5, 80);
    v128.store(o, a6, 96);
    v128.store(o, a7, 112);
  }
  for (; c + 4 <= c1; c += 4) {
    let a = f32x4.splat(0);
    let p = demand + (<usize>c << 2);
    for (let t = 0; t < tasks; t++) {
      a = f32x4.add(a, v128.load(p));
      p += stride;
    }
    v128.store(out + (<usize>c << 2), a);
  }
  for (; c < c1; c++) {
    let s: f32 = 0;
    let p = demand + (<usize>c << 2);
    for (let t = 0; t < tasks; t++) {
      s += load<f32>(p);
      p += stride;
    }
    store<f32>(out + (<usize>c << 2), s);
  }
}

/** Scalar reference of the fleet totals over [c0, c1). */
export function fleetTotalsScalarRange(demand: usize, tasks: i32, rowLen: i32, c0: i32, c1: i32, out: usize): void {
  if (c1 <= c0) return;
  memory.fill(out + (<usize>c0 << 2), 0, <usize>(c1 - c0) << 2);
  for (let t = 0; t < tasks; t++) {
    const row = demand + ((<usize>t * <usize>rowLen) << 2);
    for (let k = c0; k < c1; k++) {
      const o = out + (<usize>k << 2);
      store<f32>(o, load<f32>(o) + load<f32>(row + (<usize>k << 2)));
    }
  }
}

/**
 * Weighted fleet totals: out[k] = sum_t w[t] * D[t*rowLen + k], e.g. the capacity the fleet must
 * provision, C_total(t) = sum_i C_i * T_i(t), with C_i the per-unit capacity factor of task i.
 */
export function weightedTotals(demand: usize, tasks: i32, rowLen: i32, weights: usize, out: usize): void {
  memory.fill(out, 0, <usize>rowLen << 2);
  const stride = <usize>rowLen << 2;
  const vecEnd = rowLen & ~3;
  let t = 0;
  for (; t + 4 <= tasks; t += 4) {
    const w0 = load<f32>(weights + (<usize>t << 2));
    const w1 = load<f32>(weights + (<usize>t << 2), 4);
    const w2 = load<f32>(weights + (<usize>t << 2), 8);
    const w3 = load<f32>(weights + (<usize>t << 2), 12);
    const v0 = f32x4.splat(w0);
    const v1 = f32x4.splat(w1);
    const v2 = f32x4.splat(w2);
    const v3 = f32x4.splat(w3);
    const r0 = demand + <usize>t * stride;
    const r1 = r0 + stride;
    const r2 = r1 + stride;
    const r3 = r2 + stride;
    let k = 0;
    for (; k < vecEnd; k += 4) {
      const off = <usize>k << 2;
      const s01 = f32x4.add(f32x4.mul(v128.load(r0 + off), v0), f32x4.mul(v128.load(r1 + off), v1));
      const s23 = f32x4.add(f32x4.mul(v128.load(r2 + off), v2), f32x4.mul(v128.load(r3 + off), v3));
      v128.store(out + off, f32x4.add(v128.load(out + off), f32x4.add(s01, s23)));
    }
    for (; k < rowLen; k++) {
      const off = <usize>k << 2;
      const s01 = load<f32>(r0 + off) * w0 + load<f32>(r1 + off) * w1;
      const s23 = load<f32>(r2 + off) * w2 + load<f32>(r3 + off) * w3;
      store<f32>(out + off, load<f32>(out + off) + (s01 + s23));
    }
  }
  for (; t < tasks; t++) {
    const w = load<f32>(weights + (<usize>t << 2));
    const v = f32x4.splat(w);
    const r = demand + <usize>t * stride;
    let k = 0;
    for (; k < vecEnd; k += 4) {
      const off = <usize>k << 2;
      v128.store(out + off, f32x4.add(v128.load(out + off), f32x4.mul(v128.load(r + off), v)));
    }
    for (; k < rowLen; k++) {
      const off = <usize>k << 2;
      store<f32>(out + off, load<f32>(out + off) + load<f32>(r + off) * w);
    }
  }
}

/** Scalar reference of weightedTotals (one row at a time, in task order). */
export function weightedTotalsScalar(demand: usize, tasks: i32, rowLen: i32, weights: usize, out: usize): void {
  memory.fill(out, 0, <usize>rowLen << 2);
  for (let t = 0; t < tasks; t++) {
    const w = load<f32>(weights + (<usize>t << 2));
    const row = demand + ((<usize>t * <usize>rowLen) << 2);
    for (let k = 0; k < rowLen; k++) {
      const o = out + (<usize>k << 2);
      store<f32>(o, load<f32>(o) + load<f32>(row + (<usize>k << 2)) * w);
    }
  }
}

/**
 * Scatter-add over [c0, c1): out[A[t]*rowLen + k] += D[t*rowLen + k]; tasks with A[t] outside
 * [0, nodes) are skipped. Zeroes only its own columns of `out`, so column ranges can run in parallel.
 */
export function nodeLoadsRange(
  demand: usize,
  tasks: i32,
  rowLen: i32,
  assign: usize,
  nodes: i32,
  c0: i32,
  c1: i32,
  out: usize,
): void {
  if (c1 <= c0) return;
  const stride = <usize>rowLen << 2;
  for (let n = 0; n < nodes; n++) memory.fill(out + <usize>n * stride + (<usize>c0 << 2), 0, <usize>(c1 - c0) << 2);
  for (let t = 0; t < tasks; t++) {
    const a = load<i32>(assign + (<usize>t << 2));
    if (<u32>a >= <u32>nodes) continue;
    addRange(out + <usize>a * stride, demand + <usize>t * stride, c0, c1);
  }
}

/**
 * Counting sort of tasks by node (stable): scratch[0..nodes] holds the offsets, scratch[nodes+1 ..]
 * the task indices grouped by node. Unplaced tasks are left out. Scratch must hold tasks+nodes+1 i32.
 */
export function groupByNode(assign: usize, tasks: i32, nodes: i32, scratch: usize): void {
  const order = scratch + ((<usize>nodes + 1) << 2);
  memory.fill(scratch, 0, (<usize>nodes + 1) << 2);
  for (let t = 0; t < tasks; t++) {
    const a = load<i32>(assign + (<usize>t << 2));
    if (<u32>a >= <u32>nodes) continue;
    const p = scratch + ((<usize>a + 1) << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
  for (let n = 0; n < nodes; n++) {
    const p = scratch + ((<usize>n + 1) << 2);
    store<i32>(p, load<i32>(p) + load<i32>(p - 4));
  }
  // Second pass places each task; offsets[n] is used as the cursor and restored afterwards.
  for (let t = 0; t < tasks; t++) {
    const a = load<i32>(assign + (<usize>t << 2));
    if (<u32>a >= <u32>nodes) continue;
    const p = scratch + (<usize>a << 2);
    const at = load<i32>(p);
    store<i32>(order + (<usize>at << 2), t);
    store<i32>(p, at + 1);
  }
  for (let n = nodes; n > 0; n--) store<i32>(scratch + (<usize>n << 2), load<i32>(scratch + ((<usize>n - 1) << 2)));
  store<i32>(scratch, 0);
}

/**
 * Per-node loads from tasks grouped by `groupByNode`, for the nodes in [n0, n1): each node's row is
 * built from its tasks four rows at a time and written once, so the output is never re-read between
 * tasks. The compute-heavy form of the scatter (rows gathered in node order, sequential rows out);
 * node ranges are what the threaded build partitions on.
 */
export function nodeLoadsGrouped(demand: usize, rowLen: i32, nodes: i32, scratch: usize, n0: i32, n1: i32, out: usize): void {
  const stride = <usize>rowLen << 2;
  const order = scratch + ((<usize>nodes + 1) << 2);
  if (n1 > nodes) n1 = nodes;
  for (let n = n0; n < n1; n++) {
    const dst = out + <usize>n * stride;
    memory.fill(dst, 0, stride);
    let i = load<i32>(scratch + (<usize>n << 2));
    const end = load<i32>(scratch + ((<usize>n + 1) << 2));
    for (; i + 4 <= end; i += 4) {
      const o = order + (<usize>i << 2);
      const r0 = demand + <usize>load<i32>(o) * stride;
      const r1 = demand + <usize>load<i32>(o, 4) * stride;
      const r2 = demand + <usize>load<i32>(o, 8) * stride;
      const r3 = demand + <usize>load<i32>(o, 12) * stride;
      add4Range(dst, r0, r1, r2, r3, 0, rowLen);
    }
    for (; i < end; i++) addRange(dst, demand + <usize>load<i32>(order + (<usize>i << 2)) * stride, 0, rowLen);
  }
}

/**
 * Headroom against capacity: out[n][r][s] = cap[n][r] - load[n][r][s], and minOut[n*R + r] = the
 * smallest headroom over the horizon (negative = overloaded by that much).
 */
export function headroom(
  loads: usize,
  nodes: i32,
  resources: i32,
  slots: i32,
  capacity: usize,
  out: usize,
  minOut: usize,
): void {
  const vecEnd = slots & ~3;
  for (let i = 0; i < nodes * resources; i++) {
    const cap = load<f32>(capacity + (<usize>i << 2));
    const c4 = f32x4.splat(cap);
    const base = (<usize>i * <usize>slots) << 2;
    let m = f32x4.splat(Infinity);
    let s = 0;
    for (; s < vecEnd; s += 4) {
      const h = f32x4.sub(c4, v128.load(loads + base + (<usize>s << 2)));
      v128.store(out + base + (<usize>s << 2), h);
      m = f32x4.min(m, h);
    }
    let best = min(min(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), min(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
    for (; s < slots; s++) {
      const h = cap - load<f32>(loads + base + (<usize>s << 2));
      store<f32>(out + base + (<usize>s << 2), h);
      best = min(best, h);
    }
    store<f32>(minOut + (<usize>i << 2), best);
  }
}

/** Scalar reference of headroom. */
export function headroomScalar(
  loads: usize,
  nodes: i32,
  resources: i32,
  slots: i32,
  capacity: usize,
  out: usize,
  minOut: usize,
): void {
  for (let i = 0; i < nodes * resources; i++) {
    const cap = load<f32>(capacity + (<usize>i << 2));
    const base = (<usize>i * <usize>slots) << 2;
    let best: f32 = Infinity;
    for (let s = 0; s < slots; s++) {
      const h = cap - load<f32>(loads + base + (<usize>s << 2));
      store<f32>(out + base + (<usize>s << 2), h);
      best = min(best, h);
    }
    store<f32>(minOut + (<usize>i << 2), best);
  }
}

/**
 * The memory-bandwidth ceiling: a SIMD read-only sum over `len` f32 values with four independent
 * accumulators (so the add latency never limits the loads). Returns the sum so the work is not dead.
 */
export function readProbe(ptr: usize, len: i32): f32 {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  let p = ptr;
  const end16 = ptr + ((<usize>(len & ~15)) << 2);
  for (; p < end16; p += 64) {
    a0 = f32x4.add(a0, v128.load(p));
    a1 = f32x4.add(a1, v128.load(p, 16));
    a2 = f32x4.add(a2, v128.load(p, 32));
    a3 = f32x4.add(a3, v128.load(p, 48));
  }
  const a = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
  let s = f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
  const end = ptr + ((<usize>len) << 2);
  for (; p < end; p += 4) s += load<f32>(p);
  return s;
}

/** dst[k] += src[k] for k in [c0, c1). */
@inline
function addRange(dst: usize, src: usize, c0: i32, c1: i32): void {
  let k = c0;
  for (; k + 4 <= c1; k += 4) {
    const off = <usize>k << 2;
    v128.store(dst + off, f32x4.add(v128.load(dst + off), v128.load(src + off)));
  }
  for (; k < c1; k++) {
    const off = <usize>k << 2;
    store<f32>(dst + off, load<f32>(dst + off) + load<f32>(src + off));
  }
}

/** dst[k] += (r0[k] + r1[k]) + (r2[k] + r3[k]) for k in [c0, c1). */
@inline
function add4Range(dst: usize, r0: usize, r1: usize, r2: usize, r3: usize, c0: i32, c1: i32): void {
  let k = c0;
  for (; k + 4 <= c1; k += 4) {
    const off = <usize>k << 2;
    const s = f32x4.add(f32x4.add(v128.load(r0 + off), v128.load(r1 + off)), f32x4.add(v128.load(r2 + off), v128.load(r3 + off)));
    v128.store(dst + off, f32x4.add(v128.load(dst + off), s));
  }
  for (; k < c1; k++) {
    const off = <usize>k << 2;
    const s = load<f32>(r0 + off) + load<f32>(r1 + off) + (load<f32>(r2 + off) + load<f32>(r3 + off));
    store<f32>(dst + off, load<f32>(dst + off) + s);
  }
}
