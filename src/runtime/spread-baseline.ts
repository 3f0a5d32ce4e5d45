import { type CompiledScenario, writeTaskDemandRow } from "../model/compile.js";
import { RESOURCE_COUNT } from "../model/types.js";
import { nodeFit } from "../solve/fit.js";
import type { GreedyResult } from "../solve/greedy.js";

/**
 * The baseline a default cluster scheduler gives: every task goes to the latency-feasible node
 * with the most free CPU (worst fit, as Kubernetes' LeastAllocated scoring does), which spreads
 * load evenly and never consolidates, so no node is left off to save power. Used as the
 * "before" column when a plan is shown next to it.
 */
export function spreadPlacement(c: CompiledScenario, starts: Int32Array = c.defaultStarts): GreedyResult {
  const { taskCount: T, nodeCount: N, slots: S } = c;
  const R = RESOURCE_COUNT;
  const rowLen = R * S;
  const load = new Float64Array(N * rowLen);
  const node = new Int32Array(T).fill(-1);
  const unplaced: GreedyResult["unplaced"] = [];
  const row = new Float32Array(rowLen);
  for (let t = 0; t < T; t++) {
    row.fill(0);
    writeTaskDemandRow(c, t, starts[t], row, 0);
    const s0 = starts[t];
    const s1 = s0 + c.taskDuration[t];
    let best = -1;
    let bestFree = Number.NEGATIVE_INFINITY;
    for (let n = 0; n < N; n++) {
      const free = nodeFit(c, load, row, t, n, s0, s1);
      if (free >= 0 && free > bestFree) {
        bestFree = free;
        best = n;
      }
    }
    if (best < 0) {
      unplaced.push({ task: c.scenario.tasks[t].id, reason: "no latency-feasible node has room for it (spread baseline)" });
      continue;
    }
    node[t] = best;
    const base = best * rowLen;
    for (let k = 0; k < rowLen; k++) load[base + k] += row[k];
  }
  return { assignment: { node, start: Int32Array.from(starts) }, unplaced };
}
