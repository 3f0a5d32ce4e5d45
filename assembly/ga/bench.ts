// Kernels for measuring the engine: move-evaluation throughput and a from-scratch evaluation of
// one chromosome (the "full assert" check that incremental scores match a recomputation).

import { gapCost, gapEvaluate, gapOverload, scanBest, shiftDelta, shiftScan, swapDelta } from "./gap";
import { hcspEvaluate, hcspMakespan } from "./hcsp";
import { KIND_GAP, M, N, kind, moveEvals } from "./problem";
import { below, rngSeed } from "./rng";

/** Move evaluations counted since `resetMoveEvals`. */
export function getMoveEvals(): f64 {
  return moveEvals;
}

/**
 * Evaluates `count` random GAP moves (alternating shift and swap) on chromosome `a` under penalty
 * weight `w`, without applying them; returns the sum of deltas so the work cannot be optimised
 * away. The JS reference in bench/ga-throughput does exactly the same sequence.
 */
export function benchGapDeltas(a: usize, count: i32, w: f64, seed: u32): f64 {
  rngSeed(seed);
  gapEvaluate(a);
  let sum: f64 = 0;
  for (let q = 0; q < count; q++) {
    const j = below(N);
    if ((q & 1) == 0) {
      let k = below(M - 1);
      if (k >= load<i32>(a + (<usize>j << 2))) k++;
      sum += shiftDelta(a, j, k, w);
    } else {
      const j2 = below(N);
      if (load<i32>(a + (<usize>j << 2)) != load<i32>(a + (<usize>j2 << 2))) sum += swapDelta(a, j, j2, w);
    }
  }
  return sum;
}

/** Objective of chromosome `a` from scratch; for GAP, `overloadOut` receives the total overload. */
export function evaluateChromosome(a: usize, overloadOut: usize): f64 {
  if (kind == KIND_GAP) {
    gapEvaluate(a);
    store<f64>(overloadOut, gapOverload);
    return gapCost;
  }
  hcspEvaluate(a);
  store<f64>(overloadOut, 0);
  return hcspMakespan;
}

/**
 * Scans the full shift neighbourhood (all M - 1 other agents) of `count` random jobs with the SIMD
 * scan the descent uses; returns the sum of the best deltas and best agents, which is what the
 * descent consumes. bench/ga-throughput times the same scan in plain JavaScript.
 */
export function benchGapShiftScans(a: usize, count: i32, w: f64, seed: u32): f64 {
  rngSeed(seed);
  gapEvaluate(a);
  let sum: f64 = 0;
  for (let q = 0; q < count; q++) {
    const bk = shiftScan(a, below(N), w);
    sum += scanBest + <f64>bk;
  }
  return sum;
}

// Single-move entry points for the tests' "full assert" (test/property/ga-kernel.test.ts): each
// recomputes the loads of `a`, then returns what the descent would see.

/** Delta of moving job j to agent k. */
export function deltaOfShift(a: usize, j: i32, k: i32, w: f64): f64 {
  gapEvaluate(a);
  return shiftDelta(a, j, k, w);
}

/** Delta of exchanging the agents of jobs j1 and j2 (which must differ). */
export function deltaOfSwap(a: usize, j1: i32, j2: i32, w: f64): f64 {
  gapEvaluate(a);
  return swapDelta(a, j1, j2, w);
}

/** The SIMD scan's best agent for job j (-1 if no shift improves); its delta by `lastScanBest`. */
export function bestShiftOf(a: usize, j: i32, w: f64): i32 {
  gapEvaluate(a);
  return shiftScan(a, j, w);
}

export function lastScanBest(): f64 {
  return scanBest;
}

/**
 * Evaluates a given list of moves without applying them: pair q is (job, agent) for a shift when q
 * is even and (job, job) for a swap when q is odd (jobs on different agents). Returns the sum of
 * deltas. Unlike benchGapDeltas this times the delta evaluation alone, not the random-number
 * generator; bench/ga-throughput evaluates the same list in plain JavaScript.
 */
export function benchGapMoveList(a: usize, moves: usize, count: i32, w: f64): f64 {
  gapEvaluate(a);
  let sum: f64 = 0;
  for (let q = 0; q < count; q++) {
    const j = load<i32>(moves + (<usize>q << 3));
    const x = load<i32>(moves + (<usize>q << 3), 4);
    sum += (q & 1) == 0 ? shiftDelta(a, j, x, w) : swapDelta(a, j, x, w);
  }
  return sum;
}
