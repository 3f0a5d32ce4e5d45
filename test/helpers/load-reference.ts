/** Plain JS references for the load kernels: the definitions the WASM kernels must match. */

export function fleetTotalsRef(demand: ArrayLike<number>, tasks: number, rowLen: number): Float64Array {
  const out = new Float64Array(rowLen);
  for (let t = 0; t < tasks; t++) for (let k = 0; k < rowLen; k++) out[k] += demand[t * rowLen + k];
  return out;
}

export function nodeLoadsRef(
  demand: ArrayLike<number>,
  tasks: number,
  rowLen: number,
  assign: ArrayLike<number>,
  nodes: number,
): Float64Array {
  const out = new Float64Array(nodes * rowLen);
  for (let t = 0; t < tasks; t++) {
    const a = assign[t];
    if (a < 0 || a >= nodes) continue;
    for (let k = 0; k < rowLen; k++) out[a * rowLen + k] += demand[t * rowLen + k];
  }
  return out;
}

export function utilisationRef(
  loads: ArrayLike<number>,
  nodes: number,
  R: number,
  S: number,
  cap: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(nodes * R * S);
  for (let n = 0; n < nodes; n++)
    for (let r = 0; r < R; r++)
      for (let s = 0; s < S; s++) {
        const l = loads[(n * R + r) * S + s];
        const c = cap[n * R + r];
        // float32 semantics: the kernel divides in f32, where a huge quotient overflows to Infinity.
        out[(n * R + r) * S + s] = c > 0 ? Math.fround(l / c) : l > 0 ? Number.POSITIVE_INFINITY : 0;
      }
  return out;
}

export function rowMaxRef(values: ArrayLike<number>, rows: number, len: number): Float64Array {
  const out = new Float64Array(rows).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < rows; i++) for (let k = 0; k < len; k++) out[i] = Math.max(out[i], values[i * len + k]);
  return out;
}

/** |a - b| within a relative float32 tolerance that grows with the number of summed terms. */
export function closeTo(a: number, b: number, terms: number): boolean {
  if (a === b) return true;
  const tol = 1e-6 * Math.max(1, terms) * Math.max(1, Math.abs(b));
  return Math.abs(a - b) <= tol;
}
