import { type HcspInstance, makespan } from "../../problems/hcsp.js";
import { minMin } from "../heuristics/min-min.js";
import { type GaRunOptions, runIslandGa } from "./island-model.js";

export interface HcspGaSolution {
  assignment: number[];
  makespan: number;
  generations: number;
  evaluations: number;
  timeMs: number;
  stoppedBy: "termination" | "abort";
}

/**
 * Minimises the makespan of independent tasks on heterogeneous machines (Braun et al. 2001) with
 * the memetic island GA, warm-started from Min-Min. The makespan is recomputed from the assignment.
 */
export async function solveHcspGa(inst: HcspInstance, options: GaRunOptions = {}): Promise<HcspGaSolution> {
  const warm = minMin(inst);
  const res = await runIslandGa({ kind: "hcsp", m: inst.machines, n: inst.tasks, cost: inst.etc }, [warm.assignment], options);
  const assignment = Array.from(res.best);
  return {
    assignment,
    makespan: makespan(inst, assignment),
    generations: res.generations,
    evaluations: res.evaluations,
    timeMs: res.timeMs,
    stoppedBy: res.stoppedBy,
  };
}
