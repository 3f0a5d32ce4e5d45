// Piscina worker for the island GA. Each worker has one build/ga.wasm instance and keeps the last
// problem loaded (keyed by the driver's run id), so a run pays for loading the problem once per
// worker, not once per task. Island state travels in SharedArrayBuffers: the worker copies it into
// WASM memory, evolves, and copies it back; the driver sees it when the task resolves.
import { type GaExports, GaKernel, instantiateGa } from "../solve/ga/kernel.js";
import { bestIndex, chromosomeHash, replaceWorst } from "../solve/ga/island-state.js";
import { type MipNeighbourhoodOptions, mipNeighbourhoodSearch } from "../solve/ga/mip-neighbourhood.js";
import type { GaProblem } from "../solve/ga/problem.js";

/** One unit of island work. */
export interface GaTask {
  key: string;
  problem: GaProblem;
  /** init / evolve: the kernel; neighbourhood: the MIP neighbourhood on the island's best (GAP). */
  op: "init" | "evolve" | "neighbourhood";
  genes: Int32Array;
  meta: Float64Array;
  population: number;
  /** evolve: generations to run. */
  generations: number;
  /** init: how many leading chromosomes are warm starts; and the island's seed. */
  seeded: number;
  seed: number;
  /** GAP offspring improvement level (see assembly/ga/gap.ts setLocalSearch). */
  localSearch: number;
  /** Level 4: share of offspring given the deep search. */
  deepShare: number;
  /** Generations without a new island best before the island restarts around its best (0 = never). */
  restartAfter: number;
  /** HCSP: largest iterated-greedy destruction above 2 tasks. */
  hcspDestroy: number;
  /** Date.now() ms at which a time-limited run ends: the kernel's descents stop there. */
  deadline?: number;
  /** neighbourhood: its work (the seed is the task's). */
  neighbourhood?: Omit<MipNeighbourhoodOptions, "seed" | "shouldStop" | "deadline">;
  /** neighbourhood: a shared flag the driver sets to 1 on abort. */
  stop?: Int32Array;
}

export interface GaTaskResult {
  /** Index of the island's best member after the task. */
  best: number;
  /** Move evaluations done by the task. */
  evals: number;
  /** neighbourhood: sub-problems that improved the island's best. */
  improvements?: number;
}

let wasm: Promise<GaExports> | undefined;
let current: { key: string; kernel: GaKernel } | undefined;

export default async function run(task: GaTask): Promise<GaTaskResult> {
  if (task.op === "neighbourhood") return neighbourhood(task);
  wasm ??= instantiateGa();
  const w = await wasm;
  if (current?.key !== task.key) {
    current?.kernel.dispose();
    current = undefined;
    current = { key: task.key, kernel: await GaKernel.create(task.problem, w) };
  }
  const kernel = current.kernel;
  w.resetMoveEvals();
  w.setLocalSearch(task.localSearch, task.deepShare);
  w.setRestart(task.restartAfter);
  w.setHcspDestroy(task.hcspDestroy);
  // Worker clocks have their own origin: pass the time left, not the epoch.
  w.setDeadline(task.deadline !== undefined ? performance.now() + (task.deadline - Date.now()) : Number.POSITIVE_INFINITY);
  const best = kernel.withIsland(task.genes, task.meta, (g, m) => {
    if (task.op === "init") {
      w.initIsland(g, m, task.population, task.seeded, task.seed >>> 0);
      return 0;
    }
    return w.evolve(g, m, task.population, task.generations);
  });
  return { best, evals: w.getMoveEvals() };
}

/**
 * Runs the agent-subset MIP neighbourhood from the island's best member when it is feasible and
 * puts the improved assignment into the island (in place of its worst member).
 */
async function neighbourhood(task: GaTask): Promise<GaTaskResult> {
  const { problem, population: P, genes, meta } = task;
  const island = { genes, meta };
  const b = bestIndex(island, P);
  if (problem.kind !== "gap" || !task.neighbourhood || meta[P + b] > 1e-9) return { best: b, evals: 0 };
  const n = problem.n;
  const res = await mipNeighbourhoodSearch(problem, genes.subarray(b * n, b * n + n), {
    ...task.neighbourhood,
    seed: task.seed,
    deadline: task.deadline,
    shouldStop: task.stop ? () => Atomics.load(task.stop as Int32Array, 0) === 1 : undefined,
  });
  if (res.improvements > 0) replaceWorst(island, P, res.assignment, res.objective, 0, chromosomeHash(res.assignment));
  return { best: bestIndex(island, P), evals: 0, improvements: res.improvements };
}
