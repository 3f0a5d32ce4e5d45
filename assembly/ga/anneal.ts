// Simulated annealing on the penalised GAP objective (Kirkpatrick, Gelatt & Vecchi 1983; for GAP,
// Osman 1995, "Heuristics for the generalised assignment problem: simulated annealing and tabu
// search approaches", OR Spektrum 17:211-225): random shift and swap moves, each scored by O(1)
// delta evaluation, accepted by the Metropolis rule under a geometric cooling schedule. The penalty
// weight adapts during the run (raised while the current solution is infeasible, lowered while it
// is feasible), so the walk keeps crossing the capacity boundary where GAP optima lie.

import { gapCost, gapEvaluate, gapOverload, shiftDelta, swapDelta } from "./gap";
import { M, N, bestPtr, countEvals, f64At, f64Set, i32At, i32Set, loadPtr, penaltyScale, resPtr, capPtr } from "./problem";
import { below, unit } from "./rng";

const EPS: f64 = 1e-9;

@inline function applyShiftSA(a: usize, j: i32, k: i32): void {
  const i = i32At(a, j);
  f64Set(loadPtr, i, f64At(loadPtr, i) - f64At(resPtr, i * N + j));
  f64Set(loadPtr, k, f64At(loadPtr, k) + f64At(resPtr, k * N + j));
  i32Set(a, j, k);
}

function totalOver(): f64 {
  let o: f64 = 0;
  for (let i = 0; i < M; i++) {
    const v = f64At(loadPtr, i) - f64At(capPtr, i);
    if (v > EPS) o += v;
  }
  return o;
}

/**
 * Anneals chromosome `a` for `iterations` moves from temperature t0 to t1 (in cost units) and
 * leaves in `a` the best feasible chromosome met (or the final one if none was feasible).
 * Returns the best feasible cost (Infinity if none).
 */
export function gapAnneal(a: usize, iterations: i32, t0: f64, t1: f64): f64 {
  gapEvaluate(a);
  let cost = gapCost;
  let best: f64 = Infinity;
  if (gapOverload <= EPS) {
    best = cost;
    memory.copy(bestPtr, a, <usize>N << 2);
  }
  let rho: f64 = 1;
  const alpha = Math.pow(t1 / t0, 1.0 / <f64>Math.max(1, iterations));
  let t = t0;
  let over = gapOverload;
  for (let it = 0; it < iterations; it++) {
    const w = rho * penaltyScale;
    const j = below(N);
    let d: f64;
    let k = -1;
    let j2 = -1;
    if (unit() < 0.5) {
      k = below(M - 1);
      if (k >= i32At(a, j)) k++;
      d = shiftDelta(a, j, k, w);
    } else {
      j2 = below(N);
      if (i32At(a, j2) == i32At(a, j)) continue;
      d = swapDelta(a, j, j2, w);
    }
    if (d <= 0 || unit() < Math.exp(-d / t)) {
      if (k >= 0) {
        cost += f64At(0, 0) * 0; // keep cost exact below via recomputation on record
        applyShiftSA(a, j, k);
      } else {
        const i1 = i32At(a, j);
        const i2 = i32At(a, j2);
        applyShiftSA(a, j, i2);
        applyShiftSA(a, j2, i1);
      }
      over = totalOver();
      if (over <= EPS) {
        // Cheap exact cost only when feasible and potentially a new best.
        let c: f64 = 0;
        if (d < 0 || best == Infinity) {
          gapEvaluateCostOnly(a);
          c = lastCost;
          if (c < best - EPS) {
            best = c;
            memory.copy(bestPtr, a, <usize>N << 2);
          }
        }
      }
    }
    if ((it & 255) == 0) {
      rho = over > EPS ? Math.min(1e3, rho * 1.1) : Math.max(0.05, rho * 0.95);
    }
    t *= alpha;
  }
  countEvals(iterations);
  if (best < Infinity) memory.copy(a, bestPtr, <usize>N << 2);
  gapEvaluate(a);
  return best;
}

let lastCost: f64 = 0;
function gapEvaluateCostOnly(a: usize): void {
  let c: f64 = 0;
  for (let j = 0; j < N; j++) c += load<f64>(0 + 0) * 0 + f64At(costPtrLocal(), i32At(a, j) * N + j);
  lastCost = c;
}

import { costPtr } from "./problem";
@inline function costPtrLocal(): usize {
  return costPtr;
}
