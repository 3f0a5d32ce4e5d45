// The problem an engine instance works on: its kind, its sizes and the addresses of its data, all
// set once per instance by the JS side (which owns the data buffers) before any island evolves.

export const KIND_GAP: i32 = 0;
export const KIND_HCSP: i32 = 1;

export let kind: i32 = -1;
/** Agents (GAP) or machines (HCSP). */
export let M: i32 = 0;
/** Jobs (GAP) or tasks (HCSP): the chromosome length. */
export let N: i32 = 0;
/** GAP: cost[i*N + j]. HCSP: etc[t*M + m]. */
export let costPtr: usize = 0;
/** GAP only: resource[i*N + j]. */
export let resPtr: usize = 0;
/** GAP only: capacity[i]. */
export let capPtr: usize = 0;
/** Scratch: per-agent/machine load of the chromosome being improved (f64[M]). */
export let loadPtr: usize = 0;
/** Scratch: the child chromosome (i32[N]). */
export let childPtr: usize = 0;
/** GAP: per-agent penalty weights in force (f64[M]); points at `onesPtr` or at an island's adaptive weights. */
export let weightPtr: usize = 0;
/** GAP: M weights of 1. */
export let onesPtr: usize = 0;
/** Scratch: best feasible chromosome met while improving a child (i32[N]). */
export let bestPtr: usize = 0;

export function useWeights(ptr: usize): void {
  weightPtr = ptr;
}

/** GAP: job-major copies costT[j*M + i], resT[j*M + i], so one job's row over agents is contiguous (SIMD). */
export let costTPtr: usize = 0;
export let resTPtr: usize = 0;

/** GAP: cheapest cost of each job over all agents (f64[N]), a bound that prunes ejection chains. */
export let minCostPtr: usize = 0;
/** GAP: cost units per resource unit, so a penalty weight of 1 is commensurate with cost. */
export let penaltyScale: f64 = 1;

/** Move evaluations done since the last reset: the throughput benchmark's unit of work. */
export let moveEvals: f64 = 0;

@inline export function countEvals(k: i32): void {
  moveEvals += <f64>k;
}

export function resetMoveEvals(): void {
  moveEvals = 0;
}

@inline export function f64At(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}

@inline export function f64Set(base: usize, index: i32, v: f64): void {
  store<f64>(base + (<usize>index << 3), v);
}

@inline export function i32At(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}

@inline export function i32Set(base: usize, index: i32, v: i32): void {
  store<i32>(base + (<usize>index << 2), v);
}

function resetScratch(m: i32, n: i32): void {
  if (loadPtr != 0) heap.free(loadPtr);
  if (childPtr != 0) heap.free(childPtr);
  if (bestPtr != 0) heap.free(bestPtr);
  loadPtr = heap.alloc(<usize>m << 3);
  childPtr = heap.alloc(<usize>n << 2);
  bestPtr = heap.alloc(<usize>n << 2);
}

/** Selects a GAP instance whose arrays live at the given addresses (owned by the caller). */
export function setGap(m: i32, n: i32, cost: usize, res: usize, cap: usize): void {
  kind = KIND_GAP;
  M = m;
  N = n;
  costPtr = cost;
  resPtr = res;
  capPtr = cap;
  resetScratch(m, n);
  let cs: f64 = 0;
  let rs: f64 = 0;
  const mn = m * n;
  for (let k = 0; k < mn; k++) {
    cs += Math.abs(f64At(cost, k));
    rs += Math.abs(f64At(res, k));
  }
  penaltyScale = rs > 0 ? (cs > 0 ? cs / rs : 1) : 1;
  if (costTPtr != 0) heap.free(costTPtr);
  if (resTPtr != 0) heap.free(resTPtr);
  costTPtr = heap.alloc(<usize>(m * n) << 3);
  resTPtr = heap.alloc(<usize>(m * n) << 3);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      f64Set(costTPtr, j * m + i, f64At(cost, i * n + j));
      f64Set(resTPtr, j * m + i, f64At(res, i * n + j));
    }
  }
  if (onesPtr != 0) heap.free(onesPtr);
  onesPtr = heap.alloc(<usize>m << 3);
  for (let i = 0; i < m; i++) f64Set(onesPtr, i, 1);
  weightPtr = onesPtr;
  if (minCostPtr != 0) heap.free(minCostPtr);
  minCostPtr = heap.alloc(<usize>n << 3);
  for (let j = 0; j < n; j++) {
    let best = f64At(cost, j);
    for (let i = 1; i < m; i++) best = Math.min(best, f64At(cost, i * n + j));
    f64Set(minCostPtr, j, best);
  }
}

/** Selects an HCSP (R||Cmax) instance: etc[t*m + machine]. */
export function setHcsp(tasks: i32, machines: i32, etc: usize): void {
  kind = KIND_HCSP;
  M = machines;
  N = tasks;
  costPtr = etc;
  resPtr = 0;
  capPtr = 0;
  resetScratch(machines, tasks);
}
