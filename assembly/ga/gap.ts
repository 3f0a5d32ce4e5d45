// GAP (minimisation) chromosome improvement: an explicit repair step and shift/swap descent on a
// penalised objective, cost + w * sum of overloads, with delta evaluation of every move. Letting
// the search cross infeasible space under an adaptive penalty follows Yagiura, Ibaraki & Glover
// (2004, INFORMS J. Computing 16:133-151); the repair-then-improve pipeline for each offspring is
// Chu & Beasley's (1997, Computers & OR 24:17-23) heuristic improvement operator.

import { pastDeadline } from "./clock";
import { below, unit } from "./rng";
import { gapTabu, setTabuAlpha } from "./tabu";
import {
  M,
  N,
  bestPtr,
  capPtr,
  costTPtr,
  resTPtr,
  costPtr,
  countEvals,
  f64At,
  f64Set,
  i32At,
  i32Set,
  loadPtr,
  minCostPtr,
  onesPtr,
  penaltyScale,
  resPtr,
  useWeights,
  weightPtr,
} from "./problem";

const EPS: f64 = 1e-9;
/** Penalty weight (times penaltyScale) that makes any overload dominate any cost change. */
export const HARD_WEIGHT: f64 = 1e6;

/** Objective and total overload of the last chromosome evaluated or improved. */
export let gapCost: f64 = 0;
export let gapOverload: f64 = 0;

/** Weighted overload of agent i at load l (the weights in force: all 1, or an island's adaptive ones). */
@inline function pen(i: i32, l: f64): f64 {
  const over = l - f64At(capPtr, i);
  return over > 0 ? over * f64At(weightPtr, i) : 0;
}

@inline function overload(i: i32, l: f64): f64 {
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
  for (let i = 0; i < M; i++) over += overload(i, f64At(loadPtr, i));
  gapCost = cost;
  gapOverload = over;
}

/**
 * Delta of moving job j to agent k under penalty weight w (loads must be current). Both agents' penalty changes are computed
 * at once in one f64x2 (lane 0: j's agent i, lane 1: k) and without branches: pmax(0, x) is a single
 * instruction, where a scalar `over > 0 ?` mispredicts on loads near capacity (the common case).
 */
@inline export function shiftDelta(a: usize, j: i32, k: i32, w: f64): f64 {
  const i = i32At(a, j);
  const l = pair(f64At(loadPtr, i), f64At(loadPtr, k));
  const moved = pair(-f64At(resPtr, i * N + j), f64At(resPtr, k * N + j));
  const pens = penaltyChange(l, moved, pair(f64At(capPtr, i), f64At(capPtr, k)), pair(f64At(weightPtr, i), f64At(weightPtr, k)));
  return f64At(costPtr, k * N + j) - f64At(costPtr, i * N + j) + w * pens;
}

/** Delta of exchanging the agents of jobs j1 and j2 (which must differ) under penalty weight w. */
@inline export function swapDelta(a: usize, j1: i32, j2: i32, w: f64): f64 {
  const i1 = i32At(a, j1);
  const i2 = i32At(a, j2);
  const l = pair(f64At(loadPtr, i1), f64At(loadPtr, i2));
  const moved = pair(
    f64At(resPtr, i1 * N + j2) - f64At(resPtr, i1 * N + j1),
    f64At(resPtr, i2 * N + j1) - f64At(resPtr, i2 * N + j2),
  );
  const pens = penaltyChange(l, moved, pair(f64At(capPtr, i1), f64At(capPtr, i2)), pair(f64At(weightPtr, i1), f64At(weightPtr, i2)));
  const dc =
    f64At(costPtr, i2 * N + j1) + f64At(costPtr, i1 * N + j2) - f64At(costPtr, i1 * N + j1) - f64At(costPtr, i2 * N + j2);
  return dc + w * pens;
}

@inline function pair(x: f64, y: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(x), 1, y);
}

/** Sum over both lanes of weight * (overload at load + moved - overload at load). */
@inline function penaltyChange(l: v128, moved: v128, cap: v128, weight: v128): f64 {
  const zero = f64x2.splat(0);
  const before = f64x2.pmax(zero, f64x2.sub(l, cap));
  const after = f64x2.pmax(zero, f64x2.sub(f64x2.add(l, moved), cap));
  const d = f64x2.mul(f64x2.sub(after, before), weight);
  return f64x2.extract_lane(d, 0) + f64x2.extract_lane(d, 1);
}

/** Best delta found by the last `shiftScan`. */
export let scanBest: f64 = 0;

/**
 * The whole shift neighbourhood of job j (every other agent) under weight w, two agents per f64x2
 * on the job-major copies, with the arg-min kept in the lanes too (bitselect on a less-than mask),
 * so there is no branch per agent and nothing goes through memory. Returns the agent with the
 * lowest delta below -EPS (the first on ties, as a scalar scan would), or -1; its delta is left in
 * `scanBest`. Loads must be current.
 */
export function shiftScan(a: usize, j: i32, w: f64): i32 {
  const i = i32At(a, j);
  const li = f64At(loadPtr, i);
  const base = -f64At(costPtr, i * N + j) + w * (pen(i, li - f64At(resPtr, i * N + j)) - pen(i, li));
  const cRow = costTPtr + ((<usize>j * <usize>M) << 3);
  const rRow = resTPtr + ((<usize>j * <usize>M) << 3);
  const vb = f64x2.splat(base);
  const vw = f64x2.splat(w);
  const zero = f64x2.splat(0);
  const inf = f64x2.splat(Infinity);
  const own = i64x2.splat(i);
  const two = i64x2.splat(2);
  let idx = i64x2(0, 1);
  let best = f64x2.splat(-EPS);
  let bestIdx = i64x2.splat(-1);
  let k = 0;
  for (; k + 1 < M; k += 2) {
    const off = <usize>k << 3;
    const l = v128.load(loadPtr + off);
    const cap = v128.load(capPtr + off);
    const over0 = f64x2.pmax(zero, f64x2.sub(l, cap));
    const over1 = f64x2.pmax(zero, f64x2.sub(f64x2.add(l, v128.load(rRow + off)), cap));
    let d = f64x2.add(
      f64x2.add(v128.load(cRow + off), vb),
      f64x2.mul(vw, f64x2.mul(v128.load(weightPtr + off), f64x2.sub(over1, over0))),
    );
    d = v128.bitselect(inf, d, i64x2.eq(idx, own));
    const lt = f64x2.lt(d, best);
    best = v128.bitselect(d, best, lt);
    bestIdx = v128.bitselect(idx, bestIdx, lt);
    idx = i64x2.add(idx, two);
  }
  // Lane 0 saw the even agents, lane 1 the odd ones; the smaller delta wins, the lower agent on ties.
  let b = f64x2.extract_lane(best, 0);
  let bk = <i32>i64x2.extract_lane(bestIdx, 0);
  const b1 = f64x2.extract_lane(best, 1);
  const k1 = <i32>i64x2.extract_lane(bestIdx, 1);
  if (b1 < b || (b1 == b && k1 < bk)) {
    b = b1;
    bk = k1;
  }
  if (k < M && k != i) {
    const lk = f64At(loadPtr, k);
    const d = f64At(cRow, k) + base + w * (pen(k, lk + f64At(rRow, k)) - pen(k, lk));
    if (d < b) {
      b = d;
      bk = k;
    }
  }
  scanBest = b;
  countEvals(M - 1);
  return bk;
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
export function gapDescent(a: usize, w: f64, chains: bool = true): void {
  let improved = true;
  while (improved) {
    // Past the deadline the chromosome is left as it is: valid, loads current, just less improved.
    if (pastDeadline()) return;
    improved = false;
    const start = below(N);
    for (let q = 0; q < N; q++) {
      let j = start + q;
      if (j >= N) j -= N;
      const bk = shiftScan(a, j, w);
      if (bk >= 0) {
        applyShift(a, j, bk);
        improved = true;
      }
    }
    if (improved) continue;
    if (chains) improved = chainPass(a, w);
  }
}

/**
 * Ejection chains of length two (Yagiura, Ibaraki & Glover 2004): job j1 moves from agent i1 to i2
 * and, to make room, a job j2 of i2 moves on to i3 (i3 = i1 is the plain swap). Scanned with
 * first improvement from a random job. Returns whether any chain was applied.
 */
function chainPass(a: usize, w: f64): bool {
  let improved = false;
  const s1 = below(N);
  for (let q = 0; q < N; q++) {
    if (pastDeadline()) return improved;
    let j1 = s1 + q;
    if (j1 >= N) j1 -= N;
    const i1 = i32At(a, j1);
    const l1 = f64At(loadPtr, i1);
    const p1 = pen(i1, l1);
    const c1 = f64At(costPtr, i1 * N + j1);
    const r1 = f64At(resPtr, i1 * N + j1);
    for (let j2 = 0; j2 < N; j2++) {
      const i2 = i32At(a, j2);
      if (i2 == i1) continue;
      // An ejection chain starts with a move that pays by itself but does not fit (Yagiura et al.):
      // j1 must be cheaper on i2, unless j1's own agent is overloaded and needs relief.
      if (p1 <= 0 && f64At(costPtr, i2 * N + j1) >= c1) continue;
      const l2 = f64At(loadPtr, i2);
      // j1 joins i2 while j2 leaves it.
      const n2 = l2 + f64At(resPtr, i2 * N + j1) - f64At(resPtr, i2 * N + j2);
      const base = f64At(costPtr, i2 * N + j1) - c1 - f64At(costPtr, i2 * N + j2) + w * (pen(i2, n2) - pen(i2, l2));
      // Lower bound over i3: j2's cheapest cost, and at best all of i1's overload disappears.
      if (base + f64At(minCostPtr, j2) - w * p1 >= -EPS) continue;
      let bk = -1;
      let best = -EPS;
      for (let i3 = 0; i3 < M; i3++) {
        if (i3 == i2) continue;
        let d = base + f64At(costPtr, i3 * N + j2);
        if (i3 == i1) {
          d += w * (pen(i1, l1 - r1 + f64At(resPtr, i1 * N + j2)) - p1);
        } else {
          const l3 = f64At(loadPtr, i3);
          d += w * (pen(i1, l1 - r1) - p1 + pen(i3, l3 + f64At(resPtr, i3 * N + j2)) - pen(i3, l3));
        }
        if (d < best) {
          best = d;
          bk = i3;
        }
      }
      countEvals(M - 1);
      if (bk >= 0) {
        // Order matters for the loads: move j2 out first, then j1 in.
        applyShift(a, j2, bk);
        applyShift(a, j1, i2);
        improved = true;
        break;
      }
    }
  }
  return improved;
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

/**
 * How hard each offspring is improved: 0 = Chu & Beasley's operator (repair, then one pass of
 * shifts to cheaper agents with room); 1 = repair then full shift/chain descent in feasible space;
 * 2 = penalised descent under the adaptive weight first, then as 1; 3 = breakout: repeated
 * descents under per-agent weights that grow on overloaded agents and decay otherwise.
 */
export let localSearchLevel: i32 = 3;

/** Level 6: set by the engine for offspring that earned the deep search. */
export let forceDeep: bool = false;

export function setForceDeep(v: bool): void {
  forceDeep = v;
}

/** Level 4: share of offspring that get the deep (level 2) search; the rest get level 0. */
let deepShare: f64 = 0.02;

export function deepShareOf(): f64 {
  return deepShare;
}

export function setLocalSearch(level: i32, share: f64): void {
  localSearchLevel = level;
  deepShare = share;
}

/** One pass of Chu & Beasley's improvement: each job, in random cyclic order, to its cheapest agent with room. */
function improvePass(a: usize): void {
  const start = below(N);
  for (let q = 0; q < N; q++) {
    let j = start + q;
    if (j >= N) j -= N;
    const i = i32At(a, j);
    let best = f64At(costPtr, i * N + j);
    let bk = -1;
    for (let k = 0; k < M; k++) {
      if (k == i) continue;
      const ck = f64At(costPtr, k * N + j);
      if (ck < best && f64At(loadPtr, k) + f64At(resPtr, k * N + j) <= f64At(capPtr, k) + EPS) {
        best = ck;
        bk = k;
      }
    }
    countEvals(M - 1);
    if (bk >= 0) applyShift(a, j, bk);
  }
}

const BREAKOUT_ROUNDS: i32 = 8;
const W_MIN: f64 = 0.02;
const W_MAX: f64 = 1e4;

/**
 * Breakout local search (Morris 1993) with per-agent penalty weights, as in Yagiura, Ibaraki &
 * Glover's adaptive weights for GAP: descend under the weights; if the optimum overloads agents,
 * raise their weights, otherwise lower all weights so the next descent may cut through infeasible
 * space to a cheaper region. The best feasible chromosome met is kept. `weights` (f64[M]) belong to
 * the island and persist across children. Returns whether a feasible chromosome was found.
 */
function breakout(a: usize, weights: usize, rho: f64): bool {
  let have = false;
  let bestCost: f64 = Infinity;
  gapEvaluate(a);
  if (gapOverload <= EPS) {
    have = true;
    bestCost = gapCost;
    memory.copy(bestPtr, a, <usize>N << 2);
  }
  useWeights(weights);
  for (let round = 0; round < BREAKOUT_ROUNDS; round++) {
    gapDescent(a, rho * penaltyScale);
    gapEvaluate(a);
    if (gapOverload <= EPS) {
      if (gapCost < bestCost - EPS) {
        have = true;
        bestCost = gapCost;
        memory.copy(bestPtr, a, <usize>N << 2);
      }
      for (let i = 0; i < M; i++) f64Set(weights, i, Math.max(W_MIN, f64At(weights, i) * 0.8));
    } else {
      for (let i = 0; i < M; i++) {
        const cap = f64At(capPtr, i);
        const over = overload(i, f64At(loadPtr, i));
        if (over > 0) f64Set(weights, i, Math.min(W_MAX, f64At(weights, i) * (1.2 + over / cap)));
      }
    }
  }
  useWeights(onesPtr);
  if (have) {
    memory.copy(a, bestPtr, <usize>N << 2);
    gapEvaluate(a);
    return true;
  }
  gapRepair(a);
  gapDescent(a, HARD_WEIGHT * penaltyScale);
  gapEvaluate(a);
  return false;
}

/** The memetic step for one offspring: penalised descent, repair, then descent at a hard penalty. */
export function gapImprove(a: usize, rho: f64, weights: usize): bool {
  if (localSearchLevel == 3) return breakout(a, weights, rho);
  if (localSearchLevel == 5) {
    setTabuAlpha(rho);
    const found = gapTabu(a, <i32>deepShare);
    if (found == Infinity) {
      gapRepair(a);
      gapDescent(a, HARD_WEIGHT * penaltyScale);
      gapEvaluate(a);
    }
    return found < Infinity;
  }
  gapEvaluate(a);
  const level = localSearchLevel == 4 ? (unit() < deepShare ? 2 : 0) : localSearchLevel == 6 ? (forceDeep ? 2 : 0) : localSearchLevel;
  if (level < 2) {
    const wasFeasible = gapOverload <= EPS;
    gapRepair(a);
    if (level == 0) improvePass(a);
    else gapDescent(a, HARD_WEIGHT * penaltyScale);
    gapEvaluate(a);
    return wasFeasible;
  }
  // The penalised phase uses shifts and swaps only: ejection chains from overloaded agents cannot be
  // pruned and cost O(n^2 m) per pass; they pay in the feasible phase, where the bound cuts most.
  gapDescent(a, rho * penaltyScale, softChains);
  gapEvaluate(a);
  const wasFeasible = gapOverload <= EPS;
  if (!wasFeasible) gapRepair(a);
  gapDescent(a, HARD_WEIGHT * penaltyScale);
  gapEvaluate(a);
  return wasFeasible;
}

/** Whether the penalised phase also uses ejection chains. */
let softChains: bool = true;
