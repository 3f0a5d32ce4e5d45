import type { GapInstance } from "../../problems/gap.js";

/** A GAP assignment found by a construction heuristic, for minimisation of `cost`. */
export interface GapGreedyResult {
  /** 0-based agent of each job; every job is assigned, possibly overloading an agent. */
  assignment: Int32Array;
  /** Sum of cost over the assignment (in the minimisation sense given). */
  objective: number;
  /** True when no agent's capacity is exceeded. */
  feasible: boolean;
}

/**
 * Regret construction for the Generalized Assignment Problem (Martello & Toth 1981, "An algorithm
 * for the generalized assignment problem", the MTHG heuristic), minimising `cost`: repeatedly
 * assign the job whose best and second-best agents (by a desirability measure, among agents that
 * still have room) differ most, to its best agent. MTHG runs four desirability measures and keeps
 * the best result; we do the same, then improve with a shift descent (move a job to a cheaper agent
 * that has room). A job that fits nowhere goes to the agent it overloads least, so the result is
 * complete but may be infeasible: callers check `feasible`.
 *
 * `cost` is agents x jobs, row-major, and must already be in the minimisation sense.
 */
export function gapGreedy(inst: GapInstance, cost: Float64Array = inst.cost): GapGreedyResult {
  const { jobs: n, resource: r, capacity: b } = inst;
  const measures: ((i: number, j: number) => number)[] = [
    (i, j) => cost[i * n + j],
    (i, j) => r[i * n + j],
    (i, j) => r[i * n + j] / b[i],
    (i, j) => cost[i * n + j] * r[i * n + j],
  ];
  let best: GapGreedyResult | undefined;
  for (const f of measures) {
    const res = regretConstruct(inst, cost, f);
    shiftDescent(inst, cost, res);
    if (!best || better(res, best)) best = res;
  }
  return best as GapGreedyResult;
}

function better(a: GapGreedyResult, b: GapGreedyResult): boolean {
  if (a.feasible !== b.feasible) return a.feasible;
  return a.objective < b.objective;
}

function regretConstruct(inst: GapInstance, cost: Float64Array, f: (i: number, j: number) => number): GapGreedyResult {
  const { agents: m, jobs: n, resource: r, capacity: b } = inst;
  const residual = Float64Array.from(b);
  const assignment = new Int32Array(n).fill(-1);
  let left = n;
  let feasible = true;
  while (left > 0) {
    let pickJob = -1;
    let pickAgent = -1;
    let pickRegret = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (assignment[j] >= 0) continue;
      let first = Number.POSITIVE_INFINITY;
      let second = Number.POSITIVE_INFINITY;
      let arg = -1;
      for (let i = 0; i < m; i++) {
        if (r[i * n + j] > residual[i]) continue;
        const v = f(i, j);
        if (v < first || (v === first && arg >= 0 && cost[i * n + j] < cost[arg * n + j])) {
          second = first;
          first = v;
          arg = i;
        } else if (v < second) second = v;
      }
      if (arg < 0) continue;
      // A job with a single feasible agent has infinite regret: place it before its room goes.
      const regret = second - first;
      if (regret > pickRegret) {
        pickRegret = regret;
        pickJob = j;
        pickAgent = arg;
      }
    }
    if (pickJob < 0) {
      // Nothing fits any more: put each remaining job where it overloads the least.
      feasible = false;
      for (let j = 0; j < n; j++) {
        if (assignment[j] >= 0) continue;
        let arg = 0;
        let least = Number.POSITIVE_INFINITY;
        for (let i = 0; i < m; i++) {
          const over = r[i * n + j] - residual[i];
          if (over < least) {
            least = over;
            arg = i;
          }
        }
        assignment[j] = arg;
        residual[arg] -= r[arg * n + j];
      }
      break;
    }
    assignment[pickJob] = pickAgent;
    residual[pickAgent] -= r[pickAgent * n + pickJob];
    left--;
  }
  let objective = 0;
  for (let j = 0; j < n; j++) objective += cost[assignment[j] * n + j];
  return { assignment, objective, feasible };
}

/** First-improvement shift descent inside the feasible region (MTHG's second phase). */
function shiftDescent(inst: GapInstance, cost: Float64Array, res: GapGreedyResult): void {
  if (!res.feasible) return;
  const { agents: m, jobs: n, resource: r, capacity: b } = inst;
  const residual = Float64Array.from(b);
  const a = res.assignment;
  for (let j = 0; j < n; j++) residual[a[j]] -= r[a[j] * n + j];
  let improved = true;
  while (improved) {
    improved = false;
    for (let j = 0; j < n; j++) {
      const from = a[j];
      let to = -1;
      let gain = 0;
      for (let i = 0; i < m; i++) {
        if (i === from || r[i * n + j] > residual[i]) continue;
        const d = cost[from * n + j] - cost[i * n + j];
        if (d > gain) {
          gain = d;
          to = i;
        }
      }
      if (to >= 0) {
        a[j] = to;
        residual[from] += r[from * n + j];
        residual[to] -= r[to * n + j];
        res.objective -= gain;
        improved = true;
      }
    }
  }
}
