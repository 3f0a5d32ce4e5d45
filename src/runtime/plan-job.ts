import { LoadModel } from "../kernels/load-model.js";
import { type CompiledScenario, compileScenario } from "../model/compile.js";
import { LeptonError } from "../model/errors.js";
import type { Scenario } from "../model/types.js";
import { assertValidScenario } from "../model/validate.js";
import { buildPlanView, type PlanView } from "../report/view.js";
import { type Assignment, evaluateLoads } from "../solve/evaluate.js";
import { type GreedyResult, greedyPlacement } from "../solve/greedy.js";
import { type Plan, toPlan } from "../solve/plan-record.js";
import { spreadPlacement } from "./spread-baseline.js";

/** Placement policies a plan job can run; "ga" needs a `ga` runner in the options. */
export const PLAN_POLICIES = ["greedy", "spread", "ga"] as const;
export type PlanPolicy = (typeof PLAN_POLICIES)[number];

/** One progress event of a plan job; `bestScore` is the best weighted total found so far (lower is better). */
export interface PlanProgress {
  policy: string;
  phase: "parse" | "validate" | "solve" | "evaluate" | "done";
  /** Milliseconds since the job started. */
  elapsedMs: number;
  bestScore: number | null;
  /** GA generations done (or the tick of a simulation). */
  generation?: number;
  /** The GA's own (proxy) objective, when it has a feasible individual. */
  gaObjective?: number | null;
}

/**
 * Runs the GA from a warm start and returns its best assignment. Injected because the GA's module
 * graph differs between Node (piscina pool) and a browser worker (islands on the worker's thread).
 * `onProgress` takes the GA's own best objective (Infinity while it has no feasible individual).
 */
export type GaRunner = (
  compiled: CompiledScenario,
  warm: Assignment,
  run: {
    seed: number;
    generations?: number;
    timeLimitMs?: number;
    signal?: AbortSignal;
    onProgress: (best: number, generation: number) => void;
  },
) => Promise<Assignment>;

export interface PlanJobOptions {
  policy?: PlanPolicy;
  /** Seeds the GA; recorded in the plan (greedy and spread are deterministic). */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (event: PlanProgress) => void;
  /** Required by the "ga" policy. */
  ga?: GaRunner;
  /** GA budget: generations per island and/or a time limit (default: 5 s). */
  generations?: number;
  timeLimitMs?: number;
}

export interface PlanJobResult {
  plan: Plan;
  view: PlanView;
  /** Wall-clock milliseconds of each phase and of the whole job. */
  timings: { parseMs: number; validateMs: number; solveMs: number; evaluateMs: number; totalMs: number };
}

/**
 * Plans a scenario given as an object, JSON text or UTF-8 JSON bytes, and builds its view: the job
 * the browser worker runs, and the same code Node runs for reports and timing comparisons. It
 * yields to the event loop between phases, so an abort sent to a worker is seen, and rejects with
 * `LeptonError` (INVALID_JSON, INVALID_SCENARIO, INVALID_INPUT, ABORTED).
 */
export async function runPlanJob(input: unknown, options: PlanJobOptions = {}): Promise<PlanJobResult> {
  const policy = options.policy ?? "greedy";
  if (!(PLAN_POLICIES as readonly string[]).includes(policy)) {
    throw new LeptonError("INVALID_INPUT", `policy: unknown policy "${policy}"; policies are: ${PLAN_POLICIES.join(", ")}`);
  }
  const seed = options.seed ?? 1;
  const t0 = performance.now();
  const emit = (phase: PlanProgress["phase"], bestScore: number | null) =>
    options.onProgress?.({ policy, phase, elapsedMs: performance.now() - t0, bestScore });
  const step = async (phase: PlanProgress["phase"], bestScore: number | null = null) => {
    emit(phase, bestScore);
    await yieldToEventLoop();
    if (options.signal?.aborted) throw new LeptonError("ABORTED", `plan (${policy}) was cancelled during ${phase}`);
  };

  await step("parse");
  const raw = decodeScenarioInput(input);
  const t1 = performance.now();
  await step("validate");
  const scenario: Scenario = assertValidScenario(raw);
  const compiled = compileScenario(scenario);
  const t2 = performance.now();
  await step("solve");
  let solved: GreedyResult = policy === "spread" ? spreadPlacement(compiled) : greedyPlacement(compiled);
  // Solver time: the placement, plus the GA run; scoring is counted as evaluation.
  let solveMs = performance.now() - t2;
  const model = await LoadModel.create(compiled, solved.assignment.start);
  let result: PlanJobResult;
  try {
    let loads = model.aggregate(solved.assignment.node);
    let evaluation = evaluateLoads(compiled, solved.assignment, loads);
    if (policy === "ga") {
      if (!options.ga)
        throw new LeptonError("INVALID_INPUT", 'policy "ga" needs a GA runner (options.ga); BrowserSolver provides one');
      // The best score so far is the evaluator's score of the best plan known: greedy's until the GA
      // returns (the GA's own objective is a proxy, reported separately as gaObjective).
      const known = evaluation.weightedTotal;
      options.onProgress?.({ policy, phase: "solve", elapsedMs: performance.now() - t0, bestScore: known, generation: 0 });
      const tGa = performance.now();
      const gaBest = await runGa(options.ga, compiled, solved, seed, options, (gaObjective, generation) =>
        options.onProgress?.({
          policy,
          phase: "solve",
          elapsedMs: performance.now() - t0,
          bestScore: known,
          generation,
          gaObjective,
        }),
      );
      solveMs += performance.now() - tGa;
      // As planScenario does: both plans go through the one scorer and the better is kept.
      model.setStarts(gaBest.start);
      const gaLoads = model.aggregate(gaBest.node);
      const gaEval = evaluateLoads(compiled, gaBest, gaLoads);
      if (gaEval.weightedTotal <= evaluation.weightedTotal) {
        solved = { assignment: gaBest, unplaced: [] };
        loads = gaLoads;
        evaluation = gaEval;
      }
    }
    await step("evaluate", evaluation.weightedTotal);
    const plan = toPlan(compiled, policy, seed, solveMs, solved.assignment, solved.unplaced, evaluation);
    const view = buildPlanView(compiled, policy, seed, solveMs, solved.assignment, loads, evaluation, solved.unplaced);
    const t4 = performance.now();
    result = {
      plan,
      view,
      timings: { parseMs: t1 - t0, validateMs: t2 - t1, solveMs, evaluateMs: t4 - t2 - solveMs, totalMs: t4 - t0 },
    };
  } finally {
    model.dispose();
  }
  emit("done", result.plan.evaluation.weightedTotal);
  return result;
}

/** Runs the injected GA from the greedy plan; the GA's objective is a proxy, so progress shows it only when finite. */
async function runGa(
  ga: GaRunner,
  compiled: CompiledScenario,
  greedy: GreedyResult,
  seed: number,
  options: PlanJobOptions,
  progress: (best: number | null, generation: number) => void,
): Promise<Assignment> {
  const budget =
    options.generations === undefined && options.timeLimitMs === undefined
      ? { timeLimitMs: 5000 }
      : { generations: options.generations, timeLimitMs: options.timeLimitMs };
  return ga(compiled, greedy.assignment, {
    seed,
    ...budget,
    signal: options.signal,
    onProgress: (best, generation) => progress(Number.isFinite(best) ? best : null, generation),
  });
}

/**
 * The view of a plan made elsewhere (for example by `planScenario` with the GA): its assignment is
 * re-aggregated in the kernels and re-scored by the evaluator, so the view always matches the scorer.
 */
export async function viewOfPlan(scenario: Scenario, plan: Plan): Promise<PlanView> {
  const compiled = compileScenario(assertValidScenario(scenario));
  const byTask = new Map(plan.assignments.map((a) => [a.task, a]));
  const node = new Int32Array(compiled.taskCount).fill(-1);
  const start = compiled.defaultStarts.slice();
  scenario.tasks.forEach((t, i) => {
    const a = byTask.get(t.id);
    if (!a) return;
    node[i] = a.node === null ? -1 : (compiled.nodeIndex.get(a.node) ?? -1);
    start[i] = a.start;
  });
  const assignment: Assignment = { node, start };
  const model = await LoadModel.create(compiled, start);
  try {
    const loads = model.aggregate(node);
    const evaluation = evaluateLoads(compiled, assignment, loads);
    return buildPlanView(compiled, plan.solver, plan.seed, plan.timeMs, assignment, loads, evaluation, plan.unplaced);
  } finally {
    model.dispose();
  }
}

/** A scenario object, or its JSON as text or UTF-8 bytes, parsed with line and column on error. */
export function decodeScenarioInput(input: unknown, source = "scenario"): unknown {
  let text: string;
  if (typeof input === "string") text = input;
  else if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) text = new TextDecoder().decode(input);
  else return input;
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    // V8 names the offset ("position 12"), except for truncated input, which fails at the end.
    const pos = /position (\d+)/.exec(msg);
    const offset = pos ? Number(pos[1]) : /end of JSON input/i.test(msg) ? text.length : -1;
    let where = "";
    if (offset >= 0) {
      const before = text.slice(0, offset);
      where = ` at line ${before.split("\n").length}, column ${offset - before.lastIndexOf("\n")}`;
    }
    throw new LeptonError("INVALID_JSON", `${source}: not valid JSON${where} (${msg}); fix the syntax and try again`);
  }
}

/** A macrotask boundary: lets a worker receive a cancel message between phases. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
