import { gaPlacement } from "../solve/ga/scenario.js";
import type { GaRunner } from "./plan-job.js";

/**
 * The GA runner of plan jobs in Node: the island GA on the piscina worker pool (src/solve/ga),
 * warm-started from the greedy plan. Node only: its module graph reaches piscina.
 */
export const nodeGaRunner: GaRunner = async (compiled, warm, run) => {
  const result = await gaPlacement(compiled, warm, {
    seed: run.seed,
    generations: run.generations,
    timeLimitMs: run.timeLimitMs,
    signal: run.signal,
    onProgress: (p) => run.onProgress(p.best, p.generations),
  });
  return result.assignment;
};
