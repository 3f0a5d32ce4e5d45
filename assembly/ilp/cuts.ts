// Extended cover cuts for knapsack rows sum_j a_j x_j <= b over binaries with a_j > 0
// (Balas 1975; Crowder, Johnson & Padberg 1983; Nemhauser & Wolsey 1988, II.2.2). For a cover C
// (sum_C a_j > b), sum_{C u E} x_j <= |C| - 1 holds, where E are the items at least as heavy as the
// heaviest of C. In the GAP every capacity row is such a knapsack, and these cuts close much of the
// gap between the LP bound and the bound of the Lagrangian relaxation with knapsack subproblems
// (Ross & Soland 1975; Fisher, Jaikumar & Van Wassenhove 1986), which is the LP over the knapsack
// hulls.
//
// Separation is the usual greedy: take items in order of (1 - x*_j) / a_j until they overflow b,
// drop items from the cover while it stays a cover (lightest LP value first), extend, and keep the
// cut when x* violates it.

import { INF, Lp } from "./lp";
import { Rows } from "./propagate";

/** Insertion sort of row positions p by key[col[p]] (rows are short). */
function sortByKey(items: Array<i32>, col: Int32Array, key: Float64Array): void {
  for (let a = 1; a < items.length; a++) {
    const it = items[a];
    const k = unchecked(key[unchecked(col[it])]);
    let b = a - 1;
    while (b >= 0 && unchecked(key[unchecked(col[items[b]])]) > k) {
      items[b + 1] = items[b];
      b--;
    }
    items[b + 1] = it;
  }
}

export function separateCovers(
  lp: Lp,
  rows: Rows,
  m0: i32,
  rootLb: Float64Array,
  rootUb: Float64Array,
  isInt: Uint8Array,
  maxCuts: i32,
): i32 {
  const n = lp.n;
  const x = lp.x;
  const cutStart = new Array<i32>();
  const cutCols = new Array<i32>();
  const cutRhs = new Array<f64>();
  cutStart.push(0);
  const rs = rows.rowStart;
  const ci = rows.colIdx;
  const rv = rows.val;
  const order = new Array<i32>();
  const key = new Float64Array(n);
  const inCover = new Uint8Array(n);
  for (let i = 0; i < m0 && cutRhs.length < maxCuts && lp.m + cutRhs.length < lp.mMax; i++) {
    const up = unchecked(rootUb[n + i]);
    if (up >= INF || unchecked(rootLb[n + i]) > -INF) continue;
    const s = unchecked(rs[i]);
    const e = unchecked(rs[i + 1]);
    let ok = true;
    let b = up;
    order.length = 0;
    for (let p = s; p < e; p++) {
      const j = unchecked(ci[p]);
      const a = unchecked(rv[p]);
      if (unchecked(isInt[j]) == 0 || a <= 0 || unchecked(lp.lb[j]) < 0 || unchecked(lp.ub[j]) > 1) {
        ok = false;
        break;
      }
      if (unchecked(lp.lb[j]) == 1) {
        b -= a; // fixed at one: the rest must fit in what is left
        continue;
      }
      if (unchecked(lp.ub[j]) == 0) continue;
      order.push(p);
      unchecked((key[j] = (1 - x[j]) / a));
    }
    if (!ok || order.length < 2) continue;
    // Row must be binding-ish for a cover to be violated.
    sortByKey(order, ci, key);
    let w: f64 = 0;
    let cnt = 0;
    for (let k = 0; k < order.length; k++) {
      const p = order[k];
      w += unchecked(rv[p]);
      cnt++;
      if (w > b + 1e-9) break;
    }
    if (w <= b + 1e-9) continue;
    // Minimalise: drop items with the smallest x* while the rest still overflows.
    const cover = order.slice(0, cnt);
    sortByKey(cover, ci, x);
    let k = 0;
    while (k < cover.length) {
      const a = unchecked(rv[cover[k]]);
      if (w - a > b + 1e-9) {
        w -= a;
        cover.splice(k, 1);
      } else k++;
    }
    let maxA: f64 = 0;
    let lhs: f64 = 0;
    for (let t = 0; t < cover.length; t++) {
      const p = cover[t];
      const j = unchecked(ci[p]);
      unchecked((inCover[j] = 1));
      if (unchecked(rv[p]) > maxA) maxA = unchecked(rv[p]);
      lhs += unchecked(x[j]);
    }
    const rhs = <f64>(cover.length - 1);
    const cols = new Array<i32>();
    for (let t = 0; t < cover.length; t++) cols.push(unchecked(ci[cover[t]]));
    for (let t = 0; t < order.length; t++) {
      const p = order[t];
      const j = unchecked(ci[p]);
      if (unchecked(inCover[j]) == 0 && unchecked(rv[p]) >= maxA) {
        cols.push(j);
        lhs += unchecked(x[j]);
      }
    }
    for (let t = 0; t < cover.length; t++) unchecked((inCover[unchecked(ci[cover[t]])] = 0));
    if (lhs <= rhs + 1e-4) continue;
    for (let t = 0; t < cols.length; t++) cutCols.push(cols[t]);
    cutStart.push(cutCols.length);
    cutRhs.push(rhs);
  }
  const added = cutRhs.length;
  if (added == 0) return 0;
  // Rebuild the CSC with the new rows appended.
  const m = lp.m;
  const oldStart = lp.colStart;
  const oldRow = lp.rowIdx;
  const oldVal = lp.val;
  const extra = new Int32Array(n);
  for (let t = 0; t < cutCols.length; t++) unchecked((extra[cutCols[t]] += 1));
  const ns = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    unchecked((ns[j + 1] = ns[j] + (oldStart[j + 1] - oldStart[j]) + extra[j]));
  }
  const nnz = unchecked(ns[n]);
  const nr = new Int32Array(nnz);
  const nv = new Float64Array(nnz);
  const fill = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    let at = unchecked(ns[j]);
    for (let p = unchecked(oldStart[j]); p < unchecked(oldStart[j + 1]); p++) {
      unchecked((nr[at] = oldRow[p]));
      unchecked((nv[at] = oldVal[p]));
      at++;
    }
    unchecked((fill[j] = at));
  }
  const coefOnBasic = new Float64Array(lp.mMax);
  const mark = new Uint8Array(n);
  for (let c = 0; c < added; c++) {
    const row = m + c;
    for (let t = cutStart[c]; t < cutStart[c + 1]; t++) {
      const j = cutCols[t];
      const at = unchecked(fill[j]);
      unchecked((nr[at] = row));
      unchecked((nv[at] = 1));
      unchecked((fill[j] = at + 1));
      unchecked((mark[j] = 1));
    }
    for (let r = 0; r < lp.m; r++) {
      const h = unchecked(lp.head[r]);
      unchecked((coefOnBasic[r] = h < n && unchecked(mark[h]) != 0 ? 1.0 : 0.0));
    }
    for (let t = cutStart[c]; t < cutStart[c + 1]; t++) unchecked((mark[cutCols[t]] = 0));
    lp.extendBasisForNewRow(coefOnBasic);
    const slack = n + row;
    unchecked((rootLb[slack] = -INF));
    unchecked((rootUb[slack] = cutRhs[c]));
    unchecked((lp.lb[slack] = -INF));
    unchecked((lp.ub[slack] = cutRhs[c]));
  }
  lp.colStart = ns;
  lp.rowIdx = nr;
  lp.val = nv;
  return added;
}
