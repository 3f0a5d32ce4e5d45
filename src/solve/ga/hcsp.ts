import { LeptonError } from "../../model/errors.js";
import { type HcspInstance, makespan } from "../../problems/hcsp.js";
import { gapGreedy } from "../heuristics/gap-greedy.js";
import { gapLagrangian } from "../heuristics/gap-lagrangian.js";
import { minMin } from "../heuristics/min-min.js";
import { defaultPool, type GaProgress, type GaRunOptions, runIslandGa } from "./island-model.js";

export interface HcspGaSolution {
  assignment: number[];
  makespan: number;
  generations: number;
  evaluations: number;
  timeMs: number;
  stoppedBy: "termination" | "abort";
}

/** Options of `solveHcspGa`: the island model's, plus the split between its two phases. */
export interface HcspGaOptions extends GaRunOptions {
  /**
   * Share of the time limit given to the makespan GA before the decision phase (default 0.1);
   * 1 turns the decision phase off.
   */
  directShare?: number;
  /** Decision rounds under a generation budget (each gets a tenth of the budget). Default 6. */
  decisionRounds?: number;
}

/** Share of the time limit for phase 1 (measured on Braun: 0.1 beat 0.25, docs/ga.md). */
const DIRECT_SHARE = 0.1;
/** First target cut below the incumbent makespan in the decision phase (halved after a miss). */
const FIRST_CUT = 0.01;
const MIN_CUT = 1e-4;
const MAX_CUT = 0.04;
const CUT_GROWTH = 1.5;
const MIN_ROUND_MS = 300;
/** Island population in the decision phase: small, so a round's first feasible point comes early. */
const POPULATION = 4;
const LAGRANGIAN_SEEDS = 4;

/**
 * Minimises the makespan of independent tasks on heterogeneous machines (Braun et al. 2001) in two
 * phases over the same island engine. (1) The memetic island GA on the makespan itself,
 * warm-started from Min-Min. (2) The decision version, as in the dual approximation of
 * R||Cmax (Hochbaum & Shmoys 1987; Lenstra, Shmoys & Tardos 1990): "can every task run with all
 * machine loads <= T?" is a Generalized Assignment Problem with capacity T on every machine and
 * resource = cost = execution time. The GAP engine (adaptive-penalty ejection-chain descent,
 * Yagiura, Ibaraki & Glover 2004) crosses the capacity boundary far better than moves off the
 * critical machine, and minimising total work under the capacities leaves room on every machine.
 * Each round targets T a cut below the incumbent (warm-started from it); a feasible assignment
 * becomes the incumbent, a miss halves the cut and a hit
 * grows it by half (up to 4%).
 *
 * Under a time limit a round stops as soon as it finds a feasible assignment. Under a generation
 * budget (no time limit) the makespan GA runs the budget and each of `decisionRounds` rounds a tenth,
 * so the result is identical with any thread count. With a custom `termination`, a stagnation
 * rule or a target, only phase 1 runs. The makespan is recomputed from the assignment.
 */
export async function solveHcspGa(inst: HcspInstance, options: HcspGaOptions = {}): Promise<HcspGaSolution> {
  const ds = options.directShare;
  if (ds !== undefined && !(ds > 0 && ds <= 1))
    throw new LeptonError("INVALID_INPUT", `directShare must be a number in (0, 1] (got ${ds})`);
  const dr = options.decisionRounds;
  if (dr !== undefined && !(Number.isInteger(dr) && dr >= 0))
    throw new LeptonError("INVALID_INPUT", `decisionRounds must be a non-negative integer (got ${dr})`);
  const warm = minMin(inst);
  const t0 = performance.now();
  const M = inst.machines;
  const N = inst.tasks;
  const byBudget = options.generations !== undefined && options.timeLimitMs === undefined;
  const plainOnly =
    options.termination !== undefined ||
    options.stagnationGenerations !== undefined ||
    options.target !== undefined ||
    (options.directShare ?? DIRECT_SHARE) >= 1;
  const totalMs = options.timeLimitMs ?? (options.generations === undefined ? 10_000 : undefined);
  const pool = options.pool ?? (await defaultPool(options.threads ?? 2));
  let generations = 0;
  let evaluations = 0;
  let best: number[] = Array.from(warm.assignment);
  let bestMk = makespan(inst, best);
  const progress = (p: GaProgress, best: number) =>
    options.onProgress?.({
      best: Math.min(best, p.best),
      generations: generations + p.generations,
      elapsedMs: performance.now() - t0,
      evaluations: evaluations + p.evaluations,
    });
  try {
    const share = plainOnly ? 1 : (options.directShare ?? DIRECT_SHARE);
    const first = await runIslandGa({ kind: "hcsp", m: M, n: N, cost: inst.etc }, [warm.assignment], {
      ...options,
      pool,
      timeLimitMs: totalMs === undefined ? undefined : totalMs * share,
      onProgress: (p) => progress(p, Number.POSITIVE_INFINITY),
    });
    generations += first.generations;
    evaluations += first.evaluations;
    let stoppedBy = first.stoppedBy;
    const mk1 = makespan(inst, first.best);
    if (mk1 < bestMk) {
      best = Array.from(first.best);
      bestMk = mk1;
    }
    if (!plainOnly && stoppedBy !== "abort") {
      // GAP layout: cost[i*n + j] with agents i = machines, jobs j = tasks.
      const cost = new Float64Array(M * N);
      for (let t = 0; t < N; t++) for (let m = 0; m < M; m++) cost[m * N + t] = inst.etc[t * M + m];
      let cut = FIRST_CUT;
      const rounds = options.decisionRounds ?? 6;
      for (let r = 0; ; r++) {
        if (byBudget && r >= rounds) break;
        const left = totalMs === undefined ? Number.POSITIVE_INFINITY : totalMs - (performance.now() - t0);
        if (!byBudget && left < MIN_ROUND_MS) break;
        if (options.signal?.aborted) {
          stoppedBy = "abort";
          break;
        }
        const target = bestMk * (1 - cut);
        const capacity = new Float64Array(M).fill(target);
        const gap = { name: inst.name, agents: M, jobs: N, cost, resource: cost, capacity };
        // Warm starts: the incumbent, MTHG and the Lagrangian relaxed assignments for this target
        // (they spend work where it is cheapest, which is what a tight target needs).
        const lagrangian = gapLagrangian(gap, cost, { keep: LAGRANGIAN_SEEDS });
        const seeds = [Int32Array.from(best), Int32Array.from(gapGreedy(gap, cost).assignment), ...lagrangian.solutions];
        const res = await runIslandGa({ kind: "gap", m: M, n: N, cost, resource: cost, capacity }, seeds, {
          population: POPULATION,
          seed: (options.seed ?? 1) + r + 1,
          pool,
          islands: options.islands,
          signal: options.signal,
          // A GAP generation costs far more than a makespan one here (a full ejection-chain descent
          // per child), so under a budget a round gets a tenth of it.
          generations: options.generations === undefined ? undefined : Math.max(1, Math.round(options.generations / 10)),
          // A round may use a third of what is left (at least MIN_ROUND_MS) and stops at the first
          // feasible assignment: any feasible one answers the decision question.
          timeLimitMs: byBudget ? undefined : Math.max(MIN_ROUND_MS, left / 3),
          target: byBudget ? undefined : Number.MAX_VALUE,
          onProgress: (p) => progress({ ...p, best: Number.POSITIVE_INFINITY }, bestMk),
        });
        generations += res.generations;
        evaluations += res.evaluations;
        if (res.stoppedBy === "abort") stoppedBy = "abort";
        const mk = makespan(inst, res.best);
        // Even an assignment that misses the target may beat the incumbent.
        if (mk < bestMk) {
          best = Array.from(res.best);
          bestMk = mk;
        }
        cut = res.unfitness > 1e-9 ? Math.max(MIN_CUT, cut / 2) : Math.min(MAX_CUT, cut * CUT_GROWTH);
        if (stoppedBy === "abort") break;
      }
    }
    return {
      assignment: best,
      makespan: bestMk,
      generations,
      evaluations,
      timeMs: performance.now() - t0,
      stoppedBy,
    };
  } finally {
    if (!options.pool) await pool.destroy();
  }
}
