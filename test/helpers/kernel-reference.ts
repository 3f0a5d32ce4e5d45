/** Plain JS references for the aggregation, window and forecast kernels: their definitions. */

export function weightedTotalsRef(d: ArrayLike<number>, tasks: number, rowLen: number, w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rowLen);
  for (let t = 0; t < tasks; t++) for (let k = 0; k < rowLen; k++) out[k] += Math.fround(w[t]) * d[t * rowLen + k];
  return out;
}

export function headroomRef(loads: ArrayLike<number>, rows: number, slots: number, cap: ArrayLike<number>) {
  const h = new Float64Array(rows * slots);
  const min = new Float64Array(rows).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < rows; i++)
    for (let s = 0; s < slots; s++) {
      const v = Math.fround(cap[i] - loads[i * slots + s]);
      h[i * slots + s] = v;
      min[i] = Math.min(min[i], v);
    }
  return { h, min };
}

export function rollingMaxRef(values: ArrayLike<number>, rows: number, len: number, w: number): Float64Array {
  const out = new Float64Array(rows * len);
  for (let i = 0; i < rows; i++)
    for (let s = 0; s < len; s++) {
      let m = Number.NEGATIVE_INFINITY;
      for (let j = Math.max(0, s - w + 1); j <= s; j++) m = Math.max(m, values[i * len + j]);
      out[i * len + s] = m;
    }
  return out;
}

/** Type-7 quantile (numpy's default) of each row's window, by full sort. */
export function percentileRef(values: ArrayLike<number>, rows: number, stride: number, from: number, len: number, q: number) {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const xs = Array.from({ length: len }, (_, j) => Math.fround(values[i * stride + from + j])).sort((a, b) => a - b);
    const pos = q * (len - 1);
    const k = Math.floor(pos);
    const frac = pos - k;
    out[i] = k + 1 < len ? xs[k] + frac * (xs[k + 1] - xs[k]) : xs[k];
  }
  return out;
}

/** Error-correction exponential smoothing with given parameters (see assembly/forecast.ts). */
export function smoothingRef(
  kind: 0 | 1 | 2,
  yIn: ArrayLike<number>,
  m: number,
  horizon: number,
  z: number,
  p: { alpha: number; beta: number; gamma: number; phi: number },
) {
  const y = Array.from(yIn, (v) => Math.fround(v));
  const n = y.length;
  let level = y[0];
  let trend = 0;
  let start = 1;
  const season = new Float64Array(Math.max(1, m));
  if (kind === 2) {
    const k = Math.max(1, Math.min(10, Math.floor(n / m)));
    let first = 0;
    let last = 0;
    for (let j = 0; j < k; j++) {
      const row = y.slice(j * m, (j + 1) * m);
      const mean = row.reduce((a, b) => a + b, 0) / m;
      if (j === 0) first = mean;
      last = mean;
      for (let t = 0; t < m; t++) season[t] += (row[t] - mean) / k;
    }
    if (k >= 2) trend = (last - first) / ((k - 1) * m);
    level = first + trend * ((m - 1) / 2);
    start = m;
  } else if (kind === 1) {
    const k = Math.min(n - 1, 12);
    if (k > 0) trend = (y[k] - level) / k;
  }
  const { alpha, beta, gamma, phi } = p;
  let sse = 0;
  for (let t = start; t < n; t++) {
    const ph = kind === 2 ? t % m : 0;
    const s = kind === 2 ? season[ph] : 0;
    const lb = level + phi * trend;
    const e = y[t] - (lb + s);
    sse += e * e;
    level = lb + alpha * e;
    trend = phi * trend + beta * e;
    if (kind === 2) season[ph] = s + gamma * e;
  }
  const params = 1 + (kind >= 1 ? 1 : 0) + (kind === 2 ? 1 : 0);
  const sigma = n - start > 0 ? Math.sqrt(sse / Math.max(1, n - start - params)) : 0;
  const point: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  let phiSum = 0;
  let phiPow = 1;
  let varSum = 0;
  for (let h = 1; h <= horizon; h++) {
    phiPow *= phi;
    phiSum += phiPow;
    let f = level + phiSum * trend;
    if (kind === 2) f += season[(n - 1 + h) % m];
    const half = z * sigma * Math.sqrt(1 + varSum);
    point.push(f);
    lower.push(f - half);
    upper.push(f + half);
    let c = alpha + beta * phiSum;
    if (kind === 2 && h % m === 0) c += gamma;
    varSum += c * c;
  }
  return { point, lower, upper, sigma, sse };
}
