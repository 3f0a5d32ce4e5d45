// Bound propagation over linear rows (activity-based domain reduction, as in Savelsbergh,
// "Preprocessing and probing techniques for mixed integer programming problems", ORSA J. Comput.
// 6(4), 1994, sect. 2). For row lo <= a'x <= up with minimum activity L and maximum activity U over
// the current bounds, each integer x_j with a_j > 0 gets x_j <= lb_j + (up - L)/a_j and
// x_j >= ub_j - (U - lo)/a_j (mirrored for a_j < 0). In the GAP this is what turns "job j is on
// agent i" into "job j is nowhere else" and drops jobs that no longer fit an agent's capacity.

import { INF } from "./lp";

export class Rows {
  m: i32 = 0;
  rowStart: Int32Array = new Int32Array(1);
  colIdx: Int32Array = new Int32Array(0);
  val: Float64Array = new Float64Array(0);

  /** Builds the row-wise copy of a CSC matrix with m rows and n columns. */
  build(n: i32, m: i32, colStart: Int32Array, rowIdx: Int32Array, cval: Float64Array): void {
    const nnz = unchecked(colStart[n]);
    const rs = new Int32Array(m + 1);
    for (let p = 0; p < nnz; p++) unchecked((rs[rowIdx[p] + 1] += 1));
    for (let i = 0; i < m; i++) unchecked((rs[i + 1] += rs[i]));
    const fill = new Int32Array(m);
    const ci = new Int32Array(nnz);
    const v = new Float64Array(nnz);
    for (let j = 0; j < n; j++) {
      for (let p = unchecked(colStart[j]); p < unchecked(colStart[j + 1]); p++) {
        const i = unchecked(rowIdx[p]);
        const at = unchecked(rs[i]) + unchecked(fill[i]);
        unchecked((fill[i] += 1));
        unchecked((ci[at] = j));
        unchecked((v[at] = cval[p]));
      }
    }
    this.m = m;
    this.rowStart = rs;
    this.colIdx = ci;
    this.val = v;
  }
}

/**
 * Tightens the bounds of integer columns in place. Row i's bounds are lb[n+i], ub[n+i].
 * Returns false when some row cannot be satisfied (the node is infeasible).
 */
export function propagate(rows: Rows, n: i32, isInt: Uint8Array, lb: Float64Array, ub: Float64Array, passes: i32): bool {
  const m = rows.m;
  const rs = rows.rowStart;
  const ci = rows.colIdx;
  const rv = rows.val;
  for (let pass = 0; pass < passes; pass++) {
    let changed = false;
    for (let i = 0; i < m; i++) {
      const lo = unchecked(lb[n + i]);
      const up = unchecked(ub[n + i]);
      let minA: f64 = 0;
      let maxA: f64 = 0;
      let minInf = 0;
      let maxInf = 0;
      const s = unchecked(rs[i]);
      const e = unchecked(rs[i + 1]);
      for (let p = s; p < e; p++) {
        const j = unchecked(ci[p]);
        const a = unchecked(rv[p]);
        const l = unchecked(lb[j]);
        const u = unchecked(ub[j]);
        if (a > 0) {
          if (l <= -INF) minInf++;
          else minA += a * l;
          if (u >= INF) maxInf++;
          else maxA += a * u;
        } else {
          if (u >= INF) minInf++;
          else minA += a * u;
          if (l <= -INF) maxInf++;
          else maxA += a * l;
        }
      }
      if (minInf == 0 && minA > up + 1e-6 * (1 + (up < 0 ? -up : up))) return false;
      if (maxInf == 0 && maxA < lo - 1e-6 * (1 + (lo < 0 ? -lo : lo))) return false;
      const useUp = up < INF && minInf == 0;
      const useLo = lo > -INF && maxInf == 0;
      if (!useUp && !useLo) continue;
      for (let p = s; p < e; p++) {
        const j = unchecked(ci[p]);
        if (unchecked(isInt[j]) == 0) continue;
        const a = unchecked(rv[p]);
        const l = unchecked(lb[j]);
        const u = unchecked(ub[j]);
        if (l == u) continue;
        let newL = l;
        let newU = u;
        if (a > 0) {
          if (useUp) {
            const c = Math.floor(l + (up - minA) / a + 1e-6);
            if (c < newU) newU = c;
          }
          if (useLo) {
            const c = Math.ceil(u - (maxA - lo) / a - 1e-6);
            if (c > newL) newL = c;
          }
        } else {
          if (useUp) {
            const c = Math.ceil(u + (up - minA) / a - 1e-6);
            if (c > newL) newL = c;
          }
          if (useLo) {
            const c = Math.floor(l - (maxA - lo) / a + 1e-6);
            if (c < newU) newU = c;
          }
        }
        if (newL > newU) return false;
        if (newL != l || newU != u) {
          // Keep the row activities in step with the tightened bounds.
          if (a > 0) {
            minA += a * (newL - l);
            maxA += a * (newU - u);
          } else {
            minA += a * (newU - u);
            maxA += a * (newL - l);
          }
          unchecked((lb[j] = newL));
          unchecked((ub[j] = newU));
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return true;
}
