// Tabu search for GAP on the penalised objective cost + alpha * overload (Díaz & Fernández 2001,
// "A tabu search heuristic for the generalized assignment problem", EJOR 132:22-38): each iteration
// applies the best non-tabu shift or swap (delta-evaluated), forbids the moved job from returning
// to its old agent for a random tenure, and adapts alpha with the feasibility of the current
// solution (strategic oscillation across the capacity boundary). A tabu move is still taken when it
// would beat the best feasible cost (aspiration). The best feasible solution met is kept.

import { gapCost, gapEvaluate, gapOverload, shiftDelta, swapDelta } from "./gap";
// (gap.ts imports this module too; AssemblyScript resolves the cycle statically.)
import { M, N, bestPtr, countEvals, f64At, i32At, i32Set, loadPtr, penaltyScale, resPtr } from "./problem";
import { pastDeadline } from "./clock";
import { below } from "./rng";

const EPS: f64 = 1e-9;
let tabuPtr: usize = 0;
let tabuLen: i32 = 0;
/** The island's penalty factor, kept across calls (read and written by the engine). */
export let tabuAlpha: f64 = 1;

export function setTabuAlpha(a: f64): void {
  tabuAlpha = a;
}

@inline function moveJob(a: usize, j: i32, k: i32): void {
  const i = i32At(a, j);
  store<f64>(loadPtr + (<usize>i << 3), f64At(loadPtr, i) - f64At(resPtr, i * N + j));
  store<f64>(loadPtr + (<usize>k << 3), f64At(loadPtr, k) + f64At(resPtr, k * N + j));
  i32Set(a, j, k);
}

/**
 * Runs `iterations` tabu iterations from chromosome `a`; leaves in `a` the best feasible solution
 * met (or the last one if none was feasible) with loads current. Returns its cost, or Infinity.
 */
export function gapTabu(a: usize, iterations: i32): f64 {
  const need = N * M;
  if (tabuLen < need) {
    if (tabuPtr != 0) heap.free(tabuPtr);
    tabuPtr = heap.alloc(<usize>need << 2);
    tabuLen = need;
  }
  memory.fill(tabuPtr, 0, <usize>need << 2);
  gapEvaluate(a);
  let best: f64 = Infinity;
  if (gapOverload <= EPS) {
    best = gapCost;
    memory.copy(bestPtr, a, <usize>N << 2);
  }
  let cur = gapCost;
  let over = gapOverload;
  const tmin = max(3, N / 20);
  const tspan = max(2, N / 10);
  for (let it = 1; it <= iterations; it++) {
    if (pastDeadline()) break;
    const w = tabuAlpha * penaltyScale;
    const curPen = cur + w * over;
    let bd: f64 = Infinity;
    let bj = -1;
    let bk = -1;
    let bj2 = -1;
    for (let j = 0; j < N; j++) {
      const i = i32At(a, j);
      const trow = tabuPtr + ((<usize>j * <usize>M) << 2);
      for (let k = 0; k < M; k++) {
        if (k == i) continue;
        const d = shiftDelta(a, j, k, w);
        if (d < bd && (load<i32>(trow + (<usize>k << 2)) < it || curPen + d < best - EPS)) {
          bd = d;
          bj = j;
          bk = k;
          bj2 = -1;
        }
      }
    }
    for (let j1 = 0; j1 < N; j1++) {
      const i1 = i32At(a, j1);
      const t1 = tabuPtr + ((<usize>j1 * <usize>M) << 2);
      for (let j2 = j1 + 1; j2 < N; j2++) {
        const i2 = i32At(a, j2);
        if (i1 == i2) continue;
        const d = swapDelta(a, j1, j2, w);
        if (d < bd) {
          const tabu =
            load<i32>(t1 + (<usize>i2 << 2)) >= it || load<i32>(tabuPtr + ((<usize>(j2 * M + i1)) << 2)) >= it;
          if (!tabu || curPen + d < best - EPS) {
            bd = d;
            bj = j1;
            bj2 = j2;
            bk = i2;
          }
        }
      }
    }
    countEvals(N * (M - 1) + (N * (N - 1)) / 2);
    if (bj < 0) break;
    if (bj2 < 0) {
      const from = i32At(a, bj);
      moveJob(a, bj, bk);
      store<i32>(tabuPtr + ((<usize>(bj * M + from)) << 2), it + tmin + below(tspan));
    } else {
      const i1 = i32At(a, bj);
      const i2 = i32At(a, bj2);
      moveJob(a, bj, i2);
      moveJob(a, bj2, i1);
      store<i32>(tabuPtr + ((<usize>(bj * M + i1)) << 2), it + tmin + below(tspan));
      store<i32>(tabuPtr + ((<usize>(bj2 * M + i2)) << 2), it + tmin + below(tspan));
    }
    gapEvaluate(a);
    cur = gapCost;
    over = gapOverload;
    if (over <= EPS) {
      if (cur < best - EPS) {
        best = cur;
        memory.copy(bestPtr, a, <usize>N << 2);
      }
      tabuAlpha = Math.max(0.01, tabuAlpha / 1.1);
    } else tabuAlpha = Math.min(1e4, tabuAlpha * 1.1);
  }
  if (best < Infinity) memory.copy(a, bestPtr, <usize>N << 2);
  gapEvaluate(a);
  return best;
}
