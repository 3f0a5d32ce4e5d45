import { LeptonError } from "../../model/errors.js";
import { type GapInstance, type GapSense, gapObjective } from "../../problems/gap.js";
import { gapGreedy } from "../heuristics/gap-greedy.js";
import { gapLagrangian } from "../heuristics/gap-lagrangian.js";
import { type GaRunOptions, runIslandGa } from "./island-model.js";

export interface GapGaOptions extends GaRunOptions {
  sense?: GapSense;
}

export interface GapGaSolution {
  /** 0-based agent of each job (a plain array). */
  assignment: number[];
  /** Objective in the instance's own sense (sum of costs or profits). */
  objective: number;
  feasible: boolean;
  /**
   * Lagrangian bound in the instance's sense (a lower bound for min, an upper bound for max); with
   * integer costs it is rounded inward. Valid for every instance, however tight.
   */
  bound: number;
  /** True when the objective meets the bound: the assignment is proven optimal. */
  optimal: boolean;
  generations: number;
  evaluations: number;
  /** Sub-problems of the agent-subset MIP neighbourhood that improved an island's best. */
  neighbourhoodImprovements: number;
  timeMs: number;
  stoppedBy: "termination" | "abort";
}

/**
 * Solves a GAP instance with the memetic island GA, warm-started from the MTHG regret heuristic.
 * At every migration point each island's best also gets 16 sub-problems of the agent-subset MIP
 * neighbourhood (mip-neighbourhood.ts; `mipNeighbourhood: false` turns it off).
 * Maximisation is solved as minimisation of negated profits. The returned objective and
 * feasibility are recomputed from the assignment, not taken from the kernel.
 */
export async function solveGapGa(inst: GapInstance, options: GapGaOptions = {}): Promise<GapGaSolution> {
  const sense = options.sense ?? "min";
  if (sense !== "min" && sense !== "max") throw new LeptonError("INVALID_INPUT", `sense must be "min" or "max" (got "${sense}")`);
  const t0 = performance.now();
  const cost = sense === "min" ? inst.cost : inst.cost.map((c) => -c);
  const warm = gapGreedy(inst, cost);
  const lagrangian = gapLagrangian(inst, cost, { keep: 16 });
  // Reaching the Lagrangian bound proves optimality, so a time-limited run stops there. Not under a
  // generation budget: where a run stops must not depend on timing, or threads would change results.
  const integral = cost.every((c) => Number.isInteger(c));
  const lowerBound = integral ? Math.ceil(lagrangian.lowerBound - 1e-9) : lagrangian.lowerBound;
  const target =
    options.target !== undefined
      ? sense === "min"
        ? options.target
        : -options.target
      : options.generations === undefined && options.termination === undefined
        ? lowerBound
        : undefined;
  const res = await runIslandGa(
    { kind: "gap", m: inst.agents, n: inst.jobs, cost, resource: inst.resource, capacity: inst.capacity },
    [warm.assignment, ...lagrangian.solutions],
    {
      mipNeighbourhood: { iterations: 16 },
      ...options,
      target,
      // The warm starts count against the time limit (MTHG alone takes seconds on 80 x 1600).
      timeLimitMs:
        options.timeLimitMs !== undefined && options.timeLimitMs > 0
          ? Math.max(1, options.timeLimitMs - (performance.now() - t0))
          : options.timeLimitMs,
    },
  );
  const assignment = Array.from(res.best);
  const { objective, feasible } = gapObjective(inst, assignment);
  const bound = sense === "min" ? lowerBound : -lowerBound;
  const optimal = feasible && (sense === "min" ? objective <= bound + 1e-9 : objective >= bound - 1e-9);
  return {
    assignment,
    objective,
    feasible,
    bound,
    optimal,
    generations: res.generations,
    evaluations: res.evaluations,
    neighbourhoodImprovements: res.neighbourhoodImprovements,
    timeMs: performance.now() - t0,
    stoppedBy: res.stoppedBy,
  };
}
