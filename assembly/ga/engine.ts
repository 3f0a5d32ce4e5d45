// Steady-state memetic GA on one island (Chu & Beasley 1997): each generation breeds ONE child by
// binary tournament selection, uniform crossover and shift/swap mutation, improves it with the
// problem's local search, and lets it replace the worst member unless it duplicates a member
// (their uniqueness rule keeps diversity without a fitness-sharing parameter). Ranking is
// lexicographic: total overload (unfitness) first, objective second, so feasible beats infeasible.
//
// The island's whole state lives in two caller-owned buffers, so it can stop after any generation
// and resume on another thread bit-for-bit:
//   genes: i32[P*N + 4]  the P chromosomes, then the xoshiro128** state
//   meta:  f64[3P + 2 + M]  objective[P], unfitness[P], hash[P], the adaptive penalty factor rho,
//                           a spare slot, then M per-agent penalty weights (GAP breakout search)

import { gapCost, gapDescent, gapRepair, gapEvaluate, gapImprove, gapOverload, HARD_WEIGHT, localSearchLevel, setForceDeep, deepShareOf } from "./gap";
import { hcspImprove, hcspMakespan, hcspWork } from "./hcsp";
import { tabuAlpha } from "./tabu";
import { KIND_GAP, M, N, childPtr, f64At, f64Set, i32At, i32Set, kind, loadPtr, penaltyScale } from "./problem";
import { below, rngLoad, rngSeed, rngStore, unit } from "./rng";

const EPS: f64 = 1e-9;
const RHO_MIN: f64 = 0.05;
const RHO_MAX: f64 = 200;
const MUTATION_DIVISOR: i32 = 8;

let childObj: f64 = 0;
let childUnfit: f64 = 0;
let rho: f64 = 1;
let weightsPtr: usize = 0;
/** Upper bound on random shifts per child (set per problem size in evolve). */
let mutationMax: i32 = 2;
/** HCSP: largest iterated-greedy destruction, above 2 tasks. */
let hcspDestroyMax: i32 = 4;

export function setHcspDestroy(d: i32): void {
  hcspDestroyMax = max(1, d);
}

@inline function rowPtr(genes: usize, q: i32): usize {
  return genes + ((<usize>q * <usize>N) << 2);
}

@inline function better(o1: f64, u1: f64, o2: f64, u2: f64): bool {
  if (u1 < u2 - EPS) return true;
  if (u1 > u2 + EPS) return false;
  return o1 < o2 - EPS;
}

function hashOf(a: usize): f64 {
  let h: u32 = 2166136261;
  for (let j = 0; j < N; j++) {
    h ^= <u32>i32At(a, j);
    h *= 16777619;
  }
  return <f64>h;
}

/** Improves chromosome `a` in place and sets childObj / childUnfit; `destroy` is HCSP's perturbation size. */
function improve(a: usize, destroy: i32 = 0): void {
  if (kind == KIND_GAP) {
    const feasibleUnderRho = gapImprove(a, rho, weightsPtr);
    // Adaptive penalty: if the penalised descent keeps ending infeasible, weigh overload more;
    // if it ends feasible, relax so the search can cut through infeasible space again.
    if (localSearchLevel == 5) rho = tabuAlpha;
    else if (localSearchLevel != 3) rho = feasibleUnderRho ? Math.max(RHO_MIN, rho * 0.95) : Math.min(RHO_MAX, rho * 1.1);
    childObj = gapCost;
    childUnfit = gapOverload;
  } else {
    hcspImprove(a, destroy);
    // Ties in makespan are broken by total work (mean load), scaled into (0, 1e-4]: plateaus of
    // equal makespan are common, and the schedule with less work has more room to improve.
    childObj = hcspMakespan + (hcspWork / (<f64>M * hcspMakespan)) * 1e-4;
    childUnfit = 0;
  }
}

function store3(meta: usize, P: i32, q: i32, hash: f64): void {
  f64Set(meta, q, childObj);
  f64Set(meta, P + q, childUnfit);
  f64Set(meta, 2 * P + q, hash);
}

/**
 * Creates an island: the first `seeded` chromosomes were written by the caller (warm starts from a
 * heuristic) and are only polished; the rest are random and improved.
 */
export function initIsland(genes: usize, meta: usize, P: i32, seeded: i32, seed: u32): void {
  rngSeed(seed);
  rho = 1;
  weightsPtr = meta + ((<usize>(3 * P + 2)) << 3);
  for (let i = 0; i < M; i++) f64Set(weightsPtr, i, 1);
  for (let q = 0; q < P; q++) {
    const a = rowPtr(genes, q);
    if (q < seeded) {
      if (kind == KIND_GAP) {
        gapEvaluate(a);
        gapRepair(a);
        gapDescent(a, HARD_WEIGHT * penaltyScale);
        gapEvaluate(a);
        childObj = gapCost;
        childUnfit = gapOverload;
      } else improve(a);
    } else if (kind != KIND_GAP && seeded > 0) {
      // HCSP: diversify the warm start by a large destroy-and-rebuild; random makespan schedules
      // are so poor that descending from them wastes the budget.
      memory.copy(a, rowPtr(genes, below(seeded)), <usize>N << 2);
      improve(a, max(2, N / 4));
    } else if (seeded > 0) {
      // GAP: a warm start with a tenth of its jobs reassigned at random. Descending from fully
      // random chromosomes costs far more and lands no better.
      memory.copy(a, rowPtr(genes, below(seeded)), <usize>N << 2);
      const k = max(2, N / 10);
      for (let s = 0; s < k; s++) i32Set(a, below(N), below(M));
      improve(a);
    } else {
      for (let j = 0; j < N; j++) i32Set(a, j, below(M));
      improve(a);
    }
    store3(meta, P, q, hashOf(a));
  }
  f64Set(meta, 3 * P, rho);
  rngStore(genes + ((<usize>P * <usize>N) << 2));
}

function tournament(meta: usize, P: i32): i32 {
  const x = below(P);
  const y = below(P);
  return better(f64At(meta, x), f64At(meta, P + x), f64At(meta, y), f64At(meta, P + y)) ? x : y;
}

let lastSlot: i32 = 0;

/** Generations without a new island best before a restart; 0 = never. */
let restartAfter: i32 = 0;

export function setRestart(generations: i32): void {
  restartAfter = generations;
}

function restartIsland(genes: usize, meta: usize, P: i32, best: i32): void {
  const b = rowPtr(genes, best);
  for (let q = 0; q < P; q++) {
    if (q == best) continue;
    const a = rowPtr(genes, q);
    memory.copy(a, b, <usize>N << 2);
    if (kind == KIND_GAP) {
      const k = max(2, N / 10);
      for (let s = 0; s < k; s++) i32Set(a, below(N), below(M));
      improve(a);
    } else improve(a, max(2, N / 8));
    store3(meta, P, q, hashOf(a));
  }
}

/** Steady-state replacement: the child replaces the worst member unless it is a duplicate or worse. */
function accept(genes: usize, meta: usize, P: i32, c: usize): bool {
  const h = hashOf(c);
  let worst = 0;
  for (let q = 0; q < P; q++) {
    if (f64At(meta, 2 * P + q) == h && Math.abs(f64At(meta, q) - childObj) <= EPS) return false;
    if (better(f64At(meta, worst), f64At(meta, P + worst), f64At(meta, q), f64At(meta, P + q))) worst = q;
  }
  if (better(f64At(meta, worst), f64At(meta, P + worst), childObj, childUnfit)) return false;
  memory.copy(rowPtr(genes, worst), c, <usize>N << 2);
  store3(meta, P, worst, h);
  lastSlot = worst;
  return true;
}

/** Runs `generations` steady-state generations on an island. Returns the index of its best member. */
export function evolve(genes: usize, meta: usize, P: i32, generations: i32): i32 {
  const rngPtr = genes + ((<usize>P * <usize>N) << 2);
  rngLoad(rngPtr);
  rho = f64At(meta, 3 * P);
  weightsPtr = meta + ((<usize>(3 * P + 2)) << 3);
  mutationMax = max(2, N / MUTATION_DIVISOR);
  const c = childPtr;
  let best = 0;
  for (let q = 1; q < P; q++) if (better(f64At(meta, q), f64At(meta, P + q), f64At(meta, best), f64At(meta, P + best))) best = q;
  let stale = <i32>f64At(meta, 3 * P + 1);
  for (let g = 0; g < generations; g++) {
    const p1 = rowPtr(genes, tournament(meta, P));
    if (kind != KIND_GAP) {
      // HCSP: iterated greedy from one parent (Fanjul-Peyro & Ruiz 2010), with occasional
      // uniform crossover so islands still mix building blocks.
      if (unit() < 0.1) {
        const p2 = rowPtr(genes, tournament(meta, P));
        for (let j = 0; j < N; j++) i32Set(c, j, unit() < 0.5 ? i32At(p1, j) : i32At(p2, j));
      } else memory.copy(c, p1, <usize>N << 2);
      improve(c, 2 + below(hcspDestroyMax));
    } else {
      const p2 = rowPtr(genes, tournament(meta, P));
      for (let j = 0; j < N; j++) i32Set(c, j, unit() < 0.5 ? i32At(p1, j) : i32At(p2, j));
      // Mutation: up to n/20 random shifts and, half the time, a swap.
      const shifts = 1 + below(mutationMax);
      for (let s = 0; s < shifts; s++) i32Set(c, below(N), below(M));
      if (unit() < 0.5) {
        const j1 = below(N);
        const j2 = below(N);
        const t = i32At(c, j1);
        i32Set(c, j1, i32At(c, j2));
        i32Set(c, j2, t);
      }
      improve(c);
      // Level 6 (selective memetic search): an offspring that beats the island's best after the
      // cheap operator, or one drawn with probability deepShare, also gets the deep search.
      if (localSearchLevel == 6) {
        if (better(childObj, childUnfit, f64At(meta, best), f64At(meta, P + best)) || unit() < deepShareOf()) {
          setForceDeep(true);
          improve(c);
          setForceDeep(false);
        }
      }
    }
    const isBest = better(childObj, childUnfit, f64At(meta, best), f64At(meta, P + best));
    if (accept(genes, meta, P, c) && isBest) {
      best = lastSlot;
      stale = 0;
    } else if (++stale >= restartAfter && restartAfter > 0) {
      // Restart (keep the best): an island that has not improved for restartAfter generations
      // has converged; reseed every other member as a perturbation of the best and improve it.
      restartIsland(genes, meta, P, best);
      stale = 0;
    }
  }
  f64Set(meta, 3 * P + 1, <f64>stale);
  f64Set(meta, 3 * P, rho);
  rngStore(rngPtr);
  best = 0;
  for (let q = 1; q < P; q++) if (better(f64At(meta, q), f64At(meta, P + q), f64At(meta, best), f64At(meta, P + best))) best = q;
  // Keep the loads scratch consistent with nothing in particular: callers re-evaluate as needed.
  f64Set(loadPtr, 0, f64At(loadPtr, 0));
  return best;
}
