// Windowed statistics per row (a row is one node's, or one node-resource's, series over the slots):
// trailing rolling peak and percentiles by selection.

/**
 * Trailing rolling maximum, direct SIMD form: out[i][s] = max(values[i][max(0, s-w+1) .. s]).
 * O(len * w / 4): the fast form for short windows (w up to a few dozen slots).
 */
export function rollingMaxSimd(values: usize, rows: i32, len: i32, window: i32, out: usize): void {
  if (window < 1) window = 1;
  for (let i = 0; i < rows; i++) {
    const row = values + ((<usize>i * <usize>len) << 2);
    const dst = out + ((<usize>i * <usize>len) << 2);
    // Head: positions whose window is cut by the row start.
    const head = min(window - 1, len);
    let m: f32 = -Infinity;
    for (let s = 0; s < head; s++) {
      m = max(m, load<f32>(row + (<usize>s << 2)));
      store<f32>(dst + (<usize>s << 2), m);
    }
    let s = head;
    for (; s + 4 <= len; s += 4) {
      let acc = v128.load(row + (<usize>s << 2));
      for (let j = 1; j < window; j++) acc = f32x4.max(acc, v128.load(row + (<usize>(s - j) << 2)));
      v128.store(dst + (<usize>s << 2), acc);
    }
    for (; s < len; s++) {
      let b = load<f32>(row + (<usize>s << 2));
      for (let j = 1; j < window; j++) b = max(b, load<f32>(row + (<usize>(s - j) << 2)));
      store<f32>(dst + (<usize>s << 2), b);
    }
  }
}

/**
 * Trailing rolling maximum in O(len) whatever the window, after van Herk (1992) and Gil & Werman
 * (1993): cut the row into blocks of w; prefix maxima g and suffix maxima h within each block give
 * max(x[s-w+1 .. s]) = max(h[s-w+1], g[s]). The form for long windows. Uses len f32 of scratch.
 */
export function rollingMaxVhgw(values: usize, rows: i32, len: i32, window: i32, out: usize, scratch: usize): void {
  if (window < 1) window = 1;
  for (let i = 0; i < rows; i++) {
    const row = values + ((<usize>i * <usize>len) << 2);
    const g = out + ((<usize>i * <usize>len) << 2);
    const h = scratch;
    for (let b = 0; b < len; b += window) {
      const e = min(b + window, len);
      let m: f32 = -Infinity;
      for (let s = b; s < e; s++) {
        m = max(m, load<f32>(row + (<usize>s << 2)));
        store<f32>(g + (<usize>s << 2), m);
      }
      m = -Infinity;
      for (let s = e - 1; s >= b; s--) {
        m = max(m, load<f32>(row + (<usize>s << 2)));
        store<f32>(h + (<usize>s << 2), m);
      }
    }
    // In place from the right: g[s] is read before it is overwritten, h is untouched.
    for (let s = len - 1; s >= window - 1; s--) {
      const o = g + (<usize>s << 2);
      store<f32>(o, max(load<f32>(h + (<usize>(s - window + 1) << 2)), load<f32>(o)));
    }
  }
}

/**
 * Percentile of each row over the window [from, from + len) of a row of `stride` values, by
 * selection (Hoare's FIND, median-of-three pivots): expected O(len), no full sort. q in [0, 1];
 * linear interpolation between order statistics k = floor(q*(len-1)) and k+1 (numpy's default,
 * Hyndman & Fan 1996 type 7). NaN for an empty window. Uses len f32 of scratch.
 */
export function rowPercentile(values: usize, rows: i32, stride: i32, from: i32, len: i32, q: f64, out: usize, scratch: usize): void {
  for (let i = 0; i < rows; i++) {
    if (len <= 0) {
      store<f32>(out + (<usize>i << 2), NaN);
      continue;
    }
    memory.copy(scratch, values + ((<usize>i * <usize>stride + <usize>from) << 2), <usize>len << 2);
    const pos = q * <f64>(len - 1);
    let k = <i32>Math.floor(pos);
    if (k < 0) k = 0;
    if (k > len - 1) k = len - 1;
    const frac = pos - <f64>k;
    const lo = select(scratch, len, k);
    let v = <f64>lo;
    if (frac > 0 && k + 1 < len) {
      // After selection everything right of k is >= x[k]: the next order statistic is their minimum.
      let nx: f32 = Infinity;
      for (let j = k + 1; j < len; j++) nx = min(nx, load<f32>(scratch + (<usize>j << 2)));
      v = <f64>lo + frac * (<f64>nx - <f64>lo);
    }
    store<f32>(out + (<usize>i << 2), <f32>v);
  }
}

/** Rearranges a[0..n) so a[k] is the k-th smallest, smaller left of it, larger right; returns a[k]. */
function select(a: usize, n: i32, k: i32): f32 {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // Median of three moved to a[lo] as the pivot.
    const mid = lo + ((hi - lo) >> 1);
    if (at(a, mid) < at(a, lo)) swap(a, mid, lo);
    if (at(a, hi) < at(a, lo)) swap(a, hi, lo);
    if (at(a, hi) < at(a, mid)) swap(a, hi, mid);
    swap(a, lo, mid);
    const p = at(a, lo);
    let i = lo;
    let j = hi + 1;
    while (true) {
      do i++;
      while (i <= hi && at(a, i) < p);
      do j--;
      while (at(a, j) > p);
      if (i >= j) break;
      swap(a, i, j);
    }
    swap(a, lo, j);
    if (j == k) return at(a, k);
    if (j > k) hi = j - 1;
    else lo = j + 1;
  }
  return at(a, k);
}

@inline
function at(a: usize, i: i32): f32 {
  return load<f32>(a + (<usize>i << 2));
}

@inline
function swap(a: usize, i: i32, j: i32): void {
  const pi = a + (<usize>i << 2);
  const pj = a + (<usize>j << 2);
  const t = load<f32>(pi);
  store<f32>(pi, load<f32>(pj));
  store<f32>(pj, t);
}
