import { type CompiledScenario, taskNodeLatency } from "../model/compile.js";
import { RESOURCE_COUNT } from "../model/types.js";

/** `nodeFit` result for a node outside the task's latency target. */
export const FIT_LATENCY = -1;

/**
 * Whether a task's demand row fits on node n on top of `load` (node-major, R*S per node) in every
 * resource and slot of its run [s0, s1), and how much CPU it leaves there. Returns the CPU headroom
 * fraction in the tightest slot (>= 0) when it fits; `FIT_LATENCY` when the node is outside the
 * task's latency target; otherwise `-2 - r`, r being the first resource that runs short. Shared by
 * the placement heuristics (best fit, worst fit) so they agree on what "fits" means.
 */
export function nodeFit(
  c: CompiledScenario,
  load: Float64Array,
  row: Float32Array,
  t: number,
  n: number,
  s0: number,
  s1: number,
): number {
  if (taskNodeLatency(c, t, n) > c.taskSloMs[t]) return FIT_LATENCY;
  const R = RESOURCE_COUNT;
  const S = c.slots;
  const rowLen = R * S;
  let minCpuHeadroom = Number.POSITIVE_INFINITY;
  for (let r = 0; r < R; r++) {
    const cap = c.nodeCapacity[n * R + r];
    const base = n * rowLen + r * S;
    for (let s = s0; s < s1; s++) {
      const after = load[base + s] + row[r * S + s];
      // Relative slack: loads are sums of float32 demands, capacity is exact.
      if (after > cap * (1 + 1e-9)) return -2 - r;
      if (r === 0) minCpuHeadroom = Math.min(minCpuHeadroom, (cap - after) / cap);
    }
  }
  return minCpuHeadroom;
}
