// Entry of build/ilp.wasm: the exact MILP solver (bounded dual/primal simplex + branch and bound).
// One model per instance: JS creates the instance per solve (in a worker), so module globals are
// the model's state. Arrays cross the boundary as pointers into this module's memory.
import { BranchAndBound } from "./ilp/bnb";
import { INF, setDeadline } from "./ilp/lp";

export { alloc, free } from "./memory";

let bb: BranchAndBound | null = null;

function f64s(ptr: usize, len: i32): Float64Array {
  const a = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    let v = load<f64>(ptr + (<usize>i << 3));
    if (v >= INF) v = INF;
    else if (v <= -INF) v = -INF;
    unchecked((a[i] = v));
  }
  return a;
}

function i32s(ptr: usize, len: i32): Int32Array {
  const a = new Int32Array(len);
  for (let i = 0; i < len; i++) unchecked((a[i] = load<i32>(ptr + (<usize>i << 2))));
  return a;
}

/**
 * Loads a model: minimise cost'x s.t. rowLo <= A x <= rowUp, lb <= x <= ub, x_j integer where
 * isInt[j] != 0. A is CSC (colStart[n+1], rowIdx[nnz], val[nnz]). Infinite bounds are +-Infinity.
 * `cutCap` rows are reserved for cuts. All inputs are copied.
 */
export function ilpCreate(
  n: i32,
  m: i32,
  cutCap: i32,
  colStart: usize,
  rowIdx: usize,
  val: usize,
  cost: usize,
  lb: usize,
  ub: usize,
  rowLo: usize,
  rowUp: usize,
  isInt: usize,
): void {
  const cs = i32s(colStart, n + 1);
  const nnz = unchecked(cs[n]);
  const flags = new Uint8Array(n);
  for (let j = 0; j < n; j++) unchecked((flags[j] = load<u8>(isInt + <usize>j)));
  bb = new BranchAndBound(
    n,
    m,
    cutCap,
    cs,
    i32s(rowIdx, nnz),
    f64s(val, nnz),
    f64s(cost, n),
    f64s(lb, n),
    f64s(ub, n),
    f64s(rowLo, m),
    f64s(rowUp, m),
    flags,
  );
}

/** Offers a solution (n values at x); returns 1 when it is feasible and better, so it became the incumbent. */
export function ilpOffer(x: usize): i32 {
  const s = bb!;
  return s.offer(f64s(x, s.n)) ? 1 : 0;
}

/**
 * Runs the search until it ends, `sliceEnd` passes (between nodes), the hard `deadline` passes
 * (anywhere) or `nodeLimit` nodes were solved; times are env.now() ms. Returns the status.
 */
export function ilpRun(sliceEnd: f64, deadline: f64, nodeLimit: f64): i32 {
  return bb!.run(sliceEnd, deadline, nodeLimit);
}

export function ilpBound(): f64 {
  return bb!.globalBound();
}

export function ilpIncumbentObjective(): f64 {
  const s = bb!;
  return s.hasIncumbent ? s.incObj : Infinity;
}

export function ilpHasIncumbent(): i32 {
  return bb!.hasIncumbent ? 1 : 0;
}

/** Copies the incumbent (n values) to out. */
export function ilpCopyIncumbent(out: usize): void {
  const s = bb!;
  for (let j = 0; j < s.n; j++) store<f64>(out + (<usize>j << 3), unchecked(s.incumbent[j]));
}

export function ilpNodes(): f64 {
  return bb!.nodesSolved;
}

export function ilpOpenNodes(): i32 {
  const s = bb!;
  return s.heap.size + (s.current >= 0 ? 1 : 0);
}

export function ilpLpIterations(): f64 {
  return <f64>bb!.lp.iters;
}

export function ilpCuts(): i32 {
  return bb!.cutsAdded;
}

/** 1 when some node could not be solved (LP iteration limit): the bound is then not a proof. */
export function ilpIncomplete(): i32 {
  return bb!.incomplete ? 1 : 0;
}

/** Solves only the LP relaxation of the loaded model; returns an LP status code. */
export function lpSolveRelaxation(): i32 {
  const s = bb!;
  const lp = s.lp;
  const nt = s.n + lp.m;
  for (let j = 0; j < nt; j++) {
    unchecked((lp.lb[j] = s.rootLb[j]));
    unchecked((lp.ub[j] = s.rootUb[j]));
  }
  setDeadline(Infinity);
  return lp.solve(50 * nt + 1000);
}

export function lpObjective(): f64 {
  return bb!.lp.objective;
}

/** Copies the LP's column values (n values) to out. */
export function lpCopyX(out: usize): void {
  const s = bb!;
  for (let j = 0; j < s.n; j++) store<f64>(out + (<usize>j << 3), unchecked(s.lp.x[j]));
}

/** Search parameters (defaults 300, 100, 5, 2); see BranchAndBound. */
export function ilpSetParams(lagRoot: i32, lagNode: i32, heurEveryNode: i32, diveMode: i32): void {
  const s = bb!;
  s.lagIterationsRoot = lagRoot;
  s.lagIterationsNode = lagNode;
  s.heurEveryNode = heurEveryNode > 0 ? heurEveryNode : 1;
  s.diveMode = diveMode;
}

/** Drops the model so its memory can be reused. */
export function ilpRelease(): void {
  bb = null;
}
