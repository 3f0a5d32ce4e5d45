// Bounded-variable revised simplex over a dense explicit basis inverse, made for re-optimisation
// inside branch and bound.
//
// Model: minimise c'x subject to A x - s = 0, lb <= (x, s) <= ub. Every row i has a slack s_i
// (variable n + i, column -e_i) carrying the row's bounds, so the slack basis is always a valid
// start and every constraint type (<=, >=, =, ranged) is one case. Columns are stored sparse (CSC);
// the basis inverse is dense and column-major because the sizes we target (a few hundred rows)
// make an O(m^2) product-form update cheaper and simpler than an LU with Forrest-Tomlin updates.
//
// Algorithms (Chvatal, "Linear Programming", 1983, ch. 8 for bounded variables; Koberstein's
// thesis, "The dual simplex method, techniques for a fast and stable implementation", 2005):
// - dual simplex is the workhorse: after a bound change in branch and bound the parent's optimal
//   basis stays dual feasible, so the child re-optimises in a few pivots (warm start);
// - dual infeasibilities of the start basis are removed by cost shifting (the shifted problem is
//   dual feasible; the shift is removed at the end and primal simplex finishes), so no separate
//   phase 1 is needed;
// - ratio tests are Harris's two-pass tests (Harris 1973) with tolerances, which choose the
//   largest pivot among near-ties: this is both the stability and the first anti-cycling measure;
//   after many degenerate pivots the primal simplex switches to Bland's smallest-index rule
//   (Bland 1977), which cannot cycle.

@external("env", "now")
declare function now(): f64;

export const INF: f64 = 1e30;

/**
 * The hard deadline (env.now() ms) shared by the LP and the bounds: long loops stop at it. (Slices
 * end only between nodes, so a node's work never depends on how the run was sliced.)
 */
export let deadline: f64 = Infinity;

export function setDeadline(d: f64): void {
  deadline = d;
}

/** True when the deadline has passed (checked every few iterations by long loops). */
export function pastDeadline(): bool {
  return now() >= deadline;
}
const PTOL: f64 = 1e-7;
const DTOL: f64 = 1e-7;
const PIVTOL: f64 = 1e-9;
const REFACTOR_EVERY: i32 = 100;

export const LP_OPTIMAL: i32 = 1;
export const LP_INFEASIBLE: i32 = 2;
export const LP_UNBOUNDED: i32 = 3;
export const LP_ITERLIMIT: i32 = 4;
export const LP_TIMEOUT: i32 = 5;

@inline function absf(v: f64): f64 {
  return v < 0 ? -v : v;
}

export class Lp {
  n: i32;
  m: i32;
  mMax: i32;
  nTot: i32;
  // Structural columns, CSC; rebuilt when cut rows are appended.
  colStart: Int32Array;
  rowIdx: Int32Array;
  val: Float64Array;
  cost: Float64Array;
  lb: Float64Array;
  ub: Float64Array;
  x: Float64Array;
  d: Float64Array;
  head: Int32Array;
  pos: Int32Array;
  binv: Float64Array;
  alpha: Float64Array;
  rho: Float64Array;
  rowAlpha: Float64Array;
  y: Float64Array;
  work: Float64Array;
  shift: Float64Array;
  sinceFactor: i32 = 0;
  iters: i64 = 0;
  objective: f64 = 0;

  constructor(n: i32, mMax: i32) {
    this.n = n;
    this.m = 0;
    this.mMax = mMax;
    const nt = n + mMax;
    this.nTot = nt;
    this.colStart = new Int32Array(n + 1);
    this.rowIdx = new Int32Array(0);
    this.val = new Float64Array(0);
    this.cost = new Float64Array(nt);
    this.lb = new Float64Array(nt);
    this.ub = new Float64Array(nt);
    this.x = new Float64Array(nt);
    this.d = new Float64Array(nt);
    this.head = new Int32Array(mMax);
    this.pos = new Int32Array(nt);
    this.binv = new Float64Array(mMax * mMax);
    this.alpha = new Float64Array(mMax);
    this.rho = new Float64Array(mMax);
    this.rowAlpha = new Float64Array(nt);
    this.y = new Float64Array(mMax);
    this.work = new Float64Array(mMax * mMax);
    this.shift = new Float64Array(nt);
  }

  /** Installs the column structure (m rows) and resets to the slack basis. */
  setColumns(m: i32, colStart: Int32Array, rowIdx: Int32Array, val: Float64Array): void {
    this.m = m;
    this.colStart = colStart;
    this.rowIdx = rowIdx;
    this.val = val;
    this.slackBasis();
  }

  /**
   * Appends a row to the column structure and extends the basis with its slack (basic), keeping
   * the basis inverse valid: [[B,0],[c',-1]]^-1 = [[B^-1,0],[c'B^-1,-1]].
   */
  extendBasisForNewRow(newRowCoefOnBasic: Float64Array): void {
    // newRowCoefOnBasic[k] = coefficient of the new row on the basic variable at position k.
    const m = this.m;
    const mm = this.mMax;
    const binv = this.binv;
    // new row r = m: binv[m, col] = sum_k c_k binv[k, col] for col < m; binv[m, m] = -1; binv[k, m] = 0.
    for (let col = 0; col < m; col++) {
      let s: f64 = 0;
      const base = col * mm;
      for (let k = 0; k < m; k++) s += unchecked(newRowCoefOnBasic[k]) * unchecked(binv[base + k]);
      unchecked((binv[base + m] = s));
    }
    const baseM = m * mm;
    for (let k = 0; k < m; k++) unchecked((binv[baseM + k] = 0));
    unchecked((binv[baseM + m] = -1));
    const slack = this.n + m;
    this.head[m] = slack;
    this.pos[slack] = m;
    this.m = m + 1;
  }

  slackBasis(): void {
    const n = this.n;
    const nt = this.nTot;
    for (let j = 0; j < nt; j++) unchecked((this.pos[j] = -1));
    for (let i = 0; i < this.m; i++) {
      this.head[i] = n + i;
      this.pos[n + i] = i;
    }
    this.fillSlackInverse();
    this.sinceFactor = 0;
  }

  private fillSlackInverse(): void {
    const mm = this.mMax;
    const binv = this.binv;
    for (let c = 0; c < this.m; c++) {
      const base = c * mm;
      for (let r = 0; r < this.m; r++) unchecked((binv[base + r] = 0));
      unchecked((binv[base + c] = -1));
    }
  }

  /** alpha = B^-1 a_j. */
  ftran(j: i32, out: Float64Array): void {
    const m = this.m;
    const mm = this.mMax;
    const binv = this.binv;
    for (let r = 0; r < m; r++) unchecked((out[r] = 0));
    if (j >= this.n) {
      const base = (j - this.n) * mm;
      for (let r = 0; r < m; r++) unchecked((out[r] = -binv[base + r]));
      return;
    }
    const end = unchecked(this.colStart[j + 1]);
    for (let p = unchecked(this.colStart[j]); p < end; p++) {
      const v = unchecked(this.val[p]);
      const base = unchecked(this.rowIdx[p]) * mm;
      for (let r = 0; r < m; r++) unchecked((out[r] += v * binv[base + r]));
    }
  }

  /** rho . a_j for a column j (rho indexed by row). */
  @inline dotCol(rho: Float64Array, j: i32): f64 {
    if (j >= this.n) return -unchecked(rho[j - this.n]);
    let s: f64 = 0;
    const end = unchecked(this.colStart[j + 1]);
    for (let p = unchecked(this.colStart[j]); p < end; p++) s += unchecked(rho[this.rowIdx[p]]) * unchecked(this.val[p]);
    return s;
  }

  /** y' = c_B' B^-1 and reduced costs d_j = c_j - y'a_j (0 for basic variables). */
  computeDuals(): void {
    const m = this.m;
    const mm = this.mMax;
    const binv = this.binv;
    for (let i = 0; i < m; i++) {
      let s: f64 = 0;
      const base = i * mm;
      for (let r = 0; r < m; r++) s += unchecked(this.cost[this.head[r]]) * unchecked(binv[base + r]);
      unchecked((this.y[i] = s));
    }
    const nUsed = this.n + m;
    for (let j = 0; j < nUsed; j++) {
      if (unchecked(this.pos[j]) >= 0) unchecked((this.d[j] = 0));
      else unchecked((this.d[j] = this.cost[j] - this.dotCol(this.y, j)));
    }
  }

  /** Basic values from the nonbasic ones: B x_B = -N x_N. */
  computeBasics(): void {
    const m = this.m;
    const n = this.n;
    const w = this.rho;
    for (let i = 0; i < m; i++) unchecked((w[i] = 0));
    for (let j = 0; j < n; j++) {
      if (unchecked(this.pos[j]) >= 0) continue;
      const xj = unchecked(this.x[j]);
      if (xj == 0) continue;
      const end = unchecked(this.colStart[j + 1]);
      for (let p = unchecked(this.colStart[j]); p < end; p++) unchecked((w[this.rowIdx[p]] -= this.val[p] * xj));
    }
    for (let i = 0; i < m; i++) {
      const j = n + i;
      if (unchecked(this.pos[j]) >= 0) continue;
      unchecked((w[i] += this.x[j]));
    }
    const mm = this.mMax;
    const binv = this.binv;
    const a = this.alpha;
    for (let r = 0; r < m; r++) unchecked((a[r] = 0));
    for (let i = 0; i < m; i++) {
      const wi = unchecked(w[i]);
      if (wi == 0) continue;
      const base = i * mm;
      for (let r = 0; r < m; r++) unchecked((a[r] += wi * binv[base + r]));
    }
    for (let r = 0; r < m; r++) unchecked((this.x[this.head[r]] = a[r]));
  }

  /**
   * Puts every nonbasic variable at the bound its reduced cost prefers (any finite value when it
   * has no finite bound): this keeps an optimal basis dual feasible after bounds change.
   */
  placeNonbasic(): void {
    const nUsed = this.n + this.m;
    for (let j = 0; j < nUsed; j++) {
      if (unchecked(this.pos[j]) >= 0) continue;
      const l = unchecked(this.lb[j]);
      const u = unchecked(this.ub[j]);
      const dj = unchecked(this.d[j]);
      let v: f64;
      if (l > -INF && u < INF) v = dj >= 0 ? l : u;
      else if (l > -INF) v = l;
      else if (u < INF) v = u;
      else v = 0;
      unchecked((this.x[j] = v));
    }
  }

  /** Rebuilds B^-1 from the basis header by Gauss-Jordan elimination with partial pivoting. */
  refactor(): bool {
    const m = this.m;
    const mm = this.mMax;
    const w = this.work; // row-major m x m copy of B
    const binv = this.binv;
    for (let i = 0; i < m * m; i++) unchecked((w[i] = 0));
    for (let k = 0; k < m; k++) {
      const j = unchecked(this.head[k]);
      if (j >= this.n) unchecked((w[(j - this.n) * m + k] = -1));
      else {
        const end = unchecked(this.colStart[j + 1]);
        for (let p = unchecked(this.colStart[j]); p < end; p++) unchecked((w[this.rowIdx[p] * m + k] = this.val[p]));
      }
    }
    // R = I, kept column-major in binv (row r of R at binv[c*mm + r]).
    for (let c = 0; c < m; c++) {
      const base = c * mm;
      for (let r = 0; r < m; r++) unchecked((binv[base + r] = r == c ? 1.0 : 0.0));
    }
    for (let k = 0; k < m; k++) {
      // Large bases take long to invert: give up at the deadline (the caller falls back to the
      // slack basis, a consistent state, and the search stops).
      if ((k & 7) == 7 && pastDeadline()) return false;
      let p = k;
      let best = absf(unchecked(w[k * m + k]));
      for (let r = k + 1; r < m; r++) {
        const v = absf(unchecked(w[r * m + k]));
        if (v > best) {
          best = v;
          p = r;
        }
      }
      if (best < 1e-11) return false;
      if (p != k) {
        for (let c = 0; c < m; c++) {
          const t = unchecked(w[k * m + c]);
          unchecked((w[k * m + c] = w[p * m + c]));
          unchecked((w[p * m + c] = t));
          const base = c * mm;
          const t2 = unchecked(binv[base + k]);
          unchecked((binv[base + k] = binv[base + p]));
          unchecked((binv[base + p] = t2));
        }
      }
      const inv = 1.0 / unchecked(w[k * m + k]);
      for (let c = 0; c < m; c++) {
        unchecked((w[k * m + c] *= inv));
        unchecked((binv[c * mm + k] *= inv));
      }
      for (let r = 0; r < m; r++) {
        if (r == k) continue;
        const f = unchecked(w[r * m + k]);
        if (f == 0) continue;
        for (let c = k; c < m; c++) unchecked((w[r * m + c] -= f * w[k * m + c]));
        for (let c = 0; c < m; c++) {
          const base = c * mm;
          unchecked((binv[base + r] -= f * binv[base + k]));
        }
      }
    }
    this.sinceFactor = 0;
    return true;
  }

  /** Product-form update of B^-1 after column `alpha` replaces the basic variable at row r. */
  private updateInverse(r: i32): void {
    const m = this.m;
    const mm = this.mMax;
    const binv = this.binv;
    const a = this.alpha;
    const ar = unchecked(a[r]);
    for (let c = 0; c < m; c++) {
      const base = c * mm;
      const piv = unchecked(binv[base + r]) / ar;
      if (piv == 0) continue;
      for (let i = 0; i < m; i++) unchecked((binv[base + i] -= a[i] * piv));
      unchecked((binv[base + r] = piv));
    }
    this.sinceFactor++;
  }

  private pivot(r: i32, q: i32): void {
    const leaving = unchecked(this.head[r]);
    this.updateInverse(r);
    this.head[r] = q;
    this.pos[q] = r;
    this.pos[leaving] = -1;
    this.iters++;
  }

  /** Full refresh: new inverse (slack basis if singular), basic values, reduced costs. */
  private refresh(): void {
    if (!this.refactor()) {
      this.slackBasis();
      this.computeDuals();
      this.placeNonbasic();
    }
    this.computeBasics();
    this.computeDuals();
  }

  /** Objective with the true costs. */
  private computeObjective(): f64 {
    let s: f64 = 0;
    const nt = this.n + this.m;
    for (let j = 0; j < nt; j++) s += unchecked(this.cost[j]) * unchecked(this.x[j]);
    return s;
  }

  /**
   * Solves the LP from the current basis (warm start). Bounds may have changed since the last
   * solve; nonbasic variables are re-placed at their bounds. Returns one of the LP_* codes.
   */
  solve(iterLimit: i32): i32 {
    if (this.sinceFactor >= REFACTOR_EVERY) {
      if (!this.refactor()) this.slackBasis();
    }
    this.computeDuals();
    this.placeNonbasic();
    this.computeBasics();
    // Cost shifting: make the start basis dual feasible.
    const nUsed = this.n + this.m;
    let shifted = false;
    for (let j = 0; j < nUsed; j++) {
      unchecked((this.shift[j] = 0));
      if (unchecked(this.pos[j]) >= 0) continue;
      const dj = unchecked(this.d[j]);
      const xj = unchecked(this.x[j]);
      const canInc = xj < unchecked(this.ub[j]) - PTOL;
      const canDec = xj > unchecked(this.lb[j]) + PTOL;
      if ((canInc && dj < -DTOL) || (canDec && dj > DTOL)) {
        unchecked((this.shift[j] = dj));
        unchecked((this.cost[j] -= dj));
        unchecked((this.d[j] = 0));
        shifted = true;
      }
    }
    let st = this.dual(iterLimit);
    if (shifted) {
      for (let j = 0; j < nUsed; j++) unchecked((this.cost[j] += this.shift[j]));
      this.computeDuals();
    }
    if (st == LP_OPTIMAL) {
      st = this.primal(iterLimit);
    }
    this.objective = this.computeObjective();
    return st;
  }

  /**
   * Primal ratio: the step at which basic variable bj, changing at rate `delta` per unit of the
   * entering variable, reaches the bound it moves toward, relaxed by `tol` (Harris pass 1) or
   * exact (`tol` 0, pass 2); INF when that bound is infinite.
   */
  @inline
  private primalRatio(bj: i32, delta: f64, tol: f64): f64 {
    if (delta < 0) {
      const l = unchecked(this.lb[bj]);
      return l <= -INF ? INF : (unchecked(this.x[bj]) - l + tol) / -delta;
    }
    const u = unchecked(this.ub[bj]);
    return u >= INF ? INF : (u - unchecked(this.x[bj]) + tol) / delta;
  }

  /** Bounded dual simplex (Dantzig pricing on the largest infeasibility, Harris ratio test). */
  private dual(iterLimit: i32): i32 {
    const m = this.m;
    const n = this.n;
    const nUsed = n + m;
    let count = 0;
    while (true) {
      if (this.sinceFactor >= REFACTOR_EVERY) this.refresh();
      // Leaving row.
      let r = -1;
      let worst: f64 = PTOL;
      for (let i = 0; i < m; i++) {
        const j = unchecked(this.head[i]);
        const xj = unchecked(this.x[j]);
        const lo = unchecked(this.lb[j]) - xj;
        const hi = xj - unchecked(this.ub[j]);
        const inf = lo > hi ? lo : hi;
        if (inf > worst) {
          worst = inf;
          r = i;
        }
      }
      if (r < 0) return LP_OPTIMAL;
      if (count++ >= iterLimit) return LP_ITERLIMIT;
      if ((count & 7) == 0 && pastDeadline()) return LP_TIMEOUT;
      const leaving = unchecked(this.head[r]);
      const below = unchecked(this.x[leaving]) < unchecked(this.lb[leaving]);
      // rho = row r of B^-1.
      const mm = this.mMax;
      const binv = this.binv;
      const rho = this.rho;
      for (let c = 0; c < m; c++) unchecked((rho[c] = binv[c * mm + r]));
      // Harris pass 1.
      const ra = this.rowAlpha;
      let thetaMax: f64 = INF;
      for (let j = 0; j < nUsed; j++) {
        if (unchecked(this.pos[j]) >= 0) continue;
        const xj = unchecked(this.x[j]);
        const canInc = xj < unchecked(this.ub[j]) - PTOL;
        const canDec = xj > unchecked(this.lb[j]) + PTOL;
        if (!canInc && !canDec) {
          unchecked((ra[j] = 0));
          continue;
        }
        const a = this.dotCol(rho, j);
        unchecked((ra[j] = a));
        if (absf(a) < PIVTOL) continue;
        // x_leaving changes by -a * dx_j; it must rise when below, fall when above.
        const ok = below ? (a < 0 && canInc) || (a > 0 && canDec) : (a > 0 && canInc) || (a < 0 && canDec);
        if (!ok) continue;
        const t = (absf(unchecked(this.d[j])) + DTOL) / absf(a);
        if (t < thetaMax) thetaMax = t;
      }
      if (thetaMax >= INF) return LP_INFEASIBLE;
      // Harris pass 2: the largest pivot among ratios within thetaMax.
      let q = -1;
      let bestA: f64 = 0;
      for (let j = 0; j < nUsed; j++) {
        if (unchecked(this.pos[j]) >= 0) continue;
        const a = unchecked(ra[j]);
        if (absf(a) < PIVTOL) continue;
        const xj = unchecked(this.x[j]);
        const canInc = xj < unchecked(this.ub[j]) - PTOL;
        const canDec = xj > unchecked(this.lb[j]) + PTOL;
        const ok = below ? (a < 0 && canInc) || (a > 0 && canDec) : (a > 0 && canInc) || (a < 0 && canDec);
        if (!ok) continue;
        if (absf(unchecked(this.d[j])) / absf(a) <= thetaMax && absf(a) > bestA) {
          bestA = absf(a);
          q = j;
        }
      }
      if (q < 0) return LP_INFEASIBLE;
      const aq = unchecked(ra[q]);
      const theta = unchecked(this.d[q]) / aq;
      // Primal step: the leaving variable lands on its violated bound.
      this.ftran(q, this.alpha);
      const apiv = unchecked(this.alpha[r]);
      if (absf(apiv) < PIVTOL) {
        // Row and column disagree: the inverse has drifted. Refresh and try again.
        this.refresh();
        continue;
      }
      const target = below ? unchecked(this.lb[leaving]) : unchecked(this.ub[leaving]);
      const dx = (unchecked(this.x[leaving]) - target) / apiv;
      for (let i = 0; i < m; i++) {
        const bj = unchecked(this.head[i]);
        unchecked((this.x[bj] -= this.alpha[i] * dx));
      }
      unchecked((this.x[q] += dx));
      unchecked((this.x[leaving] = target));
      // Dual step.
      for (let j = 0; j < nUsed; j++) {
        if (unchecked(this.pos[j]) >= 0) continue;
        const a = unchecked(ra[j]);
        if (a != 0) unchecked((this.d[j] -= theta * a));
      }
      unchecked((this.d[q] = 0));
      unchecked((this.d[leaving] = -theta));
      this.pivot(r, q);
    }
  }

  /**
   * Bounded primal simplex from a primal feasible basis (Dantzig pricing; Bland's rule after a run
   * of degenerate pivots). Returns LP_OPTIMAL, LP_UNBOUNDED or LP_ITERLIMIT.
   */
  private primal(iterLimit: i32): i32 {
    const m = this.m;
    const nUsed = this.n + this.m;
    let degenerate = 0;
    let count = 0;
    while (true) {
      if (this.sinceFactor >= REFACTOR_EVERY) this.refresh();
      else this.computeDuals();
      const bland = degenerate > 50;
      let q = -1;
      let best: f64 = DTOL;
      let dir: f64 = 0;
      for (let j = 0; j < nUsed; j++) {
        if (unchecked(this.pos[j]) >= 0) continue;
        const dj = unchecked(this.d[j]);
        const xj = unchecked(this.x[j]);
        let score: f64 = 0;
        let s: f64 = 0;
        if (dj < -DTOL && xj < unchecked(this.ub[j]) - PTOL) {
          score = -dj;
          s = 1;
        } else if (dj > DTOL && xj > unchecked(this.lb[j]) + PTOL) {
          score = dj;
          s = -1;
        }
        if (s == 0) continue;
        if (bland) {
          q = j;
          dir = s;
          break;
        }
        if (score > best) {
          best = score;
          q = j;
          dir = s;
        }
      }
      if (q < 0) return LP_OPTIMAL;
      if (count++ >= iterLimit) return LP_ITERLIMIT;
      if ((count & 7) == 0 && pastDeadline()) return LP_TIMEOUT;
      this.ftran(q, this.alpha);
      const a = this.alpha;
      // Harris pass 1.
      let tMax: f64 = INF;
      for (let i = 0; i < m; i++) {
        const ai = unchecked(a[i]);
        if (absf(ai) < PIVTOL) continue;
        const t = this.primalRatio(unchecked(this.head[i]), -ai * dir, PTOL);
        if (t < tMax) tMax = t;
      }
      const range = unchecked(this.ub[q]) - unchecked(this.lb[q]);
      let r = -1;
      let step: f64 = 0;
      if (tMax < INF) {
        let bestA: f64 = 0;
        for (let i = 0; i < m; i++) {
          const ai = unchecked(a[i]);
          if (absf(ai) < PIVTOL) continue;
          const bj = unchecked(this.head[i]);
          // An infinite bound gives INF, which never passes `t <= tMax` (tMax is finite here).
          const t = this.primalRatio(bj, -ai * dir, 0);
          if (t <= tMax) {
            const better = bland ? r < 0 || bj < unchecked(this.head[r]) : absf(ai) > bestA;
            if (better) {
              bestA = absf(ai);
              r = i;
              step = t < 0 ? 0 : t;
            }
          }
        }
      }
      if (range < INF && (r < 0 || range <= step)) {
        // Bound flip: the entering variable reaches its other bound first.
        for (let i = 0; i < m; i++) {
          const bj = unchecked(this.head[i]);
          unchecked((this.x[bj] -= a[i] * dir * range));
        }
        unchecked((this.x[q] = dir > 0 ? this.ub[q] : this.lb[q]));
        degenerate = 0;
        continue;
      }
      if (r < 0) return LP_UNBOUNDED;
      const leaving = unchecked(this.head[r]);
      const delta = -unchecked(a[r]) * dir;
      for (let i = 0; i < m; i++) {
        const bj = unchecked(this.head[i]);
        unchecked((this.x[bj] -= a[i] * dir * step));
      }
      unchecked((this.x[q] += dir * step));
      unchecked((this.x[leaving] = delta < 0 ? this.lb[leaving] : this.ub[leaving]));
      if (step <= 1e-12) degenerate++;
      else degenerate = 0;
      this.pivot(r, q);
    }
  }
}
