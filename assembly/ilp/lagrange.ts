// Lagrangian bound for assignment-type structure: relax the partition rows sum_{j in r} x_j = 1
// with multipliers u_r; what is left splits into independent 0-1 knapsacks, one per capacity row,
// each solved exactly by dynamic programming over the (integral) capacity. This is the bound of
// Ross & Soland (1975) for the GAP, strengthened by Fisher, Jaikumar & Van Wassenhove (1986) with
// better multipliers; it equals the LP bound of Savelsbergh's (1997) set-partitioning formulation
// and is stronger than the LP relaxation whenever a knapsack's LP optimum is fractional.
//
// L(u) = sum_r u_r + sum_k min { sum_j (c_j - u(j)) x_j : knapsack k } + (columns in no knapsack).
// Any u gives a valid lower bound (minimisation). Multipliers start from the LP duals of the
// partition rows (which make L(u) >= LP of the same rows) and are improved by subgradient
// optimisation with Polyak steps (Held, Wolfe & Crowder 1974). Rows of any other kind are dropped,
// which keeps the bound valid. When a subgradient is zero the knapsack solution satisfies every
// partition row and is offered as a solution (the caller checks the remaining rows).

import { INF, Lp, pastDeadline } from "./lp";
import { Rows } from "./propagate";

export class Lagrange {
  enabled: bool = false;
  n: i32;
  // Partition rows (indices into rows) and knapsack rows.
  part: Array<i32> = new Array<i32>();
  knap: Array<i32> = new Array<i32>();
  knapOf: Int32Array;
  weight: Int32Array;
  u: Float64Array;
  uBest: Float64Array;
  hasBest: bool = false;
  rc: Float64Array;
  xs: Uint8Array;
  g: Float64Array;
  dp: Float64Array = new Float64Array(1);
  keep: Uint8Array = new Uint8Array(1);
  items: Int32Array;
  evaluations: f64 = 0;
  feasible: bool = false;
  // Lagrangian heuristic (GAP-like structure only: every column in one partition and one knapsack row).
  heurOk: bool = false;
  partOf: Int32Array;
  load: Float64Array = new Float64Array(0);
  choice: Int32Array = new Int32Array(0);
  heurX: Float64Array;
  heurObj: f64 = INF;
  heurFound: bool = false;
  uNode: Float64Array;
  ftab: Float64Array = new Float64Array(1);
  bvec: Float64Array = new Float64Array(1);
  nonCand: Int32Array;

  constructor(n: i32, m: i32) {
    this.n = n;
    this.knapOf = new Int32Array(n);
    this.weight = new Int32Array(n);
    this.rc = new Float64Array(n);
    this.xs = new Uint8Array(n);
    this.items = new Int32Array(n);
    this.u = new Float64Array(m);
    this.uBest = new Float64Array(m);
    this.g = new Float64Array(m);
    this.partOf = new Int32Array(n);
    this.heurX = new Float64Array(n);
    this.uNode = new Float64Array(m);
    this.nonCand = new Int32Array(n);
  }

  /** Finds the partition and knapsack rows; enables the bound when both exist and the DP is small. */
  init(m: i32, rows: Rows, isInt: Uint8Array, lb: Float64Array, ub: Float64Array): void {
    const n = this.n;
    for (let j = 0; j < n; j++) {
      unchecked((this.knapOf[j] = -1));
      unchecked((this.partOf[j] = -1));
    }
    const inPart = new Int32Array(n);
    const rs = rows.rowStart;
    const ci = rows.colIdx;
    const rv = rows.val;
    let maxCap: f64 = 0;
    let work: f64 = 0;
    for (let i = 0; i < m; i++) {
      const lo = unchecked(lb[n + i]);
      const up = unchecked(ub[n + i]);
      let binary = true;
      let unit = true;
      let posInt = true;
      let free = true;
      for (let p = unchecked(rs[i]); p < unchecked(rs[i + 1]); p++) {
        const j = unchecked(ci[p]);
        const a = unchecked(rv[p]);
        if (unchecked(isInt[j]) == 0 || unchecked(lb[j]) < 0 || unchecked(ub[j]) > 1) binary = false;
        if (a != 1) unit = false;
        if (!(a > 0) || a != Math.floor(a) || a > 1e7) posInt = false;
        if (unchecked(this.knapOf[j]) >= 0) free = false;
      }
      if (!binary) continue;
      if (unit && lo == 1 && up == 1) {
        const t = this.part.length;
        this.part.push(i);
        for (let p = unchecked(rs[i]); p < unchecked(rs[i + 1]); p++) {
          const j = unchecked(ci[p]);
          unchecked((inPart[j] += 1));
          unchecked((this.partOf[j] = inPart[j] == 1 ? t : -2));
        }
      } else if (posInt && free && lo <= -INF && up < INF && up >= 0 && up == Math.floor(up) && up <= 1e6) {
        const k = this.knap.length;
        this.knap.push(i);
        for (let p = unchecked(rs[i]); p < unchecked(rs[i + 1]); p++) {
          const j = unchecked(ci[p]);
          unchecked((this.knapOf[j] = k));
          unchecked((this.weight[j] = <i32>rv[p]));
        }
        if (up > maxCap) maxCap = up;
        work += (up + 1) * <f64>(unchecked(rs[i + 1]) - unchecked(rs[i]));
      }
    }
    // Worth it only with both kinds of rows and knapsacks small enough for the DP.
    if (this.part.length == 0 || this.knap.length == 0 || work > 4e6) return;
    this.dp = new Float64Array(<i32>maxCap + 1);
    let maxItems = 0;
    for (let k = 0; k < this.knap.length; k++) {
      const i = this.knap[k];
      const c = unchecked(rs[i + 1]) - unchecked(rs[i]);
      if (c > maxItems) maxItems = c;
    }
    this.keep = new Uint8Array(maxItems * (<i32>maxCap + 1));
    this.ftab = new Float64Array((maxItems + 1) * (<i32>maxCap + 1));
    this.bvec = new Float64Array(<i32>maxCap + 1);
    this.enabled = true;
    let all = true;
    for (let j = 0; j < n; j++) if (unchecked(this.partOf[j]) < 0 || unchecked(this.knapOf[j]) < 0) all = false;
    this.heurOk = all;
    this.load = new Float64Array(this.knap.length);
    this.choice = new Int32Array(this.part.length);
  }

  /**
   * L(u) for the current node bounds in lp.lb/ub and multipliers this.u (indexed by row); fills
   * the knapsack solution xs and the subgradient g of the partition rows. Returns INF when some
   * knapsack cannot hold the columns fixed to one.
   */
  evaluate(lp: Lp, rows: Rows, cost: Float64Array): f64 {
    this.evaluations += 1;
    const n = this.n;
    const rc = this.rc;
    for (let j = 0; j < n; j++) unchecked((rc[j] = cost[j]));
    let total: f64 = 0;
    const rs = rows.rowStart;
    const ci = rows.colIdx;
    for (let t = 0; t < this.part.length; t++) {
      const r = this.part[t];
      const ur = unchecked(this.u[r]);
      total += ur;
      for (let p = unchecked(rs[r]); p < unchecked(rs[r + 1]); p++) unchecked((rc[ci[p]] -= ur));
    }
    const lb = lp.lb;
    const ub = lp.ub;
    // Columns outside every knapsack: each at its cheaper bound.
    for (let j = 0; j < n; j++) {
      unchecked((this.xs[j] = 0));
      if (unchecked(this.knapOf[j]) >= 0) continue;
      const l = unchecked(lb[j]);
      const h = unchecked(ub[j]);
      const v = unchecked(rc[j]) < 0 ? h : l;
      total += unchecked(rc[j]) * v;
      if (v > 0.5) unchecked((this.xs[j] = 1));
    }
    const dp = this.dp;
    const keep = this.keep;
    const items = this.items;
    for (let k = 0; k < this.knap.length; k++) {
      const i = this.knap[k];
      let cap = <i32>unchecked(ub[n + i]);
      let cnt = 0;
      for (let p = unchecked(rs[i]); p < unchecked(rs[i + 1]); p++) {
        const j = unchecked(ci[p]);
        if (unchecked(ub[j]) < 0.5) continue;
        if (unchecked(lb[j]) > 0.5) {
          cap -= unchecked(this.weight[j]);
          total += unchecked(rc[j]);
          unchecked((this.xs[j] = 1));
          continue;
        }
        if (unchecked(rc[j]) < 0) unchecked((items[cnt++] = j));
      }
      if (cap < 0) return INF;
      if (cnt == 0) continue;
      // 0-1 knapsack: maximise sum(-rc) within cap; dp[c] = best profit with weight <= c.
      for (let c = 0; c <= cap; c++) unchecked((dp[c] = 0));
      const stride = cap + 1;
      for (let t = 0; t < cnt; t++) {
        const j = unchecked(items[t]);
        const w = unchecked(this.weight[j]);
        const pr = -unchecked(rc[j]);
        const base = t * stride;
        for (let c = cap; c >= 0; c--) {
          if (c >= w) {
            const cand = unchecked(dp[c - w]) + pr;
            if (cand > unchecked(dp[c])) {
              unchecked((dp[c] = cand));
              unchecked((keep[base + c] = 1));
              continue;
            }
          }
          unchecked((keep[base + c] = 0));
        }
      }
      total -= unchecked(dp[cap]);
      let c = cap;
      for (let t = cnt - 1; t >= 0; t--) {
        if (unchecked(keep[t * stride + c]) != 0) {
          const j = unchecked(items[t]);
          unchecked((this.xs[j] = 1));
          c -= unchecked(this.weight[j]);
        }
      }
    }
    for (let t = 0; t < this.part.length; t++) {
      const r = this.part[t];
      let s: f64 = 1;
      for (let p = unchecked(rs[r]); p < unchecked(rs[r + 1]); p++) s -= <f64>unchecked(this.xs[ci[p]]);
      unchecked((this.g[r] = s));
    }
    return total;
  }

  /**
   * Subgradient optimisation from the LP duals (and from the best multipliers seen so far);
   * returns the best bound found, stopping early once it exceeds `cutoff`. `target` is the Polyak
   * step's target value (the incumbent, or a guess above the bound). Calls `found` with the
   * knapsack solution whenever it satisfies every partition row.
   */
  improve(
    lp: Lp,
    rows: Rows,
    cost: Float64Array,
    iterations: i32,
    cutoff: f64,
    target: f64,
    rootLb: Float64Array,
    rootUb: Float64Array,
    heurEvery: i32,
  ): f64 {
    this.heurFound = false;
    let best: f64 = -INF;
    // Start: LP duals of the partition rows.
    for (let t = 0; t < this.part.length; t++) {
      const r = this.part[t];
      unchecked((this.u[r] = lp.y[r]));
    }
    let cur = this.evaluate(lp, rows, cost);
    if (cur >= INF) return INF;
    if (this.hasBest) {
      // Also try the multipliers that did best before; keep whichever start is better.
      for (let t = 0; t < this.part.length; t++) {
        const r = this.part[t];
        unchecked((this.u[r] = this.uBest[r]));
      }
      const alt = this.evaluate(lp, rows, cost);
      if (alt >= INF) return INF;
      if (alt < cur) {
        for (let t = 0; t < this.part.length; t++) {
          const r = this.part[t];
          unchecked((this.u[r] = lp.y[r]));
        }
        cur = this.evaluate(lp, rows, cost);
      } else cur = alt;
    }
    this.feasible = false;
    best = cur;
    this.saveNodeU();
    if (best > cutoff) return best;
    let lambda: f64 = 1.0;
    let stall = 0;
    const tgt = target > best ? target : best + 1e-3 * (1 + Math.abs(best));
    for (let it = 0; it < iterations; it++) {
      if ((it & 3) == 3 && pastDeadline()) break;
      let norm: f64 = 0;
      for (let t = 0; t < this.part.length; t++) {
        const gv = unchecked(this.g[this.part[t]]);
        norm += gv * gv;
      }
      if (norm == 0) {
        this.feasible = true;
        break;
      }
      const step = (lambda * (tgt - cur)) / norm;
      for (let t = 0; t < this.part.length; t++) {
        const r = this.part[t];
        unchecked((this.u[r] += step * this.g[r]));
      }
      cur = this.evaluate(lp, rows, cost);
      if (cur >= INF) return INF;
      if (it % heurEvery == 0) this.repair(rows, cost, rootLb, rootUb);
      if (cur > best + 1e-9) {
        best = cur;
        stall = 0;
        this.saveNodeU();
        for (let t = 0; t < this.part.length; t++) {
          const r = this.part[t];
          unchecked((this.uBest[r] = this.u[r]));
        }
        this.hasBest = true;
        if (best > cutoff) break;
      } else if (++stall >= 3) {
        lambda *= 0.5;
        stall = 0;
        if (lambda < 1e-3) break;
      }
    }
    return best;
  }

  /**
   * Lagrangian heuristic (Fisher 1981, sect. 5; Jornsten & Nasberg 1986): keep, for every partition
   * row, the cheapest column the knapsacks chose that still fits; give the rows left over the
   * cheapest column that fits; then shift single columns while that lowers the cost. Works on the
   * root bounds, so what it finds is feasible for the whole model (the caller checks every row).
   */
  repair(rows: Rows, cost: Float64Array, rootLb: Float64Array, rootUb: Float64Array): void {
    if (!this.heurOk) return;
    const n = this.n;
    const rs = rows.rowStart;
    const ci = rows.colIdx;
    const P = this.part.length;
    const K = this.knap.length;
    const load = this.load;
    const cap = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      unchecked((load[k] = 0));
      unchecked((cap[k] = rootUb[n + this.knap[k]]));
    }
    const choice = this.choice;
    for (let t = 0; t < P; t++) {
      unchecked((choice[t] = -1));
      const r = this.part[t];
      for (let p = unchecked(rs[r]); p < unchecked(rs[r + 1]); p++) {
        const j = unchecked(ci[p]);
        if (unchecked(rootLb[j]) > 0.5) {
          unchecked((choice[t] = j));
          const k = unchecked(this.knapOf[j]);
          unchecked((load[k] += <f64>this.weight[j]));
        }
      }
    }
    // Knapsack choices, cheapest first within a row.
    for (let t = 0; t < P; t++) {
      if (unchecked(choice[t]) >= 0) continue;
      const r = this.part[t];
      let best = -1;
      let bc: f64 = INF;
      for (let p = unchecked(rs[r]); p < unchecked(rs[r + 1]); p++) {
        const j = unchecked(ci[p]);
        if (unchecked(this.xs[j]) == 0 || unchecked(rootUb[j]) < 0.5) continue;
        const k = unchecked(this.knapOf[j]);
        if (unchecked(load[k]) + <f64>unchecked(this.weight[j]) > unchecked(cap[k])) continue;
        if (unchecked(cost[j]) < bc) {
          bc = unchecked(cost[j]);
          best = j;
        }
      }
      if (best >= 0) {
        unchecked((choice[t] = best));
        unchecked((load[this.knapOf[best]] += <f64>this.weight[best]));
      }
    }
    // Left-over rows: the largest "regret" first, then the cheapest column that fits.
    while (true) {
      let pick = -1;
      let pickCol = -1;
      let pickRegret: f64 = -INF;
      for (let t = 0; t < P; t++) {
        if (unchecked(choice[t]) >= 0) continue;
        const r = this.part[t];
        let b1: f64 = INF;
        let b2: f64 = INF;
        let bj = -1;
        for (let p = unchecked(rs[r]); p < unchecked(rs[r + 1]); p++) {
          const j = unchecked(ci[p]);
          if (unchecked(rootUb[j]) < 0.5) continue;
          const k = unchecked(this.knapOf[j]);
          if (unchecked(load[k]) + <f64>unchecked(this.weight[j]) > unchecked(cap[k])) continue;
          const c = unchecked(cost[j]);
          if (c < b1) {
            b2 = b1;
            b1 = c;
            bj = j;
          } else if (c < b2) b2 = c;
        }
        if (bj < 0) return; // no column fits: give up
        const regret = b2 >= INF ? INF : b2 - b1;
        if (regret > pickRegret) {
          pickRegret = regret;
          pick = t;
          pickCol = bj;
        }
      }
      if (pick < 0) break;
      unchecked((choice[pick] = pickCol));
      unchecked((load[this.knapOf[pickCol]] += <f64>this.weight[pickCol]));
    }
    // Shift moves: move a row to a cheaper column that fits, until none improves.
    for (let pass = 0; pass < 20; pass++) {
      let improved = false;
      for (let t = 0; t < P; t++) {
        const cur = unchecked(choice[t]);
        if (unchecked(rootLb[cur]) > 0.5) continue;
        const r = this.part[t];
        const kc = unchecked(this.knapOf[cur]);
        let best = cur;
        let bc = unchecked(cost[cur]);
        for (let p = unchecked(rs[r]); p < unchecked(rs[r + 1]); p++) {
          const j = unchecked(ci[p]);
          if (j == cur || unchecked(rootUb[j]) < 0.5) continue;
          const k = unchecked(this.knapOf[j]);
          const extra = k == kc ? -<f64>unchecked(this.weight[cur]) : 0;
          if (unchecked(load[k]) + extra + <f64>unchecked(this.weight[j]) > unchecked(cap[k])) continue;
          if (unchecked(cost[j]) < bc - 1e-12) {
            bc = unchecked(cost[j]);
            best = j;
          }
        }
        if (best != cur) {
          unchecked((load[kc] -= <f64>this.weight[cur]));
          unchecked((load[this.knapOf[best]] += <f64>this.weight[best]));
          unchecked((choice[t] = best));
          improved = true;
        }
      }
      if (!improved) break;
    }
    let obj: f64 = 0;
    for (let t = 0; t < P; t++) obj += unchecked(cost[choice[t]]);
    if (obj < this.heurObj - 1e-9) {
      this.heurObj = obj;
      const x = this.heurX;
      for (let j = 0; j < n; j++) unchecked((x[j] = 0));
      for (let t = 0; t < P; t++) unchecked((x[choice[t]] = 1));
      this.heurFound = true;
    }
  }

  private saveNodeU(): void {
    for (let t = 0; t < this.part.length; t++) {
      const r = this.part[t];
      unchecked((this.uNode[r] = this.u[r]));
    }
  }

  /**
   * Lagrangian penalty fixing at the node's best multipliers: a column whose forced opposite value
   * raises a knapsack's optimum by more than cutoff - L cannot be part of any better solution, so
   * it is fixed. Forced values come exactly from a forward DP table and a backward DP pass
   * (the usual prefix/suffix combination of knapsack tables). New bounds go to lp.lb/ub and to the
   * fix lists. Returns true when a fixed column's LP value violates its new bound.
   */
  penaltyFix(lp: Lp, rows: Rows, cost: Float64Array, cutoff: f64, fv: Array<i32>, flo: Array<f64>, fup: Array<f64>): bool {
    for (let t = 0; t < this.part.length; t++) {
      const r = this.part[t];
      unchecked((this.u[r] = this.uNode[r]));
    }
    const L = this.evaluate(lp, rows, cost);
    if (L >= INF) return false;
    const slack = cutoff - L;
    if (slack < 0) return false;
    const n = this.n;
    const rs = rows.rowStart;
    const ci = rows.colIdx;
    const lb = lp.lb;
    const ub = lp.ub;
    const rc = this.rc;
    const items = this.items;
    const nc = this.nonCand;
    const F = this.ftab;
    const Bv = this.bvec;
    let conflict = false;
    for (let k = 0; k < this.knap.length; k++) {
      const i = this.knap[k];
      let cap = <i32>unchecked(ub[n + i]);
      let cnt = 0;
      let ncn = 0;
      for (let p = unchecked(rs[i]); p < unchecked(rs[i + 1]); p++) {
        const j = unchecked(ci[p]);
        if (unchecked(ub[j]) < 0.5) continue;
        if (unchecked(lb[j]) > 0.5) {
          cap -= unchecked(this.weight[j]);
          continue;
        }
        if (unchecked(rc[j]) < 0) unchecked((items[cnt++] = j));
        else unchecked((nc[ncn++] = j));
      }
      if (cap < 0) continue;
      const stride = cap + 1;
      for (let c = 0; c <= cap; c++) unchecked((F[c] = 0));
      for (let t = 0; t < cnt; t++) {
        const j = unchecked(items[t]);
        const w = unchecked(this.weight[j]);
        const pr = -unchecked(rc[j]);
        const src = t * stride;
        const dst = src + stride;
        for (let c = 0; c <= cap; c++) {
          let v = unchecked(F[src + c]);
          if (c >= w) {
            const cand = unchecked(F[src + c - w]) + pr;
            if (cand > v) v = cand;
          }
          unchecked((F[dst + c] = v));
        }
      }
      const last = cnt * stride;
      const V = unchecked(F[last + cap]);
      for (let q = 0; q < ncn; q++) {
        const j = unchecked(nc[q]);
        const w = unchecked(this.weight[j]);
        let pen: f64;
        if (w > cap) pen = INF;
        else pen = V - (unchecked(F[last + cap - w]) - unchecked(rc[j]));
        if (pen > slack) {
          this.fix(lp, j, 0, 0, fv, flo, fup);
          if (unchecked(lp.x[j]) > 1e-6) conflict = true;
        }
      }
      for (let c = 0; c <= cap; c++) unchecked((Bv[c] = 0));
      for (let t = cnt - 1; t >= 0; t--) {
        const j = unchecked(items[t]);
        const w = unchecked(this.weight[j]);
        const pr = -unchecked(rc[j]);
        const row = t * stride;
        if (unchecked(this.xs[j]) != 0) {
          let best: f64 = 0;
          for (let c = 0; c <= cap; c++) {
            const v = unchecked(F[row + c]) + unchecked(Bv[cap - c]);
            if (v > best) best = v;
          }
          if (V - best > slack) {
            this.fix(lp, j, 1, 1, fv, flo, fup);
            if (unchecked(lp.x[j]) < 1 - 1e-6) conflict = true;
          }
        } else {
          let pen: f64 = INF;
          if (w <= cap) {
            let best: f64 = -INF;
            const room = cap - w;
            for (let c = 0; c <= room; c++) {
              const v = unchecked(F[row + c]) + unchecked(Bv[room - c]);
              if (v > best) best = v;
            }
            pen = V - (best + pr);
          }
          if (pen > slack) {
            this.fix(lp, j, 0, 0, fv, flo, fup);
            if (unchecked(lp.x[j]) > 1e-6) conflict = true;
          }
        }
        for (let c = cap; c >= w; c--) {
          const cand = unchecked(Bv[c - w]) + pr;
          if (cand > unchecked(Bv[c])) unchecked((Bv[c] = cand));
        }
      }
    }
    return conflict;
  }

  private fix(lp: Lp, j: i32, lo: f64, up: f64, fv: Array<i32>, flo: Array<f64>, fup: Array<f64>): void {
    fv.push(j);
    flo.push(lo);
    fup.push(up);
    unchecked((lp.lb[j] = lo));
    unchecked((lp.ub[j] = up));
  }
}
