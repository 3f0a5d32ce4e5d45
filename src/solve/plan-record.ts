import type { CompiledScenario } from "../model/compile.js";
import type { Assignment, PlanEvaluation } from "./evaluate.js";
import type { UnplacedTask } from "./greedy.js";

/** A placement of every task, with its score; plain data, safe to keep and to serialise. */
export interface Plan {
  scenario: string;
  solver: string;
  seed: number;
  /** Wall-clock milliseconds the solver took. */
  timeMs: number;
  assignments: { task: string; node: string | null; start: number }[];
  unplaced: UnplacedTask[];
  evaluation: PlanEvaluation;
}

/** Packs a solver's assignment and its evaluation into the public `Plan` shape. */
export function toPlan(
  c: CompiledScenario,
  solver: string,
  seed: number,
  timeMs: number,
  assignment: Assignment,
  unplaced: UnplacedTask[],
  evaluation: PlanEvaluation,
): Plan {
  return {
    scenario: c.scenario.name,
    solver,
    seed,
    timeMs,
    assignments: c.scenario.tasks.map((t, i) => ({
      task: t.id,
      node: assignment.node[i] >= 0 ? c.scenario.nodes[assignment.node[i]].id : null,
      start: assignment.start[i],
    })),
    unplaced,
    evaluation,
  };
}
