// GAP (minimisation) chromosome improvement: an explicit repair step and shift/swap descent on a
// penalised objective, cost + w * sum of overloads, with delta evaluation of every move. Letting
// the search cross infeasible space under an adaptive penalty follows Yagiura, Ibaraki & Glover
// (2004, INFORMS J. Computing 16:133-151); the repair-then-improve pipeline for each offspring is
// Chu & Beasley's (1997, Computers & OR 24:17-23) heuristic improvement operator.

import { below } from "./rng";
import { M, N, capPtr, costPtr, countEvals, f64At, f64Set, i32At, i32Set, loadPtr, penaltyScale, resPtr } from "./problem";

const EPS: f64 = 1e-9;
/** Penalty weight (times penaltyScale) that makes any overload dominate any cost change. */
export const HARD_WEIGHT: f64 = 1e6;

/** Objective and total overload of the last chromosome evaluated or improved. */
export let gapCost: f64 = 0;
export let gapOverload: f64 = 0;

@inline function pen(i: i32, l: f64): f64 {
  const over = l - f64At(capPtr, i);
  return over > 0 ? over : 0;
}

/** Recomputes loads (into the scratch load array), cost and overload of chromosome `a`. */
export function gapEvaluate(a: usize): void {
  for (let i = 0; i < M; i++) f64Set(loadPtr, i, 0);
  let cost: f64 = 0;
  for (let j = 0; j < N; j++) {
    const i = i32At(a, j);
    const k = i * N + j;
    cost += f64At(costPtr, k);
    f64Set(loadPtr, i, f64At(loadPtr, i) + f64At(resPtr, k));
  }
  let over: f64 = 0;
  for (let i = 0; i < M; i++) over += pen(i, f64At(loadPtr, i));
  gapCost = cost;
  gapOverload = over;
}

/** Delta of moving job j from its agent to agent k under penalty weight w (loads must be current). */
@inline export function shiftDelta(a: usize, j: i32, k: i32, w: f64): f64 {
  const i = i32At(a, j);
  const li = f64At(loadPtr, i);
  const lk = f64At(loadPtr, k);
  const ri = f64At(resPtr, i * N + j);
  const rk = f64At(resPtr, k * N + j);
  return (
    f64At(costPtr, k * N + j) - f64At(costPtr, i * N + j) + w * (pen(i, li - ri) - pen(i, li) + pen(k, lk + rk) - pen(k, lk))
  );
}

/** Delta of exchanging the agents of jobs j1 and j2 (which must differ) under penalty weight w. */
@inline export function swapDelta(a: usize, j1: i32, j2: i32, w: f64): f64 {
  const i1 = i32At(a, j1);
  const i2 = i32At(a, j2);
  const l1 = f64At(loadPtr, i1);
  const l2 = f64At(loadPtr, i2);
  const n1 = l1 - f64At(resPtr, i1 * N + j1) + f64At(resPtr, i1 * N + j2);
  const n2 = l2 - f64At(resPtr, i2 * N + j2) + f64At(resPtr, i2 * N + j1);
  const dc =
    f64At(costPtr, i2 * N + j1) + f64At(costPtr, i1 * N + j2) - f64At(costPtr, i1 * N + j1) - f64At(costPtr, i2 * N + j2);
  return dc + w * (pen(i1, n1) - pen(i1, l1) + pen(i2, n2) - pen(i2, l2));
}

@inline function applyShift(a: usize, j: i32, k: i32): void {
  const i = i32At(a, j);
  f64Set(loadPtr, i, f64At(loadPtr, i) - f64At(resPtr, i * N + j));
  f64Set(loadPtr, k, f64At(loadPtr, k) + f64At(resPtr, k * N + j));
  i32Set(a, j, k);
}

@inline function applySwap(a: usize, j1: i32, j2: i32): void {
  const i1 = i32At(a, j1);
  const i2 = i32At(a, j2);
  f64Set(loadPtr, i1, f64At(loadPtr, i1) - f64At(resPtr, i1 * N + j1) + f64At(resPtr, i1 * N + j2));
  f64Set(loadPtr, i2, f64At(loadPtr, i2) - f64At(resPtr, i2 * N + j2) + f64At(resPtr, i2 * N + j1));
  i32Set(a, j1, i2);
  i32Set(a, j2, i1);
}

/**
 * Descent to a local optimum of cost + w * overload over the shift neighbourhood (best agent per
 * job, jobs scanned cyclically from a random start) and, when no shift improves, the swap
 * neighbourhood (first improvement). Loads must be current on entry and are current on exit.
 */
export function gapDescent(a: usize, w: f64): void {
  let improved = true;
  while (improved) {
    improved = false;
    const start = below(N);
    for (let q = 0; q < N; q++) {
      let j = start + q;
      if (j >= N) j -= N;
      let best = -EPS;
      let bk = -1;
      const i = i32At(a, j);
      for (let k = 0; k < M; k++) {
        if (k == i) continue;
        const d = shiftDelta(a, j, k, w);
        if (d < best) {
          best = d;
          bk = k;
        }
      }
      countEvals(M - 1);
      if (bk >= 0) {
        applyShift(a, j, bk);
        improved = true;
      }
    }
    if (improved) continue;
    const s1 = below(N);
    for (let q = 0; q < N; q++) {
      let j1 = s1 + q;
      if (j1 >= N) j1 -= N;
      for (let j2 = 0; j2 < N; j2++) {
        if (i32At(a, j2) == i32At(a, j1)) continue;
        if (swapDelta(a, j1, j2, w) < -EPS) {
          applySwap(a, j1, j2);
          improved = true;
        }
      }
      countEvals(N);
    }
  }
}

/**
 * Repair (Chu & Beasley 1997 §3.3, made cost-aware): while an agent is overloaded, move off it the
 * job whose move to an agent with enough room costs least per unit of resource freed. Stops when
 * feasible or when no such move exists (the chromosome then stays infeasible). Loads must be current.
 */
export function gapRepair(a: usize): void {
  for (let i = 0; i < M; i++) {
    while (f64At(loadPtr, i) > f64At(capPtr, i) + EPS) {
      let bj = -1;
      let bk = -1;
      let best = Infinity;
      for (let j = 0; j < N; j++) {
        if (i32At(a, j) != i) continue;
        const ri = f64At(resPtr, i * N + j);
        const ci = f64At(costPtr, i * N + j);
        for (let k = 0; k < M; k++) {
          if (k == i) continue;
          if (f64At(loadPtr, k) + f64At(resPtr, k * N + j) > f64At(capPtr, k) + EPS) continue;
          const score = (f64At(costPtr, k * N + j) - ci) / (ri > 0 ? ri : EPS);
          if (score < best) {
            best = score;
            bj = j;
            bk = k;
          }
        }
        countEvals(M - 1);
      }
      if (bj < 0) break;
      applyShift(a, bj, bk);
    }
  }
}

/** The memetic step for one offspring: penalised descent, repair, then descent at a hard penalty. */
export function gapImprove(a: usize, rho: f64): bool {
  gapEvaluate(a);
  gapDescent(a, rho * penaltyScale);
  gapEvaluate(a);
  const wasFeasible = gapOverload <= EPS;
  if (!wasFeasible) {
    gapRepair(a);
    gapDescent(a, HARD_WEIGHT * penaltyScale);
  }
  gapEvaluate(a);
  return wasFeasible;
}
