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
  generations: number;
  evaluations: number;
  timeMs: number;
  stoppedBy: "termination" | "abort";
}

/**
 * Solves a GAP instance with the memetic island GA, warm-started from the MTHG regret heuristic.
 * Maximisation is solved as minimisation of negated profits. The returned objective and
 * feasibility are recomputed from the assignment, not taken from the kernel.
 */
export async function solveGapGa(inst: GapInstance, options: GapGaOptions = {}): Promise<GapGaSolution> {
  const sense = options.sense ?? "min";
  if (sense !== "min" && sense !== "max") throw new LeptonError("INVALID_INPUT", `sense must be "min" or "max" (got "${sense}")`);
  const cost = sense === "min" ? inst.cost : inst.cost.map((c) => -c);
  const warm = gapGreedy(inst, cost);
  const lagrangian = gapLagrangian(inst, cost, { keep: 16 });
  const target = options.target === undefined ? undefined : sense === "min" ? options.target : -options.target;
  const res = await runIslandGa(
    { kind: "gap", m: inst.agents, n: inst.jobs, cost, resource: inst.resource, capacity: inst.capacity },
    [warm.assignment, ...lagrangian.solutions],
    { ...options, target },
  );
  const assignment = Array.from(res.best);
  const { objective, feasible } = gapObjective(inst, assignment);
  return {
    assignment,
    objective,
    feasible,
    generations: res.generations,
    evaluations: res.evaluations,
    timeMs: res.timeMs,
    stoppedBy: res.stoppedBy,
  };
}
