// Load aggregation over the demand tensor D[task][resource][slot] (f32, task-major, each task one
// contiguous row of R*S values) and an assignment vector A[task] -> node (i32, -1 = unplaced).
// Every kernel has a SIMD (f32x4) and a scalar form; the scalar form is the reference the SIMD form
// must match and the fallback the benchmarks compare against.

/** out[k] = sum_t D[t*rowLen + k]: the fleet total T(t) per resource and slot. */
export function fleetTotals(demand: usize, tasks: i32, rowLen: i32, out: usize): void {
  memory.fill(out, 0, <usize>rowLen << 2);
  const vecEnd = rowLen & ~3;
  for (let t = 0; t < tasks; t++) {
    const row = demand + ((<usize>t * <usize>rowLen) << 2);
    addRowSimd(out, row, rowLen, vecEnd);
  }
}

export function fleetTotalsScalar(demand: usize, tasks: i32, rowLen: i32, out: usize): void {
  memory.fill(out, 0, <usize>rowLen << 2);
  for (let t = 0; t < tasks; t++) {
    const row = demand + ((<usize>t * <usize>rowLen) << 2);
    for (let k = 0; k < rowLen; k++) {
      const o = out + (<usize>k << 2);
      store<f32>(o, load<f32>(o) + load<f32>(row + (<usize>k << 2)));
    }
  }
}

/**
 * Scatter-add: out[A[t]*rowLen + k] += D[t*rowLen + k]; the load of every node per resource per slot.
 * Tasks with A[t] outside [0, nodes) are skipped (unplaced). The same kernel sums node rows into
 * per-tier or per-site totals when A maps nodes to groups.
 */
export function nodeLoads(demand: usize, tasks: i32, rowLen: i32, assign: usize, nodes: i32, out: usize): void {
  memory.fill(out, 0, (<usize>nodes * <usize>rowLen) << 2);
  const vecEnd = rowLen & ~3;
  for (let t = 0; t < tasks; t++) {
    const a = load<i32>(assign + (<usize>t << 2));
    if (<u32>a >= <u32>nodes) continue;
    const row = demand + ((<usize>t * <usize>rowLen) << 2);
    const dst = out + ((<usize>a * <usize>rowLen) << 2);
    addRowSimd(dst, row, rowLen, vecEnd);
  }
}

export function nodeLoadsScalar(demand: usize, tasks: i32, rowLen: i32, assign: usize, nodes: i32, out: usize): void {
  memory.fill(out, 0, (<usize>nodes * <usize>rowLen) << 2);
  for (let t = 0; t < tasks; t++) {
    const a = load<i32>(assign + (<usize>t << 2));
    if (<u32>a >= <u32>nodes) continue;
    const row = demand + ((<usize>t * <usize>rowLen) << 2);
    const dst = out + ((<usize>a * <usize>rowLen) << 2);
    for (let k = 0; k < rowLen; k++) {
      const o = dst + (<usize>k << 2);
      store<f32>(o, load<f32>(o) + load<f32>(row + (<usize>k << 2)));
    }
  }
}

/**
 * Utilisation of every node, resource and slot: util[n][r][s] = load[n][r][s] / cap[n][r].
 * A resource with zero capacity has utilisation 0 when unused and +Infinity when used, so any use is
 * visible as an overload.
 */
export function utilisation(loads: usize, nodes: i32, resources: i32, slots: i32, capacity: usize, out: usize): void {
  const vecEnd = slots & ~3;
  for (let n = 0; n < nodes; n++) {
    for (let r = 0; r < resources; r++) {
      const cap = load<f32>(capacity + ((<usize>(n * resources + r)) << 2));
      const base = (<usize>(n * resources + r) * <usize>slots) << 2;
      const src = loads + base;
      const dst = out + base;
      if (cap > 0) {
        // Divide rather than multiply by 1/cap: the reciprocal of a tiny capacity overflows to Infinity.
        const c4 = f32x4.splat(cap);
        let s = 0;
        for (; s < vecEnd; s += 4) {
          v128.store(dst + (<usize>s << 2), f32x4.div(v128.load(src + (<usize>s << 2)), c4));
        }
        for (; s < slots; s++) store<f32>(dst + (<usize>s << 2), load<f32>(src + (<usize>s << 2)) / cap);
      } else {
        for (let s = 0; s < slots; s++) {
          store<f32>(dst + (<usize>s << 2), load<f32>(src + (<usize>s << 2)) > 0 ? Infinity : 0);
        }
      }
    }
  }
}

/** out[row] = max over the row's `len` values (the peak over the horizon); -Infinity for len 0. */
export function rowMax(values: usize, rowCount: i32, len: i32, out: usize): void {
  const vecEnd = len & ~3;
  for (let i = 0; i < rowCount; i++) {
    const row = values + ((<usize>i * <usize>len) << 2);
    let m = f32x4.splat(-Infinity);
    let k = 0;
    for (; k < vecEnd; k += 4) m = f32x4.max(m, v128.load(row + (<usize>k << 2)));
    let best = max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
    for (; k < len; k++) best = max(best, load<f32>(row + (<usize>k << 2)));
    store<f32>(out + (<usize>i << 2), best);
  }
}

/** dst[k] += src[k] for k < len, four lanes at a time up to vecEnd. */
@inline
function addRowSimd(dst: usize, src: usize, len: i32, vecEnd: i32): void {
  let k = 0;
  for (; k < vecEnd; k += 4) {
    const o = dst + (<usize>k << 2);
    v128.store(o, f32x4.add(v128.load(o), v128.load(src + (<usize>k << 2))));
  }
  for (; k < len; k++) {
    const o = dst + (<usize>k << 2);
    store<f32>(o, load<f32>(o) + load<f32>(src + (<usize>k << 2)));
  }
}
