// Agent-subset MIP neighbourhood for GAP (a very large-scale neighbourhood search, after
// Mitrović-Minić & Punnen 2009, "Local search intensified: very large-scale variable neighborhood
// search for the multi-resource generalized assignment problem", Discrete Optimization 6:370-377).
//
// Pick k agents at random, free every job now on them and re-assign those jobs among the same k
// agents optimally with the exact solver (LP relaxation + branch and bound, src/solve/ilp). The
// neighbourhood holds every cyclic exchange, ejection chain and multi-job swap inside the subset,
// which shift/swap descent and length-two chains cannot reach; on tight instances (Chu & Beasley's
// type D) that is where the GA's local optima sit. The other agents' loads do not change, so any
// sub-solution is feasible for the whole instance.
//
// Deterministic: subsets come from a seeded PRNG and every sub-problem is limited by branch-and-bound
// nodes, never by time (a deadline, when given, only ends the search early under a time limit).

import { LeptonError } from "../../model/errors.js";
import { mulberry32 } from "../../util/random.js";
import { IlpEngine, type IlpSearchParams, KERNEL_RUNNING } from "../ilp/engine.js";
import { gapAssignmentToX, gapModel, gapXToAssignment } from "../ilp/gap-model.js";
import type { GaProblem } from "./problem.js";

/** How much work one call does. */
export interface MipNeighbourhoodOptions {
  /** Sub-problems solved (each a random agent subset). */
  iterations: number;
  /** Agents per subset; default `defaultSubsetAgents`. */
  agents?: number;
  /**
   * Branch-and-bound nodes per sub-problem (default 50); the sub-problem's best found is used. Many
   * short searches beat fewer complete ones: on d20100 / d20200 at 10 s, 50 nodes gave 6216.5 /
   * 12309 (mean of 2 seeds) against 6224 / 12333 with 200 and 12343 (d20200) with 1000.
   */
  nodeLimit?: number;
  seed: number;
  /** Branch-and-bound settings for the sub-problems (default SUBPROBLEM_SEARCH). */
  searchParams?: IlpSearchParams;
  /** Rows reserved for cuts in each sub-problem (default 0). */
  cutRows?: number;
  /** Date.now() ms after which no new sub-problem starts (time-limited runs only). */
  deadline?: number;
  /** Polled between sub-problems and every ~20 ms inside one: true ends the search (an abort). */
  shouldStop?: () => boolean;
}

export interface MipNeighbourhoodResult {
  assignment: Int32Array;
  /** Total cost of `assignment`. */
  objective: number;
  /** Sub-problems that found a cheaper re-assignment. */
  improvements: number;
  /** Branch-and-bound nodes over all sub-problems. */
  nodes: number;
}

/**
 * Sub-problems are small (about 250 binaries), so the whole-model defaults over-invest: a shorter
 * Lagrangian ascent per node and no cut rows halved the time per sub-problem on d20100 (6 agents:
 * 44 to 20 ms) at about the same node counts (docs/ga.md).
 */
export const SUBPROBLEM_SEARCH: IlpSearchParams = {
  lagrangianRootIterations: 100,
  lagrangianNodeIterations: 20,
  heuristicEvery: 5,
  diveMode: 2,
};

/**
 * Default subset size: k agents hold about k * n / m jobs, so a sub-problem has about k^2 n / m
 * binaries; k is chosen for about 250 of them (measured on gapd: smaller subsets miss the exchanges
 * that matter, larger ones cost more time than they return), from 2 agents up to all of them.
 */
export function defaultSubsetAgents(m: number, n: number): number {
  return Math.max(2, Math.min(m, Math.round(Math.sqrt((250 * m) / n))));
}

/**
 * Improves a capacity-feasible GAP assignment by exact re-optimisation of random agent subsets.
 * Returns a copy; the input is not modified. An infeasible input is rejected: the neighbourhood
 * keeps every agent's load within capacity and cannot repair one.
 */
export async function mipNeighbourhoodSearch(
  problem: Extract<GaProblem, { kind: "gap" }>,
  start: ArrayLike<number>,
  options: MipNeighbourhoodOptions,
): Promise<MipNeighbourhoodResult> {
  const { m, n, cost, resource, capacity } = problem;
  const k = Math.min(m, options.agents ?? defaultSubsetAgents(m, n));
  const nodeLimit = options.nodeLimit ?? 50;
  if (!Number.isInteger(k) || k < 2) throw new LeptonError("INVALID_INPUT", `agents must be an integer >= 2 (got ${k})`);
  const a = Int32Array.from(start);
  const load = new Float64Array(m);
  for (let j = 0; j < n; j++) load[a[j]] += resource[a[j] * n + j];
  for (let i = 0; i < m; i++)
    if (load[i] > capacity[i] + 1e-9)
      throw new LeptonError("INVALID_INPUT", `start overloads agent ${i} (${load[i]} > ${capacity[i]}); repair it first`);
  const rand = mulberry32(options.seed);
  const agents = Array.from({ length: m }, (_, i) => i);
  let improvements = 0;
  let nodes = 0;
  for (let it = 0; it < options.iterations; it++) {
    if ((options.deadline !== undefined && Date.now() >= options.deadline) || options.shouldStop?.()) break;
    // Partial Fisher-Yates: the first k entries become a uniform random subset.
    for (let q = 0; q < k; q++) {
      const r = q + Math.floor(rand() * (m - q));
      [agents[q], agents[r]] = [agents[r], agents[q]];
    }
    const subset = agents.slice(0, k).sort((x, y) => x - y);
    const slot = new Int32Array(m).fill(-1);
    subset.forEach((i, s) => {
      slot[i] = s;
    });
    const jobs: number[] = [];
    for (let j = 0; j < n; j++) if (slot[a[j]] >= 0) jobs.push(j);
    if (jobs.length < 2) continue;
    const nj = jobs.length;
    const sub = {
      name: "subset",
      agents: k,
      jobs: nj,
      cost: new Float64Array(k * nj),
      resource: new Float64Array(k * nj),
      capacity: Float64Array.from(subset, (i) => capacity[i]),
    };
    let before = 0;
    for (let s = 0; s < k; s++)
      for (let q = 0; q < nj; q++) {
        sub.cost[s * nj + q] = cost[subset[s] * n + jobs[q]];
        sub.resource[s * nj + q] = resource[subset[s] * n + jobs[q]];
      }
    const current = jobs.map((j) => slot[a[j]]);
    for (const j of jobs) before += cost[a[j] * n + j];
    // A fresh kernel instance per sub-problem: the ILP module has no garbage collector (stub
    // runtime), so only a new instance starts from a clean heap; compiling is cached, instancing is cheap.
    const engine = await IlpEngine.create(gapModel(sub, "min"), options.cutRows ?? 0);
    try {
      engine.setSearchParams(options.searchParams ?? SUBPROBLEM_SEARCH);
      engine.offer(gapAssignmentToX(sub, current));
      // Without a deadline only the node limit bounds a sub-problem, so results are reproducible;
      // with one (a time-limited run) the sub-problem also stops there, keeping its best so far.
      const end = options.deadline !== undefined ? performance.now() + (options.deadline - Date.now()) : Number.POSITIVE_INFINITY;
      // Slices of ~20 ms so an abort is seen; a slice ends only between nodes, so slicing never
      // changes what the search computes.
      let code = KERNEL_RUNNING;
      while (code === KERNEL_RUNNING && engine.stats().nodes < nodeLimit && performance.now() < end) {
        if (options.shouldStop?.()) break;
        code = engine.run(Math.min(end, performance.now() + 20), end, nodeLimit);
      }
      nodes += engine.stats().nodes;
      const obj = engine.objective();
      const x = engine.incumbent();
      if (obj === null || x === null || obj >= before - 1e-9) continue;
      const next = gapXToAssignment(sub, x);
      if (next.some((s) => s < 0)) continue;
      // The LP works to a tolerance; keep only re-assignments that fit exactly as the GA measures.
      const subLoad = new Float64Array(k);
      jobs.forEach((j, q) => {
        subLoad[next[q]] += resource[subset[next[q]] * n + j];
      });
      if (subset.some((i, s) => subLoad[s] > capacity[i] + 1e-9)) continue;
      jobs.forEach((j, q) => {
        a[j] = subset[next[q]];
      });
      improvements++;
    } finally {
      engine.dispose();
    }
  }
  let objective = 0;
  for (let j = 0; j < n; j++) objective += cost[a[j] * n + j];
  return { assignment: a, objective, improvements, nodes };
}
