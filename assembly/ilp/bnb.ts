// LP-based branch and bound (Land & Doig 1960) for minimise c'x over rows lo <= Ax <= up, bounds
// and integrality.
//
// - Node selection: best bound (the heap), with depth-first dives: after a node is branched its
//   up child is solved next at once, so incumbents come early and the basis stays warm.
// - Every node re-optimises from the basis left by the previous node with the dual simplex: an
//   optimal basis stays dual feasible under any bound change, so no basis is stored per node.
// - Nodes keep only their branching bound and their reduced-cost fixings and a parent link;
//   a node's bounds are rebuilt by walking to the root.
// - Bound propagation on every node (propagate.ts); reduced-cost fixing (Dantzig/Fulkerson/
//   Johnson 1954; Nemhauser & Wolsey 1988, II.5.2) whenever an incumbent exists.
// - Branching: pseudocosts (Benichou et al. 1971) with the product score (Achterberg 2007).
// - When every objective coefficient of an integer column is integral and continuous columns
//   have zero cost, bounds are rounded up: a node is pruned when ceil(z) >= incumbent.

import { INF, Lp, LP_INFEASIBLE, LP_ITERLIMIT, LP_OPTIMAL, LP_TIMEOUT, LP_UNBOUNDED, setDeadline } from "./lp";
import { NodeHeap } from "./heap";
import { propagate, Rows } from "./propagate";
import { separateCovers } from "./cuts";
import { Lagrange } from "./lagrange";

@external("env", "now")
declare function now(): f64;

export const ST_RUNNING: i32 = 0;
export const ST_OPTIMAL: i32 = 1;
export const ST_INFEASIBLE: i32 = 2;
export const ST_UNBOUNDED: i32 = 3;
export const ST_STOPPED: i32 = 4;

const INT_TOL: f64 = 1e-6;
const NODE_TIMEOUT: i32 = -2;

export class BranchAndBound {
  lp: Lp;
  n: i32;
  m: i32;
  isInt: Uint8Array;
  trueCost: Float64Array;
  rootLb: Float64Array;
  rootUb: Float64Array;
  rows: Rows = new Rows();
  objIntegral: bool = true;

  incumbent: Float64Array;
  incObj: f64 = INF;
  hasIncumbent: bool = false;

  // Node store (parallel arrays, grown by doubling).
  cap: i32 = 0;
  count: i32 = 0;
  parent: Int32Array = new Int32Array(0);
  bvar: Int32Array = new Int32Array(0);
  bdir: Int8Array = new Int8Array(0);
  bfrac: Float64Array = new Float64Array(0);
  bval: Float64Array = new Float64Array(0);
  fixStart: Int32Array = new Int32Array(0);
  fixCount: Int32Array = new Int32Array(0);
  nodeBound: Float64Array = new Float64Array(0);
  depth: Int32Array = new Int32Array(0);
  // Reduced-cost fixings: variable, new lower, new upper.
  fixVar: Array<i32> = new Array<i32>();
  fixLo: Array<f64> = new Array<f64>();
  fixUp: Array<f64> = new Array<f64>();

  heap: NodeHeap = new NodeHeap();
  current: i32 = -1;
  currentBound: f64 = -INF;
  status: i32 = ST_RUNNING;
  started: bool = false;
  incomplete: bool = false;
  nodesSolved: f64 = 0;
  cutsAdded: i32 = 0;
  cutCap: i32;
  lag: Lagrange;
  lagIterationsRoot: i32 = 300;
  lagIterationsNode: i32 = 100;
  heurEveryNode: i32 = 5;
  /** 0: always dive into the up child; 1: pure best bound; 2: dive only until an incumbent exists. */
  diveMode: i32 = 2;

  pcDownSum: Float64Array;
  pcDownCnt: Int32Array;
  pcUpSum: Float64Array;
  pcUpCnt: Int32Array;

  constructor(
    n: i32,
    m: i32,
    cutCap: i32,
    colStart: Int32Array,
    rowIdx: Int32Array,
    val: Float64Array,
    cost: Float64Array,
    lb: Float64Array,
    ub: Float64Array,
    rowLo: Float64Array,
    rowUp: Float64Array,
    isInt: Uint8Array,
  ) {
    this.lag = new Lagrange(n, m);
    this.n = n;
    this.m = m;
    this.cutCap = cutCap;
    const lp = new Lp(n, m + cutCap);
    this.lp = lp;
    const nt = n + m + cutCap;
    this.rootLb = new Float64Array(nt);
    this.rootUb = new Float64Array(nt);
    this.trueCost = new Float64Array(nt);
    this.isInt = isInt;
    this.incumbent = new Float64Array(n);
    this.pcDownSum = new Float64Array(n);
    this.pcDownCnt = new Int32Array(n);
    this.pcUpSum = new Float64Array(n);
    this.pcUpCnt = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      unchecked((lp.cost[j] = cost[j]));
      unchecked((this.trueCost[j] = cost[j]));
      let l = unchecked(lb[j]);
      let u = unchecked(ub[j]);
      if (unchecked(isInt[j]) != 0) {
        l = Math.ceil(l - INT_TOL);
        u = Math.floor(u + INT_TOL);
        if (cost[j] != Math.floor(cost[j])) this.objIntegral = false;
      } else if (cost[j] != 0) this.objIntegral = false;
      unchecked((this.rootLb[j] = l));
      unchecked((this.rootUb[j] = u));
    }
    for (let i = 0; i < m; i++) {
      unchecked((this.rootLb[n + i] = rowLo[i]));
      unchecked((this.rootUb[n + i] = rowUp[i]));
    }
    lp.setColumns(m, colStart, rowIdx, val);
    this.rows.build(n, m, colStart, rowIdx, val);
    this.lag.init(m, this.rows, isInt, this.rootLb, this.rootUb);
  }

  /** Accepts x as incumbent if it is integral, within bounds and rows, and better. */
  offer(x: Float64Array): bool {
    const n = this.n;
    for (let j = 0; j < n; j++) {
      const v = unchecked(x[j]);
      if (v < unchecked(this.rootLb[j]) - 1e-6 || v > unchecked(this.rootUb[j]) + 1e-6) return false;
      if (unchecked(this.isInt[j]) != 0 && Math.abs(v - Math.round(v)) > 1e-6) return false;
    }
    const rows = this.rows;
    for (let i = 0; i < this.m; i++) {
      let s: f64 = 0;
      for (let p = unchecked(rows.rowStart[i]); p < unchecked(rows.rowStart[i + 1]); p++) {
        s += unchecked(rows.val[p]) * unchecked(x[rows.colIdx[p]]);
      }
      const tol = 1e-6 * (1 + Math.abs(s));
      if (s < unchecked(this.rootLb[n + i]) - tol || s > unchecked(this.rootUb[n + i]) + tol) return false;
    }
    let obj: f64 = 0;
    for (let j = 0; j < n; j++) obj += unchecked(this.trueCost[j]) * unchecked(x[j]);
    if (obj >= this.incObj) return false;
    this.incObj = obj;
    this.hasIncumbent = true;
    for (let j = 0; j < n; j++) unchecked((this.incumbent[j] = this.isInt[j] != 0 ? Math.round(x[j]) : x[j]));
    return true;
  }

  /** A node with LP value z cannot hold a solution better than the incumbent. */
  @inline prunable(z: f64): bool {
    if (!this.hasIncumbent) return false;
    if (this.objIntegral) return z > this.incObj - 1 + 1e-6;
    return z >= this.incObj - 1e-9 * (1 + Math.abs(this.incObj));
  }

  /** Best proven lower bound so far. */
  globalBound(): f64 {
    if (this.status == ST_OPTIMAL) return this.incObj;
    let b = this.heap.minKey();
    if (this.current >= 0 && this.currentBound < b) b = this.currentBound;
    if (this.hasIncumbent && this.incObj < b) b = this.incObj;
    if (this.objIntegral && b > -INF && b < INF) b = Math.ceil(b - 1e-6);
    return b;
  }

  private newNode(par: i32, v: i32, dir: i8, frac: f64, value: f64, bound: f64, dep: i32): i32 {
    if (this.count == this.cap) this.grow();
    const k = this.count++;
    unchecked((this.parent[k] = par));
    unchecked((this.bvar[k] = v));
    unchecked((this.bdir[k] = dir));
    unchecked((this.bfrac[k] = frac));
    unchecked((this.bval[k] = value));
    unchecked((this.fixStart[k] = 0));
    unchecked((this.fixCount[k] = 0));
    unchecked((this.nodeBound[k] = bound));
    unchecked((this.depth[k] = dep));
    return k;
  }

  private grow(): void {
    const c = this.cap == 0 ? 1024 : this.cap * 2;
    const p = new Int32Array(c);
    const bv = new Int32Array(c);
    const bd = new Int8Array(c);
    const bf = new Float64Array(c);
    const bl = new Float64Array(c);
    const fs = new Int32Array(c);
    const fc = new Int32Array(c);
    const nb = new Float64Array(c);
    const dp = new Int32Array(c);
    for (let i = 0; i < this.count; i++) {
      unchecked((p[i] = this.parent[i]));
      unchecked((bv[i] = this.bvar[i]));
      unchecked((bd[i] = this.bdir[i]));
      unchecked((bf[i] = this.bfrac[i]));
      unchecked((bl[i] = this.bval[i]));
      unchecked((fs[i] = this.fixStart[i]));
      unchecked((fc[i] = this.fixCount[i]));
      unchecked((nb[i] = this.nodeBound[i]));
      unchecked((dp[i] = this.depth[i]));
    }
    this.parent = p;
    this.bvar = bv;
    this.bdir = bd;
    this.bfrac = bf;
    this.bval = bl;
    this.fixStart = fs;
    this.fixCount = fc;
    this.nodeBound = nb;
    this.depth = dp;
    this.cap = c;
  }

  /** Current bounds := root bounds tightened by every branching and fixing on the path. */
  private applyNode(k: i32): void {
    const lp = this.lp;
    const nt = this.n + lp.m;
    for (let j = 0; j < nt; j++) {
      unchecked((lp.lb[j] = this.rootLb[j]));
      unchecked((lp.ub[j] = this.rootUb[j]));
    }
    let c = k;
    while (c > 0) {
      const v = unchecked(this.bvar[c]);
      const val = unchecked(this.bval[c]);
      if (unchecked(this.bdir[c]) < 0) {
        if (val < unchecked(lp.ub[v])) unchecked((lp.ub[v] = val));
      } else if (val > unchecked(lp.lb[v])) unchecked((lp.lb[v] = val));
      const fsn = unchecked(this.fixStart[c]);
      const fcn = unchecked(this.fixCount[c]);
      for (let f = fsn; f < fsn + fcn; f++) {
        const fv = this.fixVar[f];
        if (this.fixLo[f] > unchecked(lp.lb[fv])) unchecked((lp.lb[fv] = this.fixLo[f]));
        if (this.fixUp[f] < unchecked(lp.ub[fv])) unchecked((lp.ub[fv] = this.fixUp[f]));
      }
      c = unchecked(this.parent[c]);
    }
  }

  /** Root LP, cover cuts and the first node. */
  private startRoot(): void {
    this.newNode(-1, -1, 0, 0, 0, -INF, 0);
    this.started = true;
    this.current = 0;
    this.currentBound = -INF;
  }

  /**
   * Runs until the search ends, `sliceEnd` passes (checked between nodes), the hard `deadline`
   * passes (checked inside LPs and bounds too) or `nodeLimit` nodes were solved (ms on the env.now
   * clock). Returns the status (ST_RUNNING when paused).
   */
  run(sliceEnd: f64, deadline: f64, nodeLimit: f64): i32 {
    if (this.status != ST_RUNNING) return this.status;
    setDeadline(deadline);
    if (!this.started) this.startRoot();
    while (true) {
      if (this.current < 0) {
        const k = this.heap.pop();
        if (k < 0) {
          this.status = this.incomplete ? ST_STOPPED : this.hasIncumbent ? ST_OPTIMAL : ST_INFEASIBLE;
          return this.status;
        }
        if (this.prunable(unchecked(this.nodeBound[k]))) continue;
        this.current = k;
        this.currentBound = unchecked(this.nodeBound[k]);
      }
      const t = now();
      if (t >= sliceEnd || t >= deadline || this.nodesSolved >= nodeLimit) return ST_RUNNING;
      const next = this.solveNode(this.current);
      if (this.status != ST_RUNNING) return this.status;
      if (next == NODE_TIMEOUT) {
        // The deadline interrupted this node: it stays current and is solved again on resume.
        this.nodesSolved -= 1;
        return ST_RUNNING;
      }
      this.current = next;
      if (next >= 0) this.currentBound = unchecked(this.nodeBound[next]);
    }
  }

  /** Solves node k; returns the child to dive into, or -1. */
  private solveNode(k: i32): i32 {
    const lp = this.lp;
    const n = this.n;
    this.nodesSolved += 1;
    this.applyNode(k);
    for (let j = 0; j < n; j++) if (unchecked(lp.lb[j]) > unchecked(lp.ub[j])) return -1;
    if (!propagate(this.rows, n, this.isInt, lp.lb, lp.ub, 4)) return -1;
    const iterLimit = 20 * (n + lp.m) + 1000;
    const fixBegin = this.fixVar.length;
    let z: f64 = 0;
    let zLp: f64 = 0;
    // Solve, bound, fix; when fixings cut off the LP point, re-solve (at most a few rounds).
    for (let round = 0; ; round++) {
      let st = lp.solve(iterLimit);
      if (st == LP_ITERLIMIT) {
        lp.slackBasis();
        st = lp.solve(iterLimit * 4);
      }
      if (st == LP_TIMEOUT) return NODE_TIMEOUT;
      if (st == LP_ITERLIMIT) {
        this.incomplete = true;
        return -1;
      }
      if (st == LP_INFEASIBLE) return -1;
      if (st == LP_UNBOUNDED) {
        // Unbounded relaxation: the MILP is unbounded or infeasible; we report unbounded only at
        // the root, where it is the LP's verdict on the whole model.
        if (k == 0 && round == 0) this.status = ST_UNBOUNDED;
        else this.incomplete = true;
        return -1;
      }
      z = lp.objective;
      if (round == 0 && k > 0) {
        // Pseudocost update from the parent's bound.
        const v = unchecked(this.bvar[k]);
        const gain = (z - unchecked(this.nodeBound[k])) / unchecked(this.bfrac[k]);
        if (gain >= 0) {
          if (unchecked(this.bdir[k]) < 0) {
            unchecked((this.pcDownSum[v] += gain));
            unchecked((this.pcDownCnt[v] += 1));
          } else {
            unchecked((this.pcUpSum[v] += gain));
            unchecked((this.pcUpCnt[v] += 1));
          }
        }
      }
      if (round == 0 && k == 0 && this.cutCap > 0) {
        z = this.rootCuts(z, iterLimit);
        if (this.status != ST_RUNNING || z >= INF) return -1;
      }
      if (this.prunable(z)) return -1;
      zLp = z;
      const lag = this.lag;
      if (lag.enabled) {
        const cutoff = !this.hasIncumbent ? INF : this.objIntegral ? this.incObj - 1 + 1e-6 : this.incObj;
        const target = this.hasIncumbent ? this.incObj : z + 0.01 * (1 + Math.abs(z));
        const iters = k == 0 && round == 0 ? this.lagIterationsRoot : this.lagIterationsNode;
        if (this.hasIncumbent && this.incObj < lag.heurObj) lag.heurObj = this.incObj;
        const lz = lag.improve(lp, this.rows, this.trueCost, iters, cutoff, target, this.rootLb, this.rootUb, k == 0 ? 1 : this.heurEveryNode);
        if (lag.heurFound) this.offer(lag.heurX);
        if (lz >= INF) return -1;
        if (lag.feasible) {
          const xs = new Float64Array(n);
          for (let j = 0; j < n; j++) unchecked((xs[j] = <f64>lag.xs[j]));
          this.offer(xs);
        }
        if (lz > z) z = lz;
      }
      if (this.prunable(z)) return -1;
      let conflict = false;
      if (lag.enabled && this.hasIncumbent) {
        const cutoff = this.objIntegral ? this.incObj - 1 + 1e-6 : this.incObj;
        conflict = lag.penaltyFix(lp, this.rows, this.trueCost, cutoff, this.fixVar, this.fixLo, this.fixUp);
      }
      this.reducedCostFixing(zLp);
      if (!conflict || round >= 3) break;
      if (!propagate(this.rows, n, this.isInt, lp.lb, lp.ub, 4)) return -1;
    }
    this.commitFixes(k, fixBegin);
    // Integrality check and branching candidate.
    let bestVar = -1;
    let bestScore: f64 = -1;
    let bestFrac: f64 = 0;
    let avgDown: f64 = 1;
    let avgUp: f64 = 1;
    {
      let sd: f64 = 0;
      let cd = 0;
      let su: f64 = 0;
      let cu = 0;
      for (let j = 0; j < n; j++) {
        if (unchecked(this.pcDownCnt[j]) > 0) {
          sd += unchecked(this.pcDownSum[j]) / unchecked(this.pcDownCnt[j]);
          cd++;
        }
        if (unchecked(this.pcUpCnt[j]) > 0) {
          su += unchecked(this.pcUpSum[j]) / unchecked(this.pcUpCnt[j]);
          cu++;
        }
      }
      if (cd > 0) avgDown = sd / cd;
      if (cu > 0) avgUp = su / cu;
    }
    for (let j = 0; j < n; j++) {
      if (unchecked(this.isInt[j]) == 0 || unchecked(lp.lb[j]) == unchecked(lp.ub[j])) continue;
      const v = unchecked(lp.x[j]);
      const f = v - Math.floor(v);
      if (f < INT_TOL || f > 1 - INT_TOL) continue;
      const pd = unchecked(this.pcDownCnt[j]) > 0 ? unchecked(this.pcDownSum[j]) / unchecked(this.pcDownCnt[j]) : avgDown;
      const pu = unchecked(this.pcUpCnt[j]) > 0 ? unchecked(this.pcUpSum[j]) / unchecked(this.pcUpCnt[j]) : avgUp;
      const a = Math.max(pd * f, 1e-6);
      const b = Math.max(pu * (1 - f), 1e-6);
      const score = a * b;
      if (score > bestScore) {
        bestScore = score;
        bestVar = j;
        bestFrac = f;
      }
    }
    if (bestVar < 0) {
      // Integral: a new incumbent (the LP solution itself).
      if (z < this.incObj) {
        this.incObj = z;
        this.hasIncumbent = true;
        for (let j = 0; j < n; j++) {
          const v = unchecked(lp.x[j]);
          unchecked((this.incumbent[j] = this.isInt[j] != 0 ? Math.round(v) : v));
        }
        // Recompute with the rounded values so the objective is exact.
        let obj: f64 = 0;
        for (let j = 0; j < n; j++) obj += unchecked(this.trueCost[j]) * unchecked(this.incumbent[j]);
        this.incObj = obj;
      }
      return -1;
    }
    const v = unchecked(lp.x[bestVar]);
    const fl = Math.floor(v);
    const dep = unchecked(this.depth[k]) + 1;
    const down = this.newNode(k, bestVar, -1, bestFrac, fl, z, dep);
    const up = this.newNode(k, bestVar, 1, 1 - bestFrac, fl + 1, z, dep);
    this.heap.push(down, z, dep);
    if (this.diveMode == 1 || (this.diveMode == 2 && this.hasIncumbent)) {
      this.heap.push(up, z, dep);
      return -1;
    }
    return up;
  }

  /** Fixes nonbasic integer columns whose reduced cost alone pushes z past the incumbent. */
  private reducedCostFixing(z: f64): void {
    if (!this.hasIncumbent) return;
    const lp = this.lp;
    const n = this.n;
    const limit = this.objIntegral ? this.incObj - 1 + 1e-6 : this.incObj;
    for (let j = 0; j < n; j++) {
      if (unchecked(lp.pos[j]) >= 0 || unchecked(this.isInt[j]) == 0) continue;
      const l = unchecked(lp.lb[j]);
      const u = unchecked(lp.ub[j]);
      if (l == u || l <= -INF || u >= INF) continue;
      const dj = unchecked(lp.d[j]);
      const xj = unchecked(lp.x[j]);
      if (dj > 0 && xj == l && z + dj * (u - l) > limit) {
        const nu = l + Math.floor((limit - z) / dj);
        if (nu < u) this.addFix(j, l, nu);
      } else if (dj < 0 && xj == u && z - dj * (u - l) > limit) {
        const nl = u - Math.floor((limit - z) / -dj);
        if (nl > l) this.addFix(j, nl, u);
      }
    }
  }

  /** Fixings found at node k hold in its subtree; at the root they hold for the whole search. */
  private commitFixes(k: i32, start: i32): void {
    if (k == 0) {
      for (let f = start; f < this.fixVar.length; f++) {
        const fv = this.fixVar[f];
        if (this.fixLo[f] > unchecked(this.rootLb[fv])) unchecked((this.rootLb[fv] = this.fixLo[f]));
        if (this.fixUp[f] < unchecked(this.rootUb[fv])) unchecked((this.rootUb[fv] = this.fixUp[f]));
      }
      this.fixVar.length = start;
      this.fixLo.length = start;
      this.fixUp.length = start;
      return;
    }
    unchecked((this.fixStart[k] = start));
    unchecked((this.fixCount[k] = this.fixVar.length - start));
  }

  private addFix(j: i32, lo: f64, up: f64): void {
    this.fixVar.push(j);
    this.fixLo.push(lo);
    this.fixUp.push(up);
    unchecked((this.lp.lb[j] = lo));
    unchecked((this.lp.ub[j] = up));
  }

  /** Rounds of cover-cut separation at the root; returns the final root LP value (INF if infeasible). */
  private rootCuts(z: f64, iterLimit: i32): f64 {
    const lp = this.lp;
    for (let round = 0; round < 20; round++) {
      if (this.prunable(z)) return z;
      const added = separateCovers(lp, this.rows, this.m, this.rootLb, this.rootUb, this.isInt, 50 + 10 * this.m);
      if (added == 0) break;
      this.cutsAdded += added;
      this.rows.build(this.n, lp.m, lp.colStart, lp.rowIdx, lp.val);
      const st = lp.solve(iterLimit);
      if (st == LP_INFEASIBLE) return INF;
      if (st == LP_TIMEOUT) return z;
      if (st != LP_OPTIMAL) {
        this.incomplete = true;
        return z;
      }
      const nz = lp.objective;
      const gained = nz - z;
      z = nz;
      if (gained < 1e-4 * (1 + Math.abs(z))) break;
    }
    return z;
  }
}
