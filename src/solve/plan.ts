import { LoadModel } from "../kernels/load-model.js";
import { type CompiledScenario, compileScenario } from "../model/compile.js";
import type { Scenario } from "../model/types.js";
import { assertValidScenario } from "../model/validate.js";
import { type Assignment, evaluatePlan } from "./evaluate.js";
import { gaPlacement } from "./ga/scenario.js";
import { greedyPlacement, type UnplacedTask } from "./greedy.js";
import { type Plan, toPlan } from "./plan-record.js";

export type { Plan } from "./plan-record.js";

export interface PlanOptions {
  /** Seed for stochastic solvers (recorded in the plan; the greedy solver is deterministic). */
  seed?: number;
  /** "greedy" (default) or "ga": the island GA, warm-started from greedy; the better plan by the evaluator is kept. */
  solver?: "greedy" | "ga";
  /** GA limits and threads (defaults: 10 s, 2 threads). */
  timeLimitMs?: number;
  generations?: number;
  threads?: number;
}

/** Validates, places greedily and scores a scenario: the Foundation's complete planning path. */
export async function planScenario(input: Scenario | unknown, options: PlanOptions = {}): Promise<Plan> {
  const scenario = assertValidScenario(input);
  const compiled = compileScenario(scenario);
  const t0 = performance.now();
  const { assignment, unplaced } = greedyPlacement(compiled);
  const timeMs = performance.now() - t0;
  const model = await LoadModel.create(compiled, assignment.start);
  try {
    if (options.solver === "ga") return await gaPlan(compiled, model, assignment, unplaced, options, t0);
    return toPlan(compiled, "greedy", options.seed ?? 1, timeMs, assignment, unplaced, evaluatePlan(model, assignment));
  } finally {
    model.dispose();
  }
}

/** The GA path of `planScenario`: both plans are scored by `evaluatePlan` and the better is returned. */
async function gaPlan(
  c: CompiledScenario,
  model: LoadModel,
  greedy: Assignment,
  greedyUnplaced: UnplacedTask[],
  options: PlanOptions,
  t0: number,
): Promise<Plan> {
  const seed = options.seed ?? 1;
  const ga = await gaPlacement(c, greedy, {
    seed,
    threads: options.threads,
    timeLimitMs: options.timeLimitMs,
    generations: options.generations,
  });
  const greedyEval = evaluatePlan(model, greedy);
  const gaEval = evaluatePlan(model, ga.assignment);
  const best = gaEval.weightedTotal <= greedyEval.weightedTotal ? ga.assignment : greedy;
  const evaluation = best === greedy ? greedyEval : gaEval;
  // The GA places every task (the proxy has no "unplaced"), so only the greedy plan can leave some out.
  const unplaced = best === greedy ? greedyUnplaced : [];
  return toPlan(c, "ga", seed, performance.now() - t0, best, unplaced, evaluation);
}
